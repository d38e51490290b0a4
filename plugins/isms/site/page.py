"""A generated page: Markdown for headings and prose, HTML blocks for tables and pictures.

The HTML blocks stand in the Markdown as placeholders and are put in after Markdown has run, so large
tables are not parsed twice and headings still make the table of contents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from isms.core.derive import Derived, document_next_review
from isms.core.facts import Deadline, Facts, Reviewed
from isms.core.findings import Finding
from isms.core.models import registers as r
from isms.core.repository import Document, Model
from isms.core.requests import Request, requests
from isms.site.html import Markup, badge, esc, inert, ink, link, tag
from isms.site.memo import Memo
from isms.site.urls import Linker


@dataclass
class Page:
    src_uri: str
    title: str
    wide: bool = False  # a register: hide the table of contents to give its tables the width
    listed: bool = True  # in the navigation (the parts of a split register are not: their page lists them)
    searchable: bool = True  # in the search index (the parts of a split register are not: see isms.site.parts)
    parts: list[str] = field(default_factory=list)
    blocks: dict[str, Markup] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.parts.append(f"# {inert(self.title)}\n\n")

    def md(self, text: str) -> None:
        """Markdown written by this package; author text inside it must be made :func:`~isms.site.html.inert`.

        ``esc`` is not enough in Markdown: Markdown still reads ``*``, links, images and attribute lists in
        escaped text.
        """
        self.parts.append(text.rstrip("\n") + "\n\n")

    def html(self, markup: Markup) -> None:
        key = f"<!-- isms:block {len(self.blocks)} -->"
        self.blocks[key] = markup
        self.parts.append(f"{key}\n\n")

    @property
    def markdown(self) -> str:
        return "".join(self.parts)

    def fill(self, html: str) -> str:
        """The page's rendered HTML with its blocks put in."""
        for key, markup in self.blocks.items():
            html = html.replace(key, markup, 1)
        return html


@dataclass(frozen=True)
class Site:
    """What every page renderer reads."""

    model: Model
    derived: Derived
    as_of: dt.date
    facts: Facts
    directory_urls: bool = True
    findings: tuple[Finding, ...] = ()  # what the checks found, for the dashboard's counts
    changes: object = None  # isms.exports.diff.Report, or why there is none: the changes page
    exports: bool = False  # register pages link to their XLSX, CSV and JSON exports
    audience: str | None = None  # the audience a restricted build is for (None: everything)
    hidden: frozenset[str] = frozenset()  # registers none of whose files that audience may read
    memo: Memo = field(default_factory=Memo)  # what mkdocs serve keeps of the last build's pages (none: all made)

    def linker(self, page: str) -> Linker:
        return Linker(page, self.directory_urls, self.placement)

    @cached_property
    def placement(self) -> dict[str, dict[str, str]]:
        """Where the entries of split registers are: register -> id -> page (see :mod:`isms.site.parts`)."""
        from isms.site.parts import placement  # noqa: PLC0415 - parts builds Pages: it imports this module

        return placement(lambda name: self.model.entries.get(name, []))

    @cached_property
    def requests(self) -> list[Request]:
        """The evidence request list, made once for its page and the dashboard's summary of it."""
        return requests(self.model, self.facts)

    @cached_property
    def _roles(self) -> dict[str, Markup]:
        """Each role as :meth:`role` shows it, made once per build (a register of 20,000 rows names a few roles)."""
        return {}

    def role(self, role_id: str | None) -> Markup:
        """A role as "Title (holder)", or "Title (Alias) — holder" when the title ends in brackets; id in a tooltip."""
        if not role_id:
            return Markup("")
        shown = self._roles.get(role_id)
        if shown is None:
            shown = self._roles[role_id] = self._role(role_id)
        return shown

    def _role(self, role_id: str) -> Markup:
        role = self.derived.index.get("role", {}).get(role_id)
        if role is None:
            return esc(role_id)
        holder = "" if not role.holder else f" — {role.holder}" if role.title.endswith(")") else f" ({role.holder})"
        text = role.title + holder
        return tag("span", text, {"title": f"role: {role_id}"})

    def date(self, day: dt.date | None, overdue: bool = False) -> Markup:
        """A date, marked overdue when the facts say so (pages never judge that themselves)."""
        if day is None:
            return Markup("")
        text = tag("span", day.isoformat(), {"class": "isms-date"})
        if overdue:
            return Markup(text + " " + badge("overdue", "overdue"))
        return text

    def due(self, deadline: Deadline | None) -> Markup:
        """A deadline's date, marked overdue when it is."""
        return self.date(deadline.date, deadline.overdue) if deadline is not None else Markup("")

    def next_review(self, document: Document) -> Markup:
        """A document's next review date, marked overdue when its review is (drafts and retired ones never are)."""
        review = self.facts.review_of(document)
        return self.due(review) if review is not None else self.date(document_next_review(document))

    def next_entry_review(self, rule: str, entry: Reviewed) -> Markup:
        """When a requirement, asset, context issue or party is next due for review, marked overdue when it is."""
        deadline = self.facts.deadline(rule, entry)
        if deadline is not None and entry.reviewed_on is None:
            return badge("never reviewed", "overdue")
        return self.due(deadline)

    def register_control(self, register: str) -> str:
        """Version, owner, approval and next review of the (first) file of ``register``, as Markdown-safe text."""
        file = next((f for f in self.model.files if f.register == register and f.header is not None), None)
        if file is None or file.header is None:
            return ""
        header = file.header
        text = f"Version {inert(header.version)}, owned by {inert(self.role(header.owner))}"
        if header.approved_on:
            text += f", approved by {inert(self.role(header.approved_by))} on {inert(header.approved_on)}"
        review = self.facts.review_of_register(file.path)
        if review is not None:
            text += f"; next review {inert(self.due(review))}"
            if header.review_every is None and header.next_review is None:
                text += " (12 months after approval by default)"
        return text + "."

    def reference(self, links: Linker, ref: str) -> Markup:
        """A link to the risk or requirement ``ref`` names (the SoA's references), or the text."""
        if ref in self.derived.index.get("risk", {}):
            return link(links.risk(ref), ref)
        if ref in self.derived.index.get("requirement", {}):
            return link(links.requirement(ref), ref)
        return esc(ref)

    def levels(self, risk_id: str) -> tuple[Markup, Markup]:
        """The inherent and residual level labels of a risk."""
        scores = self.derived.scores.get(risk_id)
        if scores is None:
            return Markup(""), Markup("")
        residual = self.level(scores.residual.level, scores.residual.score) if scores.residual else esc("—")
        return self.level(scores.inherent.level, scores.inherent.score), residual

    def level(self, level: r.Level | None, score: int | None = None) -> Markup:
        """A risk level as a coloured label with its score."""
        if level is None:
            return esc("—")
        text = level.name + (f" ({score})" if score is not None else "")
        return tag(
            "span", text, {"class": "isms-level", "style": f"background:{level.colour};color:{ink(level.colour)}"}
        )


def status(value: str | None) -> Markup:
    """A status label coloured by what it means."""
    if not value:
        return Markup("")
    kinds = {
        "implemented": "good",
        "done": "good",
        "approved": "good",
        "completed": "good",
        "closed": "good",
        "held": "good",
        "treated": "good",
        "accepted": "neutral",
        "partial": "partial",
        "in progress": "partial",
        "in review": "partial",
        "planned": "neutral",
        "open": "partial",
        "draft": "neutral",
        "not implemented": "bad",
        "retired": "neutral",
        "cancelled": "neutral",
        "excluded": "neutral",
    }
    return badge(value, kinds.get(value, "neutral"))
