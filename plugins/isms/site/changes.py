"""The page "Changes since the previous version", from an ``isms diff`` report."""

from __future__ import annotations

from isms.exports.diff import Change, Report
from isms.site import registry
from isms.site.html import inert, table, tag
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
        page.md(inert(report or "No previous version to compare with."))
        return page
    old, new = report.old, report.new
    old_commit, new_commit = inert(tag("code", old.commit[:12])), inert(tag("code", new.commit[:12]))
    page.md(
        f"From **{inert(old.version or old.label)}** (commit {old_commit}, as of {inert(old.as_of)}) "
        f"to **{inert(new.version or new.label)}**"
        + (f" (commit {new_commit}, as of {inert(new.as_of)})." if new.commit else f" (as of {inert(new.as_of)}).")
    )
    if report.empty:
        page.md("Nothing changed in documents, the Statement of Applicability, risks or treatments.")
        return page
    if report.findings:
        page.md("## Changed without a new approval")
        page.md(
            f"{len(report.findings)} document{'s' * (len(report.findings) != 1)} or register file"
            f"{'s' * (len(report.findings) != 1)} changed without a new version and approval date (7.5.3)."
        )
        page.html(
            table(
                ["where", "what", "how to put it right"],
                [[f"{f.path}:{f.line}", f.message, f.hint] for f in report.findings],
                "isms-changes",
            )
        )
    for name, title, what in _SECTIONS:
        changes: list[Change] = getattr(report, name)
        page.md(f"## {inert(title)}")
        if not changes:
            page.md(f"No changes ({inert(what)}).")
            continue
        page.md(f"{len(changes)} change{'s' * (len(changes) != 1)}: {inert(what)}.")
        page.html(
            table(
                ["change", "id", "title", "before", "after"],
                [[c.change, c.id, c.title, c.old or "—", c.new or "—"] for c in changes],
                "isms-changes",
            )
        )
    return page
