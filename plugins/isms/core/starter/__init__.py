"""``isms init``: the files of a new ISMS repository that depends on isms-docs instead of carrying its source.

The repository gets every register of the catalogue with its header (so none is missing), the roles and
risk criteria it cannot do without, an SoA listing the 93 Annex A controls to decide on, drafts of the
scope, the information security policy and the risk procedure, ``mkdocs.yml``, a README for that ISMS,
``.ci/run`` with a GitHub workflow that runs it, and ``requirements.txt`` pinning this package: upgrading
is changing the pin (and ``isms schemas --out schemas`` refreshes the JSON Schemas the registers name).
It is not clean, and is not meant to be: ``isms check`` on it is the to-do list.

:func:`files` says what to write (path and text) and touches no disk; the command writes them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from importlib import resources
from string import Template

from isms import __version__
from isms.core import catalogue
from isms.core.drafts import ScaffoldError, quote
from isms.core.models.types import CONTROL_CHARACTERS
from isms.core.scaffold import document_text
from isms.core.standard import iso27001

MANAGER = "isms-manager"
TOP = "top-management"
SCOPE, POLICY, PROCEDURE = "ISMS-SCOPE", "POL-ISP", "PRO-RISK"

PACKAGE = "isms-docs"
REQUIREMENT = re.compile(r"isms-docs\s*(==\s*[\w.+!-]+|@\s*\S+)")
"""A pin of this package: an exact version, or a direct reference (a URL, a git commit, a local path)."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#+\-.!|~])")

TEMPLATES = {
    "mkdocs.yml": "mkdocs.yml",
    "README.md": "README.md",
    ".ci/run": "ci-run",
    ".github/workflows/check.yml": "workflow-check.yml",
    ".gitignore": "gitignore",
    "docs/index.md": "index.md",
}
"""Files written from templates beside this module: path in the new repository -> template."""


def pin(requirement: str | None) -> str:
    """The line of ``requirements.txt`` that installs this package: ``isms-docs==VERSION`` by default."""
    text = (requirement or f"{PACKAGE}=={__version__}").strip()
    if CONTROL_CHARACTERS.search(text) or "\n" in text or not REQUIREMENT.fullmatch(text):
        raise ScaffoldError(
            f"--requirement {text!r}: give a pin of {PACKAGE}, e.g. '{PACKAGE}=={__version__}' or "
            f"'{PACKAGE} @ git+https://example.org/isms-docs.git@<commit>'"
        )
    return text


def organisation_name(name: str) -> str:
    """The organisation's name, refused when it could not be written safely into every file."""
    text = name.strip()
    if not text or CONTROL_CHARACTERS.search(text) or "\n" in text or "\t" in text:
        raise ScaffoldError(f"--organisation {name!r}: give the organisation's name on one line, e.g. 'Acme Ltd'")
    if set(text) & set('<>"'):
        # mkdocs.yml's site_name reaches HTML attributes that the theme does not escape.
        raise ScaffoldError(
            f"--organisation {name!r}: a name cannot hold <, > or \" (the site's theme writes it unescaped)"
        )
    if len(text) > 200:
        raise ScaffoldError(f"--organisation: the name is {len(text)} characters long; give at most 200")
    return text


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders exactly as written: HTML escaped, Markdown punctuation backslashed,
    braces as character references (a page is a template of mkdocs-macros-plugin: ``{%`` would start a tag)."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def files(organisation: str, *, as_of: dt.date, requirement: str | None = None) -> dict[str, str]:
    """Path -> text of every file of a new ISMS repository for ``organisation``."""
    name = organisation_name(organisation)
    values = {
        "site_name": quote(f"{name} — Information Security Management System"),
        "site_description": quote(f"Policies, procedures and registers of the {name} ISMS (ISO/IEC 27001:2022)"),
        "copyright": quote(f"{name} — internal use"),
        "organisation_md": markdown_text(name),
    }
    result = {path: _template(template).substitute(values) for path, template in TEMPLATES.items()}
    result["requirements.txt"] = (
        f"# isms-docs, pinned: upgrading the ISMS tooling is changing this line (see README.md).\n{pin(requirement)}\n"
    )
    result.update(_registers(name))
    result.update(_documents(as_of))
    return result


def _template(name: str) -> Template:
    return Template(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def _header(spec: catalogue.RegisterSpec) -> list[str]:
    return [
        f"# yaml-language-server: $schema=../schemas/{spec.name}.json",
        f"# {spec.summary[:1].upper()}{spec.summary[1:]}: every field is in isms/reference/registers/ on the site.",
        'version: "0.1"',
        f"owner: {MANAGER}",
        "classification: internal",
        "# approved_by: top-management  # record the approval of each version (7.5.3)",
        "# approved_on: YYYY-MM-DD",
    ]


def _registers(name: str) -> Iterator[tuple[str, str]]:
    special = {"isms": _isms(name), "roles": _roles(), "methodology": _methodology(), "soa": _soa()}
    for spec in catalogue.registers():
        if spec.name in special:
            body = special[spec.name]
        elif spec.key is None:
            raise ScaffoldError(f"isms init does not know how to start the whole-file register {spec.name}")
        else:
            how = f"with `isms new {spec.kind}` or by hand" if spec.template is not None and spec.kind else "by hand"
            body = [f"{spec.key}: []  # {spec.summary}: add entries {how}"]
        yield spec.path, "\n".join([*_header(spec), *body]) + "\n"


def _isms(name: str) -> list[str]:
    return [
        "organisation:",
        f"  name: {quote(name)}",
        f"scope: {SCOPE}  # the document that states the scope of the ISMS (4.3)",
        "# whether climate change is a relevant issue (4.1, Amd 1:2024): an issue in registers/context.yml with"
        " 'climate_change: true'",
    ]


def _roles() -> list[str]:
    return [
        "roles:",
        f"  - id: {TOP}",
        "    title: Top management",
        "    top_management: true  # may chair management reviews (9.3) and accept risks above the threshold",
        "    # holder: the person's name; handle: their repository account, for CODEOWNERS",
        f"  - id: {MANAGER}",
        "    title: ISMS manager",
    ]


def _methodology() -> list[str]:
    scale = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
    impact = ("Negligible", "Minor", "Moderate", "Major", "Severe")
    lines = ["# Risk criteria (6.1.2 a): adapt the scales, levels and acceptance to the organisation.", "likelihood:"]
    lines += [f"  - {{value: {n}, name: {word}, criteria: To define}}" for n, word in enumerate(scale, 1)]
    lines.append("impact:")
    lines += [f"  - {{value: {n}, name: {word}, criteria: To define}}" for n, word in enumerate(impact, 1)]
    lines += [
        "levels:",
        '  - {id: low, name: Low, colour: "#2e7d32", min_score: 1, max_score: 4, review_every: 24}',
        '  - {id: medium, name: Medium, colour: "#f9a825", min_score: 5, max_score: 9, review_every: 12}',
        '  - {id: high, name: High, colour: "#ef6c00", min_score: 10, max_score: 16, review_every: 6,'
        f" accepted_by: [{TOP}]}}",
        '  - {id: critical, name: Critical, colour: "#c62828", min_score: 17, max_score: 25, review_every: 3,'
        f" accepted_by: [{TOP}]}}",
        "matrix: product",
        "# A level without accepted_by is accepted by the risk's owner.",
        "acceptance:",
        "  threshold: medium  # the highest level that may be accepted without treatment",
        "  max_months: 12  # the longest acceptance, from its date to its expiry",
    ]
    return lines


def _soa() -> list[str]:
    lines = [
        "# Decide each control after the risk assessment: applicable or excluded, why, and its status.",
        "controls:",
    ]
    standard = iso27001()
    for ident in standard.annex_a:
        lines.append(
            f'  - {{control: "{ident}", applicable: true, reasons: [], status: not implemented}}'
            f"  # {standard.controls[ident].title}"
        )
    return lines


def _documents(as_of: dt.date) -> Iterator[tuple[str, str]]:
    drafts = (
        ("docs/scope.md", SCOPE, "ISMS scope", "statement", ("4.3",)),
        ("docs/policies/information-security-policy.md", POLICY, "Information security policy", "policy", ("5.2",)),
        (
            "docs/procedures/risk-assessment-treatment.md",
            PROCEDURE,
            "Risk assessment and treatment",
            "procedure",
            ("6.1.2", "6.1.3", "8.2", "8.3"),
        ),
    )
    for path, ident, title, kind, clauses in drafts:
        yield path, document_text(ident, title, kind, MANAGER, TOP, as_of=as_of, clauses=clauses)
