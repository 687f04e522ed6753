"""Finding a slot for one session: the kind of time it wants, the week, the day.

Search order:
- hard: a peak window with room for the whole session, in any week (nearest first);
  then the slot that overlaps a peak window the most (a session longer than the window
  starts so as to cover as much of it as it can); only then any time;
- easy: off-peak time first, week by week, so the week wins over the kind of slot;
- medium: any time.
Within a week the least-loaded day comes first (relative to what it may carry), so a
week fills evenly; between equals a weekday before a weekend day, then the earlier date.

Two hard sessions on one day keep HARD_GAP_MINUTES between them ("back to back" is less
than an hour apart): a hard hour wants a real break after it, not just the buffer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from planning.scheduler.intervals import subtract
from planning.scheduler.localtime import grid_down, grid_up
from planning.scheduler.types import Day, Interval, SizedTask

HARD_GAP_MINUTES = 60

Slot = tuple[Day, int, str, str]  # day, start, kind ("peak" | "overlap" | "any" | "off-peak"), peak label


def usable_free(day: Day, hard: bool) -> list[Interval]:
    free = day.free
    if hard:
        for start, end in day.hard:
            free = subtract(free, start - HARD_GAP_MINUTES, end + HARD_GAP_MINUTES)
    return free


def _earliest(candidates: Iterator[tuple[int, int, str]], minutes: int) -> tuple[int, str] | None:
    for low, high, label in candidates:
        start = grid_up(low)
        if start + minutes <= high:
            return start, label
    return None


def _any_time(free: list[Interval], day: Day) -> Iterator[tuple[int, int, str]]:
    for low, high in free:
        yield low, high, ""


def _peak_time(free: list[Interval], day: Day) -> Iterator[tuple[int, int, str]]:
    # Peaks are sorted and disjoint, so this walks the free time in order.
    for peak_start, peak_end, label in day.peaks:
        for low, high in free:
            if high > peak_start and low < peak_end:
                yield max(low, peak_start), min(high, peak_end), label


def _off_peak_time(free: list[Interval], day: Day) -> Iterator[tuple[int, int, str]]:
    for low, high in free:
        cursor = low
        for peak_start, peak_end, _ in day.peaks:
            if peak_end <= cursor:
                continue
            if peak_start >= high:
                break
            if peak_start > cursor:
                yield cursor, peak_start, ""
            cursor = peak_end
            if cursor >= high:
                break
        if cursor < high:
            yield cursor, high, ""


_SLOT_KINDS = {"any": _any_time, "peak": _peak_time, "off-peak": _off_peak_time}


def most_peak_overlap(free: list[Interval], day: Day, minutes: int) -> tuple[int, int, str] | None:
    """(overlap, start, label) of the start that covers the most of a peak window."""
    best: tuple[int, int, str] | None = None
    for low, high in free:
        first, last = grid_up(low), grid_down(high - minutes)
        if last < first:
            continue
        for peak_start, peak_end, label in day.peaks:
            # Starting at the peak's start is best when there is room; else as near as can be.
            start = min(max(grid_up(peak_start), first), last)
            overlap = min(start + minutes, peak_end) - max(start, peak_start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, start, label)
    return best


def search_plan(sized: SizedTask, weeks: list[int]) -> list[tuple[str, list[int]]]:
    order = sorted(weeks, key=lambda week: (abs(week - sized.target_week), week < sized.target_week))
    if sized.difficulty == "hard":
        # Peak energy is scarce and matters most for hard work: a peak window in another
        # week beats an ordinary slot in the preferred one.
        return [("peak", order), ("overlap", order), ("any", order)]
    if sized.difficulty == "easy":
        return [(kind, [week]) for week in order for kind in ("off-peak", "any")]
    return [("any", order)]


def _candidates(days: list[Day], sized: SizedTask, taken: Collection[int]) -> list[Day]:
    found = [day for day in days if day.free and day.index not in taken and day.takes(sized.minutes)]
    found.sort(key=lambda day: (day.load / day.capacity, day.weekday >= 5, day.index))
    return found


def find_slot(sized: SizedTask, weeks: list[int], by_week: dict[int, list[Day]], taken: Collection[int]) -> Slot | None:
    """`taken`: days that already hold another part of the same task."""
    hard = sized.difficulty == "hard"
    for kind, search_weeks in search_plan(sized, weeks):
        for week in search_weeks:
            candidates = _candidates(by_week[week], sized, taken)
            if kind == "overlap":
                overlaps = [
                    (found, day)
                    for day in candidates
                    if (found := most_peak_overlap(usable_free(day, hard), day, sized.minutes))
                ]
                if overlaps:
                    (_, start, label), day = max(overlaps, key=lambda entry: entry[0][0])
                    return day, start, kind, label
                continue
            for day in candidates:
                found = _earliest(_SLOT_KINDS[kind](usable_free(day, hard), day), sized.minutes)
                if found is not None:
                    return day, found[0], kind, found[1]
    return None


def has_slot(day: Day, minutes: int, *, hard: bool = False) -> bool:
    return _earliest(_any_time(usable_free(day, hard), day), minutes) is not None
