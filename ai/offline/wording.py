"""How a session's description is written: a playbook template filled in, its progress
("(5,000 of 20,000)") after it, in at most DESCRIPTION_MAX characters, never cut mid-word.

A template that would run long gives way to the next variant, then loses its trailing
clause ("Read 45 pages of your book; note one idea" -> "Read 45 pages of your book"):
the instruction stays whole and the goal is never quoted cut off.
"""

from __future__ import annotations

import re
import string

from ai.offline.goals import shorten
from ai.offline.units import Unit

DESCRIPTION_MAX = 100
INTENT_MAX = 300
_CLAUSE_ENDS = ("; ", ", ", ": ", " (")


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, values: dict[str, object]) -> str:
    text = string.Formatter().vformat(template, (), _Values(values))
    # "Send the last 1 application" reads "Send the last application".
    return re.sub(r"\bthe (last|final) 1 ", r"the \1 ", " ".join(text.split()))


def _trimmed(text: str, room: int) -> str | None:
    while len(text) > room:
        cuts = [text.rfind(end) for end in _CLAUSE_ENDS]
        cut = max(cuts)
        if cut <= 0:
            return None
        text = text[:cut].rstrip(" ,;:")
    return text


def fitted(templates: tuple[str, ...], values: dict[str, object], suffix: str = "", start: int = 0) -> str:
    """The first variant (from `start`, in turn) that fits with its suffix, else one trimmed to fit."""
    order = [templates[(start + offset) % len(templates)] for offset in range(len(templates))]
    texts = [fill(template, values) for template in order]
    room = DESCRIPTION_MAX - len(suffix)
    for text in texts:
        if len(text) <= room:
            return capitalised(text + suffix)
    for text in texts:
        trimmed = _trimmed(text, room)
        if trimmed:
            return capitalised(trimmed + suffix)
    return capitalised(shorten(texts[0], room) + suffix)  # no template here runs this long


def appended(text: str, suffix: str) -> str:
    """The text with a suffix, its trailing clause dropped if both would not fit."""
    room = DESCRIPTION_MAX - len(suffix)
    return (_trimmed(text, room) or shorten(text, room)) + suffix


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def progress(unit: Unit, done: float, total: float | None) -> str:
    """" (5,000 of 20,000)", or " (1,500 so far)" when the month has no stated total."""
    if total is None:
        return f" ({unit.number(done)} so far)"
    return f" ({unit.number(done)} of {unit.number(total)})"


def items_done(unit: Unit, done: float, total: float) -> str:
    """" (2 of 5 songs)": a small count, item by item."""
    return f" ({unit.number(done)} of {unit.number(total)} {unit.many if total != 1 else unit.one})"


def intent_text(text: str) -> str:
    return shorten(" ".join(text.split()), INTENT_MAX)
