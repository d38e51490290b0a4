"""`isms new` as an author meets it: what it creates, what it prints, and `isms check` clean right after."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from isms.cli.main import main
from isms.core.scaffold import document_id, next_numbered, slug
from tests.conftest import EXAMPLE, Repo

KINDS = (
    "policy",
    "procedure",
    "standard",
    "plan",
    "guideline",
    "record",
    "report",
    "risk",
    "asset",
    "treatment",
    "requirement",
    "evidence",
    "objective",
    "audit",
    "nonconformity",
    "supplier",
    "incident",
    "improvement",
    "exception",
    "issue",
    "party",
    "communication",
)


def new(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["new", *args, "--as-of", "2026-11-28", "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def strict_check(capsys: pytest.CaptureFixture[str], root: Path) -> str:
    code = main(["check", "--strict", "--as-of", "2026-11-28", "--root", str(root)])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_new_then_check_is_clean(kind: str, repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    before = {path: path.read_text(encoding="utf-8") for path in repo.root.rglob("*.yml")}
    code, out, err = new(capsys, repo.root, kind, "Supplier <b>outage</b> & recovery")
    assert (code, err) == (0, "")
    assert out.startswith("created ") and "\nnext:\n  - " in out
    strict_check(capsys, repo.root)
    for path, text in before.items():  # a register entry is appended: the rest of the file is kept as it was
        assert path.read_text(encoding="utf-8").startswith(text.rstrip("\n"))


def test_new_policy_follows_the_examples_ids_and_roles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE / "registers", root / "registers")
    shutil.copytree(EXAMPLE / "docs", root / "docs")
    code, out, _ = new(capsys, root, "policy", "Clear Desk and Screen Policy")
    assert code == 0
    assert out.splitlines()[0] == "created POL-CDS in docs/policies/clear-desk-and-screen-policy.md:1"
    text = (root / "docs/policies/clear-desk-and-screen-policy.md").read_text(encoding="utf-8")
    assert text.startswith('---\nid: POL-CDS\ntitle: "Clear Desk and Screen Policy"\ntype: policy\n')
    assert "\nowner: ciso  #" in text and "\napprover: ceo  #" in text  # those of the information security policy
    assert '\nversion: "0.1"\nstatus: draft' in text and "\nclassification: internal" in text
    assert '  - {version: "0.1", date: 2026-11-28, author: ciso, summary: First draft}\n' in text
    code, out, _ = new(capsys, root, "risk", "Tailgating into the office")
    assert re.fullmatch(r"created R-\d{3} in registers/risks\.yml:\d+", out.splitlines()[0]), out
    risks = (root / "registers/risks.yml").read_text(encoding="utf-8")
    assert "inherent: {likelihood: 1, impact: 1}  # NOT YET ASSESSED" in risks
    assert "assess the risk" in out
    code, out, _ = new(capsys, root, "treatment", "Badge readers on every door")
    assert code == 0
    created = out.splitlines()[0].split()[1]
    assert created.startswith("T-")
    code, out, _ = new(capsys, root, "incident", "Phishing reported")
    assert code == 0 and re.fullmatch(r"created INC-2026-045 in registers/incidents\.yml:\d+", out.splitlines()[0])
    code, out, _ = new(capsys, root, "supplier", "Zoom Video Communications")
    assert (code, out.splitlines()[0].split()[1]) == (0, "SUP-017")
    code, out, _ = new(capsys, root, "communication", "Security newsletter")
    assert (code, out.splitlines()[0].split()[1]) == (0, "COM-09")
    code, out, _ = new(capsys, root, "improvement", "Quarterly phishing simulation for new joiners")
    assert (code, out.splitlines()[0].split()[1]) == (0, "IMP-006")
    code = main(["check", "--as-of", "2026-11-28", "--root", str(root)])
    report = capsys.readouterr().out
    assert code == 0 and " 0 errors" in report, report


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (["R-001", "R-002", "R-010"], "R-011"),
        (["NC-2025-01", "NC-2026-02"], "NC-2026-03"),
        (["T-1", "T-2"], "T-3"),
        ([], "R-001"),
    ],
)
def test_next_numbered_follows_the_pattern(existing: list[str], expected: str) -> None:
    assert next_numbered(existing, "R-") == expected


def test_document_ids() -> None:
    assert document_id(["POL-AC", "POL-AUP"], {"POL-AC"}, "policy", "Access Control Policy") == "POL-AC-2"
    assert document_id(["POL-01", "POL-02"], set(), "policy", "Anything") == "POL-03"
    assert document_id([], set(), "plan", "Business Continuity Plan") == "PLAN-BC"
    assert document_id(["REC-MR-2026"], set(), "record", "Supplier Review Minutes") == "REC-SRM"
    assert document_id([], set(), "policy", "Backup Policy") == "POL-BACKUP"
    assert document_id([], set(), "policy", "Cryptography Policy") == "POL-CRYPTOGRAPHY"  # a word, not CRYPTOGR
    assert document_id([], set(), "statement", "ISMS Scope Statement") == "STM-IS"  # the type is no initial
    assert document_id([], set(), "manual", "Manual") == "MAN-MANUAL"
    assert slug("Access Control Policy") == "access-control-policy"


def test_new_refuses_what_it_cannot_do(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(capsys, repo.root, "policy", "Backup Policy")[0] == 0
    code, out, err = new(capsys, repo.root, "policy", "Backup Policy")
    assert (code, out) == (2, "")
    assert (
        err == "isms: error: docs/policies/backup-policy.md exists already — choose another title, or edit that file\n"
    )
    code, _, err = new(capsys, repo.root, "treatment", "Fix it", "--risk", "R-99")
    assert (code, err) == (2, "isms: error: --risk R-99: no such risk in registers/risks.yml\n")
    code, _, err = new(capsys, repo.root, "policy", "???")
    assert code == 2 and "give a title with letters or digits" in err
    repo.write("registers/assets.yml", repo.read("registers/assets.yml").replace("assets:\n", "assets: [\n"))
    code, _, err = new(capsys, repo.root, "asset", "Laptop")
    assert code == 2 and err.startswith("isms: error: registers/assets.yml:") and "fix the file first" in err
    with pytest.raises(SystemExit) as exit_:
        main(["new", "poliyc", "X"])
    assert exit_.value.code == 2


def test_new_entry_into_an_empty_list_and_a_list_not_last(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    text = repo.read("registers/objectives.yml")
    header = text.split("objectives:")[0]
    repo.write("registers/objectives.yml", header + "objectives: []  # none yet\n")
    code, out, _ = new(capsys, repo.root, "objective", "Fewer phishing clicks")
    assert code == 0 and out.startswith("created OBJ-001 in registers/objectives.yml")
    assert "objectives:  # none yet\n" in repo.read("registers/objectives.yml")
    repo.write("registers/requirements.yml", repo.read("registers/requirements.yml") + "classification: internal\n")
    code, _, err = new(capsys, repo.root, "requirement", "NIS2")
    assert code == 2
    assert err == (
        "isms: error: registers/requirements.yml: 'requirements:' is not the last key of the file — "
        "move it to the end, then run again\n"
    )


def test_new_competence_is_keyed_by_a_role_and_names_its_holders_evidence(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A competence record is about a role, not numbered; it is clean only with the holder's evidence (7.2 d)."""
    before = repo.read("registers/competence.yml")
    refusals = {
        ("competence", "cto"): "isms: error: Cy Example holds cto: give the evidence of their competence with"
        " --evidence ID (a certificate, an assessed CV or course record in registers/evidence.yml; isms new"
        " evidence makes one)\n",
        ("competence", "cto", "--evidence", "EV-33"): "isms: error: --evidence EV-33: no such evidence record in"
        " registers/evidence.yml — did you mean 'EV-3'?\n",
        ("competence", "ctoo"): "isms: error: 'ctoo' is not a role in registers/roles.yml — did you mean 'cto'?"
        " name a role's id\n",
        ("competence", "ciso"): "isms: error: role ciso has a competence record already — edit it in"
        " registers/competence.yml\n",
        ("competence", " "): "isms: error: name the role the competence record is about, e.g. isms new"
        " competence ciso\n",
    }
    for args, message in refusals.items():
        assert new(capsys, repo.root, *args) == (2, "", message)
    assert repo.read("registers/competence.yml") == before  # nothing written by a refusal
    code, out, err = new(capsys, repo.root, "competence", "cto", "--evidence", "EV-3", "--evidence", "EV-1")
    assert (code, err) == (0, "")
    assert out.startswith("created cto in registers/competence.yml:")
    added = repo.read("registers/competence.yml").removeprefix(before.rstrip("\n"))
    assert "  - role: cto  # " in added
    assert 'holders: [{person: "Cy Example", evidence: [EV-3, EV-1], assessed_on: 2026-11-28}]' in added
    strict_check(capsys, repo.root)


def test_new_competence_of_a_vacant_role_and_of_a_role_whose_id_yaml_would_misread(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write(
        "registers/roles.yml",
        repo.read("registers/roles.yml") + '  - id: "yes"\n    title: A role whose id YAML reads as true\n',
    )
    code, _, err = new(capsys, repo.root, "competence", "yes")
    assert (code, err) == (0, "")
    added = repo.read("registers/competence.yml")
    assert '  - role: "yes"  # ' in added and "    holders: []  # " in added  # vacant: nobody to give evidence of
    strict_check(capsys, repo.root)
