"""The evidence request list: what a certification auditor asks to see, where it is, and what is missing.

One request for every clause of 4–10 that requires documented information (the catalogue's ``requires``)
and one for every control the SoA marks applicable. Each names the documents, register files and evidence
records that answer it, with their owner, state and location, and what is still missing. Every judgement
(a document in force, evidence expired, documented information unmet, a control implemented) is read from
:mod:`isms.core.facts`; the page and the export only render these requests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from isms.core import catalogue
from isms.core.facts import Facts, control_implemented, document_in_force, exception_live
from isms.core.models import registers as r
from isms.core.repository import Document, Model


@dataclass(frozen=True)
class Source:
    """One place where an auditor finds part of what they ask for: a document, register file or evidence record."""

    kind: Literal["document", "register", "record", "evidence"]
    id: str  # document id, register file path, register entry id (a record), evidence id
    title: str
    location: str  # repository path of the document or register file; the evidence record's location
    owner: str | None
    state: str  # in words: 'approved, version 1.1', 'expires 2027-10-01', 'expired on 2026-05-01'
    ok: bool  # in force (document), approved (register file), not expired (evidence)
    expires: dt.date | None = None  # an evidence record's expiry
    entry: Any = field(default=None, compare=False, repr=False)  # the Document, RegisterFile, entry or Evidence
    register: str | None = None  # of a record: the register holding it (treatments, exceptions)

    def text(self) -> str:
        """One line for an export: id and title, state, location and owner."""
        name = {"register": self.title, "record": f"{self.register} {self.id}: {self.title}"}.get(
            self.kind, f"{self.id} {self.title}"
        )
        owner = f"; owner {self.owner}" if self.owner else ""
        return f"{name} ({self.state}{owner}) — {self.location}"


@dataclass(frozen=True)
class Request:
    """What an auditor asks to see for one clause or control, where it is, and what is missing."""

    part: Literal["clause", "control"]
    ref: str  # clause id (6.1.2) or control id (5.15)
    title: str
    asks: str
    owner: str | None
    sources: tuple[Source, ...]
    missing: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.missing

    def of(self, kind: str) -> list[Source]:
        return [source for source in self.sources if source.kind == kind]

    @property
    def expires(self) -> dt.date | None:
        """The earliest expiry of its evidence records in force (the first one to renew)."""
        return min((s.expires for s in self.sources if s.kind == "evidence" and s.ok and s.expires), default=None)


def requests(model: Model, facts: Facts) -> list[Request]:
    """Every request: clauses 4–10 with documented information, then the applicable controls, catalogue order."""
    by_clause: dict[str, list[r.Evidence]] = {}
    for record in model.evidence:
        for clause in dict.fromkeys(record.clauses):
            by_clause.setdefault(clause, []).append(record)
    return [*_clauses(model, facts, by_clause), *_controls(model, facts)]


def _document(document: Document) -> Source:
    meta = document.meta
    return Source(
        "document",
        meta.id,
        meta.title,
        document.path,
        meta.owner,
        f"{meta.status}, version {meta.version}",
        document_in_force(document),
        entry=document,
    )


def _evidence(facts: Facts, record: r.Evidence) -> Source:
    expired = facts.evidence_expired(record)
    if record.expires_on is None:
        state = "no expiry"
    else:
        state = f"expired on {record.expires_on}" if expired else f"expires {record.expires_on}"
    return Source(
        "evidence",
        record.id,
        record.title,
        record.location,
        record.owner,
        state,
        not expired,
        record.expires_on,
        record,
    )


def _registers(model: Model, names: Iterable[str]) -> list[Source]:
    found = []
    for name in names:
        spec = catalogue.lookup(name)
        for file in model.files:
            if file.register != name or file.header is None:
                continue
            header = file.header
            approved = header.approved_on is not None and header.approved_by is not None
            state = f"version {header.version}, " + (
                f"approved on {header.approved_on}" if approved else "not approved"
            )
            entries = sum(1 for entry in model.entries.get(name, ()) if entry.file == file.path)
            title = spec.heading + (f", {entries} {'entry' if entries == 1 else 'entries'}" if spec.key else "")
            found.append(Source("register", file.path, title, file.path, header.owner, state, approved, entry=file))
    return found


def _missing(sources: Iterable[Source]) -> list[str]:
    """What the sources themselves lack: a document not in force, a register file not approved, evidence expired."""
    missing = []
    for source in sources:
        if source.ok:
            continue
        if source.kind == "document":
            missing.append(f"document {source.id} is not in force ({source.state.split(',')[0]})")
        elif source.kind == "register":
            missing.append(f"{source.id} is not approved")
        elif source.kind == "record":
            missing.append(f"{source.register} {source.id} is {source.state}")
        else:
            missing.append(f"evidence {source.id} {source.state}")
    return missing


def _once(items: Iterable[Any]) -> list[Any]:
    """``items`` without repeats (the same object), in order: a document listing 9.2 and 9.2.2 is named once."""
    seen: set[int] = set()
    kept = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            kept.append(item)
    return kept


def _records(facts: Facts, control: str) -> list[Source]:
    """The treatments implementing a control (an overdue one is missing) and the policy exceptions in force
    that weaken it (which an auditor asks about: the risk accepted, the compensating controls)."""
    links = facts.derived.links(control)
    found = []
    for treatment in links.treatments:
        late = facts.treatment_overdue(treatment)
        state = f"{treatment.status}, overdue since {treatment.due}" if late else treatment.status
        record = Source("record", treatment.id, treatment.action, treatment.file, treatment.owner, state, not late)
        found.append(replace(record, entry=treatment, register="treatment"))
    for exception in links["exceptions"]:
        if exception_live(exception, facts.as_of):
            until = f"in force until {exception.expires}"
            record = Source(
                "record", exception.id, exception.title, exception.file, exception.requested_by, until, True
            )
            found.append(replace(record, entry=exception, register="exception"))
    return found


def _clauses(model: Model, facts: Facts, by_clause: dict[str, list[r.Evidence]]) -> Iterable[Request]:
    isms = model.isms
    scope = facts.derived.index["document"].get(isms.scope) if isms else None
    for clause in model.catalogue.clauses.values():
        if not clause.requires:
            continue
        # A document or record of a sub-clause (9.2.2) answers its clause's request (9.2) too.
        within = [key for key in model.catalogue.clauses if key == clause.id or key.startswith(clause.id + ".")]
        documents = _once(d for key in within for d in facts.derived.documents_by_clause.get(key, []))
        records = _once(e for key in within for e in by_clause.get(key, []))
        if "scope" in clause.met_by and scope is not None:
            documents = _once([scope, *documents])
        sources = [
            *(_document(document) for document in documents),
            *_registers(model, clause.registers),
            *(_evidence(facts, record) for record in records),
        ]
        owners = [source.owner for source in sources if source.owner]
        yield Request(
            "clause",
            clause.id,
            clause.title,
            clause.requires,
            owners[0] if owners else (isms.owner if isms else None),
            tuple(sources),
            tuple([*(f"missing: {gap}" for gap in facts.unmet.get(clause.id, [])), *_missing(sources)]),
        )


def _controls(model: Model, facts: Facts) -> Iterable[Request]:
    soa = {entry.control: entry for entry in reversed(model.soa)}  # the first of duplicates, as the SoA page
    for control in model.catalogue.controls.values():
        entry = soa.get(control.id)
        if entry is None or not entry.applicable:
            continue
        links = facts.derived.links(control.id)
        sources = [*(_document(d) for d in links.documents), *(_evidence(facts, e) for e in links.evidence)]
        shown = any(source.ok for source in sources)
        sources += _records(facts, control.id)
        missing = []
        if not control_implemented(entry):
            done = "only partly implemented" if entry.status == "partial" else "not implemented"
            missing.append(f"{done} (SoA status: {entry.status or 'not set'})")
        if not shown:
            missing.append("nothing shows it: no document in force and no evidence in force names the control")
        yield Request(
            "control",
            control.id,
            control.title,
            "how the control is implemented (the documents that set it) and records that it operates",
            entry.owner,
            tuple(sources),
            tuple(missing + _missing(sources)),
        )
