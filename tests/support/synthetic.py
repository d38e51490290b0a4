"""Large synthetic ISMS repositories, for benchmarks and tests.

:func:`generate` writes a complete repository — every register, ``docs/`` with controlled documents
whose bodies read like real pages, and ``mkdocs.yml`` — that passes ``isms check --strict`` as of the
given date with no findings. The output depends only on the arguments: the same call gives
byte-identical files.

Every register entry, register header and document front matter is built as an instance of the
product's own model (:mod:`isms.core.models`), so pydantic validates it as it is made and a field that
a model renames, drops or makes required breaks the generator at once instead of letting it drift.
The models are then written out by :func:`tests.support.yamlwriter.dump`.

Run it as ``python -m tests.support.synthetic OUT --documents N --risks N --assets N`` from the
repository root (see ``tests/benchmarks/README.md``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NoReturn

from pydantic import BaseModel

from isms.core.catalogue import SPECS  # the register catalogue: each register's file, entries key and model
from isms.core.derive import add_months
from isms.core.models import registers as r
from isms.core.models.documents import DocumentStatus, DocumentType, FrontMatter, HistoryEntry
from isms.core.models.types import Entry
from isms.core.standard import Catalogue, iso27001
from tests.support.yamlwriter import dump

MAX_PER_FILE = 5000
"""Most entries written to one register file; a larger register becomes a folder of files."""
AS_OF = dt.date(2026, 11, 28)
"""The default as-of date: fixed, so that a repository generated today checks the same next year."""

_DAY = dt.timedelta(days=1)


def _data(model: BaseModel) -> dict[str, Any]:
    """A model as the plain data an author would write: the fields the generator set, empty ones left out.

    Every list field of the models means the same empty as absent, so ``controls=[]`` is not written.
    """
    data = model.model_dump(exclude_unset=True, exclude_none=True)
    return {key: value for key, value in data.items() if value != []}


# --- fixed vocabulary -------------------------------------------------------------------------------

_ORGANISATIONS = (
    ("Brightwater Analytics", "brightwater-analytics.example", "Manchester"),
    ("Kestrel Payments", "kestrel-payments.example", "Leeds"),
    ("Harbour Lane Software", "harbourlane.example", "Bristol"),
    ("Cedar Point Health Data", "cedarpoint-health.example", "Edinburgh"),
    ("Meridian Logistics Cloud", "meridian-logistics.example", "Rotterdam"),
    ("Northwind Learning", "northwind-learning.example", "Dublin"),
)
# Name lists read better as paragraphs than as one word a line.
_FIRST = """
Helen Aisha Rui Priya Tom Sarah Daniel Ines James Claire Mark Tiago Nadia Owen Joana Amara Bruno
Marta Graham Deepa Carla Liam Sofia Ewan Hana Pedro Maya Oliver Chloe Ravi
""".split()  # noqa: SIM905
_LAST = """
Marsh Rahman Carvalho Natarajan Ashworth Okafor Byrne Moreira Whitfield Donnelly Heywood Ferreira
Kowalski Pritchard Pires Osei Tavares Sousa Thornley Iyer Nunes Gallagher Silva Murray Sato Costa
""".split()  # noqa: SIM905

# id, title, responsibilities
_ROLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "ceo",
        "Chief Executive Officer",
        (
            "Top management accountability for the ISMS (clause 5.1); signs the information security policy.",
            "Chairs the management review and approves ISMS resources and budget.",
            "Authority to accept risks above the acceptance threshold.",
        ),
    ),
    (
        "cto",
        "Chief Technology Officer",
        (
            "Owns the product platform, its architecture and the engineering organisation.",
            "Approves technical standards: cryptography, secure development, change management.",
        ),
    ),
    (
        "ciso",
        "Head of Information Security (CISO)",
        (
            "Runs the ISMS day to day and reports on its performance to top management (clause 5.3 b).",
            "Maintains the risk register, the risk treatment plan and the Statement of Applicability.",
            "Leads incident management and the security awareness programme.",
        ),
    ),
    (
        "dpo",
        "Data Protection Officer",
        (
            "Monitors compliance with data protection law and keeps the record of processing activities.",
            "Runs personal data breach assessment and notification.",
        ),
    ),
    (
        "head-of-people",
        "Head of People",
        (
            "Screening, terms of employment, confidentiality agreements and the disciplinary process.",
            "Joiner, mover and leaver notifications.",
        ),
    ),
    (
        "it-manager",
        "IT Operations Manager",
        (
            "Administers identity, collaboration and device management services.",
            "Provisions and removes access and runs the quarterly access reviews.",
        ),
    ),
    (
        "engineering-manager",
        "Engineering Manager",
        ("Runs the secure development life cycle: code review, CI security gates, security testing.",),
    ),
    (
        "sre-lead",
        "Site Reliability Engineering Lead",
        (
            "Operates production: backups, capacity, monitoring, logging and on-call.",
            "Runs the disaster recovery test and the infrastructure change process.",
        ),
    ),
    (
        "facilities-manager",
        "Facilities Manager",
        ("Physical security of the offices, visitor management and access badges.",),
    ),
    (
        "finance-director",
        "Finance Director",
        (
            "Owns supplier contracts, financial records and the cyber insurance policy.",
            "Line manager of the internal auditor, keeping the audit function independent.",
        ),
    ),
    (
        "legal-counsel",
        "Legal Counsel",
        ("Tracks legal, regulatory and contractual requirements and reviews customer contracts.",),
    ),
    (
        "internal-auditor",
        "Internal ISMS Auditor",
        ("Plans and performs internal audits (clause 9.2) and follows up their findings.",),
    ),
)
_ROLE_IDS = tuple(role[0] for role in _ROLES)
_TOP_MANAGEMENT = ("ceo", "cto", "finance-director")
_ROLE_TITLES = {role[0]: role[1] for role in _ROLES}
_OPERATIONAL_ROLES = (
    "cto",
    "ciso",
    "dpo",
    "head-of-people",
    "it-manager",
    "engineering-manager",
    "sre-lead",
    "facilities-manager",
    "finance-director",
    "legal-counsel",
)

_EXCLUDED = {
    "7.12": "All services run in public cloud regions and the offices hold no server rooms; the cloud providers' "
    "cabling is covered by their ISO/IEC 27001 certificates, reviewed under 5.22.",
    "8.30": "No development is outsourced: all software is written by employees under the secure development "
    "life cycle. The exclusion is reviewed whenever a development supplier is considered.",
}

_THEME_OWNER = {
    "organizational": "ciso",
    "people": "head-of-people",
    "physical": "facilities-manager",
    "technological": "cto",
}
_CONTROL_OWNER = {
    "5.34": "dpo",
    "5.31": "legal-counsel",
    "5.32": "legal-counsel",
    "5.19": "finance-director",
    "5.20": "finance-director",
    "5.9": "it-manager",
    "5.15": "it-manager",
    "5.16": "it-manager",
    "5.17": "it-manager",
    "5.18": "it-manager",
    "8.1": "it-manager",
    "8.13": "sre-lead",
    "8.14": "sre-lead",
    "8.15": "sre-lead",
    "8.16": "sre-lead",
    "8.6": "sre-lead",
    "8.25": "engineering-manager",
    "8.28": "engineering-manager",
    "8.29": "engineering-manager",
    "8.32": "engineering-manager",
    "5.35": "internal-auditor",
}

# threat, vulnerability, controls (the first is treated as already in place)
_SCENARIOS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Phishing leading to stolen credentials",
        "staff can be deceived by convincing phishing emails",
        ("6.3", "5.17", "8.5"),
    ),
    ("Ransomware encrypting shared storage", "unpatched endpoints have broad write access", ("8.7", "8.8", "8.13")),
    (
        "Unauthorised access by a former employee",
        "leaver accounts are not always removed on the last day",
        ("5.18", "6.5", "5.16"),
    ),
    ("Misconfigured cloud storage exposing data", "public access is not blocked by default", ("5.23", "8.9", "8.12")),
    ("Compromise of a key supplier", "supplier security is not assessed before onboarding", ("5.19", "5.21", "5.22")),
    (
        "Loss of a laptop holding customer data",
        "disk encryption is not enforced on every device",
        ("8.1", "8.24", "7.9"),
    ),
    (
        "Denial of service against the public API",
        "there is no rate limiting at the network edge",
        ("8.6", "8.20", "8.16"),
    ),
    (
        "Misuse of privileged access by an insider",
        "privileged actions are not logged or reviewed",
        ("8.2", "8.15", "5.3"),
    ),
    ("Data loss after a failed change", "backups are not restore-tested", ("8.13", "8.32", "5.30")),
    (
        "Personal data disclosed through a support ticket",
        "support staff can export complete records",
        ("5.34", "8.11", "5.12"),
    ),
    ("Malicious code in a third-party dependency", "libraries are not scanned before use", ("8.28", "8.25", "8.8")),
    ("Fire or flood at the office", "paper records are kept at a single site", ("7.5", "7.8", "5.29")),
    ("Theft of equipment from the office", "visitors are not always escorted", ("7.2", "7.1", "7.3")),
    ("Interception of data in transit", "legacy endpoints accept weak ciphers", ("8.24", "5.14", "8.21")),
    ("Loss of key personnel knowledge", "runbooks are out of date", ("5.37", "6.2", "5.29")),
    ("Regulatory fine for unlawful processing", "the record of processing is incomplete", ("5.31", "5.34", "5.36")),
    ("Source code published by mistake", "repository visibility is not reviewed", ("8.4", "5.15", "8.3")),
    ("Malware introduced on removable media", "USB storage is allowed on workstations", ("7.10", "8.7", "8.1")),
    ("Outage of the primary cloud region", "failover has not been tested end to end", ("5.30", "8.14", "8.13")),
    ("Intrusion going unnoticed", "alerts are not watched out of hours", ("8.16", "5.25", "5.24")),
    (
        "Company data held in unapproved services",
        "there is no inventory of cloud services in use",
        ("5.9", "5.10", "5.23"),
    ),
    (
        "Injection attack on the web application",
        "input validation is inconsistent between services",
        ("8.26", "8.29", "8.28"),
    ),
    ("Untested change reaching production", "emergency changes bypass review", ("8.32", "8.31", "8.33")),
    ("Unreliable audit trails", "server clocks are not synchronised", ("8.17", "8.15", "5.28")),
    (
        "Hiring a person with a fraudulent history",
        "screening is not completed before the start date",
        ("6.1", "6.2", "6.6"),
    ),
    ("Security event not reported by staff", "staff do not know how to report events", ("6.8", "6.3", "5.25")),
    ("Shoulder surfing while working remotely", "screens are used in public places", ("6.7", "7.7", "8.1")),
    (
        "Unlabelled confidential documents shared externally",
        "the classification scheme is not applied",
        ("5.12", "5.13", "5.14"),
    ),
    ("Excessive access rights accumulating", "access reviews are not performed on time", ("5.18", "5.15", "8.2")),
    ("Threat campaign targeting the sector", "threat intelligence is not used in planning", ("5.7", "5.6", "8.8")),
)

_ASSET_KINDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # type, name patterns ({n} is a number), location
    (
        "information",
        ("Customer {w} dataset {n}", "Employee {w} records {n}", "{W} export archive {n}", "{W} reporting dataset {n}"),
        "Production database, eu-west-2",
    ),
    (
        "software",
        ("{W} service {n}", "{W} worker {n}", "Internal {w} tool {n}", "{W} API gateway {n}"),
        "Kubernetes cluster, eu-west-2",
    ),
    ("hardware", ("Laptop LT-{n}", "Monitor MN-{n}", "Mobile phone MP-{n}", "Security key YK-{n}"), "Issued to staff"),
    ("service", ("{W} SaaS subscription {n}", "Managed {w} service {n}"), "Supplier cloud"),
    ("people", ("{W} team {n}",), "Head office"),
    ("site", ("Office floor {n}", "Storage room {n}"), "Head office"),
    ("supplier", ("{W} supplier {n}",), "External"),
    ("intangible", ("{W} brand asset {n}", "{W} customer goodwill {n}"), "Company"),
)
_ASSET_WEIGHTS = (0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5, 6, 7)  # indexes into _ASSET_KINDS
_WORDS = (
    "payroll",
    "billing",
    "analytics",
    "support",
    "marketing",
    "identity",
    "audit",
    "research",
    "onboarding",
    "invoicing",
    "forecasting",
    "telemetry",
    "contract",
    "pricing",
    "survey",
    "scheduling",
)
_PROCESSES = (
    "Customer onboarding",
    "Billing and invoicing",
    "Product delivery",
    "Customer support",
    "Recruitment",
    "Payroll",
    "Software development",
    "Sales",
    "Incident response",
    "Reporting",
)
_BACKUPS = (
    "Daily snapshot, 35 days",
    "Continuous replication to a second region",
    "Weekly full, daily incremental",
    "Not backed up: rebuilt from source",
    "Supplier-managed backup",
)

_DOC_TYPES: tuple[DocumentType, ...] = ("policy", "procedure", "standard", "plan", "guideline", "record", "report")
_DOC_PREFIX = {
    "policy": "POL",
    "procedure": "PRO",
    "standard": "STD",
    "plan": "PLN",
    "guideline": "GDL",
    "record": "REC",
    "report": "REP",
}
_TYPE_CYCLE: tuple[DocumentType, ...] = (
    "policy",
    "procedure",
    "standard",
    "procedure",
    "guideline",
    "plan",
    "record",
    "procedure",
    "report",
)
_TITLE = {
    "policy": "{t} policy",
    "procedure": "{t} procedure",
    "standard": "{t} standard",
    "plan": "{t} plan",
    "guideline": "Guidance on {l}",
    "record": "{t} review record",
    "report": "{t} assessment report",
}

_PURPOSE = (
    "This {type} sets out how {org} manages {topic} across the information security management system.",
    "It explains what is expected of everyone in scope and who is accountable for each part of the process.",
    "The aim is to protect the confidentiality, integrity and availability of the information customers trust us with.",
    "It supports control {control} of ISO/IEC 27001:2022 Annex A and the risks recorded in the risk register.",
    "Where local law is stricter than this {type}, the stricter requirement applies and the {owner} is informed.",
    "The {type} reflects the outcome of the latest risk assessment and the decisions of the last management review.",
    "It replaces earlier guidance held on the intranet, which is now withdrawn.",
)
_SCOPE = (
    "This {type} applies to all employees, contractors and temporary staff of {org}.",
    "It covers every system, service and location within the scope of the ISMS, including remote work.",
    "Suppliers who handle our information are bound by equivalent terms in their contracts.",
    "Systems operated by customers on their own premises are outside its scope.",
    "Information in every form is covered: digital records, paper, and knowledge held by people.",
    "Exceptions need the written agreement of the {owner} and are recorded in the risk register.",
)
_STATEMENTS = (
    "Access is granted on the principle of least privilege and reviewed at least quarterly.",
    "Every system that processes confidential information has a named owner.",
    "Changes are recorded, reviewed and approved before they reach production.",
    "Security events are reported at once through the service desk or the security channel.",
    "Information is classified when it is created and handled according to its classification.",
    "Suppliers are assessed before they are given access to our information.",
    "Records are kept for the period the retention schedule sets and then securely destroyed.",
    "Cryptographic keys are generated, stored and rotated in the managed key service.",
    "Staff complete security awareness training when they join and every year after that.",
    "Backups are encrypted, kept in a second region and restore-tested every quarter.",
    "Logs are protected against tampering and kept for at least twelve months.",
    "Devices are enrolled in device management before they are used for work.",
    "Vulnerabilities are fixed within the times the vulnerability management standard sets.",
    "Personal data is processed only for the purposes recorded in the record of processing.",
)
_STEPS = (
    "The requester raises a ticket describing the need and the information involved.",
    "The {owner} reviews the request against this {type} and the current risk assessment.",
    "If the request is approved, the change is scheduled and the ticket is updated with the decision.",
    "The implementer carries out the work and attaches the evidence to the ticket.",
    "A second person checks the result and confirms that nothing else was affected.",
    "The ticket is closed and the outcome is reported in the monthly security report.",
    "Deviations are logged as security events and handled under the incident procedure.",
    "Records of each step are kept in the ticketing system for audit.",
)
_RESPONSIBILITIES = (
    "approves this {type} and provides the resources it needs",
    "maintains the {type} and monitors that it is followed",
    "carries out the day-to-day activities it describes",
    "reports exceptions and security events without delay",
    "checks compliance during internal audits",
)
_COMPLIANCE = (
    "Compliance with this {type} is checked by internal audits and by the monitoring in the objectives register.",
    "Breaches may lead to disciplinary action under the disciplinary process.",
    "The {owner} reviews the {type} at least every {review} months and after any significant change.",
    "Metrics on {topic} are reported to the management review.",
    "Questions about this {type} go to the {owner}.",
)
_FINDINGS = (
    ("Documented and followed", "Conforming"),
    ("Evidence incomplete for one quarter", "Observation"),
    ("Process could be automated", "Opportunity"),
    ("Roles and responsibilities assigned", "Conforming"),
    ("Records retained as required", "Conforming"),
)
_ACTIVITIES = (
    "Access review",
    "Log review",
    "Backup restore test",
    "Supplier review",
    "Policy review",
    "Vulnerability scan",
    "Awareness refresher",
    "Key rotation",
    "Asset inventory check",
)
_FREQUENCIES = ("Daily", "Weekly", "Monthly", "Quarterly", "Annually", "On change")


# --- the plan of the repository ----------------------------------------------------------------------


@dataclass
class _Doc:
    id: str
    title: str
    type: DocumentType
    path: str  # relative to docs/
    owner: str
    controls: list[str]
    clauses: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    status: DocumentStatus = "approved"
    topic: str = ""
    event: dt.date | None = None  # for the record of an audit or a review: the day it took place


@dataclass
class _Plan:
    """What every register needs to know about the others, decided before anything is written."""

    catalogue: Catalogue
    as_of: dt.date
    seed: int
    org: str
    domain: str
    city: str
    holders: dict[str, str]
    applicable: list[str]
    risk_ids: list[str] = field(default_factory=list)
    control_risks: dict[str, list[str]] = field(default_factory=dict)
    control_evidence: dict[str, str] = field(default_factory=dict)
    audits: list[tuple[str, str, dt.date, bool]] = field(default_factory=list)  # id, title, planned, completed
    reviews: list[tuple[str, dt.date, str]] = field(default_factory=list)  # id, date, status
    docs: list[_Doc] = field(default_factory=list)
    scale: int = 5  # points of the likelihood and impact scales: a 5×5 or a 4×4 risk matrix
    certified: bool = True  # False: first certification still ahead, no certification body audits yet


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _header(
    owner: str,
    version: str,
    approved_on: dt.date,
    classification: r.Classification = "internal",
    approver: str = "ceo",
    *,
    review: int | dt.date | None = 12,
) -> r.Header:
    """A register file's header; ``review`` is its review_every (months), its next_review (a date), or None
    for the default interval."""
    when = {"review_every": review} if isinstance(review, int) else {"next_review": review} if review else {}
    return r.Header(
        version=version,
        owner=owner,
        approved_by=approver,
        approved_on=approved_on,
        classification=classification,
        **when,  # type: ignore[arg-type]  # one of the two review keys, each of its own type
    )


@dataclass
class Synthetic:
    """A generated repository: the models it was written from, and the text of every file.

    Tests compare ``entries`` and ``documents`` with what :func:`isms.core.load.load` reads back, which
    proves that nothing is lost between the models and the files.
    """

    entries: dict[str, list[Entry]]
    """Per register name, its entries; ``isms`` and ``methodology`` hold their one whole-file model."""
    documents: list[FrontMatter]
    files: dict[str, str]
    """Text per repository-relative path."""


def build(
    *,
    documents: int,
    risks: int,
    assets: int,
    seed: int = 0,
    as_of: dt.date = AS_OF,
    max_per_file: int = MAX_PER_FILE,
    scale: int = 5,
    certified: bool = True,
    organisation: str | None = None,
) -> Synthetic:
    """A synthetic ISMS that passes ``isms check --strict`` as of ``as_of``, in memory.

    ``documents`` controlled documents (at least :data:`MIN_DOCUMENTS`), ``risks`` risks and
    ``assets`` assets; a register with more than ``max_per_file`` entries becomes a folder of files
    (``registers/assets/assets-001.yml``...). ``scale`` 4 gives a 4×4 risk matrix, ``certified=False``
    an organisation before its first certification, ``organisation`` its name (default: one the seed
    picks). Raises :class:`ValueError` for sizes it cannot make.
    """
    if documents < MIN_DOCUMENTS:
        raise ValueError(f"documents must be at least {MIN_DOCUMENTS} (the core documents clauses 4-10 need)")
    if risks < 1 or assets < 1:
        raise ValueError("risks and assets must be at least 1")
    if max_per_file < 1:
        raise ValueError("max_per_file must be at least 1")
    if scale not in _LEVELS:
        raise ValueError(f"scale must be one of {sorted(_LEVELS)}")
    # A benchmark-sized repository is some million models, dicts and lists, none of them garbage until
    # the end: the cyclic collector would only rescan them again and again (a quarter of the time), so
    # it rests, as it does while isms.core.load reads them back.
    collecting = gc.isenabled()
    gc.disable()
    try:
        plan = _new_plan(seed, as_of, scale, certified, organisation)
        return _build(plan, documents, risks, assets, max_per_file=max_per_file)
    finally:
        if collecting:
            gc.enable()


def _new_plan(seed: int, as_of: dt.date, scale: int, certified: bool, organisation: str | None) -> _Plan:
    catalogue = iso27001()
    rng = random.Random(f"isms-synth:{seed}")
    org, domain, city = _ORGANISATIONS[rng.randrange(len(_ORGANISATIONS))]
    if organisation is not None:
        org, domain = organisation, _slug(organisation) + ".example"
    holders: dict[str, str] = {}
    for role in _ROLE_IDS:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        # Two roles held by one name (or one handle, initial and surname) would approve their own documents.
        while any(name[0] + name.split()[1] == other[0] + other.split()[1] for other in holders.values()):
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        holders[role] = name
    applicable = [c for c in catalogue.annex_a if c not in _EXCLUDED]
    return _Plan(catalogue, as_of, seed, org, domain, city, holders, applicable, scale=scale, certified=certified)


def _build(plan: _Plan, documents: int, risks: int, assets: int, *, max_per_file: int) -> Synthetic:
    as_of, seed = plan.as_of, plan.seed

    # Order matters: risks decide which controls they use (for the SoA), evidence is indexed by control.
    asset_entries = _assets(plan, assets)
    risk_entries, treated = _risks(plan, risks, assets)
    evidence_entries = _evidence(plan)
    treatment_entries = _treatments(plan, treated)
    risk_entries, soa_entries = _agree(risk_entries, treatment_entries, _soa(plan))
    _plan_audits_and_reviews(plan)
    _plan_documents(plan, documents)

    # register, header (None: the file is one whole model), entries
    registers: list[tuple[str, r.Header | None, Sequence[Entry]]] = [
        ("isms", None, [_isms(plan)]),
        ("roles", _header("ciso", "2.0", as_of - 40 * _DAY, review=None), _roles(plan)),
        ("methodology", None, [_methodology(plan)]),
        ("assets", _header("it-manager", "1.0", as_of - 20 * _DAY), asset_entries),
        ("risks", _header("ciso", "1.0", as_of - 20 * _DAY), risk_entries),
        ("treatments", _header("ciso", "1.0", as_of - 20 * _DAY), treatment_entries),
        ("soa", _header("ciso", "4.0", as_of - 30 * _DAY, review=as_of + 300 * _DAY), soa_entries),
        ("requirements", _header("legal-counsel", "1.4", as_of - 50 * _DAY), _requirements(plan)),
        ("objectives", _header("ciso", "1.2", as_of - 45 * _DAY), _objectives(plan)),
        (
            "audits",
            _header("internal-auditor", "2.1", as_of - 25 * _DAY, approver="finance-director"),
            _audits(plan),
        ),
        ("nonconformities", _header("ciso", "1.5", as_of - 25 * _DAY), _nonconformities(plan)),
        ("reviews", _header("ciso", "1.1", as_of - 25 * _DAY), _reviews(plan)),
        ("evidence", _header("ciso", "1.0", as_of - 20 * _DAY), evidence_entries),
        ("training", _header("head-of-people", "1.3", as_of - 35 * _DAY), _training(plan)),
        ("suppliers", _header("ciso", "1.2", as_of - 30 * _DAY), suppliers := _suppliers(plan, asset_entries)),
        (
            "incidents",
            _header("ciso", "1.1", as_of - 30 * _DAY, classification="confidential"),
            _incidents(plan, asset_entries, suppliers),
        ),
        ("improvements", _header("ciso", "1.0", as_of - 30 * _DAY), _improvements(plan)),
        ("exceptions", _header("ciso", "1.0", as_of - 30 * _DAY), _exceptions(plan)),
        ("context", _header("ciso", "1.1", as_of - 40 * _DAY), _issues(plan)),
        ("parties", _header("ciso", "1.1", as_of - 40 * _DAY), _parties(plan)),
        ("competence", _header("head-of-people", "1.0", as_of - 30 * _DAY), _competence(plan)),
        ("communications", _header("ciso", "1.0", as_of - 30 * _DAY), _communications(plan)),
    ]
    files: dict[str, str] = {}
    for name, header, entries in registers:
        files.update(_register_files(name, header, entries, max_per_file))
    files["docs/index.md"] = _index(plan)
    body_rng = random.Random(f"isms-synth:{seed}:bodies")
    metas = []
    for doc in plan.docs:
        meta, page = _document(plan, doc, body_rng)
        metas.append(meta)
        files["docs/" + doc.path] = page
    files["mkdocs.yml"] = _mkdocs(plan)
    return Synthetic({name: list(entries) for name, _, entries in registers}, metas, files)


def generate(
    root: Path,
    *,
    documents: int,
    risks: int,
    assets: int,
    seed: int = 0,
    as_of: dt.date = AS_OF,
    max_per_file: int = MAX_PER_FILE,
    scale: int = 5,
    certified: bool = True,
    organisation: str | None = None,
) -> Synthetic:
    """Write the ISMS :func:`build` makes under ``root``, and return it."""
    synthetic = build(
        documents=documents,
        risks=risks,
        assets=assets,
        seed=seed,
        as_of=as_of,
        max_per_file=max_per_file,
        scale=scale,
        certified=certified,
        organisation=organisation,
    )
    folders: set[Path] = set()
    for name, text in synthetic.files.items():
        path = root / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(text.encode("utf-8"))
    return synthetic


_BANNER = "# A synthetic ISMS for benchmarks and tests, written by tests/support/synthetic.py.\n"


def _register_files(name: str, header: r.Header | None, entries: Sequence[Entry], max_per_file: int) -> dict[str, str]:
    """The file of register ``name``, or a folder of files of at most ``max_per_file`` entries each.

    The register catalogue says which model each register holds: an entry of the wrong model is a
    mistake in this generator, refused here rather than found by a confusing check later.
    """
    spec = SPECS[name]
    wrong = {type(entry).__name__ for entry in entries if not isinstance(entry, spec.model)}
    if wrong:
        raise TypeError(f"the {name} register holds {spec.model.__name__} entries, not {', '.join(sorted(wrong))}")
    if spec.key is None:
        if header is not None or len(entries) != 1:
            raise TypeError(f"registers/{name}.yml is one whole {spec.model.__name__}, with no header of its own")
        return {f"registers/{name}.yml": _BANNER + dump(_data(entries[0]))}
    if header is None:
        raise TypeError(f"the {name} register needs a header")
    head = _BANNER + dump(_data(header)) + "\n"
    rows = [_data(entry) for entry in entries]
    if len(rows) <= max_per_file:
        return {f"registers/{name}.yml": head + dump({spec.key: rows})}
    parts = (len(rows) + max_per_file - 1) // max_per_file
    width = max(3, len(str(parts)))
    return {
        f"registers/{name}/{name}-{part + 1:0{width}d}.yml": head
        + dump({spec.key: rows[part * max_per_file : (part + 1) * max_per_file]})
        for part in range(parts)
    }


# --- isms, roles, methodology --------------------------------------------------------------------------


def _certification_dates(as_of: dt.date) -> tuple[dt.date, dt.date]:
    issued = add_months(as_of, -18)
    return issued, add_months(issued, 36) - _DAY


def _isms(plan: _Plan) -> r.IsmsFile:
    issued, expires = _certification_dates(plan.as_of)
    stage1 = add_months(issued, -3)
    stage2 = add_months(issued, -1)
    surveillance1 = add_months(issued, 11)
    lead = "Jordan Blake (lead auditor)"
    held = [
        r.CertificationAudit(
            id="CB-S1",
            type="stage 1",
            planned_on=stage1,
            start=stage1,
            end=stage1 + _DAY,
            auditor=lead,
            result="passed with findings",
            findings=["Area of concern: internal audit programme not yet complete."],
        ),
        r.CertificationAudit(
            id="CB-S2",
            type="stage 2",
            planned_on=stage2,
            start=stage2,
            end=stage2 + _DAY,
            auditor=lead,
            result="passed",
            findings=["Opportunity: automate evidence of access reviews."],
        ),
        r.CertificationAudit(
            id="CB-SV1",
            type="surveillance",
            planned_on=surveillance1,
            start=surveillance1,
            end=surveillance1 + _DAY,
            auditor=lead,
            result="passed with findings",
            findings=["Minor nonconformity (5.22): supplier assurance reports not reviewed."],
            nonconformities=["NC-0002"],
        ),
    ]
    planned = [
        r.CertificationAudit(id="CB-SV2", type="surveillance", planned_on=add_months(issued, 23), result="planned"),
        r.CertificationAudit(id="CB-RC", type="recertification", planned_on=add_months(expires, -3), result="planned"),
    ]
    return r.IsmsFile(
        version="3.0",
        owner="ciso",
        approved_by="ceo",
        approved_on=plan.as_of - 40 * _DAY,
        next_review=plan.as_of + 320 * _DAY,
        organisation=r.Organisation(
            name=plan.org,
            legal_name=plan.org + " Ltd",
            address="1 Example Street, " + plan.city,
            employees=150 + plan.seed % 500,
            website=f"https://www.{plan.domain}",
        ),
        scope="ISMS-SCOPE",
        certification=None
        if not plan.certified
        else r.Certification(
            standard="ISO/IEC 27001:2022",
            body="Example Certification Services Ltd",
            accreditation="UKAS 0000 (fictional)",
            certificate_number=f"ECS-ISMS-{issued.year % 100}-{10000 + plan.seed % 90000}",
            issued_on=issued,
            expires_on=expires,
            audits=held + planned,
        ),
    )


def _roles(plan: _Plan) -> list[r.Role]:
    out = []
    for role, title, duties in _ROLES:
        holder = plan.holders[role]
        first, last = holder.split()
        out.append(
            r.Role(
                id=role,
                title=title,
                holder=holder,
                handle="@" + first[0].lower() + last.lower(),
                responsibilities=list(duties),
                top_management=role in _TOP_MANAGEMENT,
            )
        )
    return out


_LEVELS = {  # per points of the scales: id, name, colour, lowest and highest score, review interval (months)
    5: (
        ("low", "Low", "#2e7d32", 1, 4, 12),
        ("medium", "Medium", "#f9a825", 5, 9, 12),
        ("high", "High", "#ef6c00", 10, 15, 9),
        ("critical", "Critical", "#c62828", 16, 25, 9),
    ),
    4: (
        ("low", "Low", "#2e7d32", 1, 3, 12),
        ("medium", "Medium", "#f9a825", 4, 6, 12),
        ("high", "High", "#ef6c00", 7, 11, 9),
        ("critical", "Critical", "#c62828", 12, 16, 9),
    ),
}
_LIKELIHOOD = (
    ("Rare", "Not expected in the next five years (below 5% a year)."),
    ("Unlikely", "Could happen once in three to five years (5-20% a year)."),
    ("Possible", "Could happen once in one to three years (20-50% a year)."),
    ("Likely", "Expected about once a year (50-90% a year)."),
    ("Almost certain", "Expected several times a year, or already happening."),
)
_IMPACT = (
    ("Negligible", "Under 10k in cost; no customer affected; degradation under 1 hour."),
    ("Minor", "10k-50k; one customer affected; outage up to 4 hours within SLA."),
    ("Moderate", "50k-250k; notifiable breach for one customer; outage 4-24 hours."),
    ("Major", "250k-1m; regulator investigation likely; outage 1-3 days."),
    ("Severe", "Over 1m; enforcement action; outage over 3 days or unrecoverable data loss."),
)


def _scale(points: Sequence[tuple[str, str]]) -> list[r.ScalePoint]:
    return [r.ScalePoint(value=value, name=name, criteria=criteria) for value, (name, criteria) in enumerate(points, 1)]


def _methodology(plan: _Plan) -> r.MethodologyFile:
    return r.MethodologyFile(
        version="2.0",
        owner="ciso",
        approved_by="ceo",
        approved_on=plan.as_of - 60 * _DAY,
        review_every=24,
        likelihood=_scale(_points(_LIKELIHOOD, plan.scale)),
        impact=_scale(_points(_IMPACT, plan.scale)),
        levels=[
            r.Level(id=level_id, name=name, colour=colour, min_score=low, max_score=high, review_every=months)
            for level_id, name, colour, low, high, months in _LEVELS[plan.scale]
        ],
        matrix="product",
        acceptance=r.Acceptance(threshold="medium", authority="ceo"),  # 'medium' tops out at 9 (6 on a 4×4)
    )


# --- assets and risks ---------------------------------------------------------------------------------


def _id_width(count: int) -> int:
    return max(4, len(str(count)))


def _assets(plan: _Plan, count: int) -> list[r.Asset]:
    rng = random.Random(f"isms-synth:{plan.seed}:assets")
    width = _id_width(count)
    out = []
    rand, owners, n_owners = rng.random, _OPERATIONAL_ROLES, len(_OPERATIONAL_ROLES)
    for index in range(count):
        kind, patterns, location = _ASSET_KINDS[_ASSET_WEIGHTS[int(rand() * len(_ASSET_WEIGHTS))]]
        word = _WORDS[int(rand() * len(_WORDS))]
        name = patterns[int(rand() * len(patterns))].format(w=word, W=word.capitalize(), n=index + 1)
        owner = owners[int(rand() * n_owners)]
        c, i, a = 1 + int(rand() * 5), 1 + int(rand() * 5), 1 + int(rand() * 5)
        depends_on = []
        if index and index % 3 == 0:
            depends_on.append(f"AST-{index + 1 - 1 - int(rand() * min(index, 50)):0{width}d}")
        out.append(
            r.Asset(
                id=f"AST-{index + 1:0{width}d}",
                name=name,
                type=kind,
                format="digital" if kind == "information" else None,
                owner=owner,
                custodian=owners[(index * 7) % n_owners],
                location=location,
                classification="confidential" if c >= 4 else ("internal" if c >= 2 else "public"),
                confidentiality=c,
                integrity=i,
                availability=a,
                backup=_BACKUPS[index % len(_BACKUPS)] if kind in ("information", "software", "service") else None,
                licence="Commercial subscription" if kind in ("software", "service") else None,
                processes=[_PROCESSES[index % 10], _PROCESSES[(index * 3 + 1) % 10]],
                depends_on=depends_on,
                # Only the exceptions say their status, as in a real inventory: 'in use' is the default; a
                # planned asset has not been reviewed yet.
                **(
                    {"status": "planned"} if index % 97 == 5 else {"reviewed_on": plan.as_of - (5 + index % 300) * _DAY}
                ),
            )
        )
    return out


def _points(points: Sequence[tuple[str, str]], scale: int) -> Sequence[tuple[str, str]]:
    """The scale's points: all five, or four without the middle one."""
    return points if scale == 5 else (*points[:2], *points[3:])


def _level(score: int, scale: int) -> int:
    """Rank of the level of a score: 0 low, 1 medium, 2 high, 3 critical."""
    return next(rank for rank, level in enumerate(_LEVELS[scale]) if score <= level[4])


@dataclass(frozen=True)
class _Treated:
    """A risk that needs a treatment plan entry."""

    risk: str
    level: int  # rank of its inherent level, see _level
    controls: list[str]
    owner: str


def _acceptance(by: str, on: dt.date) -> r.RiskAcceptance:
    return r.RiskAcceptance(
        by=by,
        on=on,
        expires=add_months(on, 12),
        justification="Cost of further treatment outweighs the reduction in risk; reviewed yearly.",
    )


def _risks(plan: _Plan, count: int, assets: int) -> tuple[list[r.Risk], list[_Treated]]:
    """The risk entries, and the risks to treat."""
    rng = random.Random(f"isms-synth:{plan.seed}:risks")
    width, asset_width = _id_width(count), _id_width(assets)
    as_of = plan.as_of
    out: list[r.Risk] = []
    treated: list[_Treated] = []
    rand = rng.random
    control_risks = plan.control_risks
    for index in range(count):
        risk_id = f"R-{index + 1:0{width}d}"
        plan.risk_ids.append(risk_id)
        threat, vulnerability, controls = _SCENARIOS[index % len(_SCENARIOS)]
        likelihood, impact = 1 + int(rand() * plan.scale), 1 + int(rand() * plan.scale)
        score = likelihood * impact
        owner = _OPERATIONAL_ROLES[int(rand() * len(_OPERATIONAL_ROLES))]
        first = int(rand() * assets)
        at_risk = [f"AST-{first + 1:0{asset_width}d}"]
        if assets > 1 and index % 2:
            second = (first + 1 + int(rand() * (assets - 1))) % assets
            at_risk.append(f"AST-{second + 1:0{asset_width}d}")
        existing, chosen = [controls[0]], list(controls[1:])
        for control in controls:
            users = control_risks.setdefault(control, [])
            if len(users) < 3:
                users.append(risk_id)
        assessed = as_of - int(10 + rand() * 230) * _DAY
        identified = assessed - int(rand() * 400) * _DAY
        acceptance: r.RiskAcceptance | None = None
        roll = rand()
        closed = index % 53 == 52
        option: Literal["modify", "retain", "avoid", "share"]
        status: Literal["open", "accepted", "closed"]
        if _level(score, plan.scale) >= 2:
            if roll < 0.12 and not closed and index:  # risk 1 is always treated: the plan is never empty
                option, residual, status = "retain", (likelihood, impact), "accepted"
                acceptance = _acceptance("ceo" if roll < 0.04 else owner, as_of - int(10 + rand() * 300) * _DAY)
            else:
                option = "share" if roll < 0.2 else ("avoid" if roll < 0.25 else "modify")
                residual = (max(1, likelihood - 2), max(1, impact - 1))
                status = "open"
                if _level(residual[0] * residual[1], plan.scale) >= 2:
                    acceptance = _acceptance(owner, as_of - int(10 + rand() * 300) * _DAY)
                treated.append(_Treated(risk_id, _level(score, plan.scale), chosen, owner))
        elif roll < 0.3 or not index:
            option, residual, status = "modify", (max(1, likelihood - 1), impact), "open"
            treated.append(_Treated(risk_id, _level(score, plan.scale), chosen, owner))
        else:
            option, residual, status = "retain", (likelihood, impact), "accepted"
            if roll < 0.6:
                acceptance = _acceptance(owner, as_of - int(10 + rand() * 300) * _DAY)
            chosen = []
        out.append(
            r.Risk(
                id=risk_id,
                title=f"{threat} ({at_risk[0]})",
                description=f"{threat} because {vulnerability}, harming the assets listed.",
                assets=at_risk,
                threat=threat,
                vulnerability=vulnerability.capitalize(),
                owner=owner,
                existing_controls=existing,
                inherent=r.Rating(likelihood=likelihood, impact=impact),
                residual=r.Rating(likelihood=residual[0], impact=residual[1]),
                treatment=option,
                controls=chosen,
                acceptance=acceptance,
                status="closed" if closed else status,
                identified_on=identified,
                last_assessed=assessed,
            )
        )
    return out, treated


def _agree(
    risks: list[r.Risk], treatments: list[r.Treatment], soa: list[r.SoaEntry]
) -> tuple[list[r.Risk], list[r.SoaEntry]]:
    """Risk and SoA statuses that follow the treatments, as an honest register keeps them.

    A risk whose treatments are all done is treated; a control a treatment still works on is at most partial,
    and one whose treatments are all done is at least partial.
    """
    done: dict[str, list[bool]] = {}
    by_control: dict[str, list[bool]] = {}
    for treatment in treatments:
        for risk_id in treatment.risks:
            done.setdefault(risk_id, []).append(treatment.status == "done")
        for control in treatment.controls:
            by_control.setdefault(control, []).append(treatment.status == "done")
    risks = [
        risk.model_copy(update={"status": "treated"})
        if risk.status == "open" and done.get(risk.id) and all(done[risk.id])
        else risk
        for risk in risks
    ]
    agreed = []
    for entry in soa:
        flags = by_control.get(entry.control)
        stale = (
            entry.status == "implemented"
            if flags and not all(flags)
            else entry.status in ("planned", "not implemented")
        )
        agreed.append(entry.model_copy(update={"status": "partial"}) if flags and stale else entry)
    return risks, agreed


def _treatments(plan: _Plan, treated: list[_Treated]) -> list[r.Treatment]:
    rng = random.Random(f"isms-synth:{plan.seed}:treatments")
    as_of, rand = plan.as_of, rng.random
    width = _id_width(len(treated))
    out = []
    for index, item in enumerate(treated):
        controls = item.controls
        risks = [item.risk]
        approvers = [item.owner]  # the owner of each risk it treats approves it (6.1.3 f)
        if index % 9 == 8:
            risks.append(treated[index - 1].risk)
            approvers.append(treated[index - 1].owner)
        roll = rand()
        evidence: list[str] = []
        completed: dt.date | None = None
        status: Literal["planned", "in progress", "done"]
        if roll < 0.45:
            start = as_of - int(120 + rand() * 300) * _DAY
            due = start + 90 * _DAY
            completed = min(due - int(rand() * 30) * _DAY, as_of - _DAY)
            status = "done"
            if controls and controls[0] in plan.control_evidence:
                evidence.append(plan.control_evidence[controls[0]])
        elif roll < 0.8:
            start = as_of - int(10 + rand() * 200) * _DAY
            due = as_of + int(20 + rand() * 200) * _DAY
            status = "in progress"
        else:
            start = as_of + int(10 + rand() * 80) * _DAY
            due = start + int(60 + rand() * 120) * _DAY
            status = "planned"
        out.append(
            r.Treatment(
                id=f"T-{index + 1:0{width}d}",
                risks=risks,
                action=f"Implement {', '.join(controls or ['5.1'])} for {item.risk} and verify the result",
                controls=controls,
                owner=item.owner,
                resources=f"{2 + index % 9} person-days",
                priority=("low", "medium", "high", "high")[item.level],
                start=start,
                due=due,
                status=status,
                completed_on=completed,
                evidence=evidence,
                approved_by=list(dict.fromkeys(approvers)),
                approved_on=min(start, as_of) - 14 * _DAY,
            )
        )
    return out


# --- evidence, SoA, requirements, objectives, training ------------------------------------------------


_EVIDENCE_KINDS = ("record", "report", "log", "configuration", "screenshot", "certificate", "contract", "minutes")


def _evidence(plan: _Plan) -> list[r.Evidence]:
    """One evidence record per three applicable controls, and one per training programme."""
    out = []
    as_of = plan.as_of
    groups = [plan.applicable[i : i + 3] for i in range(0, len(plan.applicable), 3)]
    for index, controls in enumerate(groups):
        evidence_id = f"EV-{index + 1:04d}"
        for control in controls:
            plan.control_evidence[control] = evidence_id
        effective = as_of - (15 + (index * 37) % 300) * _DAY
        out.append(
            r.Evidence(
                id=evidence_id,
                title="Operating evidence for " + ", ".join(plan.catalogue.controls[c].title.lower() for c in controls),
                kind=_EVIDENCE_KINDS[index % len(_EVIDENCE_KINDS)],
                controls=controls,
                clauses=["8.1"] if index == 0 else [],
                location=f"https://grc.{plan.domain}/evidence/{evidence_id.lower()}",
                effective_on=effective,
                expires_on=add_months(effective, 13),
                owner=_control_owner(plan, controls[0]),
            )
        )
    for index, (programme_id, title, *_rest) in enumerate(_PROGRAMMES):
        out.append(
            r.Evidence(
                id=f"EV-{programme_id}",
                title="Completion report: " + title,
                kind="report",
                controls=["6.3"],
                clauses=["7.2", "7.3"],
                location=f"https://lms.{plan.domain}/reports/{programme_id.lower()}",
                effective_on=as_of - (20 + index * 9) * _DAY,
                owner="head-of-people",
            )
        )
    return out


def _control_owner(plan: _Plan, control: str) -> str:
    return _CONTROL_OWNER.get(control) or _THEME_OWNER[plan.catalogue.controls[control].theme]


_REQUIREMENTS = (
    (
        "REQ-001",
        "UK General Data Protection Regulation",
        "legal",
        "UK GDPR and Data Protection Act 2018",
        "dpo",
        ("5.34", "5.31", "5.33", "8.10", "8.11"),
    ),
    (
        "REQ-002",
        "EU General Data Protection Regulation",
        "legal",
        "Regulation (EU) 2016/679",
        "dpo",
        ("5.34", "5.14", "8.24"),
    ),
    (
        "REQ-003",
        "Customer master services agreement: security schedule",
        "contractual",
        "Standard MSA v7",
        "legal-counsel",
        ("5.20", "5.24", "5.26", "8.13", "8.15"),
    ),
    (
        "REQ-004",
        "Payment card data handling",
        "contractual",
        "Acquirer agreement",
        "finance-director",
        ("8.12", "8.20", "8.22"),
    ),
    ("REQ-005", "Computer Misuse Act 1990", "statutory", "UK statute", "legal-counsel", ("5.10", "6.4")),
    (
        "REQ-006",
        "Network and information systems regulations",
        "regulatory",
        "NIS Regulations 2018",
        "ciso",
        ("5.5", "5.24", "5.29", "5.30"),
    ),
    ("REQ-007", "Copyright, Designs and Patents Act 1988", "statutory", "UK statute", "legal-counsel", ("5.32",)),
    (
        "REQ-008",
        "Investors' expectation of an independent security review",
        "interested party",
        "Board of directors",
        "ceo",
        ("5.35", "5.36"),
    ),
)


_SUPPLIERS = (
    ("Nimbus Cloud", "Hosting of the production platform", 1, "confidential", True),
    ("Keystone Identity", "Workforce single sign-on", 1, "confidential", True),
    ("Ledgerline Payroll", "Payroll bureau", 2, "confidential", False),
    ("Harbour Mail", "Email and documents", 1, "confidential", True),
    ("Signal Ticketing", "Service desk and issue tracking", 2, "internal", True),
    ("Brightdesk Furniture", "Office furniture", 3, "none", False),
)


def _suppliers(plan: _Plan, assets: Sequence[r.Asset]) -> list[r.Supplier]:
    """The fixed suppliers, each reviewed within its year and under contract with security clauses."""
    supplier_assets = [a.id for a in assets if a.type == "supplier"] or [a.id for a in assets[:1]]
    out = []
    for index, (name, service, tier, data, cloud) in enumerate(_SUPPLIERS):
        assessed = plan.as_of - (40 + index * 47) * _DAY
        out.append(
            r.Supplier(
                id=f"SUP-{index + 1:03d}",
                name=name,
                service=service,
                tier=tier,
                data=data,
                personal_data=data == "confidential",
                cloud=cloud,
                owner=_OPERATIONAL_ROLES[index % len(_OPERATIONAL_ROLES)],
                contract=r.Contract(
                    reference=f"{name} master services agreement",
                    signed_on=assessed - 30 * _DAY,
                    security_clauses=tier < 3,
                    data_processing=data == "confidential",
                ),
                assessments=[
                    r.SupplierAssessment(on=assessed, by="ciso", result="satisfactory", notes="Certificate checked.")
                ]
                if tier < 3
                else [],
                assets=[supplier_assets[index % len(supplier_assets)]],
                risks=plan.risk_ids[index : index + 1],
                controls=["5.19", "5.20", "5.22"] + (["5.23"] if cloud else []),
            )
        )
    return out


def _issues(plan: _Plan) -> list[r.ContextIssue]:
    """Issues of the context (4.1): one external, one internal, and the climate change determination."""
    reviewed = plan.as_of - 40 * _DAY
    risks = plan.risk_ids[:2]
    return [
        r.ContextIssue(
            id="CTX-01",
            title="Customers expect certified suppliers",
            kind="external",
            effect="Renewals depend on keeping the certificate; the scope covers every customer-facing service.",
            risks=risks[:1],
            parties=["IP-01"],
            owner="ciso",
            identified_on=plan.as_of - 400 * _DAY,
            reviewed_on=reviewed,
        ),
        r.ContextIssue(
            id="CTX-02",
            title="Growth in staff across two offices",
            kind="internal",
            effect="More joiners and leavers: access reviews and onboarding training scale with them.",
            risks=risks[1:],
            owner="head-of-people",
            reviewed_on=reviewed,
        ),
        r.ContextIssue(
            id="CTX-03",
            title="Climate change",
            kind="external",
            effect="Flooding and heat at the data centres are covered by business continuity (5.30).",
            climate_change=True,
            owner="ciso",
            reviewed_on=reviewed,
        ),
    ]


def _parties(plan: _Plan) -> list[r.InterestedParty]:
    """Interested parties (4.2) whose requirements the requirements register tracks."""
    reviewed = plan.as_of - 40 * _DAY
    return [
        r.InterestedParty(
            id="IP-01",
            name="Customers",
            kind="external",
            requirements=[
                r.PartyRequirement(
                    description="Security schedule of the master services agreement", requirement="REQ-003"
                ),
                r.PartyRequirement(description="Personal data processed lawfully", requirement="REQ-001"),
            ],
            feedback_channel="Quarterly account reviews and the annual customer survey.",
            feedback=[r.PartyFeedback(on=plan.as_of - 200 * _DAY, summary="Asked for the penetration test summary.")],
            owner="ciso",
            reviewed_on=reviewed,
        ),
        r.InterestedParty(
            id="IP-02",
            name="Staff",
            kind="internal",
            requirements=[
                r.PartyRequirement(
                    description="Clear rules on monitoring of their accounts",
                    addressed=False,
                    note="Handled by the employment contract, outside the ISMS.",
                )
            ],
            feedback_channel="Engagement survey.",
            owner="head-of-people",
            reviewed_on=reviewed,
        ),
    ]


def _exceptions(plan: _Plan) -> list[r.PolicyException]:
    """Exceptions to the policies: two in force, approved by the policy owner, and one closed after it ended."""
    policies = [doc for doc in plan.docs if doc.type == "policy"] or plan.docs[:1]
    out = []
    for index, (ends, status) in enumerate(((120, "active"), (250, "active"), (-40, "closed"))):
        policy = policies[index % len(policies)]
        requester = "cto" if policy.owner != "cto" else "ciso"
        out.append(
            r.PolicyException(
                id=f"EXC-{index + 1:03d}",
                title=f"Exception {index + 1} to the {policy.title.lower()}",
                document=policy.id,
                section="3",
                # An exception weakening a control names the risk it accepts (exception-risk-not-accepted).
                controls=policy.controls[:1] if plan.risk_ids else [],
                risk=plan.risk_ids[index % len(plan.risk_ids)] if plan.risk_ids else None,
                requested_by=requester,
                approved_by=policy.owner,
                approved_on=plan.as_of - (200 - index * 30) * _DAY,
                expires=plan.as_of + ends * _DAY,
                status=status,
                compensating_controls="Monitored weekly by the control owner until the exception ends.",
            )
        )
    return out


def _incidents(plan: _Plan, assets: Sequence[r.Asset], suppliers: Sequence[r.Supplier]) -> list[r.Incident]:
    """Closed incidents of the past year, one a personal data breach notified in time, and one still open."""
    zone = dt.timezone(dt.timedelta(hours=1))
    out = []
    for index in range(6):
        detected = dt.datetime.combine(plan.as_of - (300 - index * 55) * _DAY, dt.time(9 + index, 15), zone)
        closed = index < 5
        breach = index == 2
        out.append(
            r.Incident(
                id=f"INC-{detected.year}-{index + 1:03d}",
                title=f"Security event {index + 1}: " + ("lost laptop" if breach else "phishing email reported"),
                severity=3 if breach else 4,
                owner="ciso",
                detected_at=detected,
                reported_at=detected + dt.timedelta(minutes=20),
                classified_at=detected + dt.timedelta(hours=1),
                contained_at=detected + dt.timedelta(hours=3) if closed else None,
                closed_at=detected + dt.timedelta(days=5) if closed else None,
                assets=[assets[(index * 7) % len(assets)].id],
                personal_data=breach,
                breach_risk="risk" if breach else None,
                notifications=r.Notifications(
                    gdpr=r.Notice(at=detected + dt.timedelta(hours=50), to="Supervisory authority") if breach else None
                ),
                lessons_learned="Awareness message sent; the filter rule was tightened." if closed else None,
                risks=plan.risk_ids[index : index + 1],
                suppliers=[suppliers[0].id] if index == 0 else [],
                controls=["5.24", "5.25", "5.26"] + (["5.27"] if closed else []),
            )
        )
    return out


def _improvements(plan: _Plan) -> list[r.Improvement]:
    """One improvement done within the year from the first audit, one planned from the last held review, one
    staff suggestion rejected with its reason."""
    as_of = plan.as_of
    audit = plan.audits[0]
    held = [review for review in plan.reviews if review[2] == "held" and review[1] <= as_of]
    review = held[-1] if held else None
    return [
        r.Improvement(
            id="IMP-001",
            title="Report evidence due to expire every month",
            source=r.ImprovementSource(type="audit finding", ref=audit[0]),
            raised_on=min(audit[2], as_of - 200 * _DAY),
            owner="ciso",
            status="done",
            due=as_of - 60 * _DAY,
            completed_on=as_of - 90 * _DAY,
            outcome="The monthly report lists evidence expiring within 60 days; none has lapsed since.",
        ),
        r.Improvement(
            id="IMP-002",
            title="Automate the collection of access review evidence",
            source=r.ImprovementSource(type="management review", ref=review[0])
            if review
            else r.ImprovementSource(type="other"),
            raised_on=review[1] if review else as_of - 30 * _DAY,
            owner="it-manager",
            status="planned",
            due=as_of + 150 * _DAY,
        ),
        r.Improvement(
            id="IMP-003",
            title="Allow personal phones for push approval instead of security keys",
            source=r.ImprovementSource(type="staff suggestion", ref="Staff forum"),
            raised_on=as_of - 120 * _DAY,
            owner="ciso",
            status="rejected",
            outcome="Rejected: push approval can be phished; security keys stay the only second factor.",
        ),
    ]


def _requirements(plan: _Plan) -> list[r.Requirement]:
    return [
        r.Requirement(
            id=req_id,
            title=title,
            type=kind,
            source=source,
            description="Obligations arising from " + title + " that the ISMS must meet.",
            controls=[c for c in controls if c not in _EXCLUDED],
            owner=owner,
            reviewed_on=plan.as_of - (30 + 20 * index) * _DAY,
        )
        for index, (req_id, title, kind, source, owner, controls) in enumerate(_REQUIREMENTS)
    ]


def _soa(plan: _Plan) -> list[r.SoaEntry]:
    rng = random.Random(f"isms-synth:{plan.seed}:soa")
    required_by: dict[str, list[tuple[str, str]]] = {}
    for req_id, _title, kind, _source, _owner, controls in _REQUIREMENTS:
        for control in controls:
            required_by.setdefault(control, []).append((req_id, kind))
    out = []
    for control in plan.catalogue.annex_a:
        title = plan.catalogue.controls[control].title
        if control in _EXCLUDED:
            out.append(r.SoaEntry(control=control, applicable=False, justification=_EXCLUDED[control]))
            continue
        reasons: list[r.Reason] = []
        references: list[str] = []
        if plan.control_risks.get(control):
            reasons.append("risk")
            references += plan.control_risks[control]
        for req_id, kind in required_by.get(control, []):
            reason: r.Reason = (
                "contractual" if kind == "contractual" else ("business" if kind == "interested party" else "legal")
            )
            if reason not in reasons:
                reasons.append(reason)
            references.append(req_id)
        if not reasons:
            reasons.append("best practice")
        if references:
            justification = f"{title} treats the risks and meets the requirements referenced."
        else:
            justification = f"{title} is adopted as good practice across the ISMS scope."
        roll = rng.random()
        out.append(
            r.SoaEntry(
                control=control,
                applicable=True,
                reasons=reasons,
                references=references,
                justification=justification,
                status="implemented" if roll < 0.8 else ("partial" if roll < 0.93 else "planned"),
                owner=_control_owner(plan, control),
            )
        )
    return out


_OBJECTIVES = (
    (
        "OBJ-01",
        "Keep the platform available",
        "Monthly availability of the production service",
        "%",
        99.9,
        "at least",
        ("8.14", "8.6"),
    ),
    (
        "OBJ-02",
        "Fix critical vulnerabilities quickly",
        "Median days to fix critical vulnerabilities",
        "days",
        7,
        "at most",
        ("8.8",),
    ),
    (
        "OBJ-03",
        "Keep staff aware of security",
        "Share of staff who completed awareness training",
        "%",
        95,
        "at least",
        ("6.3",),
    ),
    (
        "OBJ-04",
        "Review access on time",
        "Share of quarterly access reviews completed on time",
        "%",
        100,
        "at least",
        ("5.18",),
    ),
    (
        "OBJ-05",
        "Reduce phishing click rate",
        "Share of staff clicking simulated phishing links",
        "%",
        5,
        "at most",
        ("6.3", "8.23"),
    ),
    ("OBJ-06", "Prove backups restore", "Successful quarterly restore tests", "%", 100, "at least", ("8.13",)),
)


def _objectives(plan: _Plan) -> list[r.Objective]:
    out = []
    for index, (obj_id, title, measure, unit, target, direction, controls) in enumerate(_OBJECTIVES):
        measurements = []
        for quarter in range(4, 0, -1):
            drift = ((index + quarter) % 3) * (0.1 if unit == "%" else 1)
            value = round(target - drift if direction == "at least" else target + drift, 2)
            measurements.append(r.Measurement(date=add_months(plan.as_of, -3 * quarter + 1), value=value))
        out.append(
            r.Objective(
                id=obj_id,
                title=title,
                owner=_CONTROL_OWNER.get(controls[0], "ciso"),
                measure=measure,
                unit=unit,
                target=target,
                direction=direction,
                frequency="Quarterly",
                due=add_months(plan.as_of, 6),
                controls=list(controls),
                measurements=measurements,
            )
        )
    return out


_PROGRAMMES = (
    ("TR-01", "Security awareness for all staff", "awareness", "All employees and contractors", 12),
    ("TR-02", "Secure development training", "training", "Engineers", 12),
    ("TR-03", "Phishing simulation", "awareness", "All employees", 3),
    ("TR-04", "Incident response exercise", "competence", "Incident response team", 12),
    ("TR-05", "Data protection for support staff", "training", "Customer support team", 12),
)


def _training(plan: _Plan) -> list[r.Programme]:
    return [
        r.Programme(
            id=programme_id,
            title=title,
            kind=kind,
            audience=audience,
            owner="head-of-people",
            every=every,
            last_delivered=plan.as_of - (20 + index * 9) * _DAY,
            completed=40 + 30 * index - index,
            required=40 + 30 * index,
            controls=["6.3"],
            evidence=[f"EV-{programme_id}"],
        )
        for index, (programme_id, title, kind, audience, every) in enumerate(_PROGRAMMES)
    ]


def _competence(plan: _Plan) -> list[r.Competence]:
    """Every role has ISMS responsibilities: each records what it requires and its holder, assessed within the
    year with the awareness course's record as evidence; the CISO's holder has a gap being closed."""
    out = []
    for index, (role, title, duties) in enumerate(_ROLES):
        gaps = [
            r.CompetenceGap(
                competence="Lead auditing of an ISMS",
                action="ISO/IEC 27001 lead auditor course",
                due=plan.as_of + 120 * _DAY,
            )
        ]
        out.append(
            r.Competence(
                role=role,
                required=[
                    r.RequiredCompetence(
                        competence=f"What the {title} needs for: {duties[0].rstrip('.').lower()}",
                        means=["education", "experience"] if role in _TOP_MANAGEMENT else ["training", "experience"],
                        training=["TR-01"],
                    )
                ],
                holders=[
                    r.CompetenceHolder(
                        person=plan.holders[role],
                        evidence=["EV-TR-01"],
                        training=["TR-01"],
                        assessed_on=plan.as_of - (30 + 7 * index) * _DAY,
                        gaps=gaps if role == "ciso" else [],
                    )
                ],
            )
        )
    return out


def _communications(plan: _Plan) -> list[r.Communication]:
    """The policy to staff every year (5.2 e), ISMS performance to top management, incidents to customers."""
    return [
        r.Communication(
            id="COM-01",
            what="The information security policy",
            audience="All employees and contractors",
            direction="internal",
            communicator="ciso",
            how="Intranet and the awareness course",
            when="At induction and every year",
            every=12,
            last_on=plan.as_of - 60 * _DAY,
            record="EV-TR-01",
            documents=["POL-ISP"],
        ),
        r.Communication(
            id="COM-02",
            what="ISMS performance: risks, objectives, incidents and audit results",
            audience="Top management",
            direction="internal",
            communicator="ciso",
            how="Steering group meeting",
            when="Every quarter",
            every=3,
            last_on=plan.as_of - 40 * _DAY,
        ),
        r.Communication(
            id="COM-03",
            what="Security incidents affecting customers",
            audience="Affected customers",
            direction="external",
            communicator="cto",
            how="Email to the customer's security contact",
            when="Within 24 hours of confirming the incident",
        ),
    ]


# --- audits, nonconformities, reviews ------------------------------------------------------------------


def _plan_audits_and_reviews(plan: _Plan) -> None:
    as_of = plan.as_of
    days = (300, 200, 100, -45)  # days before as_of; the last is planned after it
    titles = (
        "Context, leadership and risk management",
        "Support and documented information",
        "Operation and Annex A technological controls",
        "Performance evaluation and improvement",
    )
    for number, (before, title) in enumerate(zip(days, titles, strict=True), 1):
        day = as_of - before * _DAY
        plan.audits.append((f"IA-{day.year}-{number:02d}", title, day, before > 0))
    previous, last = as_of - 480 * _DAY, as_of - 120 * _DAY
    plan.reviews = [
        (f"MR-{day:%Y-%m}", day, status)
        for day, status in ((previous, "held"), (last, "held"), (add_months(last, 11), "planned"))
    ]


_AUDIT_SECTIONS = (("4", "5", "6"), ("7",), ("8",), ("9", "10"))


def _audits(plan: _Plan) -> list[r.Audit]:
    # The internal auditor never audits a control of their own (9.2.2): those go to the contracted auditor.
    own = [c for c in plan.applicable if _CONTROL_OWNER.get(c) == "internal-auditor"]
    controls = [c for c in plan.applicable if c not in own]
    quarter = (len(controls) + 3) // 4
    out = []
    for number, (audit_id, title, day, completed) in enumerate(plan.audits):
        scope = controls[number * quarter : (number + 1) * quarter] + (own if number == 3 else [])
        clauses = [c for c in plan.catalogue.clauses if c.split(".")[0] in _AUDIT_SECTIONS[number]]
        findings = []
        if completed:
            findings += [
                r.Finding(
                    id=f"{audit_id}-F1",
                    grade="observation",
                    description="Evidence for " + title.lower() + " was incomplete for one quarter.",
                    clauses=[clauses[0]],
                ),
                r.Finding(id=f"{audit_id}-F2", grade="opportunity", description="Automate the collection of evidence."),
            ]
        if completed and number == 0:
            findings.append(
                r.Finding(
                    id=f"{audit_id}-F3",
                    grade="minor",
                    description="Two risks were not reassessed within their review interval.",
                    clauses=["8.2"],
                    nonconformity="NC-0001",
                )
            )
        out.append(
            r.Audit(
                id=audit_id,
                title=title,
                clauses=clauses,
                controls=scope,
                auditor="Independent auditor (contracted)" if number == 3 else plan.holders["internal-auditor"],
                auditees=["ceo", "ciso", "internal-auditor"] if number == 3 else ["ciso", "cto"],
                planned_on=day,
                start=day if completed else None,
                end=day + 2 * _DAY if completed else None,
                status="completed" if completed else "planned",
                report=f"REP-{audit_id}" if completed else None,
                findings=findings,
            )
        )
    return out


def _nonconformities(plan: _Plan) -> list[r.Nonconformity]:
    as_of = plan.as_of
    first_audit = plan.audits[0]
    raised = first_audit[2] + 3 * _DAY
    return [
        r.Nonconformity(
            id="NC-0001",
            title="Risks not reassessed on time",
            source=r.Source(type="audit", ref=f"{first_audit[0]}-F3"),
            raised_on=raised,
            grade="minor",
            description="Two risks were last assessed longer ago than their level's review interval (clause 8.2).",
            clauses=["8.2"],
            owner="ciso",
            correction="The two risks were reassessed the same week.",
            root_cause="Reassessment dates were tracked by hand, with no reminder.",
            similar=r.Similar(
                checked_on=raised + 20 * _DAY,
                result="Treatment due dates and evidence expiry were tracked by hand too; both were added to the"
                " report.",
            ),
            actions=[
                r.CorrectiveAction(
                    description="Report risks due for reassessment from the risk register every month.",
                    owner="ciso",
                    due=raised + 60 * _DAY,
                    status="done",
                    completed_on=raised + 45 * _DAY,
                )
            ],
            effectiveness=r.Effectiveness(
                reviewed_on=raised + 150 * _DAY,
                by="internal-auditor",
                effective=True,
                notes="No risk has been overdue since the monthly report started.",
            ),
            status="closed",
            closed_on=raised + 150 * _DAY,
        ),
        r.Nonconformity(
            id="NC-0002",
            title="Supplier assurance reports not reviewed",
            source=r.Source(type="certification audit", ref="CB-SV1")
            if plan.certified
            else r.Source(type="monitoring", ref="Supplier assurance report tracker"),
            raised_on=add_months(_certification_dates(as_of)[0], 11) + 2 * _DAY,
            grade="minor",
            description="No record of review of the assurance reports of two tier 1 suppliers.",
            controls=["5.22"],
            owner="finance-director",
            correction="The two reports were obtained and reviewed.",
            root_cause="The supplier review calendar did not include assurance reports.",
            actions=[
                r.CorrectiveAction(
                    description="Add assurance report review to the supplier review calendar.",
                    owner="finance-director",
                    due=as_of + 45 * _DAY,
                    status="in progress",
                )
            ],
            status="open",
        ),
        r.Nonconformity(
            id="NC-0003",
            title="Incident ticket closed without a lessons-learned review",
            source=r.Source(type="incident", ref="INC-0412"),
            raised_on=as_of - 40 * _DAY,
            grade="minor",
            description="A security incident was closed without the review that the incident procedure requires.",
            controls=["5.27"],
            owner="ciso",
            similar=r.Similar(
                checked_on=as_of - 30 * _DAY,
                result="Checked the incidents closed this year: one more lacked its review and was added to the"
                " action. Like NC-0001, a step kept by hand with no reminder.",
                related=["NC-0001"],
            ),
            actions=[
                r.CorrectiveAction(
                    description="Make the lessons-learned review a required field before closing an incident.",
                    owner="ciso",
                    due=as_of + 30 * _DAY,
                    status="open",
                )
            ],
            status="open",
        ),
    ]


def _reviews(plan: _Plan) -> list[r.Review]:
    out = []
    for review_id, day, status in plan.reviews:
        if status != "held":
            out.append(
                r.Review(
                    id=review_id,
                    date=day,
                    status="planned",
                    chair="ceo",
                    attendees=["ceo", "cto", "ciso", "dpo", "finance-director"],
                )
            )
            continue
        if day < plan.as_of - 365 * _DAY:
            action = r.ReviewAction(
                description="Automate evidence collection for access reviews.",
                owner="it-manager",
                due=day + 90 * _DAY,
                status="done",
                completed_on=day + 80 * _DAY,
            )
        else:
            action = r.ReviewAction(
                description="Automate evidence collection for access reviews.",
                owner="it-manager",
                due=plan.as_of + 60 * _DAY,
                status="in progress",
            )
        out.append(
            r.Review(
                id=review_id,
                date=day,
                status="held",
                chair="ceo",
                attendees=["ceo", "cto", "ciso", "dpo", "finance-director"],
                inputs={
                    key: "Presented: " + text[:1].lower() + text[1:] + "."
                    for key, text in plan.catalogue.review_inputs.items()
                },
                decisions=[
                    "The ISMS remains suitable, adequate and effective.",
                    "Fund automation of evidence collection in the next budget.",
                ],
                actions=[action],
                minutes=f"REC-{review_id}",
            )
        )
    return out


# --- documents -----------------------------------------------------------------------------------------

_CORE_DOCS: tuple[tuple[str, str, DocumentType, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # id, title, type, file, clauses, controls
    ("ISMS-SCOPE", "ISMS scope statement", "policy", "isms-scope.md", ("4.1", "4.2", "4.3", "4.4"), ()),
    (
        "POL-ISP",
        "Information security policy",
        "policy",
        "information-security-policy.md",
        ("5.1", "5.2", "5.3"),
        ("5.1", "5.2", "5.4"),
    ),
    (
        "PRO-RISK",
        "Risk assessment and treatment procedure",
        "procedure",
        "risk-assessment-treatment.md",
        ("6.1", "6.1.1", "6.1.2", "6.1.3", "8.1", "8.2", "8.3"),
        (),
    ),
    ("PLN-OBJ", "Security objectives and planning", "plan", "security-objectives.md", ("6.2", "6.3", "9.1"), ()),
    (
        "PRO-DOC",
        "Control of documented information",
        "procedure",
        "documented-information.md",
        ("7.5", "7.5.1", "7.5.2", "7.5.3"),
        ("5.37",),
    ),
    (
        "PLN-COMP",
        "Competence, awareness and communication plan",
        "plan",
        "competence-awareness.md",
        ("7.1", "7.2", "7.3", "7.4"),
        ("6.3",),
    ),
    ("PRO-AUDIT", "Internal audit procedure", "procedure", "internal-audit.md", ("9.2", "9.2.1", "9.2.2"), ("5.35",)),
    (
        "PRO-MR",
        "Management review procedure",
        "procedure",
        "management-review.md",
        ("9.3", "9.3.1", "9.3.2", "9.3.3"),
        (),
    ),
    ("PRO-NC", "Nonconformity and corrective action procedure", "procedure", "nonconformity.md", ("10.1", "10.2"), ()),
)
MIN_DOCUMENTS = len(_CORE_DOCS) + 3 + 2
"""The fewest documents :func:`generate` accepts: the core documents, three audit reports, two minutes."""


def _folder(doc_type: str) -> str:
    return doc_type + "s" if doc_type != "policy" else "policies"


def _plan_documents(plan: _Plan, count: int) -> None:
    for doc_id, title, doc_type, file, clauses, core_controls in _CORE_DOCS:
        plan.docs.append(
            _Doc(
                doc_id,
                title,
                doc_type,
                f"{_folder(doc_type)}/{file}",
                "ciso",
                list(core_controls),
                list(clauses),
                topic=title.lower(),
            )
        )
    for audit_id, title, audit_day, completed in plan.audits:
        if completed:
            plan.docs.append(
                _Doc(
                    f"REP-{audit_id}",
                    f"Internal audit report {audit_id}: {title.lower()}",
                    "report",
                    f"reports/{audit_id.lower()}.md",
                    "internal-auditor",
                    [],
                    ["9.2"],
                    topic="the internal audit " + audit_id,
                    event=audit_day + 2 * _DAY,
                )
            )
    for review_id, day, review_status in plan.reviews:
        if review_status == "held":
            plan.docs.append(
                _Doc(
                    f"REC-{review_id}",
                    f"Management review minutes, {day:%B %Y}",
                    "record",
                    f"records/{review_id.lower()}.md",
                    "ciso",
                    [],
                    ["9.3", "9.3.3"],
                    topic="the management review",
                    event=day,
                )
            )
    applicable = plan.applicable
    controls = plan.catalogue.controls
    serial: dict[str, int] = {}
    cycle = len(applicable) * len(_TYPE_CYCLE)
    for k in range(count - len(plan.docs)):
        control = applicable[k % len(applicable)]
        doc_type = _TYPE_CYCLE[k % len(_TYPE_CYCLE)]
        serial[doc_type] = serial.get(doc_type, 0) + 1
        doc_id = f"{_DOC_PREFIX[doc_type]}-{serial[doc_type]:04d}"
        topic = controls[control].title
        title = _TITLE[doc_type].format(t=topic, l=topic[:1].lower() + topic[1:])
        if k >= cycle:
            title += f" (part {k // cycle + 1})"
        theme_peers = [c for c in applicable if controls[c].theme == controls[control].theme]
        peer = theme_peers[(theme_peers.index(control) + 1 + k // len(applicable)) % len(theme_peers)]
        doc_controls = [control] if peer == control else [control, peer]
        status: DocumentStatus = "draft" if k % 41 == 40 else ("in review" if k % 13 == 12 else "approved")
        plan.docs.append(
            _Doc(
                doc_id,
                title,
                doc_type,
                f"{_folder(doc_type)}/{doc_id.lower()}-{_slug(topic)}.md",
                _control_owner(plan, control),
                doc_controls,
                [],
                plan.control_risks.get(control, [])[:2],
                status,
                topic[:1].lower() + topic[1:],
            )
        )


def _classification(doc: _Doc) -> str:
    if doc.type in ("record", "report"):
        return "confidential"
    if doc.type == "policy" and len(doc.id) % 2 == 0:
        return "public"
    return "internal"


def _document(plan: _Plan, doc: _Doc, rng: random.Random) -> tuple[FrontMatter, str]:
    """The front matter of a controlled document, and the page: front matter and a body of a few hundred words."""
    as_of = plan.as_of
    approver = "ceo" if doc.owner == "ciso" or doc.type == "policy" else "ciso"
    if approver == doc.owner:  # segregation of duties: nobody approves their own document
        approver = "ciso" if doc.owner == "ceo" else "ceo"
    approved = as_of - (5 + rng.randrange(330)) * _DAY if doc.event is None else doc.event + 10 * _DAY
    major = 1 + rng.randrange(3)
    revisions = 1 + rng.randrange(3) if doc.event is None else 1
    if doc.event is not None:
        major = 1
    if doc.status == "draft":
        versions = [f"0.{n}" for n in range(1, revisions + 1)]
    else:
        versions = [f"{major}.{n}" for n in range(revisions)]
    history_dates = [approved - 70 * (revisions - 1 - n) * _DAY for n in range(revisions)]
    owner_title = _ROLE_TITLES[doc.owner]
    review = 24 if doc.type == "guideline" or doc.event is not None else 12
    history = []
    for n, (version, day) in enumerate(zip(versions, history_dates, strict=True)):
        if version in ("0.1", "1.0"):
            summary = "First issue."
        elif n == 0:
            summary = "Rewritten and reissued after the risk assessment."
        else:
            summary = "Updated after the annual review." if n % 2 else "Clarified roles and records."
        date = day if doc.status != "draft" else as_of - (30 - n) * _DAY
        history.append(HistoryEntry(version=version, date=date, author=doc.owner, summary=summary))
    issued = doc.status != "draft"  # a draft has no approval yet
    dated = len(doc.id) % 3 == 0 and issued
    meta = FrontMatter(
        id=doc.id,
        title=doc.title,
        type=doc.type,
        owner=doc.owner,
        approver=approver if issued else None,
        version=versions[-1],
        status=doc.status,
        approved_on=approved if issued else None,
        review_every=None if dated else review,
        next_review=add_months(approved, review) if dated else None,
        classification=_classification(doc),
        controls=doc.controls,
        clauses=doc.clauses,
        risks=doc.risks,
        history=history,
        description=f"{plan.org}: {doc.title[:1].lower() + doc.title[1:]}.",
    )

    values = {
        "org": plan.org,
        "type": doc.type,
        "topic": doc.topic,
        "owner": owner_title,
        "control": doc.controls[0] if doc.controls else (doc.clauses[0] if doc.clauses else "5.1"),
        "review": review,
    }

    def para(pool: Sequence[str], n: int) -> str:
        return " ".join(sentence.format(**values) for sentence in rng.sample(pool, n)) + "\n\n"

    body = [
        f"# {doc.title}\n\n",
        "## Purpose\n\n",
        para(_PURPOSE, 3 + rng.randrange(3)),
        "## Scope\n\n",
        para(_SCOPE, 3 + rng.randrange(2)),
    ]
    roles = rng.sample([role for role in _OPERATIONAL_ROLES if role != doc.owner], 3)
    if doc.type in ("procedure", "plan"):
        body.append("## Roles\n\n| Role | Responsibility |\n| --- | --- |\n")
        body += [
            f"| {_ROLE_TITLES[role]} | {duty.format(**values).capitalize()} |\n"
            for role, duty in zip([doc.owner, *roles], _RESPONSIBILITIES, strict=False)
        ]
        body.append("\n## Steps\n\n")
        body += [f"{n}. {step.format(**values)}\n" for n, step in enumerate(rng.sample(_STEPS, 5), 1)]
        body.append("\n")
    elif doc.type in ("record", "report"):
        body.append("## Results\n\n| Area | Result | Conclusion |\n| --- | --- | --- |\n")
        body += [
            f"| {area} {n} | {result} | {'Action raised' if result != 'Conforming' else 'None'} |\n"
            for n, (area, result) in enumerate(rng.sample(_FINDINGS, 4), 1)
        ]
        body += ["\n## Discussion\n\n", para(_STATEMENTS, 4)]
    else:
        heading = {"policy": "Policy statements", "standard": "Requirements", "guideline": "Guidance"}[doc.type]
        body.append(f"## {heading}\n\n")
        body += [f"- {statement}\n" for statement in rng.sample(_STATEMENTS, 5 + rng.randrange(3))]
        body.append("\n## Frequencies\n\n| Activity | Owner | Frequency |\n| --- | --- | --- |\n")
        body += [
            f"| {activity} | {_ROLE_TITLES[role]} | {_FREQUENCIES[(n + len(doc.id)) % len(_FREQUENCIES)]} |\n"
            for n, (activity, role) in enumerate(zip(rng.sample(_ACTIVITIES, 3), roles, strict=True))
        ]
        body.append("\n")
    body += ["## Responsibilities\n\n"]
    body += [
        f"- **{_ROLE_TITLES[role]}** {duty.format(**values)}.\n"
        for role, duty in zip([doc.owner, *roles], rng.sample(_RESPONSIBILITIES, 4), strict=True)
    ]
    body += ["\n## Compliance and review\n\n", para(_COMPLIANCE, 3 + rng.randrange(3))]
    related = [plan.docs[1], plan.docs[rng.randrange(len(plan.docs))]]
    folder = doc.path.split("/")[0]
    body.append("## Related documents\n\n")
    for other in dict.fromkeys(d.id for d in related if d.id != doc.id):
        target = next(d for d in related if d.id == other)
        link = target.path.split("/", 1)[1] if target.path.startswith(folder + "/") else "../" + target.path
        body.append(f"- [{target.title}]({link}) ({target.id})\n")
    body.append("- [ISMS home page](../index.md)\n")
    return meta, "---\n" + dump(_data(meta)) + "---\n\n" + "".join(body)


def _index(plan: _Plan) -> str:
    counts: dict[str, int] = {}
    for doc in plan.docs:
        counts[doc.type] = counts.get(doc.type, 0) + 1
    lines = [
        f"# {plan.org} information security management system\n\n",
        f"This site publishes the policies, procedures and registers of the {plan.org} ISMS, "
        f"{'certified' if plan.certified else 'preparing for certification'} to "
        "ISO/IEC 27001:2022. It is generated from a synthetic repository for benchmarks and tests.\n\n",
        "## Start here\n\n",
        *(f"- [{doc.title}]({doc.path}) ({doc.id})\n" for doc in plan.docs[: len(_CORE_DOCS)]),
        "\n## Documents by type\n\n| Type | Documents |\n| --- | --- |\n",
        *(f"| {doc_type.capitalize()} | {counts[doc_type]} |\n" for doc_type in _DOC_TYPES if doc_type in counts),
    ]
    return "".join(lines)


def _mkdocs(plan: _Plan) -> str:
    config = {
        "site_name": plan.org + " ISMS",
        "docs_dir": "docs",
        "theme": {
            "name": "material",
            "font": False,
            # The example's navigation features, so that benchmarks measure the configuration published.
            "features": [
                "navigation.tabs",
                "navigation.prune",
                "navigation.sections",
                "navigation.indexes",
                "navigation.top",
            ],
        },
        "plugins": ["search", {"isms": {"as_of": plan.as_of.isoformat()}}],
    }
    return dump(config)


# --- command line ----------------------------------------------------------------------------------------

_PROG = "python -m tests.support.synthetic"


def command(out: Path, *, documents: int, risks: int, assets: int, seed: int, as_of: dt.date | None) -> int:
    """Generate into ``out``, which must be missing or empty; the exit status (2: bad input, said in one line)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"synthetic: error: {out} is not empty — give a new or empty folder", file=sys.stderr)
        return 2
    try:
        generate(out, documents=documents, risks=risks, assets=assets, seed=seed, as_of=as_of or AS_OF)
    except ValueError as exc:
        print(f"synthetic: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"synthetic: error: cannot write {exc.filename or out}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote a synthetic ISMS to {out}: {documents} documents, {risks} risks, {assets} assets")
    return 0


class _Parser(argparse.ArgumentParser):
    """Says what is wrong with the arguments in one line, not argparse's usage block, and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"synthetic: error: {message} (see {_PROG} --help)\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tests.support.synthetic OUT --documents N --risks N --assets N [--seed S] [--as-of DATE]``."""
    parser = _Parser(
        prog=_PROG,
        description="Write a synthetic ISMS that passes 'isms check --strict' into OUT, a new or empty folder.",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="folder to create")
    parser.add_argument("--documents", type=int, required=True, metavar="N", help="controlled documents")
    parser.add_argument("--risks", type=int, required=True, metavar="N", help="risks")
    parser.add_argument("--assets", type=int, required=True, metavar="N", help="assets")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    parser.add_argument(
        "--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help=f"valid as of this day (default: {AS_OF})"
    )
    args = parser.parse_args(argv)
    return command(
        args.out, documents=args.documents, risks=args.risks, assets=args.assets, seed=args.seed, as_of=args.as_of
    )


if __name__ == "__main__":
    sys.exit(main())
