"""The loaded ISMS: every register entry and controlled document, each knowing its file and lines.

Which registers there are is the catalogue's business (:mod:`isms.core.catalogue`); this module only
holds what was loaded from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from isms.core.catalogue import listed as listed_registers
from isms.core.models import registers as r
from isms.core.models.documents import FrontMatter
from isms.core.refs import raw_references
from isms.core.standard import Catalogue


def readable_id(ident: object) -> str | None:
    """The id an author wrote, as text, or None when it is not one (missing, a list, a mapping, blank)."""
    if isinstance(ident, (str, int, float)) and not isinstance(ident, bool):
        text = (getattr(ident, "text", None) or str(ident)).strip()
        return text or None
    return None


@dataclass
class RegisterFile:
    """One file of a register, with its validated header (or whole content for isms and methodology)."""

    register: str
    path: str
    header: r.Header | None
    # The digest of what its approval covers (isms.core.approval.register_content), taken while the file
    # was parsed: the parsed file itself is not kept (its entries are most of a model's memory).
    content: str = field(default="", repr=False, compare=False)


@dataclass
class Document:
    """A controlled document: a page under ``docs/`` whose front matter has an ``id``."""

    path: str  # repository-relative, e.g. docs/policies/access-control.md
    src_uri: str  # relative to docs/, as MkDocs names it
    meta: FrontMatter

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass
class PageFile:
    """A page under ``docs/`` that is not a controlled document, and who may read it.

    An audience build honours its classification like a document's: what is not marked public is not
    public, so a page that declares none is internal.
    """

    path: str  # repository-relative
    src_uri: str  # relative to docs/, as MkDocs names it
    classification: str
    document_fields: tuple[tuple[str, int], ...] = ()
    """Fields of a controlled document its front matter has anyway (``owner``, ``version``...), with their lines."""


@dataclass
class Model:
    """Everything loaded from one repository; entries that failed validation are left out."""

    root: Path
    catalogue: Catalogue
    files: list[RegisterFile] = field(default_factory=list)
    # Built from the registers the catalogue holds when the model is made, so a register added at run
    # time is loaded like the built-in ones.
    entries: dict[str, list[Any]] = field(default_factory=lambda: {spec.name: [] for spec in listed_registers()})
    singles: dict[str, Any] = field(default_factory=dict)  # whole-file registers (isms, methodology) by name
    documents: list[Document] = field(default_factory=list)
    pages: list[PageFile] = field(default_factory=list)  # every other page MkDocs builds from docs/
    present: set[str] = field(default_factory=set)  # registers whose file exists
    # What failed to load, "known but broken", so that nothing is reported again only because it is not
    # there: one mistake, one finding. Both are keyed by the kind of reference that names the entries
    # (`risk`, `document`), or the register's name when nothing refers to them (`soa`, `controls`).
    # `unreadable` holds those whose register is unusable as a whole (a broken or misnamed file, an
    # entry without a readable id); `unloaded` the ids of entries (and documents) that failed validation.
    unreadable: set[str] = field(default_factory=set)
    unloaded: dict[str, set[str]] = field(default_factory=dict)
    # The entries that failed validation as they were read, with their model, by the same key: what they
    # refer to is there too (see `named_by_broken`).
    broken_entries: dict[str, list[tuple[type[BaseModel], Any]]] = field(default_factory=dict)

    def register_path(self, name: str) -> str:
        """The first file of register ``name``, or where it belongs when it is missing."""
        return next((f.path for f in self.files if f.register == name), f"registers/{name}.yml")

    def failed(self, kind: str, ident: object, model: type[BaseModel] | None = None, raw: Any = None) -> None:
        """Remember that the entry ``ident`` of ``kind`` (read as ``raw``, a ``model``) was there but failed to load."""
        if model is not None:
            self.broken_entries.setdefault(kind, []).append((model, raw))
        text = readable_id(ident)
        if text is None:
            self.unreadable.add(kind)  # an entry without a readable id: anything may have meant it
        else:
            self.unloaded.setdefault(kind, set()).add(text)

    def broken(self, kind: str, ident: str | None = None) -> bool:
        """Whether ``ident`` of ``kind`` (any of them, when None) may exist but failed to load.

        Whatever only follows from such a failure (an unknown reference, a control without an SoA entry,
        a register without entries) is not a finding of its own: the failure is reported where it is.
        """
        if kind in self.unreadable:
            return True
        failed = self.unloaded.get(kind, ())
        return bool(failed) if ident is None else ident in failed

    def named_by_broken(self, key: str, kind: str) -> set[str]:
        """The ids of kind ``kind`` that entries of ``key`` (``treatment``, ``document``) which failed to load name."""
        return {ident for model, raw in self.broken_entries.get(key, ()) for ident in raw_references(model, raw, kind)}

    @property
    def isms(self) -> r.IsmsFile | None:
        return self.singles.get("isms")

    @isms.setter
    def isms(self, value: r.IsmsFile | None) -> None:
        self._single("isms", value)

    @property
    def methodology(self) -> r.MethodologyFile | None:
        return self.singles.get("methodology")

    @methodology.setter
    def methodology(self, value: r.MethodologyFile | None) -> None:
        self._single("methodology", value)

    def _single(self, name: str, value: Any) -> None:
        if value is None:
            self.singles.pop(name, None)
        else:
            self.singles[name] = value

    @property
    def roles(self) -> list[r.Role]:
        return self.entries["roles"]

    @property
    def assets(self) -> list[r.Asset]:
        return self.entries["assets"]

    @property
    def risks(self) -> list[r.Risk]:
        return self.entries["risks"]

    @property
    def treatments(self) -> list[r.Treatment]:
        return self.entries["treatments"]

    @property
    def soa(self) -> list[r.SoaEntry]:
        return self.entries["soa"]

    @property
    def requirements(self) -> list[r.Requirement]:
        return self.entries["requirements"]

    @property
    def objectives(self) -> list[r.Objective]:
        return self.entries["objectives"]

    @property
    def audits(self) -> list[r.Audit]:
        return self.entries["audits"]

    @property
    def nonconformities(self) -> list[r.Nonconformity]:
        return self.entries["nonconformities"]

    @property
    def reviews(self) -> list[r.Review]:
        return self.entries["reviews"]

    @property
    def evidence(self) -> list[r.Evidence]:
        return self.entries["evidence"]

    @property
    def training(self) -> list[r.Programme]:
        return self.entries["training"]

    @property
    def suppliers(self) -> list[r.Supplier]:
        return self.entries.get("suppliers", [])

    @property
    def incidents(self) -> list[r.Incident]:
        return self.entries.get("incidents", [])

    @property
    def improvements(self) -> list[r.Improvement]:
        return self.entries.get("improvements", [])

    @property
    def exceptions(self) -> list[r.PolicyException]:
        return self.entries.get("exceptions", [])

    @property
    def issues(self) -> list[r.ContextIssue]:
        return self.entries.get("context", [])

    @property
    def parties(self) -> list[r.InterestedParty]:
        return self.entries.get("parties", [])

    @property
    def competence(self) -> list[r.Competence]:
        return self.entries.get("competence", [])

    @property
    def communications(self) -> list[r.Communication]:
        return self.entries.get("communications", [])

    @property
    def org_controls(self) -> list[r.OrgControl]:
        return self.entries["controls"]
