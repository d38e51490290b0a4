"""The loaded ISMS: every register entry and controlled document, each knowing its file and lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isms.core.models import registers as r
from isms.core.models.documents import FrontMatter
from isms.core.models.types import Entry
from isms.core.standard import Catalogue


@dataclass(frozen=True)
class RegisterSpec:
    """One register: its file name under ``registers/``, the key holding its entries, its model."""

    name: str
    key: str | None  # None: the whole file is one entry (isms.yml, methodology.yml)
    model: type[Entry]
    kind: str | None  # what references to its entries are called; None when nothing refers to them
    required: bool
    id_field: str = "id"
    summary: str = ""


REGISTERS: tuple[RegisterSpec, ...] = (
    RegisterSpec("isms", None, r.IsmsFile, None, True, summary="organisation, ISMS scope, certification"),
    RegisterSpec("roles", "roles", r.Role, "role", True, summary="roles that own, approve and act"),
    RegisterSpec("methodology", None, r.MethodologyFile, None, True, summary="risk criteria (6.1.2)"),
    RegisterSpec("assets", "assets", r.Asset, "asset", True, summary="asset inventory (5.9)"),
    RegisterSpec("risks", "risks", r.Risk, "risk", True, summary="risk register (6.1.2, 8.2)"),
    RegisterSpec(
        "treatments", "treatments", r.Treatment, "treatment", True, summary="risk treatment plan (6.1.3 e, 8.3)"
    ),
    RegisterSpec("soa", "controls", r.SoaEntry, None, True, "control", summary="Statement of Applicability (6.1.3 d)"),
    RegisterSpec(
        "requirements",
        "requirements",
        r.Requirement,
        "requirement",
        False,
        summary="legal, regulatory and contractual requirements (4.2, 5.31)",
    ),
    RegisterSpec(
        "objectives",
        "objectives",
        r.Objective,
        "objective",
        False,
        summary="security objectives and measurements (6.2, 9.1)",
    ),
    RegisterSpec("audits", "audits", r.Audit, "audit", False, summary="internal audit programme (9.2)"),
    RegisterSpec(
        "nonconformities",
        "nonconformities",
        r.Nonconformity,
        "nonconformity",
        False,
        summary="nonconformities and corrective actions (10.2)",
    ),
    RegisterSpec("reviews", "reviews", r.Review, "review", False, summary="management reviews (9.3)"),
    RegisterSpec("evidence", "evidence", r.Evidence, "evidence", False, summary="evidence records"),
    RegisterSpec("training", "programmes", r.Programme, "training", False, summary="awareness and training (7.2, 7.3)"),
    RegisterSpec("controls", "controls", r.OrgControl, None, False, summary="the organisation's own controls"),
)
SPECS = {spec.name: spec for spec in REGISTERS}


@dataclass
class RegisterFile:
    """One file of a register, with its validated header (or whole content for isms and methodology)."""

    register: str
    path: str
    header: r.Header | None


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
class Model:
    """Everything loaded from one repository; entries that failed validation are left out."""

    root: Path
    catalogue: Catalogue
    isms: r.IsmsFile | None = None
    methodology: r.MethodologyFile | None = None
    files: list[RegisterFile] = field(default_factory=list)
    entries: dict[str, list[Any]] = field(default_factory=lambda: {spec.name: [] for spec in REGISTERS if spec.key})
    documents: list[Document] = field(default_factory=list)
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
    def org_controls(self) -> list[r.OrgControl]:
        return self.entries["controls"]
