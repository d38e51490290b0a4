"""Regulatory clocks of incidents: when a notification to an authority falls due, counted from detection.

GDPR Art. 33: a personal data breach is notified to the supervisory authority within 72 hours of becoming
aware of it, unless it is unlikely to result in a risk to people's rights and freedoms. NIS2 Art. 23, for
an organisation that declares itself in scope in ``registers/isms.yml``: a significant incident gets an
early warning within 24 hours, an incident notification within 72 hours, and a final report within one
month of the notification.

Moments are compared as instants, so a notification written in another time zone than the detection is
on time or late by the clock, not by the digits. A clock still open is overdue once the day its deadline
falls on (in the time zone of the detection) has passed the as-of date: the same rule as every other
deadline, so ``isms check``, ``isms due`` and the pages agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from isms.core.derive import add_months
from isms.core.models import registers as r

GDPR_HOURS = 72
NIS2_EARLY_WARNING_HOURS = 24
NIS2_NOTIFICATION_HOURS = 72
NIS2_FINAL_REPORT_MONTHS = 1


@dataclass(frozen=True)
class Clock:
    """One notification an incident calls for: by when, and when (if at all) it was made."""

    incident: r.Incident = field(compare=False, repr=False)
    regime: str  # "GDPR Art. 33", "NIS2 Art. 23"
    what: str  # "notification to the supervisory authority"
    key: str  # the field under ``notifications`` that records it
    trigger: str  # the field that makes the incident reportable, where an open clock is reported
    limit: str  # "72 hours", "one month of the notification"
    due: dt.datetime
    done: dt.datetime | None

    @property
    def late(self) -> bool:
        """Made, but after its deadline."""
        return self.done is not None and self.done > self.due

    @property
    def due_day(self) -> dt.date:
        """The day the deadline falls on, in the time zone the detection was recorded in."""
        return self.due.astimezone(self.incident.detected_at.tzinfo).date()

    def overdue(self, as_of: dt.date) -> bool:
        """Not made, and the day of its deadline has passed."""
        return self.done is None and self.due_day < as_of

    @property
    def title(self) -> str:
        return f"{self.regime} {self.what}"


def nis2_in_scope(isms: r.IsmsFile | None) -> bool:
    """Whether the organisation declares itself in scope of NIS2."""
    return isms is not None and isms.nis2 is not None and isms.nis2.in_scope


def gdpr_reportable(incident: r.Incident) -> bool:
    """A personal data breach not recorded as unlikely to result in a risk: Art. 33 calls for notification."""
    return incident.personal_data and incident.breach_risk != "unlikely"


@dataclass(frozen=True)
class _Step:
    regime: str
    what: str
    key: str
    trigger: str
    limit: str
    hours: int | None  # None: one month after the incident notification


GDPR_STEP = _Step(
    "GDPR Art. 33",
    "notification to the supervisory authority",
    "gdpr",
    "personal_data",
    f"{GDPR_HOURS} hours of detection",
    GDPR_HOURS,
)
NIS2_STEPS = (
    _Step(
        "NIS2 Art. 23",
        "early warning",
        "nis2_early_warning",
        "significant",
        f"{NIS2_EARLY_WARNING_HOURS} hours of detection",
        NIS2_EARLY_WARNING_HOURS,
    ),
    _Step(
        "NIS2 Art. 23",
        "incident notification",
        "nis2_notification",
        "significant",
        f"{NIS2_NOTIFICATION_HOURS} hours of detection",
        NIS2_NOTIFICATION_HOURS,
    ),
    _Step("NIS2 Art. 23", "final report", "nis2_final_report", "significant", "one month of the notification", None),
)


def clocks(incident: r.Incident, nis2: bool) -> list[Clock]:
    """The notifications ``incident`` calls for; ``nis2``: whether the organisation is in scope of NIS2."""
    steps = [GDPR_STEP] if gdpr_reportable(incident) else []
    if nis2 and incident.significant:
        steps += NIS2_STEPS
    found: list[Clock] = []
    for step in steps:
        if step.hours is not None:
            due = incident.detected_at + dt.timedelta(hours=step.hours)
        else:
            # One month after the notification was made; while it is not, after its deadline.
            notification = found[-1]
            due = _months_later(notification.done or notification.due, NIS2_FINAL_REPORT_MONTHS)
        notice = getattr(incident.notifications, step.key)
        found.append(
            Clock(
                incident, step.regime, step.what, step.key, step.trigger, step.limit, due, notice.at if notice else None
            )
        )
    return found


def _months_later(moment: dt.datetime, months: int) -> dt.datetime:
    """The same time of day, ``months`` calendar months later (the last day of a shorter month)."""
    return dt.datetime.combine(add_months(moment.date(), months), moment.timetz())


def elapsed(start: dt.datetime, end: dt.datetime) -> str:
    """The time between two moments in hours and minutes, e.g. '72 h 1 min'."""
    minutes = int((end - start).total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    sign = "-" if minutes < 0 else ""
    return f"{sign}{hours} h {rest} min"


def moment(value: dt.datetime) -> str:
    """A moment as messages and pages write it: 2026-10-06 14:20 +02:00."""
    offset = value.strftime("%z")
    return f"{value:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}" if offset else f"{value:%Y-%m-%d %H:%M}"
