"""Checks of controlled documents (7.5): approval, review date, overdue review, history."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Case, Repo, case_id

POL = "docs/policies/information-security.md"
PRO = "docs/procedures/risk.md"
SCOPE = "docs/scope.md"
OVERDUE_HINT = "review the document, then update version, approved_on and history"
PRO_DRAFT_MANDATORY = (
    "registers/isms.yml: warning: clause 6.1.2 (Information security risk assessment) requires Risk assessment"
    " process and risk criteria (document); missing: an approved document listing clause 6.1.2 in its 'clauses:'"
    " — see the table of mandatory documented information: isms/reference/mandatory/ on the site",
    "registers/isms.yml: warning: clause 6.1.3 (Information security risk treatment) requires Risk treatment"
    " process; Statement of Applicability (d); risk treatment plan (e); risk owners' approval of the plan and"
    " acceptance of residual risks (f); missing: an approved document listing clause 6.1.3 in its 'clauses:'"
    " — see the table of mandatory documented information: isms/reference/mandatory/ on the site",
)

SEPARATE_DEFAULT = (
    "have someone else approve it and name their role in 'approver:' (segregation of duties; policies need one"
    " by default; document_control.separate_approval in registers/isms.yml says what else)"
)
SEPARATE_SET = "(segregation of duties; as document_control.separate_approval in registers/isms.yml requires)"
SEPARATE_DOC = f"have someone else approve it and name their role in 'approver:' {SEPARATE_SET}"
SEPARATE_SETTING = "document_control: {separate_approval: [policy, procedure, register]}\n"

NO_ID_FOLDER_HINT = (
    "give it the front matter of a controlled document (isms new shows it), or move it out of docs/{folder}/"
)

CASES = [
    Case(
        "approved-without-approver-and-date",
        "document-approval",
        ((SCOPE, "approver: ceo\n", ""), (SCOPE, "approved_on: 2026-01-15\n", "")),
        (
            f"{SCOPE}:7: error: document DOC-SCOPE: it is approved but has no 'approved_on'"
            " — add 'approved_on:' to the front matter (7.5.3), or set status: draft",
            f"{SCOPE}:7: error: document DOC-SCOPE: it is approved but has no 'approver'"
            " — add 'approver:' to the front matter (7.5.3), or set status: draft",
        ),
    ),
    Case(
        "approved-without-approver",
        "document-approval",
        ((POL, "approver: ceo\n", ""),),
        (
            f"{POL}:7: error: document POL-IS: it is approved but has no 'approver'"
            " — add 'approver:' to the front matter (7.5.3), or set status: draft",
        ),
    ),
    Case(
        "policy-approved-by-its-owner-by-default",
        "approver-is-owner",
        ((POL, "approver: ceo", "approver: ciso"),),
        (f"{POL}:6: warning: document POL-IS: approved by its own owner (ciso) — {SEPARATE_DEFAULT}",),
    ),
    Case(
        "policy-approved-by-the-owner-in-another-role",
        "approver-is-owner",
        (
            (POL, "approver: ceo", "approver: cto"),
            ("registers/roles.yml", "holder: Cy Example", "holder: ben  example"),
        ),
        (
            f"{POL}:6: warning: document POL-IS: approved by cto, but its owner ciso and cto are both held by"
            f" Ben Example — {SEPARATE_DEFAULT}",
        ),
    ),
    Case(
        "procedure-self-approved-where-the-isms-requires-it",
        "approver-is-owner",
        (
            (PRO, "approver: ceo", "approver: ciso"),
            ("registers/isms.yml", "scope: DOC-SCOPE\n", "scope: DOC-SCOPE\n" + SEPARATE_SETTING),
        ),
        (f"{PRO}:6: warning: document PRO-RISK: approved by its own owner (ciso) — {SEPARATE_DOC}",),
    ),
    Case(
        "register-self-approved-where-the-isms-names-registers",
        "approver-is-owner",
        (
            ("registers/risks.yml", "approved_by: ceo", "approved_by: ciso"),
            ("registers/isms.yml", "scope: DOC-SCOPE\n", "scope: DOC-SCOPE\n" + SEPARATE_SETTING),
        ),
        (
            f"registers/risks.yml:3: warning: registers/risks.yml: approved by its own owner (ciso)"
            f" — have someone else approve it and name their role in 'approved_by:' {SEPARATE_SET}",
        ),
    ),
    Case(
        "approved-without-review-date",
        "document-review-date",
        ((SCOPE, "review_every: 12\n", ""),),
        (
            f"{SCOPE}:8: warning: document DOC-SCOPE: no review date"
            " — add 'review_every:' (months) or 'next_review:' (date) to the front matter",
        ),
    ),
    Case(
        "next-review-passed",
        "document-review-overdue",
        ((PRO, "next_review: 2027-01-15", "next_review: 2026-11-27"),),
        (f"{PRO}:10: warning: document PRO-RISK: review overdue since 2026-11-27 — {OVERDUE_HINT}",),
    ),
    Case(
        "review-every-passed",
        "document-review-overdue",
        ((SCOPE, "review_every: 12", "review_every: 6"),),
        (f"{SCOPE}:10: warning: document DOC-SCOPE: review overdue since 2026-07-15 — {OVERDUE_HINT}",),
    ),
    Case(
        "in-review-document-still-overdue",
        "document-review-overdue",
        ((PRO, "next_review: 2027-01-15", "next_review: 2026-01-15"), (PRO, "status: approved", "status: in review")),
        (
            f"{PRO}:10: warning: document PRO-RISK: review overdue since 2026-01-15 — {OVERDUE_HINT}",
            *PRO_DRAFT_MANDATORY,
        ),
        also=frozenset({"mandatory-documented-information"}),
    ),
    Case(
        "version-ahead-of-history",
        "document-history",
        ((POL, 'version: "1.1"\nstatus', 'version: "1.2"\nstatus'),),
        (
            f"{POL}:7: warning: document POL-IS: version is 1.2 but the latest history entry is 1.1"
            " — add a history entry for this version (version, date, author, summary)",
        ),
    ),
    Case(
        "latest-history-entry-is-by-date",
        "document-history",
        ((POL, '  - {version: "1.1", date: 2026-03-01', '  - {version: "1.1", date: 2025-03-01'),),
        (
            f"{POL}:7: warning: document POL-IS: version is 1.1 but the latest history entry is 1.0"
            " — add a history entry for this version (version, date, author, summary)",
        ),
    ),
    Case(
        "policy-page-without-id",
        "document-without-id",
        (lambda repo: repo.write("docs/policies/backup.md", "# Backup policy\n\nWe back up every night.\n"),),
        (
            "docs/policies/backup.md:1: warning: a page under policies/ without an 'id' is published as an ordinary"
            f" page, outside document control — {NO_ID_FOLDER_HINT.format(folder='policies')}",
        ),
    ),
    Case(
        "procedure-page-with-front-matter-but-no-id",
        "document-without-id",
        (lambda repo: repo.write("docs/procedures/backup.md", "---\ntitle: Backups\n---\n# Backups\n"),),
        (
            "docs/procedures/backup.md:1: warning: a page under procedures/ without an 'id' is published as an"
            f" ordinary page, outside document control — {NO_ID_FOLDER_HINT.format(folder='procedures')}",
        ),
    ),
    Case(
        "page-with-document-fields-but-no-id",
        "document-without-id",
        (
            lambda repo: repo.write(
                "docs/guides/onboarding.md",
                '---\ntitle: Onboarding\nowner: ciso\nversion: "1.0"\napproved_on: 2026-01-15\n---\n# Onboarding\n',
            ),
        ),
        (
            "docs/guides/onboarding.md:3: warning: the page has document fields (owner, version, approved_on) but"
            " no 'id': it is published as an ordinary page, outside document control — add 'id:' and the other"
            " document fields to the front matter (isms new shows them), or remove those fields",
        ),
    ),
    Case(
        "controlled-document-loses-its-id",
        "document-without-id",
        ((PRO, "id: PRO-RISK\n", ""),),
        (
            f"{PRO}:4: warning: the page has document fields (owner, approver, version, approved_on, next_review)"
            " but no 'id': it is published as an ordinary page, outside document control — add 'id:' and the"
            " other document fields to the front matter (isms new shows them), or remove those fields",
            *PRO_DRAFT_MANDATORY,
        ),
        also=frozenset({"mandatory-documented-information"}),
    ),
    Case(
        "page-where-the-soa-is-generated",
        "generated-page-clash",
        (lambda repo: repo.write("docs/isms/soa.md", "# My SoA\n"),),
        (
            "docs/isms/soa.md:1: error: isms/soa.md is a page the isms plugin generates from the registers"
            " — rename your file or move it out of docs/isms/",
        ),
    ),
    Case(
        "document-where-a-control-page-is-generated",
        "generated-page-clash",
        (lambda repo: repo.write("docs/isms/controls/5-1.md", repo.read(SCOPE).replace("DOC-SCOPE", "DOC-5-1")),),
        (
            "docs/isms/controls/5-1.md:1: error: isms/controls/5-1.md is a page the isms plugin generates from the"
            " registers — rename your file or move it out of docs/isms/",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_document_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        pytest.param("draft", PRO_DRAFT_MANDATORY, id="draft"),
        pytest.param("retired", PRO_DRAFT_MANDATORY, id="retired"),
        pytest.param(
            "in review",
            (
                f"{PRO}:10: warning: document PRO-RISK: review overdue since 2026-01-15 — {OVERDUE_HINT}",
                *PRO_DRAFT_MANDATORY,
            ),
            id="in-review",
        ),
    ],
)
def test_draft_and_retired_documents_are_not_held_to_review_dates(
    repo: Repo, status: str, expected: tuple[str, ...]
) -> None:
    repo.replace(PRO, "next_review: 2027-01-15", "next_review: 2026-01-15")
    repo.replace(PRO, "status: approved", f"status: {status}")
    assert repo.findings() == list(expected)


def test_a_draft_needs_no_approver_nor_review_date(repo: Repo) -> None:
    repo.replace(SCOPE, "approver: ceo\n", "")
    repo.replace(SCOPE, "review_every: 12\n", "")
    repo.replace(SCOPE, "status: approved", "status: draft")
    assert [f.rule for f in repo.check().findings] == ["mandatory-documented-information"]  # the scope is not approved


def test_a_document_without_history_is_not_checked_against_it(repo: Repo) -> None:
    repo.replace(PRO, 'version: "1.0"', 'version: "7.3"')
    assert repo.findings() == []


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param(dt.date(2027, 1, 15), [], id="on-the-review-date"),
        pytest.param(
            dt.date(2027, 1, 16),
            [
                f"{PRO}:10: warning: document PRO-RISK: review overdue since 2027-01-15 — {OVERDUE_HINT}",
                f"{SCOPE}:10: warning: document DOC-SCOPE: review overdue since 2027-01-15 — {OVERDUE_HINT}",
            ],
            id="the-day-after",
        ),
    ],
)
def test_review_becomes_overdue_the_day_after_it_is_due(repo: Repo, as_of: dt.date, expected: list[str]) -> None:
    """PRO-RISK gives next_review: 2027-01-15; DOC-SCOPE was approved 2026-01-15 with review_every: 12."""
    findings = repo.check(as_of).findings
    assert [f.text() for f in findings if f.rule == "document-review-overdue"] == expected


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param(((PRO, "approver: ceo", "approver: ciso"),), id="procedures-not-required-by-default"),
        pytest.param(
            (("registers/risks.yml", "approved_by: ceo", "approved_by: ciso"),), id="registers-not-required-by-default"
        ),
        pytest.param(
            (
                (POL, "approver: ceo", "approver: ciso"),
                (
                    "registers/isms.yml",
                    "scope: DOC-SCOPE\n",
                    "scope: DOC-SCOPE\ndocument_control: {separate_approval: []}\n",
                ),
            ),
            id="required-of-none",
        ),
        pytest.param(
            ((POL, "approver: ceo", "approver: ciso"), (POL, "status: approved", "status: in review")),
            id="not-yet-approved",
        ),
    ],
)
def test_self_approval_is_a_finding_only_where_separate_approval_is_required(
    repo: Repo, edits: tuple[tuple[str, str, str], ...]
) -> None:
    for path, old, new in edits:
        repo.replace(path, old, new)
    assert [f for f in repo.check().findings if f.rule == "approver-is-owner"] == []


def test_separate_approval_names_only_document_types_and_registers(repo: Repo) -> None:
    repo.replace(
        "registers/isms.yml",
        "scope: DOC-SCOPE\n",
        "scope: DOC-SCOPE\ndocument_control: {separate_approval: [policies]}\n",
    )
    assert [f.text() for f in repo.check().findings if f.rule == "schema"] == [
        "registers/isms.yml:10: error: document_control.separate_approval[0]: 'policies' is not an allowed value"
        " — did you mean 'policy'? use one of: policy, procedure, standard, plan, guideline, record, report, manual,"
        " statement, register"
    ]


def test_separate_approval_knows_every_document_type() -> None:
    from typing import get_args  # noqa: PLC0415

    from isms.core.models.documents import DocumentType  # noqa: PLC0415
    from isms.core.models.registers import SeparatelyApproved  # noqa: PLC0415

    assert set(get_args(SeparatelyApproved)) == {*get_args(DocumentType), "register"}


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("docs/policies/index.md", id="section-index"),
        pytest.param("docs/guides/onboarding.md", id="ordinary-page"),
        pytest.param("docs/isms/scope.md", id="own-page-beside-the-generated-ones"),
    ],
)
def test_ordinary_pages_stay_ordinary(repo: Repo, page: str) -> None:
    repo.write(page, "---\ntitle: A page\nclassification: public\n---\n# A page\n")
    assert repo.findings() == []
