"""Competence (7.2): every role with ISMS responsibilities has the competence it requires recorded, and the
people holding it are assessed against it, with evidence, on time, and their gaps closed by effective actions."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, overdue, problem
from isms.core.facts import isms_responsibilities


def _name(text: str) -> str:
    return " ".join(text.split()).casefold()


@check(
    "competence-missing",
    "warning",
    "A role with ISMS responsibilities (responsibilities listed, or top management) has no competence record (7.2 a).",
    clauses=("7.2",),
)
def competence_missing(context: Context) -> Iterator[Problem]:
    model = context.model
    # Judged once the register is kept: without it, the dashboard's support step says it is missing.
    if "competence" not in model.present or model.broken("competence"):
        return
    recorded = {record.role for record in model.competence}
    for role in model.roles:
        if isms_responsibilities(role) and role.id not in recorded:
            yield problem(
                role,
                ("id",),
                f"role {role.id}: has ISMS responsibilities but no competence record",
                "add it to registers/competence.yml: the competences the role requires and the evidence that the"
                " people holding it meet them",
            )


@check(
    "competence-evidence",
    "warning",
    "The holder of a role is not recorded in its competence record, or a person's competence was never assessed"
    " or has no evidence (7.2 b, d).",
    clauses=("7.2",),
)
def competence_evidence(context: Context) -> Iterator[Problem]:
    roles = {role.id: role for role in context.model.roles}
    for record in context.model.competence:
        role = roles.get(record.role)
        names = {_name(holder.person) for holder in record.holders}
        if role is not None and role.holder and _name(role.holder) not in names:
            yield problem(
                record,
                ("role",),
                f"competence of {record.role}: {role.holder}, who holds the role, is not under 'holders:'",
                "record the evidence of their competence and when it was assessed",
            )
        for index, holder in enumerate(record.holders):
            where = ("holders", index, "person")
            if holder.assessed_on is None:
                yield problem(
                    record,
                    where,
                    f"competence of {record.role}: {holder.person}: competence never assessed",
                    "assess it against the competences the role requires and record 'assessed_on:'",
                )
            elif not holder.evidence and not holder.training:
                yield problem(
                    record,
                    where,
                    f"competence of {record.role}: {holder.person}: no evidence of competence",
                    "name the evidence records (certificates, an assessed CV, course records) in 'evidence:' or"
                    " the training programmes completed in 'training:'",
                )


@check(
    "competence-assessment-overdue",
    "warning",
    "A person's competence for their role was not assessed again by its due date (7.2).",
    clauses=("7.2",),
)
def competence_assessment_overdue(context: Context) -> Iterator[Problem]:
    yield from overdue(
        context,
        "competence-assessment-overdue",
        lambda due: f"competence of {due.id}: assessment due on {due.date}",
        "assess it again and update 'assessed_on:' (and 'next_assessment:' when not in 12 months)",
    )


@check(
    "competence-gap-overdue",
    "warning",
    "An action to close a competence gap is past its due date (7.2 c).",
    clauses=("7.2",),
)
def competence_gap_overdue(context: Context) -> Iterator[Problem]:
    yield from overdue(
        context,
        "competence-gap-overdue",
        lambda due: f"competence of {due.id}: the action was due on {due.date}",
        "complete it and record 'closed_on:' with how its effectiveness was evaluated in 'effectiveness:', or"
        " agree a new 'due:' date",
    )


@check(
    "competence-gap-effectiveness",
    "warning",
    "A competence gap was closed without the effectiveness of the action taken being evaluated (7.2 c).",
    clauses=("7.2",),
)
def competence_gap_effectiveness(context: Context) -> Iterator[Problem]:
    for record in context.model.competence:
        for index, holder in enumerate(record.holders):
            for number, gap in enumerate(holder.gaps):
                if gap.closed_on is not None and gap.effectiveness is None:
                    yield problem(
                        record,
                        ("holders", index, "gaps", number, "closed_on"),
                        f"competence of {record.role}: {holder.person}: gap {number + 1} closed without its"
                        " effectiveness evaluated",
                        "record in 'effectiveness:' how you checked that the action worked (an assessment, an"
                        " observed task, a test) and the result",
                    )
