"""Loading registers and front matter: every way a file can be unusable gets one finding at the right line."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from isms.core import yamlsafe
from isms.core.load import load
from isms.core.repository import Model
from tests.conftest import Repo

A = "registers/assets.yml"
HEADER_KEYS = "version, owner, approved_by, approved_on, classification, review_every, next_review"
ASSETS_HEADER = f"start with the header ({HEADER_KEYS}) and put the entries under 'assets:'"
ASSET_KEYS = (
    "allowed keys: availability, backup, classification, confidentiality, custodian, depends_on, description, "
    "format, id, integrity, licence, location, name, owner, processes, reviewed_on, status, type, value"
)
FRONT_MATTER_KEYS = (
    "allowed keys: approved_on, approver, classification, clauses, comments, controls, description, hide, history, "
    "icon, id, next_review, owner, review_every, risks, search, status, subtitle, tags, template, title, type, version"
)
SYNTAX_HINT = "check the indentation and quoting on this line and the one above"


def in_file(repo: Repo, rel: str) -> list[tuple[str, str]]:
    """``(rule, text)`` of the findings about one file (others may follow from it, e.g. references to lost entries)."""
    return [(f.rule, f.text()) for f in repo.check().findings if f.path == rel]


def test_the_minimal_repository_loads_completely(repo: Repo) -> None:
    model, findings = load(repo.root)
    assert findings == []
    assert [role.id for role in model.roles] == ["ceo", "ciso", "cto"]
    assert [asset.id for asset in model.assets] == ["AST-1", "AST-2", "AST-3", "AST-4"]
    assert [risk.id for risk in model.risks] == ["R-1", "R-2", "R-3"]
    assert [treatment.id for treatment in model.treatments] == ["T-1", "T-2"]
    assert len(model.soa) == 93
    assert [document.id for document in model.documents] == ["POL-IS", "PRO-RISK", "DOC-SCOPE"]
    assert model.present == {
        "isms", "roles", "methodology", "assets", "risks", "treatments", "soa", "requirements", "objectives",
        "audits", "nonconformities", "reviews", "evidence", "training", "suppliers", "incidents", "exceptions",
        "improvements", "context", "parties", "competence", "communications", "controls",
    }  # fmt: skip
    assert [supplier.id for supplier in model.suppliers] == ["SUP-1", "SUP-2"]
    assert [record.role for record in model.competence] == ["ceo", "ciso"]
    assert [communication.id for communication in model.communications] == ["COM-1", "COM-2"]
    assert [incident.id for incident in model.incidents] == ["INC-1", "INC-2"]
    assert "ORG.1" in model.catalogue.controls


def test_entries_know_their_file_and_lines(repo: Repo) -> None:
    model, _ = load(repo.root)
    risk = model.risks[2]
    assert (risk.file, risk.line(), risk.line("inherent", "impact"), risk.line("controls", 0)) == (
        "registers/risks.yml",
        34,
        40,
        43,
    )
    policy = model.documents[0]
    assert (policy.path, policy.src_uri, policy.meta.file, policy.meta.line("clauses", 1)) == (
        "docs/policies/information-security.md",
        "policies/information-security.md",
        "docs/policies/information-security.md",
        13,
    )


def test_entries_keep_no_parsed_yaml_and_read_their_file_again_for_a_line(repo: Repo) -> None:
    """A register's entries are most of a model: what was parsed is let go, and read again only for a finding."""
    model, _ = load(repo.root)
    risk = model.risks[2]
    source, index, line = risk._raw  # (the file's Reread, the entry's index, its first line); no Mapping
    assert (type(source), index, line) == (yamlsafe.Reread, 2, 34)
    assert source._items is None  # nothing asked for a line yet
    assert risk.line("inherent", "impact") == 40
    assert risk.raw["id"] == "R-3"
    assert next(file.content for file in model.files if file.path == "registers/risks.yml")  # the approval digest


def test_an_entry_whose_file_changed_since_it_was_loaded_gives_its_first_line(repo: Repo) -> None:
    """Never a line from another entry: the file is read again, and if the entry is not where it was, its first line."""
    model, _ = load(repo.root)
    risk = model.risks[2]
    repo.replace("registers/risks.yml", "risks:\n", "risks:\n\n\n")  # every entry moves down two lines
    assert (risk.line(), risk.line("inherent", "impact")) == (34, 34)


# --- whole files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "",
            f"{A}: error: the file is empty — a register starts with its header ({HEADER_KEYS}); see"
            f" isms/reference/registers/ on the site",
            id="empty",
        ),
        pytest.param(
            "# assets to come\n\n",
            f"{A}: error: the file is empty — a register starts with its header ({HEADER_KEYS}); see"
            f" isms/reference/registers/ on the site",
            id="only-a-comment",
        ),
        pytest.param(
            "- id: AST-1\n- id: AST-2\n",
            f"{A}:1: error: the file holds a list where a mapping belongs — {ASSETS_HEADER}",
            id="a-list",
        ),
        pytest.param(
            "assets\n",
            f"{A}:1: error: the file holds a single value where a mapping belongs — {ASSETS_HEADER}",
            id="a-single-value",
        ),
        pytest.param(
            'version: "1.0"\nowner: ciso\napproved_by: ceo\napproved_on: 2026-01-15\n',
            f"{A}:1: error: the entries key 'assets:' is missing — list the assets under 'assets:'",
            id="no-entries-key",
        ),
        pytest.param(
            'version: "1.0"\nowner: ciso\napproved_by: ceo\napproved_on: 2026-01-15\nassets: AST-1\n',
            f"{A}:5: error: 'assets' must be a list of entries — start each entry with '- '",
            id="entries-not-a-list",
        ),
        pytest.param(
            'version: "1.0"\nowner: ciso\napproved_by: ceo\napproved_on: 2026-01-15\nassets:\n  id: AST-1\n',
            f"{A}:5: error: 'assets' must be a list of entries — start each entry with '- '",
            id="entries-a-mapping",
        ),
    ],
)
def test_unusable_register_file(repo: Repo, content: str, expected: str) -> None:
    repo.write(A, content)
    assert in_file(repo, A) == [("schema", expected)]


def test_a_register_with_no_entries_yet_is_fine(repo: Repo) -> None:
    repo.write(
        "registers/requirements.yml",
        'version: "1.0"\nowner: ciso\napproved_by: ceo\napproved_on: 2026-01-15\nrequirements:\n',
    )
    repo.replace("registers/soa.yml", "reasons: [legal], references: [REQ-1]", "reasons: [legal]")
    repo.replace("registers/parties.yml", "        requirement: REQ-1\n", "        addressed: false\n")
    assert repo.findings() == []
    assert repo.check().model.requirements == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    name: Staff laptops\n",
            "    name: Staff: laptops\n",
            f"{A}:35: error: YAML syntax: mapping values are not allowed in this context — {SYNTAX_HINT}",
            id="syntax",
        ),
        pytest.param(
            "    name: Staff laptops\n",
            "    name: Staff laptops\n    name: Laptops\n",
            f"{A}:36: error: the key 'name' appears twice in this mapping (first on line 35)"
            " — keep one of them: YAML would silently drop the first",
            id="duplicate-key",
        ),
        pytest.param(
            "    name: Staff laptops\n",
            "    name: !!python/object/apply:os.system [echo pwned]\n",
            f"{A}:35: error: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
            " — registers hold plain data: remove the tag (Python and custom tags are never loaded)",
            id="python-tag",
        ),
        pytest.param(
            "    availability: 2\n",
            "    availability: 2\n---\nassets: []\n",
            f"{A}:42: error: the file holds more than one YAML document"
            " — remove the second '---' line: a register is one document",
            id="second-document",
        ),
    ],
)
def test_yaml_errors_point_at_the_line(repo: Repo, old: str, new: str, expected: str) -> None:
    repo.replace(A, old, new)
    assert in_file(repo, A) == [("yaml", expected)]


def test_a_broken_file_loses_its_entries_but_the_rest_is_checked(repo: Repo) -> None:
    """One unusable file is reported once; every other file is still loaded and checked."""
    repo.replace(A, "    name: Staff laptops\n", "    name: Staff: laptops\n")
    repo.replace("registers/treatments.yml", "due: 2027-01-31", "due: 2026-11-01")
    result = repo.check()
    assert result.model.assets == []
    assert [(f.rule, f.path) for f in result.findings if f.rule in ("yaml", "treatment-overdue")] == [
        ("yaml", A),
        ("treatment-overdue", "registers/treatments.yml"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            b"version: 1\x00\x00",
            f"{A}: error: the file is binary, not text (it contains NUL bytes) — registers are UTF-8 text files",
            id="binary",
        ),
        pytest.param(
            b'version: "1.0"\nowner: ciso\nassets:\n  - id: AST-1\n    name: Caf\xe9\n',
            f"{A}:5: error: the file is not UTF-8 text (byte 0xe9 at offset 62) — save the file as UTF-8",
            id="latin-1",
        ),
    ],
)
def test_bytes_that_are_not_utf8_text(repo: Repo, raw: bytes, expected: str) -> None:
    repo.write_bytes(A, raw)
    assert in_file(repo, A) == [("yaml", expected)]


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode(), id="byte-order-mark"),
    ],
)
def test_windows_line_ends_and_byte_order_mark_are_fine(repo: Repo, transform: Callable[[str], bytes]) -> None:
    for rel in (A, "docs/scope.md"):
        repo.write_bytes(rel, transform(repo.read(rel)))
    assert repo.findings() == []


def test_a_file_over_the_size_limit_is_not_read(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_BYTES", 1024 * 1024)
    # Not even valid YAML: the size is refused before the file is parsed.
    repo.write(A, "assets: [\n" + "# padding\n" * 157_287)
    assert in_file(repo, A) == [
        (
            "yaml",
            f"{A}: error: the file is 1.5 MiB, above the limit of 1 MiB"
            " — split a large register into a folder of files (for example registers/assets/*.yml)",
        )
    ]


# --- entries and their fields -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "  - id: AST-4\n",
            "  - AST-5\n  - id: AST-4\n",
            f"{A}:34: error: assets[3]: an entry must be a mapping of 'key: value' lines",
            id="entry-is-a-string",
        ),
        pytest.param(
            "    name: Staff laptops\n",
            "    name: Staff laptops\n    license: MIT\n",
            f"{A}:36: error: asset AST-4: license: unknown key 'license' — did you mean 'licence'? {ASSET_KEYS}",
            id="unknown-key-did-you-mean",
        ),
        pytest.param(
            "    name: Staff laptops\n",
            "    name: Staff laptops\n    colour: grey\n",
            f"{A}:36: error: asset AST-4: colour: unknown key 'colour' — {ASSET_KEYS}",
            id="unknown-key-nothing-close",
        ),
        pytest.param(
            "    name: Staff laptops\n",
            "",
            f"{A}:34: error: asset AST-4: the required key 'name' is missing — add `name:` (Name of the asset)",
            id="missing-required-key",
        ),
        pytest.param(
            "    type: hardware\n",
            "    type: hardwear\n",
            f"{A}:36: error: asset AST-4: type: 'hardwear' is not an allowed value — did you mean 'hardware'?"
            " use one of: information, software, hardware, service, people, site, supplier, intangible",
            id="enum-did-you-mean",
        ),
        pytest.param(
            "    type: hardware\n",
            "    type: furniture\n",
            f"{A}:36: error: asset AST-4: type: 'furniture' is not an allowed value"
            " — use one of: information, software, hardware, service, people, site, supplier, intangible",
            id="enum-nothing-close",
        ),
        pytest.param(
            "    integrity: 2\n",
            "    integrity: 7\n",
            f"{A}:40: error: asset AST-4: integrity: input should be less than or equal to 5 (got 7)",
            id="number-out-of-range",
        ),
        pytest.param(
            "    integrity: 2\n",
            "    integrity: high\n",
            f"{A}:40: error: asset AST-4: integrity: input should be a valid integer, unable to parse string as an"
            " integer (got 'high')",
            id="text-where-a-number-belongs",
        ),
        pytest.param(
            "    name: Staff laptops\n",
            "    name: true\n",
            f"{A}:35: error: asset AST-4: name: input should be a valid string (got True)"
            " — YAML reads true/false as yes/no: quote the text if you meant it as text",
            id="boolean-where-text-belongs",
        ),
        pytest.param(
            "    name: Staff laptops\n",
            "    name: [Staff, laptops]\n",
            f"{A}:35: error: asset AST-4: name: input should be a valid string — write text here",
            id="list-where-text-belongs",
        ),
        pytest.param(
            "    name: Staff laptops\n",
            '    name: ""\n',
            f"{A}:35: error: asset AST-4: name: the text is empty"
            " — write the text, or remove the key if it is optional",
            id="empty-text",
        ),
        pytest.param(
            "  - id: AST-1\n",
            "  - id: AST-1\n    depends_on: AST-3\n",
            f"{A}:7: error: asset AST-1: depends_on: input should be a valid list (got 'AST-3')"
            " — write a list, one '- item' per line or [a, b]",
            id="text-where-a-list-belongs",
        ),
    ],
)
def test_entry_schema_errors(repo: Repo, old: str, new: str, expected: str) -> None:
    repo.replace(A, old, new)
    assert in_file(repo, A) == [("schema", expected)]


CONTROL_HINT = (
    "remove it; text may hold tab and line breaks but no other control character"
    " (in a double-quoted YAML string, escapes such as \\x01 or \\e write one)"
)


@pytest.mark.parametrize(
    ("written", "character", "position"),
    [
        pytest.param("\\x01", "U+0001", 7, id="start-of-heading"),
        pytest.param("\\0", "U+0000", 7, id="nul"),
        pytest.param("\\e[2J", "U+001B", 7, id="terminal-escape"),
        pytest.param("\\r", "U+000D", 7, id="carriage-return"),
        pytest.param("\\v", "U+000B", 7, id="vertical-tab"),
        pytest.param("\\x7f", "U+007F", 7, id="delete"),
        pytest.param("\\N", "U+0085", 7, id="c1-next-line"),
        pytest.param("\\x9b", "U+009B", 7, id="c1-control-sequence"),
    ],
)
def test_a_control_character_in_text_is_refused_where_it_is_written(
    repo: Repo, written: str, character: str, position: int
) -> None:
    repo.replace(A, "    name: Staff laptops\n", f'    name: "Staff {written}laptops"\n')
    expected = (
        f"{A}:35: error: asset AST-4: name: the text holds the control character {character} at position {position}"
    )
    assert in_file(repo, A) == [("schema", f"{expected} — {CONTROL_HINT}")]


def test_a_control_character_at_the_edge_is_refused_rather_than_stripped(repo: Repo) -> None:
    repo.replace(A, "    name: Staff laptops\n", '    name: "Staff laptops\\x1f"\n')
    assert in_file(repo, A) == [
        (
            "schema",
            f"{A}:35: error: asset AST-4: name: the text holds the control character U+001F at position 14"
            f" — {CONTROL_HINT}",
        )
    ]


def test_tabs_and_line_breaks_are_text(repo: Repo) -> None:
    repo.replace(A, "    name: Staff laptops\n", '    name: "Staff\\tlaptops"\n    description: "one\\ntwo"\n')
    assert repo.findings() == []


def test_a_control_character_in_a_key_is_shown_as_its_code(repo: Repo) -> None:
    repo.replace(A, "    name: Staff laptops\n", '    name: Staff laptops\n    "na\\ame": x\n')
    expected = (
        f"{A}:36: error: asset AST-4: na<U+0007>me: unknown key 'na<U+0007>me' — did you mean 'name'? {ASSET_KEYS}"
    )
    assert in_file(repo, A) == [("schema", expected)]


def test_every_problem_of_an_entry_is_reported_at_once(repo: Repo) -> None:
    repo.replace(A, "    name: Staff laptops\n    type: hardware\n", "    type: furniture\n    colour: grey\n")
    assert [text for _, text in in_file(repo, A)] == [
        f"{A}:34: error: asset AST-4: the required key 'name' is missing — add `name:` (Name of the asset)",
        f"{A}:35: error: asset AST-4: type: 'furniture' is not an allowed value"
        " — use one of: information, software, hardware, service, people, site, supplier, intangible",
        f"{A}:36: error: asset AST-4: colour: unknown key 'colour' — {ASSET_KEYS}",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("2026-02-30", "2026-02-30 is not a real date (day is out of range for month)", id="february-30"),
        pytest.param("2026-13-01", "2026-13-01 is not a real date (month must be in 1..12)", id="month-13"),
        pytest.param(
            "31/12/2026",
            "'31/12/2026' is not a date — write it as YYYY-MM-DD: did you mean 2026-12-31?",
            id="day-first",
        ),
        pytest.param(
            "21.10.2026", "'21.10.2026' is not a date — write it as YYYY-MM-DD: did you mean 2026-10-21?", id="dotted"
        ),
        pytest.param(
            "1.6.2026", "'1.6.2026' is not a date — write it as YYYY-MM-DD: did you mean 2026-06-01?", id="short-dotted"
        ),
        pytest.param(
            "06/01/2026",
            "'06/01/2026' is not a date — write it as YYYY-MM-DD: did you mean 2026-01-06 or 2026-06-01?",
            id="slashes-either-way",
        ),
        pytest.param(
            "10/21/2026",
            "'10/21/2026' is not a date — write it as YYYY-MM-DD: did you mean 2026-10-21?",
            id="month-first",
        ),
        pytest.param("31.02.2026", "'31.02.2026' is not a date — write it as YYYY-MM-DD", id="day-first-not-real"),
        pytest.param("2026-1-5", "'2026-1-5' is not a date — write it as YYYY-MM-DD", id="no-leading-zeros"),
        pytest.param("2026-12-31 10:00", "'2026-12-31 10:00' is not a date — write it as YYYY-MM-DD", id="with-time"),
        pytest.param("20261231", "20261231 is not a date — write it as YYYY-MM-DD", id="a-number"),
        pytest.param('"2027-01-31"', None, id="quoted-is-fine"),
    ],
)
def test_dates(repo: Repo, value: str, message: str | None) -> None:
    repo.replace("registers/treatments.yml", "due: 2027-01-31", f"due: {value}")
    expected = (
        [] if message is None else [("schema", f"registers/treatments.yml:13: error: treatment T-1: due: {message}")]
    )
    assert in_file(repo, "registers/treatments.yml") == expected


def test_numbers_where_text_belongs_keep_their_text(repo: Repo) -> None:
    """``version: 1.10`` is version 1.10, not 1.1; a number as a name is its digits."""
    repo.replace(A, 'version: "1.0"', "version: 1.10")
    repo.replace(A, "    name: Staff laptops\n", "    name: 42\n")
    repo.replace("docs/scope.md", 'version: "1.0"\nstatus', "version: 1.0\nstatus")
    result = repo.check()
    assert result.findings == []
    assert next(f.header for f in result.model.files if f.path == A).version == "1.10"  # type: ignore[union-attr]
    assert result.model.assets[3].name == "42"
    assert next(d for d in result.model.documents if d.id == "DOC-SCOPE").meta.version == "1.0"


def test_yes_and_no_stay_text(repo: Repo) -> None:
    repo.replace(A, "    name: Staff laptops\n", "    name: no\n    location: NO\n")
    result = repo.check()
    assert result.findings == []
    assert (result.model.assets[3].name, result.model.assets[3].location) == ("no", "NO")


def test_control_numbers_written_as_numbers_keep_their_text(repo: Repo) -> None:
    repo.replace("registers/soa.yml", '{control: "5.10",', "{control: 5.10,")
    repo.replace("registers/risks.yml", 'controls: ["5.15", "8.5"]', 'controls: [A.5.15, 8.5, "A 5.10"]')
    result = repo.check()
    assert result.findings == []
    assert "5.10" in {entry.control for entry in result.model.soa}
    assert result.model.risks[0].controls == ["5.15", "8.5", "5.10"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    inherent: {likelihood: 3, impact: 3}\n",
            "    inherent: {likelihood: 3, impact: 3, score: 9}\n",
            "registers/risks.yml:13: error: risk R-1: inherent.score: unknown key 'score'"
            " — scores are derived from registers/methodology.yml; remove it",
            id="typed-score",
        ),
        pytest.param(
            "    status: open\n",
            "    status: open\n    level: high\n",
            "registers/risks.yml:18: error: risk R-1: level: unknown key 'level'"
            " — levels are derived from registers/methodology.yml; remove it",
            id="typed-level",
        ),
    ],
)
def test_derived_values_are_not_typed(repo: Repo, old: str, new: str, expected: str) -> None:
    repo.replace("registers/risks.yml", old, new)
    assert in_file(repo, "registers/risks.yml") == [("schema", expected)]


def test_soa_documents_are_derived(repo: Repo) -> None:
    repo.replace(
        "registers/soa.yml",
        "status: implemented, owner: ciso}",
        "status: implemented, owner: ciso, documents: [POL-IS]}",
    )
    # The row failed to load, but it is there: control 5.1 is not also reported as having no SoA entry.
    assert in_file(repo, "registers/soa.yml") == [
        (
            "schema",
            "registers/soa.yml:6: error: SoA 5.1: documents: unknown key 'documents'"
            " — implementing documents are derived from the documents' `controls`; remove it",
        ),
    ]


def test_a_rule_between_fields_points_at_the_entry(repo: Repo) -> None:
    repo.replace("registers/treatments.yml", "    completed_on: 2026-06-20\n", "")
    assert in_file(repo, "registers/treatments.yml") == [
        (
            "schema",
            "registers/treatments.yml:17: error: treatment T-2: a treatment that is done needs completed_on"
            " (the date it was done)",
        )
    ]


# --- headers and whole-file registers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        pytest.param(
            A,
            "approved_by: ceo\n",
            "approved_by: ceo\naproved: yes\n",
            f"{A}:4: error: aproved: unknown key 'aproved' — a register file has its header ({HEADER_KEYS})"
            " and its entries under 'assets:'",
            id="header-unknown-key",
        ),
        pytest.param(
            A,
            'version: "1.0"\n',
            "",
            f"{A}:1: error: the file: the required key 'version' is missing"
            " — add `version:` (Version of this register file, e.g. '1.3')",
            id="header-missing-version",
        ),
        pytest.param(
            A,
            "owner: ciso\napproved_by",
            "owner: ciso\nclassification: secret\napproved_by",
            f"{A}:3: error: classification: 'secret' is not an allowed value"
            " — use one of: public, internal, confidential",
            id="header-bad-classification",
        ),
        pytest.param(
            "registers/methodology.yml",
            "  threshold: medium\n",
            "",
            "registers/methodology.yml:18: error: acceptance: the required key 'threshold' is missing"
            " — add `threshold:` (Highest level that may be accepted without treatment (a level id))",
            id="methodology-missing-nested-key",
        ),
        pytest.param(
            "registers/methodology.yml",
            'colour: "#c62828"',
            "colour: red",
            "registers/methodology.yml:16: error: levels[2].colour: string should match pattern"
            " '^#[0-9a-fA-F]{6}$' (got 'red')",
            id="methodology-pattern",
        ),
    ],
)
def test_header_and_whole_file_errors(repo: Repo, rel: str, old: str, new: str, expected: str) -> None:
    repo.replace(rel, old, new)
    assert in_file(repo, rel) == [("schema", expected)]


def test_isms_file_unknown_key(repo: Repo) -> None:
    """A whole-file register that fails is left out, but it is there: the scope it names is not also missing."""
    repo.replace("registers/isms.yml", "scope: DOC-SCOPE\n", "scope: DOC-SCOPE\ncertificate: none\n")
    assert in_file(repo, "registers/isms.yml") == [
        (
            "schema",
            "registers/isms.yml:10: error: certificate: unknown key 'certificate' — did you mean 'certification'?"
            " allowed keys: approved_by, approved_on, audit_programme, certification, classification, climate,"
            " document_control, next_review, nis2, organisation, owner, review_every, scope, version",
        ),
    ]


# --- which files are registers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        pytest.param("risk.yml", "did you mean registers/risks.yml?", id="singular"),
        pytest.param("trainings.yaml", "did you mean registers/training.yml?", id="plural-yaml"),
        pytest.param(
            "zzz.yml",
            "registers are: assets, audits, communications, competence, context, controls, evidence, exceptions,"
            " improvements, incidents, isms, methodology, nonconformities, objectives, parties, requirements, reviews,"
            " risks, roles, soa, suppliers, training, treatments",
            id="nothing-close",
        ),
    ],
)
def test_unknown_register_file(repo: Repo, name: str, hint: str) -> None:
    repo.write(f"registers/{name}", "anything: at all\n")
    assert in_file(repo, f"registers/{name}") == [
        ("register-unknown", f"registers/{name}: error: '{name}' is not a register this tool knows — {hint}")
    ]


def test_other_files_beside_the_registers_are_ignored(repo: Repo) -> None:
    repo.write("registers/README.md", "# Registers\n")
    repo.write("registers/.hidden.yml", "x: 1\n")
    assert repo.findings() == []


def test_a_missing_required_register(repo: Repo) -> None:
    repo.delete("registers/treatments.yml")
    assert in_file(repo, "registers/treatments.yml") == [
        (
            "register-missing",
            "registers/treatments.yml: error: the treatments register is missing"
            " — create registers/treatments.yml (risk treatment plan (6.1.3 e, 8.3)); see isms/reference/registers/"
            " on the site",
        )
    ]


def test_a_dangling_link_in_place_of_a_register_is_refused_once(repo: Repo) -> None:
    """The link is the mistake: the register is not also reported missing."""
    for name in ("training", "treatments"):
        repo.delete(f"registers/{name}.yml")
        os.symlink("nowhere.yml", repo.path(f"registers/{name}.yml"))
        assert in_file(repo, f"registers/{name}.yml") == [
            (
                "symlink",
                f"registers/{name}.yml: error: the symbolic link points outside the repository or to nothing"
                " (nowhere.yml) — nothing outside the repository enters a build: copy the file in, or remove the link",
            )
        ]
    assert "register-missing" not in {finding.rule for finding in repo.check().findings}


def test_an_optional_register_may_be_absent(repo: Repo) -> None:
    repo.delete("registers/controls.yml")
    assert repo.findings() == []


def test_a_folder_of_register_files(repo: Repo) -> None:
    repo.write(
        "registers/assets/site.yml",
        'version: "1.0"\nowner: ciso\napproved_by: ceo\napproved_on: 2026-01-15\nassets:\n'
        "  - id: AST-5\n    name: Office\n    type: site\n    owner: cisco\n    classification: internal\n"
        "    confidentiality: 2\n    integrity: 2\n    availability: 2\n    reviewed_on: 2026-10-01\n",
    )
    repo.write(
        "registers/assets/more/printers.yaml",
        'version: "1.0"\nowner: ciso\napproved_by: ceo\napproved_on: 2026-01-15\nassets:\n'
        "  - id: AST-1\n    name: Printer\n    type: hardware\n    owner: ciso\n    classification: internal\n"
        "    confidentiality: 1\n    integrity: 1\n    availability: 1\n    reviewed_on: 2026-10-01\n",
    )
    result = repo.check()
    assert [asset.id for asset in result.model.assets] == ["AST-1", "AST-2", "AST-3", "AST-4", "AST-1", "AST-5"]
    assert [(f.rule, f.text()) for f in result.findings] == [
        (
            "duplicate-id",
            "registers/assets/more/printers.yaml:6: error: asset AST-1: the id 'AST-1' is used twice"
            " — first used at registers/assets.yml:6; give each entry its own id",
        ),
        (
            "unknown-reference",
            "registers/assets/site.yml:9: error: asset AST-5: owner: 'cisco' is not a known role"
            " — did you mean 'ciso'? roles are defined in registers/roles.yml",
        ),
    ]


def test_a_register_kept_only_as_a_folder(repo: Repo) -> None:
    repo.write("registers/assets/all.yml", repo.read(A))
    repo.delete(A)
    result = repo.check()
    assert result.findings == []
    assert {asset.file for asset in result.model.assets} == {"registers/assets/all.yml"}


# --- documents --------------------------------------------------------------------------------

S = "docs/scope.md"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "title: ISMS scope\n",
            "title: ISMS: scope\n",
            (
                "yaml",
                f"{S}:3: error: front matter: YAML syntax: mapping values are not allowed in this context"
                f" — {SYNTAX_HINT}",
            ),
            id="syntax-on-line-3-of-the-page",
        ),
        pytest.param(
            "classification: internal\n",
            "classification: internal\ntitle: Again\n",
            (
                "yaml",
                f"{S}:12: error: front matter: the key 'title' appears twice in this mapping (first on line 3)"
                " — keep one of them: YAML would silently drop the first",
            ),
            id="duplicate-key",
        ),
        pytest.param(
            "owner: ciso\n",
            "owner: ciso\nowners: ciso\n",
            (
                "schema",
                f"{S}:6: error: front matter.owners: unknown key 'owners' — did you mean 'owner'? {FRONT_MATTER_KEYS}",
            ),
            id="unknown-key",
        ),
        pytest.param(
            "status: approved",
            "status: aproved",
            (
                "schema",
                f"{S}:8: error: front matter.status: 'aproved' is not an allowed value — did you mean 'approved'?"
                " use one of: draft, in review, approved, retired",
            ),
            id="enum",
        ),
        pytest.param(
            "title: ISMS scope\n",
            "",
            (
                "schema",
                f"{S}:2: error: front matter: the required key 'title' is missing"
                " — add `title:` (Document title (also the page title))",
            ),
            id="missing-title",
        ),
        pytest.param(
            "review_every: 12\n",
            "review_every: 12\nnext_review: 2027-01-15\n",
            ("schema", f"{S}:2: error: front matter: give review_every or next_review, not both"),
            id="both-review-dates",
        ),
        pytest.param(
            '  - {version: "1.0", date: 2026-01-15,',
            '  - {version: "1.0", date: 2026-15-01,',
            (
                "schema",
                f"{S}:14: error: front matter.history[0].date: 2026-15-01 is not a real date (month must be in 1..12)",
            ),
            id="history-date",
        ),
        pytest.param(
            "title: ISMS scope\n",
            'title: "ISMS\\x07 scope"\n',
            (
                "schema",
                f"{S}:3: error: front matter.title: the text holds the control character U+0007 at position 5"
                f" — {CONTROL_HINT}",
            ),
            id="control-character",
        ),
    ],
)
def test_front_matter_errors(repo: Repo, old: str, new: str, expected: tuple[str, str]) -> None:
    repo.replace(S, old, new)
    assert in_file(repo, S) == [expected]
    assert "DOC-SCOPE" not in {document.id for document in repo.check().model.documents}


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("# Just text\n", id="no-front-matter"),
        # (document fields such as owner: would mean a forgotten id: see document-without-id)
        pytest.param("---\ntitle: Other\nauthor: nobody\nbogus: 1\n---\n# Other\n", id="front-matter-without-id"),
        pytest.param("---\n---\n# Empty\n", id="empty-front-matter"),
    ],
)
def test_ordinary_pages_are_not_checked(repo: Repo, content: str) -> None:
    repo.write("docs/other.md", content)
    result = repo.check()
    assert result.findings == []
    assert len(result.model.documents) == 3


def test_a_page_whose_front_matter_is_not_yaml_is_reported_even_without_id(repo: Repo) -> None:
    """The id cannot be known when the YAML is broken, so the error is reported rather than guessed away."""
    repo.write("docs/other.md", "---\ntitle: Other\nbogus: [1\n---\n# Other\n")
    assert in_file(repo, "docs/other.md") == [
        (
            "yaml",
            "docs/other.md:4: error: front matter: YAML syntax: did not find expected ',' or ']'"
            f" (while parsing a flow sequence) — {SYNTAX_HINT}",
        )
    ]


def test_the_index_page_without_id_is_ordinary(repo: Repo) -> None:
    assert "docs/index.md" not in {document.path for document in repo.check().model.documents}


def test_a_binary_page(repo: Repo) -> None:
    repo.write_bytes("docs/image.md", b"\x89PNG\x00\x00")
    assert in_file(repo, "docs/image.md") == [
        (
            "yaml",
            "docs/image.md: error: the file is binary, not text (it contains NUL bytes)"
            " — registers are UTF-8 text files",
        )
    ]


def test_a_folder_named_like_a_page_is_skipped(repo: Repo) -> None:
    repo.path("docs/archive.md").mkdir()
    assert repo.findings() == []


def test_a_missing_docs_folder(repo: Repo) -> None:
    repo.delete("docs")
    assert [(f.rule, f.text()) for f in repo.check().findings if f.rule == "docs-missing"] == [
        ("docs-missing", "docs: error: the docs folder is missing — create docs/ with the ISMS documents")
    ]


LINK_HINT = "nothing outside the repository enters a build: copy the file in, or remove the link"


def test_links_leaving_the_repository_are_refused_and_not_read(repo: Repo, tmp_path: Path) -> None:
    """MkDocs follows links under docs/ and copies what they point to: a link leaving the repository is an error."""
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "id_ed25519.md").write_text("---\ntitle: key\n---\nsecret\n", encoding="utf-8")
    secret = tmp_path / "controls.yml"
    secret.write_text(repo.read("registers/controls.yml"), encoding="utf-8")
    repo.delete("registers/controls.yml")
    os.symlink(secret, repo.path("registers/controls.yml"))
    os.symlink("/etc/passwd", repo.path("docs/passwd.txt"))
    os.symlink(keys, repo.path("docs/keys"))
    os.symlink("../..", repo.path("docs/policies/up"))  # leads back to a folder above it
    os.symlink("missing.md", repo.path("docs/gone.md"))
    os.symlink("../policies", repo.path("docs/procedures/policies"))  # inside the repository: followed
    outside = "error: the symbolic link points outside the repository or to nothing"
    assert repo.findings() == [
        f"docs/gone.md: {outside} (missing.md) — {LINK_HINT}",
        f"docs/keys: {outside} ({keys}) — {LINK_HINT}",
        f"docs/passwd.txt: {outside} (/etc/passwd) — {LINK_HINT}",
        f"docs/policies/up: error: the symbolic link leads back to a folder it is in (../..) — {LINK_HINT}",
        "docs/procedures/policies/information-security.md:2: error: document POL-IS: the id is also used by"
        " docs/policies/information-security.md — first used at docs/policies/information-security.md:2;"
        " give each document its own id",
        f"registers/controls.yml: {outside} ({secret}) — {LINK_HINT}",
    ]
    model = repo.check().model
    assert model.org_controls == [] and "ORG.1" not in model.catalogue.controls
    assert not any("keys" in page.path for page in model.pages)


@pytest.mark.parametrize("suffix", [".markdown", ".mdown", ".mkdn", ".mkd", ".md"])
def test_every_extension_mkdocs_builds_is_loaded_and_checked(repo: Repo, suffix: str) -> None:
    text = repo.read(S).replace("id: DOC-SCOPE", "id: DOC-EXTRA").replace("title: ISMS scope\n", "")
    repo.write(f"docs/extra{suffix}", text)
    assert repo.findings() == [
        f"docs/extra{suffix}:2: error: front matter: the required key 'title' is missing"
        " — add `title:` (Document title (also the page title))"
    ]
    repo.write(f"docs/extra{suffix}", "---\ntitle: Extra\nclassification: confidential\n---\n# Extra\n")
    pages = {page.src_uri: page.classification for page in repo.check().model.pages}
    assert pages == {"index.md": "internal", f"extra{suffix}": "confidential"}


def test_a_markdown_extension_in_another_case_is_refused(repo: Repo) -> None:
    """MkDocs copies 'x.MD' as it is, front matter and all, into every build."""
    repo.write("docs/records/minutes.MD", "---\nclassification: confidential\n---\nSecret minutes\n")
    assert repo.findings() == [
        "docs/records/minutes.MD: error: MkDocs does not build '.MD' files as pages: it would copy this one as it is"
        " into every build — rename it to minutes.md"
    ]


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_a_page_with_cr_line_breaks_is_read_as_mkdocs_reads_it(repo: Repo, newline: str) -> None:
    """MkDocs opens pages with universal newlines: a lone CR ends a line, so the front matter counts."""
    repo.write_bytes(S, repo.read(S).replace("\n", newline).encode("utf-8"))
    result = repo.check()
    assert result.findings == []
    assert [(d.id, d.meta.classification) for d in result.model.documents if d.path == S] == [("DOC-SCOPE", "internal")]
    repo.write_bytes(S, repo.read(S).replace("title: ISMS scope\n", "").replace("\n", newline).encode("utf-8"))
    assert in_file(repo, S) == [
        (
            "schema",
            f"{S}:2: error: front matter: the required key 'title' is missing"
            " — add `title:` (Document title (also the page title))",
        )
    ]


def test_a_front_matter_list_is_reported_where_it_is(repo: Repo) -> None:
    """MkDocs ignores a list as front matter: the document would silently stop being controlled."""
    text = repo.read(S)
    front, body = text.split("---\n")[1], text.split("---\n", 2)[2]
    listed = "".join(
        f"- {line}\n" if line and not line.startswith(" ") else f"  {line}\n" for line in front.splitlines()
    )
    repo.write(S, f"---\n{listed}---\n{body}")
    findings = repo.check().findings
    assert [finding.text() for finding in findings if finding.severity == "error"] == [
        f"{S}:2: error: front matter: it holds a list where a mapping belongs"
        " — write one 'key: value' line per field, without '- ' in front"
    ]
    assert not any("not a known document" in finding.message for finding in findings)


@pytest.mark.parametrize(
    ("content", "classification"),
    [
        pytest.param("# Just text\n", "internal", id="nothing-declared"),
        pytest.param("---\ntitle: Other\nclassification: public\n---\n# Other\n", "public", id="front-matter"),
        pytest.param("classification: confidential\ntitle: Other\n\n# Other\n", "confidential", id="multimarkdown"),
        pytest.param("---\n---\n# Empty\n", "internal", id="empty-front-matter"),
    ],
)
def test_an_ordinary_page_is_internal_unless_it_says_otherwise(repo: Repo, content: str, classification: str) -> None:
    repo.write("docs/other.md", content)
    result = repo.check()
    assert result.findings == []
    assert {page.src_uri: page.classification for page in result.model.pages}["other.md"] == classification


def test_an_ordinary_page_with_an_unknown_classification_is_an_error(repo: Repo) -> None:
    repo.write("docs/other.md", "---\ntitle: Other\nclassification: secret\n---\n# Other\n")
    repo.write("docs/more.md", "Classification: Public\n\n# More\n")
    assert in_file(repo, "docs/other.md") + in_file(repo, "docs/more.md") == [
        (
            "schema",
            "docs/other.md:3: error: front matter.classification: 'secret' is not an allowed value"
            " — use one of: public, internal, confidential",
        ),
        (
            "schema",
            "docs/more.md:1: error: metadata.classification: 'Public' is not an allowed value"
            " — did you mean 'public'? use one of: public, internal, confidential",
        ),
    ]


def test_entries_that_set_the_same_fields_share_one_set_of_names_until_one_is_assigned(repo: Repo) -> None:
    model, _ = load(repo.root)
    database, server, hosting, _laptops = model.assets  # the database and the hosting set the same fields
    assert database.model_fields_set == hosting.model_fields_set != server.model_fields_set
    assert database.__pydantic_fields_set__ is hosting.__pydantic_fields_set__
    database.location = "Leeds"  # an assignment gives the entry its own set: the other's is unchanged
    assert database.__pydantic_fields_set__ is not hosting.__pydantic_fields_set__
    assert "location" in database.model_fields_set and "location" not in hosting.model_fields_set


def test_parsed_registers_are_kept_only_when_asked_for(repo: Repo) -> None:
    """A build or check lets the parsed YAML go with the model; ``mkdocs serve`` keeps it for the next save."""
    from isms.core import approval  # noqa: PLC0415
    from isms.core import load as loader  # noqa: PLC0415

    try:
        loader.keep_parsed(0)
        load(repo.root)
        assert not loader._parsed and not approval._registers
        loader.keep_parsed(loader.SERVE_KEPT)
        first, _ = load(repo.root)
        assert len(loader._parsed) == len({file.path for file in first.files})
        second, _ = load(repo.root)
        assert [f.content for f in second.files] == [f.content for f in first.files]
        loader.keep_parsed(2)
        assert len(loader._parsed) == 2
    finally:
        loader.keep_parsed(0)
    assert not loader._parsed and not approval._registers


def _loaded(model: Model) -> object:
    """Everything a load put in a model, as plain values to compare."""
    return (
        {name: [entry.__dict__ for entry in entries] for name, entries in model.entries.items()},
        [(f.register, f.path, f.header.__dict__ if f.header is not None else None, f.content) for f in model.files],
        {name: single.__dict__ for name, single in model.singles.items()},
        [(d.path, d.src_uri, d.meta.__dict__) for d in model.documents],
        model.pages,
        model.present,
        model.unreadable,
        model.unloaded,
    )


def test_serve_loads_again_only_what_changed_or_had_a_finding(repo: Repo) -> None:
    """``mkdocs serve`` keeps what loading an unchanged file without findings added (entries, whole-file
    registers, documents) and adds it again; the model is the one a fresh load makes, after every edit."""
    from isms.core import kept  # noqa: PLC0415
    from isms.core import load as loader  # noqa: PLC0415

    def fresh() -> object:
        loader.keep_parsed(0)
        try:
            return _loaded(load(repo.root)[0]), load(repo.root)[1]
        finally:
            loader.keep_parsed(loader.SERVE_KEPT)

    try:
        loader.keep_parsed(loader.SERVE_KEPT)
        first, findings = load(repo.root)
        assert findings == [] and kept._clean
        repo.replace("registers/risks.yml", "title: Laptop lost on a train", "title: Laptop left on a train")
        repo.replace("docs/policies/information-security.md", 'version: "1.1"\nstatus', 'version: "9.9"\nstatus')
        second, findings = load(repo.root)
        assert (_loaded(second), findings) == fresh()
        assert second.assets[0] is first.assets[0] and second.isms is first.isms, "unchanged: the same entries"
        assert second.methodology is first.methodology and second.methodology is not None
        assert second.risks[1] is not first.risks[1] and second.risks[1].title == "Laptop left on a train"
        assert second.risks[0] is first.risks[0], "one entry changed: the others are the same"
        assert second.risks[1].line("title") == first.risks[1].line("title")
        repo.replace("registers/risks.yml", "version:", "version: '7.0' #")  # the header: the file is loaded whole
        repo.replace("registers/risks.yml", "title: Laptop left on a train", "title: Laptop lost on a bus")
        header_too, findings = load(repo.root)
        assert (_loaded(header_too), findings) == fresh()
        assert header_too.risks[0] is not first.risks[0]
        changed = {d.src_uri: d for d in second.documents}["policies/information-security.md"]
        assert changed.meta.version == "9.9" and changed not in first.documents
        repo.replace("registers/assets.yml", "availability: 3", "availability: 9")  # a finding: loaded in full
        third, findings = load(repo.root)
        fourth, again = load(repo.root)
        assert findings == again and any(f.path == "registers/assets.yml" for f in findings)
        assert (_loaded(fourth), again) == fresh()
        assert fourth.assets[-1] is not third.assets[-1]
        loader.keep_parsed(0)
        assert not kept._clean
    finally:
        loader.keep_parsed(0)
