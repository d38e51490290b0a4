"""Derived data: risk scores and levels, review dates, and everything that points at each control.

Nothing here is typed by authors; it is computed from the model so it can never disagree with it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from isms.core import catalogue
from isms.core.models import registers as r
from isms.core.refs import reference_fields, referenced
from isms.core.repository import Document, Model


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Score:
    """A likelihood and impact with the score and level the methodology gives them."""

    likelihood: int
    impact: int
    score: int
    level: r.Level | None  # None when the methodology cannot place it (reported by the checks)


@dataclass(frozen=True)
class RiskScores:
    inherent: Score
    residual: Score | None


def level_of(methodology: r.MethodologyFile, likelihood: int, impact: int) -> r.Level | None:
    """The methodology's level for a likelihood and impact, or None if it has none."""
    levels = {level.id: level for level in methodology.levels}
    if methodology.matrix == "grid":
        grid = methodology.grid or []
        if 1 <= likelihood <= len(grid) and 1 <= impact <= len(grid[likelihood - 1]):
            return levels.get(grid[likelihood - 1][impact - 1])
        return None
    score = likelihood * impact
    for level in methodology.levels:
        if level.min_score is not None and level.max_score is not None and level.min_score <= score <= level.max_score:
            return level
    return None


def rank(methodology: r.MethodologyFile, level: r.Level | None) -> int:
    """Position of a level in the methodology, lowest first (-1 when unknown)."""
    if level is None:
        return -1
    for index, candidate in enumerate(methodology.levels):
        if candidate.id == level.id:
            return index
    return -1


def threshold_rank(methodology: r.MethodologyFile) -> int:
    """Rank of the highest acceptable level; a risk ranked above it needs treatment or acceptance."""
    for index, level in enumerate(methodology.levels):
        if level.id == methodology.acceptance.threshold:
            return index
    return len(methodology.levels)  # unknown threshold: reported by the checks; accept nothing silently


def acceptors(methodology: r.MethodologyFile, level: r.Level | None, owner: str) -> tuple[str, ...]:
    """The roles that may accept a risk owned by ``owner`` at ``level``, as the methodology declares them.

    A level's ``accepted_by`` names them; without it, the risk's owner and the acceptance authority may.
    The owner is one of them when ``owner_accepts`` says so, by default only when ``accepted_by`` is empty.
    """
    named = list(level.accepted_by) if level is not None else []
    authority = methodology.acceptance.authority
    roles = named or ([authority] if authority else [])
    explicit = level.owner_accepts if level is not None else None
    if (not named) if explicit is None else explicit:
        roles.insert(0, owner)
    return tuple(dict.fromkeys(roles))


def acceptance_months(methodology: r.MethodologyFile, level: r.Level | None) -> int | None:
    """The longest acceptance, in months, of a risk at ``level``: the level's own, else the methodology's."""
    own = level.max_acceptance_months if level is not None else None
    return own if own is not None else methodology.acceptance.max_months


def document_next_review(document: Document) -> dt.date | None:
    """The date a document is next due for review, from ``next_review`` or ``approved_on + review_every``."""
    meta = document.meta
    if meta.next_review is not None:
        return meta.next_review
    if meta.review_every is not None and meta.approved_on is not None:
        return add_months(meta.approved_on, meta.review_every)
    return None


class ControlLinks:
    """Everything that refers to one control: documents, and the entries of each register, in register order.

    ``links["risks"]`` gives the risks of any register by name, so a register added to the catalogue is
    linked back without code here; the properties give the built-in ones their types.
    """

    __slots__ = ("documents", "entries")

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.entries: dict[str, list[Any]] = {}

    def __getitem__(self, register: str) -> list[Any]:
        return self.entries.get(register, [])

    @property
    def risks(self) -> list[r.Risk]:
        return self["risks"]

    @property
    def treatments(self) -> list[r.Treatment]:
        return self["treatments"]

    @property
    def requirements(self) -> list[r.Requirement]:
        return self["requirements"]

    @property
    def evidence(self) -> list[r.Evidence]:
        return self["evidence"]

    @property
    def audits(self) -> list[r.Audit]:
        return self["audits"]

    @property
    def nonconformities(self) -> list[r.Nonconformity]:
        return self["nonconformities"]

    @property
    def objectives(self) -> list[r.Objective]:
        return self["objectives"]

    @property
    def training(self) -> list[r.Programme]:
        return self["training"]

    @property
    def soa(self) -> r.SoaEntry | None:
        """The control's SoA entry: the first, when it has several (reported by the checks)."""
        entries = self["soa"]
        return entries[0] if entries else None


@dataclass
class Derived:
    """Data computed from a model, built once per check or build."""

    scores: dict[str, RiskScores]
    controls: dict[str, ControlLinks]
    treatments_by_risk: dict[str, list[r.Treatment]]
    documents_by_clause: dict[str, list[Document]]
    index: dict[str, dict[str, Any]]

    def links(self, control: str) -> ControlLinks:
        return self.controls.get(control) or ControlLinks()


def index(model: Model) -> dict[str, dict[str, Any]]:
    """Every entry by kind and id (the first of duplicates wins; duplicates are reported by the checks)."""
    ids: dict[str, dict[str, Any]] = {}
    for spec in catalogue.listed():
        if spec.kind:
            table: dict[str, Any] = {}
            for entry in model.entries.get(spec.name, ()):
                table.setdefault(getattr(entry, spec.id_field), entry)
            ids[spec.kind] = table
    documents: dict[str, Any] = {}
    for document in model.documents:
        documents.setdefault(document.id, document)
    ids["document"] = documents
    return ids


def derive(model: Model) -> Derived:
    """Compute scores, backlinks and indexes for ``model``."""
    scores: dict[str, RiskScores] = {}
    if model.methodology is not None:
        method = model.methodology
        for risk in model.risks:
            inherent = _score(method, risk.inherent)
            residual = _score(method, risk.residual) if risk.residual else None
            scores.setdefault(risk.id, RiskScores(inherent, residual))

    controls = backlinks(model)

    treatments_by_risk: dict[str, list[r.Treatment]] = defaultdict(list)
    for treatment in model.treatments:
        for risk_id in dict.fromkeys(treatment.risks):
            treatments_by_risk[risk_id].append(treatment)

    documents_by_clause: dict[str, list[Document]] = defaultdict(list)
    for document in model.documents:
        for clause in dict.fromkeys(document.meta.clauses):
            documents_by_clause[clause].append(document)

    return Derived(
        scores=scores,
        controls=controls,
        treatments_by_risk=dict(treatments_by_risk),
        documents_by_clause=dict(documents_by_clause),
        index=index(model),
    )


def backlinks(model: Model) -> dict[str, ControlLinks]:
    """For each control, what refers to it through a field typed as a control reference (``Ref("control")``).

    An entry is listed once per control however many of its fields name it (a risk's existing and chosen
    controls, an audit's scope and its findings), and entries keep the order of their register.
    """
    controls: dict[str, ControlLinks] = defaultdict(ControlLinks)
    for document in model.documents:
        for control in referenced(document.meta, "control"):
            controls[control].documents.append(document)
    for control, named_by in referrers(model, "control").items():
        for register, entry in named_by:
            controls[control].entries.setdefault(register, []).append(entry)
    return dict(controls)


def referrers(model: Model, kind: str, *, besides: tuple[str, ...] = ()) -> dict[str, list[tuple[str, Any]]]:
    """For each id of ``kind``, the ``(register, entry)`` pairs that name it through a field typed as a reference
    to ``kind`` (a context issue's, incident's or supplier's ``risks:``), in register order, each entry once;
    the registers ``besides`` are left out (a page that lists them already)."""
    found: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for spec in catalogue.listed():
        entries = model.entries.get(spec.name, [])
        if spec.name in besides or not entries or not reference_fields(spec.model, kind):
            continue  # nothing in this register can name one: do not walk its entries
        for entry in entries:
            for ident in referenced(entry, kind):
                found[ident].append((spec.name, entry))
    return dict(found)


def _score(method: r.MethodologyFile, rating: r.Rating) -> Score:
    return Score(
        rating.likelihood,
        rating.impact,
        rating.likelihood * rating.impact,
        level_of(method, rating.likelihood, rating.impact),
    )
