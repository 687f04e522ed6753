"""A session's target, from the draft to what people see: the scheduler shares it out over
the parts of a split session; the plan stores it; the API, the calendar, the plan page, the
task page and the feed show it."""

from datetime import UTC, datetime

import pytest

from planning.scheduler import DraftTask, ScheduleRequest, schedule_month
from planning.scheduler.splitting import part_target

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def _june(*tasks: DraftTask, session_minutes: tuple[int, int] = (25, 60)) -> ScheduleRequest:
    return ScheduleRequest(
        year=2026, month=6, timezone="Europe/London", not_before=LONG_AGO, tasks=tasks, session_minutes=session_minutes
    )


# --- the scheduler (pure) ----------------------------------------------------------------


def test_each_part_of_a_split_session_carries_its_share_of_the_target():
    chapter = DraftTask(
        "w2-t1", "Write 1,250 words of your novel (5,000 of 20,000)", "Writing", 120, "hard", 2, "1,250 words"
    )

    schedule = schedule_month(_june(chapter))

    assert [(p.task.key, p.task.target) for p in schedule.placements] == [
        ("w2-t1-p1", "625 words (part 1 of 2)"),
        ("w2-t1-p2", "625 words (part 2 of 2)"),
    ]


def test_a_session_that_is_not_split_keeps_its_target_as_it_is():
    run = DraftTask("w1-t1", "Run 5 km easy", "Health", 45, "easy", 1, "5 km")

    schedule = schedule_month(_june(run))

    assert [p.task.target for p in schedule.placements] == ["5 km"]


@pytest.mark.parametrize(
    ("target", "parts", "expected"),
    [
        ("1,250 words", 2, ["625 words (part 1 of 2)", "625 words (part 2 of 2)"]),
        ("2,500 words", 3, ["834 words (part 1 of 3)", "833 words (part 2 of 3)", "833 words (part 3 of 3)"]),
        ("8.5 km", 2, ["4.3 km (part 1 of 2)", "4.2 km (part 2 of 2)"]),
        ("€125", 2, ["€63 (part 1 of 2)", "€62 (part 2 of 2)"]),
        ("CHF 100", 2, ["CHF 50 (part 1 of 2)", "CHF 50 (part 2 of 2)"]),
        ("20 min walk", 3, ["7 min walk (part 1 of 3)", "7 min walk (part 2 of 3)", "6 min walk (part 3 of 3)"]),
        # Too few to share (no "1 rounds"), or no amount to share: the target says which part it is.
        ("3 rounds", 2, ["3 rounds (part 1 of 2)", "3 rounds (part 2 of 2)"]),
        ("song 2: first half", 2, ["song 2: first half (part 1 of 2)", "song 2: first half (part 2 of 2)"]),
        ("step 2 of 5", 2, ["step 2 of 5 (part 1 of 2)", "step 2 of 5 (part 2 of 2)"]),
        ("", 2, ["", ""]),
    ],
)
def test_a_parts_target_is_its_share_of_the_amount_or_says_which_part_it_is(target, parts, expected):
    assert [part_target(target, part, parts) for part in range(1, parts + 1)] == expected


def test_a_parts_target_stays_within_the_columns_length():
    long = "x" * 80

    assert [len(part_target(long, part, 2)) for part in (1, 2)] == [80, 80]
    assert part_target(long, 1, 2).endswith("\u2026 (part 1 of 2)")
