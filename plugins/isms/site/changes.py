"""The page "Changes since the previous version", from an ``isms diff`` report."""

from __future__ import annotations

from isms.exports.diff import Change, Report
from isms.site import registry
from isms.site.html import esc, table
from isms.site.page import Page, Site
from isms.site.urls import PREFIX

CHANGES = f"{PREFIX}/changes.md"

_SECTIONS = (
    ("documents", "Documents", "added, removed, re-versioned or re-approved"),
    ("soa", "Statement of Applicability", "controls whose applicability or status changed"),
    ("risks", "Risks", "added, removed, closed, or whose level moved"),
    ("treatments", "Risk treatments", "completed, or overdue since"),
)


@registry.page(CHANGES, order=140)
def changes_page(site: Site) -> Page:
    page = Page(CHANGES, "Changes since the previous version")
    report = site.changes
    if not isinstance(report, Report):
        page.md(esc(report or "No previous version to compare with."))
        return page
    old, new = report.old, report.new
    page.md(
        f"From **{esc(old.version or old.label)}** (commit `{esc(old.commit[:12])}`, as of {esc(old.as_of)}) "
        f"to **{esc(new.version or new.label)}**"
        + (
            f" (commit `{esc(new.commit[:12])}`, as of {esc(new.as_of)})."
            if new.commit
            else f" (as of {esc(new.as_of)})."
        )
    )
    if report.empty:
        page.md("Nothing changed in documents, the Statement of Applicability, risks or treatments.")
        return page
    for name, title, what in _SECTIONS:
        changes: list[Change] = getattr(report, name)
        page.md(f"## {esc(title)}")
        if not changes:
            page.md(f"No changes ({esc(what)}).")
            continue
        page.md(f"{len(changes)} change{'s' * (len(changes) != 1)}: {esc(what)}.")
        page.html(
            table(
                ["change", "id", "title", "before", "after"],
                [[c.change, c.id, c.title, c.old or "—", c.new or "—"] for c in changes],
                "isms-changes",
            )
        )
    return page
