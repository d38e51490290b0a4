"""Checks of performance evaluation and improvement: management review (9.3), audit programme (9.2), 10.2."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Case, Repo, case_id

A = "registers/audits.yml"
NC = "registers/nonconformities.yml"
MR = "registers/reviews.yml"
ACTION_DONE = "        status: done\n        completed_on: 2026-03-31\n"
ACTION_HINT = "finish it and set status: done, or agree a new due date"
COVERAGE_HINT = "add the clauses to the 'clauses:' of a planned or completed audit (9.2.2)"
CONTROLS_HINT = "add the controls to the 'controls:' of a planned or completed audit (9.2.2)"
IMPARTIAL = "auditors never audit their own work (9.2.2 objectivity and impartiality)"
IMPARTIAL_HINT = f"have someone independent of the area audit it: {IMPARTIAL}"
LAPSED = (
    "IA-2 (planned for 2026-11-20) would cover some, but a planned audit past its date counts for nothing until its"
    " results are recorded: record them, or"
)
MINIMAL_APPLICABLE = [
    *(f"5.{n}" for n in range(1, 38)),
    *(f"6.{n}" for n in range(1, 9)),
    *(f"7.{n}" for n in range(1, 15)),
    *(f"8.{n}" for n in range(1, 35) if n != 30),
]
"""The applicable controls of the minimal repository (8.30, outsourced development, is excluded)."""

CASES = [
    Case(
        "objective-missed-after-its-due-date",
        "objective-not-met",
        (("registers/objectives.yml", "    direction: at least\n", "    direction: at least\n    due: 2026-11-27\n"),),
        (
            "registers/objectives.yml:13: warning: objective OBJ-1: due on 2026-11-27; the latest measurement (90 on"
            " 2026-09-30) is not at least the target of 95 — plan actions to meet it and review it at management"
            " review (9.3.2 d), or set a new due date",
        ),
    ),
    Case(
        "objective-due-and-never-measured",
        "objective-not-met",
        (
            ("registers/objectives.yml", "    direction: at least\n", "    direction: at least\n    due: 2026-11-27\n"),
            (
                "registers/objectives.yml",
                "      - {date: 2026-03-31, value: 80}\n      - {date: 2026-09-30, value: 90}\n",
                "",
            ),
            ("registers/objectives.yml", "    measurements:\n", ""),
        ),
        (
            "registers/isms.yml: warning: clause 9.1 (Monitoring, measurement, analysis and evaluation) requires"
            " Monitoring and measurement results (record); missing: measurements of the objectives in"
            " registers/objectives.yml — see the table of mandatory documented information:"
            " isms/reference/mandatory/ on the site",
            "registers/objectives.yml:13: warning: objective OBJ-1: due on 2026-11-27 and never measured"
            " — record measurements (9.1) under 'measurements:'",
        ),
        also=frozenset({"mandatory-documented-information"}),
    ),
    Case(
        "review-leaves-out-inputs",
        "management-review-inputs",
        ((MR, "      c: Customers ask for ISO certification\n      d: One minor nonconformity\n", ""),),
        (
            f"{MR}:11: warning: review MR-2026: no management review since 2025-11-28 covered input c (Changes in"
            " needs and expectations of interested parties relevant to the ISMS); d (Feedback on information"
            " security performance: nonconformities and corrective actions; monitoring and measurement results;"
            " audit results; fulfilment of objectives)"
            " — cover every input of 9.3.2 and record a summary of each under 'inputs:'",
        ),
    ),
    Case(
        "nonconformity-from-unknown-finding",
        "nonconformity-source",
        ((NC, "ref: IA-1-F1", "ref: IA-1-F9"),),
        (
            f"{NC}:8: error: nonconformity NC-1: source 'IA-1-F9' is not a known audit"
            " — give an audit or finding id from registers/audits.yml",
        ),
    ),
    Case(
        "nonconformity-from-unknown-review",
        "nonconformity-source",
        ((NC, "{type: audit, ref: IA-1-F1}", "{type: review, ref: MR-2025}"),),
        (
            f"{NC}:8: error: nonconformity NC-1: source 'MR-2025' is not a known review"
            " — give a review id from registers/reviews.yml",
        ),
    ),
    Case(
        "no-audit-completed-for-a-year",
        "audit-programme-overdue",
        ((A, "planned_on: 2026-02-10\n    end: 2026-02-11", "planned_on: 2025-11-10\n    end: 2025-11-11"),),
        (
            f"{A}:11: warning: audit IA-1: the last completed internal audit ended on 2025-11-11; the next was due"
            " to be completed by 2026-11-11 — complete the next audit of the programme and record it (status:"
            " completed, end, findings) (9.2.2)",
        ),
    ),
    Case(
        "planned-audit-date-passed",
        "audit-overdue",
        (("registers/audits.yml", "planned_on: 2026-12-10", "planned_on: 2026-11-20"),),
        (
            f"{A}:1: warning: the audit programme from 2023-11-28 to 2027-11-28 does not cover applicable controls"
            f" {', '.join(MINIMAL_APPLICABLE)} — {LAPSED} {CONTROLS_HINT}",
            f"{A}:1: warning: the audit programme from 2023-11-28 to 2027-11-28 does not cover clauses 8.1, 8.2, 8.3,"
            f" 9.1, 9.2, 9.2.1, 9.2.2, 9.3, 9.3.1, 9.3.2, 9.3.3, 10.1, 10.2 — {LAPSED} {COVERAGE_HINT}",
            f"{A}:25: warning: audit IA-2: planned for 2026-11-20 and still 'planned'"
            " — record that it took place (status, start, end, findings), or re-plan it with a new date (9.2.2)",
        ),
        also=frozenset({"audit-coverage", "audit-control-coverage"}),
    ),
    Case(
        "controls-only-in-a-planned-audit-past-its-date",
        "audit-control-coverage",
        (
            (A, "planned_on: 2026-12-10", "planned_on: 2026-11-20"),
            (A, 'clauses: ["4", "5", "6", "7"]', 'clauses: ["4", "5", "6", "7", "8", "9", "10"]'),
        ),
        (
            f"{A}:1: warning: the audit programme from 2023-11-28 to 2027-11-28 does not cover applicable controls"
            f" {', '.join(MINIMAL_APPLICABLE)} — {LAPSED} {CONTROLS_HINT}",
            f"{A}:25: warning: audit IA-2: planned for 2026-11-20 and still 'planned'"
            " — record that it took place (status, start, end, findings), or re-plan it with a new date (9.2.2)",
        ),
        also=frozenset({"audit-overdue"}),
    ),
    Case(
        "programme-interval-of-six-months",
        "audit-programme-overdue",
        (("registers/isms.yml", "scope: DOC-SCOPE\n", "scope: DOC-SCOPE\naudit_programme:\n  interval: 6\n"),),
        (
            f"{A}:11: warning: audit IA-1: the last completed internal audit ended on 2026-02-11; the next was due"
            " to be completed by 2026-08-11 — complete the next audit of the programme and record it (status:"
            " completed, end, findings) (9.2.2)",
        ),
    ),
    Case(
        "completed-audit-without-report",
        "audit-report",
        ((A, "    report: EV-3\n", ""),),
        (
            f"{A}:12: warning: audit IA-1: completed without a report — add 'report:' with the id of the audit"
            " report, a document or an evidence record (9.2.2 g)",
        ),
    ),
    Case(
        "audit-names-no-auditee",
        "audit-impartiality",
        ((A, "    auditees: [ciso, cto]\n", ""),),
        (
            f"{A}:24: warning: audit IA-2: names no auditee, so the auditor's independence cannot be judged"
            " — add 'auditees:' with the roles that own the area audited (9.2.2)",
        ),
    ),
    Case(
        "auditor-is-an-auditee-role",
        "audit-impartiality",
        ((A, "auditor: External consultant\n    planned_on: 2026-02-10", "auditor: cto\n    planned_on: 2026-02-10"),),
        (f"{A}:9: warning: audit IA-1: the auditor 'cto' is one of its auditees — {IMPARTIAL_HINT}",),
    ),
    Case(
        "auditor-holds-an-auditee-role",
        "audit-impartiality",
        (
            (
                A,
                "auditor: External consultant\n    planned_on: 2026-02-10",
                "auditor: ben example (compliance)\n    planned_on: 2026-02-10",
            ),
        ),
        (
            f"{A}:9: warning: audit IA-1: the auditor 'ben example (compliance)' is the holder of ciso, one of its"
            f" auditees — {IMPARTIAL_HINT}",
        ),
    ),
    Case(
        "auditor-deputises-for-an-auditee",
        "audit-impartiality",
        (
            ("registers/roles.yml", "    holder: Cy Example\n", "    holder: Cy Example\n    deputy: Ben Example\n"),
            (A, "auditees: [ciso, cto]", "auditees: [cto]"),
            (
                A,
                "auditor: External consultant\n    planned_on: 2026-12-10",
                "auditor: ciso\n    planned_on: 2026-12-10",
            ),
        ),
        (
            f"{A}:24: warning: audit IA-2: the auditor 'ciso' (Ben Example) is the deputy of cto, one of its auditees"
            f" — {IMPARTIAL_HINT}",
        ),
    ),
    Case(
        "auditor-owns-audited-controls-documents-and-registers",
        "audit-impartiality",
        (
            (A, "auditees: [ceo, ciso, cto]", "auditees: [ceo, cto]"),
            (
                A,
                "auditor: External consultant\n    planned_on: 2026-02-10",
                'auditor: Ben Example\n    controls: ["5.1", "5.2"]\n    planned_on: 2026-02-10',
            ),
        ),
        (
            f"{A}:9: warning: audit IA-1: the auditor 'Ben Example' (ciso) owns what the audit covers: control 5.1"
            " (its SoA owner); document POL-IS (clauses 5.2, 7.5.1); document PRO-RISK (clauses 6.1.2, 6.1.3);"
            " document DOC-SCOPE (clause 4.3); register registers/methodology.yml (clause 6.1.2); register"
            " registers/risks.yml (clause 6.1.3); register registers/treatments.yml (clause 6.1.3); register"
            " registers/soa.yml (clause 6.1.3); register registers/objectives.yml (clause 6.2); register"
            " registers/training.yml (clause 7.2); register registers/competence.yml (clause 7.2)"
            " — have another auditor audit these, or take them out of the audit's"
            f" scope: {IMPARTIAL}",
        ),
    ),
    Case(
        "review-chaired-outside-top-management",
        "review-chair",
        ((MR, "chair: ceo", "chair: ciso"),),
        (
            f"{MR}:9: warning: review MR-2026: chaired by 'ciso', a role not marked as top management — have top"
            " management (ceo) chair it, or set 'top_management: true' on ciso in registers/roles.yml if it is"
            " (9.3.1, 5.1)",
        ),
    ),
    Case(
        "no-role-is-top-management",
        "review-chair",
        (("registers/roles.yml", "    top_management: true\n", ""),),
        (
            "registers/roles.yml:1: warning: no role is marked as top management — set 'top_management: true' on"
            " the roles that direct and control the organisation at the highest level (5.1); one of them chairs the"
            " management review (9.3.1)",
        ),
    ),
    Case(
        "last-review-over-a-year-ago",
        "management-review-overdue",
        ((MR, "date: 2026-03-15", "date: 2025-11-27"),),
        (
            f"{MR}:7: warning: review MR-2026: the last management review was held on 2025-11-27; the next was due"
            " by 2026-11-27 — hold a management review (9.3) and record it in registers/reviews.yml",
        ),
    ),
    Case(
        "only-a-planned-review",
        "management-review-overdue",
        ((MR, "status: held", "status: planned"),),
        (f"{MR}: warning: no management review has been held — hold one (9.3) and record it in registers/reviews.yml",),
    ),
    Case(
        "held-review-dated-after-the-as-of-date",
        "management-review-overdue",
        ((MR, "date: 2026-03-15", "date: 2026-12-15"),),
        (
            f"{MR}: warning: no management review has been held — hold one (9.3) and record it in"
            " registers/reviews.yml",
            f"{MR}:7: error: review MR-2026: held is 2026-12-15, after today (2026-11-28)"
            " — set status: planned until the review has taken place, or correct its date",
        ),
        also=frozenset({"review-held-in-future"}),
    ),
    Case(
        "programme-misses-section-10",
        "audit-coverage",
        ((A, 'clauses: ["8", "9", "10"]', 'clauses: ["8", "9"]'),),
        (
            f"{A}:1: warning: the audit programme from 2023-11-28 to 2027-11-28 does not cover clauses 10.1, 10.2"
            f" — {COVERAGE_HINT}",
        ),
    ),
    Case(
        "cancelled-audit-covers-nothing",
        "audit-coverage",
        ((A, "status: planned", "status: cancelled"),),
        (
            f"{A}:1: warning: the audit programme from 2023-11-28 to 2027-11-28 does not cover applicable controls"
            f" {', '.join(MINIMAL_APPLICABLE)} — {CONTROLS_HINT}",
            f"{A}:1: warning: the audit programme from 2023-11-28 to 2027-11-28 does not cover clauses 8.1, 8.2, 8.3,"
            f" 9.1, 9.2, 9.2.1, 9.2.2, 9.3, 9.3.1, 9.3.2, 9.3.3, 10.1, 10.2 — {COVERAGE_HINT}",
        ),
        also=frozenset({"audit-control-coverage"}),
    ),
    Case(
        "programme-leaves-out-controls",
        "audit-control-coverage",
        ((A, '"5.3", "5.4", "5.5", ', '"5.4", '),),
        (
            f"{A}:1: warning: the audit programme from 2023-11-28 to 2027-11-28 does not cover applicable controls"
            f" 5.3, 5.5 — {CONTROLS_HINT}",
        ),
    ),
    Case(
        "audit-before-the-cycle",
        "audit-coverage",
        ((A, "planned_on: 2026-02-10", "planned_on: 2023-11-27"),),
        (
            f"{A}:1: warning: the audit programme from 2023-11-28 to 2027-11-28 does not cover clauses 4.1, 4.2, 4.3,"
            " 4.4, 5.1, 5.2, 5.3, 6.1, 6.1.1, 6.1.2, 6.1.3, 6.2, 6.3, 7.1, 7.2, 7.3, 7.4, 7.5, 7.5.1, 7.5.2, 7.5.3"
            f" — {COVERAGE_HINT}",
        ),
    ),
    Case(
        "sub-clause-left-out",
        "audit-coverage",
        (
            (
                A,
                'clauses: ["4", "5", "6", "7"]',
                'clauses: ["4", "5", "6", "7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2"]',
            ),
        ),
        (
            f"{A}:1: warning: the audit programme from 2023-11-28 to 2027-11-28 does not cover clauses 7.5, 7.5.3"
            f" — {COVERAGE_HINT}",
        ),
    ),
    Case(
        "closed-without-root-cause",
        "nonconformity-closure",
        ((NC, "    root_cause: No one was asked to measure\n", ""),),
        (
            f"{NC}:22: warning: nonconformity NC-1: closed without a root cause"
            " — add 'root_cause:' (10.2 b) or reopen it",
        ),
    ),
    Case(
        "closed-without-effectiveness-review",
        "nonconformity-closure",
        ((NC, "    effectiveness: {reviewed_on: 2026-05-01, by: ceo, effective: true}\n", ""),),
        (
            f"{NC}:22: warning: nonconformity NC-1: closed without an effectiveness review"
            " — add 'effectiveness:' (reviewed_on, by, effective) (10.2 d) or reopen it",
        ),
    ),
    Case(
        "closed-although-not-effective",
        "nonconformity-closure",
        ((NC, "effective: true", "effective: false"),),
        (
            f"{NC}:22: warning: nonconformity NC-1: closed although its actions were found not effective"
            " — reopen it and plan further corrective action",
        ),
    ),
    Case(
        "closed-with-an-action-open",
        "nonconformity-closure",
        ((NC, ACTION_DONE, "        status: in progress\n"), (NC, "due: 2026-04-30", "due: 2027-04-30")),
        (
            f"{NC}:20: warning: nonconformity NC-1: closed with action 1 still in progress"
            " — finish the action or reopen the nonconformity",
        ),
    ),
    Case(
        "corrective-action-overdue",
        "action-overdue",
        (
            (NC, ACTION_DONE, "        status: open\n"),
            (NC, "    effectiveness: {reviewed_on: 2026-05-01, by: ceo, effective: true}\n", ""),
            (NC, "status: closed\n", "status: open\n"),
            (NC, "    closed_on: 2026-05-01\n", ""),
        ),
        (f"{NC}:19: warning: nonconformity NC-1: action 1 overdue since 2026-04-30 — {ACTION_HINT}",),
    ),
    Case(
        "review-action-overdue",
        "action-overdue",
        ((MR, "due: 2026-12-31", "due: 2026-11-27"),),
        (f"{MR}:23: warning: review MR-2026: action 1 overdue since 2026-11-27 — {ACTION_HINT}",),
    ),
    Case(
        "closed-without-similar-nonconformities-checked",
        "nonconformity-closure",
        (
            (
                NC,
                "    similar: {checked_on: 2026-03-31, result: No other objective or measure lacked an owner,"
                " related: []}\n",
                "",
            ),
        ),
        (
            f"{NC}:23: warning: nonconformity NC-1: closed without recording whether similar nonconformities exist"
            " or could occur — add 'similar:' (checked_on, result, related) (10.2 b 3) or reopen it",
        ),
    ),
    Case(
        "closed-before-its-effectiveness-review",
        "nonconformity-closure",
        ((NC, "closed_on: 2026-05-01", "closed_on: 2026-04-15"),),
        (
            "registers/nonconformities.yml:24: warning: nonconformity NC-1: closed on 2026-04-15, before its"
            " effectiveness was reviewed on 2026-05-01 — close it on or after the effectiveness review (10.2"
            " d), or correct the dates",
        ),
    ),
    Case(
        "closed-before-its-action-was-done",
        "nonconformity-closure",
        ((NC, "completed_on: 2026-03-31", "completed_on: 2026-10-15"),),
        (
            "registers/nonconformities.yml:22: warning: nonconformity NC-1: effectiveness reviewed on"
            " 2026-05-01, before action 1 was done on 2026-10-15 — review effectiveness after the actions are"
            " done (10.2 d), or correct the dates",
            "registers/nonconformities.yml:24: warning: nonconformity NC-1: closed on 2026-05-01, before"
            " action 1 was done on 2026-10-15 — close it once every action is done (10.2 c), or correct the"
            " dates",
        ),
        also=frozenset({"nonconformity-effectiveness"}),
    ),
    Case(
        "effectiveness-reviewed-before-the-action-was-done",
        "nonconformity-effectiveness",
        ((NC, "reviewed_on: 2026-05-01", "reviewed_on: 2026-03-15"),),
        (
            "registers/nonconformities.yml:22: warning: nonconformity NC-1: effectiveness reviewed on"
            " 2026-03-15, before action 1 was done on 2026-03-31 — review effectiveness after the actions are"
            " done (10.2 d), or correct the dates",
        ),
    ),
    Case(
        "effectiveness-reviewed-while-an-action-is-open",
        "nonconformity-effectiveness",
        (
            (NC, ACTION_DONE, "        status: in progress\n"),
            (NC, "due: 2026-04-30", "due: 2027-04-30"),
            (NC, "status: closed\n", "status: open\n"),
            (NC, "    closed_on: 2026-05-01\n", ""),
        ),
        (
            "registers/nonconformities.yml:21: warning: nonconformity NC-1: effectiveness reviewed on"
            " 2026-05-01 while action 1 is still in progress — review effectiveness once the actions are done"
            " (10.2 d)",
        ),
    ),
    Case(
        "effectiveness-reviewed-by-an-action-owner",
        "nonconformity-effectiveness",
        ((NC, "by: ceo, effective", "by: ciso, effective"),),
        (
            "registers/nonconformities.yml:22: warning: nonconformity NC-1: effectiveness reviewed by 'ciso',"
            " who owns one of its actions — have a role that owned none of the actions review their"
            " effectiveness (impartiality, 10.2 d)",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_performance_check(repo: Repo, case: Case) -> None:
    case.run(repo)


def test_an_open_nonconformity_needs_no_root_cause_yet(repo: Repo) -> None:
    repo.replace(NC, "    root_cause: No one was asked to measure\n", "")
    repo.replace(NC, "    effectiveness: {reviewed_on: 2026-05-01, by: ceo, effective: true}\n", "")
    repo.replace(NC, "status: closed\n", "status: open\n")
    assert repo.findings() == []


def test_a_heading_clause_is_covered_by_all_its_sub_clauses(repo: Repo) -> None:
    """Auditing 6.1.1, 6.1.2 and 6.1.3 audits 6.1; the same for 7.5, 9.2 and 9.3."""
    every_clause = (
        '["4", "5", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3", "7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3"]'
    )
    repo.replace(A, 'clauses: ["4", "5", "6", "7"]', f"clauses: {every_clause}")
    repo.replace(
        A, 'clauses: ["8", "9", "10"]', 'clauses: ["8", "9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10"]'
    )
    assert repo.findings() == []


def test_the_certificate_sets_the_audit_cycle(repo: Repo) -> None:
    """With a current certificate the programme covers its cycle and the year before, not the last 36 months."""
    repo.replace(
        "registers/isms.yml",
        "scope: DOC-SCOPE\n",
        "scope: DOC-SCOPE\ncertification:\n  issued_on: 2026-06-01\n  expires_on: 2029-05-31\n",
    )
    repo.replace(A, "planned_on: 2026-02-10", "planned_on: 2025-05-31")
    assert repo.findings() == [
        f"{A}:1: warning: the audit programme from 2025-06-01 to 2029-05-31 does not cover clauses 4.1, 4.2, 4.3,"
        " 4.4, 5.1, 5.2, 5.3, 6.1, 6.1.1, 6.1.2, 6.1.3, 6.2, 6.3, 7.1, 7.2, 7.3, 7.4, 7.5, 7.5.1, 7.5.2, 7.5.3"
        f" — {COVERAGE_HINT}",
    ]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param(dt.date(2027, 3, 15), [], id="a-year-to-the-day"),
        pytest.param(
            dt.date(2027, 3, 16),
            [
                f"{MR}:7: warning: review MR-2026: the last management review was held on 2026-03-15; the next was"
                " due by 2027-03-15 — hold a management review (9.3) and record it in registers/reviews.yml"
            ],
            id="the-day-after",
        ),
    ],
)
def test_management_review_becomes_overdue_after_twelve_months(repo: Repo, as_of: dt.date, expected: list[str]) -> None:
    findings = repo.check(as_of).findings
    assert [f.text() for f in findings if f.rule == "management-review-overdue"] == expected


def test_the_programme_interval_sets_when_the_next_audit_falls_due(repo: Repo) -> None:
    """``isms due`` and the dashboard read the same deadline as audit-programme-overdue: the programme's interval."""
    repo.replace("registers/isms.yml", "scope: DOC-SCOPE\n", "scope: DOC-SCOPE\naudit_programme:\n  interval: 18\n")
    result = repo.check()
    [due] = [d for d in result.facts.deadlines if d.rule == "audit-programme-overdue"]
    assert (due.date, due.overdue) == (dt.date(2027, 8, 11), False)
    assert due.title == "internal audit (9.2), 18 months after IA-1 was completed — next: IA-2 on 2026-12-10"
    assert result.findings == []


def test_an_audit_in_progress_counts_as_the_programme_plan(repo: Repo) -> None:
    """An audit under way covers its scope even when its planned date has passed; it is not overdue."""
    repo.replace(A, "planned_on: 2026-12-10\n    status: planned", "planned_on: 2026-11-20\n    status: in progress")
    assert repo.findings() == []


def test_a_cancelled_audit_is_not_judged_for_impartiality(repo: Repo) -> None:
    repo.replace(A, "auditees: [ciso, cto]", "auditees: []")
    repo.replace(
        A, "auditor: External consultant\n    planned_on: 2026-12-10", "auditor: ciso\n    planned_on: 2026-12-10"
    )
    repo.replace(A, "status: planned", "status: cancelled")
    assert [f for f in repo.check().findings if f.rule == "audit-impartiality"] == []
