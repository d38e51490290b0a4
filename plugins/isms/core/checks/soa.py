"""The Statement of Applicability (6.1.3 d): complete, justified, and consistent with what relies on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from isms.core.checks.base import Context, Problem, check, label, problem
from isms.core.facts import document_in_force, treatment_open
from isms.core.repository import Model
from isms.core.standard import successors_2013
from isms.core.suggest import Suggestions


def _soa_file(context: Context) -> tuple[str, int]:
    for file in context.model.files:
        if file.register == "soa":
            return file.path, 1
    return "registers/soa.yml", 0


@check("soa-missing-control", "error", "An Annex A control has no entry in the SoA.", clauses=("6.1.3",))
def missing_controls(context: Context) -> Iterator[Problem]:
    model = context.model
    if "soa" not in model.present:
        return  # the missing register is reported once by the loader
    listed = {entry.control for entry in model.soa} | _meant(context)
    path, line = _soa_file(context)
    for control_id in model.catalogue.annex_a:
        if control_id not in listed and not model.broken("soa", control_id):  # a row that failed is reported
            control = model.catalogue.controls[control_id]
            yield Problem(
                path,
                line,
                f"Annex A control {control_id} ({control.title}) has no SoA entry",
                f"add '- control: \"{control_id}\"' under 'controls:' with applicable: true or false",
            )


def _meant(context: Context) -> set[str]:
    """The controls that SoA rows naming no known control probably mean (the reference check's hint for them).
    That row's finding is the one mistake: what it means is not also reported without an entry."""
    catalogue = context.model.catalogue
    unknown = [entry.control for entry in context.model.soa if entry.control not in catalogue.controls]
    if not unknown:
        return set()
    meant = row_meaning(context.model)
    return {control for written in unknown for control in meant(written)}


def row_meaning(model: Model) -> Callable[[str], tuple[str, ...]]:
    """What an SoA row's control, unknown as written, means: a 2013 number's 2022 controls, else the closest
    control that has no row yet ('8.3O' beside a missing 8.30), else the closest of all."""
    listed = {entry.control for entry in model.soa}
    unlisted = Suggestions([c for c in model.catalogue.controls if c not in listed], cutoff=0.7)
    everything = Suggestions(model.catalogue.controls, cutoff=0.7)

    def meant(written: str) -> tuple[str, ...]:
        close = unlisted.closest(written) or everything.closest(written)
        return successors_2013(written) or ((close,) if close else ())

    return meant


@check("soa-duplicate-control", "error", "A control has more than one SoA entry.", clauses=("6.1.3",))
def duplicate_controls(context: Context) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for entry in context.model.soa:
        if entry.control in first:
            yield problem(
                entry,
                ("control",),
                f"SoA {entry.control}: the control has a second entry",
                f"the first is on line {first[entry.control]}; keep one entry per control",
            )
        else:
            first[entry.control] = entry.line("control")


@check("soa-exclusion-justified", "error", "An excluded control has no justification.", clauses=("6.1.3",))
def exclusion_justified(context: Context) -> Iterator[Problem]:
    for entry in context.model.soa:
        if not entry.applicable and not entry.justification:
            yield problem(
                entry,
                ("applicable",),
                f"SoA {entry.control}: the control is excluded without a justification",
                "add 'justification:' saying why the control is not needed (6.1.3 d)",
            )


@check(
    "soa-inclusion-reason",
    "warning",
    "An applicable control gives no reason for inclusion or no status.",
    clauses=("6.1.3",),
)
def inclusion_reason(context: Context) -> Iterator[Problem]:
    for entry in context.model.soa:
        if not entry.applicable:
            continue
        if not entry.reasons:
            yield problem(
                entry,
                ("applicable",),
                f"SoA {entry.control}: the control is applicable but gives no reason for inclusion",
                "add 'reasons:' (risk, legal, contractual, business, best practice) and 'references:'",
            )
        if entry.status is None:
            yield problem(
                entry,
                ("applicable",),
                f"SoA {entry.control}: the control is applicable but has no implementation status",
                "add 'status:' (implemented, partial, planned or not implemented)",
            )


@check(
    "soa-reference", "error", "An SoA reason refers to a risk or requirement that does not exist.", clauses=("6.1.3",)
)
def soa_references(context: Context) -> Iterator[Problem]:
    model = context.model
    risks = context.derived.index.get("risk", {})
    requirements = context.derived.index.get("requirement", {})

    def risk(reference: str) -> bool:  # a risk that failed to load is there: its failure is reported
        return reference in risks or model.broken("risk", reference)

    def requirement(reference: str) -> bool:
        return reference in requirements or model.broken("requirement", reference)

    for entry in model.soa:
        for index, reference in enumerate(entry.references):
            if not risk(reference) and not requirement(reference):
                yield problem(
                    entry,
                    ("references", index),
                    f"SoA {entry.control}: references[{index}]: '{reference}' is neither a risk nor a requirement",
                    "references name ids from registers/risks.yml or registers/requirements.yml",
                )
        if "risk" in entry.reasons and not any(risk(ref) for ref in entry.references):
            yield problem(
                entry,
                ("reasons",),
                f"SoA {entry.control}: the reason 'risk' names no risk",
                "add the id of a risk the control treats to 'references:'",
            )


@check(
    "soa-implemented-unsupported",
    "warning",
    "An implemented control has no approved implementing document and no evidence record (drafts do not count).",
    clauses=("6.1.3", "7.5.1"),
)
def implemented_has_support(context: Context) -> Iterator[Problem]:
    model = context.model
    # A document or evidence record that failed to load may be what shows it: its own finding is reported.
    shown = model.named_by_broken("document", "control") | model.named_by_broken("evidence", "control")
    for entry in model.soa:
        if entry.applicable and entry.status == "implemented" and entry.control not in shown:
            links = context.derived.links(entry.control)
            if links.evidence or any(document_in_force(document) for document in links.documents):
                continue
            if links.documents:
                drafts = ", ".join(f"{document.id} ({document.meta.status})" for document in links.documents)
                yield problem(
                    entry,
                    ("status",),
                    f"SoA {entry.control}: the control is marked implemented, but only documents not yet approved"
                    f" show it: {drafts}",
                    "approve the document, add an evidence record, or set 'status:' to partial or planned",
                )
                continue
            yield problem(
                entry,
                ("status",),
                f"SoA {entry.control}: the control is marked implemented, but no document or evidence shows it",
                f"list '{entry.control}' in the 'controls:' of the document that implements it, "
                "or add an evidence record",
            )


@check(
    "soa-treatment-status",
    "warning",
    "An SoA status contradicts the treatments implementing the control: implemented while one is not done, or "
    "not implemented while all are done (6.1.3 d, e).",
    clauses=("6.1.3",),
)
def soa_against_treatments(context: Context) -> Iterator[Problem]:
    for entry in context.model.soa:
        if not entry.applicable or entry.status is None:
            continue
        treatments = [t for t in context.derived.links(entry.control).treatments if t.status != "cancelled"]
        if not treatments:
            continue
        still_open = [t for t in treatments if treatment_open(t)]
        if entry.status == "implemented" and still_open:
            named = ", ".join(f"{t.id} ({t.status})" for t in still_open)
            yield problem(
                entry,
                ("status",),
                f"SoA {entry.control}: the control is marked implemented, but treatments implementing it are not"
                f" done: {named}",
                "set 'status:' to partial until the treatment is done, or finish the treatment",
            )
        elif entry.status in ("planned", "not implemented") and not still_open:
            named = ", ".join(t.id for t in treatments)
            yield problem(
                entry,
                ("status",),
                f"SoA {entry.control}: the control is marked {entry.status}, but every treatment implementing it"
                f" is done: {named}",
                "set 'status:' to implemented (or partial) as the treatments achieved, or reopen the treatment",
            )


@check(
    "excluded-control-used", "error", "A risk or treatment relies on a control the SoA excludes.", clauses=("6.1.3",)
)
def excluded_control_used(context: Context) -> Iterator[Problem]:
    excluded = {entry.control: entry for entry in context.model.soa if not entry.applicable}
    if not excluded:
        return
    for risk in context.model.risks:
        for field in ("existing_controls", "controls"):
            for index, control in enumerate(getattr(risk, field)):
                if control in excluded:
                    yield _used(risk, field, index, control, excluded[control].line("applicable"))
    for treatment in context.model.treatments:
        for index, control in enumerate(treatment.controls):
            if control in excluded:
                yield _used(treatment, "controls", index, control, excluded[control].line("applicable"))


def _used(entry: object, field: str, index: int, control: str, soa_line: int) -> Problem:
    return problem(
        entry,
        (field, index),
        f"{label(entry)}: relies on control {control}, which the SoA excludes",
        f"make the control applicable in registers/soa.yml (line {soa_line}) or remove it here",
    )
