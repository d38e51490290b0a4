"""Checks of the context of the organisation (4.1, 4.2) and of the management review inputs the registers
provide (9.3.2): issues and parties reviewed, addressed requirements tracked, climate change recorded once."""

from __future__ import annotations

import datetime as dt

import pytest

from isms.core.facts import ReviewPeriod
from isms.core.readiness import steps
from tests.conftest import Case, Repo, case_id

CTX = "registers/context.yml"
IP = "registers/parties.yml"
ISMS = "registers/isms.yml"
MR = "registers/reviews.yml"
REVIEW_HINT = (
    "review it (is it still relevant, has it changed?) and set 'reviewed_on:' to the date; an issue that no longer"
    " applies gets 'retired_on:'"
)
UNLINKED_HINT = (
    "add 'requirement: REQ-...' naming the entry that tracks it and its controls (isms new requirement), or set"
    " 'addressed: false' with a 'note:' saying why the ISMS does not address it"
)
CLIMATE_ISSUE = (
    "  - id: CTX-3\n    title: Climate change\n    kind: external\n    climate_change: true\n    relevant: {relevant}\n"
    "    effect: Flooding of the one office would stop on-site work\n    owner: ciso\n    reviewed_on: 2026-03-01\n"
)
SECOND_REVIEW = """
  - id: MR-2026-B
    date: 2026-09-01
    status: held
    chair: ceo
    attendees: [ceo, ciso]
    inputs:
      a: The one action of MR-2026 is open and on time
      b: No change
      c: No change
      e: None received
      f: R-1 reassessed in June
"""


def add(path: str, text: str) -> object:
    return lambda repo: repo.write(path, repo.read(path) + text)


CASES = [
    Case(
        "context-issue-review-a-year-old",
        "context-review-overdue",
        ((CTX, "    identified_on: 2026-01-10\n    reviewed_on: 2026-03-01", "    reviewed_on: 2025-10-01"),),
        (
            f"{CTX}:13: warning: issue CTX-1: review of the issue overdue since 2026-10-01 (last reviewed 2025-10-01,"
            f" every 12 months by default) — {REVIEW_HINT}",
        ),
    ),
    Case(
        "interested-party-never-reviewed",
        "context-review-overdue",
        ((IP, "    owner: ciso\n    reviewed_on: 2026-03-01\n", "    owner: ciso\n"),),
        (
            f"{IP}:6: warning: interested party IP-1: its requirements never reviewed (no 'reviewed_on')"
            f" — {REVIEW_HINT}",
        ),
    ),
    Case(
        "interested-party-reviewed-within-its-register-interval",
        "context-review-overdue",
        ((IP, "approved_on: 2026-01-15\n", "approved_on: 2026-06-01\nreview_every: 6\n"),),
        (
            f"{IP}:21: warning: interested party IP-1: review of its requirements overdue since 2026-09-01 (last"
            f" reviewed 2026-03-01, every 6 months: the review_every of {IP}) — {REVIEW_HINT}",
        ),
    ),
    Case(
        "party-requirement-addressed-without-register-entry",
        "party-requirement-unlinked",
        ((IP, "        requirement: REQ-1\n", ""),),
        (
            f"{IP}:10: warning: interested party IP-1: requirement 1 is addressed by the ISMS but names no entry of"
            f" registers/requirements.yml — {UNLINKED_HINT}",
        ),
    ),
    Case(
        "party-requirement-names-an-unknown-requirement",
        "unknown-reference",
        ((IP, "requirement: REQ-1", "requirement: REQ-11"),),
        (
            f"{IP}:11: error: interested party IP-1: requirements[0].requirement: 'REQ-11' is not a known requirement"
            " — did you mean 'REQ-1'? requirements are defined in registers/requirements.yml",
        ),
    ),
    Case(
        "context-issue-names-an-unknown-party",
        "unknown-reference",
        ((CTX, "parties: [IP-1]", "parties: [IP-01]"),),
        (
            f"{CTX}:11: error: issue CTX-1: parties[0]: 'IP-01' is not a known party — did you mean 'IP-1'?"
            " interested parties are defined in registers/parties.yml",
        ),
    ),
    Case(
        "climate-change-in-the-context-register-and-in-isms-yml",
        "climate-change-recorded-twice",
        (add(CTX, CLIMATE_ISSUE.format(relevant="true")),),
        (
            f"{ISMS}:10: warning: isms: whether climate change is a relevant issue is also recorded by issue CTX-3,"
            " and the two disagree — remove 'climate:' from registers/isms.yml: the issue in"
            " registers/context.yml is the one record",
        ),
    ),
    Case(
        "climate-change-in-two-context-issues",
        "climate-change-recorded-twice",
        (
            (
                ISMS,
                "climate: {relevant: false, rationale: Office-based services with no climate-exposed sites or"
                " duties}\n",
                "",
            ),
            add(
                CTX,
                CLIMATE_ISSUE.format(relevant="false")
                + CLIMATE_ISSUE.format(relevant="false").replace("CTX-3", "CTX-4"),
            ),
        ),
        (
            f"{CTX}:32: warning: issue CTX-4: whether climate change is a relevant issue is also recorded by issue"
            " CTX-3 — keep one issue with 'climate_change: true' and merge what this one says into it",
        ),
    ),
    Case(
        "review-silent-on-nonconformities-and-improvements-of-its-period",
        "review-input-unrecorded",
        (add(MR, SECOND_REVIEW),),
        (
            f"{MR}:31: warning: review MR-2026-B: input d (Feedback on information security performance:"
            " nonconformities and corrective actions; monitoring and measurement results; audit results;"
            " fulfilment of objectives) is not recorded, though the registers hold 3 record(s) for it since MR-2026:"
            " NC-1, INC-1, OBJ-1 — summarise under 'inputs: d:' what was presented on them; the reviews page lists"
            " them beside the review",
            f"{MR}:31: warning: review MR-2026-B: input g (Opportunities for continual improvement) is not recorded,"
            " though the registers hold 2 record(s) for it since MR-2026: IMP-1, IMP-2 — summarise under"
            " 'inputs: g:' what was presented on them; the reviews page lists them beside the review",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_context_check(repo: Repo, case: Case) -> None:
    case.run(repo)


def test_the_context_register_holds_the_climate_change_determination_alone(repo: Repo) -> None:
    repo.replace(
        ISMS,
        "climate: {relevant: false, rationale: Office-based services with no climate-exposed sites or duties}\n",
        "",
    )
    repo.write(CTX, repo.read(CTX) + CLIMATE_ISSUE.format(relevant="true"))
    assert repo.findings() == []
    determined = repo.check().facts
    assert [step.summary for step in steps(determined.model, determined, ()) if step.key == "scope"] == [
        "Scope v1.0 approved 2026-01-15, next review 2027-01-15; 3 issues, 1 interested party; climate change relevant"
    ]


def test_a_retired_issue_is_no_longer_reviewed(repo: Repo) -> None:
    repo.replace(CTX, "    owner: cto\n    reviewed_on: 2026-03-01\n", "    owner: cto\n    reviewed_on: 2024-03-01\n")
    assert [f.split(": warning: ")[1].split(" (")[0] for f in repo.findings()] == [
        "issue CTX-2: review of the issue overdue since 2025-03-01"
    ]
    repo.replace(CTX, "    reviewed_on: 2024-03-01\n", "    reviewed_on: 2024-03-01\n    retired_on: 2024-06-01\n")
    assert repo.findings() == []
    assert [d.id for d in repo.check().facts.deadlines if d.rule == "context-review-overdue"] == ["CTX-1", "IP-1"]


@pytest.mark.parametrize(("day", "overdue"), [(dt.date(2027, 3, 1), False), (dt.date(2027, 3, 2), True)])
def test_an_issue_is_due_a_year_after_its_review(repo: Repo, day: dt.date, overdue: bool) -> None:
    (deadline,) = [d for d in repo.check(day).facts.deadlines if d.id == "CTX-1"]
    assert (deadline.rule, deadline.date, deadline.overdue) == ("context-review-overdue", dt.date(2027, 3, 1), overdue)


def test_review_inputs_from_the_registers_for_each_period(repo: Repo) -> None:
    repo.write(MR, repo.read(MR) + SECOND_REVIEW)
    periods = {(p.review.id if p.review else None): p for p in repo.check().facts.periods}
    assert list(periods) == ["MR-2026", "MR-2026-B", None]  # no review planned: the next one's period too
    first, second, upcoming = periods["MR-2026"], periods["MR-2026-B"], periods[None]
    assert (first.previous, first.start, first.end) == (None, None, dt.date(2026, 3, 15))
    assert [(p.previous.id if p.previous else None, p.start, p.end) for p in (second, upcoming)] == [
        ("MR-2026", dt.date(2026, 3, 15), dt.date(2026, 9, 1)),
        ("MR-2026-B", dt.date(2026, 9, 1), dt.date(2026, 11, 28)),  # so far, as of the day judged
    ]
    assert lines(first) == {
        "b": ["CTX-1 new external issue: Customers require certification"],
        "d": ["NC-1 minor, raised 2026-02-11", "IA-1 completed 2026-02-11: 1 minor"],
        "e": ["IP-1 2026-02-20, Customers: Asked when the certificate is expected"],
        "f": [
            "1 risk(s) last assessed in the period, 0 above the acceptance threshold",
            "treatment plan: 0 done, 1 open",
        ],
        "g": ["IMP-1 raised 2026-03-15: Automate evidence collection"],
    }
    assert lines(second) == {
        "a": ["MR-2026 action 1: open, due 2026-12-31"],
        "d": [
            "NC-1 minor, closed 2026-05-01",
            "INC-1 severity 3, detected 2026-04-03, closed: Laptop with customer contacts stolen from a car",
            "OBJ-1 80% on 2026-03-31 against 95%: not met",
        ],
        "f": [
            "2 risk(s) last assessed in the period, 2 above the acceptance threshold",
            "treatment plan: 1 done, 1 open",
        ],
        "g": [
            "IMP-1 done 2026-05-20: Automate evidence collection",
            "IMP-2 raised 2026-06-01: Phishing simulation every quarter",
        ],
    }
    assert lines(upcoming)["d"] == [
        "INC-2 severity 4, detected 2026-11-20, open: Phishing email reported by staff",
        "OBJ-1 90% on 2026-09-30 against 95%: not met",
    ]


def test_review_inputs_judge_actions_as_they_stood_at_the_end_of_the_period(repo: Repo) -> None:
    repo.write(MR, repo.read(MR) + SECOND_REVIEW.replace("2026-09-01", "2027-01-05"))
    periods = {(p.review.id if p.review else None): p for p in repo.check(dt.date(2027, 1, 10)).facts.periods}
    (item,) = periods["MR-2026-B"].items["a"]
    assert (item.text, item.late) == ("action 1: overdue, due 2026-12-31", True)
    repo.replace(MR, "        status: open\n", "        status: done\n        completed_on: 2027-01-04\n")
    periods = {(p.review.id if p.review else None): p for p in repo.check(dt.date(2027, 1, 10)).facts.periods}
    (item,) = periods["MR-2026-B"].items["a"]
    assert (item.text, item.late) == ("action 1: done 2027-01-04", False)


def lines(period: ReviewPeriod) -> dict[str, list[str]]:
    return {key: [f"{i.id} {i.text}".strip() for i in items] for key, items in period.items.items() if items}
