"""Checks of the risk criteria (6.1.2), the risk register and the treatment plan (6.1.3, 8.2, 8.3)."""

from __future__ import annotations

import time

import pytest

from tests.conftest import Case, Repo, case_id

M = "registers/methodology.yml"
R = "registers/risks.yml"
T = "registers/treatments.yml"
GRID = "matrix: grid\ngrid:\n  - [low, low, medium]\n  - [low, medium, high]\n  - [medium, high, high]\n"
LEVELS = "use one of: low, medium, high"
# T-1 moved from R-1 to R-2, approved by R-2's owner: R-1 (high) is left without treatment.
UNTREAT_R1 = (
    (T, "    risks: [R-1]\n", "    risks: [R-2]\n"),
    (T, "approved_by: [cto]\n    approved_on: 2026-06-15", "approved_by: [ciso]\n    approved_on: 2026-06-15"),
)

CASES = [
    # --- methodology ----------------------------------------------------------------------------
    Case(
        "likelihood-scale-with-a-gap",
        "methodology",
        ((M, "{value: 3, name: Likely", "{value: 4, name: Likely"),),
        (
            f"{M}:5: error: methodology: the likelihood scale runs [1, 2, 4], not 1 to 3 in order"
            " — number the scale 1, 2, 3... from lowest to highest",
        ),
    ),
    Case(
        "impact-scale-out-of-order",
        "methodology",
        (
            (M, "{value: 1, name: Minor", "{value: 2, name: Minor"),
            (M, "{value: 2, name: Moderate", "{value: 1, name: Moderate"),
        ),
        (
            f"{M}:9: error: methodology: the impact scale runs [2, 1, 3], not 1 to 3 in order"
            " — number the scale 1, 2, 3... from lowest to highest",
        ),
    ),
    Case(
        "level-id-twice",
        "methodology",
        ((M, "{id: high, name: High", "{id: medium, name: High"),),
        (f"{M}:16: error: methodology: the level id 'medium' is used twice",),
    ),
    Case(
        "threshold-not-a-level",
        "methodology",
        ((M, "threshold: medium", "threshold: moderate"),),
        (f"{M}:19: error: methodology: the acceptance threshold 'moderate' is not a level — {LEVELS}",),
    ),
    Case(
        "bands-overlap",
        "methodology",
        ((M, "min_score: 3, max_score: 4", "min_score: 2, max_score: 4"),),
        (
            f"{M}:15: error: methodology: score 2 falls in both 'low' and 'medium'"
            " — make the bands follow each other without overlapping",
        ),
    ),
    Case(
        "bands-leave-a-gap",
        "methodology",
        ((M, "min_score: 3, max_score: 4", "min_score: 3, max_score: 3"),),
        (f"{M}:13: error: methodology: scores 4 fall in no level — the bands must cover every score from 1 to 9",),
    ),
    Case(
        "bands-stop-short",
        "methodology",
        ((M, "min_score: 5, max_score: 9", "min_score: 5, max_score: 6"),),
        (f"{M}:13: error: methodology: scores 7–9 fall in no level — the bands must cover every score from 1 to 9",),
    ),
    Case(
        "band-without-scores",
        "methodology",
        ((M, "min_score: 3, max_score: 4, ", ""),),
        (
            f"{M}:15: error: methodology: level 'medium' needs min_score and max_score"
            " — with matrix: product every level bands the score likelihood × impact",
        ),
    ),
    Case(
        "band-upside-down",
        "methodology",
        ((M, "min_score: 3, max_score: 4", "min_score: 4, max_score: 3"),),
        (
            f"{M}:13: error: methodology: scores 3–4 fall in no level — the bands must cover every score from 1 to 9",
            f"{M}:15: error: methodology: level 'medium' has min_score above max_score",
        ),
    ),
    Case(
        "grid-matrix-without-grid",
        "methodology",
        ((M, "matrix: product", "matrix: grid"),),
        (
            f"{M}:17: error: methodology: matrix is 'grid' but no 'grid:' is given"
            " — add a grid of 3 rows (likelihood, lowest first) of 3 level ids",
        ),
    ),
    Case(
        "grid-cell-not-a-level",
        "methodology",
        ((M, "matrix: product\n", GRID.replace("[medium, high, high]", "[medium, high, hihg]")),),
        (f"{M}:21: error: methodology: grid cell 'hihg' is not a level — {LEVELS}",),
    ),
    Case(
        "grid-row-too-short",
        "methodology",
        ((M, "matrix: product\n", GRID.replace("[low, medium, high]", "[low, medium]")),),
        (f"{M}:20: error: methodology: grid row 2 has 2 cells, the impact scale 3 values",),
    ),
    Case(
        "grid-too-few-rows",
        "methodology",
        ((M, "matrix: product\n", GRID.replace("  - [medium, high, high]\n", "")),),
        (f"{M}:18: error: methodology: the grid has 2 rows, the likelihood scale 3 values",),
    ),
    Case(
        "rating-above-the-scale",
        "rating-scale",
        ((R, "residual: {likelihood: 1, impact: 2}", "residual: {likelihood: 4, impact: 1}"),),
        (
            f"{R}:14: error: risk R-1: residual.likelihood: 4 is above the scale (1–3)"
            " — use a value of the likelihood scale in registers/methodology.yml",
        ),
    ),
    Case(
        "inherent-impact-above-the-scale",
        "rating-scale",
        ((R, "inherent: {likelihood: 2, impact: 2}", "inherent: {likelihood: 2, impact: 5}"),),
        (
            f"{R}:25: error: risk R-2: inherent.impact: 5 is above the scale (1–3)"
            " — use a value of the impact scale in registers/methodology.yml",
        ),
    ),
    # --- risks ----------------------------------------------------------------------------------
    Case(
        "high-risk-without-treatment",
        "risk-untreated",
        UNTREAT_R1,
        (
            f"{R}:13: warning: risk R-1: level High (score 9) is above the acceptance threshold 'medium' but has no"
            " treatment and no valid acceptance — add a treatment to registers/treatments.yml listing this risk,"
            " or an 'acceptance:' by cto (the risk owner) or ceo",
        ),
    ),
    Case(
        "high-risk-with-expired-acceptance-only",
        "risk-untreated",
        (
            *UNTREAT_R1,
            (
                R,
                "    status: open\n",
                "    acceptance: {by: cto, on: 2025-01-01, expires: 2026-01-01, justification: x}\n    status: open\n",
            ),
        ),
        (
            f"{R}:13: warning: risk R-1: level High (score 9) is above the acceptance threshold 'medium' but has no"
            " treatment and no valid acceptance — add a treatment to registers/treatments.yml listing this risk,"
            " or an 'acceptance:' by cto (the risk owner) or ceo",
            f"{R}:17: warning: risk R-1: the acceptance expired on 2026-01-01"
            " — reassess the risk and renew or withdraw the acceptance",
        ),
        also=frozenset({"risk-acceptance"}),
    ),
    Case(
        "residual-above-threshold-not-accepted",
        "residual-not-accepted",
        ((R, "residual: {likelihood: 1, impact: 2}", "residual: {likelihood: 2, impact: 3}"),),
        (
            "registers/isms.yml: warning: clause 6.1.3 (Information security risk treatment) requires Risk treatment"
            " process; Statement of Applicability (d); risk treatment plan (e); risk owners' approval of the plan and"
            " acceptance of residual risks (f); missing: risk owners' acceptance of the residual risks above the"
            " threshold — see the table of mandatory documented information: isms/reference/mandatory/ on the site",
            f"{R}:14: warning: risk R-1: residual level High (score 6) is above the acceptance threshold and not"
            " accepted — cto (the risk owner) or ceo accepts it in 'acceptance:' (by, on, expires, justification), or"
            " lower the target",
        ),
        also=frozenset({"mandatory-documented-information"}),
    ),
    Case(
        "accepted-by-someone-else",
        "risk-acceptance-authority",
        ((R, "      by: ciso\n", "      by: cto\n"),),
        (
            f"{R}:28: warning: risk R-2: accepted by 'cto', who may not accept a risk at level Medium (score 4)"
            " — registers/methodology.yml lets ciso (the risk owner) or ceo accept it (6.1.2 a)",
        ),
    ),
    Case(
        "accepted-by-someone-else-without-authority",
        "risk-acceptance-authority",
        ((R, "      by: ciso\n", "      by: cto\n"), (M, "  authority: ceo\n", "")),
        (
            f"{R}:28: warning: risk R-2: accepted by 'cto', who may not accept a risk at level Medium (score 4)"
            " — registers/methodology.yml lets ciso (the risk owner) accept it (6.1.2 a)",
        ),
    ),
    Case(
        "high-risk-accepted-by-its-owner-where-the-methodology-names-the-ceo",
        "risk-acceptance-authority",
        (
            (M, "review_every: 6}", "review_every: 6, accepted_by: [ceo]}"),
            (R, "inherent: {likelihood: 2, impact: 2}", "inherent: {likelihood: 3, impact: 3}"),
            (R, "last_assessed: 2026-03-01", "last_assessed: 2026-09-01"),
        ),
        (
            f"{R}:28: warning: risk R-2: accepted by 'ciso', who may not accept a risk at level High (score 9)"
            " — registers/methodology.yml lets ceo accept it (6.1.2 a)",
        ),
    ),
    Case(
        "owner-excluded-from-accepting-a-level",
        "risk-acceptance-authority",
        ((M, "max_score: 4, review_every: 12}", "max_score: 4, review_every: 12, owner_accepts: false}"),),
        (
            f"{R}:28: warning: risk R-2: accepted by 'ciso', who may not accept a risk at level Medium (score 4)"
            " — registers/methodology.yml lets ceo accept it (6.1.2 a)",
        ),
    ),
    Case(
        "acceptance-judged-at-the-residual-level",
        "risk-acceptance-authority",
        (
            (M, "max_score: 2, review_every: 12}", "max_score: 2, review_every: 12, accepted_by: [ciso]}"),
            (
                R,
                "    status: open\n",
                "    acceptance: {by: cto, on: 2026-07-01, expires: 2027-07-01, justification: x}\n    status: open\n",
            ),
        ),
        (
            f"{R}:17: warning: risk R-1: accepted by 'cto', who may not accept a risk at level Low (score 2)"
            " — registers/methodology.yml lets ciso accept it (6.1.2 a)",
        ),
    ),
    Case(
        "level-that-no-one-may-accept",
        "methodology",
        (
            (M, "max_score: 4, review_every: 12}", "max_score: 4, review_every: 12, owner_accepts: false}"),
            (M, "  authority: ceo\n", ""),
        ),
        (
            f"{M}:15: error: methodology: level 'medium' lets no one accept a risk: no 'accepted_by:' and"
            " owner_accepts: false — name the roles that may accept it in 'accepted_by:', or let the risk owner"
            " accept it",
            f"{R}:28: warning: risk R-2: accepted by 'ciso', who may not accept a risk at level Medium (score 4)"
            " — registers/methodology.yml lets no one accept this level: name the roles in the level's"
            " 'accepted_by:'",
        ),
        also=frozenset({"risk-acceptance-authority"}),
    ),
    Case(
        "acceptance-longer-than-the-methodology-allows",
        "risk-acceptance-term",
        ((M, "  authority: ceo\n", "  authority: ceo\n  max_months: 6\n"),),
        (
            f"{R}:30: warning: risk R-2: the acceptance runs from 2026-03-01 to 2027-03-01, longer than the 6"
            " months the methodology allows at level Medium (score 4) — set 'expires:' on or before 2026-09-01"
            " and reassess the risk then",
        ),
    ),
    Case(
        "acceptance-longer-than-its-level-allows",
        "risk-acceptance-term",
        (
            (M, "  authority: ceo\n", "  authority: ceo\n  max_months: 24\n"),
            (M, "max_score: 4, review_every: 12}", "max_score: 4, review_every: 12, max_acceptance_months: 11}"),
        ),
        (
            f"{R}:30: warning: risk R-2: the acceptance runs from 2026-03-01 to 2027-03-01, longer than the 11"
            " months the methodology allows at level Medium (score 4) — set 'expires:' on or before 2027-02-01"
            " and reassess the risk then",
        ),
    ),
    Case(
        "acceptance-without-expiry-where-a-term-is-declared",
        "risk-acceptance-term",
        ((M, "  authority: ceo\n", "  authority: ceo\n  max_months: 12\n"), (R, "      expires: 2027-03-01\n", "")),
        (
            f"{R}:27: warning: risk R-2: the acceptance has no expiry, but the methodology limits an acceptance at"
            " level Medium (score 4) to 12 months — add 'expires:' on or before 2027-03-01",
        ),
    ),
    Case(
        "acceptance-expired",
        "risk-acceptance",
        ((R, "expires: 2027-03-01", "expires: 2026-11-27"),),
        (
            f"{R}:30: warning: risk R-2: the acceptance expired on 2026-11-27"
            " — reassess the risk and renew or withdraw the acceptance",
        ),
    ),
    Case(
        "acceptance-dated-in-the-future",
        "risk-acceptance",
        ((R, "      on: 2026-03-01\n", "      on: 2026-11-29\n"),),
        (f"{R}:29: warning: risk R-2: the acceptance is dated in the future (2026-11-29)",),
    ),
    Case(
        "reassessment-overdue",
        "risk-review-overdue",
        ((R, "last_assessed: 2026-06-01", "last_assessed: 2026-05-27"),),
        (
            f"{R}:18: warning: risk R-1: reassessment was due on 2026-11-27 (6 months after 2026-05-27)"
            " — reassess the risk and update 'last_assessed:'",
        ),
    ),
    Case(
        "treated-risk-reassessed-at-its-residual-level",
        "risk-review-overdue",
        ((R, "last_assessed: 2026-09-01", "last_assessed: 2025-11-27"),),
        (
            f"{R}:45: warning: risk R-3: reassessment was due on 2026-11-27 (12 months after 2025-11-27)"
            " — reassess the risk and update 'last_assessed:'",
        ),
    ),
    Case(
        "treatment-overdue",
        "treatment-overdue",
        ((T, "due: 2027-01-31", "due: 2026-11-27"),),
        (
            f"{T}:13: warning: treatment T-1: overdue since 2026-11-27 (status: in progress)"
            " — finish it and set status: done with completed_on, or agree a new due date",
        ),
    ),
    Case(
        "planned-treatment-overdue",
        "treatment-overdue",
        ((T, "due: 2027-01-31\n    status: in progress", "due: 2026-01-31\n    status: planned"),),
        (
            f"{T}:13: warning: treatment T-1: overdue since 2026-01-31 (status: planned)"
            " — finish it and set status: done with completed_on, or agree a new due date",
        ),
    ),
    # --- approval of the treatment plan (6.1.3 f) -----------------------------------------------
    Case(
        "treatment-not-approved",
        "treatment-approval",
        ((T, "    approved_by: [cto]\n    approved_on: 2026-06-15\n", ""),),
        (
            f"{T}:6: warning: treatment T-1: no approval is recorded — the risk owners approve the plan (6.1.3 f):"
            " add 'approved_by: [cto]' and 'approved_on:'",
        ),
    ),
    Case(
        "treatment-approved-by-someone-else",
        "treatment-approval",
        ((T, "approved_by: [cto]\n    approved_on: 2026-06-15", "approved_by: [ciso]\n    approved_on: 2026-06-15"),),
        (
            f"{T}:15: warning: treatment T-1: approved by ciso, but not for R-1 (owner cto) — the owner of each"
            " risk it treats, or a role the methodology lets accept that risk, approves it",
        ),
    ),
    Case(
        "treatment-of-two-risks-approved-by-one-owner",
        "treatment-approval",
        ((T, "    risks: [R-1]\n", "    risks: [R-1, R-2]\n"),),
        (
            f"{T}:15: warning: treatment T-1: approved by cto, but not for R-2 (owner ciso) — the owner of each"
            " risk it treats, or a role the methodology lets accept that risk, approves it",
        ),
    ),
    Case(
        "treatment-approval-without-a-date",
        "treatment-approval",
        ((T, "    approved_on: 2026-06-15\n", ""),),
        (
            f"{T}:15: warning: treatment T-1: the approval has no date"
            " — add 'approved_on:' with the day it was approved",
        ),
    ),
    Case(
        "treatment-approved-in-the-future",
        "treatment-approval",
        ((T, "approved_on: 2026-06-15", "approved_on: 2026-11-29"),),
        (
            f"{T}:16: warning: treatment T-1: approved_on is 2026-11-29, after today (2026-11-28) — correct the"
            " date to the day it was approved, or remove the approval until it is given",
        ),
    ),
    # --- consistency of statuses and ratings ----------------------------------------------------
    Case(
        "residual-above-inherent",
        "residual-above-inherent",
        (
            (
                R,
                "inherent: {likelihood: 2, impact: 2}\n",
                "inherent: {likelihood: 2, impact: 2}\n    residual: {likelihood: 2, impact: 3}\n",
            ),
        ),
        (
            "registers/risks.yml:26: error: risk R-2: the residual score 6 is above the inherent score 4:"
            " treatment cannot raise a risk — lower the residual likelihood or impact, or reassess the"
            " inherent rating",
        ),
    ),
    Case(
        "treated-with-no-treatment",
        "risk-treatment-status",
        ((T, "risks: [R-3]", "risks: [R-1]"),),
        (
            "registers/risks.yml:40: warning: risk R-3: level High (score 6) is above the acceptance threshold"
            " 'medium' but has no treatment and no valid acceptance — add a treatment to"
            " registers/treatments.yml listing this risk, or an 'acceptance:' by cto (the risk owner) or ceo",
            "registers/risks.yml:44: warning: risk R-3: status treated with treatment 'modify', but no"
            " treatment lists it — add the treatment to registers/treatments.yml, or set 'status:' to open",
        ),
        also=frozenset({"risk-untreated"}),
    ),
    Case(
        "treated-with-a-treatment-in-progress",
        "risk-treatment-status",
        ((R, "status: open", "status: treated"),),
        (
            "registers/risks.yml:17: warning: risk R-1: status treated, but its treatments are not all done:"
            " T-1 (in progress) — set 'status:' to open until they are done, or finish them",
        ),
    ),
    Case(
        "open-with-every-treatment-done",
        "risk-treatment-status",
        ((R, "status: treated", "status: open"),),
        (
            "registers/risks.yml:44: warning: risk R-3: status open, but every treatment of it is done: T-2 —"
            " reassess the risk and set 'status:' to treated (or accepted), or plan further treatment",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_risk_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("    status: open\n", "    status: closed\n", id="closed-risk"),
        pytest.param(
            "    status: open\n",
            "    acceptance: {by: cto, on: 2026-07-01, justification: Cheaper to bear}\n    status: open\n",
            id="accepted-by-owner",
        ),
        pytest.param(
            "    status: open\n",
            "    acceptance: {by: ceo, on: 2026-07-01, expires: 2026-11-28, justification: Until MFA}\n"
            "    status: open\n",
            id="accepted-by-authority-until-today",
        ),
    ],
)
def test_an_untreated_high_risk_needs_nothing_more_when(repo: Repo, old: str, new: str) -> None:
    for edit in UNTREAT_R1:
        repo.replace(*edit)
    repo.replace(R, old, new)
    assert repo.findings() == []


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param(
            ((T, "[cto]\n    approved_on: 2026-06-15", "[ceo]\n    approved_on: 2026-06-15"),),
            id="treatment-approved-by-the-authority",
        ),
        pytest.param(
            ((T, "status: in progress\n    approved_by: [cto]\n    approved_on: 2026-06-15\n", "status: cancelled\n"),),
            id="cancelled-treatment-unapproved",
        ),
        pytest.param(
            ((M, "  authority: ceo\n", "  authority: ceo\n  max_months: 12\n"),), id="acceptance-of-exactly-the-term"
        ),
        pytest.param(
            (
                (M, "review_every: 6}", "review_every: 6, accepted_by: [ceo]}"),
                (
                    R,
                    "    status: open\n",
                    "    acceptance: {by: cto, on: 2026-07-01, expires: 2027-07-01, justification: x}\n"
                    "    status: open\n",
                ),
            ),
            id="owner-accepts-a-residual-level-below-the-ceos",
        ),
    ],
)
def test_acceptances_and_approvals_that_need_nothing_more(repo: Repo, edits: tuple[tuple[str, str, str], ...]) -> None:
    for edit in edits:
        repo.replace(*edit)
    assert repo.findings() == []


def test_a_grid_methodology_is_consistent(repo: Repo) -> None:
    repo.replace(M, "matrix: product\n", GRID)
    assert repo.findings() == []


def test_done_and_cancelled_treatments_are_never_overdue(repo: Repo) -> None:
    repo.replace(T, "due: 2027-01-31\n    status: in progress", "due: 2026-01-31\n    status: cancelled")
    repo.replace(T, "due: 2026-10-31", "due: 2026-01-31")  # T-2 is done
    assert repo.findings() == []


def test_a_huge_band_does_not_hang_the_check(repo: Repo) -> None:
    """A typo in max_score once made the check count to a billion."""
    repo.replace(M, "min_score: 5, max_score: 9", "min_score: 5, max_score: 900000000")
    started = time.perf_counter()
    assert repo.findings() == []
    assert time.perf_counter() - started < 5
