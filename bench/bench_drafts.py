"""The offline drafter over the profiles of bench/draft_profiles.py: how good each plan is
and how long it takes. Standalone (no Django); run from the project root:

    .venv/bin/python bench/bench_drafts.py [--runs 20] [--only NAME]

Per plan:
- sessions, and `dup%`: sessions whose description an earlier one already has (at most
  10%); `apart`: repeats the drafter told apart by saying which time it is ("(2nd time)");
- `>100`: descriptions over 100 characters (0);
- for its measurable goals, the lowest share of a goal's sessions with a target (`tgt%`, at
  least 50%) and the largest gap between what the targets add up to (a distance: build up
  to) and what the goal names (`err%`, at most 5%), the targets read back from their text;
- time: the median of `--runs` drafts, and as the floor the median time of building the
  same number of plain session dicts (what any drafter has to hand over), as a ratio.

Exit status 1 when a plan misses a threshold (tests/ai/test_offline_quality.py holds the
same ones); timings never fail the run: this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ai.offline.plan import build_draft, draft_month
from ai.offline.quality import DraftFigures, draft_figures
from bench.draft_profiles import PROFILES, DraftProfile

MAX_DUPLICATE_RATIO, MIN_TARGET_SHARE, MAX_TARGET_ERROR = 0.10, 0.5, 0.05
_TOLD_APART = re.compile(r" \(\d+(?:st|nd|rd|th) time\)$")


def _timed(work, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = clock.perf_counter()
        work()
        timings.append((clock.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _floor(count: int) -> list[dict]:
    return [
        {
            "description": f"Session {index}",
            "target": "",
            "focus_area": "General",
            "duration_minutes": 60,
            "difficulty": "medium",
            "week": index % 5 + 1,
            "intent": "",
        }
        for index in range(count)
    ]


def _passes(figures: DraftFigures) -> bool:
    return (
        figures.duplicate_ratio <= MAX_DUPLICATE_RATIO
        and figures.long_descriptions == 0
        and all(g.target_share >= MIN_TARGET_SHARE and g.error <= MAX_TARGET_ERROR for g in figures.goals)
    )


def _row(profile: DraftProfile, runs: int) -> tuple[str, bool, float, float]:
    month = draft_month(profile.context)
    figures = draft_figures(month)
    apart = sum(1 for session in month.sessions if _TOLD_APART.search(session.description))
    build_draft(profile.context)  # warm-up: data files, regular expressions
    median = _timed(lambda: build_draft(profile.context), runs)
    floor = _timed(lambda: _floor(figures.sessions), runs)
    goals = figures.goals
    share = f"{min(g.target_share for g in goals):5.0%}" if goals else "    -"
    error = f"{max(g.error for g in goals):5.1%}" if goals else "    -"
    ok = _passes(figures)
    line = (
        f"{profile.name:16} {figures.sessions:4} {figures.duplicate_ratio:5.0%} {apart:5} "
        f"{figures.long_descriptions:4} {len(goals):5} {share} {error} "
        f"{median:8.2f} {floor:7.3f} {median / floor:6.0f}  {'ok' if ok else 'FAIL'}"
    )
    return line, ok, median, floor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", default="")
    options = parser.parse_args()
    chosen = [profile for profile in PROFILES if options.only in profile.name]
    print(f"{'profile':16} {'sess':>4} {'dup%':>5} {'apart':>5} {'>100':>4} {'goals':>5} {'tgt%':>5} {'err%':>5} "
          f"{'ms':>8} {'floor':>7} {'ratio':>6}")  # fmt: skip
    failures, total, total_floor = 0, 0.0, 0.0
    for profile in chosen:
        line, ok, median, floor = _row(profile, options.runs)
        print(line, flush=True)
        failures += not ok
        total, total_floor = total + median, total_floor + floor
    print(
        f"{len(chosen)} plans: {failures} below the thresholds (duplicates <= {MAX_DUPLICATE_RATIO:.0%}, "
        f"none over 100 characters, targets on >= {MIN_TARGET_SHARE:.0%} of a measurable goal's sessions "
        f"adding up within {MAX_TARGET_ERROR:.0%}); drafting {total:.1f} ms in all, floor (plain session dicts) "
        f"{total_floor:.2f} ms, ratio {total / total_floor:.0f}x"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
