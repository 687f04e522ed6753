"""Reading the quantity a goal names: "20,000 words", "10K", "a half marathon", "EUR 500",
"20.000 palabras", "20 000 mots", "2万字", "३०० पन्ने", "٣٠٠ صفحة".

A number is read in the usual formats (1,250 / 1.250 / 1 250 / 1'250 thousands, 1,5 or
1.5 decimals, 1,00,000, a multiplier: 10k, 20 mil, 2万), in any script's digits and as a
word ("three", "tres", "drei"); its unit follows it, perhaps after a word or two ("20 new
Spanish words", "3 blog posts"), or a currency comes before it. A race name is a distance.
"Under 2 hours" is a limit, not an amount; "20 pages a day" is a rate. The words are data:
numbers.toml and units.toml.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ai.offline.units import Unit, is_latin, units

_DATA = Path(__file__).with_name("numbers.toml")
_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_POWERS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(
    r"(?<![a-z0-9\u00c0-\u024f.,])"
    r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:[,.']\d+)*|[一二三四五六七八九十百千]+)"
)
_SPACED_THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+")
_INDIAN = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}")
# A filler word between a number and its unit that says the number is not a count of it.
_NOT_A_COUNT = frozenset(
    ["few", "couple", "lot", "lots", "bunch", "several", "some", "many", "more", "less", "of", "per"]
)
_TRIM = ".,;:!?()[]\"'«»“”„、。،"


@dataclass(frozen=True)
class Quantity:
    amount: float
    unit: str  # a key of units.units()
    per: str = ""  # "day" or "week" for a rate ("20 pages a day"), else ""

    def month_amount(self, days_in_month: int) -> float:
        """How much the month holds: a rate times the month's days or (whole) weeks."""
        if self.per == "day":
            return self.amount * days_in_month
        if self.per == "week":
            return self.amount * max(round(days_in_month / 7), 1)
        return self.amount


@dataclass(frozen=True)
class _Candidate:
    quantity: Quantity
    position: int
    score: int  # a race 3, a unit of the goal's own kind 2, any other unit 1


def normalised(text: str) -> str:
    """Lower case, compatibility forms folded (fullwidth digits, ㎞), every script's digits
    as ASCII digits, and the Arabic separators as , and ."""
    text = unicodedata.normalize("NFKC", text).replace("\u066c", ",").replace("\u066b", ".")
    return re.sub(r"\d", lambda match: str(unicodedata.decimal(match.group(), 0)), text).lower()


@cache
def _vocabulary() -> dict:
    with _DATA.open("rb") as data:
        table = tomllib.load(data)
    return {
        "words": {normalised(word): value for word, value in table["words"].items()},
        "multipliers": {normalised(word): value for word, value in table["multipliers"].items()},
        "rates": {per: tuple(normalised(word) for word in words) for per, words in table["rates"].items()},
        "races": sorted(((normalised(name), km) for name, km in table["races"].items()), key=lambda r: -len(r[0])),
        "limits": tuple(normalised(word) for word in table["limits"]["words"]),
    }


def _bounded(words: list[str]) -> re.Pattern[str]:
    """Whole words: Latin ones between non-letters, others between spaces or the ends."""
    latin = [re.escape(w) for w in sorted(words, key=len, reverse=True) if is_latin(w)]
    other = [re.escape(w) for w in sorted(words, key=len, reverse=True) if not is_latin(w)]
    parts = []
    if latin:
        parts.append(rf"(?<![a-z\u00c0-\u024f])(?:{'|'.join(latin)})(?![a-z\u00c0-\u024f])")
    if other:
        parts.append(rf"(?<!\S)(?:{'|'.join(other)})(?!\S)")
    return re.compile("|".join(parts))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    vocabulary = _vocabulary()
    multipliers = "|".join(re.escape(w) for w in sorted(vocabulary["multipliers"], key=len, reverse=True))
    return {
        "word_number": _bounded(list(vocabulary["words"])),
        "multiplier": re.compile(rf"\s?(?:{multipliers})(?![a-z\u00c0-\u024f])"),
        "races": _bounded([name for name, _ in vocabulary["races"]]),
    }


@cache
def _aliases() -> tuple[dict[str, list[tuple[Unit, str]]], list[tuple[str, Unit, str]], list[tuple[str, Unit]]]:
    """Whole-word aliases by word; the others (longest first) to match right after a
    number; and the aliases written before a number (longest first)."""
    words: dict[str, list[tuple[Unit, str]]] = {}
    attached: list[tuple[str, Unit, str]] = []
    before: list[tuple[str, Unit]] = []
    for unit in units().values():
        for alias in unit.aliases:
            text = normalised(alias.text)
            words.setdefault(text, []).append((unit, alias.kind))
            if not alias.latin:
                attached.append((text, unit, alias.kind))
        before += [(normalised(text), unit) for text in unit.before]
    attached.sort(key=lambda item: -len(item[0]))
    before.sort(key=lambda item: -len(item[0]))
    return words, attached, before


def _number_value(raw: str) -> float | None:
    if raw[0] in "一二三四五六七八九十百千":
        return _kanji_value(raw)
    if _SPACED_THOUSANDS.fullmatch(raw):
        return float(re.sub(r"\D", "", raw))
    raw = raw.replace("'", ",")
    separators = set(re.findall(r"[,.]", raw))
    groups = re.split(r"[,.]", raw)
    if not separators:
        return float(raw)
    if len(separators) == 2:  # 1.250,50 or 1,250.50: the last one is the decimal mark
        mark = raw[max(raw.rfind(","), raw.rfind("."))]
        whole, _, fraction = raw.rpartition(mark)
        return float(re.sub(r"[,.]", "", whole) + "." + fraction)
    if (all(len(group) == 3 for group in groups[1:]) and groups[0] != "0") or _INDIAN.fullmatch(raw):
        return float("".join(groups))
    if len(groups) == 2:
        return float(f"{groups[0]}.{groups[1]}")
    return None


def _kanji_value(raw: str) -> float | None:
    total, digit = 0, 0
    for char in raw:
        if char in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[char]
        else:
            total += (digit or 1) * _KANJI_POWERS[char]
            digit = 0
    return float(total + digit) or None


def _fits(kind: str, kinds: frozenset[str]) -> bool:
    return not kind or kind in kinds


def _unit_after(after: str, kinds: frozenset[str], *, word_number: bool) -> tuple[Unit, int] | None:
    """The unit following a number (a word or two may sit between), and where it ends."""
    words, attached, _ = _aliases()
    stripped = after.lstrip()
    for text, unit, kind in attached:
        if stripped.startswith(text) and _fits(kind, kinds):
            return unit, len(after) - len(stripped) + len(text)
    for index, token in enumerate(re.finditer(r"\S+", after[:80])):
        if index == (2 if word_number else 3):
            break
        word = token.group().strip(_TRIM)
        for unit, kind in words.get(word, ()):
            if _fits(kind, kinds):
                return unit, token.end()
        if word in _NOT_A_COUNT or not word or word[0].isdigit() or token.group()[-1] in ",.;:!?":
            break
    return None


def _unit_before(head: str) -> Unit | None:
    _, _, before = _aliases()
    head = head.rstrip()
    for text, unit in before:
        if head.endswith(text) and not (text[0].isalpha() and head[: -len(text)][-1:].isalpha()):
            return unit
    return None


def _rate(text: str, start: int, end: int) -> str:
    window = f"{text[max(start - 12, 0) : start]} {text[end : end + 25]}"
    for per, phrases in _vocabulary()["rates"].items():
        if any(phrase in window for phrase in phrases):
            return per
    return ""


def _is_limit(head: str) -> bool:
    head = head.rstrip()
    return any(head.endswith(word) for word in _vocabulary()["limits"])


def _number_candidates(text: str, kinds: frozenset[str]) -> list[_Candidate]:
    found = []
    matches = [(m.start(), m.end(), _number_value(m.group()), False) for m in _NUMBER.finditer(text)]
    words = _vocabulary()["words"]
    matches += [(m.start(), m.end(), float(words[m.group()]), True) for m in _patterns()["word_number"].finditer(text)]
    for start, end, value, word_number in sorted(matches):
        if value is None or value <= 0:
            continue
        after = text[end:]
        multiplier = _patterns()["multiplier"].match(after)
        factor = 1.0
        if multiplier and not word_number:
            factor = _vocabulary()["multipliers"][multiplier.group().strip()]
            after = after[multiplier.end() :]
        unit_end = end + (multiplier.end() if multiplier and not word_number else 0)
        located = _unit_after(after, kinds, word_number=word_number)
        unit = located[0] if located else (None if word_number else _unit_before(text[:start]))
        if unit is None and multiplier and multiplier.group().strip() == "k" and "running" in kinds:
            unit, factor = units()["km"], 1.0  # "a 10K": a race distance
        if unit is None or _is_limit(text[:start]):
            continue
        unit_end += located[1] if located else 0
        quantity = Quantity(value * factor, unit.key, _rate(text, start, unit_end))
        found.append(_Candidate(quantity, start, 2 if unit.playbook in kinds else 1))
    return found


def _race_candidates(text: str) -> list[_Candidate]:
    races = dict(_vocabulary()["races"])
    return [
        _Candidate(Quantity(races[match.group()], "km"), match.start(), 3)
        for match in _patterns()["races"].finditer(text)
    ]


def quantities_in(text: str, kinds: frozenset[str] = frozenset()) -> list[Quantity]:
    """Every quantity the text names, in order. `kinds` are the kinds of goal the text
    reads as ("running"), for the units whose words depend on it."""
    text = normalised(text)
    candidates = sorted(_number_candidates(text, kinds) + _race_candidates(text), key=lambda c: c.position)
    return [candidate.quantity for candidate in candidates]


def goal_quantity(text: str, kinds: frozenset[str] = frozenset()) -> Quantity | None:
    """The quantity a goal is about: a race, else one in a unit of the goal's kind, else the first."""
    text = normalised(text)
    candidates = _number_candidates(text, kinds) + _race_candidates(text)
    if not candidates:
        return None
    return max(candidates, key=lambda candidate: (candidate.score, -candidate.position)).quantity
