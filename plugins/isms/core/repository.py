"""The loaded ISMS: every register entry and controlled document, each knowing its file and lines.

Which registers there are is the catalogue's business (:mod:`isms.core.catalogue`); this module only
holds what was loaded from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isms.core.catalogue import listed as listed_registers
from isms.core.models import registers as r
from isms.core.models.documents import FrontMatter
from isms.core.standard import Catalogue


@dataclass
class RegisterFile:
    """One file of a register, with its validated header (or whole content for isms and methodology)."""

    register: str
    path: str
    header: r.Header | None
    # The whole file as parsed, for the digest of what its approval covers (isms.core.approval): kept,
    # not parsed again, as its entries hold the same data.
    data: Any = field(default=None, repr=False, compare=False)


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
    # What failed to load, so that references to it are not reported again as unknown: one mistake,
    # one finding. `unreadable` holds kinds with a whole file unusable; `unloaded` the ids of entries
    # (and documents) that failed validation.
    unreadable: set[str] = field(default_factory=set)
    unloaded: dict[str, set[str]] = field(default_factory=dict)

    def register_path(self, name: str) -> str:
        """The first file of register ``name``, or where it belongs when it is missing."""
        return next((f.path for f in self.files if f.register == name), f"registers/{name}.yml")

    def failed(self, kind: str, ident: object) -> None:
        """Remember that the entry ``ident`` of ``kind`` was there but could not be loaded."""
        if isinstance(ident, (str, int, float)) and not isinstance(ident, bool):
            text = getattr(ident, "text", None) or str(ident)
            self.unloaded.setdefault(kind, set()).add(text.strip())

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
    def org_controls(self) -> list[r.OrgControl]:
        return self.entries["controls"]
