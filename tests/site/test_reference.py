"""The reference inside the site, rendered from the models, the checks and the catalogue without MkDocs.

It must document every register and front-matter field, every rule and every macro the package has, keep
author-facing text escaped (a description is data, never Markdown or HTML), and stay in every audience's build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import markdown
import pytest
from pydantic import BaseModel, Field

from isms.core.audience import restrict
from isms.core.catalogue import RegisterSpec, registers
from isms.core.checks import CHECKS, Check
from isms.core.models.documents import FrontMatter
from isms.core.models.registers import Header
from isms.core.models.types import Entry, RoleId, Strict
from isms.core.pipeline import check_repository
from isms.core.standard import iso27001
from isms.site.html import esc
from isms.site.macros import macros
from isms.site.page import Page, Site
from isms.site.pages import generated_pages
from isms.site.reference import (
    HEADER_ANCHOR,
    LOADING_RULES,
    checks_page,
    front_matter_page,
    md_text,
    model_name,
    nested_models,
    prose,
    reference_pages,
    registers_page,
)
from isms.site.urls import anchor
from tests.conftest import AS_OF, MINIMAL

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<script>alert(1)</script> {: onclick=x} *em* [link](javascript:alert(1))"


@pytest.fixture(scope="module")
def site() -> Site:
    result = check_repository(MINIMAL, AS_OF)
    return Site(result.model, result.derived, AS_OF, result.facts)


def filled(page: Page) -> str:
    """The page's Markdown with its HTML blocks put in."""
    return page.fill(page.markdown)


def html(page: Page) -> str:
    """The page as MkDocs renders it (the example's Markdown extensions), blocks put in afterwards."""
    body = markdown.markdown(page.markdown, extensions=["attr_list", "md_in_html", "tables", "toc", "admonition"])
    return page.fill(body)


def section(text: str, heading_id: str) -> str:
    """The part of a page's Markdown under the ``##`` heading whose id is ``heading_id``."""
    start = re.search(rf'^## .* <span id="{re.escape(heading_id)}"></span>$', text, flags=re.MULTILINE)
    assert start is not None, f"no section #{heading_id}"
    rest = text[start.end() :]
    following = re.search(r"^## ", rest, flags=re.MULTILINE)
    return rest[: following.start()] if following else rest


def documented_rows(text: str, prefix: str, model: type[BaseModel], skip: set[str] | None = None) -> Iterator[str]:
    """What is missing for ``model`` (and every mapping nested in it) under anchors starting with ``prefix``."""
    for name in model.model_fields:
        if name in (skip or set()):
            continue
        row = f'<tr id="{anchor(prefix, name)}"><td><code>{name}</code></td>'
        if row not in text:
            yield f"{model.__name__}.{name}"
    seen: set[type[BaseModel]] = {model}
    queue = [nested for info in model.model_fields.values() for nested in nested_models(info.annotation)]
    while queue:
        nested = queue.pop(0)
        if nested in seen:
            continue
        seen.add(nested)
        nested_anchor = anchor(prefix, model_name(nested))
        if f'id="{nested_anchor}"' not in text:
            yield f"{nested.__name__} (no table #{nested_anchor})"
        for name, info in nested.model_fields.items():
            if f'<tr id="{anchor(nested_anchor, name)}"><td><code>{name}</code></td>' not in text:
                yield f"{nested.__name__}.{name}"
            queue += nested_models(info.annotation)


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        self.attributes += [f"href={value}" for name, value in attrs if name == "href"]


def parsed(text: str) -> _Attributes:
    parser = _Attributes()
    parser.feed(text)
    return parser


# --- where the pages are --------------------------------------------------------------------------


def test_reference_pages_are_generated_under_isms_reference(site: Site) -> None:
    sources = [page.src_uri for page in reference_pages(site)]
    assert sources == [
        "isms/reference/index.md",
        "isms/reference/registers.md",
        "isms/reference/front-matter.md",
        "isms/reference/checks.md",
        "isms/reference/mandatory.md",
        "isms/reference/macros.md",
    ]
    generated = [page.src_uri for page in generated_pages(site)]
    assert generated[-len(sources) :] == sources, "the reference closes the ISMS section"


def test_every_audience_keeps_the_reference(site: Site) -> None:
    public = restrict(site.model, "public", drafts=False)
    assert public.active and "risks" in public.registers
    assert all(public.page_shown(page.src_uri) for page in reference_pages(site))


# --- what they document ---------------------------------------------------------------------------


def test_every_register_field_is_documented_in_its_registers_section(site: Site) -> None:
    text = filled(registers_page(site))
    header_keys = set(Header.model_fields)
    assert list(documented_rows(section(text, HEADER_ANCHOR), HEADER_ANCHOR, Header)) == []
    for spec in registers():
        prefix = anchor("register", spec.name)
        part = section(text, prefix)
        assert text.count(f'## registers/{spec.name}\\.yml <span id="{prefix}"></span>') == 1
        # isms.yml and methodology.yml carry the header's keys inline: those are in the header's table.
        skip = set() if spec.key else header_keys
        assert list(documented_rows(part, prefix, spec.model, skip)) == [], spec.name
        assert skip <= set(spec.model.model_fields)


def test_the_overview_links_every_register_to_its_section(site: Site) -> None:
    text = filled(reference_pages(site)[0])
    for spec in registers():
        assert f'<a href="registers/#register-{spec.name}">registers/{spec.name}.yml</a>' in text


def test_every_front_matter_field_is_documented(site: Site) -> None:
    text = filled(front_matter_page(site))
    assert list(documented_rows(text, "front-matter", FrontMatter)) == []
    assert '<h3 id="front-matter-history-entry" class="isms-reference-sub">History entry</h3>' in text


def test_every_check_rule_is_documented_with_its_severity(site: Site) -> None:
    text = filled(checks_page(site))
    for check in CHECKS:
        row = re.search(rf'<tr id="check-{re.escape(check.rule)}">(.*?)</tr>', text)
        assert row is not None, check.rule
        assert f'<span class="isms-badge isms-{"bad" if check.severity == "error" else "partial"}">' in row.group(1)
        assert f">{check.severity}</span>" in row.group(1)
        assert prose(check.summary) in row.group(1)
        assert f"<td>{', '.join(check.clauses)}</td>" in row.group(1)  # what it enforces
    errors, warnings = section(text, "errors"), section(text, "warnings")
    assert all((f'id="check-{c.rule}"' in (errors if c.severity == "error" else warnings)) for c in CHECKS)


def test_every_rule_that_loading_raises_is_documented(site: Site) -> None:
    text = filled(checks_page(site))
    raised = {
        rule
        for path in (ROOT / "plugins" / "isms" / "core").rglob("*.py")
        for rule in re.findall(r'rule="([a-z0-9-]+)"', path.read_text(encoding="utf-8"))
    }
    assert raised - {check.rule for check in CHECKS} == set(LOADING_RULES)
    for rule in LOADING_RULES:
        assert f'<tr id="check-{rule}">' in section(text, "loading"), rule


def test_every_clause_requiring_documented_information_is_listed(site: Site) -> None:
    text = filled(reference_pages(site)[4])
    clauses = [clause for clause in iso27001().clauses.values() if clause.requires]
    assert len(clauses) >= 14
    for clause in clauses:
        row = re.search(rf'<tr id="{anchor("mandatory", clause.id)}">(.*?)</tr>', text)
        assert row is not None, clause.id
        assert esc(clause.requires) in row.group(1) and esc(clause.title) in row.group(1)
    assert "<code>registers/treatments.yml</code>" in text
    assert 'href="../checks/#check-mandatory-documented-information"' in text


def test_every_macro_is_documented_from_its_docstring(site: Site) -> None:
    text = filled(reference_pages(site)[5])
    for name in macros(site, lambda: "index.md"):
        assert f"<td><code>{{{{ {name}(" in text, name
    assert "<code>title=False</code>" in text  # ``code`` in a docstring shows as code
    assert "Macros run code" in text


# --- escaping ---------------------------------------------------------------------------------------


class HostileChild(Strict):
    """<b>child</b> {: onclick=x}"""

    note: str = Field(description=HOSTILE)


class HostileEntry(Entry):
    """<script>alert(1)</script> {: onclick=x}"""

    id: str = Field(description=HOSTILE)
    owner: RoleId = Field(description="`<img src=x onerror=alert(1)>`")
    kind: Literal["<i>a</i>", "{: onclick=x}"] = Field(description="Choices are data too.")
    child: HostileChild | None = Field(None, description="A nested mapping.")


def test_hostile_descriptions_summaries_and_names_are_escaped(site: Site) -> None:
    spec = RegisterSpec(
        name="evil{: onclick=x}<b>", key="evil", model=HostileEntry, kind="evil", required=False, summary=HOSTILE
    )
    page = registers_page(site, [spec])
    assert "<script>" not in page.markdown
    out = html(page)
    found = parsed(out)
    assert "script" not in found.tags and "img" not in found.tags and "b" not in found.tags and "i" not in found.tags
    assert "onclick" not in found.attributes and "onerror" not in found.attributes
    assert not [attribute for attribute in found.attributes if attribute.startswith("href=javascript")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {: onclick=x} *em* [link](javascript:alert(1))" in out
    assert "<code>&lt;img src=x onerror=alert(1)&gt;</code>" in out
    assert "evil{: onclick=x}&lt;b&gt;" in out  # the heading shows the name as text


def test_a_hostile_check_summary_is_escaped(site: Site) -> None:
    check = Check("x-rule", "warning", HOSTILE, lambda context: [], (HOSTILE,))
    out = html(checks_page(site, [check]))
    assert "&lt;script&gt;" in out and "script" not in parsed(out).tags
    assert "onclick" not in parsed(out).attributes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("registers/risks.yml", "registers/risks\\.yml"),
        ("{: onclick=x}", "\\{: onclick=x\\}"),
        ("<b>it's</b>", "&lt;b&gt;it&#x27;s&lt;/b&gt;"),
        ("[a](b) *c* _d_ `e` #f |g| !h", "\\[a\\]\\(b\\) \\*c\\* \\_d\\_ \\`e\\` \\#f \\|g\\| \\!h"),
    ],
)
def test_md_text_leaves_nothing_for_markdown_to_interpret(text: str, expected: str) -> None:
    assert md_text(text) == expected
    rendered = markdown.markdown(f"## {md_text(text)}", extensions=["attr_list", "tables"])
    assert "onclick" not in parsed(rendered).attributes
    assert parsed(rendered).tags == ["h2"]


def test_the_rule_of_isms_diff_is_documented_beside_the_checks(site: Site) -> None:
    from isms.exports.diff import UNAPPROVED, UNAPPROVED_SUMMARY  # noqa: PLC0415

    text = filled(checks_page(site))
    row = re.search(rf'<tr id="check-{UNAPPROVED}">(.*?)</tr>', section(text, "pull-requests"))
    assert row is not None
    assert '<span class="isms-badge isms-bad">error</span>' in row.group(1)
    assert prose(UNAPPROVED_SUMMARY) in row.group(1)
