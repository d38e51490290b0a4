"""What to write next while an ISMS is being set up: the steps of the implementation cycle that are not done.

``isms check`` lists its findings by file; an ISMS manager starting out needs them by step as well, in the
order the standard builds on them (the scope before the risk assessment, the risk assessment before the
SoA). The steps and their statuses are the readiness dashboard's (:func:`isms.core.readiness.steps`), so
the to-do list, the dashboard and the check never disagree; this module only adds what to write for each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from isms.core.facts import Facts, audit_completed, document_in_force
from isms.core.findings import Finding
from isms.core.readiness import Step, steps
from isms.core.repository import Model

ADVICE: dict[str, str] = {
    "scope": "record the internal and external issues, climate change among them, in registers/context.yml "
    "(4.1) and the interested parties and their requirements in registers/parties.yml (4.2); then state the scope "
    "(4.3: boundaries, interfaces, what is excluded and why) in the document named by 'scope:' in "
    "registers/isms.yml, and approve it",
    "policy": "write the information security policy (5.2: objectives or how they are set, commitments), "
    "a document of type policy listing clause 5.2, and have top management approve it",
    "assets": "list the information and the assets that hold it in registers/assets.yml (`isms new asset`), "
    "each with its owner and classification",
    "risk-assessment": "adapt the risk criteria in registers/methodology.yml, then assess the risks to the assets "
    "in registers/risks.yml (`isms new risk`), each with an owner, inherent rating and treatment option",
    "soa": "decide each Annex A control in registers/soa.yml: applicable with its reasons (a risk, requirement "
    "or best practice) and status, or excluded with a justification",
    "rtp": "plan the treatment of each risk above the acceptance threshold in registers/treatments.yml "
    "(`isms new treatment`), with owner, resources and due date",
    "implementation": "implement the applicable controls: approved policies and procedures that describe them, "
    "evidence records that show them working (registers/evidence.yml)",
    "support": "record what each role with ISMS responsibilities must be competent in and the evidence that its "
    "holders are, in registers/competence.yml, and what is communicated to whom, when and how (the policy to "
    "staff first) in registers/communications.yml (`isms new communication`)",
    "internal-audit": "plan internal audits in registers/audits.yml that cover clauses 4–10 and the applicable "
    "controls within the certification cycle, and record their results",
    "corrective-actions": "record nonconformities in registers/nonconformities.yml with their root cause, "
    "actions and effectiveness review",
    "management-review": "hold a management review covering the inputs of 9.3.2 and record it in "
    "registers/reviews.yml with its decisions and actions",
    "continual-improvement": "record improvement opportunities from audits, reviews, incidents and staff in "
    "registers/improvements.yml (`isms new improvement`), act on them, and record each one's outcome once done",
}


@dataclass(frozen=True)
class Todo:
    """One step still to do: the dashboard's step and what to write for it."""

    step: Step
    advice: str


def todo(model: Model, facts: Facts, findings: Iterable[Finding]) -> list[Todo]:
    """The steps not yet done, in the order of the cycle, while the ISMS is being set up (else nothing)."""
    if not setting_up(model, facts):
        return []
    cycle = [step for step in steps(model, facts, findings) if step.key in ADVICE]
    return [Todo(step, ADVICE[step.key]) for step in cycle if step.status in ("attention", "overdue")]


def setting_up(model: Model, facts: Facts) -> bool:
    """Whether the ISMS still lacks a foundation of the first cycle, by its records (not by its findings: an
    established ISMS with a late treatment is not being set up): an approved scope and policy, assets, risk
    criteria and risks, a complete SoA, a completed internal audit and a held management review."""
    documents = facts.derived.index.get("document", {})
    scope = documents.get(model.isms.scope) if model.isms else None
    policy = any(d.meta.type == "policy" and "5.2" in d.meta.clauses and document_in_force(d) for d in model.documents)
    return not (
        scope is not None
        and document_in_force(scope)
        and policy
        and model.assets
        and model.methodology is not None
        and model.risks
        and len(model.soa) >= len(model.catalogue.annex_a)
        and any(audit_completed(audit, facts.as_of) for audit in model.audits)
        and facts.held_reviews
    )


def as_text(items: list[Todo]) -> list[str]:
    """The to-do list as lines for a terminal."""
    if not items:
        return []
    lines = [
        "",
        "Next steps, in the order of the implementation (the dashboard's steps; the findings above say where):",
    ]
    for number, item in enumerate(items, 1):
        step = item.step
        findings = f"; {step.findings} finding{'s' * (step.findings != 1)}" if step.findings else ""
        lines.append(f"  {number}. {step.title} ({step.clause}) — now: {step.summary}{findings}")
        lines.append(f"     {item.advice}")
    lines.append("")
    return lines
