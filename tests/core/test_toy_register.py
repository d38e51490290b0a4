"""A register declared in this test alone gets everything the built-in registers get from their declaration.

The toy register is a model and a catalogue declaration, registered for one test and removed after it;
no module of the package names it. Each test asserts what the author or auditor would see of it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Annotated

import jsonschema
import pytest
from pydantic import Field

from isms.cli.main import main
from isms.core import catalogue
from isms.core.audience import restrict
from isms.core.catalogue import Export, RegisterSpec
from isms.core.checks.base import label
from isms.core.drafts import Draft, Fields, Template, quote
from isms.core.load import load
from isms.core.models.types import ControlId, Date, Entry, Ref, RoleId, Text
from isms.core.schemas import register_schema, schemas
from isms.site.macros import MacroError, macros
from isms.site.pages import generated_pages
from tests.conftest import Repo

ToyId = Annotated[Text, Ref("toy")]


class Toy(Entry):
    id: Text = Field(description="Stable id, e.g. TOY-001.")
    name: Text = Field(description="What the toy is.")
    owner: RoleId = Field(description="Role that keeps it.")
    parts: list[ToyId] = Field(default_factory=list, description="Toys it is built from.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls it helps to show.")
    bought_on: Date | None = Field(None, description="Date bought.")


def _template(draft: Draft) -> Fields:
    return [("id", draft.ident, ""), ("name", quote(draft.title), ""), ("owner", draft.owner, "the role keeping it")]


TOYS = RegisterSpec(
    name="toys",
    key="toys",
    model=Toy,
    summary="toys the security team plays with",
    kind="toy",
    id_prefix="TOY-",
    title="Toy box",
    page="isms/toys.md",
    template=Template(_template, steps=("list the parts it is built from",)),
    export=Export("toys", "Toys", ("id", "name", "owner", "parts", "bought_on")),
)

TOY_FILE = """\
version: "1.0"
owner: ciso
approved_by: ceo
approved_on: 2026-01-15
classification: confidential
toys:
  - id: TOY-001
    name: Rubber <duck> & =friends
    owner: cto
    controls: ["5.15"]
    bought_on: 2026-03-01
  - id: TOY-002
    name: Kite
    owner: ciso
    parts: [TOY-001]
"""
TOYS_YML = "registers/toys.yml"


@pytest.fixture
def toys(repo: Repo) -> Iterator[Repo]:
    """The minimal repository with a toys register, the register known to the catalogue for this test only."""
    repo.write(TOYS_YML, TOY_FILE)
    registration = catalogue.register(TOYS)
    try:
        yield repo
    finally:
        registration.remove()


def test_it_is_loaded_with_files_and_lines_and_named_in_messages(toys: Repo) -> None:
    result = toys.check()
    assert [finding.text() for finding in result.findings] == []
    first, second = result.model.entries["toys"]
    assert (first.id, first.name, first.owner, second.parts) == (
        "TOY-001",
        "Rubber <duck> & =friends",
        "cto",
        ["TOY-001"],
    )
    assert (first.file, first.line(), second.line("parts", 0)) == (TOYS_YML, 7, 15)
    assert label(second) == "toy TOY-002"
    assert result.derived.index["toy"]["TOY-002"] is second


def test_removed_its_file_is_unknown_again(repo: Repo) -> None:
    repo.write(TOYS_YML, TOY_FILE)
    with catalogue.register(TOYS):
        assert repo.findings() == []
        with pytest.raises(ValueError, match="register toys: a register is named 'toys' is taken already"):
            catalogue.register(TOYS)
    assert "toys" not in catalogue.SPECS and catalogue.by_kind("toy") is None
    assert repo.findings() == [
        "registers/toys.yml: error: 'toys.yml' is not a register this tool knows — registers are: assets, audits,"
        " communications, competence, context, controls, evidence, exceptions, improvements, incidents, isms,"
        " methodology, nonconformities, objectives, parties, requirements, reviews, risks, roles, soa, suppliers,"
        " training, treatments"
    ]


def test_references_from_and_to_it_are_checked_with_did_you_mean(toys: Repo) -> None:
    toys.replace(TOYS_YML, "parts: [TOY-001]", "parts: [TOY-01]")
    toys.replace(TOYS_YML, "    owner: cto\n", "    owner: ctoo\n")
    toys.replace(TOYS_YML, "  - id: TOY-002", "  - id: TOY-001")
    assert toys.findings() == [
        "registers/toys.yml:9: error: toy TOY-001: owner: 'ctoo' is not a known role"
        " — did you mean 'cto'? roles are defined in registers/roles.yml",
        "registers/toys.yml:12: error: toy TOY-001: the id 'TOY-001' is used twice"
        " — first used at registers/toys.yml:7; give each entry its own id",
        "registers/toys.yml:15: error: toy TOY-001: parts[0]: 'TOY-01' is not a known toy"
        " — did you mean 'TOY-001'? toys are defined in registers/toys.yml",
    ]


def test_it_links_back_from_the_controls_it_names(toys: Repo) -> None:
    site = toys.site()
    assert [toy.id for toy in site.derived.links("5.15")["toys"]] == ["TOY-001"]
    assert site.derived.links("5.16")["toys"] == []
    page = next(page for page in generated_pages(site) if page.src_uri == "isms/controls/5-15.md")
    html = page.fill(page.markdown)
    assert "## Toy box" in page.markdown
    assert '<a href="../../toys/#toy-001" class="isms-id">TOY-001</a>' in html
    assert "Rubber &lt;duck&gt; &amp; =friends" in html and "<duck>" not in html


def test_its_json_schema_comes_from_the_model(toys: Repo) -> None:
    schema = register_schema(TOYS)
    assert schemas()["toys.json"] == schema
    assert schema["$id"] == "toys.json"
    assert schema["description"] == "Toys the security team plays with."
    assert schema["properties"]["toys"]["items"] == {"$ref": "#/$defs/Toy"}
    toy = schema["$defs"]["Toy"]
    assert toy["required"] == ["id", "name", "owner"]
    assert toy["properties"]["bought_on"]["anyOf"][0]["format"] == "date"
    good = {"version": "1.0", "owner": "ciso", "toys": [{"id": "TOY-1", "name": "Kite", "owner": "ciso"}]}
    jsonschema.validate(good, schema)
    bad = {**good, "toys": [{"id": "TOY-1", "name": "Kite", "owner": "ciso", "colour": "red"}]}
    with pytest.raises(jsonschema.ValidationError, match="'colour' was unexpected"):
        jsonschema.validate(bad, schema)


def test_it_is_exported_as_csv_json_and_in_the_model(toys: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(toys.root)
    out = toys.root.parent / "toys.csv"
    assert main(["export", "toys", "--out", str(out), "--root", root, "--as-of", "2026-11-28"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}: toys as csv — Minimal Ltd")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows[6:] == [
        ["id", "name", "owner", "parts", "bought_on"],
        ["TOY-001", "Rubber <duck> & =friends", "cto", "", "2026-03-01"],
        ["TOY-002", "Kite", "ciso", "TOY-001", ""],
    ]
    out = toys.root.parent / "toys.json"
    assert main(["export", "toys", "--out", str(out), "--root", root, "--as-of", "2026-11-28"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["sheets"]["toys"][1] == {
        "id": "TOY-002",
        "name": "Kite",
        "owner": "ciso",
        "parts": "TOY-001",
        "bought_on": None,
    }
    out = toys.root.parent / "model.json"
    assert main(["export", "model", "--out", str(out), "--root", root, "--as-of", "2026-11-28"]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["toys"][0] == {
        "id": "TOY-001",
        "name": "Rubber <duck> & =friends",
        "owner": "cto",
        "parts": [],
        "controls": ["5.15"],
        "bought_on": "2026-03-01",
    }
    schema = json.loads((toys.root.parent / "model.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["toys"]["items"] == {"$ref": "#/$defs/Toy"}
    jsonschema.validate(exported, schema)
    capsys.readouterr()


def test_isms_new_makes_an_entry_that_passes_the_check(toys: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(toys.root)
    assert main(["new", "toy", "Yo-yo <3", "--as-of", "2026-11-28", "--root", root]) == 0
    assert capsys.readouterr() == (
        "created TOY-003 in registers/toys.yml:17\n"
        "next:\n  - list the parts it is built from\n  - run `isms check`, then open a pull request\n",
        "",
    )
    assert toys.read(TOYS_YML) == TOY_FILE + (
        '\n  - id: TOY-003\n    name: "Yo-yo <3"\n    owner: ciso  # the role keeping it\n'
    )
    assert main(["check", "--strict", "--as-of", "2026-11-28", "--root", root]) == 0
    assert [toy.id for toy in load(toys.root)[0].entries["toys"]] == ["TOY-001", "TOY-002", "TOY-003"]
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    shown = capsys.readouterr().out.replace("\n", " ")
    assert re.search(r"one of: policy, .*,\s+toy\b", shown)
    assert re.search(r"append an entry \(asset, .*,\s+toy\) to its register", shown)  # the introduction too


def test_it_gets_a_page_with_anchored_rows_a_dashboard_row_and_an_audience_rule(toys: Repo) -> None:
    site = toys.site()
    pages = generated_pages(site)
    names = [page.src_uri for page in pages]
    assert names.index("isms/changes.md") + 1 == names.index("isms/toys.md") < names.index("isms/controls/5-1.md")
    page = pages[names.index("isms/toys.md")]
    html = page.fill(page.markdown)
    assert page.markdown.startswith("# Toy box\n")
    assert "<p>2 toys: toys the security team plays with.</p>" in html
    assert (
        '<tr id="toy-001"><td><span id="toy-toy-001"></span><strong>TOY-001</strong></td>'
        "<td>Rubber &lt;duck&gt; &amp; =friends</td>" in html
    )
    assert '<span title="role: cto">Chief Technology Officer (Cy Example)</span>' in html
    assert '<td><a href="#toy-001" class="isms-id">TOY-001</a></td>' in html  # TOY-002's part
    assert '<span class="isms-date">2026-03-01</span>' in html
    dashboard = pages[0].fill(pages[0].markdown)
    assert '<td><a href="toys/">Toy box</a></td><td>2 toys</td>' in dashboard
    assert site.linker("isms/risks.md").entry("toy", "TOY-002") == "../toys/#toy-002"
    staff = restrict(site.model, "staff", drafts=False)
    assert "toys" in staff.registers and not staff.page_shown("isms/toys.md")
    assert staff.model.entries["toys"] == [] and staff.withheld["toy"] == {"TOY-001", "TOY-002"}


def test_authors_can_put_its_table_in_a_page_with_the_register_table_macro(toys: Repo) -> None:
    found = macros(toys.site(), lambda: "policies/toys.md")["register_table"]
    table = found("toys", owner="cto")
    assert table.count("<tr>") == 2  # the heading and TOY-001
    # Macro output is inert for Markdown: every sign a character reference, which the browser decodes.
    assert '<a href="../../isms/toys/#toy-001" class="isms-id">TOY-001</a>' in unescape(table)
    assert "Rubber &lt;duck&gt; &amp; &#61;friends" in table
    with pytest.raises(MacroError, match="no field 'colour' to filter on — use one of: id, name, owner, parts"):
        found("toys", colour="red")
