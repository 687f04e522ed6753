"""Playbooks: how a common kind of goal is worked on, kept as data (one TOML file a kind).

A playbook names the words that give a goal away as its kind (in several languages; a
"~word" only together with a quantity in the kind's units), the
units such a goal is counted in, and its session types: the difficulty each suits, how
it is worded, and what target it carries. Targets either share out the goal's total
("share": 20,000 words over the month, ramping up first), build towards it ("scaled":
long runs from half the race distance to most of it), are the goal itself ("goal": the
final milestone run), or are the session's own ("fixed": "20 min walk").

`generic.toml` is the arc for a goal of no known kind: explore, plan, do in increments,
review. The files are read once; ai/offline/sessions.py turns them into sessions.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ai.offline.quantities import normalised
from ai.offline.units import is_latin

_HERE = Path(__file__).resolve().parent
CARRIES = ("share", "scaled", "goal", "fixed", "none")
# A small count in a playbook without stages of its own: each item prepared, then finished.
_ITEM_BY_ITEM = {
    "*": [
        {"template": "Prepare {item}", "target": "{item}: prepared"},
        {"template": "Finish {item}", "target": "{item}"},
    ]
}


@dataclass(frozen=True, eq=False)  # one object per type in a playbook: compared by identity
class SessionType:
    name: str
    difficulties: tuple[str, ...]  # the slots it may fill
    carries: str  # one of CARRIES
    templates: tuple[str, ...]
    by_unit: dict[str, tuple[str, ...]]  # templates for a goal counted in another unit
    plain: tuple[str, ...] = ()  # wording when there is no amount to carry
    # "fixed": the session's own target ("{minutes} min walk"); for the others, the target
    # when there is no amount to carry
    target: str = ""
    scale: tuple[float, float] = (1.0, 1.0)  # "scaled": share of the goal, first to last
    at: str = ""  # "first" or "last": the goal's opening or closing session
    weekly: str = ""  # "hardest" or "last": once a week, on that slot of the goal's week
    follows: str = ""  # right after a session of this type (a recovery after a long run)
    min_sessions: int = 1  # the goal needs this many sessions for the type to be used
    only_units: tuple[str, ...] = ()  # used only for a goal counted in one of these
    max_minutes: int = 0  # a short session whatever its slot (a recovery walk); 0: the slot's length

    def wording(self, unit: str, *, has_amount: bool) -> tuple[str, ...]:
        if not has_amount and self.plain:
            return self.plain
        return self.by_unit.get(unit, self.templates)

    def suits(self, unit: str) -> bool:
        return not self.only_units or unit in self.only_units


@dataclass(frozen=True)
class Stage:
    template: str  # "Draft {item}"
    target: str  # "{item}: draft"
    alone: bool = False  # the one session of an item that has no other


@dataclass(frozen=True)
class Playbook:
    kind: str
    keywords: tuple[str, ...]  # normalised; a Latin one ending in "*" is a word start
    # Words that give the kind away only with a quantity in its units: "run" a 10K, not a business.
    weak_keywords: tuple[str, ...]
    units: tuple[str, ...]  # the units a goal of this kind may be counted in
    default_unit: str  # what share sessions count without a quantity in the goal
    rate_per_hour: float  # ...and how much of it an hour holds (0: they carry no amount)
    default_amount: float  # a distance goal without a quantity builds up to this
    ramp: tuple[float, ...]  # share sessions' pace at first (0.6, 0.8), then 1
    even_shares: bool  # every share session carries the same (a weigh-in), not by its length
    subjects: tuple[tuple[str, str], ...]  # (word in the goal, how sessions name the work)
    default_subject: str
    default_total: str  # what the month's work is called without a quantity ("pieces")
    areas: tuple[str, ...]  # words of focus area names this kind belongs to
    summary: str  # the month's target in the summary: "{total} of {subject}"
    week_summary: str  # a week's part of it in the week's theme: "runs up to {total}"
    summaries: dict[str, str]  # `summary` for a goal counted in another unit ("{total} published")
    topics: tuple[str, ...]  # rotating themes for {topic}
    pace: dict[str, float]  # minutes a unit takes (km: 7), for a session's length
    sessions: tuple[SessionType, ...]
    stages: dict[str, tuple[Stage, ...]]  # an item's sessions when the count is small, by unit

    def summary_for(self, unit: str) -> str:
        return self.summaries.get(unit, self.summary)

    def stages_for(self, unit: str) -> tuple[Stage, ...]:
        """An item's stages in order (first, middle, last), without the one for an item alone."""
        return tuple(stage for stage in self.stages.get(unit) or self.stages["*"] if not stage.alone)

    def alone_for(self, unit: str) -> Stage | None:
        return next((stage for stage in self.stages.get(unit) or self.stages["*"] if stage.alone), None)


def _session(entry: dict) -> SessionType:
    return SessionType(
        name=entry["name"],
        difficulties=tuple(entry.get("difficulty", ("easy", "medium", "hard"))),
        carries=entry["carries"],
        templates=tuple(entry["templates"]),
        by_unit={unit: tuple(texts) for unit, texts in entry.get("units", {}).items()},
        plain=tuple(entry.get("plain", ())),
        target=entry.get("target", ""),
        scale=tuple(entry.get("scale", (1.0, 1.0))),  # type: ignore[arg-type]
        at=entry.get("at", ""),
        weekly=entry.get("weekly", ""),
        follows=entry.get("follows", ""),
        min_sessions=entry.get("min_sessions", 1),
        only_units=tuple(entry.get("only_units", ())),
        max_minutes=entry.get("max_minutes", 0),
    )


def _playbook(table: dict) -> Playbook:
    return Playbook(
        kind=table["kind"],
        keywords=tuple(normalised(word) for word in table.get("keywords", ()) if not word.startswith("~")),
        weak_keywords=tuple(normalised(word[1:]) for word in table.get("keywords", ()) if word.startswith("~")),
        units=tuple(table.get("units", ())),
        default_unit=table.get("default_unit", ""),
        rate_per_hour=float(table.get("rate_per_hour", 0)),
        default_amount=float(table.get("default_amount", 0)),
        ramp=tuple(table.get("ramp", ())),
        even_shares=table.get("even_shares", False),
        subjects=tuple((normalised(word), name) for word, name in table.get("subjects", {}).items()),
        default_subject=table.get("default_subject", ""),
        default_total=table.get("default_total", "work"),
        areas=tuple(table.get("areas", ())),
        summary=table.get("summary", "{total}"),
        week_summary=table.get("week_summary", table.get("summary", "{total}")),
        summaries=dict(table.get("summaries", {})),
        topics=tuple(table.get("topics", ())),
        pace={unit: float(minutes) for unit, minutes in table.get("pace", {}).items()},
        sessions=tuple(_session(entry) for entry in table["session"]),
        stages={
            unit: tuple(Stage(stage["template"], stage["target"], stage.get("alone", False)) for stage in stages)
            for unit, stages in table.get("stages", _ITEM_BY_ITEM).items()
        },
    )


@cache
def playbooks() -> dict[str, Playbook]:
    """Every kind of goal Monthwise knows, in a fixed order (the order of their files)."""
    found = {}
    for path in sorted(_HERE.glob("*.toml")):
        with path.open("rb") as data:
            playbook = _playbook(tomllib.load(data))
        found[playbook.kind] = playbook
    return found


def generic() -> Playbook:
    return playbooks()["generic"]


@cache
def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    for word in keywords:
        stem = word.rstrip("*")
        if not is_latin(stem):
            parts.append(re.escape(stem))  # in a script without spaces: anywhere
        elif word.endswith("*"):
            parts.append(rf"(?<![a-z\u00c0-\u024f]){re.escape(stem)}")
        else:
            parts.append(rf"(?<![a-z\u00c0-\u024f]){re.escape(stem)}(?![a-z\u00c0-\u024f])")
    return re.compile("|".join(parts)) if parts else None


def keyword_hits(playbook: Playbook, text: str, *, weak: bool = False) -> int:
    """How many of the playbook's words (or, `weak`, its weak words) the (normalised) text uses."""
    pattern = _keyword_pattern(playbook.weak_keywords if weak else playbook.keywords)
    return len(pattern.findall(text)) if pattern else 0
