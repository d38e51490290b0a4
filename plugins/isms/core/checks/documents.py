"""Control of documented information (7.5): approval, segregation of approval, review dates, history."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, overdue, problem
from isms.core.generated import AREA, is_generated
from isms.core.models.registers import SEPARATE_APPROVAL_DEFAULT
from isms.core.people import same_person


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


def _separately_approved(context: Context) -> tuple[set[str], str]:
    """What needs an approver other than its owner, and the end of the hint saying where that comes from."""
    isms = context.model.isms
    if isms is None or isms.document_control is None:
        where = "policies need one by default; document_control.separate_approval in registers/isms.yml says what else"
        return set(SEPARATE_APPROVAL_DEFAULT), where
    required: set[str] = set(isms.document_control.separate_approval)
    return required, "as document_control.separate_approval in registers/isms.yml requires"


def _self_approval(context: Context, owner: str, approver: str) -> str | None:
    how = same_person(context.model.roles, owner, approver)
    if how is None:
        return None
    if how == "the same role":
        return f"approved by its own owner ({owner})"
    return f"approved by {approver}, but its owner {owner} and {approver} are {how}"


@check(
    "approver-is-owner",
    "warning",
    "An approved document or register is approved by its owner, or by the same person in another role, where"
    " registers/isms.yml requires separate approval (default: policies).",
    clauses=("5.3", "7.5.3", "A.5.3"),
)
def approver_is_owner(context: Context) -> Iterator[Problem]:
    required, where = _separately_approved(context)

    def hint(key: str) -> str:
        return f"have someone else approve it and name their role in '{key}:' (segregation of duties; {where})"

    for document in context.model.documents:
        meta = document.meta
        if meta.status != "approved" or meta.type not in required or meta.approver is None:
            continue
        if what := _self_approval(context, meta.owner, meta.approver):
            yield problem(document, ("approver",), f"document {document.id}: {what}", hint("approver"))
    if "register" not in required:
        return
    for file in context.model.files:
        header = file.header
        if header is None or header.approved_by is None:
            continue
        if what := _self_approval(context, header.owner, header.approved_by):
            yield Problem(file.path, header.line("approved_by"), f"{file.path}: {what}", hint("approved_by"))


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


_CONTROLLED_FOLDERS = ("policies/", "procedures/")
"""Folders under docs/ that hold controlled documents only (their section index page aside)."""


@check(
    "document-without-id",
    "warning",
    "A page under policies/ or procedures/, or with document fields (owner, version, approved_on...), has no id: "
    "it is published as an ordinary page, outside document control.",
    clauses=("7.5.2", "7.5.3"),
)
def without_id(context: Context) -> Iterator[Problem]:
    for page in context.model.pages:
        name = page.src_uri.rpartition("/")[2]
        if page.document_fields:
            keys = ", ".join(key for key, _ in page.document_fields)
            yield Problem(
                page.path,
                min(line for _, line in page.document_fields),
                f"the page has document fields ({keys}) but no 'id': it is published as an ordinary page, "
                "outside document control",
                "add 'id:' and the other document fields to the front matter (isms new shows them), "
                "or remove those fields",
            )
        elif page.src_uri.startswith(_CONTROLLED_FOLDERS) and name not in ("index.md", "README.md"):
            folder = page.src_uri.partition("/")[0]
            yield Problem(
                page.path,
                1,
                f"a page under {folder}/ without an 'id' is published as an ordinary page, outside document control",
                "give it the front matter of a controlled document (isms new shows it), or move it out of "
                f"docs/{folder}/",
            )


@check(
    "generated-page-clash",
    "error",
    "A page of yours stands where the isms plugin generates one (docs/isms/...), so the build cannot use it.",
    clauses=("7.5.3",),  # documented information available where and when it is needed
)
def generated_page_clash(context: Context) -> Iterator[Problem]:
    pages = [(document.path, document.src_uri) for document in context.model.documents]
    pages += [(page.path, page.src_uri) for page in context.model.pages]
    for path, src_uri in sorted(pages):
        if is_generated(src_uri):
            yield Problem(
                path,
                1,
                f"{src_uri} is a page the isms plugin generates from the registers",
                f"rename your file or move it out of docs/{AREA}/",
            )
