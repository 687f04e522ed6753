"""The offline provider: a useful plan and honest coaching without any network.

Everything here is a pure function of the context, so the same context always gives the
same draft and the same advice. It follows the same workload guide as the prompt the
OpenAI-compatible provider sends (``ai.prompts.COMPLEXITY_GUIDES``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ai.base import AdviceResult, CoachingContext, PlanContext, PlanResult, Usage
from ai.prompts import (
    COACH_PROMPT_VERSION,
    PLAN_PROMPT_VERSION,
    coach_messages,
    complexity_guide,
    plan_messages,
    prompt_text,
    task_count_range,
)
from ai.schemas import Advice, DraftTaskSpec, PlanDraft, WeekTheme, validate_draft

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DIFFICULTIES = ("easy", "medium", "hard")
_MAX_PHRASES = 6
_MAX_PHRASE_CHARS = 80

# --- key phrases from the goals ------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"[.!?;\n]+|(?:^|\s)[-*\u2022]\s+")
_CLAUSE_BREAK = re.compile(r",\s*(?:and|also|plus|then)\s+|,\s+")
_LEADING_FILLER = re.compile(
    r"^(?:(?:this|next) month,?\s+|by the end of the month,?\s+|"
    r"i\s+(?:really\s+|also\s+)?(?:want|would like|need|hope|plan|aim|intend|am going)\s+to\s+|"
    r"i'?d (?:like|love) to\s+|i(?:'ll| will| should| must)\s+|"
    r"my (?:main |big |first )?(?:goal|aim|plan|focus) (?:is|will be) to\s+|"
    r"(?:finally|also|and|then|to)\s+)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if len(word) >= 4}


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:- ")
    return f"{cut}\u2026"


def _clean_phrase(fragment: str) -> str:
    phrase = fragment.strip().strip("\"'()[]:,- ")
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _LEADING_FILLER.sub("", phrase).strip()
    if len(phrase) > 1 and phrase[0].isupper() and phrase[1].islower():
        phrase = phrase[0].lower() + phrase[1:]
    return _shorten(phrase, _MAX_PHRASE_CHARS)


def goal_phrases(goals_text: str) -> list[str]:
    """A few short phrases that name what the person wants, in their own words."""
    phrases: list[str] = []
    seen: set[str] = set()
    for sentence in _SENTENCE_BREAK.split(goals_text or ""):
        clauses = _CLAUSE_BREAK.split(sentence)
        # Split at commas only when every part reads as a goal of its own.
        if len(clauses) > 1 and any(len(clause.split()) < 3 for clause in clauses):
            clauses = [sentence]
        for clause in clauses:
            phrase = _clean_phrase(clause)
            if len(phrase.split()) < 2 and len(phrase) < 4:
                continue
            key = phrase.casefold()
            if key not in seen:
                seen.add(key)
                phrases.append(phrase)
            if len(phrases) == _MAX_PHRASES:
                return phrases
    return phrases


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


def _all_words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _area_vocabulary(area: str) -> set[str]:
    words = _all_words(area)
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
        words = _all_words(phrase)
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


class OfflineProvider:
    name = "offline"
    model = "offline-v1"
    prompt_version = f"{PLAN_PROMPT_VERSION}/{COACH_PROMPT_VERSION}"

    def draft_plan(self, context: PlanContext) -> PlanResult:
        draft = validate_draft(build_draft(context), context)
        return PlanResult(
            draft=draft,
            prompt=prompt_text(plan_messages(context)),
            raw=draft.model_dump_json(),
            usage=Usage(0, 0),
            cost=Decimal(0),
            provider=self.name,
            model=self.model,
        )

    def advise(self, context: CoachingContext) -> AdviceResult:
        text = build_advice(context)
        return AdviceResult(
            text=text,
            prompt=prompt_text(coach_messages(context)),
            raw=Advice(advice=text).model_dump_json(),
            usage=Usage(0, 0),
            cost=Decimal(0),
            provider=self.name,
            model=self.model,
        )


def build_draft(context: PlanContext) -> PlanDraft:
    weeks = min(max(context.weeks, 1), 6)
    areas = context.allowed_focus_areas
    guide = complexity_guide(context.task_complexity)
    low, high = task_count_range(context)
    total = (low + high) // 2
    phrases = goal_phrases(context.goals_text)
    phrases_for = _phrases_by_area(areas, phrases)

    slots = [
        (week, index) for week, count in enumerate(_tasks_per_week(total, weeks), start=1) for index in range(count)
    ]
    # Hard sessions go to the middle weeks first (spread across them), easy ones to week 1.
    stage_rank = {"foundation": 0, "review": 1, "build": 2}
    by_demand = sorted(slots, key=lambda slot: (stage_rank[_stage(slot[0], weeks)], -slot[1], -slot[0]))
    counts = _difficulty_counts(total, guide.difficulty_mix)
    difficulty_of: dict[tuple[int, int], str] = {}
    position = 0
    for level in _DIFFICULTIES:
        for slot in by_demand[position : position + counts[level]]:
            difficulty_of[slot] = level
        position += counts[level]

    # Round-robin areas within each difficulty, continuing across levels, so every area is
    # used and each gets its share of hard work.
    area_of: dict[tuple[int, int], str] = {}
    turn = 0
    for level in _DIFFICULTIES:
        for slot in sorted(slot for slot in slots if difficulty_of[slot] == level):
            area_of[slot] = areas[turn % len(areas)]
            turn += 1

    references = {area: [_quoted(phrase) for phrase in phrases_for[area]] or [f"your {area} goals"] for area in areas}
    used_per_area = dict.fromkeys(areas, 0)
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
                description=_shorten(f"{area}: {action.format(r=reference)}", 300),
                focus_area=area,
                duration_minutes=guide.typical_minutes[level],
                difficulty=level,
                week=week,
                intent=_shorten(
                    f"Moves {reference} forward; week {week} is for {_STAGE_WORDS[stage]}.",
                    300,
                ),
            )
        )

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
        themes.append(WeekTheme(week=week, theme=_shorten(theme, 300), focus_areas=week_areas))

    return PlanDraft(
        summary=_summary(context, phrases, total, weeks),
        weekly_breakdown=themes,
        tasks=tasks,
    )


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
    return _shorten(" ".join(text.split()), 2000)


# --- the rule-based coach ----------------------------------------------------------------------


def _most_relevant_goal(task_text: str, goals: tuple[dict[str, Any], ...]) -> dict[str, Any] | None:
    if not goals:
        return None
    task_words = _words(task_text)

    def overlap(goal: dict[str, Any]) -> int:
        text = " ".join(str(goal.get(key) or "") for key in ("what_matters", "biggest_win", "worst_outcome"))
        return len(task_words & _words(text))

    best = max(range(len(goals)), key=lambda index: (overlap(goals[index]), -index))
    return goals[best]


def _goal_field(goal: dict[str, Any] | None, key: str) -> str:
    return _shorten(str((goal or {}).get(key) or "").strip().rstrip("."), 200)


def build_advice(context: CoachingContext) -> str:
    task = _shorten(" ".join(context.task_text.split()) or "this task", 120)
    importance, confidence = context.importance, context.confidence
    goal = _most_relevant_goal(context.task_text, context.goals)
    matters = _goal_field(goal, "what_matters")
    win = _goal_field(goal, "biggest_win")
    avoid = _goal_field(goal, "worst_outcome")
    important = importance is not None and importance >= 7
    unimportant = importance is not None and importance <= 3
    sure = confidence is not None and confidence >= 7
    unsure = confidence is not None and confidence <= 4
    first_step = (
        f"open a blank page, write the three smallest steps for \u201c{task}\u201d, "
        "then start on the first one with notifications off"
    )

    lines: list[str] = []
    if unimportant:
        lines.append(
            f"You rate \u201c{task}\u201d {importance}/10 for importance. That makes it a candidate to drop, "
            "delegate or batch with other small chores rather than spend your best hours on."
        )
        lines.append(
            f"Ask whether it moves \u201c{matters}\u201d forward at all; if not, let it go without guilt."
            if matters
            else "If nobody would notice it undone in a month, let it go."
        )
    elif important and unsure:
        lines.append(
            f"This matters (importance {importance}/10) but feels hard (confidence {confidence}/10). "
            "Break it down instead of waiting to feel ready."
        )
        lines.append(f"First 25-minute step: {first_step}. When the time is up, write down the next smallest step.")
        if avoid:
            lines.append(f"Leaving it undone risks what you told us you want to avoid: \u201c{avoid}\u201d.")
    elif important and sure:
        lines.append(
            f"High importance ({importance}/10) and high confidence ({confidence}/10): this needs time, not more "
            "thinking. Book a focused block in your best hours this week, decide what done looks like, and "
            "start with the hardest part."
        )
        if win:
            lines.append(f"Finishing it is a step towards your biggest win: \u201c{win}\u201d.")
    elif important:
        lines.append(
            f"This matters (importance {importance}/10). Protect one 25-minute block today: {first_step}. "
            "Doing a small part now is the quickest way to feel more sure about the rest."
        )
    elif unsure:
        lines.append(
            f"Confidence is low ({confidence}/10) and the stakes are moderate, so timebox it: {first_step}. "
            "If it is still stuck after that, ask someone who has done it before."
        )
    else:
        lines.append(
            f"Timebox \u201c{task}\u201d to 25 minutes in a fixed slot and batch it with similar tasks, so it "
            "does not crowd out the work that matters most."
        )

    if importance is None or confidence is None:
        lines.append("Rate its importance and your confidence (1 to 10) and the advice gets sharper.")
    if matters and not unimportant:
        lines.append(f"It connects to what matters to you: \u201c{matters}\u201d.")
    if goal is None:
        lines.append("Add a personal goal so the coach can tie your tasks to what matters to you.")
    lines.append("(Offline coach: rule-based advice from your ratings and goals; no AI model was used.)")
    return "\n\n".join(lines)
