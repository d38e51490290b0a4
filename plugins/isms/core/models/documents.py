"""Front matter of controlled documents: Markdown pages under ``docs/`` whose front matter has an ``id``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from isms.core.models.registers import Classification
from isms.core.models.types import ClauseId, ControlId, Date, Entry, RiskId, RoleId, Strict, Text, Version

DocumentType = Literal[
    "policy", "procedure", "standard", "plan", "guideline", "record", "report", "manual", "statement"
]
DocumentStatus = Literal["draft", "in review", "approved", "retired"]


class HistoryEntry(Strict):
    version: Version = Field(description="Version this entry describes.")
    date: Date = Field(description="Date of the change.")
    author: Text = Field(description="Who made the change (a role id or a name).")
    summary: Text = Field(description="What changed.")


class FrontMatter(Entry):
    """Document control fields of a controlled document: a policy, procedure, record, statement..."""

    id: Text = Field(description="Stable document id, e.g. POL-AC. A page with an id is a controlled document.")
    title: Text = Field(description="Document title (also the page title).")
    type: DocumentType = Field(
        description="policy, procedure, standard, plan, guideline, record, report, manual (an ISMS manual) or "
        "statement (a scope statement, the context of the organisation).",
    )
    owner: RoleId = Field(description="Role that owns the document.")
    approver: RoleId | None = Field(None, description="Role that approves it; required once approved.")
    version: Version = Field(description="Version, e.g. '2.1'.")
    status: DocumentStatus = Field(description="draft, in review, approved or retired.")
    approved_on: Date | None = Field(None, description="Date of approval of this version; required once approved.")
    review_every: int | None = Field(None, ge=1, le=60, description="Months between reviews (or give next_review).")
    next_review: Date | None = Field(None, description="Date of the next review (or give review_every).")
    classification: Classification = Field(description="public, internal or confidential.")
    controls: list[ControlId] = Field(default_factory=list, description="Annex A controls the document implements.")
    clauses: list[ClauseId] = Field(default_factory=list, description="ISO/IEC 27001 clauses it meets.")
    risks: list[RiskId] = Field(default_factory=list, description="Risks it treats.")
    history: list[HistoryEntry] = Field(default_factory=list, description="Change history, newest last.")
    # Keys that MkDocs and Material read are kept as they are.
    hide: list[Text] | None = Field(None, description="Material: parts of the page to hide.")
    icon: Text | None = Field(None, description="Material: page icon.")
    description: Text | None = Field(None, description="Page description for search engines.")
    template: Text | None = Field(None, description="MkDocs: page template.")
    search: dict[str, Any] | None = Field(None, description="Material: search settings for the page.")
    tags: list[Text] | None = Field(None, description="Material: page tags.")
    subtitle: Text | None = Field(None, description="Material: subtitle.")
    comments: bool | None = Field(None, description="Material: comments on the page.")

    @model_validator(mode="after")
    def _review_given_once(self) -> FrontMatter:
        if self.review_every is not None and self.next_review is not None:
            raise ValueError("give review_every or next_review, not both")
        return self


DOCUMENT_FIELDS = ("owner", "approver", "version", "approved_on", "review_every", "next_review", "history")
"""Front-matter fields only a controlled document has: on a page without an ``id`` they mean one was forgotten."""


class PageMeta(Strict):
    """The one front-matter key an ordinary page (no ``id``) must get right: who may read it."""

    classification: Classification = Field(
        "internal", description="Who may read the page: public, internal (staff; the default) or confidential."
    )
