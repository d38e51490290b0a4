"""Who may judge what: auditors independent of the area they audit (9.2.2), top management chairing the
management review (9.3.1, 5.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, problem
from isms.core.models import registers as r
from isms.core.repository import Model

IMPARTIAL = "auditors never audit their own work (9.2.2 objectivity and impartiality)"


def names(text: str, person: str) -> bool:
    """Whether ``text`` names ``person``: their name as whole words, whatever the case ('Aisha Rahman (internal')."""
    return re.search(rf"(?<!\w){re.escape(person.strip())}(?!\w)", text, re.IGNORECASE) is not None


def people(role: r.Role) -> list[str]:
    """The people who act in ``role``: its holder and its deputy."""
    return [person for person in (role.holder, role.deputy) if person]


def tie(auditor: str, role: r.Role, roles: dict[str, r.Role]) -> str | None:
    """How ``auditor`` (a role id or a person's name) is ``role`` itself, in words; None when it is not.

    A role id is the role, or the same person as its holder or deputy; a name is the role's holder or deputy.
    """
    if auditor == role.id:
        return "is"
    own = roles.get(auditor)
    for person, part in ((role.holder, "holder"), (role.deputy, "deputy")):
        if not person:
            continue
        if own is not None and person in people(own):
            return f"({person}) is the {part} of"
        if own is None and names(auditor, person):
            return f"is the {part} of"
    return None


def auditor_roles(auditor: str, roles: dict[str, r.Role]) -> list[str]:
    """The roles an auditor holds: the role its id names, or those whose holder it names."""
    if auditor in roles:
        return [auditor]
    return [role.id for role in roles.values() if role.holder and names(auditor, role.holder)]


def _overlaps(clause: str, audited: list[str]) -> bool:
    """Whether ``clause`` is audited: named, within an audited clause, or holding one (9 and 9.2, 9.2 and 9.2.2)."""
    return any(clause == other or clause.startswith(other + ".") or other.startswith(clause + ".") for other in audited)


def owned(model: Model, audit: r.Audit, holds: list[str]) -> list[str]:
    """What the roles ``holds`` own among what ``audit`` audits, in words: the controls they own in the SoA, the
    documents listing an audited clause, and the registers that record an audited clause (the catalogue's
    ``met_by``: the audits register for 9.2)."""
    found = [
        f"control {entry.control} (its SoA owner)"
        for entry in model.soa
        if entry.owner in holds and entry.control in audit.controls
    ]
    for document in model.documents:
        if document.meta.owner not in holds or document.meta.status == "retired":
            continue
        found += _of(f"document {document.id}", [c for c in document.meta.clauses if _overlaps(c, audit.clauses)])
    kept_in: dict[str, list[str]] = {}  # register -> audited clauses whose record it is (6.2: objectives)
    for clause in model.catalogue.clauses.values():
        if _overlaps(clause.id, audit.clauses):
            for name in clause.registers:
                kept_in.setdefault(name, []).append(clause.id)
    for file in model.files:
        if file.header is not None and file.header.owner in holds:
            found += _of(f"register {file.path}", kept_in.get(file.register, []))
    return found


def _of(what: str, clauses: list[str]) -> list[str]:
    """``what`` with the audited clauses it serves, as one item; nothing when it serves none."""
    if not clauses:
        return []
    return [f"{what} (clause{'s' if len(clauses) > 1 else ''} {', '.join(clauses)})"]


@check(
    "audit-impartiality",
    "warning",
    "An internal audit names no auditee, or its auditor holds an audited role or owns a control, document or"
    " register audited (9.2.2: objectivity and impartiality).",
    clauses=("9.2.2",),
)
def audit_impartiality(context: Context) -> Iterator[Problem]:
    model = context.model
    roles = {role.id: role for role in reversed(model.roles)}  # the first of duplicate ids wins
    for audit in model.audits:
        if audit.status == "cancelled":
            continue
        if not audit.auditees:
            yield problem(
                audit,
                ("auditor",),
                f"audit {audit.id}: names no auditee, so the auditor's independence cannot be judged",
                "add 'auditees:' with the roles that own the area audited (9.2.2)",
            )
        ties = [
            (role.id, how)
            for role in (roles[ident] for ident in dict.fromkeys(audit.auditees) if ident in roles)
            if (how := tie(audit.auditor, role, roles)) is not None
        ]
        if ties:
            role_id, how = ties[0]
            yield problem(
                audit,
                ("auditor",),
                f"audit {audit.id}: the auditor '{audit.auditor}' "
                + ("is one of its auditees" if how == "is" else f"{how} {role_id}, one of its auditees"),
                f"have someone independent of the area audit it: {IMPARTIAL}",
            )
            continue
        holds = auditor_roles(audit.auditor, roles)
        own = owned(model, audit, holds)
        if own:
            yield problem(
                audit,
                ("auditor",),
                f"audit {audit.id}: the auditor '{audit.auditor}' ({', '.join(holds)}) owns what the audit covers: "
                + "; ".join(own),
                f"have another auditor audit these, or take them out of the audit's scope: {IMPARTIAL}",
            )


@check(
    "review-chair",
    "warning",
    "A management review is chaired by a role not marked as top management, or no role is (9.3.1, 5.1).",
    clauses=("9.3.1", "5.1"),
)
def review_chair(context: Context) -> Iterator[Problem]:
    model = context.model
    if not model.roles:
        return
    top = [role.id for role in model.roles if role.top_management]
    if not top:
        if model.broken("role"):
            return  # the role that failed to load may be the one marked: its own finding is reported
        yield Problem(
            model.register_path("roles"),
            1,
            "no role is marked as top management",
            "set 'top_management: true' on the roles that direct and control the organisation at the highest"
            " level (5.1); one of them chairs the management review (9.3.1)",
        )
        return
    known = {role.id for role in model.roles}
    for review in model.reviews:
        if review.chair in top or review.chair not in known:  # an unknown role is unknown-reference's
            continue
        yield problem(
            review,
            ("chair",),
            f"review {review.id}: chaired by '{review.chair}', a role not marked as top management",
            f"have top management ({', '.join(dict.fromkeys(top))}) chair it, or set 'top_management: true' on"
            f" {review.chair} in {model.register_path('roles')} if it is (9.3.1, 5.1)",
        )
