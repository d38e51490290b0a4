"""Large synthetic ISMS repositories, for benchmarks and tests.

:func:`generate` writes a complete repository — every register, ``docs/`` with controlled documents
whose bodies read like real pages, and ``mkdocs.yml`` — that passes ``isms check --strict`` as of the
given date with no findings. The output depends only on the arguments: the same call gives
byte-identical files.

YAML is written as text, not through a YAML emitter: it is much faster, and the shapes written here
are few. Free text goes through :func:`_s`, which leaves a safe plain scalar as it is and writes
anything else as a JSON string, which is also a valid YAML double-quoted scalar.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from isms.core.derive import add_months
from isms.core.repository import SPECS
from isms.core.standard import Catalogue, iso27001

MAX_PER_FILE = 5000
"""Most entries written to one register file; a larger register becomes a folder of files."""

_DAY = dt.timedelta(days=1)

# --- quoting --------------------------------------------------------------------------------------

_json = json.JSONEncoder(ensure_ascii=False).encode
# Plain scalars left unquoted: start with a letter, no ':' or '#', no trailing space, and (in flow
# lists) no ',', '[', ']', '{', '}'. YAML 1.1 booleans are quoted too: MkDocs reads front matter with
# PyYAML, where 'No' or 'on' would turn into a boolean.
_PLAIN_BLOCK = re.compile(r"[A-Za-z][A-Za-z0-9 ,()/'&.+_\[\]{}-]*[A-Za-z0-9).]|[A-Za-z]").fullmatch
_PLAIN_FLOW = re.compile(r"[A-Za-z][A-Za-z0-9 ()/'&.+_-]*[A-Za-z0-9).]|[A-Za-z]").fullmatch
_YAML11_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])


def _s(text: str) -> str:
    """``text`` as a YAML scalar in block context: plain when that is safe, else double-quoted."""
    if _PLAIN_BLOCK(text) and "  " not in text and text.lower() not in _YAML11_WORDS:
        return text
    return _json(text)


def _f(text: str) -> str:
    """``text`` as a YAML scalar inside a flow list ``[a, b]``."""
    if _PLAIN_FLOW(text) and "  " not in text and text.lower() not in _YAML11_WORDS:
        return text
    return _json(text)


def _flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(_f(item) for item in items) + "]"


def _qflow(items: Iterable[str]) -> str:
    """A flow list whose items are always quoted (control and clause numbers, versions)."""
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


# --- fixed vocabulary -------------------------------------------------------------------------------

_ORGANISATIONS = (
    ("Brightwater Analytics", "brightwater-analytics.example", "Manchester"),
    ("Kestrel Payments", "kestrel-payments.example", "Leeds"),
    ("Harbour Lane Software", "harbourlane.example", "Bristol"),
    ("Cedar Point Health Data", "cedarpoint-health.example", "Edinburgh"),
    ("Meridian Logistics Cloud", "meridian-logistics.example", "Rotterdam"),
    ("Northwind Learning", "northwind-learning.example", "Dublin"),
)
_FIRST = [
    "Helen",
    "Aisha",
    "Rui",
    "Priya",
    "Tom",
    "Sarah",
    "Daniel",
    "Ines",
    "James",
    "Claire",
    "Mark",
    "Tiago",
    "Nadia",
    "Owen",
    "Joana",
    "Amara",
    "Bruno",
    "Marta",
    "Graham",
    "Deepa",
    "Carla",
    "Liam",
    "Sofia",
    "Ewan",
    "Hana",
    "Pedro",
    "Maya",
    "Oliver",
    "Chloe",
    "Ravi",
]
_LAST = [
    "Marsh",
    "Rahman",
    "Carvalho",
    "Natarajan",
    "Ashworth",
    "Okafor",
    "Byrne",
    "Moreira",
    "Whitfield",
    "Donnelly",
    "Heywood",
    "Ferreira",
    "Kowalski",
    "Pritchard",
    "Pires",
    "Osei",
    "Tavares",
    "Sousa",
    "Thornley",
    "Iyer",
    "Nunes",
    "Gallagher",
    "Silva",
    "Murray",
    "Sato",
    "Costa",
]

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

_DOC_TYPES = ("policy", "procedure", "standard", "plan", "guideline", "record", "report")
_DOC_PREFIX = {
    "policy": "POL",
    "procedure": "PRO",
    "standard": "STD",
    "plan": "PLN",
    "guideline": "GDL",
    "record": "REC",
    "report": "REP",
}
_TYPE_CYCLE = ("policy", "procedure", "standard", "procedure", "guideline", "plan", "record", "procedure", "report")
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
    type: str
    path: str  # relative to docs/
    owner: str
    controls: list[str]
    clauses: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    status: str = "approved"
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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _header(
    owner: str, version: str, approved_on: dt.date, classification: str = "internal", approver: str = "ceo"
) -> list[str]:
    return [
        "# Generated by `isms synth`: a synthetic ISMS for benchmarks and tests.\n",
        f'version: "{version}"\n',
        f"owner: {owner}\n",
        f"approved_by: {approver}\n",
        f"approved_on: {approved_on}\n",
        f"classification: {classification}\n",
    ]


def generate(
    root: Path,
    *,
    documents: int,
    risks: int,
    assets: int,
    seed: int = 0,
    as_of: dt.date = dt.date(2026, 11, 28),
    max_per_file: int = MAX_PER_FILE,
) -> None:
    """Write a synthetic ISMS under ``root`` that passes ``isms check --strict`` as of ``as_of``.

    ``documents`` controlled documents (at least :data:`MIN_DOCUMENTS`), ``risks`` risks and
    ``assets`` assets; a register with more than ``max_per_file`` entries is written as a folder of
    files (``registers/assets/assets-001.yml``...).
    """
    if documents < MIN_DOCUMENTS:
        raise ValueError(f"documents must be at least {MIN_DOCUMENTS} (the core documents clauses 4-10 need)")
    if risks < 1 or assets < 1:
        raise ValueError("risks and assets must be at least 1")
    if max_per_file < 1:
        raise ValueError("max_per_file must be at least 1")
    catalogue = iso27001()
    rng = random.Random(f"isms-synth:{seed}")
    org, domain, city = _ORGANISATIONS[rng.randrange(len(_ORGANISATIONS))]
    holders = {role: f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for role in _ROLE_IDS}
    plan = _Plan(
        catalogue, as_of, seed, org, domain, city, holders, [c for c in catalogue.annex_a if c not in _EXCLUDED]
    )

    files: dict[str, str] = {}
    registers = "registers/"
    # Order matters: risks decide which controls they use (for the SoA), evidence is indexed by control.
    asset_entries = _assets(plan, assets)
    risk_entries, treated = _risks(plan, risks, assets)
    evidence_entries = _evidence(plan)
    treatment_entries = _treatments(plan, treated)
    _plan_audits_and_reviews(plan)
    _plan_documents(plan, documents)

    files[registers + "isms.yml"] = _isms(plan)
    files[registers + "roles.yml"] = _roles(plan)
    files[registers + "methodology.yml"] = _methodology(plan)
    files.update(_register(plan, "assets", "it-manager", asset_entries, max_per_file=max_per_file))
    files.update(_register(plan, "risks", "ciso", risk_entries, max_per_file=max_per_file))
    files.update(_register(plan, "treatments", "ciso", treatment_entries, max_per_file=max_per_file))
    files[registers + "soa.yml"] = _soa(plan)
    files[registers + "requirements.yml"] = _requirements(plan)
    files[registers + "objectives.yml"] = _objectives(plan)
    files[registers + "audits.yml"] = _audits(plan)
    files[registers + "nonconformities.yml"] = _nonconformities(plan)
    files[registers + "reviews.yml"] = _reviews(plan)
    files.update(_register(plan, "evidence", "ciso", evidence_entries, max_per_file=max_per_file))
    files[registers + "training.yml"] = _training(plan)
    files["docs/index.md"] = _index(plan)
    body_rng = random.Random(f"isms-synth:{seed}:bodies")
    for doc in plan.docs:
        files["docs/" + doc.path] = _document(plan, doc, body_rng)
    files["mkdocs.yml"] = _mkdocs(plan)

    folders: set[Path] = set()
    for name, text in files.items():
        path = root / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(text.encode("utf-8"))


def _register(plan: _Plan, name: str, owner: str, entries: list[str], *, max_per_file: int) -> dict[str, str]:
    """One register file, or a folder of files of at most ``max_per_file`` entries each."""
    approved = plan.as_of - 20 * _DAY
    key = SPECS[name].key
    if len(entries) <= max_per_file:
        return {f"registers/{name}.yml": "".join([*_header(owner, "1.0", approved), f"\n{key}:\n", *entries])}
    out = {}
    parts = (len(entries) + max_per_file - 1) // max_per_file
    width = max(3, len(str(parts)))
    for part in range(parts):
        chunk = entries[part * max_per_file : (part + 1) * max_per_file]
        out[f"registers/{name}/{name}-{part + 1:0{width}d}.yml"] = "".join(
            [*_header(owner, "1.0", approved), f"\n{key}:\n", *chunk]
        )
    return out


# --- isms, roles, methodology --------------------------------------------------------------------------


def _certification_dates(as_of: dt.date) -> tuple[dt.date, dt.date]:
    issued = add_months(as_of, -18)
    return issued, add_months(issued, 36) - _DAY


def _isms(plan: _Plan) -> str:
    issued, expires = _certification_dates(plan.as_of)
    stage1 = add_months(issued, -3)
    stage2 = add_months(issued, -1)
    surveillance1 = add_months(issued, 11)
    lines = [
        *_header("ciso", "3.0", plan.as_of - 40 * _DAY),
        "\norganisation:\n",
        f"  name: {_s(plan.org)}\n",
        f"  legal_name: {_s(plan.org + ' Ltd')}\n",
        f"  address: {_s('1 Example Street, ' + plan.city)}\n",
        f"  employees: {150 + plan.seed % 500}\n",
        f"  website: https://www.{plan.domain}\n",
        "\nscope: ISMS-SCOPE\n",
        "\ncertification:\n",
        '  standard: "ISO/IEC 27001:2022"\n',
        "  body: Example Certification Services Ltd\n",
        "  accreditation: UKAS 0000 (fictional)\n",
        f"  certificate_number: ECS-ISMS-{issued.year % 100}-{10000 + plan.seed % 90000}\n",
        f"  issued_on: {issued}\n",
        f"  expires_on: {expires}\n",
        "  audits:\n",
    ]
    audits: tuple[tuple[str, str, dt.date, str, list[str], list[str]], ...] = (
        (
            "CB-S1",
            "stage 1",
            stage1,
            "passed with findings",
            ["Area of concern: internal audit programme not yet complete."],
            [],
        ),
        ("CB-S2", "stage 2", stage2, "passed", ["Opportunity: automate evidence of access reviews."], []),
        (
            "CB-SV1",
            "surveillance",
            surveillance1,
            "passed with findings",
            ["Minor nonconformity (5.22): supplier assurance reports not reviewed."],
            ["NC-0002"],
        ),
    )
    for audit_id, kind, day, result, findings, ncs in audits:
        lines += [
            f"    - id: {audit_id}\n",
            f"      type: {kind}\n",
            f"      planned_on: {day}\n",
            f"      start: {day}\n",
            f"      end: {day + _DAY}\n",
            "      auditor: Jordan Blake (lead auditor)\n",
            f"      result: {result}\n",
            f"      findings: {_flow(findings)}\n",
        ]
        if ncs:
            lines.append(f"      nonconformities: {_flow(ncs)}\n")
    lines += [
        "    - id: CB-SV2\n      type: surveillance\n",
        f"      planned_on: {add_months(issued, 23)}\n      result: planned\n",
        "    - id: CB-RC\n      type: recertification\n",
        f"      planned_on: {add_months(expires, -3)}\n      result: planned\n",
    ]
    return "".join(lines)


def _roles(plan: _Plan) -> str:
    lines = [*_header("ciso", "2.0", plan.as_of - 40 * _DAY), "\nroles:\n"]
    for role, title, duties in _ROLES:
        holder = plan.holders[role]
        handle = "@" + holder.split()[0][0].lower() + holder.split()[1].lower()
        lines += [
            f"  - id: {role}\n",
            f"    title: {_s(title)}\n",
            f"    holder: {_s(holder)}\n",
            f'    handle: "{handle}"\n',
            "    responsibilities:\n",
            *(f"      - {_s(duty)}\n" for duty in duties),
        ]
    return "".join(lines)


_LEVELS = (
    ("low", "Low", "#2e7d32", 1, 4, 12),
    ("medium", "Medium", "#f9a825", 5, 9, 12),
    ("high", "High", "#ef6c00", 10, 15, 9),
    ("critical", "Critical", "#c62828", 16, 25, 9),
)
_THRESHOLD = 9  # highest acceptable score: the top of 'medium'


def _methodology(plan: _Plan) -> str:
    likelihood = (
        ("Rare", "Not expected in the next five years (below 5% a year)."),
        ("Unlikely", "Could happen once in three to five years (5-20% a year)."),
        ("Possible", "Could happen once in one to three years (20-50% a year)."),
        ("Likely", "Expected about once a year (50-90% a year)."),
        ("Almost certain", "Expected several times a year, or already happening."),
    )
    impact = (
        ("Negligible", "Under 10k in cost; no customer affected; degradation under 1 hour."),
        ("Minor", "10k-50k; one customer affected; outage up to 4 hours within SLA."),
        ("Moderate", "50k-250k; notifiable breach for one customer; outage 4-24 hours."),
        ("Major", "250k-1m; regulator investigation likely; outage 1-3 days."),
        ("Severe", "Over 1m; enforcement action; outage over 3 days or unrecoverable data loss."),
    )
    lines = [*_header("ciso", "2.0", plan.as_of - 60 * _DAY)]
    for name, scale in (("likelihood", likelihood), ("impact", impact)):
        lines.append(f"\n{name}:\n")
        for value, (label, criteria) in enumerate(scale, 1):
            lines += [f"  - value: {value}\n", f"    name: {_s(label)}\n", f"    criteria: {_s(criteria)}\n"]
    lines.append("\nlevels:\n")
    for level_id, name, colour, low, high, months in _LEVELS:
        lines += [
            f"  - id: {level_id}\n",
            f"    name: {name}\n",
            f'    colour: "{colour}"\n',
            f"    min_score: {low}\n",
            f"    max_score: {high}\n",
            f"    review_every: {months}\n",
        ]
    lines += ["\nmatrix: product\n", "\nacceptance:\n", "  threshold: medium\n", "  authority: ceo\n"]
    return "".join(lines)


# --- assets and risks ---------------------------------------------------------------------------------


def _id_width(count: int) -> int:
    return max(4, len(str(count)))


def _assets(plan: _Plan, count: int) -> list[str]:
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
        classification = "confidential" if c >= 4 else ("internal" if c >= 2 else "public")
        lines = [
            f"  - id: AST-{index + 1:0{width}d}\n",
            f"    name: {_s(name)}\n",
            f"    type: {kind}\n",
            f"    owner: {owner}\n",
            f"    custodian: {owners[(index * 7) % n_owners]}\n",
            f"    location: {_s(location)}\n",
            f"    classification: {classification}\n",
            f"    confidentiality: {c}\n",
            f"    integrity: {i}\n",
            f"    availability: {a}\n",
        ]
        if kind == "information":
            lines.append("    format: digital\n")
        if kind in ("information", "software", "service"):
            lines.append(f"    backup: {_s(_BACKUPS[index % len(_BACKUPS)])}\n")
        if kind in ("software", "service"):
            lines.append("    licence: Commercial subscription\n")
        lines.append(f"    processes: {_flow([_PROCESSES[index % 10], _PROCESSES[(index * 3 + 1) % 10]])}\n")
        if index and index % 3 == 0:
            lines.append(f"    depends_on: [AST-{index + 1 - 1 - int(rand() * min(index, 50)):0{width}d}]\n")
        if index % 97 == 5:
            lines.append("    status: planned\n")
        out.append("".join(lines))
    return out


def _level(score: int) -> int:
    """Rank of the level of a score: 0 low, 1 medium, 2 high, 3 critical."""
    return 0 if score <= 4 else 1 if score <= 9 else 2 if score <= 15 else 3


def _risks(plan: _Plan, count: int, assets: int) -> tuple[list[str], list[tuple[str, int, list[str], str]]]:
    """The risk entries, and the risks to treat: ``(id, inherent rank, controls, owner)``."""
    rng = random.Random(f"isms-synth:{plan.seed}:risks")
    width, asset_width = _id_width(count), _id_width(assets)
    as_of = plan.as_of
    out: list[str] = []
    treated: list[tuple[str, int, list[str], str]] = []
    rand = rng.random
    control_risks = plan.control_risks
    for index in range(count):
        risk_id = f"R-{index + 1:0{width}d}"
        plan.risk_ids.append(risk_id)
        threat, vulnerability, controls = _SCENARIOS[index % len(_SCENARIOS)]
        likelihood, impact = 1 + int(rand() * 5), 1 + int(rand() * 5)
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
        acceptance: tuple[str, dt.date] | None = None
        roll = rand()
        closed = index % 53 == 52
        if _level(score) >= 2:
            if roll < 0.12 and not closed and index:  # risk 1 is always treated: the plan is never empty
                option, residual, status = "retain", (likelihood, impact), "accepted"
                acceptance = ("ceo" if roll < 0.04 else owner, as_of - int(10 + rand() * 300) * _DAY)
            else:
                option = "share" if roll < 0.2 else ("avoid" if roll < 0.25 else "modify")
                residual = (max(1, likelihood - 2), max(1, impact - 1))
                status = "open"
                if _level(residual[0] * residual[1]) >= 2:
                    acceptance = (owner, as_of - int(10 + rand() * 300) * _DAY)
                treated.append((risk_id, _level(score), chosen, owner))
        elif roll < 0.3 or not index:
            option, residual, status = "modify", (max(1, likelihood - 1), impact), "open"
            treated.append((risk_id, _level(score), chosen, owner))
        else:
            option, residual, status = "retain", (likelihood, impact), "accepted"
            acceptance = (owner, as_of - int(10 + rand() * 300) * _DAY) if roll < 0.6 else None
            chosen = []
        if closed:
            status = "closed"
        lines = [
            f"  - id: {risk_id}\n",
            f"    title: {_s(threat + ' (' + at_risk[0] + ')')}\n",
            f"    description: {_s(f'{threat} because {vulnerability}, harming the assets listed.')}\n",
            f"    assets: {_flow(at_risk)}\n",
            f"    threat: {_s(threat)}\n",
            f"    vulnerability: {_s(vulnerability.capitalize())}\n",
            f"    owner: {owner}\n",
            f"    existing_controls: {_qflow(existing)}\n",
            f"    inherent: {{likelihood: {likelihood}, impact: {impact}}}\n",
            f"    residual: {{likelihood: {residual[0]}, impact: {residual[1]}}}\n",
            f"    treatment: {option}\n",
        ]
        if chosen:
            lines.append(f"    controls: {_qflow(chosen)}\n")
        if acceptance is not None:
            by, on = acceptance
            lines += [
                "    acceptance:\n",
                f"      by: {by}\n",
                f"      on: {on}\n",
                f"      expires: {add_months(on, 12)}\n",
                "      justification: Cost of further treatment outweighs the reduction in risk; reviewed yearly.\n",
            ]
        lines += [f"    status: {status}\n", f"    identified_on: {identified}\n", f"    last_assessed: {assessed}\n"]
        out.append("".join(lines))
    return out, treated


def _treatments(plan: _Plan, treated: list[tuple[str, int, list[str], str]]) -> list[str]:
    rng = random.Random(f"isms-synth:{plan.seed}:treatments")
    as_of, rand = plan.as_of, rng.random
    width = _id_width(len(treated))
    out = []
    for index, (risk_id, level, controls, owner) in enumerate(treated):
        risks = [risk_id]
        if index % 9 == 8:
            risks.append(treated[index - 1][0])
        roll = rand()
        priority = ("low", "medium", "high", "high")[level]
        action = f"Implement {', '.join(controls or ['5.1'])} for {risk_id} and verify the result"
        lines = [
            f"  - id: T-{index + 1:0{width}d}\n",
            f"    risks: {_flow(risks)}\n",
            f"    action: {_s(action)}\n",
        ]
        if controls:
            lines.append(f"    controls: {_qflow(controls)}\n")
        lines += [
            f"    owner: {owner}\n",
            f"    resources: {_s(f'{2 + index % 9} person-days')}\n",
            f"    priority: {priority}\n",
        ]
        if roll < 0.45:
            start = as_of - int(120 + rand() * 300) * _DAY
            due = start + 90 * _DAY
            done = min(due - int(rand() * 30) * _DAY, as_of - _DAY)
            evidence = plan.control_evidence.get(controls[0]) if controls else None
            lines += [f"    start: {start}\n", f"    due: {due}\n", "    status: done\n", f"    completed_on: {done}\n"]
            if evidence:
                lines.append(f"    evidence: [{evidence}]\n")
        elif roll < 0.8:
            start = as_of - int(10 + rand() * 200) * _DAY
            due = as_of + int(20 + rand() * 200) * _DAY
            lines += [f"    start: {start}\n", f"    due: {due}\n", "    status: in progress\n"]
        else:
            start = as_of + int(10 + rand() * 80) * _DAY
            due = start + int(60 + rand() * 120) * _DAY
            lines += [f"    start: {start}\n", f"    due: {due}\n", "    status: planned\n"]
        out.append("".join(lines))
    return out


# --- evidence, SoA, requirements, objectives, training ------------------------------------------------


_EVIDENCE_KINDS = ("record", "report", "log", "configuration", "screenshot", "certificate", "contract", "minutes")


def _evidence(plan: _Plan) -> list[str]:
    """One evidence record per three applicable controls, and one per training programme."""
    out = []
    as_of = plan.as_of
    groups = [plan.applicable[i : i + 3] for i in range(0, len(plan.applicable), 3)]
    for index, controls in enumerate(groups):
        evidence_id = f"EV-{index + 1:04d}"
        for control in controls:
            plan.control_evidence[control] = evidence_id
        effective = as_of - (15 + (index * 37) % 300) * _DAY
        title = "Operating evidence for " + ", ".join(plan.catalogue.controls[c].title.lower() for c in controls)
        lines = [
            f"  - id: {evidence_id}\n",
            f"    title: {_s(title)}\n",
            f"    kind: {_EVIDENCE_KINDS[index % len(_EVIDENCE_KINDS)]}\n",
            f"    controls: {_qflow(controls)}\n",
        ]
        if index == 0:
            lines.append('    clauses: ["8.1"]\n')
        lines += [
            f"    location: https://grc.{plan.domain}/evidence/{evidence_id.lower()}\n",
            f"    effective_on: {effective}\n",
            f"    expires_on: {add_months(effective, 13)}\n",
            f"    owner: {_control_owner(plan, controls[0])}\n",
        ]
        out.append("".join(lines))
    for index, (programme_id, title, *_rest) in enumerate(_PROGRAMMES):
        effective = as_of - (20 + index * 9) * _DAY
        out.append(
            f"  - id: EV-{programme_id}\n"
            f"    title: {_s('Completion report: ' + title)}\n"
            "    kind: report\n"
            '    controls: ["6.3"]\n'
            '    clauses: ["7.2", "7.3"]\n'
            f"    location: https://lms.{plan.domain}/reports/{programme_id.lower()}\n"
            f"    effective_on: {effective}\n"
            f"    owner: head-of-people\n"
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


def _requirements(plan: _Plan) -> str:
    lines = [*_header("legal-counsel", "1.4", plan.as_of - 50 * _DAY), "\nrequirements:\n"]
    for index, (req_id, title, kind, source, owner, controls) in enumerate(_REQUIREMENTS):
        lines += [
            f"  - id: {req_id}\n",
            f"    title: {_s(title)}\n",
            f"    type: {kind}\n",
            f"    source: {_s(source)}\n",
            f"    description: {_s('Obligations arising from ' + title + ' that the ISMS must meet.')}\n",
            f"    controls: {_qflow(c for c in controls if c not in _EXCLUDED)}\n",
            f"    owner: {owner}\n",
            f"    reviewed_on: {plan.as_of - (30 + 20 * index) * _DAY}\n",
        ]
    return "".join(lines)


def _soa(plan: _Plan) -> str:
    rng = random.Random(f"isms-synth:{plan.seed}:soa")
    required_by: dict[str, list[tuple[str, str]]] = {}
    for req_id, _title, kind, _source, _owner, controls in _REQUIREMENTS:
        for control in controls:
            required_by.setdefault(control, []).append((req_id, kind))
    lines = [*_header("ciso", "4.0", plan.as_of - 30 * _DAY), "\ncontrols:\n"]
    for control in plan.catalogue.annex_a:
        title = plan.catalogue.controls[control].title
        lines.append(f'  - control: "{control}"\n')
        if control in _EXCLUDED:
            lines += ["    applicable: false\n", f"    justification: {_s(_EXCLUDED[control])}\n"]
            continue
        reasons: list[str] = []
        references: list[str] = []
        if plan.control_risks.get(control):
            reasons.append("risk")
            references += plan.control_risks[control]
        for req_id, kind in required_by.get(control, []):
            reason = "contractual" if kind == "contractual" else ("business" if kind == "interested party" else "legal")
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
        status = "implemented" if roll < 0.8 else ("partial" if roll < 0.93 else "planned")
        lines += [
            "    applicable: true\n",
            f"    reasons: {_flow(reasons)}\n",
        ]
        if references:
            lines.append(f"    references: {_flow(references)}\n")
        lines += [
            f"    justification: {_s(justification)}\n",
            f"    status: {status}\n",
            f"    owner: {_control_owner(plan, control)}\n",
        ]
    return "".join(lines)


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


def _objectives(plan: _Plan) -> str:
    lines = [*_header("ciso", "1.2", plan.as_of - 45 * _DAY), "\nobjectives:\n"]
    for index, (obj_id, title, measure, unit, target, direction, controls) in enumerate(_OBJECTIVES):
        lines += [
            f"  - id: {obj_id}\n",
            f"    title: {_s(title)}\n",
            f"    owner: {_CONTROL_OWNER.get(controls[0], 'ciso')}\n",
            f"    measure: {_s(measure)}\n",
            f'    unit: "{unit}"\n',
            f"    target: {target}\n",
            f"    direction: {direction}\n",
            "    frequency: Quarterly\n",
            f"    due: {add_months(plan.as_of, 6)}\n",
            f"    controls: {_qflow(controls)}\n",
            "    measurements:\n",
        ]
        for quarter in range(4, 0, -1):
            drift = ((index + quarter) % 3) * (0.1 if unit == "%" else 1)
            value = round(target - drift if direction == "at least" else target + drift, 2)
            lines += [f"      - date: {add_months(plan.as_of, -3 * quarter + 1)}\n", f"        value: {value}\n"]
    return "".join(lines)


_PROGRAMMES = (
    ("TR-01", "Security awareness for all staff", "awareness", "All employees and contractors", 12),
    ("TR-02", "Secure development training", "training", "Engineers", 12),
    ("TR-03", "Phishing simulation", "awareness", "All employees", 3),
    ("TR-04", "Incident response exercise", "competence", "Incident response team", 12),
    ("TR-05", "Data protection for support staff", "training", "Customer support team", 12),
)


def _training(plan: _Plan) -> str:
    lines = [*_header("head-of-people", "1.3", plan.as_of - 35 * _DAY), "\nprogrammes:\n"]
    for index, (programme_id, title, kind, audience, every) in enumerate(_PROGRAMMES):
        required = 40 + 30 * index
        lines += [
            f"  - id: {programme_id}\n",
            f"    title: {_s(title)}\n",
            f"    kind: {kind}\n",
            f"    audience: {_s(audience)}\n",
            "    owner: head-of-people\n",
            f"    every: {every}\n",
            f"    last_delivered: {plan.as_of - (20 + index * 9) * _DAY}\n",
            f"    completed: {required - index}\n",
            f"    required: {required}\n",
            '    controls: ["6.3"]\n',
            f"    evidence: [EV-{programme_id}]\n",
        ]
    return "".join(lines)


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


def _audits(plan: _Plan) -> str:
    lines = [*_header("internal-auditor", "2.1", plan.as_of - 25 * _DAY, approver="finance-director"), "\naudits:\n"]
    controls = plan.applicable
    quarter = (len(controls) + 3) // 4
    for number, (audit_id, title, day, completed) in enumerate(plan.audits):
        clauses = [c for c in plan.catalogue.clauses if c.split(".")[0] in _AUDIT_SECTIONS[number]]
        lines += [
            f"  - id: {audit_id}\n",
            f"    title: {_s(title)}\n",
            f"    clauses: {_qflow(clauses)}\n",
            f"    controls: {_qflow(controls[number * quarter : (number + 1) * quarter])}\n",
            "    auditor: Independent auditor (contracted)\n"
            if number == 3
            else f"    auditor: {_s(plan.holders['internal-auditor'])}\n",
            f"    planned_on: {day}\n",
        ]
        if not completed:
            lines.append("    status: planned\n")
            continue
        lines += [
            f"    start: {day}\n",
            f"    end: {day + 2 * _DAY}\n",
            "    status: completed\n",
            f"    report: REP-{audit_id}\n",
            "    findings:\n",
        ]
        lines += [
            f"      - id: {audit_id}-F1\n        grade: observation\n",
            f"        description: {_s('Evidence for ' + title.lower() + ' was incomplete for one quarter.')}\n",
            f'        clauses: ["{clauses[0]}"]\n',
            f"      - id: {audit_id}-F2\n        grade: opportunity\n",
            "        description: Automate the collection of evidence.\n",
        ]
        if number == 0:
            lines += [
                f"      - id: {audit_id}-F3\n        grade: minor\n",
                "        description: Two risks were not reassessed within their review interval.\n",
                '        clauses: ["8.2"]\n        nonconformity: NC-0001\n',
            ]
    return "".join(lines)


def _nonconformities(plan: _Plan) -> str:
    as_of = plan.as_of
    first_audit = plan.audits[0]
    raised = first_audit[2] + 3 * _DAY
    lines = [*_header("ciso", "1.5", as_of - 25 * _DAY), "\nnonconformities:\n"]
    lines += [
        "  - id: NC-0001\n",
        "    title: Risks not reassessed on time\n",
        f"    source: {{type: audit, ref: {first_audit[0]}-F3}}\n",
        f"    raised_on: {raised}\n",
        "    grade: minor\n",
        "    description: Two risks were last assessed longer ago than their level's review interval (clause 8.2).\n",
        '    clauses: ["8.2"]\n',
        "    owner: ciso\n",
        "    correction: The two risks were reassessed the same week.\n",
        "    root_cause: Reassessment dates were tracked by hand, with no reminder.\n",
        "    actions:\n",
        "      - description: Report risks due for reassessment from the risk register every month.\n",
        "        owner: ciso\n",
        f"        due: {raised + 60 * _DAY}\n        status: done\n        completed_on: {raised + 45 * _DAY}\n",
        "    effectiveness:\n",
        f"      reviewed_on: {raised + 150 * _DAY}\n      by: internal-auditor\n      effective: true\n",
        "      notes: No risk has been overdue since the monthly report started.\n",
        "    status: closed\n",
        f"    closed_on: {raised + 150 * _DAY}\n",
        "  - id: NC-0002\n",
        "    title: Supplier assurance reports not reviewed\n",
        "    source: {type: certification audit, ref: CB-SV1}\n",
        f"    raised_on: {add_months(_certification_dates(as_of)[0], 11) + 2 * _DAY}\n",
        "    grade: minor\n",
        "    description: No record of review of the assurance reports of two tier 1 suppliers.\n",
        '    controls: ["5.22"]\n',
        "    owner: finance-director\n",
        "    correction: The two reports were obtained and reviewed.\n",
        "    root_cause: The supplier review calendar did not include assurance reports.\n",
        "    actions:\n",
        "      - description: Add assurance report review to the supplier review calendar.\n",
        "        owner: finance-director\n",
        f"        due: {as_of + 45 * _DAY}\n        status: in progress\n",
        "    status: open\n",
        "  - id: NC-0003\n",
        "    title: Incident ticket closed without a lessons-learned review\n",
        "    source: {type: incident, ref: INC-0412}\n",
        f"    raised_on: {as_of - 40 * _DAY}\n",
        "    grade: minor\n",
        "    description: A security incident was closed without the review that the incident procedure requires.\n",
        '    controls: ["5.27"]\n',
        "    owner: ciso\n",
        "    actions:\n",
        "      - description: Make the lessons-learned review a required field before closing an incident.\n",
        "        owner: ciso\n",
        f"        due: {as_of + 30 * _DAY}\n        status: open\n",
        "    status: open\n",
    ]
    return "".join(lines)


def _reviews(plan: _Plan) -> str:
    lines = [*_header("ciso", "1.1", plan.as_of - 25 * _DAY), "\nreviews:\n"]
    inputs = plan.catalogue.review_inputs
    for review_id, day, status in plan.reviews:
        lines += [
            f"  - id: {review_id}\n",
            f"    date: {day}\n",
            f"    status: {status}\n",
            "    chair: ceo\n",
            "    attendees: [ceo, cto, ciso, dpo, finance-director]\n",
        ]
        if status != "held":
            continue
        lines.append("    inputs:\n")
        lines += [
            f"      {key}: {_s('Presented: ' + text[:1].lower() + text[1:] + '.')}\n" for key, text in inputs.items()
        ]
        lines += [
            "    decisions:\n",
            "      - The ISMS remains suitable, adequate and effective.\n",
            "      - Fund automation of evidence collection in the next budget.\n",
            "    actions:\n",
            "      - description: Automate evidence collection for access reviews.\n",
            "        owner: it-manager\n",
        ]
        if day < plan.as_of - 365 * _DAY:
            lines.append(
                f"        due: {day + 90 * _DAY}\n        status: done\n        completed_on: {day + 80 * _DAY}\n"
            )
        else:
            lines.append(f"        due: {plan.as_of + 60 * _DAY}\n        status: in progress\n")
        lines.append(f"    minutes: REC-{review_id}\n")
    return "".join(lines)


# --- documents -----------------------------------------------------------------------------------------

_CORE_DOCS: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
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
    for review_id, day, status in plan.reviews:
        if status == "held":
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
        status = "draft" if k % 41 == 40 else ("in review" if k % 13 == 12 else "approved")
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


def _document(plan: _Plan, doc: _Doc, rng: random.Random) -> str:
    as_of = plan.as_of
    approver = "ceo" if doc.owner == "ciso" or doc.type == "policy" else "ciso"
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
    front = [
        "---\n",
        f"id: {doc.id}\n",
        f"title: {_s(doc.title)}\n",
        f"type: {doc.type}\n",
        f"owner: {doc.owner}\n",
        f'version: "{versions[-1]}"\n',
        f"status: {doc.status}\n",
    ]
    if doc.status != "draft":
        front += [f"approver: {approver}\n", f"approved_on: {approved}\n"]
    if len(doc.id) % 3 == 0 and doc.status != "draft":
        front.append(f"next_review: {add_months(approved, review)}\n")
    else:
        front.append(f"review_every: {review}\n")
    front += [
        f"classification: {_classification(doc)}\n",
        f"description: {_s(f'{plan.org}: {doc.title[:1].lower() + doc.title[1:]}.')}\n",
    ]
    if doc.controls:
        front.append(f"controls: {_qflow(doc.controls)}\n")
    if doc.clauses:
        front.append(f"clauses: {_qflow(doc.clauses)}\n")
    if doc.risks:
        front.append(f"risks: {_flow(doc.risks)}\n")
    front.append("history:\n")
    for n, (version, day) in enumerate(zip(versions, history_dates, strict=True)):
        if version in ("0.1", "1.0"):
            summary = "First issue."
        elif n == 0:
            summary = "Rewritten and reissued after the risk assessment."
        else:
            summary = "Updated after the annual review." if n % 2 else "Clarified roles and records."
        front += [
            f'  - version: "{version}"\n',
            f"    date: {day if doc.status != 'draft' else as_of - (30 - n) * _DAY}\n",
            f"    author: {doc.owner}\n",
            f"    summary: {summary}\n",
        ]
    front.append("---\n\n")

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
    return "".join(front) + "".join(body)


def _index(plan: _Plan) -> str:
    counts: dict[str, int] = {}
    for doc in plan.docs:
        counts[doc.type] = counts.get(doc.type, 0) + 1
    lines = [
        f"# {plan.org} information security management system\n\n",
        f"This site publishes the policies, procedures and registers of the {plan.org} ISMS, certified to "
        "ISO/IEC 27001:2022. It is generated from a synthetic repository for benchmarks and tests.\n\n",
        "## Start here\n\n",
        *(f"- [{doc.title}]({doc.path}) ({doc.id})\n" for doc in plan.docs[: len(_CORE_DOCS)]),
        "\n## Documents by type\n\n| Type | Documents |\n| --- | --- |\n",
        *(f"| {doc_type.capitalize()} | {counts[doc_type]} |\n" for doc_type in _DOC_TYPES if doc_type in counts),
    ]
    return "".join(lines)


def _mkdocs(plan: _Plan) -> str:
    return (
        f"site_name: {_s(plan.org + ' ISMS')}\n"
        "docs_dir: docs\n"
        "theme:\n"
        "  name: material\n"
        "  font: false\n"
        # The example's navigation features, so that benchmarks measure the configuration published.
        "  features: [navigation.tabs, navigation.prune, navigation.sections, navigation.indexes, navigation.top]\n"
        "plugins:\n"
        "  - search\n"
        "  - isms:\n"
        f'      as_of: "{plan.as_of}"\n'
    )


# --- command line ----------------------------------------------------------------------------------------


def command(out: Path, *, documents: int, risks: int, assets: int, seed: int, as_of: dt.date | None) -> int:
    """``isms synth``: generate into ``out``, which must be missing or empty; the exit status."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"isms: error: {out} is not empty — give a new or empty folder", file=sys.stderr)
        return 2
    try:
        generate(out, documents=documents, risks=risks, assets=assets, seed=seed, as_of=as_of or dt.date(2026, 11, 28))
    except ValueError as exc:
        print(f"isms: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote a synthetic ISMS to {out}: {documents} documents, {risks} risks, {assets} assets")
    return 0
