"""Ids are unique and every reference resolves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from isms.core.catalogue import by_kind, by_model, listed
from isms.core.checks.base import Context, Problem, check, label, problem
from isms.core.checks.soa import row_meaning
from isms.core.models.registers import Role, SoaEntry
from isms.core.models.types import kinds
from isms.core.refs import references
from isms.core.repository import Model
from isms.core.standard import successors_2013
from isms.core.suggest import Suggestions

# Kinds of reference that no register defines; a register's kind is defined in its file.
_WHERE = {
    "document": "the front matter of a page under docs/",
    "control": "Annex A of ISO/IEC 27001:2022 or registers/controls.yml",
    "clause": "clauses 4 to 10 of ISO/IEC 27001:2022",
}


@check("duplicate-id", "error", "Two entries of one register, or two documents, share an id.", clauses=("7.5.2",))
def duplicate_ids(context: Context) -> Iterator[Problem]:
    model = context.model
    for spec in listed():
        if spec.name == "soa":
            continue  # a second SoA entry for a control is reported once, by soa-duplicate-control
        seen: dict[str, Any] = {}
        for entry in model.entries.get(spec.name, ()):
            key = getattr(entry, spec.id_field)
            if key in seen:
                first = seen[key]
                yield problem(
                    entry,
                    (spec.id_field,),
                    f"{label(entry)}: the id '{key}' is used twice",
                    f"first used at {first.file}:{first.line()}; give each entry its own id",
                )
            else:
                seen[key] = entry
    documents: dict[str, Any] = {}
    for document in model.documents:
        if document.id in documents:
            first = documents[document.id]
            yield problem(
                document,
                ("id",),
                f"document {document.id}: the id is also used by {first.path}",
                f"first used at {first.path}:{first.meta.line('id')}; give each document its own id",
            )
        else:
            documents[document.id] = document


@check(
    "unknown-reference",
    "error",
    "A reference (owner, risk, asset, control, clause, document...) names nothing.",
    clauses=("7.5.2",),
)
def unknown_references(context: Context) -> Iterator[Problem]:
    model = context.model
    known = dict(context.derived.index)
    catalogue = model.catalogue
    entries: list[Any] = [entry for spec in listed() for entry in model.entries.get(spec.name, ())]
    entries += [document.meta for document in model.documents]
    entries += model.singles.values()
    entries += [
        f.header
        for f in model.files
        if f.header is not None and not any(f.header is single for single in model.singles.values())
    ]
    suggestions: dict[str, Suggestions] = {}  # per kind, made at its first unknown reference

    def closest(kind: str, value: str) -> str | None:
        if kind not in suggestions:
            if kind == "control":
                candidates: list[str] = list(catalogue.controls)
            elif kind == "clause":
                candidates = [*catalogue.clauses, *catalogue.sections]
            else:
                candidates = [ident for one in kinds(kind) for ident in known.get(one, {})]
            suggestions[kind] = Suggestions(candidates, cutoff=0.7)
        return suggestions[kind].closest(value)

    row_meant = row_meaning(model)

    def soa_row(kind: str, value: str) -> str | None:  # the SoA check does not report what the row means
        meant = row_meant(value)
        return meant[0] if len(meant) == 1 else None

    for entry in entries:
        for keys, kind, value in references(entry):
            if kind == "control":
                if value in catalogue.controls:
                    continue
            elif kind == "clause":
                if catalogue.is_clause(value):
                    continue
            elif any(value in known.get(one, {}) for one in kinds(kind)):
                continue
            if any(model.broken(one, value) for one in kinds(kind)):
                continue  # a register or entry that failed to load is reported once, where it fails
            yield Problem(
                entry.file,
                entry.line(*keys),
                f"{_name(entry, model)}: {_dotted(keys)}: '{value}' is not a known {_noun(kind)}",
                _hint(kind, value, soa_row if isinstance(entry, SoaEntry) and keys == ("control",) else closest, model),
            )


def _hint(kind: str, value: str, closest: Callable[[str, str], str | None], model: Model) -> str:
    """What was probably meant: a role for the person holding it, a 2022 control for a 2013 number, a close id."""
    meant = ""
    if kind == "role":
        meant = _role_of(value, model.roles)
    elif kind == "control":
        meant = _control_2022(value)
    if not meant:
        close = closest(kind, value)
        meant = f"did you mean '{close}'?" if close else ""
    defined = "; ".join(_defined(one) for one in kinds(kind))
    return f"{meant} {defined}" if meant else defined


def _role_of(person: str, roles: list[Role]) -> str:
    """'Jonas Becker' holds role 'iso': an owner or approver written as the person instead of the role."""
    name = " ".join(person.split()).casefold()
    held = [role.id for role in roles if role.holder and " ".join(role.holder.split()).casefold() == name]
    deputised = [role.id for role in roles if role.deputy and " ".join(role.deputy.split()).casefold() == name]
    if held:
        return f"'{person}' holds {_roles(held)}: name the role, not the person;"
    if deputised:
        return f"'{person}' is the deputy of {_roles(deputised)}: name the role, not the person;"
    return ""


def _control_2022(written: str) -> str:
    """A.12.6.1 is ISO/IEC 27001:2013's number of what the 2022 edition calls 8.8."""
    successors = successors_2013(written)
    if not successors:
        return ""
    if len(successors) == 1:
        return f"{written} is ISO/IEC 27001:2013 numbering; in the 2022 edition it is control {successors[0]};"
    named = ", ".join(successors[:-1]) + f" and {successors[-1]}"
    return f"{written} is ISO/IEC 27001:2013 numbering; in the 2022 edition it is controls {named};"


def _roles(ids: list[str]) -> str:
    return ("role " if len(ids) == 1 else "roles ") + ", ".join(f"'{ident}'" for ident in ids)


def _noun(kind: str) -> str:
    """What a reference of ``kind`` names: 'risk'; of several kinds, each: 'document or evidence record'."""
    if len(kinds(kind)) == 1:
        return kind
    specs = [by_kind(one) for one in kinds(kind)]
    return " or ".join(
        spec.nouns.removesuffix("s") if spec else one for one, spec in zip(kinds(kind), specs, strict=True)
    )


def _defined(kind: str) -> str:
    """Where entries of ``kind`` are defined: 'risks are defined in registers/risks.yml'."""
    spec = by_kind(kind)
    if spec is not None:
        return f"{spec.nouns} are defined in {spec.path}"
    return f"{kind}s are defined in {_WHERE.get(kind, 'the registers')}"


def _name(entry: Any, model: Any) -> str:
    for name, single in model.singles.items():
        if entry is single:
            return str(name)  # whole-file registers: name the file, not 'header'
    for document in model.documents:
        if document.meta is entry:
            return f"document {document.id}"
    return label(entry) if by_model(type(entry)) is not None else "header"


def _dotted(keys: tuple[str | int, ...]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out
