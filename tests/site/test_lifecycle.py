"""The ISMS lifecycle pages of the example (Brightwater Analytics, certified 2025-05-20), judged as of fixed days.

The pages are rendered by the pure page functions, without MkDocs, so every figure a manager reads on the
dashboard, the audit programme, nonconformities, reviews, objectives and the certification page is
asserted here — current on 2026-11-28 and on 2027-06-30, overdue once the as-of date passes the due dates.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from isms.core.certification import certificate_state, milestones, next_due
from isms.core.pipeline import check_repository
from isms.core.readiness import steps
from isms.site.audits import audits_page, coverage
from isms.site.certification import certification_page
from isms.site.dashboard import dashboard_page
from isms.site.lifecycle_macros import LifecycleMacroError, lifecycle_macros
from isms.site.nonconformities import age, nonconformities_page
from isms.site.objectives import objectives_page
from isms.site.page import Page, Site
from isms.site.pages import generated_pages
from isms.site.reviews import reviews_page
from tests.conftest import EXAMPLE, copy_example

AS_OF = dt.date(2026, 11, 28)
LATE = dt.date(2028, 1, 1)  # surveillance audit 2 was due by 2027-04-14, 12 months after surveillance 1


@cache
def site(as_of: dt.date = AS_OF) -> Site:
    result = check_repository(EXAMPLE, as_of)
    return Site(result.model, result.derived, as_of, result.facts, True, tuple(result.findings))


def text(page: Page) -> str:
    """The page's Markdown with its HTML blocks filled in, tags removed, references decoded: what a reader sees."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.fill(page.markdown))))


def statuses(as_of: dt.date) -> dict[str, str]:
    return {step.key: step.status for step in steps(site(as_of).model, site(as_of).facts, site(as_of).findings)}


def test_the_example_is_clean_on_every_day_up_to_its_next_internal_audit() -> None:
    day = AS_OF
    while day <= dt.date(2027, 3, 15):  # IA-2027-01 is planned for that day; after it, audit-overdue
        assert [f.text() for f in site(day).findings] == [], day
        day += dt.timedelta(days=29)


def test_dashboard_steps_as_of_the_fixture_date() -> None:
    assert statuses(AS_OF) == {
        "scope": "ok",
        "policy": "ok",
        "assets": "ok",
        "risk-assessment": "ok",
        "soa": "ok",
        "rtp": "ok",
        "implementation": "attention",  # 74 of 89 applicable controls implemented, 15 partial
        "support": "ok",
        "internal-audit": "ok",
        "corrective-actions": "ok",
        "management-review": "ok",
        "pre-certification": "ok",
        "certification": "ok",
        "surveillance": "ok",
        "recertification": "upcoming",
        "continual-improvement": "ok",  # IMP-002 done on 2026-03-06
    }
    summaries = {step.key: step.summary for step in steps(site(AS_OF).model, site(AS_OF).facts, site(AS_OF).findings)}
    assert summaries["scope"] == (
        "Scope v3.1 approved 2026-11-28, next review 2027-11-28; 11 issues, 8 interested parties; climate change"
        " relevant"
    )
    assert summaries["implementation"] == "74 of 89 applicable controls implemented (83%)"
    assert summaries["support"] == (
        "4 training programmes; competence recorded for 12 of 12 roles with ISMS responsibilities (1 gap open);"
        " 8 communications"
    )
    assert summaries["rtp"] == "29 actions, 24 done, 5 open, 0 overdue"
    assert summaries["corrective-actions"] == "2 open, 4 closed; 0 actions overdue"
    assert summaries["internal-audit"] == (
        "6 audits completed, last 2026-09-17; next IA-2027-01 on 2027-03-15; 0 clauses and 18 controls covered only"
        " by planned audits"
    )
    assert summaries["management-review"] == "Last MR-2026 on 2026-10-15; next due by 2027-10-15"
    assert summaries["pre-certification"] == (
        "Internal audit IA-2025-01 and management review MR-2025-PRE before stage 2"
    )
    assert summaries["surveillance"] == "Surveillance audit 2 CB-2027-SV2 planned 2027-04-13 (due by 2027-04-14)"
    assert summaries["continual-improvement"] == (
        "1 improvement done in the last 12 months (last IMP-002 on 2026-03-06); 3 open"
    )
    page = text(dashboard_page(site(AS_OF)))
    assert "15/16 steps current" in page
    assert "0 overdue items" in page and "0 gaps" in page
    assert "Certificate NCS-ISMS-25-04417: valid." in page
    assert page.count(" present ") == 14 and page.count(" missing ") == 1  # the column heading


def test_dashboard_turns_to_attention_then_overdue_as_the_due_dates_pass() -> None:
    mid = statuses(dt.date(2027, 6, 30))
    # held on 2027-04-13 by plan, 12 months after surveillance 1, and still no result: overdue since 2027-04-14
    assert mid["surveillance"] == "overdue"
    # IA-2027-01 and IA-2027-02 were planned for March 2027 and are still 'planned': audit-overdue reports them,
    # so the card is red, and the 18 controls only IA-2027-02 was to audit are no longer covered by anything
    assert mid["internal-audit"] == "overdue"
    assert [f.rule for f in site(dt.date(2027, 6, 30)).findings] == [
        "audit-control-coverage",
        "audit-overdue",
        "audit-overdue",
        "exception-expired",  # EXC-002 ended on 2027-03-31 and is still recorded as active
        "certification-audit-overdue",
        # the ten tier 1 and 2 suppliers reviewed from 12 May to 25 June 2026 are due for their yearly review again
        *["supplier-review-overdue"] * 10,
    ]
    assert mid["recertification"] == "ok"  # planned, and due within a year
    late = statuses(LATE)
    assert {key for key, value in late.items() if value == "overdue"} == {
        "scope",
        "policy",
        "assets",  # every inventory entry and the inventory itself reviewed in 2026, due again in 2027
        "risk-assessment",
        "soa",  # the SoA file's next_review, 2027-10-29
        "rtp",
        "implementation",  # 33 evidence records expired, 14 supplier reviews
        "support",  # two training programmes late, 13 competence assessments, a gap and three communications
        "internal-audit",  # audits planned for 2027 still 'planned'
        "corrective-actions",
        "management-review",
        "surveillance",
        "continual-improvement",  # IMP-003 and IMP-004, due in 2027, still not done
    }
    page = text(dashboard_page(site(LATE)))
    assert "3/16 steps current" in page
    # 110, 21 register files, 14 requirements, 56 assets, 11 context issues and 8 interested parties due for
    # review, 14 supplier reviews, the two audits still planned, none completed in 12 months, two expired
    # exceptions, two improvements and R-029's acceptance (ended 2027-09-30 with EXC-001); for support
    # (7.2-7.4), 13 competence assessments, a gap's action and three yearly communications; the gap: controls
    # only a lapsed plan covered, and two more
    assert "261 overdue items" in page and "3 gaps" in page
    assert [f.rule for f in site(LATE).findings].count("certification-audit-overdue") == 1


def test_certification_cycle_and_what_is_due_next() -> None:
    certification = site(AS_OF).model.isms.certification  # type: ignore[union-attr]
    assert certification is not None
    cycle = [(m.key, m.state, m.due) for m in milestones(certification, AS_OF)]
    assert cycle == [
        ("stage-1", "done", None),
        ("stage-2", "done", None),
        ("surveillance-1", "done", dt.date(2026, 5, 20)),
        ("surveillance-2", "planned", dt.date(2027, 4, 14)),  # 12 months after CB-2026-SV1 (2026-04-14)
        ("recertification", "planned", dt.date(2028, 2, 19)),  # three months before expiry
    ]
    assert certificate_state(certification, AS_OF) == "valid"
    assert certificate_state(certification, dt.date(2028, 2, 20)) == "expiring"
    assert certificate_state(certification, dt.date(2028, 5, 20)) == "expired"
    assert certificate_state(certification, dt.date(2028, 11, 19)) == "expired"  # restorable to the last day
    assert certificate_state(certification, dt.date(2028, 11, 20)) == "lapsed"
    assert [m.state for m in milestones(certification, dt.date(2027, 4, 14))][3] == "awaiting result"
    assert [m.state for m in milestones(certification, dt.date(2027, 4, 15))][3] == "overdue"
    upcoming = next_due(certification, LATE)
    assert upcoming is not None and (upcoming.key, upcoming.state) == ("surveillance-2", "overdue")
    page = text(certification_page(site(AS_OF)))
    assert "Next: surveillance audit 2 (CB-2027-SV2) on 2027-04-13, due by 2027-04-14 — planned." in page
    assert "Northgate Certification Services Ltd" in page and "UKAS 9999" in page
    assert "146/150 (97.3%, target 95%)" in page and "53/56 (94.6%, target 90%)" in page
    late = text(certification_page(site(LATE)))
    assert "— overdue." in late and "expired" in late  # evidence records expired by 2028


def test_audit_programme_covers_every_clause_and_applicable_control() -> None:
    clauses, controls = coverage(site(AS_OF))
    assert Counter(c.state for c in clauses) == {"audited": 34}
    assert Counter(c.state for c in controls) == {"audited": 71, "planned": 18, "excluded": 4}
    assert {c.ident for c in controls if c.state == "excluded"} == {"7.6", "7.11", "7.12", "8.30"}
    page = text(audits_page(site(AS_OF)))
    assert "34/34 clauses audited" in page and "71/89 applicable controls audited" in page
    assert "0 major, 4 minor, 8 observation, 5 opportunity." in page


def test_nonconformities_with_ageing_as_of_the_date() -> None:
    ncs = {nc.id: nc for nc in site(AS_OF).model.nonconformities}
    assert age(ncs["NC-2026-02"], site(AS_OF)) == 72  # raised 2026-09-17, still open
    assert age(ncs["NC-2025-01"], site(AS_OF)) == 179  # raised 2025-01-17, closed 2025-07-15
    page = text(nonconformities_page(site(AS_OF)))
    assert "2 open" in page and "4 closed" in page and "0 actions overdue" in page
    assert "131 days, oldest open" in page
    assert "audit IA-2026-02-F1" in page and "certification audit CB-2026-SV1" in page
    later = text(nonconformities_page(site(dt.date(2027, 7, 31))))
    assert "2 actions overdue" in later and "2 action(s) overdue" in later  # NC-2026-02's, due 2027-07-30


def test_management_reviews_cover_every_input() -> None:
    page = reviews_page(site(AS_OF))
    assert "3 held. The last was MR-2026 on 2026-10-15; the next is due by 2027-10-15." in text(page)
    assert "Every input a–g was covered in the last 12 months." in text(page)
    matrix = next(block for block in page.blocks.values() if "isms-matrix" in block)
    assert matrix.count("isms-tick") == 21 and "isms-cross" not in matrix


def test_objectives_met_and_not_met() -> None:
    page = objectives_page(site(AS_OF))
    assert "5 information security objectives (6.2); 4 met at their latest measurement (9.1)." in text(page)
    charts = [block for block in page.blocks.values() if "<svg" in block]
    assert len(charts) == 5
    obj03 = next(chart for chart in charts if "OBJ-03" in chart)
    assert "99.87% — not met" in obj03 and "target at least 99.9%" in obj03
    assert "target at most 10 working days" in text(page)


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2027, 6, 30), LATE])
def test_every_generated_page_renders_on_any_day(as_of: dt.date) -> None:
    pages = generated_pages(site(as_of))
    names = [page.src_uri for page in pages]
    for name in ("audits", "nonconformities", "reviews", "objectives", "certification"):
        assert f"isms/{name}.md" in names
    assert names[0] == "isms/index.md"


def test_lifecycle_macros_for_authors() -> None:
    example = site(AS_OF)
    found = lifecycle_macros(example, lambda: example.linker("procedures/nonconformity-corrective-action.md"))
    chart = found["objective_chart"]("OBJ-01")
    assert chart.startswith("<svg") and chart.count("<circle") == 7
    open_ncs = found["nonconformities"](status="open")
    assert open_ncs.count("<tr>") == 3  # the heading and NC-2026-03, NC-2026-02
    assert 'href="../../isms/nonconformities/#nc-2026-02"' in open_ncs
    assert found["nonconformities"]().count("<tr>") == 7
    assert "Next: surveillance audit 2 (CB-2027-SV2) on 2027-04-13" in found["next_audit"]()
    with pytest.raises(LifecycleMacroError, match="no such objective"):
        found["objective_chart"]("OBJ-99")
    with pytest.raises(LifecycleMacroError, match="use 'open', 'closed'"):
        found["nonconformities"](status="late")


def test_audits_recorded_as_planned_cover_nothing_once_their_dates_pass(tmp_path: Path) -> None:
    """Issue 11: every internal audit left 'planned', judged as of 2028-01-01 — nothing in the cycle was audited.

    The planned dates have passed, so the plan counts for nothing: every clause and applicable control is
    reported unaudited, each audit is overdue, and the dashboard's internal-audit card is red.
    """
    root = copy_example(tmp_path / "example")
    audits = root / "registers" / "audits.yml"
    audits.write_text(audits.read_text(encoding="utf-8").replace("status: completed", "status: planned"), "utf-8")
    result = check_repository(root, LATE)
    rules = Counter(f.rule for f in result.findings if f.rule.startswith("audit"))
    assert rules == {"audit-coverage": 1, "audit-control-coverage": 1, "audit-overdue": 8}
    coverage_finding = next(f for f in result.findings if f.rule == "audit-coverage")
    assert coverage_finding.message.startswith(
        "the audit programme from 2024-05-20 to 2028-05-19 does not cover clauses 4.1, 4.2, 4.3, 4.4, 5.1"
    )
    assert coverage_finding.hint.startswith("IA-2025-01 (planned for 2025-01-13), IA-2025-01B (planned for 2025-03-24)")
    judged = Site(result.model, result.derived, LATE, result.facts, True, tuple(result.findings))
    card = {step.key: step for step in steps(judged.model, judged.facts, judged.findings)}["internal-audit"]
    page = text(audits_page(judged))
    assert "Planned audits whose date has passed count for nothing until their results are recorded: IA-2025-01" in page
    assert "0/34 clauses audited" in page and "34 clauses not covered" in page
    assert (card.status, card.summary) == (
        "overdue",
        "0 audits completed; next IA-2025-01 on 2025-01-13 (results not yet recorded)",
    )
