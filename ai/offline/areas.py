"""Which focus area each goal speaks to."""

from __future__ import annotations

from ai.offline.goals import Goal, all_words


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that tie a goal to a common focus area when the goal does not name the area.
_AREA_HINTS: dict[str, frozenset[str]] = {
    "health": _vocabulary(
        "run running marathon walk walking gym workout exercise fitness sleep diet eat "
        "eating cook cooking yoga stretch weight swim swimming cycle cycling bike "
        "meditate meditation doctor strength steps water"
    ),
    "career": _vocabulary(
        "work job promotion project ship launch client clients business career "
        "interview portfolio resume manager team product code release startup"
    ),
    "learning": _vocabulary(
        "read reading book books course learn learning study language spanish french "
        "german japanese practise practice exam certificate class lesson lessons"
    ),
    "finance": _vocabulary(
        "save saving savings budget money invest investing debt spend spending expenses income taxes"
    ),
    "relationships": _vocabulary(
        "family friend friends partner parents kids children call visit date together community "
        "sister brother mother father mum mom dad wedding birthday"
    ),
    "creativity": _vocabulary(
        "write writing paint painting draw drawing music guitar piano song photo photography novel blog design craft"
    ),
    "home": _vocabulary("clean cleaning declutter garden repair move moving house apartment room organise organize"),
}
_AREA_SYNONYMS = {
    "fitness": "health",
    "wellbeing": "health",
    "wellness": "health",
    "work": "career",
    "business": "career",
    "education": "learning",
    "study": "learning",
    "growth": "learning",
    "money": "finance",
    "finances": "finance",
    "social": "relationships",
    "family": "relationships",
    "creative": "creativity",
    "hobbies": "creativity",
    "household": "home",
}


def _area_vocabulary(area: str) -> set[str]:
    words = all_words(area)
    vocabulary = set(words)
    for word in words:
        key = _AREA_SYNONYMS.get(word, word)
        vocabulary |= _AREA_HINTS.get(key, frozenset())
    return vocabulary


def _score(goal: Goal, area: str, vocabulary: set[str]) -> int:
    """The goal's words the area's vocabulary has, and twice over if the goal's kind
    belongs to an area of that name (a running goal in "Fitness")."""
    kind_fits = goal.playbook is not None and bool(all_words(area) & set(goal.playbook.areas))
    return len(all_words(goal.text) & vocabulary) + (2 if kind_fits else 0)


def goals_by_area(areas: tuple[str, ...], goals: list[Goal]) -> dict[str, list[int]]:
    """Give each goal (by index) to the focus area it talks about, then share out the rest.

    A goal goes to the area whose name, typical vocabulary or kind it matches best; the
    goals that match none go, in order, to the areas still without one. An area no goal
    speaks to gets an empty list: its sessions work on the area itself.
    """
    by_area: dict[str, list[int]] = {area: [] for area in areas}
    vocabularies = {area: _area_vocabulary(area) for area in areas}
    unplaced = []
    for index, goal in enumerate(goals):
        scores = [(_score(goal, area, vocabularies[area]), -position) for position, area in enumerate(areas)]
        best_score, best_position = max(scores)
        if best_score > 0:
            by_area[areas[-best_position]].append(index)
        else:
            unplaced.append(index)
    empty = [area for area in areas if not by_area[area]]
    for turn, index in enumerate(unplaced):
        targets = empty or list(areas)
        by_area[targets[turn % len(targets)]].append(index)
    return by_area
