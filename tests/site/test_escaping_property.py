"""Register text and front-matter titles reach every page as text (Hypothesis, real builds).

Every free-text field of every register of the minimal repository, and every controlled document's title,
gets arbitrary text — Markdown, attribute lists, HTML, Jinja, ``javascript:`` URLs, bidi characters —
between two markers made of letters and digits. One site is built per example. Then either ``isms check``
rejects the text at ``path:line``, or on every built page, in text and in attribute values, what stands
between the markers is exactly that text; the pages have the same elements and attributes as a build with
no text between the markers; and nothing is loaded from another host.
"""

from __future__ import annotations

import copy
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from isms.core.pipeline import check_repository
from tests.conftest import AS_OF, MINIMAL

pytestmark = pytest.mark.slow

FREE_TEXT = frozenset(
    [
        "name",
        "legal_name",
        "address",
        "website",
        "title",
        "holder",
        "deputy",
        "responsibilities",
        "description",
        "criteria",
        "correction",
        "root_cause",
        "measure",
        "unit",
        "decisions",
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "g",
        "justification",
        "threat",
        "vulnerability",
        "action",
        "audience",
        "auditor",
        "body",
        "accreditation",
        "certificate_number",
        "number",
        "findings",
        "summary",
        "version",
    ]
)
"""Register keys holding free text, wherever they occur (ids, references, dates and choices are checked
elsewhere: a value there that names nothing is rejected, which this test does not need to show again)."""

CERTIFICATION = {
    "body": "Body",
    "accreditation": "Accreditation",
    "certificates": [
        {"number": "Certificate 1", "issued_on": "2022-06-01", "expires_on": "2025-05-31"},
        {"number": "Certificate", "issued_on": "2025-06-01", "expires_on": "2028-05-31"},
    ],
    "audits": [
        {"id": "CB-1", "type": "recertification", "start": "2025-05-10", "end": "2025-05-12", "auditor": "Auditor",
         "result": "passed with findings", "findings": ["Finding"]},
        {"id": "CB-2", "type": "surveillance", "planned_on": "2027-04-01"},
    ],
}  # fmt: skip
"""A certification for ``registers/isms.yml`` in two cycles, so the dashboard shows certificate numbers and audits."""

MACROS = """---
title: Macros
---
# Macros

## {{ control("ORG.1") }}

Control {{ control("ORG.1") }}, risk {{ risk("R-1") }}, document {{ document("POL-IS") }}: {{ next_audit() }}.

| risk | document |
| --- | --- |
| {{ risk("R-1") }} | {{ document("PRO-RISK") }} |

- {{ control("ORG.1", title=True) }}

{{ register_table("risks") }}

{{ register_table("assets") }}

{{ nonconformities() }}

{{ objective_chart("OBJ-1") }}
"""
"""A page calling every macro that shows register text, inline, in a heading, a table and a list."""

MKDOCS = {
    "site_name": "Escaping",
    "docs_dir": "docs",
    "theme": {"name": "material", "font": False, "features": ["navigation.sections", "navigation.indexes"]},
    "plugins": ["search", {"isms": {"as_of": AS_OF.isoformat()}}, {"macros": {"on_error_fail": True}}],
    # The extensions of the example site, and more that read punctuation in text.
    "markdown_extensions": [
        "admonition", "attr_list", "md_in_html", "tables", "def_list", "abbr", "footnotes",
        {"toc": {"permalink": True}}, "pymdownx.details", "pymdownx.superfences", "pymdownx.magiclink",
        "pymdownx.tilde", "pymdownx.caret", "pymdownx.mark", "pymdownx.keys", "pymdownx.smartsymbols",
        "pymdownx.inlinehilite", "pymdownx.betterem", "smarty",
    ],
}  # fmt: skip

PAYLOADS = (
    "T {: onmouseover=alert(document.domain) style=position:fixed;inset:0 }",
    "X</title><script>alert(9)</script>",
    "[x](javascript:alert(1))",
    "![p](https://example.net/t.png)",
    "<img src=https://example.net/t.png>",
    "*em* _u_ **b** __b__ ~~d~~ ==m== ^^i^^ ++ctrl+a++",
    "{{ 7 * 7 }} {% if true %}j{% endif %} {# c #}",
    "<https://example.net/> https://example.net/x www.example.net @user #12",
    "&amp; &lt;b&gt; &#60; &",
    "`code` ``c`` \\* \\[",
    "a | b | c",
    "line\n\n    indented\n\n# heading\n- item\n1. item\n> quote\n---\n",
    "[^1] *[HTML]: Hyper [ref]: https://example.net/",
    "\u202eevil\u202c \u2066iso\u2069 \u200f",
    "<!-- c --> <![CDATA[x]]> <?p?>",
    '" \' ` <a href="x">',
    "-- --- ... (c) (tm) +/- =/= 1/2",
    "<svg onload=alert(1)>",
    "data:text/html,<b>x</b>",
)


def _keyed(data: Any, key: str | None = None) -> Iterator[tuple[str | None, tuple[Any, Any]]]:
    """Every free-text string under ``data``: its key (in a list of texts, the list's) and its place.

    The place is (container, key or index), for writing the string.
    """
    if isinstance(data, dict):
        for name, value in data.items():
            if isinstance(value, str) and name in FREE_TEXT:
                yield name, (data, name)
            else:
                yield from _keyed(value, name)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str) and key in FREE_TEXT:
                yield key, (data, index)
            else:
                yield from _keyed(value, key)


def _keys(data: Any) -> Any:
    """``data`` with the keys PyYAML reads as booleans (YAML 1.1's ``on``) as the strings they are."""
    if isinstance(data, dict):
        return {({True: "on", False: "off"}.get(k, k) if isinstance(k, bool) else k): _keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_keys(v) for v in data]
    return data


NOT_SHOWN = {
    # (the evidence request list shows the version of the registers that hold documented information)
    *(f"{name} version" for name in ("communications.yml", "controls.yml", "exceptions.yml",
                                       "improvements.yml", "incidents.yml", "isms.yml", "roles.yml",
                                       "suppliers.yml")),
    "methodology.yml criteria", "risks.yml justification", "training.yml audience",
}  # fmt: skip
"""Fields no page shows (a register header's version where the register's page does not show its header, the
scales' criteria, ...): nothing to look at there."""


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=math.inf)


@dataclass
class Repository:
    """The minimal repository with a marked slot in every free-text field; :meth:`write` fills the slots."""

    registers: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # each slot's file and key, e.g. "risks.yml title"

    @classmethod
    def load(cls) -> Repository:
        repository = cls()
        for path in sorted((MINIMAL / "registers").glob("*.yml")):
            repository.registers[path.name] = _keys(yaml.safe_load(path.read_text(encoding="utf-8")))
        repository.registers["isms.yml"]["certification"] = copy.deepcopy(CERTIFICATION)
        for path in sorted((MINIMAL / "docs").rglob("*.md")):
            _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
            meta = yaml.safe_load(front)
            if "id" in meta:
                repository.documents[path.relative_to(MINIMAL / "docs").as_posix()] = (meta, body)
        for name, data in repository.registers.items():
            repository.names.extend(f"{name} {key}" for key, _ in _keyed(data))
        repository.names.extend(f"{rel} title" for rel in repository.documents)
        return repository

    @property
    def slots(self) -> int:
        return len(self.names)

    def write(self, root: Path, texts: list[str]) -> None:
        """The repository in ``root`` with slot i holding ``start(i) + texts[i] + end(i)``."""
        shutil.copytree(MINIMAL, root)
        registers, documents = copy.deepcopy(self.registers), copy.deepcopy(self.documents)
        places = [
            *(place for data in registers.values() for _, place in _keyed(data)),
            *((meta, "title") for meta, _ in documents.values()),
        ]
        for index, (container, key) in enumerate(places):
            container[key] = start(index) + texts[index] + end(index)
        for name, data in registers.items():
            (root / "registers" / name).write_text(_yaml(data), encoding="utf-8")
        for rel, (meta, body) in documents.items():
            (root / "docs" / rel).write_text(f"---\n{_yaml(meta)}---\n{body}", encoding="utf-8")
        (root / "docs" / "macros.md").write_text(MACROS, encoding="utf-8")
        (root / "mkdocs.yml").write_text(_yaml(MKDOCS), encoding="utf-8")


def start(index: int) -> str:
    return f"zq{index:03d}qa"


def end(index: int) -> str:
    return f"zq{index:03d}qb"


_MARKED = re.compile(r"zq(\d{3})qa(.*?)zq\1qb", re.DOTALL)
_SPACE = re.compile(r"[ \t\n\r\f]+")


def _seen(text: str) -> str:
    """Text as a browser shows it: runs of HTML whitespace as one space."""
    return _SPACE.sub(" ", text)


Shape = list[tuple[str, tuple[str, ...]]]
"""A page's elements in order, each with its attribute names."""


class _Page(HTMLParser):
    """Elements with their attribute names, text outside scripts and styles, and attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: Shape = []
        self.text: list[str] = []
        self.values: list[tuple[str, str, str]] = []
        self._raw = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `class` is left out: a short label without spaces gets one (html.link), whatever its text.
        self.shape.append((tag, tuple(sorted(name for name, _ in attrs if name != "class"))))
        self.values.extend((tag, name, value or "") for name, value in attrs)
        if tag in ("script", "style"):
            self._raw += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self._raw -= 1

    def handle_endtag(self, tag: str) -> None:
        self.shape.append(("/" + tag, ()))
        if tag in ("script", "style"):
            self._raw -= 1

    def handle_data(self, data: str) -> None:
        if not self._raw:
            self.text.append(data)
        else:
            self.text.append(" ")


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _build(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _pages(root: Path) -> dict[str, str]:
    site = root / "site"
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


def _shown(marked: str, texts: list[str], where: str) -> list[str]:
    """Every marked text in ``marked`` that differs from what was written, as ``where: index: shown != written``."""
    wrong = []
    for match in _MARKED.finditer(marked):
        index = int(match.group(1))
        if _seen(match.group(2)) != _seen(texts[index]):
            wrong.append(f"{where}: slot {index}: {match.group(2)!r} != {texts[index]!r}")
    return wrong


def _foreign(page: _Page) -> list[str]:
    """Attribute values that would load something from another host (or run script)."""
    loads = {"src", "srcset", "data", "poster", "background", "action", "formaction"}
    found = []
    for tag, name, value in page.values:
        lowered = value.strip().lower()
        if (name in loads or (tag == "link" and name == "href")) and (
            "//" in lowered or lowered.startswith(("http:", "https:", "data:"))
        ):
            found.append(f"<{tag} {name}={value!r}>")
        if name in ("href", "src", "action") and lowered.startswith(("javascript:", "data:", "vbscript:")):
            found.append(f"<{tag} {name}={value!r}>")
        if name == "style" and "url(" in lowered:
            found.append(f"<{tag} style={value!r}>")
    return found


REPOSITORY = Repository.load()


class Baseline(dict[str, Shape]):
    """Each page's elements and attributes; short to print (Hypothesis prints the test's arguments)."""

    def __repr__(self) -> str:
        return f"<elements of {len(self)} pages>"


@pytest.fixture(scope="module")
def baseline() -> Iterator[Baseline]:
    """The elements and attributes of every page when every slot holds only its markers."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        REPOSITORY.write(root, ["" for _ in range(REPOSITORY.slots)])
        assert [finding.text() for finding in check_repository(root, AS_OF).errors] == []
        _build(root)
        pages = _pages(root)
        unseen = {
            REPOSITORY.names[i] for i in range(REPOSITORY.slots) if not any(start(i) in h for h in pages.values())
        }
        assert unseen == NOT_SHOWN
        yield Baseline((name, _parse(html).shape) for name, html in pages.items())


def _text() -> st.SearchStrategy[str]:
    # Control characters are left out: `isms check` rejects them in register text (a finding at path:line).
    piece = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)
    return st.lists(st.one_of(st.sampled_from(PAYLOADS), piece), min_size=1, max_size=4).map(" ".join)


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,  # the same examples on every run: a build is slow, and CI must not find new ones by chance
    phases=(Phase.explicit, Phase.generate),  # no shrinking: each step would be a build (the failure shows its data)
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@example(texts=[PAYLOADS[index % len(PAYLOADS)] for index in range(REPOSITORY.slots)])  # each payload, everywhere
@given(texts=st.lists(_text(), min_size=REPOSITORY.slots, max_size=REPOSITORY.slots))
def test_register_text_reaches_every_page_as_text(texts: list[str], baseline: Baseline) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        REPOSITORY.write(root, texts)
        errors = [finding.text() for finding in check_repository(root, AS_OF).errors]
        if errors:  # rejected: every error names the file and line it is about
            assert all(re.match(r"^(registers|docs)/[^:]+:\d+: error: ", error) for error in errors), errors
            return
        _build(root)
        wrong: list[str] = []
        for name, html in sorted(_pages(root).items()):
            page = _parse(html)
            if page.shape != baseline[name]:
                added = sorted(set(page.shape) - set(baseline[name]))
                wrong.append(f"{name}: elements or attributes differ from the baseline: {added[:5]}")
            wrong.extend(_shown("".join(page.text), texts, name))
            for tag, attribute, value in page.values:
                if attribute == "id":  # a heading's anchor is made from its text (and so is a link to it)
                    continue
                shown = value.split("#")[0] if attribute == "href" else value
                wrong.extend(_shown(shown, texts, f"{name} <{tag} {attribute}>"))
            wrong.extend(f"{name}: loads {found}" for found in _foreign(page))
        index = json.loads((root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
        for entry in index["docs"]:
            for key in ("title", "text"):
                fragment = _parse(entry[key])
                tags = {tag for tag, _ in fragment.shape} - {
                    "p",
                    "/p",
                    "code",
                    "/code",
                    "pre",
                    "/pre",
                    "li",
                    "/li",
                    "ol",
                    "/ol",
                    "ul",
                    "/ul",
                    "sub",
                    "/sub",
                    "sup",
                    "/sup",
                }
                if tags:
                    wrong.append(f"search index {entry['location']} {key}: elements {sorted(tags)}")
                wrong.extend(_shown("".join(fragment.text), texts, f"search index {entry['location']} {key}"))
        if wrong:  # the first of them: a whole site's worth would drown the reader
            pytest.fail(f"{len(wrong)} places show register text other than as written:\n" + "\n".join(wrong[:25]))
