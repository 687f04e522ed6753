"""A goal's sessions from its playbook: which session type each slot gets, what target it
carries, and how it is worded.

Types are given in this order: the goal's last slot closes it (the milestone), its first
opens it (when the goal has enough sessions), a weekly type takes its slot in each week
with room for it (the long run on the week's most demanding slot, the weigh-in on its
last), a type that follows another takes the next slot when it suits (a walk after the
long run), and the rest go round the types that suit each slot's difficulty.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ai.offline.drafted import GoalPlan, Session
from ai.offline.month import Slot
from ai.offline.playbooks import Playbook, SessionType, Stage
from ai.offline.targets import built_up, by_rate, groups, ramp_weights, share_out
from ai.offline.wording import fill, fitted, intent_text, items_done, progress
from ai.schemas import DURATION_MAX
from planning.scheduler import DIFFICULTIES

_WARM_UP = 10  # minutes a paced session (a run) adds to its distance's time
_WEEK_WORDS = ("getting started", "building the pace", "keeping the pace", "pushing on", "holding steady")


@dataclass(frozen=True)
class Portion:
    """What one session carries towards its goal."""

    carries: str = ""  # "share", "scaled", "goal", "stage", or ""
    amount: float = 0.0
    done: float = 0.0  # the goal's running total after it (share and stage)
    item: str = ""  # "song 2", for a stage
    stage: Stage | None = None
    final: bool = False  # a stage that finishes its item


def week_words(week: int, weeks: int) -> str:
    if week == weeks and weeks > 1:
        return "finishing and checking"
    return _WEEK_WORDS[0] if week == 1 else _WEEK_WORDS[1 + (week - 2) % (len(_WEEK_WORDS) - 1)]


def _weekly_slots(kind: SessionType, slots: list[Slot], chosen: list[SessionType | None]) -> list[int]:
    # Not in the week of the goal's closing session: that week ends with the milestone.
    closing_week = slots[-1].week if chosen[-1] is not None else None
    by_week: dict[int, list[int]] = {}
    for index, slot in enumerate(slots):
        if chosen[index] is None and slot.week != closing_week:
            by_week.setdefault(slot.week, []).append(index)
    # A week with one session of the goal keeps it for the usual work, unless the month
    # would then have fewer than two long runs to build on.
    roomy = [indices for indices in by_week.values() if len(indices) >= 2]
    if kind.weekly == "hardest" and len(roomy) < 2:
        roomy = list(by_week.values())
    if kind.weekly == "last":
        return [indices[-1] for indices in roomy]
    return [max(indices, key=lambda i: (DIFFICULTIES.index(slots[i].difficulty), -i)) for indices in roomy]


def session_types(book: Playbook, slots: list[Slot], unit: str, *, opening: bool = True) -> list[SessionType]:
    count = len(slots)
    usable = [
        kind
        for kind in book.sessions
        if kind.suits(unit) and count >= kind.min_sessions and (opening or kind.at != "first")
    ]
    chosen: list[SessionType | None] = [None] * count
    last = next((kind for kind in usable if kind.at == "last"), None)
    first = next((kind for kind in usable if kind.at == "first"), None)
    if last is not None:
        chosen[-1] = last
    if first is not None and count >= 2:
        chosen[0] = first
    for kind in (kind for kind in usable if kind.weekly):
        for index in _weekly_slots(kind, slots, chosen):
            chosen[index] = kind
    usual = [kind for kind in usable if not (kind.at or kind.weekly or kind.follows)]
    turns: Counter[str] = Counter()
    for index, slot in enumerate(slots):
        if chosen[index] is not None:
            continue
        before = chosen[index - 1] if index else None
        follower = next(
            (k for k in usable if before and k.follows == before.name and slot.difficulty in k.difficulties), None
        )
        suited = [kind for kind in usual if slot.difficulty in kind.difficulties] or usual
        chosen[index] = follower or suited[turns[slot.difficulty] % len(suited)]
        if follower is None:
            turns[slot.difficulty] += 1
    return [kind for kind in chosen if kind is not None]


def _grouped(plan: GoalPlan, book: Playbook, carrying: list[int], portions: list[Portion]) -> None:
    unit, total = plan.unit, int(plan.total or 0)
    assert unit is not None
    stages, alone = book.stages_for(unit.key), book.alone_for(unit.key)
    position = 0
    for item, size in enumerate(groups(len(carrying), total), start=1):
        for step in range(size):
            final = step == size - 1
            stage = stages[-1] if final else stages[min(step, len(stages) - 2)]
            if size == 1 and alone is not None:
                stage = alone
            portions[carrying[position]] = Portion(
                "stage", 1.0 if final else 0.0, float(item if final else item - 1), f"{unit.one} {item}", stage, final
            )
            position += 1


def _shares(plan: GoalPlan, book: Playbook, slots: list[Slot], carrying: list[int], portions: list[Portion]) -> None:
    unit = plan.unit
    if unit is None or not carrying:
        return
    if plan.total is not None and unit.measure == "total":
        if unit.integral and plan.total < len(carrying) and book.stages_for(unit.key):
            _grouped(plan, book, carrying, portions)
            return
        lengths = [1 if book.even_shares else slots[i].minutes for i in carrying]
        amounts = share_out(plan.total, ramp_weights(lengths, book.ramp), unit)
    elif plan.total is None and book.rate_per_hour > 0:
        ramps = ramp_weights([1] * len(carrying), book.ramp)
        amounts = [by_rate(book.rate_per_hour, slots[i].minutes, ramps[n], unit) for n, i in enumerate(carrying)]
    else:
        return
    done = 0.0
    for index, amount in zip(carrying, amounts, strict=True):
        done = round(done + amount, 1)
        portions[index] = Portion("share", amount, done)


def portions_for(
    plan: GoalPlan, book: Playbook, slots: list[Slot], kinds: list[SessionType], weeks: int
) -> list[Portion]:
    portions = [Portion() for _ in slots]
    _shares(plan, book, slots, [i for i, kind in enumerate(kinds) if kind.carries == "share"], portions)
    if plan.unit is None or plan.total is None:
        return portions
    for kind in dict.fromkeys(kinds):
        indices = [i for i, each in enumerate(kinds) if each is kind]
        if kind.carries == "scaled":
            amounts = built_up(plan.total, kind.scale, [slots[i].week for i in indices], weeks, plan.unit)
            for index, amount in zip(indices, amounts, strict=True):
                portions[index] = Portion("scaled", amount)
        elif kind.carries == "goal":
            for index in indices:
                portions[index] = Portion("goal", plan.total)
    return portions


def _target(plan: GoalPlan, kind: SessionType, portion: Portion, minutes: int) -> str:
    unit = plan.unit
    if portion.carries == "stage" and portion.stage is not None and unit is not None:
        return unit.amount(1) if portion.final else fill(portion.stage.target, {"item": portion.item})
    if portion.amount and unit is not None:
        return unit.amount(portion.amount)
    return fill(kind.target, {"minutes": minutes}) if kind.carries != "none" else ""


def _suffix(plan: GoalPlan, portion: Portion) -> str:
    unit = plan.unit
    if unit is None:
        return ""
    if portion.carries == "stage":
        return items_done(unit, portion.done, plan.total or 0) if portion.final else ""
    if portion.carries == "share" and portion.amount:
        return progress(unit, portion.done, plan.total)
    return ""


def _wanted_minutes(plan: GoalPlan, book: Playbook, portion: Portion, minutes: int) -> int:
    unit = plan.unit
    if unit is None or not portion.amount or portion.carries == "stage":
        return minutes
    pace = 60.0 if unit.key == "hour" else book.pace.get(unit.key, 0.0)
    if not pace:
        return minutes
    needed = portion.amount * pace + (0 if unit.key == "hour" else _WARM_UP)
    return min(max(minutes, -(-int(needed) // 5) * 5), DURATION_MAX)


def _intent(plan: GoalPlan, slot: Slot, portion: Portion, weeks: int) -> str:
    opening = f"Week {slot.week} of {weeks}, {week_words(slot.week, weeks)}."
    unit = plan.unit
    if portion.carries == "share" and unit is not None and plan.total is not None:
        done = f"{unit.number(portion.done)} of {unit.amount(plan.total)}"
        return intent_text(f"{opening} After it, {done} are done: {plan.headline}.")
    if portion.carries in ("scaled", "goal") and unit is not None and plan.total is not None:
        return intent_text(f"{opening} Builds towards {unit.amount(plan.total)}: {plan.headline}.")
    return intent_text(f"{opening} It serves {plan.headline}.")


def playbook_sessions(
    plan: GoalPlan, goal_index: int, slots: list[Slot], weeks: int, *, opening: bool = True
) -> list[Session]:
    """The goal's sessions; `opening` False when a goal of the same kind has had its opening."""
    book = plan.goal.playbook
    assert book is not None
    unit_key = plan.unit.key if plan.unit else ""
    kinds = session_types(book, slots, unit_key, opening=opening)
    portions = portions_for(plan, book, slots, kinds, weeks)
    turns: Counter[str] = Counter()
    sessions = []
    for slot, kind, portion in zip(slots, kinds, portions, strict=True):
        minutes = min(slot.minutes, kind.max_minutes) if kind.max_minutes else slot.minutes
        values = {
            "amount": plan.unit.amount(portion.amount) if plan.unit and portion.amount else "",
            "subject": plan.goal.subject or book.default_subject,
            "total": plan.unit.amount(plan.total) if plan.unit and plan.total else book.default_total,
            "topic": book.topics[turns["topic"] % len(book.topics)] if book.topics else "",
            "minutes": minutes,
            "item": portion.item,
        }
        if portion.carries == "stage" and portion.stage is not None:
            templates: tuple[str, ...] = (portion.stage.template,)
        else:
            carrying = kind.carries in ("share", "scaled", "goal")
            templates = kind.wording(unit_key, has_amount=bool(portion.amount) if carrying else plan.total is not None)
        description = fitted(templates, values, _suffix(plan, portion), start=turns[kind.name])
        turns[kind.name] += 1
        turns["topic"] += int("{topic}" in "".join(templates))
        sessions.append(
            Session(
                slot=slot,
                description=description,
                target=_target(plan, kind, portion, minutes),
                intent=_intent(plan, slot, portion, weeks),
                minutes=minutes,
                goal=goal_index,
                carries=portion.carries,
                amount=portion.amount,
                wanted_minutes=_wanted_minutes(plan, book, portion, minutes),
            )
        )
    return sessions
