"""Reproducible samples of controls, risks and records, for internal auditors and certification bodies.

An auditor tests a sample, and must be able to show that the sample was not chosen by the auditee. A draw
here is fixed by its seed alone: each item's place is the SHA-256 of the seed, its population and its id,
and the sample is the items with the lowest places. So the same seed gives the same sample on any machine
and any Python version (``random.sample`` promises neither), and adding or removing one item changes the
sample by at most that item: a sample drawn at a commit can be checked against a later one.

Populations: the applicable controls of the SoA; the risks; and the records an auditor asks to see —
evidence records, training programmes, completed internal audits, held management reviews,
nonconformities, treatments done, and controlled documents of type record or report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from isms.core import catalogue
from isms.core.facts import audit_completed, document_in_force, review_held
from isms.core.repository import Model

POPULATIONS = ("controls", "risks", "records")
RECORD_TYPES = ("record", "report")


@dataclass(frozen=True)
class Item:
    """One member of a population: what it is, its id and title, and where it is written."""

    kind: str
    id: str
    title: str
    path: str
    line: int


@dataclass(frozen=True)
class Sample:
    """A draw: the seed, the as-of date, how many were asked for and how many there were, and the items."""

    seed: str
    as_of: dt.date
    asked: dict[str, int]
    sizes: dict[str, int]
    items: dict[str, list[Item]]

    def as_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "method": "the items with the lowest SHA-256 of 'seed NUL population NUL kind NUL id'",
            "populations": {
                name: {
                    "size": self.sizes[name],
                    "asked": self.asked[name],
                    "drawn": [item.__dict__ for item in self.items[name]],
                }
                for name in POPULATIONS
            },
        }


def populations(model: Model, as_of: dt.date) -> dict[str, list[Item]]:
    """Every population, each in id order."""
    soa = [entry for entry in model.soa if entry.applicable]
    controls = [_item("control", entry.control, _control_title(model, entry.control), entry) for entry in soa]
    risks = [_item("risk", risk.id, risk.title, risk) for risk in model.risks]
    return {"controls": controls, "risks": risks, "records": list(_records(model, as_of))}


def _records(model: Model, as_of: dt.date) -> Iterator[Item]:
    entries: Iterable[Any] = (
        *model.evidence,
        *model.training,
        *(audit for audit in model.audits if audit_completed(audit, as_of)),
        *(review for review in model.reviews if review_held(review, as_of)),
        *model.nonconformities,
        *(treatment for treatment in model.treatments if treatment.status == "done"),
    )
    for entry in entries:
        spec = catalogue.by_model(type(entry))
        noun = spec.noun if spec else type(entry).__name__.lower()
        title = getattr(entry, "title", None) or getattr(entry, "action", None) or _dated(entry)
        yield _item(noun, str(entry.id), str(title), entry)
    for document in model.documents:
        if document.meta.type in RECORD_TYPES and document_in_force(document):
            yield Item(f"document ({document.meta.type})", document.id, document.meta.title, document.path, 1)


def _dated(entry: Any) -> str:
    """What names an entry that has no title: a management review by the day it was held."""
    day = getattr(entry, "date", None)
    return f"held on {day}" if day else ""


def _item(kind: str, ident: str, title: str, entry: Any) -> Item:
    return Item(kind, ident, title, entry.file, entry.line())


def _control_title(model: Model, ident: str) -> str:
    control = model.catalogue.controls.get(ident)
    return control.title if control else ""


def place(seed: str, population: str, item: Item) -> str:
    """An item's place in the draw: the lowest places are drawn."""
    return hashlib.sha256("\0".join((seed, population, item.kind, item.id)).encode("utf-8")).hexdigest()


def draw(model: Model, as_of: dt.date, seed: str, asked: dict[str, int]) -> Sample:
    """The sample of ``asked[name]`` items of each population (all of them when there are fewer)."""
    every = populations(model, as_of)
    items = {name: _lowest(seed, name, every[name], asked.get(name, 0)) for name in POPULATIONS}
    sizes = {name: len(every[name]) for name in POPULATIONS}
    return Sample(seed, as_of, {name: asked.get(name, 0) for name in POPULATIONS}, sizes, items)


def _lowest(seed: str, population: str, items: list[Item], count: int) -> list[Item]:
    return sorted(items, key=lambda item: place(seed, population, item))[:count]


def as_text(sample: Sample) -> str:
    """The draw for a person: the seed first, so that anyone can draw it again."""
    again = " ".join(f"--{name} {sample.asked[name]}" for name in POPULATIONS)
    lines = [
        f"sample drawn with seed {sample.seed!r} as of {sample.as_of}; the same draw again:",
        f"  isms sample --seed {shlex.quote(sample.seed)} {again} --as-of {sample.as_of}",
    ]
    for name in POPULATIONS:
        drawn = sample.items[name]
        lines.append("")
        lines.append(f"{name}: {len(drawn)} of {sample.sizes[name]}")
        for number, item in enumerate(drawn, 1):
            title = f": {item.title}" if item.title else ""
            lines.append(f"  {number:>3}. {item.kind} {item.id}{title} — {item.path}:{item.line}")
    return "\n".join(lines) + "\n"
