"""Ids are unique, and every reference (owner, asset, risk, control, clause, document...) resolves."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Case, Repo, case_id

ROLES = "roles are defined in registers/roles.yml"
NEW_ROLE = "  - id: ceo\n    title: Chief Executive Officer, again\n"
NEW_RISK = (
    "  - id: R-2\n    title: Laptop stolen\n    threat: Theft\n    vulnerability: Portable\n    owner: ciso\n"
    "    inherent: {likelihood: 1, impact: 2}\n    treatment: retain\n    last_assessed: 2026-09-01\n"
)
SCOPE_MISSING = (
    "registers/isms.yml: warning: clause 4.3 (Determining the scope of the information security management system)"
    " requires ISMS scope (document); missing: an approved scope document named by 'scope:' in registers/isms.yml"
    " — see the table of mandatory documented information: isms/reference/mandatory/ on the site"
)


def append(rel: str, text: str) -> Callable[[Repo], None]:
    def edit(repo: Repo) -> None:
        repo.write(rel, repo.read(rel) + text)

    return edit


CASES = [
    Case(
        "role-id-twice",
        "duplicate-id",
        (append("registers/roles.yml", NEW_ROLE),),
        (
            "registers/roles.yml:16: error: role ceo: the id 'ceo' is used twice"
            " — first used at registers/roles.yml:6; give each entry its own id",
        ),
    ),
    Case(
        "risk-id-twice",
        "duplicate-id",
        (append("registers/risks.yml", NEW_RISK),),
        (
            "registers/risks.yml:46: error: risk R-2: the id 'R-2' is used twice"
            " — first used at registers/risks.yml:19; give each entry its own id",
        ),
    ),
    Case(
        "organisation-control-id-twice",
        "duplicate-id",
        (append("registers/controls.yml", "  - id: ORG.1\n    title: Again\n"),),
        (
            "registers/controls.yml:9: error: control ORG.1: the id 'ORG.1' is used twice"
            " — first used at registers/controls.yml:6; give each entry its own id",
        ),
    ),
    Case(
        "document-id-twice",
        "duplicate-id",
        (("docs/procedures/risk.md", "id: PRO-RISK", "id: POL-IS"),),
        (
            "docs/procedures/risk.md:2: error: document POL-IS: the id is also used by"
            " docs/policies/information-security.md — first used at docs/policies/information-security.md:2;"
            " give each document its own id",
        ),
    ),
    Case(
        "owner-typo",
        "unknown-reference",
        (("registers/assets.yml", "    owner: ciso\n", "    owner: cisco\n"),),
        (
            "registers/assets.yml:37: error: asset AST-4: owner: 'cisco' is not a known role"
            f" — did you mean 'ciso'? {ROLES}",
        ),
    ),
    Case(
        "register-header-approver",
        "unknown-reference",
        (("registers/treatments.yml", "approved_by: ceo", "approved_by: boss"),),
        (f"registers/treatments.yml:3: error: header: approved_by: 'boss' is not a known role — {ROLES}",),
    ),
    Case(
        "methodology-authority",
        "unknown-reference",
        (("registers/methodology.yml", "authority: ceo", "authority: cfo"),),
        (
            "registers/methodology.yml:20: error: methodology: acceptance.authority: 'cfo' is not a known role"
            f" — {ROLES}",
        ),
    ),
    Case(
        "nested-role-in-a-list",
        "unknown-reference",
        (("registers/reviews.yml", "attendees: [ceo, ciso, cto]", "attendees: [ceo, ciso, cfo]"),),
        (f"registers/reviews.yml:10: error: review MR-2026: attendees[2]: 'cfo' is not a known role — {ROLES}",),
    ),
    Case(
        "asset-dependency",
        "unknown-reference",
        (("registers/assets.yml", "depends_on: [AST-3]", "depends_on: [AST-5]"),),
        (
            "registers/assets.yml:23: error: asset AST-2: depends_on[0]: 'AST-5' is not a known asset"
            " — did you mean 'AST-4'? assets are defined in registers/assets.yml",
        ),
    ),
    Case(
        "annex-a-control",
        "unknown-reference",
        (("registers/risks.yml", 'existing_controls: ["5.17"]', 'existing_controls: ["5.71"]'),),
        (
            "registers/risks.yml:12: error: risk R-1: existing_controls[0]: '5.71' is not a known control"
            " — did you mean '5.7'? controls are defined in Annex A of ISO/IEC 27001:2022 or registers/controls.yml",
        ),
    ),
    Case(
        "clause-in-a-document",
        "unknown-reference",
        (("docs/scope.md", 'clauses: ["4.3"]', 'clauses: ["4.3", "11.1"]'),),
        (
            "docs/scope.md:12: error: document DOC-SCOPE: clauses[1]: '11.1' is not a known clause"
            " — did you mean '10.1'? clauses are defined in clauses 4 to 10 of ISO/IEC 27001:2022",
        ),
    ),
    Case(
        "risk-in-a-document",
        "unknown-reference",
        (("docs/procedures/risk.md", "risks: [R-1]", "risks: [R-9]"),),
        (
            "docs/procedures/risk.md:13: error: document PRO-RISK: risks[0]: 'R-9' is not a known risk"
            " — risks are defined in registers/risks.yml",
        ),
    ),
    Case(
        "scope-document",
        "unknown-reference",
        (("registers/isms.yml", "scope: DOC-SCOPE", "scope: DOC-SCOP"),),
        (
            SCOPE_MISSING,
            "registers/isms.yml:9: error: isms: scope: 'DOC-SCOP' is not a known document"
            " — did you mean 'DOC-SCOPE'? documents are defined in the front matter of a page under docs/",
        ),
        also=frozenset({"mandatory-documented-information"}),
    ),
    Case(
        "nonconformity-of-an-audit-finding",
        "unknown-reference",
        (("registers/audits.yml", "nonconformity: NC-1", "nonconformity: NC-2"),),
        (
            "registers/audits.yml:18: error: audit IA-1: findings[0].nonconformity: 'NC-2' is not a known"
            " nonconformity — did you mean 'NC-1'? nonconformities are defined in registers/nonconformities.yml",
        ),
    ),
    Case(
        "audit-report-names-nothing",
        "unknown-reference",
        (("registers/audits.yml", "report: EV-3", "report: EV-4"),),
        (
            "registers/audits.yml:20: error: audit IA-1: report: 'EV-4' is not a known document or evidence record"
            " — did you mean 'EV-3'? documents are defined in the front matter of a page under docs/; evidence"
            " records are defined in registers/evidence.yml",
        ),
    ),
    Case(
        "audit-report-close-to-a-document",
        "unknown-reference",
        (("registers/audits.yml", "report: EV-3", "report: POL-I"),),
        (
            "registers/audits.yml:20: error: audit IA-1: report: 'POL-I' is not a known document or evidence record"
            " — did you mean 'POL-IS'? documents are defined in the front matter of a page under docs/; evidence"
            " records are defined in registers/evidence.yml",
        ),
    ),
    Case(
        "evidence-of-a-programme",
        "unknown-reference",
        (("registers/training.yml", 'controls: ["6.3"]', 'controls: ["6.3"]\n    evidence: [EV-9]'),),
        (
            "registers/training.yml:16: error: programme TR-1: evidence[0]: 'EV-9' is not a known evidence"
            " — did you mean 'EV-3'? evidence records are defined in registers/evidence.yml",
        ),
    ),
    Case(
        "similar-nonconformity",
        "unknown-reference",
        (("registers/nonconformities.yml", "related: []", "related: [NC-l]"),),
        (
            "registers/nonconformities.yml:25: error: nonconformity NC-1: similar.related[0]: 'NC-l' is not a known"
            " nonconformity — did you mean 'NC-1'? nonconformities are defined in registers/nonconformities.yml",
        ),
    ),
    Case(
        "corrective-action-owner",
        "unknown-reference",
        (
            (
                "registers/nonconformities.yml",
                "      - description: Name a measurer per objective\n        owner: ciso",
                "      - description: Name a measurer per objective\n        owner: it",
            ),
        ),
        (
            "registers/nonconformities.yml:18: error: nonconformity NC-1: actions[0].owner: 'it' is not a known role"
            f" — {ROLES}",
        ),
    ),
    # The common slips get the hint of what was meant.
    Case(
        "a-person-where-a-role-belongs",
        "unknown-reference",
        (
            (
                "registers/risks.yml",
                "    owner: cto\n    existing_controls",
                "    owner: cy  example\n    existing_controls",
            ),
        ),
        (
            "registers/risks.yml:11: error: risk R-1: owner: 'cy  example' is not a known role"
            f" — 'cy  example' holds role 'cto': name the role, not the person; {ROLES}",
        ),
    ),
    Case(
        "a-deputy-where-a-role-belongs",
        "unknown-reference",
        (
            ("registers/roles.yml", "    holder: Cy Example\n", "    holder: Cy Example\n    deputy: Dee Example\n"),
            ("registers/roles.yml", "    holder: Ada Example\n", "    holder: Ada Example\n    deputy: Dee Example\n"),
            ("registers/roles.yml", "approved_by: ceo", "approved_by: Dee Example"),
        ),
        (
            "registers/roles.yml:3: error: header: approved_by: 'Dee Example' is not a known role"
            f" — 'Dee Example' is the deputy of roles 'ceo', 'cto': name the role, not the person; {ROLES}",
        ),
    ),
    Case(
        "a-control-of-2013",
        "unknown-reference",
        (("registers/risks.yml", 'existing_controls: ["5.17"]', 'existing_controls: ["A.9.2.3"]'),),
        (
            "registers/risks.yml:12: error: risk R-1: existing_controls[0]: 'A.9.2.3' is not a known control"
            " — A.9.2.3 is ISO/IEC 27001:2013 numbering; in the 2022 edition it is control 8.2;"
            " controls are defined in Annex A of ISO/IEC 27001:2022 or registers/controls.yml",
        ),
    ),
    Case(
        "a-control-of-2013-without-a",
        "unknown-reference",
        (("docs/scope.md", 'clauses: ["4.3"]', 'clauses: ["4.3"]\ncontrols: ["18.2.3"]'),),
        (
            "docs/scope.md:13: error: document DOC-SCOPE: controls[0]: '18.2.3' is not a known control"
            " — 18.2.3 is ISO/IEC 27001:2013 numbering; in the 2022 edition it is controls 5.36 and 8.8;"
            " controls are defined in Annex A of ISO/IEC 27001:2022 or registers/controls.yml",
        ),
    ),
    Case(
        # The row's control is its one mistake: 8.8, which it means, is not also missing from the SoA.
        "an-soa-row-numbered-as-in-2013",
        "unknown-reference",
        (("registers/soa.yml", '{control: "8.8",', '{control: "A.12.6.1",'),),
        (
            "registers/soa.yml:72: error: SoA A.12.6.1: control: 'A.12.6.1' is not a known control"
            " — A.12.6.1 is ISO/IEC 27001:2013 numbering; in the 2022 edition it is control 8.8;"
            " controls are defined in Annex A of ISO/IEC 27001:2022 or registers/controls.yml",
        ),
    ),
    Case(
        # 8.3 is closer as text, but has its row: the row most likely means the control that has none.
        "an-soa-row-with-a-letter-o-for-a-zero",
        "unknown-reference",
        (("registers/soa.yml", '{control: "8.30",', '{control: "8.3O",'),),
        (
            "registers/soa.yml:94: error: SoA 8.3O: control: '8.3O' is not a known control"
            " — did you mean '8.30'? controls are defined in Annex A of ISO/IEC 27001:2022 or registers/controls.yml",
        ),
    ),
    Case(
        "an-soa-row-with-a-typo-in-its-control",
        "unknown-reference",
        (("registers/soa.yml", '{control: "8.30",', '{control: "8.300",'),),
        (
            "registers/soa.yml:94: error: SoA 8.300: control: '8.300' is not a known control"
            " — did you mean '8.30'? controls are defined in Annex A of ISO/IEC 27001:2022 or registers/controls.yml",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_reference_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        pytest.param(
            "registers/risks.yml", 'existing_controls: ["5.17"]', 'existing_controls: ["A.5.17"]', id="A.-prefix"
        ),
        pytest.param(
            "registers/risks.yml",
            'existing_controls: ["5.17"]',
            'existing_controls: ["5.17", ORG.1]',
            id="organisation-control",
        ),
        pytest.param(
            "docs/scope.md", 'clauses: ["4.3"]', 'clauses: ["4.3", "clause 6.1", "9"]', id="clause-heading-and-section"
        ),
        pytest.param("registers/audits.yml", "report: EV-3", "report: PRO-RISK", id="audit-report-a-document"),
    ],
)
def test_references_that_resolve(repo: Repo, rel: str, old: str, new: str) -> None:
    repo.replace(rel, old, new)
    assert repo.findings() == []
