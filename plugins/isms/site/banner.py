"""The snapshot banner: which version, commit and as-of date a frozen copy of the site shows."""

from __future__ import annotations

import datetime as dt
import re

from isms.site.html import Markup, tag


def snapshot_banner(version: str, commit: str, as_of: dt.date) -> Markup:
    """A banner naming the snapshot; the full commit id is in the tooltip."""
    text = Markup(
        tag("strong", f"Snapshot {version}")
        + " · commit "
        + tag("code", commit[:12], {"title": commit})
        + " · as of "
        + tag("time", as_of.isoformat(), {"datetime": as_of.isoformat()})
        + " · frozen copy for audit"
    )
    return tag("div", text, {"class": "isms-snapshot-banner", "role": "note", "aria-label": "Snapshot"})


_BODY = re.compile(r"<body[^>]*>")


def add_banner(page_html: str, banner: Markup) -> str:
    """``page_html`` with ``banner`` at the top of its body (unchanged when it has no body)."""
    match = _BODY.search(page_html)
    if match is None:
        return page_html
    return page_html[: match.end()] + banner + page_html[match.end() :]
