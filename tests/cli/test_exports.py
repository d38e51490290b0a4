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

from isms.exports.files import export
from isms.exports.stamp import Stamp
from tests.conftest import AS_OF, Repo
from tests.support.gitrepo import commit_all, git

STAMP = ["organisation", "version", "commit", "as_of"]


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
    assert rows[4] == []
    header = rows[5]
    return stamp, [dict(zip(header, row, strict=True)) for row in rows[6:]]


def read_sheet(path: Path, title: str) -> tuple[Any, dict[str, Any], list[dict[str, Any]]]:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[title]
    values = list(sheet.iter_rows(values_only=True))
    stamp = {row[0]: row[1] for row in values[:4]}
    header = values[5]
    return sheet, stamp, [dict(zip(header, row, strict=True)) for row in values[6:]]


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
    assert sheet.freeze_panes == "A7"
    assert sheet.auto_filter.ref == f"A6:W{6 + len(risks)}"
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
    assert sheet.freeze_panes == "A7"

    _, rows = read_csv(run_export(repo, "soa", "csv", tmp_path))
    assert [row["control"] for row in rows if row["part"] == "annex_a"][:3] == ["5.1", "5.2", "5.3"]
    assert len([row for row in rows if row["part"] == "clauses"]) == len(clauses)


def test_rtp_matches_the_treatment_plan(repo: Repo, tmp_path: Path) -> None:
    treatments = register(repo, "treatments", "treatments")
    _, _, rows = read_sheet(run_export(repo, "rtp", "xlsx", tmp_path), "Risk treatment plan")
    assert [(row["id"], row["action"], row["due"], row["status"]) for row in rows] == [
        (t["id"], t["action"], t["due"].isoformat(), t["status"]) for t in treatments
    ]
    _, rows_csv = read_csv(run_export(repo, "rtp", "csv", tmp_path))
    assert [row["risks"] for row in rows_csv] == [", ".join(t["risks"]) for t in treatments]


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
