"""The API's one JSON parser (DEFAULT_PARSER_CLASSES): DRF's, with the limits that keep
hostile bodies from answering 500.

- Size: Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before it is read; the
  exception handler (config.api.errors) makes that a JSON 413.
- Depth: Python's json recurses once per `[` or `{`, so 100 000 of them raise
  RecursionError. The raw bytes are scanned for bracket depth outside strings first, and
  anything deeper than MAX_JSON_DEPTH is a 400 before the decoder sees it.
- Text PostgreSQL cannot store: a NUL (`\\u0000`) or a lone UTF-16 surrogate (`\\ud800`
  with no partner) decodes to a Python string that fails only when it reaches the
  database. Both can only arrive as `\\u` escapes (raw NUL bytes and encoded surrogates are
  already invalid JSON / UTF-8), so the decoded values are only walked when the body has
  one. The 400 names the field, with the path to it when it is nested.
"""

import codecs
import io
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings as django_settings
from rest_framework import exceptions, parsers

from config.refusal import Refusal

MAX_JSON_DEPTH = 32
DEPTH_MESSAGE = f"The JSON is nested too deeply: at most {MAX_JSON_DEPTH} levels of [ and {{ are accepted."
NUL_MESSAGE = "Text may not contain NUL (\\u0000) characters."
SURROGATE_MESSAGE = "Text may not contain a lone UTF-16 surrogate (\\ud800 to \\udfff) that is not half of a pair."

# A JSON string, unrolled so that a long one costs one linear pass and no backtracking.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")
# json.loads joins a valid pair into one character, so any surrogate left is a lone one.
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNPRINTABLE_IN_A_NAME = re.compile("[\x00-\x1f\ud800-\udfff]")


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the brackets outside strings nest deeper than `limit`."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub(b'""', body)):
        if bracket in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _name(key: str) -> str:
    """A key as it can be shown back: control characters and surrogates as escapes."""
    return _UNPRINTABLE_IN_A_NAME.sub(lambda match: f"\\u{ord(match.group()):04x}", key)


def _unstorable(text: str) -> str | None:
    if "\x00" in text:
        return NUL_MESSAGE
    if _SURROGATE.search(text):
        return SURROGATE_MESSAGE
    return None


def _unstorable_text(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        problem = _unstorable(value)
        if problem:
            yield path, problem
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_text(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = _unstorable(key)
            if problem:
                yield (*path, _name(key)), problem
            else:
                yield from _unstorable_text(item, (*path, key))


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def refuse_unstorable_text(data: Any) -> None:
    """Raises a 400 Refusal naming the first field whose text PostgreSQL cannot store."""
    for path, problem in _unstorable_text(data):
        if not path or isinstance(path[0], int):
            raise Refusal(problem, errors={"non_field_errors": [problem]})
        field = str(path[0])
        message = f"{_dotted(path)}: {problem}"
        raise Refusal(message, field=field, errors={field: [problem] if len(path) == 1 else [message]})


class LimitedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        # DRF hands JSON over as request.body, which Django has already held to
        # DATA_UPLOAD_MAX_MEMORY_SIZE (an over-size body is a 413: config.api.errors).
        body = stream.read()
        # The scans below read UTF-8 bytes; a body sent in another charset is turned into it.
        parser_context = {**(parser_context or {})}
        encoding = parser_context.get("encoding") or django_settings.DEFAULT_CHARSET
        try:
            if codecs.lookup(encoding).name != "utf-8":
                body = body.decode(encoding).encode("utf-8")
                parser_context["encoding"] = "utf-8"
        except (UnicodeError, LookupError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if json_depth_exceeds(body):
            raise exceptions.ParseError(DEPTH_MESSAGE)
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:  # the scan above should make this unreachable
            raise exceptions.ParseError(DEPTH_MESSAGE) from None
        if b"\\u" in body:
            refuse_unstorable_text(data)
        return data
