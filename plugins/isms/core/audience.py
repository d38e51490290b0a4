"""Audiences and drafts: which documents and registers a build may hold, and links to what it leaves out.

A build for an audience holds only what is classified at or below that audience's level (public sees
public; staff see internal; auditors see confidential). A published build also leaves out documents that
are not approved yet (draft, in review) unless drafts are asked for. The site is rendered from the
restricted model, so nothing left out can appear in a page, the search index or the sitemap; links to
what was left out are turned into plain text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from isms.core import catalogue
from isms.core.findings import Finding
from isms.core.repository import Model
from isms.core.standard import Catalogue

AUDIENCES: dict[str, str] = {"public": "public", "staff": "internal", "auditor": "confidential"}
"""Each audience and the highest classification it may read."""
RANK = {"public": 0, "internal": 1, "confidential": 2}
UNAPPROVED = frozenset({"draft", "in review"})
WHOLE = frozenset({"isms/evidence-requests.md"})
"""Generated pages that judge the whole ISMS by what is missing from it: a build that leaves anything out for
its classification leaves them out too, or what it hides would be shown as missing."""


def hidden_by(src_uri: str) -> list[str]:
    """The registers whose audience rule leaves the generated page ``src_uri`` out when they are hidden.

    Each register names the pages built from it in the catalogue (``hides``); pages no register names
    (the overview, the document register) are built from whatever the audience may see.
    """
    return [
        spec.name
        for spec in catalogue.registers()
        if any(src_uri == page or (page.endswith("/") and src_uri.startswith(page)) for page in spec.hidden_pages)
    ]


def allowed(classification: str, audience: str | None) -> bool:
    """Whether ``audience`` (None: everything) may read something classified ``classification``."""
    if audience is None:
        return True
    return RANK.get(classification, RANK["confidential"]) <= RANK[AUDIENCES[audience]]


@dataclass
class Restricted:
    """The model a restricted build renders, and what was left out of it."""

    model: Model
    documents: set[str] = field(default_factory=set)  # src_uris of documents and ordinary pages left out
    registers: set[str] = field(default_factory=set)  # registers none of whose files may be shown
    withheld: dict[str, set[str]] = field(default_factory=dict)  # kind -> ids left out
    paths: set[str] = field(default_factory=set)  # repository paths left out (register files, documents)
    classified: bool = False  # whether anything was left out for its classification (not only drafts)

    @property
    def active(self) -> bool:
        return bool(self.documents or self.registers or self.paths)

    def page_shown(self, src_uri: str) -> bool:
        """Whether a generated page may be built: its register is not hidden, and a page that judges the whole
        ISMS (:data:`WHOLE`) only where nothing was left out for its classification."""
        if src_uri in WHOLE and self.classified:
            return False
        return not any(register in self.registers for register in hidden_by(src_uri))

    def findings(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        """The findings about what the audience may see."""
        return tuple(finding for finding in findings if finding.path not in self.paths)


def restrict(model: Model, audience: str | None, drafts: bool) -> Restricted:
    """``model`` with only what ``audience`` may read, and approved or retired documents unless ``drafts``."""
    if audience is not None and audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; use one of: {', '.join(AUDIENCES)}")
    out = Restricted(model)
    visible_files = set()
    for file in model.files:
        classification = file.header.classification if file.header is not None else "internal"
        if allowed(classification, audience):
            visible_files.add(file.path)
        else:
            out.paths.add(file.path)
            out.classified = True
    for spec in catalogue.registers():
        files = [file for file in model.files if file.register == spec.name]
        if files and not any(file.path in visible_files for file in files):
            out.registers.add(spec.name)
    entries: dict[str, list[object]] = {}
    for spec in catalogue.listed():
        kept = []
        for entry in model.entries.get(spec.name, ()):
            if entry.file in visible_files or not entry.file:
                kept.append(entry)
            elif spec.kind:
                out.withheld.setdefault(spec.kind, set()).add(str(getattr(entry, spec.id_field)))
        entries[spec.name] = kept
    documents = []
    for document in model.documents:
        meta = document.meta
        shown = allowed(meta.classification, audience)
        out.classified |= not shown
        if shown and (drafts or meta.status not in UNAPPROVED):
            documents.append(document)
        else:
            out.documents.add(document.src_uri)
            out.paths.add(document.path)
            out.withheld.setdefault("document", set()).add(document.id)
    pages = []
    for page in model.pages:
        if allowed(page.classification, audience):
            pages.append(page)
        else:
            out.classified = True
            out.documents.add(page.src_uri)
            out.paths.add(page.path)
    if not out.active:
        return out
    out.model = dataclasses.replace(
        model,
        files=[file for file in model.files if file.path in visible_files],
        entries=entries,
        documents=documents,
        pages=pages,
        singles={name: single for name, single in model.singles.items() if name not in out.registers},
        catalogue=_catalogue(model, entries, out),
    )
    return out


def _catalogue(model: Model, entries: dict[str, list[object]], out: Restricted) -> Catalogue:
    """The catalogue without the organisation controls whose register file the audience may not read.

    Loading adds the organisation's controls to the catalogue; left there, a hidden control would keep
    its page, its navigation entry and its title everywhere it is named.
    """
    shown = {str(getattr(control, "id", "")) for control in entries.get("controls", ())}
    hidden = {control.id for control in model.org_controls} - shown
    if not hidden:
        return model.catalogue
    out.withheld.setdefault("control", set()).update(hidden)
    return model.catalogue.without(hidden)
