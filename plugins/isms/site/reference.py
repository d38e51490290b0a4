"""The authors' reference inside the site: register fields, front matter, checks, mandatory records, macros.

Every page is rendered at build time from the package itself (the register models, ``CHECKS``, the ISO/IEC
27001 catalogue and the macros), so the reference always describes the version that built the site.
Field descriptions, docstrings and register summaries are data: they reach a page only through the
escaping HTML helpers, never as Markdown, and headings built from names are escaped for Markdown too.
The reference holds no organisation data, so every audience's build keeps it.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from isms.core import catalogue
from isms.core.catalogue import RegisterSpec
from isms.core.checks import CHECKS, Check
from isms.core.models.documents import FrontMatter
from isms.core.models.registers import Header
from isms.core.models.types import Ref
from isms.core.standard import Clause, iso27001
from isms.exports.diff import UNAPPROVED, UNAPPROVED_SUMMARY
from isms.site import registry
from isms.site.html import Markup, badge, esc, join, link, table, tag
from isms.site.macros import filterable, macros
from isms.site.page import Page, Site
from isms.site.urls import PREFIX, anchor

FOLDER = f"{PREFIX}/reference"
INDEX = f"{FOLDER}/index.md"
REGISTER_FIELDS = f"{FOLDER}/registers.md"
FRONT_MATTER = f"{FOLDER}/front-matter.md"
CHECK_RULES = f"{FOLDER}/checks.md"
MANDATORY = f"{FOLDER}/mandatory.md"
MACROS = f"{FOLDER}/macros.md"

HEADER_ANCHOR = "register-header"
FIELD_HEADERS = ("key", "type", "required", "meaning")
_NAMED = {"date": "date", "str": "text", "int": "integer", "float": "number", "bool": "true/false", "Any": "any value"}
# Python-Markdown's backslash escapes (with `|`, which the tables extension adds): escaping these keeps a
# name plain text in a heading, so that no `{: attr}` list, link or emphasis in it can take effect.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


@registry.page(f"{FOLDER}/", order=2000)
def reference_pages(site: Site) -> list[Page]:
    """The reference pages under ``isms/reference/``, in navigation order."""
    return [
        index_page(site),
        registers_page(site),
        front_matter_page(site),
        checks_page(site),
        mandatory_page(site),
        macros_page(site),
    ]


# --- text helpers ------------------------------------------------------------------------------


def md_text(value: object) -> str:
    """``value`` as literal text inside Markdown: Markdown syntax backslash-escaped, then HTML escaped.

    In this order the ``#`` of an entity such as ``&#x27;`` is not escaped a second time.
    """
    return str(esc(_MARKDOWN_SPECIAL.sub(r"\\\1", str(value))))


def heading(text: str, ident: str, level: int = 2) -> str:
    """A Markdown heading (so it is in the table of contents) carrying the stable anchor ``ident``.

    The anchor is an empty ``<span>`` inside the heading rather than an attribute list, so it holds
    whichever Markdown extensions a site enables (MkDocs itself always enables ``toc``).
    """
    return f'{"#" * level} {md_text(text)} <span id="{esc(ident)}"></span>'


def prose(text: str | None) -> Markup:
    """Text from a description or docstring as escaped HTML, with its ``code`` and `code` spans as code."""
    parts = re.split(r"``(.+?)``|`([^`]+)`", text or "")
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 3 == 0:
            out.append(esc(part))
        elif part is not None:
            out.append(tag("code", part))
    return Markup("".join(out))


def model_name(model: type[BaseModel]) -> str:
    """How the reference names a nested model: ``RiskAcceptance`` is "risk acceptance"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


def _first_line(doc: str | None) -> str:
    """A docstring's first line, or nothing when it only names a file (``registers/isms.yml``...)."""
    text = (doc or "").strip()
    return "" if not text or text.startswith("``") else text.splitlines()[0]


# --- field tables --------------------------------------------------------------------------------


def type_markup(annotation: Any, href: Callable[[type[BaseModel]], str | None] = lambda _: None) -> Markup:
    """A short, author-facing name for a field's type; a nested mapping links to its own table."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        for meta in metadata:
            if isinstance(meta, Ref):
                return esc(f"{meta.kind} id")
        return type_markup(base, href)
    if origin in (typing.Union, types.UnionType):
        names = [type_markup(arg, href) for arg in typing.get_args(annotation) if arg is not type(None)]
        return join(names, " or ")
    if origin is list:
        return Markup(esc("list of ") + type_markup(typing.get_args(annotation)[0], href))
    if origin is dict:
        key, value = typing.get_args(annotation)
        return Markup(esc("mapping of ") + type_markup(key, href) + esc(" to ") + type_markup(value, href))
    if origin is Literal:
        return Markup(esc("one of: ") + join(tag("code", arg) for arg in typing.get_args(annotation)))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        target = href(annotation)
        label = f"mapping ({model_name(annotation)})"
        return link(target, label) if target else esc(label)
    name = getattr(annotation, "__name__", str(annotation))
    return esc(_NAMED.get(name, name))


def required_text(info: FieldInfo) -> str:
    """Whether a field must be given: "required", "default VALUE", or nothing when it may be left out."""
    if info.is_required():
        return "required"
    default = info.get_default(call_default_factory=True)
    if default in (None, [], {}):
        return ""
    return f"default {default}"


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type holds (a list of mappings, a mapping or a choice of them), in order."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += [model for model in nested_models(arg) if model not in found]
    return found


def _field_type(info: FieldInfo, href: Callable[[type[BaseModel]], str | None]) -> Markup:
    ref = next((meta.kind for meta in info.metadata if isinstance(meta, Ref)), None)
    return esc(f"{ref} id") if ref else type_markup(info.annotation, href)


def fields_block(model: type[BaseModel], prefix: str, skip: Iterable[str] = ()) -> Markup:
    """A model's fields as an HTML table, then a table for every mapping nested in it.

    ``prefix`` makes the anchors unique on the page: the row of field ``owner`` is ``PREFIX-owner``, the
    table of a nested model ``RiskAcceptance`` is ``PREFIX-risk-acceptance``. Every text is escaped.
    """
    left_out = set(skip)

    def href(nested: type[BaseModel]) -> str:
        return "#" + anchor(prefix, model_name(nested))

    def one(current: type[BaseModel], row_prefix: str, omit: set[str]) -> tuple[Markup, list[type[BaseModel]]]:
        rows, ids, found = [], [], []
        for name, info in current.model_fields.items():
            if name in omit:
                continue
            rows.append([tag("code", name), _field_type(info, href), required_text(info), prose(info.description)])
            ids.append(anchor(row_prefix, name))
            found += [nested for nested in nested_models(info.annotation) if nested not in found]
        return table(FIELD_HEADERS, rows, "isms-reference", ids), found

    parts: list[str] = []
    doc = _first_line(model.__doc__)
    if doc:
        parts.append(tag("p", prose(doc)))
    main, queue = one(model, prefix, left_out)
    parts.append(main)
    seen: set[type[BaseModel]] = {model}
    while queue:
        nested = queue.pop(0)
        if nested in seen:
            continue
        seen.add(nested)
        nested_anchor = anchor(prefix, model_name(nested))
        block, more = one(nested, nested_anchor, set())
        parts.append(tag("h3", model_name(nested).capitalize(), {"id": nested_anchor, "class": "isms-reference-sub"}))
        doc = _first_line(nested.__doc__)
        if doc:
            parts.append(tag("p", prose(doc)))
        parts.append(block)
        queue += more
    return Markup("".join(parts))


def register_intro(spec: RegisterSpec) -> Markup:
    """What a register holds, how its file is laid out, and whether it must exist."""
    holds = esc((spec.summary[:1].upper() + spec.summary[1:]) if spec.summary else spec.name)
    if spec.key:
        layout = Markup(
            esc("The header, then the entries as a list under ")
            + tag("code", f"{spec.key}:")
            + esc("; a large register may be a folder ")
            + tag("code", f"registers/{spec.name}/*.yml")
            + esc(" of such files, each with its own header. ")
        )
    else:
        layout = esc("One mapping: the header's keys, then the keys below. ")
    needed = (
        "The file is required: without it the check fails."
        if spec.required
        else "The file may be left out; clauses 4–10 may still ask for its records."
    )
    return tag("p", Markup(holds + esc(". ") + layout + esc(needed)))


# --- the pages ---------------------------------------------------------------------------------


def index_page(site: Site) -> Page:
    """What the reference holds, the registers at a glance and the rules that hold in every file."""
    page = Page(INDEX, "Reference")
    page.md(
        "What every file of the ISMS may hold and what the checks catch. These pages are generated from the "
        "package that built this site, so they always describe this version: a field, check or macro that "
        "is not here does not exist.\n\n"
        "- [Register fields](registers.md): every key of every register under `registers/`, with its type "
        "and meaning.\n"
        "- [Document front matter](front-matter.md): the document control fields of a controlled document.\n"
        "- [Checks](checks.md): every rule `isms check` applies, its severity and what it catches.\n"
        "- [Mandatory documented information](mandatory.md): what clauses 4–10 require and which records "
        "meet each.\n"
        "- [Macros](macros.md): pulling register data into a page."
    )
    links = site.linker(INDEX)
    page.md("## Registers")
    rows = [
        [
            link(links.to(REGISTER_FIELDS, anchor("register", spec.name)), f"registers/{spec.name}.yml"),
            tag("code", f"{spec.key}:") if spec.key else esc("(the whole file)"),
            spec.summary,
            "required" if spec.required else "optional",
        ]
        for spec in catalogue.registers()
    ]
    page.html(table(("file", "entries under", "holds", ""), rows, "isms-reference"))
    page.md(
        "## Rules that hold everywhere\n\n"
        "- **Every entry has a stable `id`**; other entries refer to it by that id, and every reference is "
        "checked. Owners, approvers and other people are **role ids** from `registers/roles.yml`, never names.\n"
        '- **Controls** are Annex A numbers (`"5.15"`; `A.5.15` is accepted); **clauses** are clause numbers '
        '(`"6.1.3"`). Quote them, and versions too (`version: "1.10"`): YAML reads an unquoted `5.10` as the '
        "number 5.1.\n"
        "- **Dates** are `YYYY-MM-DD`; `2026-02-30` or `30/12/2026` are errors, not guesses.\n"
        '- **Unknown keys are errors**, with a "did you mean" hint: a typo never passes silently.\n'
        "- **Scores, levels and backlinks are derived, never typed**: a risk gives likelihood and impact, its "
        "score and level come from `registers/methodology.yml`; the documents that implement a control are "
        "those that list it in `controls:`.\n"
        "- **YAML is read safely**: tags, more than one document per file, duplicate keys, alias bombs, "
        "nesting deeper than 64 levels and files over 32 MiB are refused. Booleans are `true`/`false` only "
        "(`yes`, `no`, `on`, `off` stay text).\n"
        "- **Editors check as you type**: every register names its JSON Schema in its first line "
        "(`# yaml-language-server: $schema=...`); `isms schemas` writes them from the same models."
    )
    return page


def registers_page(site: Site, registers: Sequence[RegisterSpec] | None = None) -> Page:
    """Every register's fields, with the header every register file starts with."""
    page = Page(REGISTER_FIELDS, "Register fields")
    page.md(
        "Each register is one YAML file under `registers/` that starts with a header making it a controlled "
        "document itself. *required* keys must be given; the others may be left out. A *role id* names a "
        "role of `registers/roles.yml`, a *control id* an Annex A number, a *clause id* a clause number."
    )
    page.md(heading("The header of every register file", HEADER_ANCHOR))
    page.html(fields_block(Header, HEADER_ANCHOR))
    header_keys = set(Header.model_fields)
    for spec in catalogue.registers() if registers is None else registers:
        section = anchor("register", spec.name)
        page.md(heading(f"registers/{spec.name}.yml", section))
        skip = () if spec.key else header_keys  # isms.yml and methodology.yml carry the header's keys inline
        page.html(Markup(register_intro(spec) + fields_block(spec.model, section, skip)))
    return page


def front_matter_page(site: Site) -> Page:
    """The front matter of a controlled document."""
    page = Page(FRONT_MATTER, "Document front matter")
    page.md(
        "A Markdown page under `docs/` whose front matter has an `id` is a **controlled document**; its front "
        "matter must follow the table below. A page without an `id` is an ordinary page and is not checked. "
        '`isms new policy "Title"` starts one with every required key.'
    )
    page.md(
        "```yaml\n"
        "---\n"
        "id: POL-AC\n"
        "title: Access Control Policy\n"
        "type: policy\n"
        "owner: ciso\n"
        "approver: ceo\n"
        'version: "2.1"\n'
        "status: approved\n"
        "approved_on: 2026-09-14\n"
        "review_every: 12\n"
        "classification: internal\n"
        'controls: ["5.15", "5.16", "5.17", "5.18"]\n'
        "risks: [R-004, R-011]\n"
        "history:\n"
        '  - {version: "2.0", date: 2025-09-02, author: ciso, summary: Rewritten for the 2022 edition}\n'
        '  - {version: "2.1", date: 2026-09-14, author: ciso, summary: Quarterly access reviews}\n'
        "---\n"
        "```"
    )
    page.md(
        "A document is `draft`, then `in review`, then `approved` (and at last `retired`); drafts and documents "
        "in review are shown by `mkdocs serve` and left out of a published build. The `classification` decides "
        "which audiences' builds hold the page."
    )
    page.md(heading("Fields", "front-matter"))
    page.html(fields_block(FrontMatter, "front-matter"))
    return page


def checks_page(site: Site, checks: Sequence[Check] | None = None) -> Page:
    """Every rule of ``isms check``: errors first, then warnings, each with an anchor named after its rule."""
    rules = sorted(CHECKS if checks is None else checks, key=lambda check: (check.severity != "error", check.rule))
    page = Page(CHECK_RULES, "Checks")
    page.md(
        "`isms check` (and every `mkdocs build`) applies these rules and reports each finding as "
        "`path:line: severity: what is wrong — how to fix it`; the JSON and GitHub formats name the rule. "
        "**Errors** are input that cannot be used or contradicts itself; they always fail. **Warnings** are "
        "gaps an auditor would raise; they fail under `--strict`, which CI and auditor snapshots use.\n\n"
        "Dates are judged against the as-of date (today, or `--as-of`); something due on the as-of date "
        "itself is not yet overdue. The audit programme must cover every clause of 4–10 within the "
        "certification cycle: from a year before the certificate was issued to its expiry while a certificate "
        "is current, otherwise the 36 months before the as-of date and the 12 after."
    )
    page.md(heading("Loading", "loading"))
    page.md("Before any check runs, every file is loaded; what cannot be used is an error.")
    page.html(
        table(
            ("rule", "severity", "catches"),
            [[tag("code", rule), badge("error", "bad"), prose(text)] for rule, text in LOADING_RULES.items()],
            "isms-reference",
            [anchor("check", rule) for rule in LOADING_RULES],
        )
    )
    for severity, title in (("error", "Errors"), ("warning", "Warnings")):
        chosen = [check for check in rules if check.severity == severity]
        if not chosen:
            continue
        page.md(heading(title, f"{severity}s"))
        kind = "bad" if severity == "error" else "partial"
        page.html(
            table(
                ("rule", "severity", "enforces", "catches"),
                [
                    [
                        tag("code", check.rule),
                        badge(check.severity, kind),
                        esc(", ".join(check.clauses)),
                        prose(check.summary),
                    ]
                    for check in chosen
                ],
                "isms-reference",
                [anchor("check", check.rule) for check in chosen],
            )
        )
    page.md(heading("Between two versions", "pull-requests"))
    page.md(
        "`isms diff BASE HEAD`, which every pull request runs against its base, reports these as errors and "
        "exits with status 1 (see also `isms codeowners --check`, which names each owner or approver "
        "`.github/CODEOWNERS` lacks)."
    )
    page.html(
        table(
            ("rule", "severity", "catches"),
            [[tag("code", UNAPPROVED), badge("error", "bad"), prose(UNAPPROVED_SUMMARY)]],
            "isms-reference",
            [anchor("check", UNAPPROVED)],
        )
    )
    return page


LOADING_RULES: dict[str, str] = {
    "yaml": "A file cannot be read, or is not safe, well-formed YAML (syntax, tags, duplicate keys, aliases, size).",
    "schema": "A register or a document's front matter breaks its model: a key missing, unknown or misspelt, "
    "a value of the wrong type or outside its choices.",
    "register-missing": "A required register file is missing.",
    "register-unknown": "A file under registers/ is not a register this tool knows.",
    "docs-missing": "The docs folder is missing.",
    "page-name": "A file under docs/ has a Markdown extension in another case (.MD): MkDocs would copy it as it is.",
    "symlink": "A symbolic link under docs/ or registers/ leaves the repository, points to nothing, or loops.",
}
"""Rules of the findings that loading raises before any check runs; all are errors."""


_MET_BY: dict[str, Callable[[], Markup]] = {
    "scope": lambda: Markup(
        tag("code", "scope:") + esc(" in ") + tag("code", "registers/isms.yml") + esc(" names an approved document")
    ),
    "document": lambda: Markup(esc("an approved document lists the clause in ") + tag("code", "clauses:")),
    "any-document": lambda: esc("at least one approved controlled document"),
    "acceptances": lambda: Markup(esc("every residual risk above the threshold has an ") + tag("code", "acceptance:")),
    "measurements": lambda: Markup(esc("an objective has ") + tag("code", "measurements:")),
    "competence": lambda: Markup(
        esc("a holder in ")
        + tag("code", "registers/competence.yml")
        + esc(" names evidence or training, or entries in ")
        + tag("code", "registers/training.yml")
    ),
}


def met_by(rule: str) -> Markup:
    """What satisfies one of a clause's ``met_by`` rules, in words."""
    words = _MET_BY.get(rule)
    if words is not None:
        return words()
    if rule.startswith("register:"):
        return Markup(esc("entries in ") + tag("code", f"registers/{rule.removeprefix('register:')}.yml"))
    return esc(rule)


def mandatory_page(site: Site, clauses: Iterable[Clause] | None = None) -> Page:
    """The documented information clauses 4–10 require, and which records meet each."""
    page = Page(MANDATORY, "Mandatory documented information")
    chosen = [clause for clause in (clauses if clauses is not None else iso27001().clauses.values()) if clause.requires]
    rule = "mandatory-documented-information"
    page.html(
        tag(
            "p",
            Markup(
                esc("The documented information that clauses 4–10 of ISO/IEC 27001:2022 require, and what in this ")
                + esc("repository meets each. The rule ")
                + link(site.linker(MANDATORY).to(CHECK_RULES, anchor("check", rule)), tag("code", rule))
                + esc(" warns when one is missing; the readiness dashboard shows which are present in this ISMS.")
            ),
        )
    )
    rows = [
        [
            tag("span", clause.id, {"class": "isms-id"}),
            clause.title,
            clause.requires,
            join((met_by(r) for r in clause.met_by), "; "),
        ]
        for clause in chosen
    ]
    page.html(
        table(
            ("clause", "title", "requires", "met by"),
            rows,
            "isms-reference",
            [anchor("mandatory", c.id) for c in chosen],
        )
    )
    return page


_MACRO_DOC = re.compile(r"``(?P<call>.+?)``:\s*(?P<gives>.+)", re.DOTALL)


def macro_rows(site: Site) -> list[tuple[str, str]]:
    """``(example call, what it gives)`` for every macro, read from the macros' own docstrings."""
    rows = []
    for name, function in macros(site, lambda: INDEX).items():
        doc = (function.__doc__ or "").strip().split("\n\n", 1)[0]
        found = _MACRO_DOC.match(doc)
        if found:
            rows.append((found["call"], " ".join(found["gives"].split())))
        else:
            rows.append((f"{{{{ {name}() }}}}", " ".join(doc.split())))
    return rows


def macros_page(site: Site) -> Page:
    """The macros authors may call in a page, from their own docstrings."""
    page = Page(MACROS, "Macros")
    page.md(
        "With `macros` in `mkdocs.yml`'s plugins, any page can pull register data in with these macros. A macro "
        "called with an id that does not exist fails the build with a message saying which "
        "(`on_error_fail: true`). Generated pages under `isms/` never run macros."
    )
    page.html(
        table(
            ("macro", "gives"),
            [[tag("code", call), prose(gives)] for call, gives in macro_rows(site)],
            "isms-reference",
        )
    )
    page.html(
        tag(
            "p",
            Markup(
                tag("code", "register_table")
                + esc(" accepts the registers ")
                + join((tag("code", name) for name in filterable()), ", ")
                + esc("; its filters are field names, and a list field matches when it contains the value.")
            ),
        )
    )
    # An admonition written as HTML: a site need not enable the admonition extension for it to show.
    warning = Markup(
        esc("mkdocs-macros-plugin renders every page body as a Jinja2 template: ")
        + tag("code", "{{ ... }}")
        + esc(" and ")
        + tag("code", "{% ... %}")
        + esc(
            " in a page run when the site is built, with the rights of whoever builds it. When reviewing a change, "
            "read every such expression in the pages it touches: each should call one of the macros above with "
            "literal ids, and nothing else (no "
        )
        + tag("code", "include")
        + esc(" or ")
        + tag("code", "import")
        + esc(", no attributes or variables of the build).")
    )
    page.html(
        tag(
            "div",
            Markup(tag("p", "Macros run code", {"class": "admonition-title"}) + tag("p", warning)),
            {"class": "admonition warning"},
        )
    )
    return page
