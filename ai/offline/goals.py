"""The person's goals, read offline: key phrases in their own words, what kind of goal each
is (a playbook), and the quantity it names.

Both the offline plan drafter and the offline coach work from these, so a goal reads the
same way in a drafted plan as in a piece of advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ai.offline.playbooks import Playbook, keyword_hits, playbooks
from ai.offline.quantities import Quantity, goal_quantity, normalised
from ai.offline.sentences import clauses, sentences
from ai.offline.units import Unit, is_latin, unit

_MAX_PHRASES = 6
_LEADING_FILLER = re.compile(
    r"^(?:(?:this|next) month,?\s+|by the end of the month,?\s+|"
    r"i\s+(?:really\s+|also\s+)?(?:want|would like|need|hope|plan|aim|intend|am going)\s+to\s+|"
    r"i'?d (?:like|love) to\s+|i(?:'ll| will| should| must)\s+|"
    r"my (?:main |big |first )?(?:goal|aim|plan|focus) (?:is|will be) to\s+|"
    r"(?:este mes|el mes que viene),?\s+|(?:quiero|me gustaría|voy a|necesito)\s+|"
    r"(?:diesen monat|nächsten monat),?\s+|ich (?:möchte|will|werde)\s+|"
    r"(?:ce mois-ci|le mois prochain),?\s+|(?:je veux|je voudrais|j'aimerais|je vais)\s+|"
    r"(?:finally|also|and|then|to)\s+)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")
# "my novel" reads as "your novel" in a plan written to the person.
_YOUR = {"my": "your", "mine": "yours", "me": "you", "myself": "yourself", "i": "you", "i'm": "you're", "am": "are"}


@dataclass(frozen=True)
class Goal:
    text: str  # the phrase, in the person's words
    playbook: Playbook | None  # None: a goal of no known kind, worked on in the generic arc
    quantity: Quantity | None  # the amount it names, in a unit its playbook counts
    subject: str  # how sessions name the work: "your novel", "Spanish"

    @property
    def unit(self) -> Unit | None:
        return unit(self.quantity.unit) if self.quantity else None


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


def in_your_words(phrase: str) -> str:
    """The person's phrase spoken back to them: "finish my novel" -> "finish your novel"."""
    if not is_latin(phrase.replace(" ", "")):
        return phrase
    return re.sub(r"\b(?:i'm|my|mine|me|myself|i|am)\b", lambda m: _YOUR[m.group().lower()], phrase, flags=re.I)


def _clean_phrase(fragment: str) -> str:
    phrase = fragment.strip().strip("\"'()[]:,- \u201c\u201d\u300c\u300d")
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _LEADING_FILLER.sub("", phrase).strip()
    if len(phrase) > 1 and phrase[0].isupper() and phrase[1].islower():
        phrase = phrase[0].lower() + phrase[1:]
    return phrase


def _kinds(text: str, *, weak: bool = False) -> dict[str, int]:
    norm = normalised(text)
    return {kind: hits for kind, book in playbooks().items() if (hits := keyword_hits(book, norm, weak=weak))}


def _reads_as_goal(part: str) -> bool:
    words = part.split()
    if len(words) == 1 and not is_latin(part):
        return len(part) >= 3  # a script written without spaces
    return len(words) >= 2 and (len(words) >= 3 or bool(_kinds(part)) or goal_quantity(part) is not None)


def goal_phrases(goals_text: str) -> list[str]:
    """A few phrases that name what the person wants, in their own words, never cut off."""
    phrases: list[str] = []
    seen: set[str] = set()
    for sentence in sentences(goals_text):
        for clause in clauses(sentence, _reads_as_goal):
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


def _subject(book: Playbook, text: str) -> str:
    norm = normalised(text)
    for word, name in book.subjects:
        pattern = word if not is_latin(word) else rf"(?<![a-z\u00c0-\u024f]){re.escape(word)}(?![a-z\u00c0-\u024f])"
        if re.search(pattern, norm):
            return name
    return book.default_subject


def _playbook_of(text: str, hits: dict[str, int], quantity: Quantity | None) -> Playbook | None:
    books = playbooks()

    def score(kind: str) -> tuple[int, int]:
        book = books[kind]
        fits = 2 if quantity and quantity.unit in book.units else 0
        named = 1 if _subject(book, text) != book.default_subject else 0
        return hits[kind] + fits + named, -list(books).index(kind)

    if hits:
        best = books[max(hits, key=score)]
        if quantity is None or quantity.unit in best.units:
            return best
    home = unit(quantity.unit).playbook if quantity else ""
    return books.get(home) if home else (books[max(hits, key=score)] if hits else None)


def read_goal(phrase: str) -> Goal:
    hits, weak = _kinds(phrase), _kinds(phrase, weak=True)
    quantity = goal_quantity(phrase, frozenset(hits) | frozenset(weak))
    for kind, count in weak.items():  # "run" counts for running with a distance, not for a business
        if quantity is not None and quantity.unit in playbooks()[kind].units:
            hits[kind] = hits.get(kind, 0) + count
    book = _playbook_of(phrase, hits, quantity)
    if book is not None and quantity is not None and quantity.unit not in book.units:
        quantity = None  # "run for 10 hours": a running goal, counted the running way
    return Goal(text=phrase, playbook=book, quantity=quantity, subject=_subject(book, phrase) if book else "")


def read_goals(goals_text: str) -> list[Goal]:
    return [read_goal(phrase) for phrase in goal_phrases(goals_text)]


def area_playbook(area: str) -> Playbook | None:
    """The kind of goal a focus area's name gives away ("Spanish", "Running"), if any."""
    hits = _kinds(area)
    return playbooks()[max(hits, key=lambda kind: (hits[kind], -list(playbooks()).index(kind)))] if hits else None
