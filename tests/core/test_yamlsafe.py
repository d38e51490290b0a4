"""The safe, line-aware YAML loader: what it refuses, where it says the problem is, and what it keeps."""

from __future__ import annotations

import time

import pytest

from isms.core import yamlsafe
from isms.core.yamlsafe import Mapping, Number, Sequence, YamlError, line_of

SYNTAX_HINT = "check the indentation and quoting on this line and the one above"
TAG_HINT = "registers hold plain data: remove the tag (Python and custom tags are never loaded)"
DEPTH = "the data is nested more than 64 levels deep"
DEPTH_HINT = "registers need only a few levels of nesting; flatten the structure"


def refused(text: str, line_offset: int = 0) -> tuple[int, str, str]:
    with pytest.raises(YamlError) as caught:
        yamlsafe.loads(text, line_offset=line_offset)
    return caught.value.line, caught.value.message, caught.value.hint


@pytest.mark.parametrize(
    ("text", "line", "message", "hint"),
    [
        pytest.param(
            "a: 1\nb: c: d\n",
            2,
            "YAML syntax: mapping values are not allowed in this context",
            SYNTAX_HINT,
            id="colon-in-plain-value",
        ),
        pytest.param(
            "a:\n  b: 1\n c: 2\n",
            3,
            "YAML syntax: did not find expected key (while parsing a block mapping)",
            SYNTAX_HINT,
            id="bad-indentation",
        ),
        pytest.param(
            "a: [1, 2\nb: 3\n",
            2,
            "YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)",
            SYNTAX_HINT,
            id="unclosed-flow-sequence",
        ),
        pytest.param(
            "a: 'unterminated\n",
            2,
            "YAML syntax: found unexpected end of stream (while scanning a quoted scalar)",
            SYNTAX_HINT,
            id="unterminated-quote",
        ),
        pytest.param(
            "a: 1\nb:\n\tc: 1\n",
            3,
            "YAML syntax: found character that cannot start any token (while scanning for the next token)",
            SYNTAX_HINT,
            id="tab-indentation",
        ),
        pytest.param(
            "a: 1\nb: \x07\n",
            2,
            "YAML syntax: control characters are not allowed (character 8)",
            "the file holds a character YAML does not allow; save it as plain UTF-8 text",
            id="control-character",
        ),
        pytest.param(
            "id: A\nname: x\nid: B\n",
            3,
            "the key 'id' appears twice in this mapping (first on line 1)",
            "keep one of them: YAML would silently drop the first",
            id="duplicate-key",
        ),
        pytest.param(
            "items:\n  - id: A\n    name: x\n    name: y\n",
            4,
            "the key 'name' appears twice in this mapping (first on line 3)",
            "keep one of them: YAML would silently drop the first",
            id="duplicate-key-nested",
        ),
        pytest.param(
            "5.10: a\n5.10: b\n",
            2,
            "the key '5.10' appears twice in this mapping (first on line 1)",
            "keep one of them: YAML would silently drop the first",
            id="duplicate-number-key",
        ),
        pytest.param(
            "a: !!python/object/apply:os.system [echo pwned]\n",
            1,
            "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
            TAG_HINT,
            id="python-apply-tag",
        ),
        pytest.param(
            "a: 1\nb: !!python/name:os.system\n",
            2,
            "the tag 'tag:yaml.org,2002:python/name:os.system' is not allowed",
            TAG_HINT,
            id="python-name-tag",
        ),
        pytest.param(
            "!!python/object:os.Thing {a: 1}\n",
            1,
            "the tag 'tag:yaml.org,2002:python/object:os.Thing' is not allowed",
            TAG_HINT,
            id="python-object-tag-on-mapping",
        ),
        pytest.param("a: !custom x\n", 1, "the tag '!custom' is not allowed", TAG_HINT, id="custom-tag"),
        pytest.param("a: !Ref [x]\n", 1, "the tag '!Ref' is not allowed", TAG_HINT, id="custom-tag-on-sequence"),
        pytest.param(
            "a: 1\nb: !!int many\n",
            2,
            "'many' does not fit the tag 'tag:yaml.org,2002:int'",
            "remove the tag or fix the value",
            id="standard-tag-wrong-value",
        ),
        pytest.param(
            "a: 1\n---\nb: 2\n",
            2,
            "the file holds more than one YAML document",
            "remove the second '---' line: a register is one document",
            id="two-documents",
        ),
        pytest.param(
            "a: *nowhere\n",
            1,
            "the alias *nowhere has no anchor before it",
            "define the anchor (&name) before using it, and never inside itself",
            id="alias-without-anchor",
        ),
        pytest.param(
            "a: &x [1, *x]\n",
            1,
            "the alias *x has no anchor before it",
            "define the anchor (&name) before using it, and never inside itself",
            id="recursive-alias",
        ),
        pytest.param(
            "? [a, b]\n: 1\n",
            1,
            "a mapping key must be plain text, not a list or a mapping",
            "write the key as text followed by a colon",
            id="list-as-key",
        ),
        pytest.param(
            "a:\n  <<: [1]\n",
            2,
            "'<<' merges only mappings",
            "merge an anchored mapping: <<: *name",
            id="merge-of-a-list-of-scalars",
        ),
        pytest.param("[" * 65 + "]" * 65, 1, DEPTH, DEPTH_HINT, id="nested-65-levels"),
    ],
)
def test_refused_with_line_and_message(text: str, line: int, message: str, hint: str) -> None:
    assert refused(text) == (line, message, hint)


def test_line_offset_moves_every_line() -> None:
    """Front matter starts on line 2 of a page; the offset makes errors point at the page's own lines."""
    assert refused("id: A\nid: B\n", line_offset=1) == (
        3,
        "the key 'id' appears twice in this mapping (first on line 2)",
        "keep one of them: YAML would silently drop the first",
    )
    assert refused("a: 1\nb: c: d\n", line_offset=1)[0] == 3
    data = yamlsafe.loads("a: 1\nb:\n  - x\n", line_offset=1)
    assert (line_of(data, ("a",)), line_of(data, ("b",)), line_of(data, ("b", 0))) == (2, 3, 4)


def test_nesting_is_accepted_up_to_the_limit() -> None:
    data = yamlsafe.loads("[" * 64 + "]" * 64)
    depth = 0
    while isinstance(data, list):
        depth += 1
        data = data[0] if data else None
    assert depth == 64


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("[" * 100_000, 1, id="100000-open-brackets"),
        pytest.param("{" * 100_000, 1, id="100000-open-braces"),
        pytest.param("- " * 100_000 + "x", 1, id="100000-nested-block-items"),
        pytest.param("a:\n" + "".join(" " * n + "a:\n" for n in range(1, 5000)), 65, id="5000-nested-mappings"),
    ],
)
def test_deep_nesting_is_refused_quickly(text: str, line: int) -> None:
    started = time.perf_counter()
    assert refused(text) == (line, DEPTH, DEPTH_HINT)
    assert time.perf_counter() - started < 2


def billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("levels", "line"), [(9, 5), (30, 5)])
def test_alias_bomb_is_refused_quickly(levels: int, line: int) -> None:
    started = time.perf_counter()
    assert refused(billion_laughs(levels)) == (
        line,
        "aliases expand the data far beyond the size of the file (an alias bomb?)",
        "write the values out instead of repeating anchors inside anchors",
    )
    assert time.perf_counter() - started < 2


def test_modest_aliases_are_allowed() -> None:
    data = yamlsafe.loads("base: &b {owner: ciso, status: open}\nx: *b\ny: *b\n")
    assert data == {"base": {"owner": "ciso", "status": "open"}, "x": data["base"], "y": data["base"]}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_empty_document_is_none(text: str) -> None:
    assert yamlsafe.loads(text) is None


def test_one_explicit_document_is_fine() -> None:
    assert yamlsafe.loads("---\na: 1\n...\n") == {"a": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("d:\n  <<: {x: 1, y: 2}\n", {"x": 1, "y": 2}, id="merge-only"),
        pytest.param("d:\n  <<: {x: 1, y: 2}\n  y: 3\n", {"x": 1, "y": 3}, id="explicit-key-after-merge-wins"),
        pytest.param("d:\n  y: 3\n  <<: {x: 1, y: 2}\n", {"y": 3, "x": 1}, id="explicit-key-before-merge-wins"),
        pytest.param("d:\n  <<: [{x: 1}, {x: 2, z: 3}]\n", {"x": 1, "z": 3}, id="first-of-several-merges-wins"),
    ],
)
def test_merge_keys(text: str, expected: dict[str, int]) -> None:
    assert yamlsafe.loads(text)["d"] == expected


def test_merge_from_anchor_keeps_lines() -> None:
    data = yamlsafe.loads("base: &b\n  owner: ciso\nrisk:\n  <<: *b\n  id: R-1\n")
    risk = data["risk"]
    assert risk == {"owner": "ciso", "id": "R-1"}
    assert "<<" not in risk.key_lines
    assert (line_of(data, ("risk", "owner")), line_of(data, ("risk", "id"))) == (4, 5)


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        pytest.param("yes", "yes", str, id="yes"),
        pytest.param("no", "no", str, id="no"),
        pytest.param("NO", "NO", str, id="Norway"),
        pytest.param("on", "on", str, id="on"),
        pytest.param("off", "off", str, id="off"),
        pytest.param("y", "y", str, id="y"),
        pytest.param("true", True, bool, id="true"),
        pytest.param("False", False, bool, id="False"),
        pytest.param("~", None, type(None), id="tilde"),
        pytest.param("null", None, type(None), id="null"),
        pytest.param("12:30", "12:30", str, id="sexagesimal-stays-text"),
        pytest.param("2026-11-28", "2026-11-28", str, id="date-stays-text"),
        pytest.param("42", 42, int, id="int"),
        pytest.param("-7", -7, int, id="negative-int"),
        pytest.param("0o17", 15, int, id="octal"),
        pytest.param("0x1F", 31, int, id="hex"),
        pytest.param("017", 17, int, id="leading-zero-is-decimal"),
        pytest.param("'5.10'", "5.10", str, id="quoted-number"),
        pytest.param("R-1", "R-1", str, id="id"),
    ],
)
def test_plain_scalars_follow_yaml_1_2(text: str, value: object, kind: type) -> None:
    loaded = yamlsafe.loads(f"v: {text}\n")["v"]
    assert loaded == value
    assert type(loaded) is kind


@pytest.mark.parametrize(
    ("text", "number"), [("5.10", 5.1), ("1.10", 1.1), ("1.0", 1.0), ("2e3", 2000.0), ("-0.5", -0.5)]
)
def test_number_keeps_its_text(text: str, number: float) -> None:
    loaded = yamlsafe.loads(f"v: {text}\n")["v"]
    assert isinstance(loaded, Number)
    assert loaded == number
    assert loaded.text == text


def test_number_as_key_keeps_its_text() -> None:
    assert list(yamlsafe.loads("5.10: a\n5.1: b\n")) == ["5.10", "5.1"]


def test_line_of_keys_items_and_nested_values() -> None:
    text = (
        "version: '1.0'\n"  # 1
        "risks:\n"  # 2
        "  - id: R-1\n"  # 3
        "    controls:\n"  # 4
        "      - '5.15'\n"  # 5
        "      - '8.5'\n"  # 6
        "  - id: R-2\n"  # 7
        "    inherent: {likelihood: 2,\n"  # 8
        "      impact: 3}\n"  # 9
    )
    data = yamlsafe.loads(text)
    assert isinstance(data, Mapping)
    assert isinstance(data["risks"], Sequence)
    assert data.line == 1
    cases = {
        ("version",): 1,
        ("risks",): 2,
        ("risks", 0): 3,
        ("risks", 0, "id"): 3,
        ("risks", 0, "controls"): 4,
        ("risks", 0, "controls", 0): 5,
        ("risks", 0, "controls", 1): 6,
        ("risks", 1): 7,
        ("risks", 1, "inherent"): 8,
        ("risks", 1, "inherent", "impact"): 9,
    }
    assert {path: line_of(data, path) for path in cases} == cases


@pytest.mark.parametrize(
    ("path", "line"),
    [
        pytest.param(("risks", 5), 2, id="index-past-the-end-gives-the-list"),
        pytest.param(("risks", 0, "missing"), 2, id="missing-key-gives-the-parent"),
        pytest.param(("nothing",), 1, id="missing-top-key-gives-the-file"),
        pytest.param(("risks", "x"), 2, id="text-index-into-a-list"),
    ],
)
def test_line_of_falls_back_to_the_nearest_parent(path: tuple[object, ...], line: int) -> None:
    data = yamlsafe.loads("a: 1\nrisks: [{id: R-1}]\n")
    assert line_of(data, path) == line


def test_line_of_plain_data_uses_the_default() -> None:
    assert line_of({"a": 1}, ("a",), default=7) == 7


# --- decode: bytes to text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "line", "message", "hint"),
    [
        pytest.param(
            b"a: 1\x00\x01\x02",
            0,
            "the file is binary, not text (it contains NUL bytes)",
            "registers are UTF-8 text files",
            id="nul-bytes",
        ),
        pytest.param(
            b"a: 1\n" * 5000 + b"\x00",
            0,
            "the file is binary, not text (it contains NUL bytes)",
            "registers are UTF-8 text files",
            id="nul-byte-late-in-file",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            0,
            "the file is binary, not text (it contains NUL bytes)",
            "registers are UTF-8 text files",
            id="png",
        ),
        pytest.param(
            b"a: 1\nb: caf\xe9\n",
            2,
            "the file is not UTF-8 text (byte 0xe9 at offset 11)",
            "save the file as UTF-8",
            id="latin-1",
        ),
        pytest.param(
            b"a: 1\nb: 2\nc: \xff\xfe\n",
            3,
            "the file is not UTF-8 text (byte 0xff at offset 13)",
            "save the file as UTF-8",
            id="invalid-utf-8",
        ),
    ],
)
def test_decode_refuses_binary_and_other_encodings(raw: bytes, line: int, message: str, hint: str) -> None:
    with pytest.raises(YamlError) as caught:
        yamlsafe.decode(raw)
    assert (caught.value.line, caught.value.message, caught.value.hint) == (line, message, hint)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        pytest.param("name: Café\n".encode(), "name: Café\n", id="utf-8"),
        pytest.param(b"\xef\xbb\xbfa: 1\n", "a: 1\n", id="byte-order-mark-dropped"),
        pytest.param(b"", "", id="empty"),
    ],
)
def test_decode_accepts_utf_8(raw: bytes, text: str) -> None:
    assert yamlsafe.decode(raw) == text


def test_check_size_refuses_above_the_limit() -> None:
    yamlsafe.check_size(yamlsafe.MAX_BYTES)
    with pytest.raises(YamlError) as caught:
        yamlsafe.check_size(yamlsafe.MAX_BYTES + 1)
    assert (caught.value.line, caught.value.message, caught.value.hint) == (
        0,
        "the file is 32.0 MiB, above the limit of 32 MiB",
        "split a large register into a folder of files (for example registers/assets/*.yml)",
    )


REGISTER = """version: "1.0"
owner: ciso
risks:
  - id: R-1
    title: Phishing
    assets: [A-1, A-2]
    note: |
      - not an entry
      still the note
  # the second risk
  - id: R-2
    title: Laptop lost
    inherent: {likelihood: 2, impact: 3}
  - id: R-3
    title: Flood
"""


def _shape(value: object) -> object:
    """A value with the line of every key and item, to compare two parses exactly."""
    if isinstance(value, Mapping):
        keys = [(key, value.key_lines.get(key), _shape(item)) for key, item in value.items()]
        return ("mapping", value.line, keys, sorted(map(str, value.merged)))
    if isinstance(value, Sequence):
        return (
            "sequence",
            value.line,
            [(line, _shape(item)) for line, item in zip(value.item_lines, value, strict=True)],
        )
    return (type(value).__name__, value)


def _changed(old: str, new: str) -> yamlsafe.Respliced | None:
    respliced = yamlsafe.loads_changed(old, yamlsafe.loads(old), "risks", new)
    if respliced is not None:
        assert _shape(respliced.data) == _shape(yamlsafe.loads(new)), "the entry parsed alone differs"
    return respliced


@pytest.mark.parametrize(
    ("old", "new", "index"),
    [
        pytest.param(REGISTER, REGISTER.replace("Laptop lost", "Laptop stolen"), 1, id="a value"),
        pytest.param(REGISTER, REGISTER.replace("title: Flood", "title: Flood\n"), None, id="a line more"),
        pytest.param(REGISTER, REGISTER.replace("title: Flood", "status: open"), 2, id="the last entry"),
        pytest.param(REGISTER, REGISTER.replace("still the", "still a"), 0, id="a block scalar"),
        pytest.param(REGISTER, REGISTER.replace("the second risk", "the 2nd risk"), 0, id="a comment above the next"),
        pytest.param(REGISTER, REGISTER.replace("owner: ciso", "owner: cto"), None, id="the header"),
        pytest.param(
            REGISTER, REGISTER.replace("Phishing", "Vishing").replace("Flood", "Fire"), None, id="two entries"
        ),
        pytest.param(REGISTER, REGISTER.replace("title: Laptop lost", "title: &t Laptop"), None, id="an anchor"),
        pytest.param(
            REGISTER.replace("title: Flood", "title: *t").replace("title: Laptop lost", "title: &t Laptop"),
            REGISTER.replace("title: Flood", "title: *t").replace("title: Laptop lost", "title: Laptop"),
            None,
            id="an anchor another entry uses",
        ),
        pytest.param(REGISTER, REGISTER.replace("    title: Laptop lost", "title: Laptop lost"), None, id="a dedent"),
        pytest.param(REGISTER, REGISTER.replace("title: Laptop lost", "id: R-9"), None, id="a duplicate key"),
        pytest.param(
            REGISTER,
            REGISTER.replace("version", "risks: []\nversion", 1).replace("\n  # the second risk", ""),
            None,
            id="a second risks key",
        ),
        pytest.param(
            REGISTER.replace("\n  - ", "\n- ").replace("\n    ", "\n  "),
            REGISTER.replace("\n  - ", "\n- ").replace("\n    ", "\n  ").replace("Laptop lost", "Laptop stolen"),
            1,
            id="entries not indented",
        ),
        pytest.param(
            REGISTER.replace("title: Phishing", 'title: "Phish\u2028ing"'),
            REGISTER.replace("title: Phishing", 'title: "Phish\u2028ing"').replace("Laptop lost", "Laptop stolen"),
            None,
            id="a line separator above",
        ),
        pytest.param(
            REGISTER.replace("\n", "\r\n"),
            REGISTER.replace("\n", "\r\n").replace("Laptop lost", "Laptop stolen"),
            1,
            id="crlf line ends",
        ),
        pytest.param(
            "risks: [\n  {id: R-1, title: a},\n  {id: R-2, title: b}\n]\n",
            "risks: [\n  {id: R-1, title: a},\n  {id: R-2, title: c}\n]\n",
            None,
            id="a flow sequence",
        ),
        pytest.param(
            REGISTER + "review_every: 12\n",
            REGISTER.replace("Flood", "Fire") + "review_every: 12\n",
            None,
            id="the header after the entries",
        ),
    ],
)
def test_a_changed_entry_is_parsed_alone_only_when_that_is_the_whole_parse(
    old: str, new: str, index: int | None
) -> None:
    """Parsed alone, the changed entry gives what parsing the whole text gives, lines and all; any other change
    (a line more or less, the header, two entries, an anchor or alias, a dedent, an error) is parsed whole."""
    if index is None and not _parses(new):
        assert yamlsafe.loads_changed(old, yamlsafe.loads(old), "risks", new) is None
        return
    respliced = _changed(old, new)
    assert (respliced.index if respliced is not None else None) == index


def _parses(text: str) -> bool:
    try:
        yamlsafe.loads(text)
    except YamlError:
        return False
    return True


def test_an_entry_parsed_alone_is_placed_among_the_others_unchanged() -> None:
    old = yamlsafe.loads(REGISTER)
    respliced = yamlsafe.loads_changed(REGISTER, old, "risks", REGISTER.replace("Laptop lost", "Laptop stolen"))
    assert respliced is not None
    assert respliced.data["risks"][0] is old["risks"][0] and respliced.data["risks"][2] is old["risks"][2]
    assert respliced.data["risks"][1]["title"] == "Laptop stolen" and old["risks"][1]["title"] == "Laptop lost"
