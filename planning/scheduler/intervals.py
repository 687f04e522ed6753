"""Sorted, disjoint [start, end) intervals of epoch minutes: the shape of free time."""

from __future__ import annotations

from collections.abc import Iterable

from planning.scheduler.types import Interval


def subtract(free: list[Interval], start: int, end: int) -> list[Interval]:
    """`free` without [start, end); returns `free` itself when nothing is cut."""
    if not free or end <= free[0][0] or start >= free[-1][1]:
        return free
    result: list[Interval] = []
    for low, high in free:
        if high <= start or low >= end:
            result.append((low, high))
            continue
        if low < start:
            result.append((low, start))
        if high > end:
            result.append((end, high))
    return result


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def clip(intervals: list[Interval], low: int, high: int) -> list[Interval]:
    return [(max(start, low), min(end, high)) for start, end in intervals if end > low and start < high]


def total(intervals: Iterable[Interval]) -> int:
    return sum(end - start for start, end in intervals)
