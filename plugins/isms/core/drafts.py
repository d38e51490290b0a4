"""The vocabulary of ``isms new`` entry templates: what a template is given, and what it returns.

A register declares its template in the catalogue (:mod:`isms.core.catalogue`); :mod:`isms.core.scaffold`
writes what the template returns to the end of the register file. Keeping these few names apart lets the
catalogue declare templates without importing the scaffolding that writes files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isms.core.repository import Model

FILL = "(to fill in)"
"""Marks a value the author must still supply; ``isms new`` tells them to replace every one."""

Fields = list[tuple[str, str, str]]
"""The new entry, one ``(key, YAML value, comment)`` per line, the id first."""


class ScaffoldError(Exception):
    """What was asked cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Draft:
    """What an entry template needs: the model, the new id and title, its owner, the date, the options."""

    model: Model
    ident: str
    title: str
    owner: str
    as_of: dt.date
    options: dict[str, Any]


@dataclass(frozen=True)
class Template:
    """How ``isms new KIND`` starts an entry that passes ``isms check`` at once."""

    fields: Callable[[Draft], Fields]
    note: str = ""  # a comment written under the id, e.g. what is not assessed yet
    steps: tuple[str, ...] = ()  # what the author does next, printed after the entry is written


def quote(text: str) -> str:
    """``text`` as a YAML scalar that can never be read as anything but text."""
    return json.dumps(text, ensure_ascii=False)


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._/-]*")
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})  # YAML reads these as others


def ident(text: str) -> str:
    """An id as YAML: plain when YAML reads it back as the same text (``R-001``, ``ciso``), else quoted."""
    return text if _PLAIN.fullmatch(text) and text.lower() not in _WORDS else quote(text)
