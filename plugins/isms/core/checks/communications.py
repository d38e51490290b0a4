"""Communication (7.4): recurring communications take place on time, and the information security policy is
communicated (5.2 e)."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, problem
from isms.core.facts import document_in_force


@check(
    "communication-overdue",
    "warning",
    "A recurring communication has not taken place within its interval, or never has (7.4).",
    clauses=("7.4",),
)
def communication_overdue(context: Context) -> Iterator[Problem]:
    for due in context.facts.overdue("communication-overdue"):
        if due.entry.last_on is None:
            message = f"communication {due.id}: recurs every {due.entry.every} months but never took place"
        else:
            message = f"communication {due.id}: due again on {due.date}"
        yield Problem(
            due.path,
            due.line,
            message,
            "communicate it and record 'last_on:' and its 'record:' (an evidence record)",
        )


@check(
    "communication-policy",
    "warning",
    "The information security policy is not named by any communication in the communication register (5.2 e, 7.4).",
    clauses=("5.2", "7.4"),
)
def communication_policy(context: Context) -> Iterator[Problem]:
    model = context.model
    # Judged once the register is kept: without it, the dashboard's support step says it is missing.
    if "communications" not in model.present or model.broken("communication"):
        return
    named = {document for communication in model.communications for document in communication.documents}
    for document in model.documents:
        meta = document.meta
        if meta.type == "policy" and "5.2" in meta.clauses and document_in_force(document) and meta.id not in named:
            yield problem(
                document,
                ("id",),
                f"document {meta.id}: the information security policy is not communicated",
                "name it under 'documents:' of a communication in registers/communications.yml: to whom, how and"
                " when it is communicated (5.2 e)",
            )
