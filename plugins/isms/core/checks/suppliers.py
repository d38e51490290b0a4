"""Suppliers (Annex A 5.19-5.23): reviewed on time, and under contract with security terms."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, problem
from isms.core.models import registers as r


@check(
    "supplier-review-overdue",
    "warning",
    "A tier 1 or tier 2 supplier (or one with a next review dated) was not reviewed by its due date.",
    clauses=("A.5.22",),
)
def supplier_review_overdue(context: Context) -> Iterator[Problem]:
    for due in context.facts.overdue("supplier-review-overdue"):
        supplier: r.Supplier = due.entry
        if not supplier.assessments and supplier.next_review is None:
            yield Problem(
                due.path,
                due.line,
                f"supplier {due.id}: a tier {supplier.tier} supplier that was never assessed",
                "assess it (certificate, SOC 2 report, contract terms) and record it under 'assessments:'",
            )
        else:
            yield Problem(
                due.path,
                due.line,
                f"supplier {due.id}: its review was due on {due.date}",
                "review it and record the result under 'assessments:' (and the next date in 'next_review:')",
            )


@check(
    "supplier-contract-security",
    "warning",
    "A supplier handling confidential information has no contract, or one without information security clauses.",
    clauses=("A.5.20",),
)
def supplier_contract_security(context: Context) -> Iterator[Problem]:
    for supplier in context.model.suppliers:
        if supplier.status == "exited" or supplier.data != "confidential":
            continue
        if supplier.contract is None:
            yield problem(
                supplier,
                ("data",),
                f"supplier {supplier.id}: handles confidential information but no contract is recorded",
                "record the contract under 'contract:', with security_clauses: true once it holds them",
            )
        elif not supplier.contract.security_clauses:
            yield problem(
                supplier,
                ("contract", "security_clauses"),
                f"supplier {supplier.id}: handles confidential information under a contract without security clauses",
                "agree information security requirements with the supplier (confidentiality, security obligations,"
                " breach notification, audit rights, return and deletion of data)",
            )
