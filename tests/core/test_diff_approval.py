"""``unapproved-change``: a pull request that changes an approved document or register without approving it again.

The pull-request workflow runs ``isms diff BASE HEAD``; it knows both sides, so it finds a document or register
file approved on both whose content changed while its version or approval date did not (7.5.3).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from isms.exports.diff import compare
from isms.exports.model import model_json
from isms.exports.stamp import Stamp
from tests.conftest import AS_OF, Repo
from tests.core.test_diff import NEW_POLICY
from tests.support.gitrepo import commit_all, isms

POL = "docs/policies/information-security.md"
PRO = "docs/procedures/risk.md"
RISKS = "registers/risks.yml"
BASE_DATE = "2026-06-30T12:00:00+00:00"
HEAD_DATE = "2026-11-28T12:00:00+00:00"

DOC_HINT = (
    "raise 'version', set 'approved_on' to the day the change is approved and add a history entry,"
    " or set status: in review until it is (7.5.3)"
)
POL_UNAPPROVED = (
    f"{POL}:7: error: document POL-IS: changed since version 1.1 (approved 2026-03-01) without a new version and"
    f" approval date — {DOC_HINT}"
)
RISKS_UNAPPROVED = (
    f"{RISKS}:1: error: {RISKS}: changed since version 1.0 (approved 2026-01-15) without a new version and"
    " approval date — raise 'version' and record the new approval in 'approved_by' and 'approved_on' (7.5.3)"
)
PRO_VERSION_ONLY = (
    f"{PRO}:7: error: document PRO-RISK: changed and given version 1.1 without a new approval date"
    " (last approved 2026-01-15)"
    " — set 'approved_on' to the day version 1.1 is approved, or status: in review until it is (7.5.3)"
)


def test_a_pull_request_changing_approved_files_without_approval_fails(repo: Repo) -> None:
    """Two commits, as the pull-request workflow sees them: base, then the pull request's head."""
    commit_all(repo.root, "base", BASE_DATE)
    repo.replace(POL, "We protect our customers' information.", "We protect our customers' and staff's information.")
    repo.replace(RISKS, "    threat: Loss\n", "    threat: Loss or theft\n")
    repo.replace(PRO, 'version: "1.0"', 'version: "1.1"')  # a new version, but no new approval date
    repo.write(PRO, repo.read(PRO) + "\nRisks are reassessed every six months.\n")
    repo.write("docs/policies/new.md", NEW_POLICY)  # a new document is not a change of an approved one
    commit_all(repo.root, "pull request", HEAD_DATE)
    result = isms("diff", "HEAD~1", "HEAD", "--root", str(repo.root))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [POL_UNAPPROVED, PRO_VERSION_ONLY, RISKS_UNAPPROVED]
    assert "### Changed without a new approval (3)" in result.stdout
    assert "- docs/policies/information-security.md:7: error: document POL-IS: changed since version 1.1" in (
        result.stdout
    )
    as_json = isms("diff", "HEAD~1", "HEAD", "--format", "json", "--root", str(repo.root))
    findings = json.loads(as_json.stdout)["findings"]
    assert [(f["rule"], f["path"], f["line"]) for f in findings] == [
        ("unapproved-change", POL, 7),
        ("unapproved-change", PRO, 7),
        ("unapproved-change", RISKS, 1),
    ]


def test_approving_the_change_in_the_same_pull_request_passes(repo: Repo) -> None:
    commit_all(repo.root, "base", BASE_DATE)
    repo.replace(POL, "We protect our customers' information.", "We protect our customers' and staff's information.")
    repo.replace(POL, '\nversion: "1.1"\n', '\nversion: "1.2"\n')
    repo.replace(POL, "approved_on: 2026-03-01", "approved_on: 2026-11-27")
    repo.replace(
        POL,
        "summary: Passwords}\n",
        'summary: Passwords}\n  - {version: "1.2", date: 2026-11-27, author: ciso, summary: Staff}\n',
    )
    commit_all(repo.root, "pull request", HEAD_DATE)
    result = isms("diff", "HEAD~1", "HEAD", "--root", str(repo.root))
    assert (result.returncode, result.stderr) == (0, "")
    assert "Changed without a new approval" not in result.stdout


def _export(repo: Repo) -> dict[str, Any]:
    result = repo.check()
    assert not result.errors, [f.text() for f in result.errors]
    data: dict[str, Any] = json.loads(model_json(result.model, result.derived, result.facts, Stamp("M", "", "", AS_OF)))
    return data


def _unapproved(repo: Repo, edits: tuple[tuple[str, str, str], ...]) -> list[str]:
    base = _export(repo)
    for path, old, new in edits:
        repo.replace(path, old, new)
    return [finding.text() for finding in compare(base, _export(repo)).findings]


BODY = "We protect our customers' information."


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(((POL, BODY, "We protect our customers'\n  information.   "),), [], id="body-reflowed"),
        pytest.param(((RISKS, "    threat: Loss\n", "    threat:   Loss    # lost\n"),), [], id="register-reformatted"),
        pytest.param(((POL, "approved_on: 2026-03-01", "approved_on: 2026-11-20"),), [], id="re-approved-only"),
        pytest.param(((POL, '\nversion: "1.1"\n', '\nversion: "1.2"\n'),), [], id="re-versioned-only"),
        pytest.param(((POL, "review_every: 12", "next_review: 2027-02-01"),), [], id="review-date-moved"),
        pytest.param(((POL, "summary: Passwords}", "summary: Passwords and MFA}"),), [], id="history-entry-reworded"),
        pytest.param(((RISKS, "approved_on: 2026-01-15", "approved_on: 2026-02-01"),), [], id="register-re-approved"),
        pytest.param(
            ((POL, BODY, "We protect everyone's information."), (POL, "status: approved", "status: in review")),
            [],
            id="changed-and-back-in-review",
        ),
        pytest.param(((POL, BODY, "We protect everyone's information."),), [POL_UNAPPROVED], id="body-changed"),
        pytest.param(
            ((POL, 'controls: ["5.1", "5.17"]', 'controls: ["5.1"]'),), [POL_UNAPPROVED], id="front-matter-changed"
        ),
        pytest.param(
            ((RISKS, "    threat: Loss\n", "    threat: Theft\n"),), [RISKS_UNAPPROVED], id="register-changed"
        ),
        pytest.param(
            (
                (POL, BODY, "We protect everyone's information."),
                (POL, "approved_on: 2026-03-01", "approved_on: 2026-11-20"),
            ),
            [
                f"{POL}:7: error: document POL-IS: changed and approved again on 2026-11-20, but its version is still"
                " 1.1 — raise 'version', so that this approval is told apart from that of version 1.1, and add a"
                " history entry (7.5.3)"
            ],
            id="re-approved-without-a-version",
        ),
        pytest.param(
            (
                (POL, BODY, "We protect everyone's information."),
                (POL, '\nversion: "1.1"\n', '\nversion: "1.2"\n'),
                (POL, "approved_on: 2026-03-01", "approved_on: 2026-01-01"),
            ),
            [
                f"{POL}:7: error: document POL-IS: changed and given version 1.2 without a new approval date"
                " (last approved 2026-03-01)"
                " — set 'approved_on' to the day version 1.2 is approved, or status: in review until it is (7.5.3)"
            ],
            id="approval-date-moved-back",
        ),
    ],
)
def test_what_counts_as_a_change_of_what_was_approved(
    repo: Repo, edits: tuple[tuple[str, str, str], ...], expected: list[str]
) -> None:
    assert _unapproved(repo, edits) == expected


def test_an_old_export_without_approvals_is_not_judged(repo: Repo) -> None:
    base = _export(repo)
    del base["approvals"]
    repo.replace(POL, BODY, "We protect everyone's information.")
    assert compare(base, _export(repo)).findings == []


def test_a_staff_build_shows_no_finding_about_what_it_leaves_out(repo: Repo) -> None:
    """The changes page of a restricted build lists unapproved changes of what that audience may read only."""
    from isms.core.audience import restrict  # noqa: PLC0415
    from isms.exports.diff import visible_changes  # noqa: PLC0415

    repo.replace(RISKS, "approved_on: 2026-01-15\n", "approved_on: 2026-01-15\nclassification: confidential\n")
    base = _export(repo)
    repo.replace(POL, BODY, "We protect everyone's information.")
    repo.replace(RISKS, "    threat: Loss\n", "    threat: Theft\n")
    report = compare(base, _export(repo))
    assert [f.path for f in report.findings] == [POL, RISKS]
    staff = visible_changes(report, restrict(repo.check().model, "staff", drafts=False))
    assert not isinstance(staff, str)
    assert [f.path for f in staff.findings] == [POL]
