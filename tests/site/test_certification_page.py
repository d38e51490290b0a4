"""The certification page and the dashboard across several cycles: the history of certificates, and after
expiry what happens next (restoration until a date, then a new initial certification), record text escaped."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from isms.core.pipeline import check_repository
from isms.site.certification import certification_page
from isms.site.dashboard import dashboard_page
from isms.site.page import Page, Site
from tests.conftest import AS_OF, Repo, copy_example
from tests.core.test_checks_certification import two_cycles

ISMS = "registers/isms.yml"
RENEWED = """      expires_on: 2028-05-19
    - number: NCS-ISMS-28-05120
      issued_on: 2028-04-10
      expires_on: 2031-05-19
"""
"""The certificate after recertification: decided before the first expired, running on from its expiry."""
RESTORABLE = (
    "The certificate EC-2 expired on 2028-11-26: the certification body can restore certification until"
    " 2029-05-26 if the outstanding recertification activities are completed."
)
LAPSED = (
    "The certificate EC-2 expired on 2028-11-26 and was not restored by 2029-05-26: a new initial certification"
    " audit (stage 1 and stage 2) is needed."
)


def site(repo: Repo, as_of: dt.date) -> Site:
    result = check_repository(repo.root, as_of)
    return Site(result.model, result.derived, as_of, result.facts, True, tuple(result.findings))


def filled(page: Page) -> str:
    return page.fill(page.markdown)


def text(page: Page) -> str:
    """What a reader sees: tags removed, references decoded, white space collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", filled(page))))


def test_the_page_shows_every_cycle_with_its_certificate_and_audits(repo: Repo) -> None:
    two_cycles(repo)
    page = text(certification_page(site(repo, AS_OF)))
    assert "1 EC-1 2022-11-27 2025-11-26 superseded S1 , S2 , SV1 , SV2 , RC" in page
    assert "2 EC-2 2025-11-20 2028-11-26 valid SV3" in page
    assert "Next: surveillance audit 2, due by 2027-10-20 — not scheduled." in page
    assert "surveillance audit 2 within 12 months of surveillance audit 1" in page
    assert "recertification audit 3 months before the certificate expires" in page
    assert "restorable until" not in page


def test_after_expiry_the_page_and_dashboard_say_until_when_it_can_be_restored(repo: Repo) -> None:
    two_cycles(repo)
    day = dt.date(2029, 1, 10)
    page = text(certification_page(site(repo, day)))
    assert RESTORABLE in page and "restorable until 2029-05-26" in page
    assert "2 EC-2 2025-11-20 2028-11-26 expired SV3" in page
    dashboard = text(dashboard_page(site(repo, day)))
    assert f"Certificate EC-2: expired. {RESTORABLE}" in dashboard


def test_after_the_restoration_window_they_say_a_new_initial_audit_is_needed(repo: Repo) -> None:
    two_cycles(repo)
    day = dt.date(2029, 5, 27)
    page = text(certification_page(site(repo, day)))
    assert LAPSED in page and "2 EC-2 2025-11-20 2028-11-26 lapsed SV3" in page
    assert LAPSED in text(dashboard_page(site(repo, day)))


def test_a_new_initial_certification_after_the_lapse_is_a_cycle_of_its_own(repo: Repo) -> None:
    two_cycles(repo)
    repo.write(
        "registers/isms.yml",
        repo.read("registers/isms.yml") + "    - {id: NS1, type: stage 1, planned_on: 2029-09-01, result: passed}\n",
    )
    page = text(certification_page(site(repo, dt.date(2029, 9, 10))))
    assert "3 initial certification under way NS1" in page
    assert f"{LAPSED} Next: stage 2 audit — not scheduled." in page


def test_certificate_numbers_are_escaped_on_both_pages(repo: Repo) -> None:
    two_cycles(repo)
    repo.replace("registers/isms.yml", "number: EC-2", 'number: "EC-2 <b>bold</b> *x* [y](javascript:z)"')
    for day in (AS_OF, dt.date(2029, 1, 10)):
        for page in (certification_page(site(repo, day)), dashboard_page(site(repo, day))):
            out = filled(page)
            assert "<b>bold</b>" not in out and 'href="javascript' not in out and "<em>x</em>" not in out
            assert "EC-2 &lt;b&gt;bold&lt;/b&gt;" in out


def test_the_example_records_its_second_cycle_after_recertification(tmp_path: Path) -> None:
    """The example is in its first cycle; recording the recertification and the renewed certificate is enough
    for the second to run: nothing about the certification is reported, and the page shows both cycles."""
    example = Repo(copy_example(tmp_path))
    example.replace(ISMS, "      expires_on: 2028-05-19\n", RENEWED)
    # Surveillance 2 (2027-04-13) and the recertification audit (2028-02-15) took place and passed.
    example.write(ISMS, example.read(ISMS).replace("result: planned", "result: passed"))
    day = dt.date(2028, 6, 1)
    result = check_repository(tmp_path, day)
    assert [f.text() for f in result.findings if "certific" in f.rule] == []
    assert [c.certificate.number for c in result.facts.cycles if c.certificate] == [
        "NCS-ISMS-25-04417",
        "NCS-ISMS-28-05120",
    ]
    assert [(m.key, m.due) for m in result.facts.cycle] == [
        ("surveillance-1", dt.date(2029, 4, 10)),
        ("surveillance-2", dt.date(2030, 4, 10)),
        ("recertification", dt.date(2031, 2, 19)),
    ]
    page = text(certification_page(site(example, day)))
    assert "2 NCS-ISMS-28-05120 2028-04-10 2031-05-19 valid" in page
