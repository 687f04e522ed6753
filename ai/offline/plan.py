"""The offline plan drafter: a useful month plan from the goals and focus areas, no network.

A pure function of the context, so the same context always gives the same draft. It
follows the same workload guide as the prompt the OpenAI-compatible provider sends
(``ai.prompts.COMPLEXITY_GUIDES``).
"""

from __future__ import annotations

from ai.base import PlanContext
from ai.offline.goals import all_words, goal_phrases, shorten
from ai.prompts import ComplexityGuide, complexity_guide, task_count_range
from ai.schemas import DraftTaskSpec, PlanDraft, WeekTheme
from planning.scheduler import DIFFICULTIES as _DIFFICULTIES
from planning.scheduler import MONTH_NAMES as _MONTH_NAMES

# --- which focus area a goal speaks to ------------------------------------------------------


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
        "family friend friends partner parents kids children call visit date together community"
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


def _phrases_by_area(areas: tuple[str, ...], phrases: list[str]) -> dict[str, list[str]]:
    """Give each goal phrase to the focus area it talks about, then share out the rest.

    A phrase goes to the area whose name (or typical vocabulary) it mentions most; the
    phrases that mention none go, in order, to the areas still without one. An area no
    goal speaks to gets an empty list: its sessions talk about the area itself.
    """
    by_area: dict[str, list[str]] = {area: [] for area in areas}
    vocabularies = {area: _area_vocabulary(area) for area in areas}
    unplaced = []
    for phrase in phrases:
        words = all_words(phrase)
        scores = [(len(words & vocabularies[area]), -i) for i, area in enumerate(areas)]
        best_score, best_index = max(scores)
        if best_score > 0:
            by_area[areas[-best_index]].append(phrase)
        else:
            unplaced.append(phrase)
    empty = [area for area in areas if not by_area[area]]
    for index, phrase in enumerate(unplaced):
        targets = empty or list(areas)
        by_area[targets[index % len(targets)]].append(phrase)
    return by_area


# --- the month's shape ------------------------------------------------------------------------

# {r} is a reference to what the session serves: a goal in quotes, or "your X goals".
_TEMPLATES: dict[tuple[str, str], tuple[str, ...]] = {
    ("foundation", "easy"): (
        "Plan {r}: write down what done looks like and the first three steps",
        "Gather what {r} needs (notes, tools, a place to work) in one spot",
    ),
    ("foundation", "medium"): (
        "Start on {r}: do a first short round end to end and note what was hard",
        "Set up a routine for {r} and do its first session",
    ),
    ("foundation", "hard"): (
        "Tackle the biggest unknown in {r} and sketch a way past it",
        "Do a first full-length session on {r} to learn the real effort it takes",
    ),
    ("build", "easy"): (
        "Quick win for {r}: finish one small, visible piece",
        "Check in on {r}: note progress so far and pick the next step",
    ),
    ("build", "medium"): (
        "Focused session on {r}: move the main piece forward and note where you stopped",
        "Practice round for {r}: repeat the core activity a little harder than last time",
    ),
    ("build", "hard"): (
        "Deep work on {r}: push through the most demanding part without interruptions",
        "Stretch session for {r}: attempt the piece you have been putting off",
    ),
    ("review", "easy"): (
        "Review {r}: list what worked, what did not, and one change for next month",
        "Celebrate progress on {r}: write down what you achieved this month",
    ),
    ("review", "medium"): (
        "Close open loops in {r}: finish or consciously drop what is left",
        "Consolidate {r}: turn this month's notes into a short next-steps list",
    ),
    ("review", "hard"): (
        "Finish a milestone for {r} and show it to someone or write it up",
        "Final push on {r}: complete the last demanding piece of the month",
    ),
}
_STAGE_WORDS = {
    "foundation": "laying foundations",
    "build": "building momentum",
    "review": "review and consolidation",
}


def _stage(week: int, weeks: int) -> str:
    if week == 1 and weeks > 1:
        return "foundation"
    if week == weeks:
        return "review"
    return "build"


def _tasks_per_week(total: int, weeks: int) -> list[int]:
    counts = [total // weeks] * weeks
    # First and last weeks are usually partial: give the extra sessions to the middle ones.
    order = [*range(1, weeks - 1), 0, weeks - 1] if weeks > 2 else list(range(weeks))
    for offset in range(total % weeks):
        counts[order[offset % len(order)]] += 1
    return counts


def _difficulty_counts(total: int, mix: dict[str, float]) -> dict[str, int]:
    exact = {level: total * mix[level] for level in _DIFFICULTIES}
    counts = {level: int(exact[level]) for level in _DIFFICULTIES}
    by_remainder = sorted(
        _DIFFICULTIES,
        key=lambda level: (-(exact[level] - counts[level]), _DIFFICULTIES.index(level)),
    )
    for level in by_remainder[: total - sum(counts.values())]:
        counts[level] += 1
    return counts


def _month_name(month: str) -> str:
    try:
        year, number = month.split("-")
        return f"{_MONTH_NAMES[int(number) - 1]} {int(year)}"
    except (ValueError, IndexError):
        return month


def _quoted(phrase: str) -> str:
    return f"\u201c{phrase}\u201d"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


Slot = tuple[int, int]  # (week, index within the week)


def build_draft(context: PlanContext) -> PlanDraft:
    weeks = min(max(context.weeks, 1), 6)
    areas = context.allowed_focus_areas
    guide = complexity_guide(context.task_complexity)
    low, high = task_count_range(context)
    total = (low + high) // 2
    phrases = goal_phrases(context.goals_text)

    counts = _fit_to_free_time(_tasks_per_week(total, weeks), context, guide)
    total = sum(counts)
    slots = [(week, index) for week, count in enumerate(counts, start=1) for index in range(count)]
    difficulty_of = _difficulty_by_slot(slots, weeks, _difficulty_counts(total, guide.difficulty_mix))
    area_of = _area_by_slot(slots, difficulty_of, areas)
    tasks = _session_tasks(slots, weeks, difficulty_of, area_of, _phrases_by_area(areas, phrases), guide)
    return PlanDraft(
        summary=_summary(context, phrases, total, weeks),
        weekly_breakdown=_week_themes(weeks, areas, phrases, tasks),
        tasks=tasks,
    )


# Share of a week's free minutes a draft may fill: the rest absorbs measured overruns and
# the 5-minute grid and sessions that do not pack into a short free evening, so little is
# left unplaced (tests/planning/test_generation_fit.py: a week 80% committed).
FREE_TIME_FILL = 0.8


def _fit_to_free_time(counts: list[int], context: PlanContext, guide: ComplexityGuide) -> list[int]:
    """Fewer sessions in weeks without the free time for them (a packed week), never more
    than the complexity asks for. Weeks past the last one with a known figure use it."""
    free = context.free_minutes_by_week
    if not free:
        return counts
    average = sum(guide.typical_minutes[level] * share for level, share in guide.difficulty_mix.items())
    last = max(free)
    fitted = []
    for week, count in enumerate(counts, start=1):
        minutes = free.get(week, free[last] if week > last else 0)
        fitted.append(min(count, int(minutes * FREE_TIME_FILL // average)))
    if not any(fitted):
        fitted[max(range(len(counts)), key=lambda index: free.get(index + 1, 0))] = 1  # one session at least
    return fitted


def _difficulty_by_slot(slots: list[Slot], weeks: int, counts: dict[str, int]) -> dict[Slot, str]:
    # Hard sessions go to the middle weeks first (spread across them), easy ones to week 1.
    stage_rank = {"foundation": 0, "review": 1, "build": 2}
    by_demand = sorted(slots, key=lambda slot: (stage_rank[_stage(slot[0], weeks)], -slot[1], -slot[0]))
    difficulty_of: dict[Slot, str] = {}
    position = 0
    for level in _DIFFICULTIES:
        for slot in by_demand[position : position + counts[level]]:
            difficulty_of[slot] = level
        position += counts[level]
    return difficulty_of


def _area_by_slot(slots: list[Slot], difficulty_of: dict[Slot, str], areas: tuple[str, ...]) -> dict[Slot, str]:
    # Round-robin areas within each difficulty, continuing across levels, so every area is
    # used and each gets its share of hard work.
    area_of: dict[Slot, str] = {}
    turn = 0
    for level in _DIFFICULTIES:
        for slot in sorted(slot for slot in slots if difficulty_of[slot] == level):
            area_of[slot] = areas[turn % len(areas)]
            turn += 1
    return area_of


def _session_tasks(
    slots: list[Slot],
    weeks: int,
    difficulty_of: dict[Slot, str],
    area_of: dict[Slot, str],
    phrases_for: dict[str, list[str]],
    guide: ComplexityGuide,
) -> list[DraftTaskSpec]:
    references = {
        area: [_quoted(phrase) for phrase in phrases] or [f"your {area} goals"] for area, phrases in phrases_for.items()
    }
    used_per_area = dict.fromkeys(references, 0)
    tasks = []
    for slot in slots:
        week, _ = slot
        level, area = difficulty_of[slot], area_of[slot]
        area_references = references[area]
        use = used_per_area[area]
        used_per_area[area] += 1
        reference = area_references[use % len(area_references)]
        stage = _stage(week, weeks)
        variants = _TEMPLATES[(stage, level)]
        action = variants[(use // len(area_references)) % len(variants)]
        tasks.append(
            DraftTaskSpec(
                description=shorten(f"{area}: {action.format(r=reference)}", 300),
                focus_area=area,
                duration_minutes=guide.typical_minutes[level],
                difficulty=level,
                week=week,
                intent=shorten(
                    f"Moves {reference} forward; week {week} is for {_STAGE_WORDS[stage]}.",
                    300,
                ),
            )
        )
    return tasks


def _week_themes(weeks: int, areas: tuple[str, ...], phrases: list[str], tasks: list[DraftTaskSpec]) -> list[WeekTheme]:
    quoted = [_quoted(phrase) for phrase in phrases]
    themes = []
    for week in range(1, weeks + 1):
        week_areas = [area for area in areas if any(t.week == week and t.focus_area == area for t in tasks)]
        stage = _stage(week, weeks)
        if stage == "foundation":
            theme = f"Foundations: get started on {_join(quoted or list(areas))}"
        elif stage == "review":
            theme = "Review and consolidate: finish what matters and look back"
        else:
            anchor = quoted[(week - 2) % len(quoted)] if quoted else _join(list(areas))
            label = "Build momentum" if week == 2 else "Go deeper"
            theme = f"{label}, with extra attention to {anchor}"
        themes.append(WeekTheme(week=week, theme=shorten(theme, 300), focus_areas=week_areas))
    return themes


def _summary(context: PlanContext, phrases: list[str], total: int, weeks: int) -> str:
    goals = (
        f"It works towards: {'; '.join(phrases)}."
        if phrases
        else ("You have not written goals yet, so it spreads steady progress over your focus areas.")
    )
    weekend = {
        "Rest": "Weekends stay free.",
        "Mixed": "Weekends only get light sessions.",
        "Work": "Weekends count as working days.",
    }.get(context.weekend_preference, "")
    text = (
        f"Your {_month_name(context.month)} plan ({context.task_complexity.lower()} pace): {total} sessions "
        f"over {weeks} weeks across {_join(list(context.allowed_focus_areas))}. {goals} "
        f"Week 1 lays foundations, the middle weeks carry the most demanding sessions, and week {weeks} "
        f"is for review and consolidation. {weekend} Built offline from your goals and focus areas."
    )
    return shorten(" ".join(text.split()), 2000)
