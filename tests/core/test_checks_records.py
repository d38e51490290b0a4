"""Checks of records that age or must match what they describe: evidence, training, register approval and review,
requirements' and assets' reviews."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable

import pytest

from tests.conftest import Case, Repo, case_id

EV = "registers/evidence.yml"
TR = "registers/training.yml"
EV_FILE = "evidence/backup-test.txt"
RECORDED = hashlib.sha256(b"Backup restore test, 2026-10-20: passed.\n").hexdigest()
TAMPERED = hashlib.sha256(b"Backup restore test, 2026-10-20: failed.\n").hexdigest()
APPROVAL_HINT = "registers are controlled documents too (7.5.3): record their approval"
RQ = "registers/requirements.yml"
AS = "registers/assets.yml"
REGISTER_HINT = "review the register, then update its version and approved_on (and next_review)"
DEFAULT = " (12 months after approval by default: the header sets no review_every or next_review)"
REQUIREMENT_HINT = "review compliance with the requirement (5.31, 5.36) and set 'reviewed_on:' to the date"
ASSET_HINT = "review the entry (owner, location, classification, values) (5.9) and set 'reviewed_on:' to the date"


def do(action: Callable[[Repo], object]) -> Callable[[Repo], None]:
    def edit(repo: Repo) -> None:
        action(repo)

    return edit


def location(value: str) -> tuple[str, str, str]:
    return (EV, f"location: {EV_FILE}", f"location: {value}")


CASES = [
    Case(
        "evidence-file-missing",
        "evidence-file",
        (do(lambda repo: repo.delete(EV_FILE)),),
        (
            f"{EV}:19: error: evidence EV-2: the file '{EV_FILE}' does not exist"
            " — give a path relative to the repository root, or a URL",
        ),
    ),
    Case(
        "evidence-location-is-a-folder",
        "evidence-file",
        (location("evidence"),),
        (
            f"{EV}:19: error: evidence EV-2: the file 'evidence' does not exist"
            " — give a path relative to the repository root, or a URL",
        ),
    ),
    Case(
        "evidence-file-changed",
        "evidence-file",
        (do(lambda repo: repo.write(EV_FILE, "Backup restore test, 2026-10-20: failed.\n")),),
        (
            f"{EV}:20: error: evidence EV-2: '{EV_FILE}' has changed since it was recorded"
            f" (sha256 {TAMPERED[:12]}…, recorded {RECORDED[:12]}…)"
            " — if the change is legitimate, record the new sha256 and effective_on",
        ),
    ),
    Case(
        "evidence-file-without-sha256",
        "evidence-file",
        ((EV, f"    sha256: {RECORDED}\n", ""),),
        (
            f"{EV}:19: error: evidence EV-2: a repository file needs its sha256"
            f" — add 'sha256: {RECORDED}' after checking the file is the right one",
        ),
    ),
    Case(
        "evidence-outside-the-repository",
        "evidence-file",
        (do(lambda repo: (repo.root.parent / "outside.txt").write_text("x\n")), location("../outside.txt")),
        (
            f"{EV}:19: error: evidence EV-2: '../outside.txt' is outside the repository"
            " — keep evidence files inside the repository and give their path relative to its root, or a URL",
        ),
    ),
    Case(
        "evidence-absolute-path",
        "evidence-file",
        (location("/etc/hostname"),),
        (
            f"{EV}:19: error: evidence EV-2: '/etc/hostname' is outside the repository"
            " — keep evidence files inside the repository and give their path relative to its root, or a URL",
        ),
    ),
    Case(
        "evidence-symlink-loop",
        "evidence-file",
        (do(lambda repo: os.symlink("loop", repo.path("evidence/loop"))), location("evidence/loop")),
        (
            f"{EV}:19: error: evidence EV-2: 'evidence/loop' is not a usable file path"
            " — give a path relative to the repository root, or a URL",
        ),
    ),
    Case(
        "evidence-expired",
        "evidence-expired",
        ((EV, "expires_on: 2027-10-01", "expires_on: 2026-11-27"),),
        (f"{EV}:12: warning: evidence EV-1: expired on 2026-11-27 — replace it with a current record, or remove it",),
    ),
    Case(
        "training-not-delivered-in-time",
        "training-overdue",
        ((TR, "last_delivered: 2026-02-01", "last_delivered: 2025-11-27"),),
        (
            f"{TR}:12: warning: programme TR-1: next delivery was due on 2026-11-27"
            " — deliver it and update 'last_delivered:' and completion",
        ),
    ),
    Case(
        "training-never-delivered",
        "training-overdue",
        ((TR, "    last_delivered: 2026-02-01\n", ""),),
        (f"{TR}:11: warning: programme TR-1: never delivered — deliver it and set 'last_delivered:'",),
    ),
    Case(
        "training-completion-below-target",
        "training-completion",
        ((TR, "completed: 11", "completed: 9"),),
        (
            f"{TR}:13: warning: programme TR-1: 9 of 12 completed (75.0%), below the target of 90%; 2 more needed"
            " — follow up with those who have not completed it and update 'completed:'",
        ),
    ),
    Case(
        "training-completion-rounds-to-whole-people",
        "training-completion",
        ((TR, "target: 90", "target: 95"),),
        (
            f"{TR}:13: warning: programme TR-1: 11 of 12 completed (91.7%), below the target of 95%; 1 more needed"
            " — follow up with those who have not completed it and update 'completed:'",
        ),
    ),
    Case(
        "register-without-approval",
        "register-approval",
        (("registers/assets.yml", "approved_by: ceo\napproved_on: 2026-01-15\n", ""),),
        (
            f"registers/assets.yml:1: warning: registers/assets.yml: the header has no 'approved_by' — {APPROVAL_HINT}",
            f"registers/assets.yml:1: warning: registers/assets.yml: the header has no 'approved_on' — {APPROVAL_HINT}",
        ),
    ),
    Case(
        "whole-file-register-without-approval-date",
        "register-approval",
        (("registers/isms.yml", "approved_on: 2026-01-15\n", ""),),
        (f"registers/isms.yml:1: warning: registers/isms.yml: the header has no 'approved_on' — {APPROVAL_HINT}",),
    ),
    Case(
        "register-review-by-default",
        "register-review-overdue",
        (("registers/roles.yml", "approved_on: 2026-01-15\n", "approved_on: 2025-11-01\n"),),
        (
            "registers/roles.yml:4: warning: registers/roles.yml: review overdue since 2026-11-01"
            f"{DEFAULT} — {REGISTER_HINT}",
        ),
    ),
    Case(
        "register-review-every",
        "register-review-overdue",
        (("registers/soa.yml", "approved_on: 2026-01-15\n", "approved_on: 2026-01-15\nreview_every: 6\n"),),
        (f"registers/soa.yml:5: warning: registers/soa.yml: review overdue since 2026-07-15 — {REGISTER_HINT}",),
    ),
    Case(
        "whole-file-register-next-review",
        "register-review-overdue",
        (("registers/isms.yml", "approved_on: 2026-01-15\n", "approved_on: 2026-01-15\nnext_review: 2026-10-31\n"),),
        (f"registers/isms.yml:5: warning: registers/isms.yml: review overdue since 2026-10-31 — {REGISTER_HINT}",),
    ),
    Case(
        "requirement-never-reviewed",
        "requirement-review-overdue",
        ((RQ, "    reviewed_on: 2026-02-01\n", ""),),
        (f"{RQ}:6: warning: requirement REQ-1: compliance never reviewed (no 'reviewed_on') — {REQUIREMENT_HINT}",),
    ),
    Case(
        "requirement-review-by-default",
        "requirement-review-overdue",
        ((RQ, "reviewed_on: 2026-02-01", "reviewed_on: 2025-10-01"),),
        (
            f"{RQ}:12: warning: requirement REQ-1: compliance review overdue since 2026-10-01 (last reviewed"
            f" 2025-10-01, every 12 months by default) — {REQUIREMENT_HINT}",
        ),
    ),
    Case(
        "requirement-review-every-of-the-header",
        "requirement-review-overdue",
        ((RQ, "approved_on: 2026-01-15\n", "approved_on: 2026-09-01\nreview_every: 6\n"),),
        (
            f"{RQ}:13: warning: requirement REQ-1: compliance review overdue since 2026-08-01 (last reviewed"
            f" 2026-02-01, every 6 months: the review_every of {RQ}) — {REQUIREMENT_HINT}",
        ),
    ),
    Case(
        "asset-never-reviewed",
        "asset-review-overdue",
        ((AS, "    availability: 3\n    reviewed_on: 2026-01-20\n", "    availability: 3\n"),),
        (f"{AS}:6: warning: asset AST-1: inventory entry never reviewed (no 'reviewed_on') — {ASSET_HINT}",),
    ),
    Case(
        "asset-review-by-default",
        "asset-review-overdue",
        ((AS, "[AST-3]\n    reviewed_on: 2026-01-20", "[AST-3]\n    reviewed_on: 2025-11-20"),),
        (
            f"{AS}:24: warning: asset AST-2: inventory entry review overdue since 2026-11-20 (last reviewed"
            f" 2025-11-20, every 12 months by default) — {ASSET_HINT}",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_record_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(
    "value",
    ["https://example.com/x", "mailto:isms@example.com", "sftp://files.example.com/x"],
)
def test_evidence_elsewhere_is_not_looked_for(repo: Repo, value: str) -> None:
    repo.replace(EV, f"    sha256: {RECORDED}\n", "")
    repo.replace(*location(value))
    assert repo.findings() == []


def test_completion_is_judged_only_30_days_after_delivery(repo: Repo) -> None:
    repo.replace(TR, "completed: 11", "completed: 2")
    repo.replace(TR, "last_delivered: 2026-02-01", "last_delivered: 2026-10-30")
    assert repo.findings() == []
    assert [f.rule for f in repo.check(dt.date(2026, 11, 29)).findings] == ["training-completion"]


def test_a_training_without_interval_is_never_overdue(repo: Repo) -> None:
    repo.replace(TR, "    every: 12\n    last_delivered: 2026-02-01\n", "")
    assert repo.findings() == []


def test_only_assets_in_use_are_reviewed(repo: Repo) -> None:
    for status in ("planned", "retired"):
        repo.replace(
            AS, "    availability: 3\n    reviewed_on: 2026-01-20\n", f"    availability: 3\n    status: {status}\n"
        )
        assert repo.findings() == []
        repo.replace(
            AS, f"    availability: 3\n    status: {status}\n", "    availability: 3\n    reviewed_on: 2026-01-20\n"
        )


def test_a_header_gives_review_every_or_next_review_not_both(repo: Repo) -> None:
    repo.replace(
        "registers/roles.yml",
        "approved_on: 2026-01-15\n",
        "approved_on: 2026-01-15\nreview_every: 12\nnext_review: 2027-01-01\n",
    )
    assert [f for f in repo.findings() if ": error: " in f] == [
        "registers/roles.yml:1: error: give review_every or next_review, not both"
    ]


@pytest.mark.parametrize(
    ("rule", "day", "expected"),
    [
        pytest.param(
            "evidence-expired",
            dt.date(2027, 10, 1),
            f"{EV}:12: warning: evidence EV-1: expired on 2027-10-01 — replace it with a current record, or remove it",
            id="evidence",
        ),
        pytest.param(
            "training-overdue",
            dt.date(2027, 2, 1),
            f"{TR}:12: warning: programme TR-1: next delivery was due on 2027-02-01"
            " — deliver it and update 'last_delivered:' and completion",
            id="training",
        ),
        pytest.param(
            "register-review-overdue",
            dt.date(2027, 1, 15),
            f"registers/roles.yml:4: warning: registers/roles.yml: review overdue since 2027-01-15{DEFAULT}"
            f" — {REGISTER_HINT}",
            id="register",
        ),
        pytest.param(
            "requirement-review-overdue",
            dt.date(2027, 2, 1),
            f"{RQ}:12: warning: requirement REQ-1: compliance review overdue since 2027-02-01 (last reviewed"
            f" 2026-02-01, every 12 months by default) — {REQUIREMENT_HINT}",
            id="requirement",
        ),
        pytest.param(
            "asset-review-overdue",
            dt.date(2027, 1, 20),
            f"{AS}:14: warning: asset AST-1: inventory entry review overdue since 2027-01-20 (last reviewed"
            f" 2026-01-20, every 12 months by default) — {ASSET_HINT}",
            id="asset",
        ),
    ],
)
def test_records_age_the_day_after_their_date(repo: Repo, rule: str, day: dt.date, expected: str) -> None:
    # The fixture's register files (and assets) age together: watch one file, and its first entry.
    path = expected.split(":", maxsplit=1)[0]

    def of_rule(as_of: dt.date) -> list[str]:
        found = [f.text() for f in repo.check(as_of).findings if f.rule == rule and f.path == path]
        return found[:1]

    assert of_rule(day) == []
    assert of_rule(day + dt.timedelta(days=1)) == [expected]
