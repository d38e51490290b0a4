"""A small YAML writer for plain data: what the synthetic ISMS generator writes its models with.

PyYAML's own dumper would do, but even with its C emitter it takes about 3 s to represent 20,000
assets, more than all the rest of a benchmark-sized generation. The data written here is plain
(mappings with text keys, lists, text, numbers, booleans, dates, None), so a writer for just that is
short, and fast enough.

Text is written plain when it reads back as the same text both in YAML 1.2 (how
:mod:`isms.core.yamlsafe` reads registers and front matter) and in YAML 1.1 (how PyYAML, and so
MkDocs, reads front matter and ``mkdocs.yml``): it starts with a letter, holds no ``:`` or ``#`` (and,
inside a flow collection, no ``,[]{}``), and is not a word either version reads as a boolean or null.
Anything else is double-quoted with escapes, which both read back exactly: ``5.10`` and ``1.0`` stay
text, ``No`` stays text, a newline stays a newline.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from typing import Any

_PLAIN_BLOCK = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ,;%!?()/'&.+_\[\]{}-]*[A-Za-z0-9).])?").fullmatch
_PLAIN_FLOW = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ;%!?()/'&.+_-]*[A-Za-z0-9).])?").fullmatch
_RESERVED_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])
# Inside double quotes YAML folds line breaks (including NEL, U+2028 and U+2029) and refuses control
# characters, so those are escaped along with the quote and the backslash.
_UNSAFE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@functools.lru_cache(maxsize=1 << 16)  # owners, types, locations and ids repeat thousands of times
def _text(text: str, flow: bool) -> str:
    """``text`` as a YAML scalar: plain when both YAML versions read it back as this text, else quoted."""
    plain = _PLAIN_FLOW(text) if flow else _PLAIN_BLOCK(text)
    if plain is not None and text.lower() not in _RESERVED_WORDS:
        return text
    return '"' + _UNSAFE.sub(_escape, text) + '"'


def _number(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    number = repr(value)
    return number if "." in number else number.replace("e", ".0e")  # YAML 1.1 reads 1e+16 as text


def _moment(value: dt.datetime) -> str:
    if value.utcoffset() is None:
        raise TypeError(f"the YAML writer has no form for datetime without a time zone: {value!r}")
    return value.isoformat(timespec="minutes")


# By exact type: a datetime is a moment with its offset (incidents), not a date; and bool is not an int.
_FORMS: dict[type, Callable[[Any], str]] = {
    bool: lambda value: "true" if value else "false",
    int: int.__repr__,
    float: _number,
    dt.date: dt.date.isoformat,
    dt.datetime: _moment,
    type(None): lambda _value: "null",
}


def _scalar(value: object, flow: bool = False) -> str:
    if type(value) is str:
        return _text(value, flow)
    form = _FORMS.get(type(value))
    if form is None:
        raise TypeError(f"the YAML writer has no form for {type(value).__name__}: {value!r}")
    return form(value)


def _flow(items: list[Any]) -> str | None:
    """``items`` as a flow list ``[a, b]``, or None when one of them is a list or a mapping."""
    parts = []
    for item in items:
        kind = type(item)
        if kind is str:
            parts.append(_text(item, True))
        elif kind is dict or kind is list:
            return None
        else:
            parts.append(_scalar(item, True))
    return "[" + ", ".join(parts) + "]"


_FLOW_WIDTH = 60
"""Longest small mapping written on one line, as authors write ``inherent: {likelihood: 2, impact: 4}``."""


def _flow_mapping(data: dict[str, Any]) -> str | None:
    """``data`` as a flow mapping when it holds only scalars and is short, else None."""
    parts = []
    for key, value in data.items():
        kind = type(value)
        if kind is dict or kind is list:
            return None
        parts.append(f"{_text(key, True)}: {_text(value, True) if kind is str else _scalar(value, True)}")
    text = "{" + ", ".join(parts) + "}"
    return text if len(text) <= _FLOW_WIDTH else None


# The two functions below run once for every value of a benchmark-sized repository (about half a
# million), so the common case, text, is tested first and the rest is dispatched on exact types.


def _mapping(data: dict[str, Any], indent: str, out: list[str], lead: str) -> None:
    """Write ``data`` at ``indent``; ``lead`` opens its first line (``indent``, or ``'- '`` in a list)."""
    inner = indent + "  "
    for key, value in data.items():
        kind = type(value)
        if kind is str:
            out.append(f"{lead}{_text(key, False)}: {_text(value, False)}\n")
        elif kind is list:
            flow = _flow(value)
            if flow is not None:
                out.append(f"{lead}{_text(key, False)}: {flow}\n")
            else:
                out.append(f"{lead}{_text(key, False)}:\n")
                _sequence(value, inner, out)
        elif kind is dict:
            flow = _flow_mapping(value)
            if flow is not None:
                out.append(f"{lead}{_text(key, False)}: {flow}\n")
            else:
                out.append(f"{lead}{_text(key, False)}:\n")
                _mapping(value, inner, out, inner)
        else:
            out.append(f"{lead}{_text(key, False)}: {_scalar(value)}\n")
        lead = indent


def _sequence(items: list[Any], indent: str, out: list[str]) -> None:
    inner = indent + "  "
    for item in items:
        kind = type(item)
        if kind is dict and item:
            _mapping(item, inner, out, indent + "- ")
        elif kind is dict:
            out.append(indent + "- {}\n")
        elif kind is list:
            flow = _flow(item)
            if flow is not None:
                out.append(f"{indent}- {flow}\n")
            else:
                out.append(indent + "-\n")
                _sequence(item, inner, out)
        else:
            out.append(f"{indent}- {_scalar(item)}\n")


def dump(data: dict[str, Any]) -> str:
    """``data`` (mappings, lists, text, numbers, booleans, dates, None) as a block-style YAML document.

    Lists of scalars are written as flow lists (``[a, b]``), short mappings of scalars as flow mappings
    (``{likelihood: 2, impact: 4}``); every value reads back equal, through
    :func:`isms.core.yamlsafe.loads` and through PyYAML's safe loader alike.
    """
    out: list[str] = []
    _mapping(data, "", out, "")
    return "".join(out)
