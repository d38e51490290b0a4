"""Incidents (Annex A 5.24-5.28, 6.8): a timeline in order, lessons learned, and notifications in time."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, problem
from isms.core.clocks import elapsed, moment
from isms.core.facts import incident_closed

STAGES = ("detected_at", "reported_at", "classified_at", "contained_at", "closed_at")
"""The moments of an incident, in the order they happen."""


@check(
    "incident-timeline",
    "error",
    "An incident's moments are out of order (reported before detected, closed before contained...).",
    clauses=("A.5.24", "A.5.26"),
)
def incident_timeline(context: Context) -> Iterator[Problem]:
    for incident in context.model.incidents:
        earlier = None
        for key in STAGES:
            value = getattr(incident, key)
            if value is None:
                continue
            if earlier is not None and value < getattr(incident, earlier):
                yield problem(
                    incident,
                    (key,),
                    f"incident {incident.id}: {key} ({moment(value)}) is before {earlier}"
                    f" ({moment(getattr(incident, earlier))})",
                    "correct the moments: detected, reported, classified, contained and closed happen in that order",
                )
                break
            earlier = key


@check(
    "incident-lessons",
    "warning",
    "A closed incident records no lessons learned.",
    clauses=("A.5.27",),
)
def incident_lessons(context: Context) -> Iterator[Problem]:
    for incident in context.model.incidents:
        if incident_closed(incident) and not incident.lessons_learned:
            yield problem(
                incident,
                ("closed_at",),
                f"incident {incident.id}: closed without lessons learned",
                "record in 'lessons_learned:' what was learned and what changed to prevent it happening again",
            )


@check(
    "incident-notification-overdue",
    "warning",
    "A reportable incident (GDPR Art. 33 personal data breach; NIS2 Art. 23 significant incident) has a"
    " notification not made and past its deadline.",
    clauses=("A.5.26", "A.5.31"),
)
def incident_notification_overdue(context: Context) -> Iterator[Problem]:
    for clock in context.facts.clocks:
        if not clock.overdue(context.as_of):
            continue
        incident = clock.incident
        yield problem(
            incident,
            (clock.trigger,),
            f"incident {incident.id}: {clock.title} was due by {moment(clock.due)}"
            f" (within {clock.limit}) and is not recorded",
            f"notify now and record it under 'notifications: {clock.key}:' with its time, or record why it is not"
            " reportable",
        )


@check(
    "incident-notification-late",
    "warning",
    "A notification of a reportable incident was made after its deadline (GDPR Art. 33: 72 hours; NIS2 Art. 23:"
    " 24 hours, 72 hours, one month).",
    clauses=("A.5.26", "A.5.31"),
)
def incident_notification_late(context: Context) -> Iterator[Problem]:
    for clock in context.facts.clocks:
        if not clock.late or clock.done is None:
            continue
        incident = clock.incident
        if clock.key == "nis2_final_report":
            took = f"on {moment(clock.done)}"
        else:
            took = f"{elapsed(incident.detected_at, clock.done)} after detection"
        yield problem(
            incident,
            ("notifications", clock.key, "at"),
            f"incident {incident.id}: {clock.title} made {took}, past its deadline {moment(clock.due)}"
            f" (within {clock.limit})",
            "record the reasons for the delay in 'rationale:' and raise a nonconformity on the reporting process",
        )
