"""The context of the organisation (4.1, 4.2): internal and external issues with the climate change
determination, and the interested parties with their requirements, linked to the requirements register."""

from __future__ import annotations

from collections.abc import Sequence

from isms.core.facts import climate_determination
from isms.core.models import registers as r
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.generic import references
from isms.site.html import Markup, badge, esc, join, table
from isms.site.page import Page, Site
from isms.site.urls import CONTEXT, PARTIES, Linker, entry_ids


@registry.page(CONTEXT, order=55)
def context_page(site: Site) -> Page:
    links = site.linker(CONTEXT)
    issues = site.model.issues
    current = [issue for issue in issues if issue.retired_on is None]
    page = Page(CONTEXT, "Context of the organisation", wide=True)
    page.md(
        f"{sum(1 for i in current if i.kind == 'external')} external and"
        f" {sum(1 for i in current if i.kind == 'internal')} internal issues (4.1) that bear on the ISMS's"
        " intended outcomes, how each affects it and the risks it gives rise to; the interested parties are on"
        f" their own page. {site.register_control('context')}".rstrip()
    )
    climate = climate_determination(site.model)
    if climate is None:
        page.md("**Climate change:** not determined yet (4.1 as amended by Amd 1:2024).")
    else:
        verdict = "a relevant issue" if climate.relevant else "not a relevant issue"
        page.md(f"**Climate change** is {verdict} (4.1 as amended by Amd 1:2024); see below.")
    if site.exports:
        page.html(downloads(CONTEXT, "context", site.directory_urls))
    retired = [issue for issue in issues if issue.retired_on is not None]
    for heading, entries in (
        ("External issues", [i for i in current if i.kind == "external"]),
        ("Internal issues", [i for i in current if i.kind == "internal"]),
        ("No longer issues", retired),
    ):
        if entries:
            page.md(f"## {heading}")
            page.html(_issues_table(site, links, entries))
    if not issues:
        page.md("No issues are recorded: add them to registers/context.yml (`isms new issue`).")
    return page


def _issues_table(site: Site, links: Linker, issues: Sequence[r.ContextIssue]) -> Markup:
    rows = [
        [
            Markup(f"<strong>{esc(i.id)}</strong>"),
            Markup(
                esc(i.title)
                + (" " + badge("climate change", "partial") if i.climate_change else "")
                + ("" if i.relevant else " " + badge("not relevant", "none"))
                + (f"<br><small>{esc(i.description)}</small>" if i.description else "")
            ),
            i.effect or "",
            Markup(
                references(site, links, "risk", i.risks)
                + (Markup("<br>") + references(site, links, "party", i.parties) if i.parties else "")
            ),
            site.role(i.owner),
            Markup(
                join(
                    [
                        *([Markup(f"identified {site.date(i.identified_on)}")] if i.identified_on else []),
                        *([Markup(f"retired {site.date(i.retired_on)}")] if i.retired_on else []),
                        *([Markup(f"reviewed {site.date(i.reviewed_on)}")] if i.reviewed_on else []),
                        *(
                            [Markup(f"next {site.next_entry_review('context-review-overdue', i)}")]
                            if i.retired_on is None
                            else []
                        ),
                    ],
                    "<br>",
                )
            ),
        ]
        for i in issues
    ]
    return table(
        ["id", "issue", "effect on the ISMS", "risks, parties", "owner", "dates"],
        rows,
        "isms-register",
        [entry_ids("context", i.id) for i in issues],
    )


@registry.page(PARTIES, order=56)
def parties_page(site: Site) -> Page:
    links = site.linker(PARTIES)
    parties = site.model.parties
    needs = [need for party in parties for need in party.requirements]
    page = Page(PARTIES, "Interested parties", wide=True)
    page.md(
        f"{len(parties)} interested parties (4.2) with {len(needs)} requirements relevant to information security,"
        f" {sum(1 for n in needs if n.addressed)} of them addressed by the ISMS and tracked in the requirements"
        f" register; how each party's feedback is gathered, and what it said (9.3.2 e)."
        f" {site.register_control('parties')}".rstrip()
    )
    if site.exports:
        page.html(downloads(PARTIES, "parties", site.directory_urls))
    rows = [
        [
            Markup(f"<strong>{esc(p.id)}</strong>"),
            Markup(f"{esc(p.name)}<br><small>{esc(p.kind)}</small>"),
            _needs(site, links, p),
            Markup(
                esc(p.feedback_channel or "")
                + "".join(f"<br><small>{site.date(f.on)} {esc(f.summary)}</small>" for f in p.feedback)
            ),
            site.role(p.owner),
            Markup(
                (f"reviewed {site.date(p.reviewed_on)}<br>" if p.reviewed_on else "")
                + f"next {site.next_entry_review('context-review-overdue', p)}"
            ),
        ]
        for p in parties
    ]
    page.html(
        table(
            [
                "id",
                "party",
                "requirements (4.2 b) and whether the ISMS addresses them (4.2 c)",
                "feedback",
                "owner",
                "review",
            ],
            rows,
            "isms-register",
            [entry_ids("parties", p.id) for p in parties],
        )
    )
    if not parties:
        page.md("No interested parties are recorded: add them to registers/parties.yml (`isms new party`).")
    return page


def _needs(site: Site, links: Linker, party: r.InterestedParty) -> Markup:
    items = []
    for need in party.requirements:
        verdict = badge("addressed", "good") if need.addressed else badge("not addressed", "none")
        tracked = Markup(" → ") + references(site, links, "requirement", [need.requirement]) if need.requirement else ""
        note = f"<br><small>{esc(need.note)}</small>" if need.note else ""
        items.append(Markup(f"<li>{esc(need.description)} {verdict}{tracked}{note}</li>"))
    return Markup(f"<ul>{''.join(items)}</ul>") if items else Markup('<span class="isms-none">none recorded</span>')


def parties_of(site: Site, links: Linker, requirement: str) -> Markup:
    """The interested parties whose requirements the requirements register entry ``requirement`` tracks."""
    named = [p.id for p in site.model.parties if any(n.requirement == requirement for n in p.requirements)]
    return references(site, links, "party", named) if named else Markup("")
