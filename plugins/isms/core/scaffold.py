"""``isms new``: start a controlled document or a register entry that passes ``isms check`` at once.

A document gets a file with complete front matter (status draft, version 0.1); a register entry is
appended as text to the end of its register, so the comments and layout of the rest of the file are
kept. Ids follow the pattern of the ids already there. Values the author must still supply are
marked "to fill in", and the command says what to do next.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isms.core import catalogue, yamlsafe
from isms.core.drafts import FILL, Draft, ScaffoldError, quote
from isms.core.findings import Finding
from isms.core.load import load
from isms.core.repository import Model

DOCUMENT_PREFIXES = {
    "policy": "POL",
    "procedure": "PRO",
    "standard": "STD",
    "plan": "PLAN",
    "guideline": "GDL",
    "record": "REC",
    "report": "REP",
    "manual": "MAN",
    "statement": "STM",
}
DOCUMENT_FOLDERS = {kind: "policies" if kind == "policy" else f"{kind}s" for kind in DOCUMENT_PREFIXES}
_SMALL_WORDS = {"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with", *DOCUMENT_PREFIXES}


def kinds() -> tuple[str, ...]:
    """What ``isms new`` makes: the document types, then the kinds of the registers that declare a template."""
    return (*DOCUMENT_PREFIXES, *(spec.kind for spec in catalogue.listed() if spec.template and spec.kind))


@dataclass
class Created:
    """What ``isms new`` made: the file, the id, the line the entry starts on, and what to do next."""

    path: str
    id: str
    line: int
    next_steps: list[str] = field(default_factory=list)

    def text(self) -> str:
        steps = "".join(f"  - {step}\n" for step in self.next_steps)
        return f"created {self.id} in {self.path}:{self.line}\nnext:\n{steps}"


def slug(title: str) -> str:
    """``Access Control Policy`` -> ``access-control-policy``."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def next_numbered(existing: list[str], default_prefix: str) -> str:
    """The next id after the highest-numbered one sharing the newest id's prefix, same zero padding."""
    matches = [m for m in (re.fullmatch(r"(.*?)(\d+)", ident) for ident in existing) if m]
    if not matches:
        return f"{default_prefix}001" if default_prefix.endswith("-") else f"{default_prefix}-001"
    prefix = matches[-1].group(1)
    same = [m for m in matches if m.group(1) == prefix]
    width = max(len(m.group(2)) for m in same)
    number = max(int(m.group(2)) for m in same) + 1
    taken = set(existing)
    while f"{prefix}{number:0{width}d}" in taken:
        number += 1
    return f"{prefix}{number:0{width}d}"


def document_id(existing_of_type: list[str], taken: set[str], kind: str, title: str) -> str:
    """The id of a new document: numbered like its siblings when they are numbered, else PREFIX-INITIALS."""
    numbered = [ident for ident in existing_of_type if re.search(r"\d+$", ident)]
    prefixes = [re.sub(r"\d+$", "", ident) for ident in numbered]
    # Numbered like a sequence: most ids, and at least two of them sharing a prefix (REC-MR-2026 alone is
    # a name with a year, not the first of a sequence).
    if numbered and len(numbered) * 2 > len(existing_of_type) and max(map(prefixes.count, prefixes)) >= 2:
        candidate = next_numbered(numbered, DOCUMENT_PREFIXES[kind])
        while candidate in taken:
            candidate = next_numbered([*numbered, candidate], DOCUMENT_PREFIXES[kind])
            numbered.append(candidate)
        return candidate
    prefixes = [ident.split("-", 1)[0] for ident in existing_of_type if "-" in ident]
    prefix = max(set(prefixes), key=prefixes.count) if prefixes else DOCUMENT_PREFIXES[kind]
    words = [w for w in re.findall(r"[A-Za-z0-9]+", title) if w.lower() not in _SMALL_WORDS]
    if not words:
        words = re.findall(r"[A-Za-z0-9]+", title) or ["NEW"]
    # One word stays whole while it reads as a word (POL-CRYPTOGRAPHY, not POL-CRYPTOGR); several give initials.
    short = words[0][:14].upper() if len(words) == 1 else "".join(w[0] for w in words).upper()
    candidate, number = f"{prefix}-{short}", 2
    while candidate in taken:
        candidate, number = f"{prefix}-{short}-{number}", number + 1
    return candidate


# --- who -----------------------------------------------------------------------------------------


def _security_policy_roles(model: Model) -> tuple[str, str]:
    """Owner and approver of the information security policy (clause 5.2), else of the ISMS."""
    for document in model.documents:
        if "5.2" in document.meta.clauses:
            return document.meta.owner, document.meta.approver or document.meta.owner
    if model.isms is not None:
        return model.isms.owner, model.isms.approved_by or model.isms.owner
    if model.roles:
        return model.roles[0].id, model.roles[0].id
    raise ScaffoldError("registers/roles.yml has no roles — add the roles that own and approve documents first")


def _register_owner(model: Model, register: str) -> str:
    for file in model.files:
        if file.register == register and file.header is not None:
            return file.header.owner
    return _security_policy_roles(model)[0]


# --- documents -----------------------------------------------------------------------------------


def new_document(root: Path, model: Model, kind: str, title: str, *, as_of: dt.date, docs_dir: str = "docs") -> Created:
    """Write ``docs/<kind>s/<slug>.md`` with complete front matter as a draft."""
    name = slug(title)
    if not name:
        raise ScaffoldError(f'{title!r}: give a title with letters or digits, e.g. "Access Control Policy"')
    rel = f"{docs_dir}/{DOCUMENT_FOLDERS[kind]}/{name}.md"
    path = root / rel
    if path.exists():
        raise ScaffoldError(f"{rel} exists already — choose another title, or edit that file")
    taken = {document.id for document in model.documents} | model.unloaded.get("document", set())
    ident = document_id([d.id for d in model.documents if d.meta.type == kind], taken, kind, title)
    owner, approver = _security_policy_roles(model)
    text = document_text(ident, title, kind, owner, approver, as_of=as_of)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Created(
        rel,
        ident,
        1,
        [
            f"write the {kind} in {rel} (replace every '{FILL}')",
            "list the controls, clauses and risks it serves in its front matter",
            f"check owner ({owner}) and approver ({approver}); set classification",
            "run `isms check`, then open a pull request; when it is approved, set status: approved, "
            'approved_on, version "1.0" and a history entry',
        ],
    )


def document_text(
    ident: str,
    title: str,
    kind: str,
    owner: str,
    approver: str,
    *,
    as_of: dt.date,
    clauses: tuple[str, ...] = (),
) -> str:
    """A draft document: complete front matter (version 0.1) and a body of headings to fill in."""
    listed = ", ".join(quote(clause) for clause in clauses)
    lines = [
        "---",
        f"id: {ident}",
        f"title: {quote(title)}",
        f"type: {kind}",
        f"owner: {owner}  # the role that owns it: a role id from registers/roles.yml",
        f"approver: {approver}  # the role that approves it",
        'version: "0.1"',
        "status: draft  # draft -> in review -> approved (then add approved_on)",
        "review_every: 12  # months",
        "classification: internal  # public, internal or confidential: who may read it",
        'controls: []  # Annex A controls it implements, e.g. ["5.15", "8.2"]',
        f'clauses: [{listed}]  # ISO/IEC 27001 clauses it meets, e.g. ["7.5.1"]',
        "risks: []  # risks it treats, e.g. [R-001]",
        "history:",
        f'  - {{version: "0.1", date: {as_of.isoformat()}, author: {owner}, summary: First draft}}',
        "---",
        "",
        f"# {html.escape(title, quote=False)}",
        "",
        "## Purpose",
        "",
        f"{FILL} Why this {kind} exists and what it achieves.",
        "",
        "## Scope",
        "",
        f"{FILL} Who and what it applies to.",
        "",
        "## Requirements" if kind in ("policy", "standard", "guideline") else "## Steps",
        "",
        f"{FILL}",
        "",
    ]
    return "\n".join(lines)


# --- register entries ----------------------------------------------------------------------------


def _target_file(root: Path, register: str) -> Path:
    for name in (f"{register}.yml", f"{register}.yaml"):
        if (root / "registers" / name).is_file():
            return root / "registers" / name
    folder = root / "registers" / register
    if folder.is_dir():
        files = sorted(p for p in folder.rglob("*") if p.suffix in {".yml", ".yaml"} and p.is_file())
        if files:
            return files[-1]
    return root / "registers" / f"{register}.yml"


def _new_register_text(register: str, key: str, owner: str) -> str:
    return (
        f"# yaml-language-server: $schema=../plugins/isms/schemas/{register}.json\n"
        f'version: "0.1"\nowner: {owner}\nclassification: internal\n\n{key}:\n'
    )


def new_entry(root: Path, model: Model, kind: str, title: str, *, as_of: dt.date, options: dict[str, Any]) -> Created:
    """Append an entry of ``kind`` to the end of its register file, keeping the rest of the file as it is."""
    spec = catalogue.by_kind(kind)
    if spec is None or spec.template is None or spec.key is None:
        raise ScaffoldError(f"{kind!r} is not something isms new makes; use one of: {', '.join(kinds())}")
    register, key, template = spec.name, spec.key, spec.template
    if not title.strip():
        if spec.keyed:
            raise ScaffoldError(f"name the {spec.id_field} the {kind} record is about, e.g. isms new {kind} ciso")
        raise ScaffoldError(f'give the {kind} a title, e.g. isms new {kind} "Supplier outage"')
    path = _target_file(root, register)
    rel = path.relative_to(root).as_posix()
    owner = _register_owner(model, register)
    original = path.read_text(encoding="utf-8") if path.is_file() else _new_register_text(register, key, owner)
    try:
        data = yamlsafe.loads(original)
    except yamlsafe.YamlError as exc:
        raise ScaffoldError(f"{rel}:{exc.line}: {exc.message} — fix the file first (isms check shows it)") from None
    if not isinstance(data, yamlsafe.Mapping) or key not in data:
        raise ScaffoldError(f"{rel}: there is no '{key}:' list to add to — fix the file first (isms check shows it)")
    if list(data)[-1] != key:
        raise ScaffoldError(f"{rel}: '{key}:' is not the last key of the file — move it to the end, then run again")
    items = data[key]
    if items is not None and not isinstance(items, yamlsafe.Sequence):
        raise ScaffoldError(f"{rel}: '{key}' is not a list — fix the file first (isms check shows it)")
    lines = original.split("\n")
    indent = 2
    if items:
        first = lines[items.item_lines[0] - 1]
        indent = len(first) - len(first.lstrip(" "))
    else:  # `risks: []` or `risks:`: the entries will follow as a block list
        index = data.key_lines[key] - 1
        lines[index] = re.sub(rf"^{re.escape(key)}:\s*(\[\s*\])?", f"{key}:", lines[index])
    if spec.keyed:  # the entry is about what the title names (competence of a role): its template checks it
        ident = title
    else:
        existing = [spec.ident(entry) for entry in model.entries.get(register, ())]
        existing += sorted(model.unloaded.get(kind, set()))
        ident = next_numbered(existing, spec.id_prefix)
    fields = template.fields(Draft(model, ident, title, owner, as_of, options))
    text = "\n".join(lines).rstrip("\n") + "\n\n"
    start = text.count("\n") + 1
    pad = " " * indent
    block = []
    for position, (name, value, comment) in enumerate(fields):
        lead = f"{pad}- " if position == 0 else f"{pad}  "
        block.append(f"{lead}{name}: {value}" + (f"  # {comment}" if comment else ""))
    if template.note:
        block.insert(1, f"{pad}  # {template.note}")
    text += "\n".join(block) + "\n"
    try:
        written = yamlsafe.loads(text)[key]
        if str(written[-1][spec.id_field]) != ident:
            raise ScaffoldError(f"{rel}: the new entry would not land in '{key}:' — add it by hand")
    except (yamlsafe.YamlError, KeyError, TypeError, IndexError):
        raise ScaffoldError(f"{rel}: the new entry would not read back — add it by hand") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    steps = [f"replace every '{FILL}' in {rel} from line {start}"] if FILL in "".join(block) else []
    steps += template.steps
    steps.append("run `isms check`, then open a pull request")
    return Created(rel, ident, start, steps)


def new(
    root: Path, kind: str, title: str, *, as_of: dt.date, options: dict[str, Any] | None = None, docs_dir: str = "docs"
) -> Created:
    """Create a document or register entry of ``kind`` titled ``title`` in the repository at ``root``."""
    if kind not in kinds():
        raise ScaffoldError(f"{kind!r} is not something isms new makes; use one of: {', '.join(kinds())}")
    model, findings = load(root, docs_dir)
    _refuse_unusable(findings, "registers/roles.yml")
    if kind in DOCUMENT_PREFIXES:
        return new_document(root, model, kind, title.strip(), as_of=as_of, docs_dir=docs_dir)
    return new_entry(root, model, kind, title.strip(), as_of=as_of, options=options or {})


def _refuse_unusable(findings: list[Finding], path: str) -> None:
    for finding in findings:
        if finding.severity == "error" and finding.path == path:
            raise ScaffoldError(f"{finding.text()}\nfix {path} first: new entries need its roles")
