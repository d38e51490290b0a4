"""Management reviews (9.3): the 9.3.2 inputs each review covered, its decisions and its actions."""

from __future__ import annotations

from typing import cast

from isms.core.facts import InputItem, ReviewPeriod
from isms.core.models import registers as r
from isms.site import registry
from isms.site.generic import references
from isms.site.html import Markup, badge, esc, inert, link, table, tag
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
    period = site.facts.period_of(review)
    covered = table(
        ["input (9.3.2)", "what was presented", f"from the registers, {_span(period)}"],
        [
            [
                Markup(f"<strong>{esc(key)}</strong> {esc(title)}"),
                cast("dict[str, str]", review.inputs).get(key) or Markup('<span class="isms-zero">not covered</span>'),
                register_items(site, links, period.items.get(key, ()) if period else ()),
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


def _span(period: ReviewPeriod | None) -> str:
    """The period a review's register inputs cover, in words."""
    if period is None:
        return ""
    since = f"since {period.previous.id} ({period.start})" if period.previous else "before it"
    return since + (f" to {period.end}" if period.review is None or period.review.status != "held" else "")


def register_items(site: Site, links: Linker, items: tuple[InputItem, ...]) -> Markup:
    """The records the registers hold for one input, each linked to its entry; those of a register this build's
    audience may not read are left out."""
    shown = [item for item in items if item.source not in site.hidden]
    if not shown:
        return Markup('<span class="isms-none">none recorded</span>') if not items else Markup("")
    rows = []
    for item in shown:
        named = references(site, links, item.kind, [item.id]) if item.kind else esc(item.id)
        late = " " + badge("overdue", "overdue") if item.late else ""
        rows.append(Markup(f"<li>{named}{' ' if item.id else ''}{esc(item.text)}{late}</li>"))
    return Markup(f'<ul class="isms-inputs">{"".join(rows)}</ul>')


def next_inputs(site: Site, links: Linker) -> Markup | None:
    """What the registers hold so far for the next management review: the first period not yet held."""
    period = next((p for p in site.facts.periods if p.review is None or p.review.status != "held"), None)
    if period is None:
        return None
    inputs = site.model.catalogue.review_inputs
    return table(
        ["input (9.3.2)", f"from the registers, {_span(period)}"],
        [
            [
                Markup(f"<strong>{esc(key)}</strong> {esc(title)}"),
                register_items(site, links, period.items.get(key, ())),
            ]
            for key, title in inputs.items()
        ],
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
    upcoming = next_inputs(site, links)
    if upcoming is not None:
        page.md(
            "## Inputs for the next review\n\nWhat the registers hold so far for the 9.3.2 inputs of the next"
            " management review, for its chair to present beside the summaries of each input."
        )
        page.html(upcoming)
    for review in sorted(site.model.reviews, key=lambda review: review.date, reverse=True):
        page.html(review_block(site, links, review))
    return page
