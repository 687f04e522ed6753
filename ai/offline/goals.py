"""The person's goals, read offline: key phrases in their own words, and the words they use.

Both the offline plan drafter and the offline coach work from these, so a goal reads the
same way in a drafted plan as in a piece of advice.
"""

from __future__ import annotations

import re

_MAX_PHRASES = 6
_MAX_PHRASE_CHARS = 80

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


def content_words(text: str) -> set[str]:
    """The words of four letters or more: what a text is about, without "the" and "to"."""
    return {word for word in _WORD.findall(text.lower()) if len(word) >= 4}


def all_words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def shorten(text: str, limit: int) -> str:
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
    return shorten(phrase, _MAX_PHRASE_CHARS)


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
