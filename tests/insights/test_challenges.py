"""The Challenges insight on plain counts: no database."""

from insights.challenges import challenges_value
from insights.maths import Durations, Tally


def test_challenges_name_the_area_the_weekday_the_hours_and_the_overrun_in_words():
    cells = {(0, 9): Tally(8, 8, 8), (4, 19): Tally(8, 0, 4), (2, 9): Tally(4, 4, 4)}
    by_area = {"Writing": Tally(12, 12, 12), "Fitness": Tally(8, 0, 4)}
    durations = {"Writing": Durations(12, 720, 1080)}
    value = challenges_value(cells=cells, by_area=by_area, durations=durations)
    texts = [item["text"] for item in value["items"]]
    assert texts == [
        "Fitness sessions get finished 0 times out of 8 (0%), against 60% overall.",
        "Fridays are your hardest day: 0 of 8 sessions finished (0%).",
        "Sessions started in the evening (18:00–21:00) rarely get done: 0 of 8 finished.",
        "Writing sessions run over: they take 50% longer than planned (90 min instead of 60 min).",
    ]
    assert value["summary"] == texts[0]


def test_no_challenge_is_invented_when_everything_gets_done():
    cells = {(0, 9): Tally(8, 8, 8), (4, 19): Tally(8, 8, 8)}
    value = challenges_value(cells=cells, by_area={"Writing": Tally(16, 16, 16)}, durations={})
    assert value == {
        "summary": "No weak spot stands out yet: your plans hold up across areas, days and hours.",
        "items": [],
    }
