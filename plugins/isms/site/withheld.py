"""Links to what a restricted build left out, turned into plain text so that no page links to a missing one."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

_LINK = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"[^>]*>(.*?)</a>", re.DOTALL | re.IGNORECASE)


def _normal(path: str) -> str:
    path = posixpath.normpath(path) if path else "."
    if path.endswith("/index.html"):
        path = path[: -len("/index.html")]
    elif path == "index.html":
        path = "."
    return path.strip("/") or "."


def built_urls(urls: Iterable[str]) -> frozenset[str]:
    """The URLs of the pages a build writes, in the form :func:`unlink` compares; made once per build."""
    return frozenset(_normal(url) for url in urls)


def unlink(html: str, page_url: str, urls: frozenset[str]) -> str:
    """``html`` with every link to a page of the site that is not in ``urls`` replaced by its text.

    ``page_url`` is the URL of the page the HTML belongs to, relative to the site root; ``urls`` comes
    from :func:`built_urls`.
    """
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"

    def replace(match: re.Match[str]) -> str:
        parts = urlsplit(match.group(1))
        if parts.scheme or match.group(1).startswith(("//", "#", "mailto:")) or not parts.path:
            return match.group(0)
        target = _normal(posixpath.join(base, parts.path))
        if target in urls or target.startswith("..") or parts.path.startswith("/"):
            return match.group(0)
        return f'<span class="isms-withheld">{match.group(2)}</span>'

    return _LINK.sub(replace, html)
