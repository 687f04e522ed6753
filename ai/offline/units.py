"""The units a goal's quantity is counted in, and how the drafter writes an amount of one.

The units and their names in each language are data (units.toml, next to this module),
read once. A unit says whether sessions add up to it (``measure = "total"``: 20,000
words) or build up to it (``"distance"``: a 10 km run), and which kind of goal a bare
quantity of it means (300 pages: reading).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("units.toml")


@dataclass(frozen=True)
class Alias:
    text: str  # lower case
    kind: str  # the kind of goal it needs ("running" for "キロ@running"); "" for any
    latin: bool  # a whole word in Latin script; any other alias follows the number directly


@dataclass(frozen=True)
class Unit:
    key: str
    one: str
    many: str
    prefix: str  # money: "€"; then `one` and `many` are empty
    integral: bool
    measure: str  # "total" | "distance"
    playbook: str  # the kind of goal a bare quantity of it means; "" for any
    aliases: tuple[Alias, ...]
    before: tuple[str, ...]  # aliases written before the number

    def number(self, amount: float) -> str:
        """The amount as the drafter writes it: "1,250", "2.5", "0.4"."""
        return number_text(amount, integral=self.integral)

    def amount(self, amount: float) -> str:
        """An amount with its unit: "1,250 words", "1 song", "€125", "8 km"."""
        if self.prefix:
            return f"{self.prefix}{self.number(amount)}"
        return f"{self.number(amount)} {self.one if math.isclose(amount, 1) else self.many}"


def number_text(amount: float, *, integral: bool = True) -> str:
    if integral or math.isclose(amount, round(amount)):
        return f"{round(amount):,}"
    return f"{amount:,.1f}"


def is_latin(text: str) -> bool:
    return all(char.isascii() or "\u00c0" <= char <= "\u024f" for char in text)


def _alias(text: str) -> Alias:
    word, _, kind = text.partition("@")
    return Alias(text=word, kind=kind, latin=is_latin(word) and word[:1].isalpha())


@cache
def units() -> dict[str, Unit]:
    with _DATA.open("rb") as data:
        table = tomllib.load(data)
    return {
        key: Unit(
            key=key,
            one=entry.get("one", ""),
            many=entry.get("many", ""),
            prefix=entry.get("prefix", ""),
            integral=entry["integral"],
            measure=entry["measure"],
            playbook=entry.get("playbook", ""),
            aliases=tuple(_alias(text) for text in entry["aliases"]),
            before=tuple(entry.get("before", ())),
        )
        for key, entry in table.items()
    }


def unit(key: str) -> Unit:
    return units()[key]
