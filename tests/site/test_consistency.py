"""Every view of the ISMS says the same thing on every day: check, isms due, dashboard, risk register, RTP.

The as-of date is swept weekly over three years, for the example in this repository and for a synthetic
ISMS, and at every date the views are compared item for item: the overdue items ``isms check`` reports,
the overdue items ``isms due`` lists, the dashboard's headline and cards, the risks the risk register
marks "review due" and the treatments the RTP marks overdue. A view that re-derives a judgement instead
of rendering :mod:`isms.core.facts` shows up here as a date where two views disagree.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from isms.cli.commands.due import as_json
from isms.cli.main import main
from isms.core import checks
from isms.core.derive import Derived, derive
from isms.core.facts import Facts, facts
from isms.core.findings import Finding
from isms.core.load import load
from isms.core.readiness import steps
from isms.core.repository import Model
from isms.site.dashboard import dashboard_page
from isms.site.evidence_requests import evidence_requests_page
from isms.site.improvements import improvements_page
from isms.site.page import Page, Site
from isms.site.risks import risk_register_page, treatment_plan_page
from isms.site.urls import anchor
from tests.conftest import AS_OF, EXAMPLE, Repo
from tests.support.synthetic import generate

START = dt.date(2026, 1, 5)
WEEKS = 3 * 52 + 1
DEADLINE_RULES = frozenset(
    {
        "action-overdue",
        "asset-review-overdue",
        "audit-overdue",
        "audit-programme-overdue",
        "certificate-lapsed",
        "certification-audit-overdue",
        "communication-overdue",
        "competence-assessment-overdue",
        "competence-gap-overdue",
        "context-review-overdue",
        "document-review-overdue",
        "evidence-expired",
        "improvement-overdue",
        "exception-expired",
        "incident-notification-overdue",
        "management-review-overdue",
        "register-review-overdue",
        "requirement-review-overdue",
        "risk-review-overdue",
        "supplier-review-overdue",
        "training-overdue",
        "treatment-overdue",
    }
)
"""Rules that report nothing but overdue deadlines: every finding of theirs is an overdue item."""


def _dates() -> Iterator[dt.date]:
    for week in range(WEEKS):
        yield START + dt.timedelta(weeks=week)


@dataclass
class Views:
    """What each view says on one day."""

    facts: Facts
    findings: list[Finding]
    site: Site

    def page(self, page: Page) -> str:
        return page.fill(page.markdown)


def _views(model: Model, derived: Derived, loaded: list[Finding], day: dt.date) -> Views:
    judged = facts(model, derived, day)
    findings = loaded + checks.run(model, day, derived, judged)
    site = Site(model, derived, day, judged, True, tuple(findings))
    return Views(judged, findings, site)


def _at(finding: Finding) -> tuple[str, str, int]:
    return (finding.rule, finding.path, finding.line)


def _rows(html: str, prefix: str, mark: str) -> set[str]:
    """Anchors (without ``prefix``) of the table rows that carry ``mark``."""
    rows = re.findall(r'<tr id="' + re.escape(prefix) + r'([^"]+)">(.*?)</tr>', html, flags=re.DOTALL)
    return {ident for ident, cells in rows if mark in cells}


def _assert_agree(views: Views, model: Model, day: dt.date) -> None:
    judged, findings = views.facts, views.findings
    warnings = [f for f in findings if f.severity == "warning"]

    # isms check <-> facts: each overdue deadline is reported once, where it is written, and nothing else
    # of the deadline rules is reported.
    overdue = {(d.rule, d.path, d.line) for d in judged.overdue()}
    reported = {_at(f) for f in warnings if judged.is_overdue(f)}
    assert reported == overdue, day
    deadline_findings = {_at(f) for f in warnings if f.rule in DEADLINE_RULES}
    assert deadline_findings == {item for item in overdue if item[0] in DEADLINE_RULES}, day

    # isms due <-> isms check: the overdue items it lists are the overdue deadlines, one each.
    listed = json.loads(as_json(judged.due_by(day)))
    due_overdue = {(item["path"], item["line"], item["kind"], item["id"]) for item in listed if item["overdue"]}
    assert due_overdue == {(d.path, d.line, d.kind, d.id) for d in judged.overdue()}, day
    assert all(item["overdue"] == (item["date"] < day.isoformat()) or item["kind"] in _AT_ONCE for item in listed)

    # dashboard: the headline counts the overdue findings; a card is overdue exactly when a finding it
    # watches reports an overdue deadline; every overdue finding is on some card.
    dashboard = views.page(dashboard_page(views.site))
    tiles = dict(re.findall(r'data-tile="([^"]+)"><b>([^<]+)</b>', dashboard))
    assert int(tiles["overdue items"]) == len([f for f in warnings if judged.is_overdue(f)]), day
    assert int(tiles["gaps"]) == len([f for f in warnings if not judged.is_overdue(f)]), day
    cards = steps(model, judged, findings)
    shown = {
        key: status for status, key in re.findall(r'class="isms-card isms-card-(\w+)" data-step="([^"]+)"', dashboard)
    }
    assert shown == {step.key: step.status for step in cards}, day
    red = {key for key, status in shown.items() if status == "overdue"}
    assert red == {step.key for step in cards if any(judged.is_overdue(f) for f in step.watched)}, day
    watched = {_at(f) for step in cards for f in step.watched}
    assert reported <= watched, (day, reported - watched)

    # risk register page <-> isms check: the risks marked "review due" are those reported for reassessment.
    risks = views.page(risk_register_page(views.site)[0])
    marked = _rows(risks, "risk-", "review due")
    due_risks = {anchor("risk", d.id).removeprefix("risk-") for d in judged.overdue("risk-review-overdue")}
    assert marked == due_risks, day

    # RTP page <-> isms check: the treatments marked overdue are those reported overdue.
    plan = views.page(treatment_plan_page(views.site))
    late = _rows(plan, "treatment-", ">overdue<")
    reported_late = {anchor("treatment", d.id).removeprefix("treatment-") for d in judged.overdue("treatment-overdue")}
    assert late == reported_late, day

    # improvements page <-> isms check: the improvements marked overdue are those reported overdue.
    improvements = views.page(improvements_page(views.site))
    late = _rows(improvements, "imp-", ">overdue<")
    assert late == {anchor("imp", d.id).removeprefix("imp-") for d in judged.overdue("improvement-overdue")}, day

    # evidence request list <-> isms check: of the evidence it lists, what it says expired is what is reported.
    listing = views.page(evidence_requests_page(views.site))
    listed = set(re.findall(r'#(evidence-[^"]+)"', listing))
    expired = {anchor("evidence", ident) for ident in re.findall(r"<li>evidence (\S+) expired on ", listing)}
    reported_expired = {anchor("evidence", d.id) for d in judged.overdue("evidence-expired")}
    assert expired == reported_expired & listed, day


_AT_ONCE = frozenset(
    {"management review", "training", "requirement review", "asset review", "supplier review", "communication"}
)
"""Kinds that are overdue at once when never done (no review held, a programme never delivered, a requirement,
an asset or a tier 1 or 2 supplier never reviewed, a recurring communication never made)."""


def _sweep(root: Path) -> dict[str, int]:
    model, loaded = load(root)
    assert not [f for f in loaded if f.severity == "error"]
    derived = derive(model)
    seen: dict[str, int] = {}
    for day in _dates():
        views = _views(model, derived, loaded, day)
        _assert_agree(views, model, day)
        for deadline in views.facts.overdue():
            seen[deadline.rule] = seen.get(deadline.rule, 0) + 1
    return seen


@pytest.mark.slow
def test_the_example_agrees_with_itself_every_week_for_three_years() -> None:
    seen = _sweep(EXAMPLE)
    # The sweep is only worth something if the dates make things overdue: at least these kinds do.
    assert {"document-review-overdue", "risk-review-overdue", "treatment-overdue", "evidence-expired"} <= set(seen)
    assert {"register-review-overdue", "requirement-review-overdue", "asset-review-overdue"} <= set(seen)


@pytest.mark.slow
def test_a_synthetic_isms_agrees_with_itself_every_week_for_three_years(tmp_path: Path) -> None:
    generate(tmp_path, documents=20, risks=30, assets=20, as_of=dt.date(2026, 11, 28))
    seen = _sweep(tmp_path)
    assert {"document-review-overdue", "risk-review-overdue", "treatment-overdue", "action-overdue"} <= set(seen)
    assert {"register-review-overdue", "requirement-review-overdue", "asset-review-overdue"} <= set(seen)


@pytest.mark.slow
def test_the_command_lists_what_the_check_reports(capsys: pytest.CaptureFixture[str]) -> None:
    """``isms due`` and ``isms check`` as users run them, every quarter: the same overdue items."""
    for day in list(_dates())[::13]:
        assert (
            main(["due", "--format", "json", "--within", "0", "--as-of", day.isoformat(), "--root", str(EXAMPLE)]) == 0
        )
        listed = {(i["path"], i["line"]) for i in json.loads(capsys.readouterr().out) if i["overdue"]}
        assert main(["check", "--format", "json", "--as-of", day.isoformat(), "--root", str(EXAMPLE)]) in (0, 1)
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        reported = {(f["path"], f["line"]) for f in lines if f.get("rule") in DEADLINE_RULES}
        assert reported <= listed, day
        assert {(p, n) for p, n in listed} - reported <= _other_rules(lines), day


def _other_rules(lines: list[dict[str, object]]) -> set[tuple[object, object]]:
    """Where findings of the rules that report more than deadlines (acceptances, the certificate) stand."""
    return {(f["path"], f["line"]) for f in lines if f.get("rule") in ("risk-acceptance", "certificate-expiry")}


def _one_day(root: Path, day: dt.date) -> tuple[Views, Model]:
    model, loaded = load(root)
    views = _views(model, derive(model), loaded, day)
    _assert_agree(views, model, day)
    return views, model


def test_an_audit_planned_in_the_future_is_not_overdue_until_its_date_has_passed(repo: Repo) -> None:
    """Seen before the facts layer: a red OVERDUE audit card beside a headline of '0 overdue items'."""
    repo.replace("registers/audits.yml", "planned_on: 2026-02-10\n    end: 2026-02-11\n    status: completed",
                 "planned_on: 2026-12-01\n    status: planned")  # fmt: skip
    views, model = _one_day(repo.root, AS_OF)
    card = next(step for step in steps(model, views.facts, views.findings) if step.key == "internal-audit")
    assert card.status == "attention"  # no audit completed: a gap, and nothing is overdue yet
    assert not [f for f in views.findings if f.rule == "audit-overdue"]

    views, model = _one_day(repo.root, dt.date(2026, 12, 2))
    card = next(step for step in steps(model, views.facts, views.findings) if step.key == "internal-audit")
    assert card.status == "overdue"
    assert [f.text() for f in views.findings if f.rule == "audit-overdue"] == [
        "registers/audits.yml:10: warning: audit IA-1: planned for 2026-12-01 and still 'planned'"
        " — record that it took place (status, start, end, findings), or re-plan it with a new date (9.2.2)"
    ]
    overdue = [d.id for d in views.facts.due_by(dt.date(2026, 12, 2)) if d.overdue and d.kind == "audit"]
    assert overdue == ["IA-1"]


TWO_CYCLES = """certification:
  body: Example Certification Ltd
  certificates:
    - {number: EC-1, issued_on: 2025-11-27, expires_on: 2028-11-26}
    - {number: EC-2, issued_on: 2028-08-15, expires_on: 2031-11-26}
  audits:
    - {id: S1, type: stage 1, planned_on: 2025-09-01, result: passed}
    - {id: S2, type: stage 2, planned_on: 2025-10-20, result: passed}
    - {id: SV1, type: surveillance, planned_on: 2026-10-05, result: passed}
    - {id: SV2, type: surveillance, planned_on: 2027-09-20, result: passed}
    - {id: RC, type: recertification, planned_on: 2028-07-10, result: passed}
    - {id: SV3, type: surveillance, planned_on: 2029-07-01, result: passed}
    - {id: SV4, type: surveillance, planned_on: 2030-06-20}
"""
"""Cycle 1 complete and renewed; in cycle 2 surveillance 2 never gets its result, no recertification follows,
the certificate expires on 2031-11-26 and lapses after 2032-05-26."""


@pytest.mark.slow
def test_two_certification_cycles_agree_every_fortnight_from_2027_to_mid_2032(repo: Repo) -> None:
    """Across two cycles, the expiry and the lapse: check, isms due and the dashboard cards say the same."""
    repo.write("registers/isms.yml", repo.read("registers/isms.yml") + TWO_CYCLES)
    model, loaded = load(repo.root)
    derived = derive(model)
    seen: dict[str, list[dt.date]] = {}
    cards: dict[dt.date, dict[str, str]] = {}
    day = dt.date(2027, 1, 4)
    while day <= dt.date(2032, 7, 1):
        views = _views(model, derived, loaded, day)
        _assert_agree(views, model, day)
        for finding in views.findings:
            if finding.rule.startswith("certifica"):
                seen.setdefault(finding.rule, []).append(day)
        cards[day] = {step.key: step.summary for step in steps(model, views.facts, views.findings)}
        day += dt.timedelta(weeks=2)
    # Surveillance 2 of cycle 2 is due 12 months after SV3 (2030-07-01); the recertification audit three
    # months before expiry (2031-08-26); then the certificate expires, and lapses six months later.
    assert min(seen["certification-audit-overdue"]) == dt.date(2030, 7, 15)
    assert max(seen["certification-audit-overdue"]) == dt.date(2031, 11, 17)
    assert min(seen["certificate-expiry"]) == dt.date(2031, 12, 1)
    assert max(seen["certificate-expiry"]) == dt.date(2032, 5, 17)
    assert min(seen["certificate-lapsed"]) == dt.date(2032, 5, 31)
    # Results and certificates recorded ahead of the sweep's date are errors until that date has passed.
    assert max(seen["certification-dates"]) < dt.date(2029, 7, 1) <= min(seen["certification-audit-overdue"])
    assert cards[dt.date(2028, 8, 28)]["certification"] == "Certified 2028-08-15, valid until 2031-11-26 (cycle 2)"
    assert cards[dt.date(2032, 1, 12)]["recertification"] == (
        "The certificate EC-2 expired on 2031-11-26: the certification body can restore certification until"
        " 2032-05-26 if the outstanding recertification activities are completed."
    )
    assert cards[dt.date(2032, 5, 31)]["certification"] == (
        "The certificate EC-2 expired on 2031-11-26 and was not restored by 2032-05-26: a new initial"
        " certification audit (stage 1 and stage 2) is needed."
    )
    due = json.loads(as_json(facts(model, derived, dt.date(2032, 1, 5)).due_by(dt.date(2032, 12, 31))))
    assert [(item["kind"], item["date"], item["overdue"]) for item in due if item["kind"] == "certificate"] == [
        ("certificate", "2031-11-26", True),
        ("certificate", "2032-05-26", False),
    ]
