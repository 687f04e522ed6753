"""Splitting a person's goals into sentences and clauses, in any script.

Sentences end at . ! ? ; and their full-width, Devanagari (।) and Arabic (؟) forms, at
line breaks and at list bullets; a full stop inside a number (2.5, 20.000) is not an end.
A sentence is split into clauses at commas and at "and" (in the languages Monthwise reads)
only when every part reads as a goal of its own, so "read and summarise 3 books" stays
whole while "write 20,000 words and run a 10K" becomes two goals.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SENTENCE_BREAK = re.compile(
    r"(?<!\d)\.(?!\d)|\.(?=\s|$)"  # a full stop, not the one in 2.5 or 20.000
    r"|[!?;。！？；।॥؟\n\r]+"
    r"|(?:^|\s)[-*\u2022\u25aa\u25e6\u2023]\s+"  # "- ", "* ", "• " bullets
    r"|(?:^|\n)\s*(?:\u30fb\s*|\d{1,2}[.)]\s+)",  # "・", "1. " and "2) " at a line's start
    re.MULTILINE,
)
_CLAUSE_BREAK = re.compile(
    r"\s*[,，、،]\s*(?:and|also|plus|then|y|e|und|et|और|و)?\s+"
    r"|[、，،]"
    r"|\s+(?:and|also|plus|y|und|et|और)\s+"
)


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_BREAK.split(text or "") if part and part.strip()]


def clauses(sentence: str, is_goal: Callable[[str], bool]) -> list[str]:
    """The sentence's clauses when each of them reads as a goal (`is_goal`), else the sentence."""
    parts = [part.strip() for part in _CLAUSE_BREAK.split(sentence) if part and part.strip()]
    if len(parts) > 1 and all(is_goal(part) for part in parts):
        return parts
    return [sentence.strip()]
