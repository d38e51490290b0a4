"""Management reviews (9.3): the 9.3.2 inputs each review covered, its decisions and its actions."""

from __future__ import annotations

from typing import cast

from isms.core.models import registers as r
from isms.site import registry
from isms.site.html import Markup, esc, inert, link, table, tag
from isms.site.page import Page, Site, status
from isms.site.urls import REVIEWS, Linker, aliases, entry_ids

TICK = Markup('<span class="isms-tick" title="covered">✓</span>')
CROSS = Markup('<span class="isms-cross" title="not covered">✗</span>')


def review_matrix(site: Site, links: Linker) -> Markup:
    """Reviews down, inputs a–g across: which review covered which input."""
    inputs = site.model.catalogue.review_inputs
    headers: list[object] = ["review", "date", "status"]
    headers += [tag("span", key, {"title": title}) for key, title in inputs.items()]
    rows = [
        [
            link(links.review(review.id), review.id),
            site.date(review.date),
            status(review.status),
            *(TICK if key in review.inputs else CROSS for key in inputs),
        ]
        for review in sorted(site.model.reviews, key=lambda review: review.date)
    ]
    return table(headers, rows, "isms-summary isms-matrix")


def review_block(site: Site, links: Linker, review: r.Review) -> Markup:
    inputs = site.model.catalogue.review_inputs
    facts = (
        f"<p>{site.date(review.date)} {status(review.status)} — chaired by {site.role(review.chair)}; "
        f"attendees: {', '.join(site.role(a) for a in review.attendees) or '—'}"
    )
    minutes = site.derived.index.get("document", {}).get(review.minutes) if review.minutes else None
    if minutes is not None:
        facts += f"; minutes: {link(links.document(minutes.src_uri), minutes.meta.title)}"
    facts += "</p>"
    covered = table(
        ["input (9.3.2)", "what was presented"],
        [
            [
                Markup(f"<strong>{esc(key)}</strong> {esc(title)}"),
                cast("dict[str, str]", review.inputs).get(key) or Markup('<span class="isms-zero">not covered</span>'),
            ]
            for key, title in inputs.items()
        ],
    )
    decisions = "".join(f"<li>{esc(d)}</li>" for d in review.decisions) or "<li>none recorded</li>"
    actions = table(
        ["action", "owner", "due", "status"],
        [
            [
                a.description,
                site.role(a.owner),
                site.date(a.due, site.facts.action_overdue(a)),
                status("done" if a.status == "done" else a.status),
            ]
            for a in review.actions
        ],
    )
    ids = entry_ids("reviews", review.id)
    return Markup(
        f'<section class="isms-review" id="{ids[0]}">{aliases(ids)}'
        f"<h2>{esc(review.id)} — {esc(review.date.isoformat())}</h2>{facts}{covered}"
        f"<h3>Decisions (9.3.3)</h3><ul>{decisions}</ul><h3>Actions</h3>{actions}</section>"
    )


@registry.page(REVIEWS, order=110)
def reviews_page(site: Site) -> Page:
    links = site.linker(REVIEWS)
    page = Page(REVIEWS, "Management reviews", wide=True)
    held = site.facts.held_reviews
    text = f"Management reviews (9.3) as of {site.as_of.isoformat()}: {len(held)} held."
    if held:
        due = site.facts.management_review
        late = " (overdue)" if due.overdue else ""
        text += f" The last was {inert(held[-1].id)} on {held[-1].date}; the next is due by {due.date}{late}."
    missing = [key for key, reviews in site.facts.review_inputs.items() if not reviews]
    text += (
        " Every input a–g was covered in the last 12 months."
        if not missing
        else f" Not covered in the last 12 months: input {', '.join(missing)}."
    )
    page.md(text)
    page.html(review_matrix(site, links))
    for review in sorted(site.model.reviews, key=lambda review: review.date, reverse=True):
        page.html(review_block(site, links, review))
    return page
