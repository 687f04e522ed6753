"""Month profiles for the plan-quality benchmark: varied ScheduleRequests, built in code.

Deterministic: every draft comes from a seeded random.Random, and `not_before` is fixed,
so two runs see the same requests. The profiles cover daylight-saving months
(America/New_York in March and November, Europe/Berlin and Europe/London in October,
Australia/Sydney and Australia/Adelaide around their April/October changes), half- and
quarter-hour offsets (Asia/Kolkata +5:30, Asia/Kathmandu +5:45, Australia/Adelaide
+9:30/+10:30), a night-shift worker, school runs, a 9-to-5 office job, a packed week,
every complexity and weekend preference, hard 180-minute sessions, session splitting and
buffers, stated/learned/derived peaks, a daily session cap and a month already under way.

Every commitment and window boundary lies on a 5-minute mark of the local clock; the
benchmark's checks rely on that (see bench_plan_quality.py).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planning.scheduler import Commitment, DraftTask, PeakWindow, ScheduleRequest, WorkingWindow

MON_FRI = range(5)
LONG_WORK = [(180, "hard"), (240, "medium"), (150, "hard"), (200, "easy")]
ALL_DAYS = range(7)
AREAS = ("writing", "fitness", "spanish", "guitar", "finances", "reading", "coding", "cooking")
TITLES = {
    "writing": ("Outline chapter", "Draft scene", "Revise essay", "Edit pages"),
    "fitness": ("Interval run", "Strength circuit", "Long walk", "Mobility routine"),
    "spanish": ("Grammar drills", "Conversation practice", "Vocabulary review", "Podcast listening"),
    "guitar": ("Scales", "Learn a song", "Chord changes", "Fingerpicking study"),
    "finances": ("Budget review", "Tax paperwork", "Compare insurance", "Plan savings"),
    "reading": ("Read two chapters", "Notes on the book", "Finish the novel", "Article digest"),
    "coding": ("Build a feature", "Write tests", "Refactor module", "Read the docs"),
    "cooking": ("Try a recipe", "Meal prep", "Bake bread", "Plan menus"),
}


@dataclass(frozen=True)
class Profile:
    name: str
    note: str  # what the profile exercises
    request: ScheduleRequest


def _t(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def commitments(days: Iterable[int], start: str, end: str, label: str) -> list[Commitment]:
    return [Commitment(day, _t(start), _t(end), label) for day in days]


def hours(days: Iterable[int], start: str, end: str) -> list[WorkingWindow]:
    return [WorkingWindow(day, _t(start), _t(end)) for day in days]


def draft(
    seed: int,
    count: int,
    *,
    durations: Sequence[int] = (30, 45, 60, 60, 90, 120),
    mix: tuple[int, int, int] = (3, 4, 3),  # hard, medium, easy weights
    areas: int = 4,
    hinted: float = 0.6,
    extra: Sequence[tuple[int, str]] = (),  # (minutes, difficulty) tasks appended to the draft
) -> tuple[DraftTask, ...]:
    """A realistic draft: `count` tasks over `areas` focus areas, mixed difficulty, a week
    hint on about `hinted` of them (building up over the month, as a drafter writes)."""
    rng = random.Random(seed)
    chosen = AREAS[:areas]
    tasks = []
    for index in range(count + len(extra)):
        area = chosen[index % len(chosen)]
        if index < count:
            minutes = rng.choice(durations)
            difficulty = rng.choices(("hard", "medium", "easy"), weights=mix)[0]
        else:
            minutes, difficulty = extra[index - count]
        week = min(5, 1 + index * 4 // max(count, 1)) if rng.random() < hinted else None
        title = rng.choice(TITLES[area])
        tasks.append(
            DraftTask(
                key=f"w{week or 0}-t{index + 1}",
                description=f"{title} ({minutes} min)",
                focus_area=area,
                duration_minutes=minutes,
                difficulty=difficulty,
                week=week,
            )
        )
    return tuple(tasks)


def _before(year: int, month: int) -> datetime:
    """Planning next month: "now" is the 20th of the month before, in UTC."""
    return datetime(year - (month == 1), (month - 2) % 12 + 1, 20, tzinfo=UTC)


def _request(year: int, month: int, timezone: str, tasks: tuple[DraftTask, ...], **fields) -> ScheduleRequest:
    fields.setdefault("not_before", _before(year, month))
    for name in ("commitments", "working_hours", "peak_windows"):
        if isinstance(fields.get(name), list):
            fields[name] = tuple(fields[name])
    return ScheduleRequest(year=year, month=month, timezone=timezone, tasks=tasks, **fields)


def _office() -> list[Commitment]:
    return commitments(MON_FRI, "09:00", "17:00", "Office")


def _school_runs() -> list[Commitment]:
    return commitments(MON_FRI, "08:00", "08:45", "School run") + commitments(
        MON_FRI, "15:00", "15:45", "School pickup"
    )


def _busy_month_commitments() -> list[Commitment]:
    # The 20 weekly commitments of bench_scheduler.py's busy month.
    found = []
    for day in MON_FRI:
        found += commitments([day], "09:00", "12:00", "Work") + commitments([day], "13:00", "15:00", "Work")
        found += commitments([day], "18:00", "19:00", "Dinner")
    found += commitments([1, 3], "20:00", "21:00", "Choir") + commitments([4], "22:00", "02:00", "Night shift")
    return found + commitments([5], "10:00", "12:00", "Market") + commitments([6], "10:00", "12:00", "Family lunch")


def _dst_profiles() -> list[Profile]:
    return [
        Profile(
            "ny-march-office",
            "New York, spring forward 8 March; 9-to-5 office, evenings and weekends",
            _request(
                2026, 3, "America/New_York", draft(1, 30),
                commitments=_office() + commitments([1], "19:00", "20:30", "Gym class"),
                working_hours=hours(MON_FRI, "06:00", "22:00") + hours([5, 6], "08:00", "20:00"),
                complexity="Balanced", weekend_preference="Mixed",
                peak_windows=[PeakWindow(6, 9), PeakWindow(18, 21)], peak_source="stated",
            ),
        ),
        Profile(
            "ny-november-night",
            "New York, fall back 1 November at 02:00 inside a 22:00-06:00 night window",
            _request(
                2026, 11, "America/New_York", draft(2, 25, durations=(30, 45, 60, 90)),
                commitments=commitments([0, 2, 4], "23:00", "01:30", "Night shift call"),
                working_hours=hours(ALL_DAYS, "22:00", "06:00"),
                complexity="Balanced", weekend_preference="Work",
                peak_windows=[PeakWindow(0, 3)], peak_source="learned",
            ),
        ),
        Profile(
            "berlin-october",
            "Berlin, fall back 25 October; evenings after work, Rest weekends",
            _request(
                2026, 10, "Europe/Berlin", draft(3, 28),
                commitments=(
                    commitments(MON_FRI, "08:30", "17:30", "Work")
                    + commitments([2], "19:00", "20:00", "Choir")
                ),
                working_hours=hours(MON_FRI, "06:00", "08:00") + hours(MON_FRI, "17:30", "23:00"),
                complexity="Balanced", weekend_preference="Rest",
                peak_windows=[PeakWindow(18, 21)], peak_source="stated", duration_multipliers={"writing": 1.25},
            ),
        ),
        Profile(
            "london-october-nightshift",
            "London night-shift worker, working hours 22:00-06:00, fall back 25 October",
            _request(
                2026, 10, "Europe/London", draft(4, 24, durations=(30, 45, 60, 90, 120)),
                commitments=commitments([0, 1, 2], "22:00", "02:00", "Warehouse shift"),
                working_hours=hours(ALL_DAYS, "22:00", "06:00"),
                complexity="Simple", weekend_preference="Mixed",
                peak_windows=[PeakWindow(2, 5)], peak_source="learned",
            ),
        ),
        Profile(
            "sydney-april",
            "Sydney, DST ends 5 April; Ambitious, Work weekends",
            _request(
                2026, 4, "Australia/Sydney", draft(5, 55, durations=(45, 60, 90, 120, 150)),
                commitments=(
                    commitments(MON_FRI, "09:00", "13:00", "Consulting")
                    + commitments([5], "08:00", "10:00", "Sport")
                ),
                complexity="Ambitious", weekend_preference="Work",
                peak_windows=[PeakWindow(14, 17)], peak_source="learned",
            ),
        ),
        Profile(
            "adelaide-october",
            "Adelaide +9:30 -> +10:30 on 4 October; school runs; half-hour offset",
            _request(
                2026, 10, "Australia/Adelaide", draft(6, 30, durations=(30, 45, 60, 90)),
                commitments=_school_runs() + commitments([3], "19:30", "21:00", "Book club"),
                working_hours=(
                    hours(MON_FRI, "08:45", "15:00")
                    + hours(MON_FRI, "19:00", "22:30") + hours([5], "09:00", "12:00")
                ),
                complexity="Balanced", weekend_preference="Mixed",
            ),
        ),
    ]  # fmt: skip


def _offset_profiles() -> list[Profile]:
    return [
        Profile(
            "kolkata-office",
            "Kolkata +5:30; 10:00-18:30 office, mornings and evenings",
            _request(
                2026, 7, "Asia/Kolkata", draft(7, 32),
                commitments=(
                    commitments(MON_FRI, "10:00", "18:30", "Office")
                    + commitments([5], "10:00", "14:00", "Office")
                ),
                working_hours=hours(ALL_DAYS, "06:30", "22:30"),
                complexity="Balanced", weekend_preference="Mixed",
                peak_windows=[PeakWindow(6, 9)], peak_source="stated",
            ),
        ),
        Profile(
            "kathmandu-student",
            "Kathmandu +5:45; lectures, Ambitious, Work weekends, buffer 10",
            _request(
                2026, 9, "Asia/Kathmandu", draft(8, 45, durations=(45, 60, 90, 120)),
                commitments=(
                    commitments(MON_FRI, "07:15", "11:45", "Lectures")
                    + commitments([1, 3], "14:00", "16:00", "Lab")
                ),
                working_hours=hours(ALL_DAYS, "06:00", "21:00"),
                complexity="Ambitious", weekend_preference="Work", buffer_minutes=10,
                peak_windows=[PeakWindow(12, 15)], peak_source="learned",
            ),
        ),
    ]  # fmt: skip


def _life_profiles() -> list[Profile]:
    return [
        Profile(
            "school-runs-berlin-march",
            "School runs Mon-Fri 08:00-08:45 and 15:00-15:45; Berlin spring forward 29 March",
            _request(
                2026, 3, "Europe/Berlin", draft(9, 30, durations=(30, 45, 60, 90)),
                commitments=_school_runs() + commitments([5], "09:00", "11:00", "Football"),
                working_hours=hours(MON_FRI, "07:00", "19:00") + hours([5], "11:30", "16:00"),
                complexity="Balanced", weekend_preference="Mixed",
                peak_windows=[PeakWindow(9, 12)], peak_source="stated",
            ),
        ),
        Profile(
            "office-9to5-simple",
            "9-to-5 office job, Simple, Rest weekends",
            _request(
                2026, 5, "Europe/Paris", draft(10, 20, durations=(30, 45, 60), mix=(2, 4, 4)),
                commitments=_office(), working_hours=hours(MON_FRI, "07:00", "22:00"),
                complexity="Simple", weekend_preference="Rest",
                peak_windows=[PeakWindow(19, 21)], peak_source="learned",
            ),
        ),
        Profile(
            "packed-week",
            "80% of the working hours committed (8 of 10 hours, Mon-Fri), Simple",
            _request(
                2026, 6, "America/Chicago", draft(11, 20, durations=(25, 30, 30, 45), mix=(2, 5, 3)),
                commitments=(
                    commitments(MON_FRI, "09:00", "13:00", "Clinic")
                    + commitments(MON_FRI, "14:00", "18:00", "Clinic")
                ),
                working_hours=hours(MON_FRI, "09:00", "19:00"),
                complexity="Simple", weekend_preference="Rest",
                peak_windows=[PeakWindow(18, 19)], peak_source="stated",
            ),
        ),
        Profile(
            "hard-180",
            "Hard 180-minute sessions (deep work), Ambitious, Work weekends",
            _request(
                2026, 2, "America/Los_Angeles",
                draft(12, 30, durations=(60, 90, 120), extra=[(180, "hard")] * 8),
                commitments=commitments([0, 2, 4], "13:00", "17:00", "Part-time job"),
                working_hours=hours(ALL_DAYS, "07:00", "21:00"),
                complexity="Ambitious", weekend_preference="Work",
                peak_windows=[PeakWindow(8, 12)], peak_source="stated",
            ),
        ),
        Profile(
            "split-sessions",
            "session_minutes (25, 120): 150-240 minute work split into parts; buffer 15",
            _request(
                2026, 8, "Europe/Madrid",
                draft(13, 24, durations=(45, 60, 90), extra=LONG_WORK * 2),
                commitments=_office() + commitments([5], "10:00", "13:00", "Market stall"),
                working_hours=hours(MON_FRI, "06:30", "22:00") + hours([5, 6], "08:00", "20:00"),
                complexity="Balanced", weekend_preference="Work", buffer_minutes=15, session_minutes=(25, 120),
                peak_windows=[PeakWindow(18, 21)], peak_source="learned",
            ),
        ),
        Profile(
            "split-hard-180-simple",
            "Hard 180-minute sessions under Simple (120/day) with session_minutes (25, 120)",
            _request(
                2026, 1, "America/Denver", draft(14, 18, durations=(30, 45, 60), extra=[(180, "hard")] * 5),
                commitments=_office(), working_hours=hours(MON_FRI, "06:00", "21:00") + hours([5, 6], "09:00", "18:00"),
                complexity="Simple", weekend_preference="Mixed", session_minutes=(25, 120),
                peak_windows=[PeakWindow(6, 9)], peak_source="stated",
            ),
        ),
    ]  # fmt: skip


def _preference_profiles() -> list[Profile]:
    return [
        Profile(
            "simple-rest",
            "Simple, Rest weekends, default hours, default (derived) peaks",
            _request(
                2026, 4, "Europe/Rome", draft(15, 20, durations=(30, 45, 60, 90)),
                commitments=(
                    commitments(MON_FRI, "12:30", "13:30", "Lunch")
                    + commitments([0, 3], "18:00", "19:30", "Swim")
                ),
                complexity="Simple", weekend_preference="Rest",
            ),
        ),
        Profile(
            "balanced-mixed-derived",
            "Balanced, Mixed weekends, per-weekday hours, derived peaks",
            _request(
                2026, 6, "Asia/Tokyo", draft(16, 35),
                commitments=_office() + commitments([2], "19:00", "21:00", "Aikido"),
                working_hours=(
                    hours(MON_FRI, "06:00", "09:00")
                    + hours(MON_FRI, "17:30", "23:00") + hours([5, 6], "07:00", "21:00")
                ),
                complexity="Balanced", weekend_preference="Mixed",
            ),
        ),
        Profile(
            "ambitious-work",
            "Ambitious, Work weekends, 60 tasks, learned peaks",
            _request(
                2026, 7, "America/Sao_Paulo", draft(17, 60, durations=(30, 45, 60, 90, 120, 180)),
                commitments=(
                    commitments(MON_FRI, "13:00", "16:00", "Teaching")
                    + commitments([6], "11:00", "14:00", "Family")
                ),
                working_hours=hours(ALL_DAYS, "07:00", "22:00"),
                complexity="Ambitious", weekend_preference="Work",
                peak_windows=[PeakWindow(7, 11), PeakWindow(19, 21, weekday=5)], peak_source="learned",
            ),
        ),
        Profile(
            "evening-peaks-buffer30",
            "Stated evening peaks 19-22, buffer 30, cap of 2 sessions a day",
            _request(
                2026, 9, "Europe/Stockholm", draft(18, 36, durations=(30, 45, 60, 90)),
                commitments=(
                    commitments(MON_FRI, "08:00", "16:30", "Work")
                    + commitments([1, 3], "17:30", "18:30", "Kids' swimming")
                ),
                working_hours=hours(MON_FRI, "16:30", "23:00") + hours([5, 6], "08:00", "22:00"),
                complexity="Balanced", weekend_preference="Mixed", buffer_minutes=30, max_sessions_per_day=2,
                peak_windows=[PeakWindow(19, 22)], peak_source="stated",
            ),
        ),
        Profile(
            "month-under-way",
            "The current month, planned on the 12th at 15:00 local; Balanced, Work weekends",
            _request(
                2026, 5, "America/New_York", draft(19, 26, durations=(30, 45, 60, 90)),
                not_before=datetime(2026, 5, 12, 19, 0, tzinfo=UTC),
                commitments=_office(), working_hours=hours(ALL_DAYS, "06:00", "22:00"),
                complexity="Balanced", weekend_preference="Work",
                peak_windows=[PeakWindow(6, 9)], peak_source="stated",
            ),
        ),
        Profile(
            "busy-month-150",
            "150 sessions around 20 weekly commitments (bench_scheduler's month), NY March, 6 a day allowed",
            _request(
                2026, 3, "America/New_York", draft(20, 150, durations=(30, 45, 60, 90, 30, 60, 45), mix=(1, 1, 1)),
                commitments=_busy_month_commitments(), working_window=(time(7), time(21)),
                # Ambitious alone allows 4 sessions a day: 4 x 31 = 124 < 150.
                complexity="Ambitious", weekend_preference="Work", max_sessions_per_day=6,
                peak_windows=[PeakWindow(7, 9), PeakWindow(15, 18)], peak_source="learned",
                duration_multipliers={"writing": 1.3, "guitar": 0.8},
            ),
        ),
        Profile(
            "weekend-warrior",
            "Long weekdays, so most work lands on Work weekends; stated morning peaks",
            _request(
                2026, 11, "Europe/Dublin", draft(21, 30, durations=(60, 90, 120)),
                commitments=commitments(MON_FRI, "07:30", "19:30", "Hospital"),
                working_hours=hours(MON_FRI, "19:30", "22:00") + hours([5, 6], "07:00", "21:00"),
                complexity="Ambitious", weekend_preference="Work",
                peak_windows=[PeakWindow(8, 12, weekday=5), PeakWindow(8, 12, weekday=6)], peak_source="stated",
            ),
        ),
    ]  # fmt: skip


def profiles() -> list[Profile]:
    found = _dst_profiles() + _offset_profiles() + _life_profiles() + _preference_profiles()
    names = [profile.name for profile in found]
    assert len(set(names)) == len(names), "profile names must be unique"
    return found


if __name__ == "__main__":
    for profile in profiles():
        request = profile.request
        minutes = sum(task.duration_minutes for task in request.tasks)
        print(f"{profile.name:28} {len(request.tasks):3} tasks {minutes:6} min  {profile.note}")
