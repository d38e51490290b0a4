"""The dashboard of a build for a restricted audience shows what that audience may see, and says what it may not.

A public build once showed 'The organisation', 'Scope missing', '0 assets' and 'No management review held':
records it may not read were shown as missing. A step judged from a register the audience may not read is
'not shown', counts in no tile, and the table of mandatory documented information is not claimed.
"""

from __future__ import annotations

import html
import re

from isms.core.audience import restrict
from isms.core.derive import derive
from isms.core.facts import facts
from isms.site.dashboard import dashboard_page
from isms.site.page import Page, Site
from tests.conftest import AS_OF, Repo


def dashboard(repo: Repo, audience: str | None) -> str:
    result = repo.check()
    restricted = restrict(result.model, audience, drafts=False)
    derived = derive(restricted.model)
    judged = facts(restricted.model, derived, AS_OF)
    findings = tuple(restricted.findings(result.findings))
    site = Site(
        restricted.model,
        derived,
        AS_OF,
        judged,
        True,
        findings,
        audience=audience,
        hidden=frozenset(restricted.registers),
    )
    page: Page = dashboard_page(site)
    return page.fill(page.markdown)


def cards(text: str) -> dict[str, tuple[str, str]]:
    """step -> (status label, summary) of every card."""
    found = re.findall(
        r'data-step="([^"]+)">.*?<span class="isms-card-status">([^<]+)</span>'
        r'.*?<div class="isms-card-summary">([^<]*)<',
        text,
    )
    return {step: (status, summary) for step, status, summary in found}


def test_a_public_build_says_what_it_does_not_show_instead_of_calling_it_missing(repo: Repo) -> None:
    # Registers are internal unless their header says otherwise: a public build reads none of them.
    text = dashboard(repo, "public")
    shown = cards(text)
    assert shown["assets"] == ("not shown", "Not shown to the public audience: judged from registers/assets.yml")
    assert "0 assets" not in text and "None" not in text
    assert "This site is built for the **public** audience, which may not read" in text
    assert "Which documented information is missing is judged from registers this audience may not read." in text
    assert 'data-tile="steps current of' in text  # the tile counts only the steps it shows
    assert "isms-card-restricted" in text and 'href="assets/"' not in text


def test_an_unrestricted_build_shows_every_step_judged(repo: Repo) -> None:
    text = dashboard(repo, None)
    assert "not shown" not in text
    assert cards(text)["assets"][1] == "4 assets"
    assert "\n\nMinimal Ltd, as of **2026-11-28**.\n\n" in text


def test_an_organisation_working_towards_certification_is_not_told_of_surveillance(repo: Repo) -> None:
    repo.write(
        "registers/isms.yml",
        repo.read("registers/isms.yml")
        + "certification:\n  body: Kestrel Assurance\n  audits:\n"
        + "    - {id: S1, type: stage 1, planned_on: 2027-01-20, result: planned}\n",
    )
    text = dashboard(repo, None)
    assert "Not certified yet. Next: stage 1 audit (S1) on 2027-01-20" in html.unescape(text)
    assert "Certificate :" not in text
    shown = cards(text)
    assert shown["surveillance"] == ("later", "After certification")
    assert shown["recertification"] == ("later", "After certification")
