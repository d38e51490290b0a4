"""The registers under ``registers/``: one model per kind of entry, and the header every file carries.

Descriptions here are the authors' reference: the site's field reference (``isms/reference/``) and the
JSON Schemas are generated from them, so a field is documented exactly once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from isms.core.models.types import (
    AssetId,
    ClauseId,
    ControlId,
    Date,
    DocumentId,
    Entry,
    EvidenceId,
    Handle,
    Moment,
    NonconformityId,
    PartyId,
    ReportId,
    RequirementId,
    RiskId,
    RoleId,
    Strict,
    SupplierId,
    Text,
    TrainingId,
    Version,
)

Classification = Literal["public", "internal", "confidential"]


class Header(Entry):
    """The header that makes every register file a controlled document of its own."""

    version: Version = Field(description="Version of this register file, e.g. '1.3'.")
    owner: RoleId = Field(description="Role that owns the register.")
    approved_by: RoleId | None = Field(None, description="Role that approved this version.")
    approved_on: Date | None = Field(None, description="Date of approval (YYYY-MM-DD).")
    classification: Classification = Field(
        "internal", description="Who may read it: public, internal (staff) or confidential (auditors)."
    )
    review_every: int | None = Field(
        None,
        ge=1,
        le=60,
        description="Months between reviews of this register file, counted from approved_on (or give next_review;"
        " 12 when neither is given).",
    )
    next_review: Date | None = Field(None, description="Date of the next review of this file (or give review_every).")

    @model_validator(mode="after")
    def _one_review_date(self) -> Header:
        if self.review_every is not None and self.next_review is not None:
            raise ValueError("give review_every or next_review, not both")
        return self


# --- isms.yml -----------------------------------------------------------------------------------


class Organisation(Strict):
    name: Text = Field(description="Name the site and exports show.")
    legal_name: Text | None = Field(None, description="Registered legal name, if different.")
    address: Text | None = Field(None, description="Registered address.")
    employees: int | None = Field(None, ge=1, description="Head count in scope.")
    website: Text | None = Field(None, description="Public website.")


class CertificationAudit(Strict):
    id: Text = Field(description="Stable id, e.g. CB-2025-S2.")
    type: Literal["stage 1", "stage 2", "surveillance", "recertification", "special", "transition"] = Field(
        description="Kind of certification body audit."
    )
    planned_on: Date | None = Field(None, description="Planned start date.")
    start: Date | None = Field(None, description="First day on site or remote.")
    end: Date | None = Field(None, description="Last day.")
    auditor: Text | None = Field(None, description="Lead auditor's name.")
    result: Literal["planned", "passed", "passed with findings", "failed"] = Field(
        "planned", description="Outcome; 'planned' until it has taken place."
    )
    report: Text | None = Field(None, description="Reference to the audit report (document id, file or URL).")
    findings: list[Text] = Field(default_factory=list, description="Short statements of the findings raised.")
    nonconformities: list[NonconformityId] = Field(
        default_factory=list, description="Nonconformities opened from this audit."
    )


class Certificate(Strict):
    number: Text | None = Field(None, description="Certificate number.")
    issued_on: Date = Field(description="Date the certificate was issued (the certification decision).")
    expires_on: Date = Field(description="Date the certificate expires (at most three years of validity).")


class Certification(Strict):
    standard: Text = Field("ISO/IEC 27001:2022", description="Standard certified against.")
    body: Text | None = Field(None, description="Certification body.")
    accreditation: Text | None = Field(None, description="Accreditation body and number of the certification body.")
    certificate_number: Text | None = Field(
        None, description="Certificate number, when one certificate is recorded (else use 'certificates:')."
    )
    issued_on: Date | None = Field(
        None, description="Date the certificate was issued, when one certificate is recorded (else 'certificates:')."
    )
    expires_on: Date | None = Field(
        None, description="Date the certificate expires, when one certificate is recorded (else 'certificates:')."
    )
    certificates: list[Certificate] = Field(
        default_factory=list,
        description="Every certificate, one per three-year cycle, oldest first; audits belong to a cycle by their"
        " date. Replaces certificate_number, issued_on and expires_on.",
    )
    audits: list[CertificationAudit] = Field(
        default_factory=list, description="Stage 1 and 2, surveillance and recertification audits of every cycle."
    )

    @model_validator(mode="after")
    def _one_way_to_write_the_certificate(self) -> Certification:
        single = [k for k in ("certificate_number", "issued_on", "expires_on") if getattr(self, k) is not None]
        if self.certificates and single:
            raise ValueError(
                f"write the certificate either under 'certificates:' or as {', '.join(single)}, not both;"
                " move it into 'certificates:' as an entry with number, issued_on and expires_on"
            )
        return self


class ClimateChange(Strict):
    relevant: bool = Field(
        description="Whether climate change is a relevant issue for the ISMS (4.1, ISO/IEC 27001:2022/Amd 1:2024)."
    )
    rationale: Text = Field(
        description="Why, and where it is addressed: the issues, interested parties' climate requirements (4.2"
        " note) and the risks or documents that deal with them."
    )
    determined_on: Date | None = Field(None, description="When it was last determined (at management review).")


class AuditProgramme(Strict):
    interval: int = Field(
        12,
        ge=1,
        le=36,
        description="Longest time, in months, between completed internal audits (9.2.1: at planned intervals);"
        " audit-programme-overdue warns when none was completed within it.",
    )


SeparatelyApproved = Literal[
    "policy", "procedure", "standard", "plan", "guideline", "record", "report", "manual", "statement", "register"
]
"""What the ISMS may require to be approved by someone other than its owner: a document type (the types of
``documents.DocumentType``, which imports this module), or ``register``."""

SEPARATE_APPROVAL_DEFAULT: tuple[SeparatelyApproved, ...] = ("policy",)
"""What needs an approver other than its owner when ``registers/isms.yml`` does not say (5.3, Annex A 5.3)."""


class DocumentControl(Strict):
    separate_approval: list[SeparatelyApproved] = Field(
        default_factory=lambda: list(SEPARATE_APPROVAL_DEFAULT),
        description="Document types (policy, procedure, ...) and 'register' (every register file's header) whose"
        " approver must be someone other than their owner (segregation of duties, Annex A 5.3). Default: [policy];"
        " [] requires it of none.",
    )


class Nis2(Strict):
    in_scope: bool = Field(
        description="Whether the organisation is an essential or important entity under NIS2 (Directive (EU)"
        " 2022/2555): then its significant incidents are reported under Art. 23."
    )
    entity: Literal["essential", "important"] | None = Field(None, description="essential or important entity.")
    authority: Text | None = Field(None, description="The CSIRT or competent authority it reports to.")
    rationale: Text | None = Field(None, description="Why it is, or is not, in scope (sector, size, member states).")


class IsmsFile(Header):
    """``registers/isms.yml``: the organisation, its ISMS scope and its certification."""

    organisation: Organisation = Field(description="The organisation running the ISMS.")
    scope: DocumentId = Field(description="Id of the controlled document that states the ISMS scope (4.3).")
    document_control: DocumentControl | None = Field(
        None, description="Rules of document control (7.5.3) the checks hold documents and registers to."
    )
    climate: ClimateChange | None = Field(
        None,
        description="Whether climate change is a relevant issue (4.1 and 4.2 as amended by Amd 1:2024). Still read;"
        " with a context register, record it there instead (an issue with climate_change: true), once.",
    )
    audit_programme: AuditProgramme | None = Field(
        None,
        description="Settings of the internal audit programme (9.2.2); without it, audits are due every 12 months.",
    )
    certification: Certification | None = Field(None, description="Certificate and certification audits.")
    nis2: Nis2 | None = Field(
        None, description="Whether NIS2 applies: its incident reporting clocks (Art. 23) run for significant incidents."
    )


# --- roles.yml ----------------------------------------------------------------------------------


class Role(Entry):
    id: Text = Field(description="Stable id used wherever an owner or approver is named, e.g. ciso.")
    title: Text = Field(description="Role title, e.g. Chief Information Security Officer.")
    holder: Text | None = Field(None, description="Person holding the role now.")
    deputy: Text | None = Field(None, description="Person standing in.")
    handle: Handle | None = Field(
        None, description="Repository-host handle of the holder, for CODEOWNERS: @user, @org/team or an email address."
    )
    responsibilities: list[Text] = Field(default_factory=list, description="What the role is responsible for.")
    top_management: bool = Field(
        False,
        description="Whether the role is top management (5.1): it directs and controls the organisation at the"
        " highest level, and may chair the management review (9.3).",
    )


# --- methodology.yml ----------------------------------------------------------------------------


class ScalePoint(Strict):
    value: int = Field(ge=1, description="Position on the scale, from 1 upwards without gaps.")
    name: Text = Field(description="Short name, e.g. Likely.")
    criteria: Text = Field(description="When this value applies.")


class Level(Strict):
    id: Text = Field(description="Level id used in the grid and the threshold, e.g. high.")
    name: Text = Field(description="Name shown on the site.")
    colour: Text = Field(pattern=r"^#[0-9a-fA-F]{6}$", description="Colour of the level in heat maps, as #rrggbb.")
    min_score: int | None = Field(
        None, ge=1, description="Lowest likelihood × impact score in this band (matrix: product)."
    )
    max_score: int | None = Field(None, ge=1, description="Highest score in this band (matrix: product).")
    review_every: int = Field(ge=1, le=60, description="Months between reassessments of a risk at this level.")
    accepted_by: list[RoleId] = Field(
        default_factory=list,
        description="Roles that may accept a risk at this level, e.g. [ceo]. Not given: the risk's owner, or the"
        " acceptance authority.",
    )
    owner_accepts: bool | None = Field(
        None,
        description="Whether the risk's own owner may also accept a risk at this level. Not given: only when"
        " `accepted_by` is empty.",
    )
    max_acceptance_months: int | None = Field(
        None, ge=1, le=60, description="Longest acceptance of a risk at this level, in months; overrides max_months."
    )


class Acceptance(Strict):
    threshold: Text = Field(description="Highest level that may be accepted without treatment (a level id).")
    authority: RoleId | None = Field(
        None,
        description="Role that may accept a risk of any level whose `accepted_by` is not given, besides its owner.",
    )
    max_months: int | None = Field(
        None, ge=1, le=60, description="Longest acceptance, in months from its date to its expiry (6.1.2 a)."
    )


class MethodologyFile(Header):
    """``registers/methodology.yml``: the risk criteria of 6.1.2."""

    likelihood: list[ScalePoint] = Field(min_length=2, description="Likelihood scale, lowest first.")
    impact: list[ScalePoint] = Field(min_length=2, description="Impact scale, lowest first.")
    levels: list[Level] = Field(min_length=2, description="Risk levels, lowest first.")
    matrix: Literal["product", "grid"] = Field(
        "product",
        description="How a level is found: 'product' bands likelihood × impact by min_score/max_score; "
        "'grid' looks the level up in `grid`.",
    )
    grid: list[list[Text]] | None = Field(
        None, description="For matrix: grid, one row per likelihood (lowest first), one level id per impact."
    )
    acceptance: Acceptance = Field(description="Risk acceptance criteria.")


# --- assets.yml ---------------------------------------------------------------------------------

AssetType = Literal["information", "software", "hardware", "service", "people", "site", "supplier", "intangible"]


class Asset(Entry):
    id: Text = Field(description="Stable id, e.g. AST-014.")
    name: Text = Field(description="Name of the asset.")
    type: AssetType = Field(
        description="information, software, hardware, service, people, site, supplier or intangible."
    )
    description: Text | None = Field(None, description="What it is.")
    format: Text | None = Field(None, description="For information: digital, paper, ...")
    owner: RoleId = Field(description="Role accountable for the asset.")
    custodian: RoleId | None = Field(None, description="Role that looks after it day to day.")
    location: Text | None = Field(None, description="Where it is: site, cloud region, system.")
    classification: Classification = Field(description="public, internal or confidential.")
    confidentiality: int = Field(ge=1, le=5, description="Confidentiality value, 1 (low) to 5 (critical).")
    integrity: int = Field(ge=1, le=5, description="Integrity value, 1 to 5.")
    availability: int = Field(ge=1, le=5, description="Availability value, 1 to 5.")
    backup: Text | None = Field(None, description="How it is backed up.")
    licence: Text | None = Field(None, description="Licence or contract it is used under.")
    processes: list[Text] = Field(default_factory=list, description="Business processes it supports.")
    value: Text | None = Field(None, description="Business value in a few words.")
    depends_on: list[AssetId] = Field(default_factory=list, description="Assets it depends on.")
    status: Literal["planned", "in use", "retired"] = Field("in use", description="Lifecycle status.")
    reviewed_on: Date | None = Field(
        None,
        description="Date the entry (owner, location, classification, values) was last reviewed; an asset in use is"
        " reviewed at least every 12 months, or every review_every months of its register file's header.",
    )


# --- risks.yml ----------------------------------------------------------------------------------


class Rating(Strict):
    likelihood: int = Field(ge=1, description="Likelihood, a value of the methodology's likelihood scale.")
    impact: int = Field(ge=1, description="Impact, a value of the methodology's impact scale.")


class RiskAcceptance(Strict):
    by: RoleId = Field(
        description="Role that accepted the risk: one the methodology allows for the risk's level (residual, or"
        " inherent without a residual rating)."
    )
    on: Date = Field(description="Date of acceptance.")
    expires: Date | None = Field(None, description="Date the acceptance lapses and must be renewed.")
    justification: Text = Field(description="Why the risk is accepted.")


class Risk(Entry):
    id: Text = Field(description="Stable id, e.g. R-007.")
    title: Text = Field(description="Short statement of the risk.")
    description: Text | None = Field(None, description="The scenario in full.")
    assets: list[AssetId] = Field(default_factory=list, description="Assets at risk.")
    threat: Text = Field(description="The threat.")
    vulnerability: Text = Field(description="The vulnerability it exploits.")
    owner: RoleId = Field(description="Risk owner (6.1.2 c 2).")
    existing_controls: list[ControlId] = Field(default_factory=list, description="Controls already in place.")
    inherent: Rating = Field(description="Likelihood and impact before treatment; score and level are derived.")
    residual: Rating | None = Field(None, description="Target likelihood and impact after treatment.")
    treatment: Literal["modify", "retain", "avoid", "share"] = Field(description="Treatment option (6.1.3 a).")
    controls: list[ControlId] = Field(default_factory=list, description="Controls chosen to treat the risk.")
    acceptance: RiskAcceptance | None = Field(None, description="Acceptance of the residual risk (6.1.3 f).")
    status: Literal["open", "treated", "accepted", "closed"] = Field("open", description="Where the risk stands.")
    identified_on: Date | None = Field(None, description="Date first identified.")
    last_assessed: Date = Field(
        description="Date of the last assessment; reassessment is due per the level's interval."
    )


# --- treatments.yml -----------------------------------------------------------------------------


class Treatment(Entry):
    id: Text = Field(description="Stable id, e.g. T-012.")
    risks: list[RiskId] = Field(min_length=1, description="Risks this action treats.")
    action: Text = Field(description="What will be done.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls the action implements.")
    owner: RoleId = Field(description="Role responsible for the action.")
    resources: Text | None = Field(None, description="Budget, people or tools needed (6.2 e).")
    priority: Literal["high", "medium", "low"] = Field(description="high, medium or low.")
    start: Date | None = Field(None, description="Planned start.")
    due: Date = Field(description="Date it must be done by.")
    status: Literal["planned", "in progress", "done", "cancelled"] = Field(description="Progress.")
    completed_on: Date | None = Field(None, description="Date done; required when status is done.")
    evidence: list[EvidenceId] = Field(default_factory=list, description="Evidence records showing it is done.")
    approved_by: list[RoleId] = Field(
        default_factory=list,
        description="Roles that approved this action in the plan (6.1.3 f): the owner of each risk it treats, or a"
        " role the methodology allows to accept that risk.",
    )
    approved_on: Date | None = Field(None, description="Date of that approval.")

    @model_validator(mode="after")
    def _done_has_date(self) -> Treatment:
        if self.status == "done" and self.completed_on is None:
            raise ValueError("a treatment that is done needs completed_on (the date it was done)")
        return self


# --- soa.yml ------------------------------------------------------------------------------------

Reason = Literal["risk", "legal", "contractual", "business", "best practice"]


class SoaEntry(Entry):
    control: ControlId = Field(description="Annex A control number, e.g. 5.15.")
    applicable: bool = Field(description="true if the control is included, false if excluded.")
    reasons: list[Reason] = Field(
        default_factory=list, description="Why it is included: risk, legal, contractual, business, best practice."
    )
    references: list[Text] = Field(
        default_factory=list, description="Ids of the risks and requirements behind the reasons."
    )
    justification: Text | None = Field(None, description="Justification for inclusion, or (required) for exclusion.")
    status: Literal["implemented", "partial", "planned", "not implemented"] | None = Field(
        None, description="Implementation status of an applicable control."
    )
    owner: RoleId | None = Field(None, description="Control owner.")
    notes: Text | None = Field(None, description="Anything an auditor should know.")


# --- requirements.yml ---------------------------------------------------------------------------


class Requirement(Entry):
    id: Text = Field(description="Stable id, e.g. REQ-004.")
    title: Text = Field(description="Short name of the requirement.")
    type: Literal["legal", "statutory", "regulatory", "contractual", "interested party"] = Field(
        description="legal, statutory, regulatory, contractual or interested party."
    )
    source: Text = Field(description="Law, regulation, contract or party it comes from.")
    description: Text | None = Field(None, description="What it requires.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls that meet it.")
    owner: RoleId = Field(description="Role that keeps track of it.")
    reviewed_on: Date | None = Field(
        None,
        description="Date compliance was last reviewed (5.31, 5.36); reviewed at least every 12 months, or every"
        " review_every months of its register file's header.",
    )


# --- objectives.yml -----------------------------------------------------------------------------


class Measurement(Strict):
    date: Date = Field(description="Date measured.")
    value: float = Field(description="Measured value.")
    note: Text | None = Field(None, description="Comment.")


class Objective(Entry):
    id: Text = Field(description="Stable id, e.g. OBJ-03.")
    title: Text = Field(description="The objective.")
    owner: RoleId = Field(description="Role responsible for achieving it.")
    measure: Text = Field(description="What is measured and how (9.1).")
    unit: Text | None = Field(None, description="Unit of the measurements, e.g. %, days.")
    target: float = Field(description="Target value.")
    direction: Literal["at least", "at most"] = Field(
        description="Met when a measurement is at least or at most the target."
    )
    frequency: Text | None = Field(None, description="How often it is measured.")
    due: Date | None = Field(None, description="Date by which the target is to be met.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls it is about.")
    measurements: list[Measurement] = Field(default_factory=list, description="Dated measurements.")


# --- audits.yml ---------------------------------------------------------------------------------


class Finding(Strict):
    id: Text = Field(description="Stable id, e.g. IA-2025-01-F3.")
    grade: Literal["major", "minor", "observation", "opportunity"] = Field(
        description="major or minor nonconformity, observation, or opportunity for improvement."
    )
    description: Text = Field(description="What was found.")
    clauses: list[ClauseId] = Field(default_factory=list, description="Clauses concerned.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls concerned.")
    nonconformity: NonconformityId | None = Field(None, description="Nonconformity raised from it.")


class Audit(Entry):
    id: Text = Field(description="Stable id, e.g. IA-2025-01.")
    title: Text = Field(description="Name of the audit.")
    clauses: list[ClauseId] = Field(default_factory=list, description="Clauses in scope.")
    controls: list[ControlId] = Field(default_factory=list, description="Annex A controls in scope.")
    auditor: Text = Field(
        description="Who audits: a role id or a person's name, never the owner of the area audited (9.2.2)."
    )
    auditees: list[RoleId] = Field(
        default_factory=list, description="Roles that own the area audited, whom the auditor must be independent of."
    )
    planned_on: Date = Field(description="Planned date.")
    start: Date | None = Field(None, description="First day of the audit.")
    end: Date | None = Field(None, description="Last day of the audit.")
    status: Literal["planned", "in progress", "completed", "cancelled"] = Field(description="Progress.")
    report: ReportId | None = Field(
        None, description="The audit report (9.2.2): the id of a document or of an evidence record."
    )
    findings: list[Finding] = Field(default_factory=list, description="Findings, graded.")

    @model_validator(mode="after")
    def _completed_has_end(self) -> Audit:
        if self.status == "completed" and self.end is None:
            raise ValueError("a completed audit needs an end date")
        return self


# --- nonconformities.yml ------------------------------------------------------------------------


class Source(Strict):
    type: Literal["audit", "certification audit", "incident", "review", "monitoring", "complaint", "other"] = Field(
        description="Where it came from."
    )
    ref: Text | None = Field(None, description="Id of the audit finding, review, incident or other record.")


class CorrectiveAction(Strict):
    description: Text = Field(description="The action.")
    owner: RoleId = Field(description="Role responsible.")
    due: Date = Field(description="Due date.")
    status: Literal["open", "in progress", "done"] = Field(description="Progress.")
    completed_on: Date | None = Field(None, description="Date done.")


class Effectiveness(Strict):
    reviewed_on: Date = Field(description="Date effectiveness was reviewed (10.2 d).")
    by: RoleId = Field(description="Role that reviewed it.")
    effective: bool = Field(description="Whether the actions worked.")
    notes: Text | None = Field(None, description="What was looked at.")


class Similar(Strict):
    checked_on: Date = Field(description="Date it was checked whether similar nonconformities exist or could occur.")
    result: Text = Field(description="What was looked at and what was found (10.2 b 3).")
    related: list[NonconformityId] = Field(
        default_factory=list, description="Ids of similar nonconformities found, if any."
    )


class Nonconformity(Entry):
    id: Text = Field(description="Stable id, e.g. NC-2025-04.")
    title: Text = Field(description="Short statement.")
    source: Source = Field(description="Audit finding, incident, review... it came from.")
    raised_on: Date = Field(description="Date raised.")
    grade: Literal["major", "minor"] = Field(description="major or minor.")
    description: Text = Field(description="The nonconformity and the requirement not met.")
    clauses: list[ClauseId] = Field(default_factory=list, description="Clauses concerned.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls concerned.")
    owner: RoleId = Field(description="Role responsible for closing it.")
    correction: Text | None = Field(None, description="Immediate correction (10.2 a).")
    root_cause: Text | None = Field(None, description="Root cause found (10.2 b).")
    similar: Similar | None = Field(
        None, description="Whether similar nonconformities exist or could potentially occur (10.2 b 3)."
    )
    actions: list[CorrectiveAction] = Field(default_factory=list, description="Corrective actions (10.2 c).")
    effectiveness: Effectiveness | None = Field(None, description="Review of effectiveness (10.2 d).")
    status: Literal["open", "closed"] = Field(description="open or closed.")
    closed_on: Date | None = Field(None, description="Date closed.")


# --- reviews.yml --------------------------------------------------------------------------------

ReviewInput = Literal["a", "b", "c", "d", "e", "f", "g"]


class ReviewAction(Strict):
    description: Text = Field(description="The action decided.")
    owner: RoleId = Field(description="Role responsible.")
    due: Date = Field(description="Due date.")
    status: Literal["open", "in progress", "done"] = Field(description="Progress.")
    completed_on: Date | None = Field(None, description="Date done.")


class Review(Entry):
    id: Text = Field(description="Stable id, e.g. MR-2025.")
    date: Date = Field(description="Date the review was held (or is planned).")
    status: Literal["planned", "held"] = Field(description="planned or held.")
    chair: RoleId = Field(description="Role chairing the review (top management).")
    attendees: list[RoleId] = Field(default_factory=list, description="Roles present.")
    inputs: dict[ReviewInput, Text] = Field(
        default_factory=dict, description="For each 9.3.2 input covered (a to g), a summary of what was presented."
    )
    decisions: list[Text] = Field(default_factory=list, description="Decisions on improvement and changes (9.3.3).")
    actions: list[ReviewAction] = Field(default_factory=list, description="Actions decided.")
    minutes: DocumentId | None = Field(None, description="Id of the minutes document.")


# --- evidence.yml -------------------------------------------------------------------------------


class Evidence(Entry):
    id: Text = Field(description="Stable id, e.g. EV-021.")
    title: Text = Field(description="What the record is.")
    kind: Literal[
        "record", "report", "log", "configuration", "screenshot", "certificate", "contract", "minutes", "other"
    ] = Field(description="Kind of record.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls it shows working.")
    clauses: list[ClauseId] = Field(default_factory=list, description="Clauses it gives evidence for.")
    location: Text = Field(description="A URL, or a path in this repository (its sha256 is then checked).")
    sha256: Text | None = Field(
        None, pattern=r"^[0-9a-f]{64}$", description="For a file in the repository: its SHA-256, which must match."
    )
    effective_on: Date = Field(description="Date the evidence was produced.")
    expires_on: Date | None = Field(None, description="Date it stops being valid.")
    owner: RoleId = Field(description="Role that keeps it.")


# --- training.yml -------------------------------------------------------------------------------


class Programme(Entry):
    id: Text = Field(description="Stable id, e.g. TR-01.")
    title: Text = Field(description="Name of the programme.")
    kind: Literal["awareness", "training", "competence"] = Field(
        description="awareness (7.3), training or competence (7.2)."
    )
    audience: Text = Field(description="Who must take it.")
    owner: RoleId = Field(description="Role running it.")
    every: int | None = Field(None, ge=1, le=60, description="Months between deliveries.")
    last_delivered: Date | None = Field(None, description="Date last delivered.")
    completed: int = Field(0, ge=0, description="People who completed it.")
    required: int = Field(ge=0, description="People who must complete it.")
    target: float = Field(95, ge=0, le=100, description="Target completion, in percent.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls it supports (usually 6.3).")
    evidence: list[EvidenceId] = Field(default_factory=list, description="Completion records.")

    @model_validator(mode="after")
    def _completed_within_required(self) -> Programme:
        if self.completed > self.required:
            raise ValueError(f"completed ({self.completed}) is more than required ({self.required})")
        return self


# --- controls.yml -------------------------------------------------------------------------------


class OrgControl(Entry):
    id: Text = Field(
        pattern=r"^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$", description="Id, not an Annex A number, e.g. ORG.1."
    )
    title: Text = Field(description="Control title.")
    description: Text | None = Field(None, description="What the control requires.")
    framework: Text = Field("organisation", description="Framework or catalogue it comes from.")
    theme: Literal["organizational", "people", "physical", "technological"] | None = Field(None, description="Theme.")


# --- suppliers.yml ------------------------------------------------------------------------------

DataHandled = Literal["none", "public", "internal", "confidential"]


class Contract(Strict):
    reference: Text = Field(description="Contract, order form or terms it is supplied under.")
    signed_on: Date | None = Field(None, description="Date signed or accepted.")
    expires_on: Date | None = Field(None, description="Date it ends or renews.")
    security_clauses: bool = Field(
        description="Whether it holds information security requirements (5.20): confidentiality, security"
        " obligations, breach notification, audit rights, data return and deletion."
    )
    data_processing: bool = Field(False, description="Whether it includes data processing terms (GDPR Art. 28).")
    evidence: EvidenceId | None = Field(None, description="Evidence record of the signed contract.")


class SupplierAssessment(Strict):
    on: Date = Field(description="Date the assessment or review was completed.")
    by: RoleId = Field(description="Role that assessed the supplier.")
    result: Literal["satisfactory", "satisfactory with actions", "unsatisfactory"] = Field(
        description="satisfactory, satisfactory with actions, or unsatisfactory."
    )
    notes: Text | None = Field(None, description="What was looked at: certificate, SOC 2 report, DPA, incidents.")
    evidence: EvidenceId | None = Field(None, description="Evidence record of the assessment.")


class Supplier(Entry):
    id: Text = Field(description="Stable id, e.g. SUP-004.")
    name: Text = Field(description="The supplier's name.")
    service: Text = Field(description="What it supplies.")
    tier: int = Field(
        ge=1,
        le=3,
        description="Criticality: 1 (critical: holds customer data or the service stops without it), 2 (holds"
        " confidential company information or staff personal data), 3 (internal information or none).",
    )
    data: DataHandled = Field(
        description="The most sensitive classification of the information it stores, processes or can access:"
        " none, public, internal or confidential."
    )
    personal_data: bool = Field(False, description="Whether it processes personal data for us (a processor).")
    cloud: bool = Field(False, description="Whether it is a cloud service (5.23): exit and shared responsibility.")
    owner: RoleId = Field(description="Role that owns the relationship and performs the reviews.")
    contract: Contract | None = Field(None, description="The contract it is supplied under (5.20).")
    assessments: list[SupplierAssessment] = Field(
        default_factory=list, description="Assessments before contract and periodic reviews (5.22), oldest first."
    )
    next_review: Date | None = Field(
        None,
        description="Date the next review is due; default for tiers 1 and 2: 12 months after the last assessment.",
    )
    status: Literal["onboarding", "active", "exited"] = Field("active", description="onboarding, active or exited.")
    assets: list[AssetId] = Field(default_factory=list, description="Assets it provides or holds (asset inventory).")
    risks: list[RiskId] = Field(default_factory=list, description="Risks that depend on it.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls its management shows (5.19-5.23).")
    notes: Text | None = Field(None, description="Anything an auditor should know.")


# --- incidents.yml ------------------------------------------------------------------------------


class Notice(Strict):
    at: Moment = Field(description="When it was sent, with time zone, e.g. 2026-10-04T09:05+01:00.")
    to: Text | None = Field(None, description="Who received it: the supervisory authority, CSIRT or authority.")
    reference: Text | None = Field(None, description="Reference of the submission.")


class Notifications(Strict):
    gdpr: Notice | None = Field(
        None, description="Notification of a personal data breach to the supervisory authority (GDPR Art. 33)."
    )
    nis2_early_warning: Notice | None = Field(None, description="NIS2 Art. 23(4)(a) early warning to the CSIRT.")
    nis2_notification: Notice | None = Field(None, description="NIS2 Art. 23(4)(b) incident notification.")
    nis2_final_report: Notice | None = Field(None, description="NIS2 Art. 23(4)(d) final report.")


class Incident(Entry):
    id: Text = Field(description="Stable id, e.g. INC-2026-031.")
    title: Text = Field(description="Short statement of what happened.")
    description: Text | None = Field(None, description="What happened, as known.")
    severity: int = Field(ge=1, le=4, description="Severity, 1 (most severe) to 4, per the incident procedure.")
    owner: RoleId = Field(description="Role that handles the incident.")
    detected_at: Moment = Field(
        description="When the organisation became aware of it, with time zone (2026-10-03T14:20+02:00):"
        " regulatory clocks run from here."
    )
    reported_at: Moment | None = Field(None, description="When it was reported to the security team (6.8).")
    classified_at: Moment | None = Field(None, description="When it was assessed and classified (5.25).")
    contained_at: Moment | None = Field(None, description="When it was contained (5.26).")
    closed_at: Moment | None = Field(None, description="When it was closed; open until then.")
    assets: list[AssetId] = Field(default_factory=list, description="Assets affected.")
    personal_data: bool = Field(False, description="Whether personal data was involved: a personal data breach.")
    breach_risk: Literal["unlikely", "risk", "high"] | None = Field(
        None,
        description="For a personal data breach, the risk to people's rights and freedoms: 'unlikely' (no"
        " notification, GDPR Art. 33(1); record why), 'risk' (notify the supervisory authority within 72 hours)"
        " or 'high' (also tell the people affected, Art. 34). Not recorded: the 72-hour clock runs.",
    )
    significant: bool = Field(
        False, description="Whether it is a significant incident under NIS2 Art. 23(3) (when NIS2 applies)."
    )
    notifications: Notifications = Field(
        default_factory=Notifications, description="Notifications made to authorities, with their times."
    )
    rationale: Text | None = Field(None, description="Why it was, or was not, notified.")
    lessons_learned: Text | None = Field(None, description="What was learned and changed (5.27).")
    evidence: list[EvidenceId] = Field(default_factory=list, description="Evidence collected and kept (5.28).")
    risks: list[RiskId] = Field(default_factory=list, description="Risks it relates to or realised.")
    nonconformities: list[NonconformityId] = Field(default_factory=list, description="Nonconformities it raised.")
    suppliers: list[SupplierId] = Field(default_factory=list, description="Suppliers involved.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls concerned.")


# --- improvements.yml ---------------------------------------------------------------------------

ImprovementSourceType = Literal[
    "audit finding", "management review", "incident", "nonconformity", "staff suggestion", "other"
]


class ImprovementSource(Strict):
    type: ImprovementSourceType = Field(
        description="Where it came from: audit finding, management review, incident, nonconformity, staff"
        " suggestion or other."
    )
    ref: Text | None = Field(None, description="Id of the audit or finding, review, incident or nonconformity.")


class Improvement(Entry):
    id: Text = Field(description="Stable id, e.g. IMP-003.")
    title: Text = Field(description="Short statement of the opportunity.")
    description: Text | None = Field(None, description="What could be better, and how.")
    source: ImprovementSource = Field(description="Audit finding, management review, incident... it came from.")
    raised_on: Date = Field(description="Date it was raised.")
    owner: RoleId = Field(description="Role that decides on it and sees it through.")
    status: Literal["proposed", "planned", "in progress", "done", "rejected"] = Field(
        "proposed", description="proposed, planned, in progress, done or rejected."
    )
    due: Date | None = Field(None, description="Date it is to be done by, once planned.")
    completed_on: Date | None = Field(None, description="Date it was done.")
    outcome: Text | None = Field(
        None, description="What was changed and what it achieved, or why it was rejected (10.1)."
    )


# --- exceptions.yml -----------------------------------------------------------------------------


class PolicyException(Entry):
    id: Text = Field(description="Stable id, e.g. EXC-003.")
    title: Text = Field(description="What is allowed that the policy does not allow.")
    document: DocumentId = Field(description="Id of the policy (or other document) waived, e.g. POL-ACCESS.")
    section: Text | None = Field(None, description="The clause or section of it waived, e.g. '4.2'.")
    controls: list[ControlId] = Field(default_factory=list, description="Controls the exception weakens.")
    risk: RiskId | None = Field(None, description="The risk accepted by allowing it (risk register).")
    requested_by: RoleId = Field(description="Role that asked for the exception.")
    approved_by: RoleId | None = Field(
        None, description="Role that approved it: the policy owner, never its own requester."
    )
    approved_on: Date | None = Field(None, description="Date it was approved.")
    expires: Date = Field(description="Date it ends: every exception is time-limited.")
    status: Literal["active", "closed"] = Field("active", description="active, or closed when no longer needed.")
    compensating_controls: Text | None = Field(None, description="What is done instead to keep the risk down.")
    notes: Text | None = Field(None, description="Anything an auditor should know.")


# --- context.yml and parties.yml (4.1, 4.2) ---------------------------------------------------------


class ContextIssue(Entry):
    id: Text = Field(description="Stable id, e.g. CTX-04.")
    title: Text = Field(description="The issue in a few words.")
    kind: Literal["internal", "external"] = Field(description="internal or external issue (4.1).")
    description: Text | None = Field(None, description="The issue as the organisation sees it.")
    effect: Text | None = Field(
        None,
        description="How it affects the ISMS's ability to achieve its intended outcomes, and how the ISMS deals"
        " with it (4.1); for the climate change determination, why it is or is not relevant.",
    )
    relevant: bool = Field(
        True,
        description="Whether it is relevant to the ISMS; false keeps a determination that it is not, such as"
        " climate change found not relevant.",
    )
    climate_change: bool = Field(
        False,
        description="Whether this entry is the determination whether climate change is a relevant issue (4.1 as"
        " amended by ISO/IEC 27001:2022/Amd 1:2024); 'relevant:' says whether it is. One entry at most.",
    )
    risks: list[RiskId] = Field(default_factory=list, description="Risks it gives rise to or bears on (6.1).")
    parties: list[PartyId] = Field(default_factory=list, description="Interested parties it concerns (4.2).")
    owner: RoleId = Field(description="Role that follows the issue.")
    identified_on: Date | None = Field(
        None, description="Date it was first recorded: a change in issues for the next management review (9.3.2 b)."
    )
    retired_on: Date | None = Field(
        None, description="Date it stopped being an issue; kept for the record, no longer reviewed (9.3.2 b)."
    )
    reviewed_on: Date | None = Field(
        None,
        description="Date it was last reviewed; again within 12 months, or every review_every months of its"
        " register file's header.",
    )


class PartyRequirement(Strict):
    description: Text = Field(description="What the party needs or expects that bears on information security.")
    addressed: bool = Field(True, description="Whether the ISMS addresses it (4.2 c); false: say why in 'note:'.")
    requirement: RequirementId | None = Field(
        None,
        description="The requirements register entry (registers/requirements.yml) that tracks it and the"
        " controls that meet it; expected for a requirement the ISMS addresses.",
    )
    since: Date | None = Field(
        None, description="Date it was first recorded: a change in needs for the next management review (9.3.2 c)."
    )
    note: Text | None = Field(None, description="How it is addressed, or why it is not.")


class PartyFeedback(Strict):
    on: Date = Field(description="Date received.")
    summary: Text = Field(description="What they said: complaint, survey result, audit remark, request.")


class InterestedParty(Entry):
    id: Text = Field(description="Stable id, e.g. IP-05.")
    name: Text = Field(description="The party or group of parties, e.g. Enterprise customers.")
    kind: Literal["internal", "external"] = Field(description="internal or external party (4.2 a).")
    requirements: list[PartyRequirement] = Field(
        default_factory=list,
        description="Their requirements relevant to information security (4.2 b) and which the ISMS addresses (4.2 c).",
    )
    feedback_channel: Text | None = Field(
        None, description="How their feedback is gathered: survey, account reviews, complaints, audits (9.3.2 e)."
    )
    feedback: list[PartyFeedback] = Field(
        default_factory=list, description="Feedback received, dated: an input of the next management review."
    )
    owner: RoleId = Field(description="Role that keeps in touch with them.")
    identified_on: Date | None = Field(
        None, description="Date the party was first recorded: a change for the next management review (9.3.2 c)."
    )
    reviewed_on: Date | None = Field(
        None,
        description="Date its requirements were last reviewed; again within 12 months, or every review_every"
        " months of its register file's header.",
    )


# --- competence.yml -----------------------------------------------------------------------------

CompetenceMeans = Literal["education", "training", "experience"]


class RequiredCompetence(Strict):
    competence: Text = Field(description="What the role must know or be able to do, e.g. 'Risk assessment'.")
    why: Text | None = Field(None, description="Why the role needs it: the work it does that affects security.")
    means: list[CompetenceMeans] = Field(
        default_factory=list,
        description="How it is met (7.2 b): education, training or experience, one or more.",
    )
    training: list[TrainingId] = Field(
        default_factory=list, description="Training programmes (registers/training.yml) that give it."
    )


class CompetenceGap(Strict):
    competence: Text = Field(description="What the holder does not yet meet.")
    action: Text = Field(description="What is done to acquire it (7.2 c): training, mentoring, a course.")
    due: Date = Field(description="Date the action is to be completed by.")
    closed_on: Date | None = Field(None, description="Date the gap was closed; open until then.")
    effectiveness: Text | None = Field(
        None, description="How the action's effectiveness was evaluated, and the result (7.2 c)."
    )


class CompetenceHolder(Strict):
    person: Text = Field(description="The person holding (or standing in for) the role.")
    evidence: list[EvidenceId] = Field(
        default_factory=list,
        description="Evidence records of their competence (7.2 d): certificates, CV review, assessment notes.",
    )
    training: list[TrainingId] = Field(default_factory=list, description="Training programmes they completed.")
    assessed_on: Date | None = Field(None, description="Date their competence was last assessed.")
    next_assessment: Date | None = Field(
        None, description="Date of the next assessment; default: 12 months after assessed_on."
    )
    gaps: list[CompetenceGap] = Field(
        default_factory=list, description="Competences not yet met, and the actions taken (7.2 c)."
    )


class Competence(Entry):
    """The competence a role requires (7.2 a) and the evidence that the people holding it meet it (7.2 b, d)."""

    role: RoleId = Field(description="The role (registers/roles.yml), one record per role.")
    required: list[RequiredCompetence] = Field(min_length=1, description="The competences the role requires.")
    holders: list[CompetenceHolder] = Field(
        default_factory=list, description="The people holding the role or deputising, and their evidence."
    )
    notes: Text | None = Field(None, description="Anything an auditor should know.")


# --- communications.yml -------------------------------------------------------------------------


class Communication(Entry):
    """One communication relevant to the ISMS (7.4): what, when, with whom, who communicates and how."""

    id: Text = Field(description="Stable id, e.g. COM-01.")
    what: Text = Field(description="What is communicated (7.4 a), e.g. 'The information security policy'.")
    audience: Text = Field(description="With whom (7.4 c): staff, a team, customers, an authority, suppliers.")
    direction: Literal["internal", "external"] = Field(description="internal or external.")
    communicator: RoleId = Field(description="The role that communicates it (7.4 d).")
    how: Text = Field(description="How (7.4 e): the channel, e.g. intranet, all-hands, email, contract notice.")
    when: Text = Field(description="When (7.4 b): the occasion or schedule, e.g. 'on joining and yearly'.")
    every: int | None = Field(
        None, ge=1, le=60, description="Months between occurrences, for one that recurs; then last_on is expected."
    )
    last_on: Date | None = Field(None, description="Date it last happened.")
    record: EvidenceId | None = Field(None, description="Evidence record of the last occurrence.")
    documents: list[DocumentId] = Field(
        default_factory=list, description="Documents it communicates, e.g. the information security policy (5.2 e)."
    )
    notes: Text | None = Field(None, description="Anything an auditor should know.")
