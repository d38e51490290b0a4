"""Checks of the incident register (Annex A 5.24-5.28, 6.8): timeline, lessons learned, regulatory clocks."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Case, Repo, case_id

INC = "registers/incidents.yml"
SENT = "        at: 2026-04-05T10:00+01:00\n"
LATE_HINT = "record the reasons for the delay in 'rationale:' and raise a nonconformity on the reporting process"
NIS2 = ("registers/isms.yml", "scope: DOC-SCOPE\n", "scope: DOC-SCOPE\nnis2: {in_scope: true, entity: important}\n")
DETECTED = "    detected_at: 2026-11-20T09:00Z\n"
SIGNIFICANT = (INC, DETECTED, DETECTED + "    significant: true\n")
NOTIFY_HINT = "or record why it is not reportable"


def sent(at: str) -> tuple[str, str, str]:
    return (INC, SENT, f"        at: {at}\n")


CASES = [
    Case(
        "incident-closed-without-lessons",
        "incident-lessons",
        ((INC, "    lessons_learned: Laptops are never left in cars; full-disk encryption held.\n", ""),),
        (
            f"{INC}:15: warning: incident INC-1: closed without lessons learned — record in 'lessons_learned:'"
            " what was learned and what changed to prevent it happening again",
        ),
    ),
    Case(
        "incident-contained-before-classified",
        "incident-timeline",
        ((INC, "contained_at: 2026-04-03T15:30+02:00", "contained_at: 2026-04-03T14:50+02:00"),),
        (
            f"{INC}:14: error: incident INC-1: contained_at (2026-04-03 14:50 +02:00) is before classified_at"
            " (2026-04-03 15:00 +02:00) — correct the moments: detected, reported, classified, contained and"
            " closed happen in that order",
        ),
    ),
    Case(
        "incident-reported-before-detected-in-another-time-zone",
        "incident-timeline",
        ((INC, "reported_at: 2026-04-03T14:35+02:00", "reported_at: 2026-04-03T12:10Z"),),
        (
            f"{INC}:12: error: incident INC-1: reported_at (2026-04-03 12:10 +00:00) is before detected_at"
            " (2026-04-03 14:20 +02:00) — correct the moments: detected, reported, classified, contained and"
            " closed happen in that order",
        ),
    ),
    Case(
        "incident-gdpr-notified-72-hours-1-minute-after-detection",
        "incident-notification-late",
        (sent("2026-04-06T13:21+01:00"),),
        (
            f"{INC}:21: warning: incident INC-1: GDPR Art. 33 notification to the supervisory authority made"
            " 72 h 1 min after detection, past its deadline 2026-04-06 14:20 +02:00 (within 72 hours of"
            f" detection) — {LATE_HINT}",
        ),
    ),
    Case(
        "incident-gdpr-notification-missing",
        "incident-notification-overdue",
        ((INC, "    notifications:\n      gdpr:\n" + SENT + "        to: Information Commissioner's Office\n", ""),),
        (
            f"{INC}:17: warning: incident INC-1: GDPR Art. 33 notification to the supervisory authority was due by"
            " 2026-04-06 14:20 +02:00 (within 72 hours of detection) and is not recorded — notify now and record it"
            f" under 'notifications: gdpr:' with its time, {NOTIFY_HINT}",
        ),
    ),
    Case(
        "incident-nis2-significant-without-notifications",
        "incident-notification-overdue",
        (NIS2, SIGNIFICANT),
        (
            f"{INC}:33: warning: incident INC-2: NIS2 Art. 23 early warning was due by 2026-11-21 09:00 +00:00"
            " (within 24 hours of detection) and is not recorded — notify now and record it under 'notifications:"
            f" nis2_early_warning:' with its time, {NOTIFY_HINT}",
            f"{INC}:33: warning: incident INC-2: NIS2 Art. 23 incident notification was due by 2026-11-23 09:00"
            " +00:00 (within 72 hours of detection) and is not recorded — notify now and record it under"
            f" 'notifications: nis2_notification:' with its time, {NOTIFY_HINT}",
        ),
    ),
    Case(
        "incident-nis2-early-warning-late",
        "incident-notification-late",
        (
            NIS2,
            SIGNIFICANT,
            (
                INC,
                "    significant: true\n",
                "    significant: true\n    notifications:\n"
                "      nis2_early_warning: {at: '2026-11-21T10:01+01:00'}\n"
                "      nis2_notification: {at: '2026-11-22T09:00Z'}\n",
            ),
        ),
        (
            f"{INC}:35: warning: incident INC-2: NIS2 Art. 23 early warning made 24 h 1 min after detection, past its"
            f" deadline 2026-11-21 09:00 +00:00 (within 24 hours of detection) — {LATE_HINT}",
        ),
    ),
    Case(
        "incident-nis2-final-report-late",
        "incident-notification-late",
        (
            NIS2,
            (INC, "    breach_risk: risk\n", "    breach_risk: risk\n    significant: true\n"),
            (
                INC,
                "        to: Information Commissioner's Office\n",
                "        to: Information Commissioner's Office\n"
                "      nis2_early_warning: {at: '2026-04-04T08:00+02:00'}\n"
                "      nis2_notification: {at: '2026-04-05T09:00+02:00'}\n"
                "      nis2_final_report: {at: '2026-05-05T07:01Z'}\n",
            ),
        ),
        (
            f"{INC}:26: warning: incident INC-1: NIS2 Art. 23 final report made on 2026-05-05 07:01 +00:00, past its"
            f" deadline 2026-05-05 09:00 +02:00 (within one month of the notification) — {LATE_HINT}",
        ),
    ),
    Case(
        "incident-closed-in-future",
        "completion-in-future",
        ((INC, "closed_at: 2026-04-10T11:00+02:00", "closed_at: 2026-11-29T00:30+02:00"),),
        (
            f"{INC}:15: error: incident INC-1: closed_at is 2026-11-29, after today (2026-11-28)"
            " — correct the date to the day it was done, or record it as not yet done",
        ),
    ),
    Case(
        "incident-names-an-unknown-supplier",
        "unknown-reference",
        ((INC, "suppliers: [SUP-1]", "suppliers: [SUP-11]"),),
        (
            f"{INC}:26: error: incident INC-1: suppliers[0]: 'SUP-11' is not a known supplier"
            " — did you mean 'SUP-1'? suppliers are defined in registers/suppliers.yml",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_incident_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(
    ("at", "late"),
    [
        ("2026-04-06T13:19+01:00", False),  # 71 h 59 min, written an hour behind the detection's zone
        ("2026-04-06T14:20+02:00", False),  # exactly 72 h
        ("2026-04-06T12:20Z", False),  # 72 h, in UTC
        ("2026-04-06T12:21Z", True),  # 72 h 1 min
        ("2026-04-06T14:21+02:00", True),
        ("2026-04-06T15:19+03:00", False),  # 71 h 59 min, an hour ahead
    ],
)
def test_the_gdpr_clock_is_counted_in_real_time_across_time_zones(repo: Repo, at: str, late: bool) -> None:
    repo.replace(*sent(at))
    rules = [finding.rule for finding in repo.check().findings]
    assert rules == (["incident-notification-late"] if late else [])


def open_breach(repo: Repo, detected: str) -> None:
    """INC-2 made a personal data breach detected at ``detected``, with no notification recorded."""
    repo.replace(INC, DETECTED, f"    detected_at: {detected}\n    personal_data: true\n\n")


@pytest.mark.parametrize(
    ("detected", "due_day"),
    [
        ("2026-11-20T23:30-05:00", dt.date(2026, 11, 23)),  # due 2026-11-24 04:30 UTC: still the 23rd in New York
        ("2026-11-20T00:30+09:00", dt.date(2026, 11, 23)),  # due 2026-11-22 15:30 UTC: the 23rd in Tokyo
    ],
)
def test_an_open_clock_is_overdue_after_the_day_its_deadline_falls_on_where_it_was_detected(
    repo: Repo, detected: str, due_day: dt.date
) -> None:
    open_breach(repo, detected)
    for day, overdue in ((due_day, False), (due_day + dt.timedelta(days=1), True)):
        judged = repo.check(day).facts
        (deadline,) = [d for d in judged.deadlines if d.rule == "incident-notification-overdue"]
        assert (deadline.id, deadline.date, deadline.overdue) == ("INC-2", due_day, overdue)


def test_a_breach_recorded_as_unlikely_to_result_in_a_risk_needs_no_notification(repo: Repo) -> None:
    open_breach(repo, "2026-11-20T09:00Z")
    assert [finding.rule for finding in repo.check().findings] == ["incident-notification-overdue"]
    repo.replace(INC, "    personal_data: true\n\n", "    personal_data: true\n    breach_risk: unlikely\n")
    assert repo.findings() == []


def test_nis2_clocks_run_only_for_an_organisation_in_scope(repo: Repo) -> None:
    repo.replace(*SIGNIFICANT)
    assert repo.findings() == []
    repo.replace(*NIS2)
    assert len(repo.findings()) == 2
    repo.replace("registers/isms.yml", "in_scope: true", "in_scope: false")
    assert repo.findings() == []


def test_the_final_report_is_due_a_month_after_the_notification_while_that_is_not_made(repo: Repo) -> None:
    repo.replace(*NIS2)
    repo.replace(*SIGNIFICANT)
    due = {d.title.split(":")[0]: d.date for d in repo.check().facts.deadlines if d.kind == "incident notification"}
    assert due == {
        "NIS2 Art. 23 early warning": dt.date(2026, 11, 21),
        "NIS2 Art. 23 incident notification": dt.date(2026, 11, 23),
        "NIS2 Art. 23 final report": dt.date(2026, 12, 23),
    }


@pytest.mark.parametrize("written", ["2026-11-20T09:00", "2026-11-20", "2026-11-20T09:00+2"])
def test_a_moment_needs_a_time_of_day_and_a_time_zone(repo: Repo, written: str) -> None:
    repo.replace(INC, DETECTED, f"    detected_at: {written}\n")
    assert repo.findings() == [
        f"{INC}:32: error: incidents[1].detected_at: '{written}' is not a moment: write the date, time of day and"
        " time zone offset, e.g. 2026-10-03T14:20+02:00 (Z for UTC)"
    ]
