"""Is a parsed draft good enough to plan with? A pure judgement of its sessions, not of its shape.

A draft that fits the schema can still be a poor plan: the same description again and
again, sessions that only quote the goal back ("Work on: I want to run a 10K at the end of
next month"), blank ones, or a month far bigger or smaller than the person's time. Each
such problem is named in a sentence the model can act on; the OpenAI-compatible provider
sends them in one repair call and keeps the better of the two drafts (``badness``).

Thresholds: more than 10% of sessions repeating an earlier description, or more than 10%
blank or quoting the goals, is poor. The month's minutes are judged only when the free
time is known: below half of what the month should hold (``ai.prompts.month_minutes``: the
complexity's workload, each week within 80% of its free time) or above 110% of the free
time. A Simple plan in a month of free evenings is not poor for leaving most of them free.
"""

from __future__ import annotations

import dataclasses
import difflib
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ai.base import PlanContext
from ai.prompts import month_minutes
from ai.schemas import PlanDraft

POOR_SHARE = 0.10  # of sessions: duplicates, or blank and goal-echo descriptions
MINUTES_LOW, MINUTES_HIGH = 0.5, 1.1  # of the month's minutes / of the free time
# A description quotes the goals when its longest verbatim run from them covers at least
# half its text (and is QUOTE_MIN_WORDS words long, QUOTE_MIN_CHARS characters in a script
# written without spaces), or when that run alone is LONG_QUOTE_WORDS words.
QUOTE_SHARE = 0.5
QUOTE_MIN_WORDS, QUOTE_MIN_CHARS, LONG_QUOTE_WORDS = 3, 6, 10
_EXAMPLES = 3
# Scripts written without spaces between words: each character counts as a word.
_UNSPACED = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x0E00, 0x0E7F))


@dataclass(frozen=True)
class DraftQuality:
    sessions: int
    duplicates: int  # sessions repeating an earlier description
    blank: int  # empty, or the "<area> session" placeholder the answer repair writes for one
    echoes: int  # descriptions that mostly quote the goal text
    session_minutes: int
    month_minutes: int  # what the month should hold (ai.prompts.month_minutes)
    free_minutes: int  # 0: not known, and the minutes are not judged
    problems: tuple[str, ...]  # one sentence each, for the model

    @property
    def is_poor(self) -> bool:
        return bool(self.problems)

    @property
    def minutes_miss(self) -> float:
        """How far the month's minutes fall outside the accepted band, relative to its edge."""
        if not self.free_minutes:
            return 0.0
        low, high = self.month_minutes * MINUTES_LOW, self.free_minutes * MINUTES_HIGH
        if self.session_minutes < low:
            return (low - self.session_minutes) / low
        return max(self.session_minutes - high, 0) / high

    @property
    def counts(self) -> str:
        """The figures for a log line: no description is quoted, they may hold the person's goals."""
        return (
            f"{self.sessions} sessions, {self.duplicates} repeated, {self.blank} blank, {self.echoes} quoting the "
            f"goals, {self.session_minutes} min (month {self.month_minutes}, free {self.free_minutes})"
        )

    @property
    def badness(self) -> float:
        """Lower is better: the shares of poor sessions plus the minutes' miss (0 for a good draft)."""
        if not self.sessions:
            return 1.0
        return (self.duplicates + self.blank + self.echoes) / self.sessions + self.minutes_miss


def _is_unspaced(character: str) -> bool:
    return any(low <= ord(character) <= high for low, high in _UNSPACED)


def words(text: str) -> list[str]:
    """The text's words, case-folded, without punctuation; a character per word in scripts without spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    spaced = "".join(" " if unicodedata.category(character)[0] in "PSZC" else character for character in folded)
    found: list[str] = []
    for word in spaced.split():
        run = ""
        for character in word:
            if _is_unspaced(character):
                found.extend([run, character] if run else [character])
                run = ""
            else:
                run += character
        if run:
            found.append(run)
    return found


def quotes_goals(description: str, goal_words: list[str]) -> bool:
    """Whether the description is mostly a verbatim quote of the goal text."""
    said = words(description)
    if not said or not goal_words:
        return False
    match = difflib.SequenceMatcher(None, said, goal_words, autojunk=False).find_longest_match(
        0, len(said), 0, len(goal_words)
    )
    quoted = said[match.a : match.a + match.size]
    if match.size >= LONG_QUOTE_WORDS:
        return True
    shortest = QUOTE_MIN_CHARS if any(_is_unspaced(word[0]) for word in quoted) else QUOTE_MIN_WORDS
    share = sum(map(len, quoted)) / sum(map(len, said))
    return match.size >= shortest and share >= QUOTE_SHARE


def _key(description: str) -> str:
    return " ".join(words(description))


def _quoted(texts: list[str]) -> str:
    return ", ".join(f"\u201c{text}\u201d" for text in texts[:_EXAMPLES])


def draft_quality(draft: PlanDraft, context: PlanContext) -> DraftQuality:
    tasks = draft.tasks
    counts = Counter(_key(task.description) for task in tasks)
    duplicates = sum(count - 1 for key, count in counts.items() if key)
    repeated = [
        f"{task.description} (x{counts[_key(task.description)]})"
        for task in {_key(task.description): task for task in tasks}.values()
        if counts[_key(task.description)] > 1
    ]
    blank = [task for task in tasks if not _key(task.description) or task.description == f"{task.focus_area} session"]
    goal_words = words(context.goals_text)
    echoes = [task.description for task in tasks if task not in blank and quotes_goals(task.description, goal_words)]
    session_minutes = sum(task.duration_minutes for task in tasks)
    free = sum(context.free_minutes_by_week.values())
    quality = DraftQuality(
        sessions=len(tasks),
        duplicates=duplicates,
        blank=len(blank),
        echoes=len(echoes),
        session_minutes=session_minutes,
        month_minutes=month_minutes(context),
        free_minutes=free,
        problems=(),
    )
    problems = []
    if duplicates > POOR_SHARE * len(tasks):
        problems.append(
            f"{duplicates} of {len(tasks)} sessions repeat an earlier description (at most 10% may), "
            f"e.g. {_quoted(repeated)}: give each session its own step, target and running total."
        )
    if len(blank) + len(echoes) > POOR_SHARE * len(tasks):
        parts = [f"{len(blank)} have no description"] if blank else []
        if echoes:
            parts.append(f"{len(echoes)} quote the goal text instead of saying what to do, e.g. {_quoted(echoes)}")
        problems.append(
            f"Of {len(tasks)} sessions, {'; '.join(parts)}: write each as an instruction of at most 100 characters "
            "with its own target."
        )
    if quality.minutes_miss > 0:
        problems.append(_minutes_problem(quality, context))
    return dataclasses.replace(quality, problems=tuple(problems))


def _minutes_problem(quality: DraftQuality, context: PlanContext) -> str:
    weeks = ", ".join(f"week {week}: {minutes}" for week, minutes in sorted(context.free_minutes_by_week.items()))
    side = "too little" if quality.session_minutes < quality.month_minutes * MINUTES_LOW else "more than the free time"
    return (
        f"The sessions add up to {quality.session_minutes:,} minutes, {side}: the month should hold about "
        f"{quality.month_minutes:,} session minutes, each week within 80% of its free minutes ({weeks})."
    )
