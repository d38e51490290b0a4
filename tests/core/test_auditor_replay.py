"""The contradictions a lead auditor raised on a stage-1 file (issue 11), replayed one at a time.

Each was introduced into an ISMS that passed ``isms check --strict`` and passed it still. Here each is made
on a fresh copy of the test-owned minimal ISMS (the repository's own example belongs to the adopter and may
be replaced), and the check must now report it under the rule named. The exact messages are asserted by each
rule's own cases in ``test_checks_*.py``; this test keeps the auditor's list whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.conftest import AS_OF, Edit, Repo

ISMS, SOA, RISKS = "registers/isms.yml", "registers/soa.yml", "registers/risks.yml"
AUDITS, NCS, REVIEWS = "registers/audits.yml", "registers/nonconformities.yml", "registers/reviews.yml"
METHODOLOGY, TREATMENTS = "registers/methodology.yml", "registers/treatments.yml"
POLICY = "docs/policies/information-security.md"


def certified(
    *audits: str, issued: str = "2025-11-27", expires: str = "2028-11-26", standard: str = "2022"
) -> Callable[[Repo], None]:
    """An edit adding a certification record with ``audits`` (flow mappings) to registers/isms.yml."""

    def edit(repo: Repo) -> None:
        lines = "".join(f"    - {audit}\n" for audit in audits)
        repo.write(
            ISMS,
            repo.read(ISMS) + f"certification:\n  standard: ISO/IEC 27001:{standard}\n  certificate_number: EC-1\n"
            f"  issued_on: {issued}\n  expires_on: {expires}\n  audits:\n{lines}",
        )

    return edit


STAGE_1 = "{id: S1, type: stage 1, planned_on: 2025-09-01, result: passed}"
STAGE_2 = "{id: S2, type: stage 2, planned_on: 2025-10-20, result: passed}"


@dataclass(frozen=True)
class Contradiction:
    said: str
    """What the auditor found, in the issue's words."""
    edits: tuple[Edit, ...]
    rules: frozenset[str]
    """Every one of these rules must report it."""
    as_of: dt.date = AS_OF


REPLAY = [
    Contradiction(
        "every internal audit set to planned (a planned audit whose date has passed counted as coverage)",
        ((AUDITS, "    end: 2026-02-11\n    status: completed\n", "    status: planned\n"),),
        frozenset({"audit-overdue", "audit-coverage"}),
    ),
    Contradiction(
        "as of 2028-01-01 no audit completed since the last one",
        (),
        frozenset({"audit-programme-overdue"}),
        dt.date(2028, 1, 1),
    ),
    Contradiction(
        "applicable controls 'not implemented' while their treatments are done and the risks treated",
        (
            (
                SOA,
                "references: [R-3], status: implemented, owner: cto}",
                "references: [R-3], status: not implemented, owner: cto}",
            ),
        ),
        frozenset({"soa-treatment-status"}),
    ),
    Contradiction(
        "an internal audit performed by the person who runs the audited area",
        (
            (
                AUDITS,
                "    auditor: External consultant\n    planned_on: 2026-02-10\n",
                "    auditor: ciso\n    planned_on: 2026-02-10\n",
            ),
        ),
        frozenset({"audit-impartiality"}),
    ),
    Contradiction(
        "a management review chaired by someone without the authority to",
        ((REVIEWS, "    chair: ceo\n", "    chair: cto\n"),),
        frozenset({"review-chair"}),
    ),
    Contradiction(
        "a policy approved by its own owner",
        ((POLICY, "approver: ceo", "approver: ciso"),),
        frozenset({"approver-is-owner"}),
    ),
    Contradiction(
        "residual risk higher than inherent",
        ((RISKS, "    residual: {likelihood: 2, impact: 2}\n", "    residual: {likelihood: 3, impact: 3}\n"),),
        frozenset({"residual-above-inherent"}),
    ),
    Contradiction(
        "an SoA row 'implemented' while its treatment is in progress",
        (
            (
                SOA,
                '"5.15", applicable: true, reasons: [risk], references: [R-1], status: partial',
                '"5.15", applicable: true, reasons: [risk], references: [R-1], status: implemented',
            ),
        ),
        frozenset({"soa-treatment-status"}),
    ),
    Contradiction(
        "a control backed only by draft documents",
        ((POLICY, "status: approved\napproved_on: 2026-03-01\n", "status: draft\n"),),
        frozenset({"soa-implemented-unsupported"}),
    ),
    Contradiction(
        "an approval dated in the future",
        ((POLICY, "approved_on: 2026-03-01", "approved_on: 2026-12-15"),),
        frozenset({"approval-in-future"}),
    ),
    Contradiction(
        "an audit 'completed' with a future end date",
        ((AUDITS, "    end: 2026-02-11\n", "    end: 2026-12-20\n"),),
        frozenset({"completion-in-future"}),
    ),
    Contradiction(
        "an NC closed before its actions are done",
        ((NCS, "        status: done\n        completed_on: 2026-03-31\n", "        status: in progress\n"),),
        frozenset({"nonconformity-closure"}),
    ),
    Contradiction(
        "an NC's effectiveness reviewed before its actions were done",
        ((NCS, "reviewed_on: 2026-05-01", "reviewed_on: 2026-03-15"),),
        frozenset({"nonconformity-effectiveness"}),
    ),
    Contradiction(
        "a 'held' review dated in the future (silently ignored)",
        ((REVIEWS, "    date: 2026-03-15\n", "    date: 2026-12-15\n"),),
        frozenset({"review-held-in-future"}),
    ),
    Contradiction(
        "a certificate issued before stage 2",
        (certified(STAGE_1, STAGE_2, issued="2025-10-01", expires="2028-09-30"),),
        frozenset({"certification-dates"}),
    ),
    Contradiction(
        "a certificate issued after a failed stage 2",
        (certified(STAGE_1, STAGE_2.replace("passed", "failed")),),
        frozenset({"certification-dates"}),
    ),
    Contradiction(
        "a risk above the acceptance threshold accepted by its owner instead of the authority the methodology names",
        (
            (METHODOLOGY, "review_every: 6}", "review_every: 6, accepted_by: [ceo]}"),
            (RISKS, "inherent: {likelihood: 2, impact: 2}", "inherent: {likelihood: 3, impact: 3}"),
        ),
        frozenset({"risk-acceptance-authority"}),
    ),
    Contradiction(
        "an acceptance running longer than the procedure allows",
        (
            (METHODOLOGY, "  authority: ceo\n", "  authority: ceo\n  max_months: 12\n"),
            (RISKS, "expires: 2027-03-01", "expires: 2027-03-31"),
        ),
        frozenset({"risk-acceptance-term"}),
    ),
    Contradiction(
        "a treatment plan whose actions the risk owners never approved",
        ((TREATMENTS, "    approved_by: [cto]\n    approved_on: 2026-06-15\n", ""),),
        frozenset({"treatment-approval"}),
    ),
    Contradiction(
        "a certificate valid for five years",
        (certified(STAGE_1, STAGE_2, expires="2030-11-26"),),
        frozenset({"certification-dates"}),
    ),
    Contradiction(
        "stage 1 after stage 2",
        (certified(STAGE_1.replace("2025-09-01", "2025-10-25"), STAGE_2),),
        frozenset({"certification-dates"}),
    ),
    Contradiction(
        "a certificate against ISO/IEC 27001:2013 as of 2025-11-15, after the transition deadline",
        (certified(STAGE_1, STAGE_2, issued="2025-11-01", expires="2028-10-31", standard="2013"),),
        frozenset({"certificate-standard"}),
        dt.date(2025, 11, 15),
    ),
]


def test_the_untouched_isms_passes_strictly(repo: Repo) -> None:
    assert repo.findings() == []


@pytest.mark.parametrize("contradiction", REPLAY, ids=lambda c: c.said)
def test_each_contradiction_an_auditor_raised_is_reported(repo: Repo, contradiction: Contradiction) -> None:
    for edit in contradiction.edits:
        if callable(edit):
            edit(repo)
        else:
            repo.replace(*edit)
    reported = {finding.rule for finding in repo.check(contradiction.as_of).findings}
    assert contradiction.rules <= reported, f"not reported: {sorted(contradiction.rules - reported)}"
