"""Safe, line-aware YAML loading.

Registers are read from libyaml's event stream rather than through PyYAML's loaders: events carry
the line of every value, arrive fast from C, and let us refuse what a register never needs (Python
or custom tags, runaway nesting, alias bombs, duplicate keys) before any of it is built.

Every mapping becomes a :class:`Mapping` and every sequence a :class:`Sequence`: plain ``dict`` and
``list`` subclasses that also remember the line of each key or item, so later stages can report
``path:line`` for any value without a second parse.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, cast

import yaml

try:  # libyaml is bundled in PyYAML's wheels; the pure-Python parser is the slow fallback.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.parser import Parser as _ParserBase
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _ParserBase):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _ParserBase.__init__(self)


MAX_BYTES = 32 * 1024 * 1024
"""Largest register file read; a bigger register belongs in a folder of files."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences; registers need fewer than ten levels."""
ALIAS_EXPANSION_FACTOR = 10
"""Aliases may make the data at most this many times larger than the file's own nodes."""


class YamlError(Exception):
    """The file cannot be used as YAML; ``line`` is 1-based (0 when the whole file is at fault)."""

    def __init__(self, message: str, line: int = 0, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


class Mapping(dict[Any, Any]):
    """A YAML mapping that knows its own line and the line of each key."""

    __slots__ = ("key_lines", "line", "merged")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        self.merged: set[Any] = set()  # keys taken from a '<<' merge, which explicit keys override


class Sequence(list[Any]):
    """A YAML sequence that knows its own line and the line of each item."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class Number(float):
    """A YAML float that keeps the text it was written as.

    ``5.10`` and ``1.10`` are control numbers and versions far more often than they are numbers;
    keeping the text lets those fields read what the author wrote, not ``5.1``.
    """

    text: str

    def __new__(cls, value: float, text: str) -> Number:
        number = super().__new__(cls, value)
        number.text = text
        return number


class Reread:
    """The entries of one register file, parsed again from disk only when one of them is asked for.

    A loaded entry used to keep the YAML it was read from (a :class:`Mapping` per entry, with the line of
    every key) for the life of the model, which made a model several times the size of its files. An
    entry now keeps this shared source, its index and its first line; the few that a finding is about
    are looked up here, and the file is parsed once for all of them.
    """

    __slots__ = ("_items", "key", "path")

    def __init__(self, path: str, key: str) -> None:
        self.path = path  # absolute
        self.key = key
        self._items: Any = None

    def item(self, index: int, line: int) -> Any:
        """The ``index``-th entry as read; None when the file no longer holds it where it was (changed since)."""
        if self._items is None:
            try:
                with open(self.path, "rb") as stream:
                    data = loads(decode(stream.read()))
            except (OSError, YamlError):
                data = None
            items = data.get(self.key) if isinstance(data, Mapping) else None
            self._items = items if isinstance(items, Sequence) else Sequence(0)
        items = self._items
        if index < len(items) and items.item_lines[index] == line:
            return items[index]
        return None


@dataclass(frozen=True)
class Respliced:
    """A file parsed again by its one changed entry (see :func:`loads_changed`)."""

    data: Mapping
    index: int  # the entry that changed


_ANCHOR_MARKS = ("&", "*")


def loads_changed(old_text: str, old: Any, key: str, text: str) -> Respliced | None:
    """``text`` parsed, when it differs from ``old_text`` (parsed as ``old``) only inside one entry of the
    block sequence under ``key`` and has as many lines: that entry alone is parsed again, and put in the
    place of the old one (no line moved). None when the texts differ otherwise, when either entry holds a
    ``&`` or ``*`` (an anchor or alias may tie it to others), or when the entry alone does not parse as one
    entry: then the whole text is to be parsed, and reports what is wrong.

    ``mkdocs serve`` parses a register again on every save, and one entry is what a save usually changes:
    parsing all 5,000 risks again took a sixth of the reload.
    """
    items = old.get(key) if type(old) is Mapping else None
    if type(items) is not Sequence or not items:
        return None
    if any(_other_breaks(version) for version in (old_text, text)):
        return None  # YAML counts lines its own way there: the lines below would not be its lines
    old_lines, lines = old_text.split("\n"), text.split("\n")
    if len(old_lines) != len(lines):
        return None
    first = next((i for i, (a, b) in enumerate(zip(old_lines, lines, strict=True)) if a != b), None)
    if first is None:
        return None
    last = next(i for i in range(len(lines) - 1, first - 1, -1) if old_lines[i] != lines[i])
    starts = items.item_lines  # 1-based lines: the entry at starts[k] runs until the line before starts[k + 1]
    index = bisect.bisect_right(starts, first + 1) - 1
    if index < 0 or starts[index] - 1 > first:
        return None
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(lines)
    if last >= end or (index + 1 < len(starts) and starts[index + 1] <= starts[index]):
        return None
    begin = starts[index] - 1
    before, after = "\n".join(old_lines[begin:end]), "\n".join(lines[begin:end])
    if any(mark in block for mark in _ANCHOR_MARKS for block in (before, after)):
        return None
    if not (lines[begin].lstrip().startswith("- ") and old_lines[begin].lstrip().startswith("- ")):
        return None  # not an entry of a block sequence (a flow sequence, an entry on its key's line)
    try:
        parsed = loads(after, line_offset=begin)
    except YamlError:
        return None  # reported by the whole text's parse, if it is an error there too
    if type(parsed) is not Sequence or len(parsed) != 1 or parsed.item_lines != [starts[index]]:
        return None
    entries = Sequence(items.line)
    entries.extend(items)
    entries.item_lines = list(starts)
    entries[index] = parsed[0]
    data = Mapping(old.line)
    data.update(old)
    data.key_lines = dict(old.key_lines)
    data.merged = set(old.merged)
    data[key] = entries
    return Respliced(data, index)


_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
"""What YAML 1.1 also reads as a line break (a carriage return alone, NEL, line and paragraph separators)."""


def _other_breaks(text: str) -> bool:
    return any(mark in text for mark in _OTHER_BREAKS) and any(
        mark in text.replace("\r\n", "\n") for mark in _OTHER_BREAKS
    )


def line_of(data: Any, path: tuple[Any, ...], default: int = 0) -> int:
    """The line of the value at ``path`` inside loaded data, or of its nearest known parent."""
    line = getattr(data, "line", default)
    node = data
    for key in path:
        if isinstance(node, Mapping) and key in node.key_lines:
            line = node.key_lines[key]
            node = node[key]
        elif isinstance(node, Sequence) and isinstance(key, int) and 0 <= key < len(node):
            line = node.item_lines[key]
            node = node[key]
        else:
            break
    return line


@dataclass(frozen=True)
class _Core:
    """YAML 1.2 core schema resolution for plain scalars.

    YAML 1.1's ``yes``/``no``/``on``/``off`` booleans and sexagesimal numbers are not applied: in a
    register ``NO`` is Norway and ``12:30`` is a time, not 750. Dates stay text; date fields parse them,
    so a quoted and an unquoted date mean the same and ``2025-02-30`` gets a precise message.
    """

    integer = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
    decimal = re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    )


_CORE = _Core()
_STR = "tag:yaml.org,2002:str"
_KNOWN_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


_WORDS: dict[str, Any] = {
    word: value
    for words, value in (("~ null Null NULL", None), ("true True TRUE", True), ("false False FALSE", False))
    for word in words.split()
}
_WORDS[""] = None
_NUMERIC_START = frozenset("0123456789+-.")


def _plain(value: str) -> Any:
    if value in _WORDS:
        return _WORDS[value]
    if value[:1] not in _NUMERIC_START:
        return value  # the common case: text
    if _CORE.integer.match(value):
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)
    if _CORE.decimal.match(value):
        lowered = value.lower()
        if lowered.endswith("inf"):
            number = float("-inf") if value.startswith("-") else float("inf")
        elif lowered.endswith("nan"):
            number = float("nan")
        else:
            number = float(value)
        return Number(number, value)
    return value


def _scalar(event: yaml.ScalarEvent, line: int) -> Any:
    tag = event.tag
    if tag == "!":
        return event.value
    if tag is None or tag not in _KNOWN_TAGS:
        raise _bad_tag(str(tag), line)
    if tag == _STR:
        return event.value
    value = _plain(event.value)
    expected = {
        "tag:yaml.org,2002:int": int,
        "tag:yaml.org,2002:float": float,
        "tag:yaml.org,2002:bool": bool,
        "tag:yaml.org,2002:null": type(None),
    }.get(tag)
    if expected is None or not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise YamlError(f"{event.value!r} does not fit the tag {tag!r}", line, "remove the tag or fix the value")
    return value


def _problem(exc: yaml.YAMLError, text: str, line_offset: int) -> YamlError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 + line_offset if mark is not None else 0
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    hint = "check the indentation and quoting on this line and the one above"
    if "maximum nesting depth" in str(problem):  # libyaml 0.2.5's own limit, met before ours
        return _too_deep(line)
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        message = f"YAML syntax: {exc.reason} (character {exc.position})"
        hint = "the file holds a character YAML does not allow; save it as plain UTF-8 text"
    return YamlError(message, line, hint)


def loads(text: str, line_offset: int = 0) -> Any:
    """Parse one YAML document from ``text``.

    ``line_offset`` is added to every line (front matter starts below the ``---`` line of a page).
    Returns ``None`` for an empty document; raises :class:`YamlError` for anything unusable.
    """
    # This loop runs once per value of every register, so the common cases are inlined.
    stack: list[Any] = []  # open containers, innermost last
    anchors: dict[str, tuple[Any, int]] = {}
    aliased = 0  # nodes added by aliases beyond the file's own
    nodes = 0
    documents = 0
    root: Any = None
    parser = None
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    try:
        parser = _Parser(text)
        get_event = parser.get_event
        while True:
            event: Any = get_event()
            kind = type(event)
            if kind is scalar_event:
                nodes += 1
                line = event.start_mark.line + 1 + line_offset
                if event.tag is None and event.implicit[0]:
                    value = _plain(event.value)
                elif event.tag is None:
                    value = event.value
                else:
                    value = _scalar(event, line)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
                if stack:
                    frame = stack[-1]
                    parent = frame.container
                    if frame.key is _NO_KEY and type(parent) is Mapping and type(value) is str:
                        if value in parent.key_lines and value not in parent.merged:
                            _duplicate(parent, value, line)
                        frame.key = value
                        parent.key_lines[value] = line
                    else:
                        frame.add(value, line, 1)
                else:
                    root = value
            elif kind is map_start or kind is seq_start:
                nodes += 1
                line = event.start_mark.line + 1 + line_offset
                if len(stack) >= MAX_DEPTH:
                    raise _too_deep(line)
                if event.tag is not None and event.tag not in _KNOWN_TAGS and event.tag != "!":
                    raise _bad_tag(event.tag, line)
                container = Mapping(line) if kind is map_start else Sequence(line)
                stack.append(_Frame(container, event.anchor))
            elif kind is map_end or kind is seq_end:
                frame = stack.pop()
                if frame.anchor is not None:
                    anchors[frame.anchor] = (frame.container, frame.size)
                if stack:
                    stack[-1].add(frame.container, frame.container.line, frame.size)
                else:
                    root = frame.container
            elif kind is alias_event:
                nodes += 1
                line = event.start_mark.line + 1 + line_offset
                if event.anchor not in anchors:
                    raise YamlError(
                        f"the alias *{event.anchor} has no anchor before it",
                        line,
                        "define the anchor (&name) before using it, and never inside itself",
                    )
                value, size = anchors[event.anchor]
                aliased += size
                if aliased > ALIAS_EXPANSION_FACTOR * max(nodes, 1000):
                    raise YamlError(
                        "aliases expand the data far beyond the size of the file (an alias bomb?)",
                        line,
                        "write the values out instead of repeating anchors inside anchors",
                    )
                if stack:
                    stack[-1].add(value, line, size)
                else:
                    root = value
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        "the file holds more than one YAML document",
                        event.start_mark.line + 1 + line_offset,
                        "remove the second '---' line: a register is one document",
                    )
            elif kind is yaml.StreamEndEvent:
                break
    except yaml.YAMLError as exc:
        raise _problem(exc, text, line_offset) from None
    finally:
        if parser is not None:
            parser.dispose()
    return root


class _Frame:
    """A container being built, with the key waiting for its value and its expanded size."""

    __slots__ = ("anchor", "container", "key", "size")

    def __init__(self, container: Mapping | Sequence, anchor: str | None) -> None:
        self.container = container
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.size = 1

    def add(self, value: Any, line: int, size: int) -> None:
        self.size += size
        parent = self.container
        if type(parent) is Sequence:
            parent.append(value)
            parent.item_lines.append(line)
            return
        mapping = cast(Mapping, parent)
        key = self.key
        if key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YamlError(
                    "a mapping key must be plain text, not a list or a mapping",
                    line,
                    "write the key as text followed by a colon",
                )
            if isinstance(value, Number):
                value = value.text
            if value in mapping.key_lines and value != _MERGE and value not in mapping.merged:
                _duplicate(mapping, value, line)
            self.key = value
            mapping.key_lines[value] = line
            mapping.merged.discard(value)
            return
        self.key = _NO_KEY
        if key == _MERGE:
            _merge(mapping, value, line)
        else:
            mapping[key] = value


def _duplicate(parent: Mapping, key: Any, line: int) -> None:
    raise YamlError(
        f"the key {key!r} appears twice in this mapping (first on line {parent.key_lines[key]})",
        line,
        "keep one of them: YAML would silently drop the first",
    )


def _too_deep(line: int) -> YamlError:
    return YamlError(
        f"the data is nested more than {MAX_DEPTH} levels deep",
        line,
        "registers need only a few levels of nesting; flatten the structure",
    )


def _bad_tag(tag: str, line: int) -> YamlError:
    return YamlError(
        f"the tag {tag!r} is not allowed",
        line,
        "registers hold plain data: remove the tag (Python and custom tags are never loaded)",
    )


_NO_KEY = object()
_MERGE = "<<"


def _merge(parent: Mapping, value: Any, line: int) -> None:
    sources = value if isinstance(value, list) else [value]
    for source in sources:
        if not isinstance(source, Mapping):
            raise YamlError("'<<' merges only mappings", line, "merge an anchored mapping: <<: *name")
        for key, item in source.items():
            if key not in parent:
                parent[key] = item
                parent.key_lines.setdefault(key, line)
                parent.merged.add(key)
    parent.key_lines.pop(_MERGE, None)


def decode(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8 text, refusing binary data with a clear message."""
    if b"\x00" in raw[:8192] or b"\x00" in raw:
        raise YamlError("the file is binary, not text (it contains NUL bytes)", 0, "registers are UTF-8 text files")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            line,
            "save the file as UTF-8",
        ) from None
    return text


def check_size(size: int) -> None:
    """Refuse a file above :data:`MAX_BYTES` before reading it."""
    if size > MAX_BYTES:
        raise YamlError(
            f"the file is {size / 1048576:.1f} MiB, above the limit of {MAX_BYTES // 1048576} MiB",
            0,
            "split a large register into a folder of files (for example registers/assets/*.yml)",
        )
