"""Checks of the Statement of Applicability (6.1.3 d)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Case, Repo, case_id

S = "registers/soa.yml"
PLANNED_5_2 = '{control: "5.2", applicable: true, reasons: [best practice], status: planned}'


def drop_control(control: str) -> Callable[[Repo], None]:
    def edit(repo: Repo) -> None:
        lines = repo.read(S).splitlines(keepends=True)
        kept = [line for line in lines if f'control: "{control}",' not in line]
        assert len(kept) == len(lines) - 1
        repo.write(S, "".join(kept))

    return edit


CASES = [
    Case(
        "control-without-entry",
        "soa-missing-control",
        (drop_control("7.4"),),
        (
            f"{S}:1: error: Annex A control 7.4 (Physical security monitoring) has no SoA entry"
            " — add '- control: \"7.4\"' under 'controls:' with applicable: true or false",
        ),
    ),
    Case(
        "two-controls-without-entries",
        "soa-missing-control",
        (drop_control("5.10"), drop_control("8.34")),
        (
            f"{S}:1: error: Annex A control 5.10 (Acceptable use of information and other associated assets) has no"
            " SoA entry — add '- control: \"5.10\"' under 'controls:' with applicable: true or false",
            f"{S}:1: error: Annex A control 8.34 (Protection of information systems during audit testing) has no"
            " SoA entry — add '- control: \"8.34\"' under 'controls:' with applicable: true or false",
        ),
    ),
    Case(
        "control-listed-twice",
        "soa-duplicate-control",
        (
            (
                S,
                PLANNED_5_2,
                PLANNED_5_2 + '\n  - {control: "A.5.2", applicable: true, reasons: [business], status: planned}',
            ),
        ),
        (
            f"{S}:8: error: SoA 5.2: the control has a second entry"
            " — the first is on line 7; keep one entry per control",
        ),
    ),
    Case(
        "exclusion-without-justification",
        "soa-exclusion-justified",
        ((S, ", justification: We develop nothing outside", ""),),
        (
            f"{S}:94: error: SoA 8.30: the control is excluded without a justification"
            " — add 'justification:' saying why the control is not needed (6.1.3 d)",
        ),
    ),
    Case(
        "applicable-without-reason",
        "soa-inclusion-reason",
        ((S, PLANNED_5_2, '{control: "5.2", applicable: true, status: planned}'),),
        (
            f"{S}:7: warning: SoA 5.2: the control is applicable but gives no reason for inclusion"
            " — add 'reasons:' (risk, legal, contractual, business, best practice) and 'references:'",
        ),
    ),
    Case(
        "applicable-without-status",
        "soa-inclusion-reason",
        ((S, PLANNED_5_2, '{control: "5.2", applicable: true, reasons: [best practice]}'),),
        (
            f"{S}:7: warning: SoA 5.2: the control is applicable but has no implementation status"
            " — add 'status:' (implemented, partial, planned or not implemented)",
        ),
    ),
    Case(
        "reference-to-nothing",
        "soa-reference",
        ((S, "references: [R-3]", "references: [R-3, R-9]"),),
        (
            f"{S}:77: error: SoA 8.13: references[1]: 'R-9' is neither a risk nor a requirement"
            " — references name ids from registers/risks.yml or registers/requirements.yml",
        ),
    ),
    Case(
        "risk-reason-naming-no-risk",
        "soa-reference",
        ((S, "references: [R-3]", "references: [REQ-1]"),),
        (
            f"{S}:77: error: SoA 8.13: the reason 'risk' names no risk"
            " — add the id of a risk the control treats to 'references:'",
        ),
    ),
    Case(
        "implemented-without-document-or-evidence",
        "soa-implemented-unsupported",
        ((S, PLANNED_5_2, '{control: "5.2", applicable: true, reasons: [best practice], status: implemented}'),),
        (
            f"{S}:7: warning: SoA 5.2: the control is marked implemented, but no document or evidence shows it"
            " — list '5.2' in the 'controls:' of the document that implements it, or add an evidence record",
        ),
    ),
    Case(
        "implemented-control-loses-its-document",
        "soa-implemented-unsupported",
        (("docs/policies/information-security.md", 'controls: ["5.1", "5.17"]', 'controls: ["5.17"]'),),
        (
            f"{S}:6: warning: SoA 5.1: the control is marked implemented, but no document or evidence shows it"
            " — list '5.1' in the 'controls:' of the document that implements it, or add an evidence record",
        ),
    ),
    Case(
        "implemented-control-backed-only-by-a-document-in-review",
        "soa-implemented-unsupported",
        (("docs/policies/information-security.md", "status: approved", "status: in review"),),
        (
            "registers/isms.yml: warning: clause 5.2 (Policy) requires Information security policy (document);"
            " missing: an approved document listing clause 5.2 in its 'clauses:' — see the table of mandatory"
            " documented information: isms/reference/mandatory/ on the site",
            "registers/soa.yml:6: warning: SoA 5.1: the control is marked implemented, but only documents not"
            " yet approved show it: POL-IS (in review) — approve the document, add an evidence record, or set"
            " 'status:' to partial or planned",
            "registers/soa.yml:22: warning: SoA 5.17: the control is marked implemented, but only documents"
            " not yet approved show it: POL-IS (in review) — approve the document, add an evidence record, or"
            " set 'status:' to partial or planned",
        ),
        also=frozenset({"mandatory-documented-information"}),
    ),
    Case(
        "implemented-while-its-treatment-is-in-progress",
        "soa-treatment-status",
        (
            (
                S,
                '"8.5", applicable: true, reasons: [risk], references: [R-1], status: partial',
                '"8.5", applicable: true, reasons: [risk], references: [R-1], status: implemented',
            ),
        ),
        (
            "registers/soa.yml:69: warning: SoA 8.5: the control is marked implemented, but treatments"
            " implementing it are not done: T-1 (in progress) — set 'status:' to partial until the treatment"
            " is done, or finish the treatment",
        ),
    ),
    Case(
        "planned-while-every-treatment-is-done",
        "soa-treatment-status",
        ((S, "references: [R-3], status: implemented", "references: [R-3], status: planned"),),
        (
            "registers/soa.yml:77: warning: SoA 8.13: the control is marked planned, but every treatment"
            " implementing it is done: T-2 — set 'status:' to implemented (or partial) as the treatments"
            " achieved, or reopen the treatment",
        ),
    ),
    Case(
        "risk-and-treatment-rely-on-an-excluded-control",
        "excluded-control-used",
        (
            ("registers/treatments.yml", 'controls: ["8.13"]', 'controls: ["8.13", "8.30"]'),
            ("registers/risks.yml", 'controls: ["8.13"]', 'controls: ["8.13", "A.8.30"]'),
        ),
        (
            "registers/risks.yml:43: error: risk R-3: relies on control 8.30, which the SoA excludes"
            " — make the control applicable in registers/soa.yml (line 94) or remove it here",
            "registers/treatments.yml:20: error: treatment T-2: relies on control 8.30, which the SoA excludes"
            " — make the control applicable in registers/soa.yml (line 94) or remove it here",
        ),
    ),
    Case(
        "existing-control-excluded",
        "excluded-control-used",
        (
            (
                S,
                '{control: "5.17", applicable: true, reasons: [risk], references: [R-1], status: implemented,',
                '{control: "5.17", applicable: false, justification: Passwords are gone,',
            ),
        ),
        (
            # EXC-1, in force, waives 5.17 too
            "registers/exceptions.yml:10: warning: exception EXC-1: in force against control 5.17, which the SoA"
            " excludes — make 5.17 applicable in registers/soa.yml (line 22) or take it out of the exception's"
            " 'controls:'",
            "registers/risks.yml:12: error: risk R-1: relies on control 5.17, which the SoA excludes"
            " — make the control applicable in registers/soa.yml (line 22) or remove it here",
        ),
        also=frozenset({"exception-excluded-control"}),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_soa_check(repo: Repo, case: Case) -> None:
    case.run(repo)


def test_a_duplicate_control_is_reported_once(repo: Repo) -> None:
    """The SoA entry's id is its control: duplicate-id must not report it a second time."""
    repo.replace(S, '{control: "5.2",', '{control: "5.1",')
    assert [f.rule for f in repo.check().findings] == ["soa-missing-control", "soa-duplicate-control"]


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param('{control: "5.2", applicable: false, justification: Nobody to assign}', id="excluded-with-reason"),
        pytest.param('{control: "5.2", applicable: true, reasons: [contractual], status: partial}', id="partial"),
        pytest.param(
            '{control: "5.2", applicable: true, reasons: [business], status: not implemented}', id="not-implemented"
        ),
    ],
)
def test_soa_entries_that_need_nothing_more(repo: Repo, entry: str) -> None:
    repo.replace(S, PLANNED_5_2, entry)
    assert repo.findings() == []


def test_implemented_control_shown_by_evidence_only(repo: Repo) -> None:
    """8.13 is implemented and named by no document: its evidence record EV-2 is enough."""
    assert "8.13" not in repo.read("docs/policies/information-security.md")
    repo.replace("registers/evidence.yml", 'controls: ["8.13"]', 'controls: ["8.12"]')
    assert [f.text() for f in repo.check().findings] == [
        f"{S}:77: warning: SoA 8.13: the control is marked implemented, but no document or evidence shows it"
        " — list '8.13' in the 'controls:' of the document that implements it, or add an evidence record",
    ]
