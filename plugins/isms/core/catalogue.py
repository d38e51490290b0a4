"""The register catalogue: every register of the ISMS declared once.

A declaration (:class:`RegisterSpec`) says where a register lives (file and key), what its entries are
(model, id field, how a message names one), where they are shown (page and anchors), who may see those
pages (the audience rule), how ``isms new`` starts one (template) and how it is exported. Loading,
reference checks, messages, JSON Schemas, links, the dashboard's table of registers, audience filtering,
scaffolding, exports and the README reference all read these declarations, so adding a register is its
model, its declaration here (or a call of :func:`register`), and optionally a page and checks.

The catalogue is a registry, not a constant: :func:`register` adds a register at run time and returns a
:class:`Registration` that removes it again, so a plug-in or a test can add one without editing this file.
Whatever depends on the catalogue reads it when it runs (a model is built from the registers known when
it is made), never when it is imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from isms.core.drafts import FILL, Draft, Fields, ScaffoldError, Template, ident, quote
from isms.core.models import registers as r
from isms.core.models.types import Entry
from isms.core.suggest import Suggestions

Holds = Callable[[Sequence[Any]], str]
"""What the dashboard's table of registers says a register holds, from its entries."""

OTHER_KINDS = ("document", "control", "clause")
"""Kinds of reference that no register defines: documents (front matter), controls and clauses (the standard)."""


@dataclass(frozen=True)
class Export:
    """A tabular export of a register: ``isms export NAME`` and ``NAME.xlsx``, ``.csv``, ``.json`` on the site."""

    name: str
    title: str  # the sheet's title in a workbook (at most 31 characters)
    columns: tuple[str, ...] = ()
    """Entry fields, one column each. Empty: :mod:`isms.exports.tables` builds the sheets itself, with
    derived columns (scores, overdue) that no single field holds."""


@dataclass(frozen=True, kw_only=True)
class RegisterSpec:
    """One register, declared once; see the module's docstring for who reads what."""

    name: str
    """File name under ``registers/`` (``risks`` for ``risks.yml`` or a folder ``risks/``), and the key
    of its entries in :attr:`Model.entries <isms.core.repository.Model.entries>`."""
    key: str | None
    """The key that holds the list of entries; None when the whole file is one entry (isms, methodology)."""
    model: type[Entry]
    summary: str
    """What it holds, in a few words: messages, schemas and the README use it."""
    kind: str | None = None
    """What a reference to one of its entries is called (``Ref("risk")``); None when nothing refers to them."""
    named_by: str | None = None
    """The kind of reference that names its entries when they have no kind of their own (the organisation's
    controls are named by control references, beside Annex A's)."""
    label: str = ""
    """How a message names one entry before its id ('risk R-007', 'SoA 5.15'); default: the kind, else the name."""
    plural: str = ""
    """How a message names several ('nonconformities', 'evidence records'); default: the kind with an s."""
    required: bool = False
    id_field: str = "id"
    id_prefix: str = ""
    """Prefix of the first id ``isms new`` gives when the register has none yet, e.g. 'R-' (then R-001)."""
    title: str = ""
    """Title of its page, as the dashboard's table of registers links to it; default: the summary."""
    page: str | None = None
    """The generated page listing its entries, relative to docs/ (``isms/risks.md``); None: it has none."""
    anchor: str | None = None
    """Prefix of an entry's anchor on its page: ``risk`` gives ``#risk-r-007``; default: the kind."""
    hides: tuple[str, ...] | None = None
    """Generated pages a build leaves out when none of the register's files may be shown to its audience
    (a page ending in '/' stands for every page under it); default: its own page."""
    holds: Holds | None = None
    """The dashboard's line about it; default: the number of entries and the plural."""
    template: Template | None = None
    """How ``isms new KIND`` starts an entry (KIND is the kind); None: ``isms new`` does not make them."""
    export: Export | None = None

    def __post_init__(self) -> None:
        if self.key is None and (self.kind or self.template or self.export):
            raise ValueError(f"register {self.name}: a whole-file register has no entries to refer to or create")
        if self.template is not None and not (self.kind and (self.id_prefix or self.keyed)):
            raise ValueError(f"register {self.name}: a template needs a kind (isms new KIND) and an id_prefix")
        if self.page is not None and not (self.anchor or self.kind or self.key is None):
            raise ValueError(f"register {self.name}: entries shown on a page need an anchor prefix")

    @property
    def keyed(self) -> bool:
        """Whether its entries are keyed by what they are about (competence by role), not numbered."""
        return self.id_field != "id"

    @property
    def noun(self) -> str:
        """How a message names one entry: the label, else the kind, else the register's name."""
        return self.label or self.kind or self.name

    @property
    def nouns(self) -> str:
        """How a message names several entries."""
        return self.plural or f"{self.kind or self.noun}s"

    @property
    def refs_key(self) -> str:
        """What the model's record of entries that failed to load calls this register's: the kind of reference
        naming them (``risk``, ``control``), else the register's name (``soa``)."""
        return self.kind or self.named_by or self.name

    @property
    def heading(self) -> str:
        """The title of its page."""
        return self.title or self.summary[:1].upper() + self.summary[1:]

    @property
    def fragment(self) -> str | None:
        """The anchor prefix of its entries, or None when they have no page."""
        return (self.anchor or self.kind) if self.page else None

    @property
    def hidden_pages(self) -> tuple[str, ...]:
        """The generated pages left out when the register is hidden from an audience."""
        if self.hides is not None:
            return self.hides
        return (self.page,) if self.page else ()

    @property
    def path(self) -> str:
        """Where the register's file belongs, for messages: ``registers/risks.yml``."""
        return f"registers/{self.name}.yml"

    def ident(self, entry: Any) -> str:
        """The id of one of its entries, as text."""
        return str(getattr(entry, self.id_field, ""))

    def holding(self, entries: Sequence[Any]) -> str:
        """The dashboard's line about what the register holds."""
        if self.holds is not None:
            return self.holds(entries)
        return f"{len(entries)} {self.noun if len(entries) == 1 else self.nouns}"


class Registration:
    """A register added with :func:`register`; :meth:`remove` takes it out again (also as a context manager)."""

    def __init__(self, spec: RegisterSpec) -> None:
        self.spec = spec

    def remove(self) -> None:
        _unregister(self.spec)

    def __enter__(self) -> RegisterSpec:
        return self.spec

    def __exit__(self, *exc: object) -> None:
        self.remove()


_SPECS: dict[str, RegisterSpec] = {}
_BY_KIND: dict[str, RegisterSpec] = {}
_BY_MODEL: dict[type, RegisterSpec] = {}
_generation = 0

SPECS: Mapping[str, RegisterSpec] = MappingProxyType(_SPECS)
"""Every register by name, in declaration order; a live, read-only view of the catalogue."""


def register(spec: RegisterSpec) -> Registration:
    """Add a register after the ones known; refuse one whose name, kind, model, page or export is taken.

    Names and kinds share one space (a link or lookup may give either), so neither may be the other's.
    """
    clashes = [
        (spec.name in _SPECS, f"a register is named {spec.name!r}"),
        (spec.kind is not None and (spec.kind in _BY_KIND or spec.kind in OTHER_KINDS), f"kind {spec.kind!r}"),
        (spec.name in _BY_KIND, f"the name {spec.name!r}, the kind of another register's entries,"),
        (spec.kind is not None and spec.kind != spec.name and spec.kind in _SPECS, f"kind {spec.kind!r}, a name,"),
        (spec.model in _BY_MODEL, f"model {spec.model.__name__}"),
        (spec.page is not None and any(spec.page == other.page for other in _SPECS.values()), f"page {spec.page}"),
        (
            spec.export is not None
            and any(other.export and other.export.name == spec.export.name for other in _SPECS.values()),
            f"export {spec.export.name if spec.export else ''!r}",
        ),
    ]
    for taken, what in clashes:
        if taken:
            raise ValueError(f"register {spec.name}: {what} is taken already")
    _SPECS[spec.name] = spec
    if spec.kind:
        _BY_KIND[spec.kind] = spec
    _BY_MODEL[spec.model] = spec
    _changed()
    return Registration(spec)


def _unregister(spec: RegisterSpec) -> None:
    if _SPECS.get(spec.name) is not spec:
        return  # removed already
    del _SPECS[spec.name]
    if spec.kind:
        _BY_KIND.pop(spec.kind, None)
    _BY_MODEL.pop(spec.model, None)
    _changed()


def _changed() -> None:
    global _generation  # noqa: PLW0603 - the registry is process-wide by design; this counts its changes
    _generation += 1


def generation() -> int:
    """A number that changes whenever a register is added or removed: the key of caches built from the catalogue."""
    return _generation


def registers() -> tuple[RegisterSpec, ...]:
    """Every register, in declaration order: the order files are loaded and findings reported in."""
    return tuple(_SPECS.values())


def listed() -> Iterator[RegisterSpec]:
    """The registers that hold a list of entries (all but the whole-file ones)."""
    return (spec for spec in _SPECS.values() if spec.key)


def by_kind(kind: str) -> RegisterSpec | None:
    """The register whose entries references of ``kind`` name (``risk`` -> risks), if any."""
    return _BY_KIND.get(kind)


def by_model(model: type) -> RegisterSpec | None:
    """The register whose entries are ``model`` instances, if any."""
    return _BY_MODEL.get(model)


def lookup(name_or_kind: str) -> RegisterSpec:
    """A register by its name (``risks``) or the kind of its entries (``risk``); KeyError when there is none."""
    spec = _SPECS.get(name_or_kind) or _BY_KIND.get(name_or_kind)
    if spec is None:
        raise KeyError(f"no register is named {name_or_kind!r} or holds entries of that kind")
    return spec


# --- isms new: templates of the built-in registers ------------------------------------------------


def _risk(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("threat", quote(f"{FILL} who or what could cause harm"), ""),
        ("vulnerability", quote(f"{FILL} the weakness the threat would exploit"), ""),
        ("owner", d.owner, "the risk owner: a role id"),
        (
            "inherent",
            "{likelihood: 1, impact: 1}",
            "NOT YET ASSESSED: the lowest rating, so the check passes; rate it with registers/methodology.yml",
        ),
        ("treatment", "retain", "modify, retain, avoid or share, once assessed"),
        ("last_assessed", d.as_of.isoformat(), ""),
    ]


def _asset(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("name", quote(d.title), ""),
        ("type", "information", "information, software, hardware, service, people, site, supplier or intangible"),
        ("owner", d.owner, "the role accountable for it"),
        ("classification", "internal", "public, internal or confidential"),
        ("confidentiality", "3", "assess: 1 (low) to 5 (critical)"),
        ("integrity", "3", "assess: 1 to 5"),
        ("availability", "3", "assess: 1 to 5"),
        ("reviewed_on", d.as_of.isoformat(), "the day the entry was reviewed: again within 12 months (5.9)"),
    ]


def _treatment(d: Draft) -> Fields:
    risk = d.options.get("risk")
    known = [entry.id for entry in d.model.risks]
    if risk is None:
        if not known:
            raise ScaffoldError('a treatment treats a risk, and there is none yet — run: isms new risk "Title" first')
        # the latest risk still open: a new (planned) treatment of a treated risk would contradict its status
        risk = ([entry.id for entry in d.model.risks if entry.status == "open"] or known)[-1]
    elif risk not in known:
        raise ScaffoldError(f"--risk {risk}: no such risk in registers/risks.yml")
    due = d.as_of + dt.timedelta(days=90)
    risk_owner = next(entry.owner for entry in d.model.risks if entry.id == risk)
    return [
        ("id", d.ident, ""),
        ("risks", f"[{risk}]", "the risks this action treats"),
        ("action", quote(d.title), ""),
        ("owner", d.owner, "the role responsible for the action"),
        ("priority", "medium", "high, medium or low"),
        ("due", due.isoformat(), "agree a due date"),
        ("status", "planned", "planned, in progress, done (with completed_on) or cancelled"),
        ("approved_by", f"[{risk_owner}]", "the owners of the risks it treats, who approve it in the pull request"),
        ("approved_on", d.as_of.isoformat(), "the day they approve it"),
    ]


def _requirement(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("type", "contractual", "legal, statutory, regulatory, contractual or interested party"),
        ("source", quote(f"{FILL} the law, regulation, contract or party it comes from"), ""),
        ("owner", d.owner, ""),
        ("reviewed_on", d.as_of.isoformat(), "the day compliance was reviewed: again within 12 months (5.31)"),
    ]


def _evidence(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("kind", "record", "record, report, log, configuration, screenshot, certificate, contract, minutes, other"),
        (
            "location",
            quote("https://example.invalid/to-fill-in"),
            "a URL, or a path in this repository (then add sha256)",
        ),
        ("effective_on", d.as_of.isoformat(), ""),
        ("owner", d.owner, ""),
    ]


def _objective(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("owner", d.owner, ""),
        ("measure", quote(f"{FILL} what is measured and how"), ""),
        ("target", "100", "set the target"),
        ("direction", "at least", "met when a measurement is at least or at most the target"),
    ]


def _audit(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("clauses", "[]", 'clauses in scope, e.g. ["9.2"]'),
        ("controls", "[]", 'Annex A controls in scope, e.g. ["5.15"]'),
        ("auditor", quote(FILL), "who audits: a role id or a name, never one of the auditees"),
        ("auditees", f"[{d.owner}]", "roles that own the area audited"),
        ("planned_on", (d.as_of + dt.timedelta(days=90)).isoformat(), ""),
        ("status", "planned", ""),
    ]


def _nonconformity(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("source", "{type: other}", "audit, certification audit, incident, review, monitoring, complaint, other; ref:"),
        ("raised_on", d.as_of.isoformat(), ""),
        ("grade", "minor", "major or minor"),
        ("description", quote(f"{FILL} the nonconformity and the requirement not met"), ""),
        ("owner", d.owner, "the role responsible for closing it"),
        ("status", "open", ""),
    ]


def _supplier(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("name", quote(d.title), ""),
        ("service", quote(f"{FILL} what it supplies"), ""),
        ("tier", "3", "1 (critical), 2 or 3, by the data and services it touches"),
        ("data", "internal", "the most sensitive data it handles: none, public, internal or confidential"),
        ("owner", d.owner, "the role that owns the relationship"),
        ("status", "onboarding", "onboarding, active or exited"),
    ]


def _improvement(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("description", quote(f"{FILL} what could be better, and how"), ""),
        (
            "source",
            "{type: staff suggestion}",
            "audit finding, management review, incident, nonconformity, staff suggestion, other; ref:",
        ),
        ("raised_on", d.as_of.isoformat(), ""),
        ("owner", d.owner, "the role that decides on it and sees it through"),
        ("status", "proposed", "proposed, planned, in progress, done or rejected"),
    ]


def _incident(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("severity", "4", "1 (most severe) to 4, per the incident procedure"),
        ("owner", d.owner, "the role handling it"),
        (
            "detected_at",
            quote(f"{d.as_of.isoformat()}T09:00+00:00"),
            "when you became aware of it, with your time zone offset: regulatory clocks run from here",
        ),
        ("personal_data", "false", "true for a personal data breach: the GDPR 72-hour clock then runs"),
    ]


def _exception(d: Draft) -> Fields:
    documents = [doc.meta for doc in d.model.documents]
    if not documents:
        raise ScaffoldError('an exception waives a policy, and there is none yet — run: isms new policy "Title" first')
    policy = next((meta for meta in documents if meta.type == "policy"), documents[0])
    others = [role.id for role in d.model.roles if role.id != d.owner]
    approver = policy.owner if policy.owner != d.owner or not others else others[0]
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("document", policy.id, "the policy waived"),
        ("section", quote(f"{FILL} the section waived"), ""),
        ("requested_by", d.owner, "the role that asked for it"),
        ("approved_by", approver, "the policy owner, never the requester"),
        ("approved_on", d.as_of.isoformat(), "the day it was approved"),
        ("expires", (d.as_of + dt.timedelta(days=90)).isoformat(), "every exception is time-limited"),
        ("status", "active", "active, or closed once no longer needed"),
        ("compensating_controls", quote(f"{FILL} what is done instead"), ""),
    ]


def _issue(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("title", quote(d.title), ""),
        ("kind", "external", "internal or external (4.1)"),
        ("description", quote(f"{FILL} the issue as you see it"), ""),
        ("effect", quote(f"{FILL} how it bears on the ISMS's intended outcomes, and how the ISMS deals with it"), ""),
        ("owner", d.owner, "the role that follows it"),
        ("identified_on", d.as_of.isoformat(), "the next management review reports it as a change (9.3.2 b)"),
        ("reviewed_on", d.as_of.isoformat(), "reviewed again within 12 months"),
    ]


def _party(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("name", quote(d.title), ""),
        ("kind", "external", "internal or external (4.2 a)"),
        ("feedback_channel", quote(f"{FILL} how their feedback is gathered"), ""),
        ("owner", d.owner, "the role that keeps in touch with them"),
        ("identified_on", d.as_of.isoformat(), "the next management review reports it as a change (9.3.2 c)"),
        ("reviewed_on", d.as_of.isoformat(), "reviewed again within 12 months"),
    ]


def _communication(d: Draft) -> Fields:
    return [
        ("id", d.ident, ""),
        ("what", quote(d.title), "what is communicated"),
        ("audience", quote(f"{FILL} with whom: staff, a team, customers, an authority"), ""),
        ("direction", "internal", "internal or external"),
        ("communicator", d.owner, "the role that communicates it"),
        ("how", quote(f"{FILL} the channel: intranet, all-hands, email"), ""),
        ("when", quote(f"{FILL} the occasion or schedule"), ""),
    ]


def _competence(d: Draft) -> Fields:
    """A role's competence record (``isms new competence ROLE``); its holder needs evidence to be clean."""
    roles = {role.id: role for role in d.model.roles}
    role = roles.get(d.ident)
    if role is None:
        close = Suggestions(roles).closest(d.ident)
        hint = f"did you mean {close!r}? " if close else ""
        raise ScaffoldError(f"{d.ident!r} is not a role in registers/roles.yml — {hint}name a role's id")
    if any(record.role == role.id for record in d.model.competence):
        raise ScaffoldError(f"role {role.id} has a competence record already — edit it in registers/competence.yml")
    evidence = list(dict.fromkeys(d.options.get("evidence") or ()))
    known = [entry.id for entry in d.model.evidence]
    for name in evidence:
        if name not in known:
            close = Suggestions(known).closest(name)
            hint = f" — did you mean {close!r}?" if close else " — isms new evidence makes one"
            raise ScaffoldError(f"--evidence {name}: no such evidence record in registers/evidence.yml{hint}")
    fields = [
        ("role", ident(role.id), "the role (registers/roles.yml)"),
        (
            "required",
            "[{competence: " + quote(f"{FILL} what the role must know or be able to do") + ", means: [experience]}]",
            "one per competence; means: education, training or experience (7.2 b)",
        ),
    ]
    if not role.holder:
        return [*fields, ("holders", "[]", "the people holding the role, once it is filled, and their evidence")]
    if not evidence:
        raise ScaffoldError(
            f"{role.holder} holds {role.id}: give the evidence of their competence with --evidence ID (a certificate,"
            " an assessed CV or course record in registers/evidence.yml; isms new evidence makes one)"
        )
    holder = "{person: " + quote(role.holder) + ", evidence: [" + ", ".join(map(ident, evidence)) + "]"
    holder += f", assessed_on: {d.as_of.isoformat()}}}"
    return [*fields, ("holders", f"[{holder}]", "assessed_on: the day their competence was assessed against it")]


# --- the built-in registers ----------------------------------------------------------------------


def _count(nouns: str, rest: str = "") -> Holds:
    """'3 risks, with heat maps', and '1 risk, ...' (every noun counted this way has a plural in s)."""
    return lambda entries: f"{len(entries)} {nouns[:-1] if len(entries) == 1 else nouns}{rest}"


BUILT_IN: tuple[RegisterSpec, ...] = (
    RegisterSpec(
        name="isms",
        key=None,
        model=r.IsmsFile,
        summary="organisation, ISMS scope, certification",
        required=True,
        title="Certification cycle",
        page="isms/certification.md",
        holds=lambda entries: "certificate, timeline, evidence expiry, training",
    ),
    RegisterSpec(
        name="roles", key="roles", model=r.Role, summary="roles that own, approve and act", kind="role", required=True
    ),
    RegisterSpec(name="methodology", key=None, model=r.MethodologyFile, summary="risk criteria (6.1.2)", required=True),
    RegisterSpec(
        name="assets",
        key="assets",
        model=r.Asset,
        summary="asset inventory (5.9)",
        kind="asset",
        required=True,
        id_prefix="AST-",
        title="Asset inventory",
        page="isms/assets.md",
        template=Template(_asset),
    ),
    RegisterSpec(
        name="risks",
        key="risks",
        model=r.Risk,
        summary="risk register (6.1.2, 8.2)",
        kind="risk",
        required=True,
        id_prefix="R-",
        title="Risk register",
        page="isms/risks.md",
        holds=_count("risks", ", with heat maps"),
        template=Template(
            _risk,
            note="Added by `isms new`: describe the threat and vulnerability, then assess it.",
            steps=(
                "assess the risk: its likelihood and impact are set to 1 × 1 (the lowest level) only so that the "
                "check passes; then choose the treatment and, above the threshold, add a treatment or acceptance",
            ),
        ),
        export=Export("risks", "Risk register"),
    ),
    RegisterSpec(
        name="treatments",
        key="treatments",
        model=r.Treatment,
        summary="risk treatment plan (6.1.3 e, 8.3)",
        kind="treatment",
        required=True,
        id_prefix="T-",
        title="Risk treatment plan",
        page="isms/treatment-plan.md",
        holds=_count("actions"),
        template=Template(
            _treatment,
            steps=(
                "check the risk it treats and the due date; list the controls it implements",
                "have the owners of the risks it treats approve it (approved_by, approved_on: 6.1.3 f)",
            ),
        ),
        export=Export("rtp", "Risk treatment plan"),
    ),
    RegisterSpec(
        name="soa",
        key="controls",
        model=r.SoaEntry,
        summary="Statement of Applicability (6.1.3 d)",
        label="SoA",
        required=True,
        id_field="control",
        title="Statement of Applicability",
        page="isms/soa.md",
        anchor="soa",
        # The matrix and the control pages are built from the SoA: without it they would show nothing true.
        hides=("isms/soa.md", "isms/traceability.md", "isms/evidence-requests.md", "isms/controls/"),
        holds=lambda entries: f"{len(entries)} controls, {sum(1 for e in entries if e.applicable)} applicable",
        export=Export("soa", "Statement of Applicability"),
    ),
    RegisterSpec(
        name="requirements",
        key="requirements",
        model=r.Requirement,
        summary="legal, regulatory and contractual requirements (4.2, 5.31)",
        kind="requirement",
        id_prefix="REQ-",
        title="Requirements",
        page="isms/requirements.md",
        template=Template(_requirement),
    ),
    RegisterSpec(
        name="objectives",
        key="objectives",
        model=r.Objective,
        summary="security objectives and measurements (6.2, 9.1)",
        kind="objective",
        id_prefix="OBJ-",
        title="Objectives",
        page="isms/objectives.md",
        holds=_count("objectives", " with charts"),
        template=Template(_objective),
    ),
    RegisterSpec(
        name="audits",
        key="audits",
        model=r.Audit,
        summary="internal audit programme (9.2)",
        kind="audit",
        id_prefix="IA-",
        title="Internal audit programme",
        page="isms/audits.md",
        holds=_count("audits", ", coverage of the cycle"),
        template=Template(_audit),
    ),
    RegisterSpec(
        name="nonconformities",
        key="nonconformities",
        model=r.Nonconformity,
        summary="nonconformities and corrective actions (10.2)",
        kind="nonconformity",
        plural="nonconformities",
        id_prefix="NC-",
        title="Nonconformities",
        page="isms/nonconformities.md",
        anchor="nc",
        holds=lambda entries: (
            f"{len(entries)} nonconformit{'y' if len(entries) == 1 else 'ies'}, "
            f"{sum(1 for e in entries if e.status == 'open')} open"
        ),
        template=Template(_nonconformity),
    ),
    RegisterSpec(
        name="reviews",
        key="reviews",
        model=r.Review,
        summary="management reviews (9.3)",
        kind="review",
        title="Management reviews",
        page="isms/reviews.md",
        holds=_count("reviews", ", inputs a–g"),
    ),
    RegisterSpec(
        name="evidence",
        key="evidence",
        model=r.Evidence,
        summary="evidence records",
        kind="evidence",
        plural="evidence records",
        id_prefix="EV-",
        title="Evidence records",
        page="isms/evidence.md",
        # What the request list says is missing would be wrong where the audience may not read the evidence.
        hides=("isms/evidence.md", "isms/evidence-requests.md"),
        holds=_count("records"),
        template=Template(_evidence),
    ),
    RegisterSpec(
        name="training",
        key="programmes",
        model=r.Programme,
        summary="awareness and training (7.2, 7.3)",
        kind="training",
        label="programme",
        plural="training programmes",
    ),
    RegisterSpec(
        name="suppliers",
        key="suppliers",
        model=r.Supplier,
        summary="suppliers and cloud services (5.19-5.23)",
        kind="supplier",
        id_prefix="SUP-",
        title="Suppliers",
        page="isms/suppliers.md",
        holds=lambda entries: (
            f"{len(entries)} supplier{'' if len(entries) == 1 else 's'}, "
            f"{sum(1 for e in entries if e.tier == 1 and e.status != 'exited')} tier 1"
        ),
        template=Template(
            _supplier,
            steps=("record its contract and security clauses, the assets it provides and its assessment",),
        ),
        export=Export(
            "suppliers",
            "Suppliers",
            (
                "id",
                "name",
                "service",
                "tier",
                "data",
                "personal_data",
                "cloud",
                "owner",
                "status",
                "contract",
                "next_review",
                "assets",
                "risks",
            ),
        ),
    ),
    RegisterSpec(
        name="incidents",
        key="incidents",
        model=r.Incident,
        summary="information security incidents (5.24-5.28, 6.8)",
        kind="incident",
        id_prefix="INC-",
        title="Incidents",
        page="isms/incidents.md",
        anchor="inc",
        template=Template(
            _incident,
            steps=(
                "record when it was reported, classified, contained and closed, and the assets affected; for a"
                " personal data breach or a significant NIS2 incident, the notifications and their times",
            ),
        ),
        export=Export(
            "incidents",
            "Incidents",
            (
                "id",
                "title",
                "severity",
                "owner",
                "detected_at",
                "reported_at",
                "classified_at",
                "contained_at",
                "closed_at",
                "personal_data",
                "breach_risk",
                "significant",
                "notifications",
                "assets",
                "risks",
                "nonconformities",
                "lessons_learned",
            ),
        ),
    ),
    RegisterSpec(
        name="improvements",
        key="improvements",
        model=r.Improvement,
        summary="improvement opportunities (10.1)",
        kind="improvement",
        id_prefix="IMP-",
        title="Improvements",
        page="isms/improvements.md",
        anchor="imp",
        holds=lambda entries: (
            f"{len(entries)} improvement{'' if len(entries) == 1 else 's'}, "
            f"{sum(1 for e in entries if e.status == 'done')} done"
        ),
        template=Template(
            _improvement,
            steps=("once decided, set its status, a due date, and when done its completed_on and outcome",),
        ),
        export=Export(
            "improvements",
            "Improvements",
            (
                "id",
                "title",
                "description",
                "source",
                "raised_on",
                "owner",
                "status",
                "due",
                "completed_on",
                "outcome",
            ),
        ),
    ),
    RegisterSpec(
        name="exceptions",
        key="exceptions",
        model=r.PolicyException,
        summary="policy exceptions, approved and time-limited (5.1, 5.36)",
        kind="exception",
        id_prefix="EXC-",
        title="Policy exceptions",
        page="isms/exceptions.md",
        holds=lambda entries: (
            f"{len(entries)} exception{'' if len(entries) == 1 else 's'}, "
            f"{sum(1 for e in entries if e.status == 'active')} active"
        ),
        template=Template(
            _exception,
            steps=("name the controls it weakens and the risk accepted, and have the policy owner approve it",),
        ),
        export=Export(
            "exceptions",
            "Policy exceptions",
            (
                "id",
                "title",
                "document",
                "section",
                "controls",
                "risk",
                "requested_by",
                "approved_by",
                "approved_on",
                "expires",
                "status",
                "compensating_controls",
            ),
        ),
    ),
    RegisterSpec(
        name="context",
        key="issues",
        model=r.ContextIssue,
        summary="internal and external issues, climate change among them (4.1)",
        kind="issue",
        id_prefix="CTX-",
        title="Context of the organisation",
        page="isms/context.md",
        anchor="ctx",
        holds=lambda entries: (
            f"{len(entries)} issue{'' if len(entries) == 1 else 's'}"
            + "".join(
                f", climate change {'relevant' if e.relevant else 'not relevant'}" for e in entries if e.climate_change
            )
        ),
        template=Template(
            _issue,
            steps=("name the risks it bears on and the interested parties it concerns",),
        ),
        export=Export(
            "context",
            "Context issues",
            (
                "id",
                "title",
                "kind",
                "description",
                "effect",
                "relevant",
                "climate_change",
                "risks",
                "parties",
                "owner",
                "identified_on",
                "retired_on",
                "reviewed_on",
            ),
        ),
    ),
    RegisterSpec(
        name="parties",
        key="parties",
        model=r.InterestedParty,
        summary="interested parties and their requirements (4.2)",
        kind="party",
        plural="interested parties",
        label="interested party",
        id_prefix="IP-",
        title="Interested parties",
        page="isms/parties.md",
        anchor="party",
        holds=lambda entries: (
            f"{len(entries)} part{'y' if len(entries) == 1 else 'ies'}, "
            f"{sum(1 for e in entries for q in e.requirements if q.addressed)} requirement(s) addressed"
        ),
        template=Template(
            _party,
            steps=(
                "list their requirements relevant to information security, whether the ISMS addresses each,"
                " and the requirements register entry (requirement: REQ-...) that tracks it",
            ),
        ),
        export=Export(
            "parties",
            "Interested parties",
            ("id", "name", "kind", "requirements", "feedback_channel", "owner", "identified_on", "reviewed_on"),
        ),
    ),
    RegisterSpec(
        name="competence",
        key="competence",
        model=r.Competence,
        summary="competence of roles and the evidence of it (7.2)",
        kind="competence",
        label="competence of",
        plural="competence records",
        id_field="role",
        title="Competence",
        page="isms/competence.md",
        anchor="competence",
        holds=lambda entries: (
            f"{len(entries)} role{'' if len(entries) == 1 else 's'},"
            f" {sum(1 for e in entries for h in e.holders if h.assessed_on)} people assessed"
        ),
        template=Template(
            _competence,
            steps=(
                "list the competences the role requires, how each is met, and the training that gives it",
                "record gaps with their actions under the holder's 'gaps:' (7.2 c)",
            ),
        ),
        export=Export("competence", "Competence", ("role", "required", "holders", "notes")),
    ),
    RegisterSpec(
        name="communications",
        key="communications",
        model=r.Communication,
        summary="communications relevant to the ISMS (7.4)",
        kind="communication",
        id_prefix="COM-",
        title="Communication",
        page="isms/communications.md",
        anchor="communication",
        template=Template(
            _communication,
            steps=("for one that recurs, give 'every:' in months and record 'last_on:' and its 'record:'",),
        ),
        export=Export(
            "communications",
            "Communication",
            (
                "id",
                "what",
                "audience",
                "direction",
                "communicator",
                "how",
                "when",
                "every",
                "last_on",
                "record",
                "documents",
            ),
        ),
    ),
    RegisterSpec(
        name="controls",
        key="controls",
        model=r.OrgControl,
        summary="the organisation's own controls",
        label="control",
        named_by="control",
    ),
)

for _spec in BUILT_IN:
    register(_spec)
