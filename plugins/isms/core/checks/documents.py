"""Control of documented information (7.5): approval, review dates, history."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, overdue, problem


@check(
    "document-approval",
    "error",
    "An approved document does not name its approver and approval date.",
    clauses=("7.5.2",),
)
def approval(context: Context) -> Iterator[Problem]:
    for document in context.model.documents:
        meta = document.meta
        if meta.status != "approved":
            continue
        for key in ("approver", "approved_on"):
            if getattr(meta, key) is None:
                yield problem(
                    document,
                    ("status",),
                    f"document {document.id}: it is approved but has no '{key}'",
                    f"add '{key}:' to the front matter (7.5.3), or set status: draft",
                )


@check(
    "document-review-date",
    "warning",
    "An approved document has no review date (review_every or next_review).",
    clauses=("7.5.2",),
)
def review_date(context: Context) -> Iterator[Problem]:
    for document in context.model.documents:
        meta = document.meta
        if meta.status == "approved" and meta.review_every is None and meta.next_review is None:
            yield problem(
                document,
                ("status",),
                f"document {document.id}: no review date",
                "add 'review_every:' (months) or 'next_review:' (date) to the front matter",
            )


@check("document-review-overdue", "warning", "A document is past its review date.", clauses=("7.5.2",))
def review_overdue(context: Context) -> Iterator[Problem]:
    return overdue(
        context,
        "document-review-overdue",
        lambda due: f"document {due.id}: review overdue since {due.date}",
        "review the document, then update version, approved_on and history",
    )


@check(
    "document-history", "warning", "A document's latest history entry does not match its version.", clauses=("7.5.3",)
)
def history(context: Context) -> Iterator[Problem]:
    for document in context.model.documents:
        meta = document.meta
        if not meta.history:
            continue
        latest = max(meta.history, key=lambda entry: entry.date)
        if latest.version != meta.version:
            yield problem(
                document,
                ("version",),
                f"document {document.id}: version is {meta.version} but the latest history entry is {latest.version}",
                "add a history entry for this version (version, date, author, summary)",
            )
