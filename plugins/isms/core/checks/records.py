"""Records that age or must match what they describe: evidence, training, register approval."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from isms.core.checks.base import Context, Problem, check, overdue, problem
from isms.core.facts import COMPLETION_GRACE_DAYS, Deadline, register_review_every, shortfall
from isms.core.models import registers as r


def _is_repository_path(location: str) -> bool:
    return "://" not in location and not location.startswith("mailto:")


@check(
    "evidence-file",
    "error",
    "An evidence file in the repository is missing or its SHA-256 does not match.",
    clauses=("7.5.3",),
)
def evidence_file(context: Context) -> Iterator[Problem]:
    root = context.model.root.resolve()
    for evidence in context.model.evidence:
        if not _is_repository_path(evidence.location):
            continue
        try:
            target = (root / evidence.location).resolve()
        except (OSError, ValueError, RuntimeError):  # a symlink loop (text holds no NUL: the load refuses it)
            yield problem(
                evidence,
                ("location",),
                f"evidence {evidence.id}: {evidence.location!r} is not a usable file path",
                "give a path relative to the repository root, or a URL",
            )
            continue
        if not target.is_relative_to(root):
            yield problem(
                evidence,
                ("location",),
                f"evidence {evidence.id}: '{evidence.location}' is outside the repository",
                "keep evidence files inside the repository and give their path relative to its root, or a URL",
            )
            continue
        if not target.is_file():
            yield problem(
                evidence,
                ("location",),
                f"evidence {evidence.id}: the file '{evidence.location}' does not exist",
                "give a path relative to the repository root, or a URL",
            )
            continue
        try:
            actual = _sha256(target)
        except OSError as exc:
            yield problem(
                evidence, ("location",), f"evidence {evidence.id}: cannot read '{evidence.location}': {exc.strerror}"
            )
            continue
        if evidence.sha256 is None:
            yield problem(
                evidence,
                ("location",),
                f"evidence {evidence.id}: a repository file needs its sha256",
                f"add 'sha256: {actual}' after checking the file is the right one",
            )
            continue
        if actual != evidence.sha256:
            yield problem(
                evidence,
                ("sha256",),
                f"evidence {evidence.id}: '{evidence.location}' has changed since it was recorded "
                f"(sha256 {actual[:12]}…, recorded {evidence.sha256[:12]}…)",
                "if the change is legitimate, record the new sha256 and effective_on",
            )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@check("evidence-expired", "warning", "An evidence record has expired.", clauses=("7.5.3",))
def evidence_expired(context: Context) -> Iterator[Problem]:
    return overdue(
        context,
        "evidence-expired",
        lambda due: f"evidence {due.id}: expired on {due.date}",
        "replace it with a current record, or remove it",
    )


@check(
    "training-overdue",
    "warning",
    "A recurring training programme was not delivered within its interval.",
    clauses=("7.2", "7.3"),
)
def training_overdue(context: Context) -> Iterator[Problem]:
    for due in context.facts.overdue("training-overdue"):
        programme: r.Programme = due.entry
        if programme.last_delivered is None:
            yield Problem(
                due.path, due.line, f"programme {due.id}: never delivered", "deliver it and set 'last_delivered:'"
            )
        else:
            yield Problem(
                due.path,
                due.line,
                f"programme {due.id}: next delivery was due on {due.date}",
                "deliver it and update 'last_delivered:' and completion",
            )


@check("register-approval", "warning", "A register file does not record who approved it and when.", clauses=("7.5.2",))
def register_approval(context: Context) -> Iterator[Problem]:
    for file in context.model.files:
        header = file.header
        if header is None:
            continue
        for key in ("approved_by", "approved_on"):
            if getattr(header, key) is None:
                yield Problem(
                    file.path,
                    header.line(),
                    f"{file.path}: the header has no '{key}'",
                    "registers are controlled documents too (7.5.3): record their approval",
                )


def review_interval(context: Context, file: str) -> str:
    """How often an entry of the register file ``file`` is reviewed, and why, in words."""
    every, default = register_review_every(next((f.header for f in context.model.files if f.path == file), None))
    return f"every {every} months" + (" by default" if default else f": the review_every of {file}")


@check(
    "register-review-overdue",
    "warning",
    "A register file is past its review date: its header's next_review, or review_every (by default 12) months"
    " after its approval (7.5.2, 7.5.3).",
    clauses=("7.5.2", "7.5.3"),
)
def register_review_overdue(context: Context) -> Iterator[Problem]:
    def message(due: Deadline) -> str:
        header = due.entry
        default = header.review_every is None and header.next_review is None
        reason = " (12 months after approval by default: the header sets no review_every or next_review)"
        return f"{due.id}: review overdue since {due.date}" + (reason if default else "")

    return overdue(
        context,
        "register-review-overdue",
        message,
        "review the register, then update its version and approved_on (and next_review)",
    )


def _entry_reviews(context: Context, rule: str, what: str, hint: str) -> Iterator[Problem]:
    for due in context.facts.overdue(rule):
        entry = due.entry
        if entry.reviewed_on is None:
            yield Problem(
                due.path, due.line, f"{due.kind.split()[0]} {due.id}: {what} never reviewed (no 'reviewed_on')", hint
            )
        else:
            yield Problem(
                due.path,
                due.line,
                f"{due.kind.split()[0]} {due.id}: {what} review overdue since {due.date} (last reviewed"
                f" {entry.reviewed_on}, {review_interval(context, entry.file)})",
                hint,
            )


@check(
    "requirement-review-overdue",
    "warning",
    "A requirement's compliance was never reviewed, or not within its register's review_every (by default 12)"
    " months (5.31, 5.36).",
    clauses=("A.5.31", "A.5.36"),
)
def requirement_review_overdue(context: Context) -> Iterator[Problem]:
    return _entry_reviews(
        context,
        "requirement-review-overdue",
        "compliance",
        "review compliance with the requirement (5.31, 5.36) and set 'reviewed_on:' to the date",
    )


@check(
    "asset-review-overdue",
    "warning",
    "An asset in use was never reviewed, or not within its register's review_every (by default 12) months (5.9).",
    clauses=("A.5.9",),
)
def asset_review_overdue(context: Context) -> Iterator[Problem]:
    return _entry_reviews(
        context,
        "asset-review-overdue",
        "inventory entry",
        "review the entry (owner, location, classification, values) (5.9) and set 'reviewed_on:' to the date",
    )


@check(
    "training-completion",
    "warning",
    "A training programme's completion is below its target 30 days or more after it was delivered.",
    clauses=("7.2", "7.3"),
)
def training_completion(context: Context) -> Iterator[Problem]:
    for programme in context.model.training:
        missing = shortfall(programme)
        delivered = programme.last_delivered
        if not missing or delivered is None or (context.as_of - delivered).days < COMPLETION_GRACE_DAYS:
            continue
        percent = 100 * programme.completed / programme.required
        yield problem(
            programme,
            ("completed",),
            f"programme {programme.id}: {programme.completed} of {programme.required} completed ({percent:.1f}%),"
            f" below the target of {programme.target:g}%; {missing} more needed",
            "follow up with those who have not completed it and update 'completed:'",
        )
