"""``isms diff``: between two commits of a test repository it reports exactly the changes made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from isms.exports.diff import Change, Report, Side, as_markdown, compare
from tests.conftest import Repo
from tests.support.gitrepo import commit_all, git, isms

OLD_DATE = "2026-06-30T12:00:00+00:00"
NEW_DATE = "2026-11-28T12:00:00+00:00"

NEW_POLICY = """---
id: POL-NEW
title: Supplier | security <policy>
type: policy
owner: ciso
approver: ceo
version: "1.0"
status: approved
approved_on: 2026-11-01
review_every: 12
classification: internal
---
# Supplier security policy
"""


@pytest.fixture
def history(repo: Repo) -> Repo:
    """The minimal repository committed as v1.0, then changed in known ways and committed again."""
    repo.replace(
        "registers/treatments.yml", "    status: done\n    completed_on: 2026-06-20\n", "    status: in progress\n"
    )
    commit_all(repo.root, "ISMS v1.0", OLD_DATE)
    git(repo.root, "tag", "v1.0", date=OLD_DATE)

    repo.replace("docs/policies/information-security.md", '\nversion: "1.1"\n', '\nversion: "1.2"\n')
    repo.replace("docs/procedures/risk.md", "approved_on: 2026-01-15", "approved_on: 2026-11-20")
    repo.write("docs/policies/new.md", NEW_POLICY)
    repo.replace(
        "registers/soa.yml",
        '{control: "5.10", applicable: true, reasons: [best practice], status: planned}',
        '{control: "5.10", applicable: true, reasons: [best practice], status: partial}',
    )
    repo.replace(
        "registers/soa.yml",
        '{control: "7.4", applicable: true, reasons: [best practice], status: planned}',
        '{control: "7.4", applicable: false, justification: No premises of our own}',
    )
    repo.replace(
        "registers/risks.yml",
        "    inherent: {likelihood: 3, impact: 3}\n",
        "    inherent: {likelihood: 1, impact: 3}\n",
    )
    repo.replace("registers/risks.yml", "    status: accepted\n", "    status: closed\n")
    repo.write(
        "registers/risks.yml",
        repo.read("registers/risks.yml")
        + """  - id: R-4
    title: Insider copies customer data
    threat: Malicious insider
    vulnerability: Broad access
    owner: ciso
    inherent: {likelihood: 1, impact: 2}
    treatment: retain
    status: open
    last_assessed: 2026-11-01
""",
    )
    text = repo.read("registers/treatments.yml")
    repo.write(
        "registers/treatments.yml",
        text.replace("    due: 2027-01-31\n", "    due: 2026-11-01\n", 1).replace(
            "    due: 2026-10-31\n    status: in progress\n",
            "    due: 2026-10-31\n    status: done\n    completed_on: 2026-06-20\n",
        ),
    )
    for register in ("risks", "soa", "treatments"):  # each changed register is approved again
        _approve_again(repo, f"registers/{register}.yml")
    commit_all(repo.root, "ISMS changes", NEW_DATE)
    return repo


def _approve_again(repo: Repo, path: str) -> None:
    repo.replace(
        path,
        'version: "1.0"\nowner: ciso\napproved_by: ceo\napproved_on: 2026-01-15\n',
        'version: "1.1"\nowner: ciso\napproved_by: ceo\napproved_on: 2026-11-20\n',
    )


EXPECTED = {
    "documents": [
        {
            "change": "re-approved",
            "id": "PRO-RISK",
            "title": "Risk assessment and treatment",
            "old": "2026-01-15",
            "new": "2026-11-20",
        },
        {"change": "added", "id": "POL-NEW", "title": "Supplier | security <policy>", "old": None, "new": "1.0"},
        {"change": "re-versioned", "id": "POL-IS", "title": "Information security policy", "old": "1.1", "new": "1.2"},
    ],
    "soa": [
        {"change": "status", "id": "5.10", "title": "", "old": "planned", "new": "partial"},
        {"change": "applicability", "id": "7.4", "title": "", "old": "applicable", "new": "excluded"},
    ],
    "risks": [
        {
            "change": "inherent level",
            "id": "R-1",
            "title": "Customer data stolen through a weak password",
            "old": "high",
            "new": "medium",
        },
        {"change": "closed", "id": "R-2", "title": "Laptop lost on a train", "old": "accepted", "new": "closed"},
        {"change": "added", "id": "R-4", "title": "Insider copies customer data", "old": None, "new": "open"},
    ],
    "treatments": [
        {
            "change": "overdue",
            "id": "T-1",
            "title": "Enforce multi-factor authentication",
            "old": None,
            "new": "due 2026-11-01",
        },
        {
            "change": "completed",
            "id": "T-2",
            "title": "Back up to a second region",
            "old": "in progress",
            "new": "done",
        },
    ],
}


def _sorted(changes: list[dict[str, object]]) -> list[dict[str, object]]:
    return sorted(changes, key=lambda c: (str(c["id"]), str(c["change"])))


def test_diff_between_two_commits_reports_exactly_the_changes_made(history: Repo) -> None:
    result = isms("diff", "v1.0", "HEAD", "--format", "json", "--root", str(history.root))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for kind, expected in EXPECTED.items():
        assert _sorted(report[kind]) == _sorted(expected), kind  # type: ignore[arg-type]
    assert report["old"]["version"] == "v1.0" and report["old"]["as_of"] == "2026-06-30"
    assert report["new"]["commit"] == git(history.root, "rev-parse", "HEAD")
    assert report["new"]["as_of"] == "2026-11-28"


def test_diff_as_markdown_for_a_pull_request(history: Repo) -> None:
    result = isms("diff", "v1.0", "--root", str(history.root))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("## ISMS changes from v1.0 (v1.0, ")
    assert "### Documents (3)" in out and "### Statement of Applicability (2)" in out
    assert "### Risks (3)" in out and "### Risk treatments (2)" in out
    assert "| added | POL-NEW | Supplier \\| security \\<policy\\> | — | 1.0 |" in out
    assert "| re-versioned | POL-IS | Information security policy | 1.1 | 1.2 |" in out


def test_diff_of_a_commit_with_itself_is_empty(history: Repo) -> None:
    result = isms("diff", "HEAD", "HEAD", "--root", str(history.root))
    assert result.returncode == 0
    assert "No changes to documents, the SoA, risks or treatments." in result.stdout


def test_bad_refs_and_folders_get_a_message(history: Repo, tmp_path: Path) -> None:
    bad_ref = isms("diff", "v9.9", "HEAD", "--root", str(history.root))
    assert bad_ref.returncode == 2
    assert "isms: error: 'v9.9' is not a commit, tag or branch of" in bad_ref.stderr
    no_git = isms("diff", "v1.0", "HEAD", "--root", str(tmp_path))
    assert no_git.returncode == 2
    assert "is not a git repository" in no_git.stderr
    bad_archive = tmp_path / "old.tar.gz"
    bad_archive.write_bytes(b"not an archive")
    broken = isms("diff", str(bad_archive), "HEAD", "--root", str(history.root))
    assert broken.returncode == 2 and "not a readable snapshot archive" in broken.stderr
    for result in (bad_ref, no_git, broken):
        assert "Traceback" not in result.stderr


def test_markdown_escapes_author_text() -> None:
    side = Side("a", "1", "c0ffee", "2026-01-01")
    report = Report(side, side, documents=[Change("added", "D-1", "<script>x</script> | *b*", None, "1")])
    assert "| added | D-1 | \\<script\\>x\\</script\\> \\| \\*b\\* | — | 1 |" in as_markdown(report)
    assert compare({}, {}).empty
