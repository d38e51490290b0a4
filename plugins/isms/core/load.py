"""Read a repository's registers and documents into a :class:`~isms.core.repository.Model`, collecting findings.

Nothing here raises for bad input: every unusable file or entry becomes a finding and is left out,
so one run reports every problem at once.
"""

from __future__ import annotations

import difflib
import gc
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from isms.core import catalogue, frontmatter, yamlsafe
from isms.core.catalogue import SPECS, RegisterSpec
from isms.core.findings import Finding, error
from isms.core.models import registers as r
from isms.core.models.documents import FrontMatter
from isms.core.models.types import Entry
from isms.core.repository import Document, Model, RegisterFile
from isms.core.standard import Control, iso27001
from isms.core.validation import validate


def load(root: Path, docs_dir: str = "docs") -> tuple[Model, list[Finding]]:
    """Load the ISMS under ``root``: ``registers/*.yml`` and the front matter of ``docs/**/*.md``."""
    # Loading builds about a million containers and frees none of them: the cyclic garbage collector
    # would only rescan them again and again (a quarter of the time of a large check), so it rests.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(root, docs_dir)
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, docs_dir: str) -> tuple[Model, list[Finding]]:
    model = Model(root=root, catalogue=iso27001())
    findings: list[Finding] = []
    folder = root / "registers"
    findings += _unknown_register_files(root, folder)
    for spec in catalogue.registers():
        paths = _register_paths(folder, spec)
        if not paths:
            if spec.required:
                findings.append(
                    error(
                        spec.path,
                        0,
                        f"the {spec.name} register is missing",
                        f"create {spec.path} ({spec.summary}); see isms/reference/registers/ on the site",
                        rule="register-missing",
                    )
                )
            continue
        model.present.add(spec.name)
        for path in paths:
            findings += _load_register_file(model, root, path, spec)
    if model.org_controls:
        model.catalogue = model.catalogue.with_controls(
            [
                Control(c.id, c.title, c.theme or "", annex_a=False, description=c.description, framework=c.framework)
                for c in model.org_controls
            ]
        )
    findings += _load_documents(model, root, root / docs_dir)
    return model, findings


def _unknown_register_files(root: Path, registers: Path) -> list[Finding]:
    if not registers.is_dir():
        return []
    known = set(SPECS)
    findings = []
    for path in sorted(registers.iterdir()):
        stem = path.name if path.is_dir() else path.stem  # a dangling link is named like a file
        if path.name.startswith(".") or stem in known:
            continue
        if path.is_file() and path.suffix not in {".yml", ".yaml"}:
            continue
        close = difflib.get_close_matches(stem, sorted(known), n=1)
        hint = f"did you mean registers/{close[0]}.yml?" if close else "registers are: " + ", ".join(sorted(known))
        message = f"'{path.name}' is not a register this tool knows"
        findings.append(error(_rel(root, path), 0, message, hint, rule="register-unknown"))
    return findings


def _register_paths(registers: Path, spec: RegisterSpec) -> list[Path]:
    paths = [registers / f"{spec.name}.yml", registers / f"{spec.name}.yaml"]
    found = [path for path in paths if path.is_file()]
    folder = registers / spec.name
    if spec.key and folder.is_dir():
        found += sorted(p for p in folder.rglob("*") if p.suffix in {".yml", ".yaml"} and p.is_file())
    return found


def _read_yaml(root: Path, path: Path) -> tuple[Any, Finding | None]:
    rel = _rel(root, path)
    try:
        yamlsafe.check_size(path.stat().st_size)
        data = yamlsafe.loads(yamlsafe.decode(path.read_bytes()))
    except yamlsafe.YamlError as exc:
        return None, error(rel, exc.line, exc.message, exc.hint, rule="yaml")
    except OSError as exc:
        return None, error(rel, 0, f"cannot read the file: {exc.strerror}", rule="yaml")
    return data, None


def _load_register_file(model: Model, root: Path, path: Path, spec: RegisterSpec) -> list[Finding]:
    rel = _rel(root, path)
    data, problem = _read_yaml(root, path)
    if problem:
        _unreadable(model, spec)
        return [problem]
    if data is None:
        _unreadable(model, spec)
        return [
            error(
                rel,
                0,
                "the file is empty",
                f"a register starts with its header ({_header_keys()}); see isms/reference/registers/ on the site",
                rule="schema",
            )
        ]
    if not isinstance(data, yamlsafe.Mapping):
        _unreadable(model, spec)
        what = "a list" if isinstance(data, list) else "a single value"
        return [
            error(
                rel,
                getattr(data, "line", 1),
                f"the file holds {what} where a mapping belongs",
                f"start with the header ({_header_keys()})"
                + (f" and put the entries under '{spec.key}:'" if spec.key else ""),
                rule="schema",
            )
        ]
    if spec.key is None:
        whole, findings = validate(spec.model, data, rel, "")
        if whole is not None:
            model.singles[spec.name] = whole
            whole.locate(rel, data)
            model.files.append(RegisterFile(spec.name, rel, whole))  # type: ignore[arg-type]
        return findings
    header_data = yamlsafe.Mapping(data.line)
    for key, value in data.items():
        if key != spec.key:
            header_data[key] = value
            header_data.key_lines[key] = data.key_lines[key]
    header, findings = validate(r.Header, header_data, rel, "")
    findings = [_unknown_header_key(f, spec) for f in findings]
    if header is not None:
        header.locate(rel, header_data)
    model.files.append(RegisterFile(spec.name, rel, header))
    if spec.key not in data:
        _unreadable(model, spec)
        findings.append(
            error(
                rel,
                data.line,
                f"the entries key '{spec.key}:' is missing",
                f"list the {spec.name} under '{spec.key}:'",
                rule="schema",
            )
        )
        return findings
    items = data[spec.key]
    if items is None:
        return findings
    if not isinstance(items, yamlsafe.Sequence):
        _unreadable(model, spec)
        findings.append(
            error(
                rel,
                data.key_lines[spec.key],
                f"'{spec.key}' must be a list of entries",
                "start each entry with '- '",
                rule="schema",
            )
        )
        return findings
    entries = model.entries[spec.name]
    validate_entry = spec.model.model_validate
    for index, item in enumerate(items):
        if not isinstance(item, yamlsafe.Mapping):
            _unreadable(model, spec)  # an entry without a readable id: anything may refer to it
            findings.append(
                error(
                    rel,
                    items.item_lines[index],
                    f"{spec.key}[{index}]: an entry must be a mapping of 'key: value' lines",
                    rule="schema",
                )
            )
            continue
        entry: Entry | None
        try:
            entry = validate_entry(item)
        except ValidationError:  # the slow path turns the error into findings
            entry, problems = validate(spec.model, item, rel, f"{spec.key}[{index}]")
            findings += problems
            if entry is None:
                if spec.kind:
                    model.failed(spec.kind, item.get(spec.id_field))
                continue
        entry.locate(rel, item)
        entries.append(entry)
    return findings


def _unreadable(model: Model, spec: RegisterSpec) -> None:
    if spec.kind:
        model.unreadable.add(spec.kind)


_ID_LINE = re.compile(r"^id:[ \t]*(\S+)[ \t]*$", re.MULTILINE)


def _unknown_header_key(finding: Finding, spec: RegisterSpec) -> Finding:
    if "unknown key" in finding.message and spec.key:
        return Finding(
            finding.severity,
            finding.path,
            finding.line,
            finding.message,
            f"a register file has its header ({_header_keys()}) and its entries under '{spec.key}:'",
            finding.rule,
        )
    return finding


def _header_keys() -> str:
    return ", ".join(r.Header.model_fields)


def _load_documents(model: Model, root: Path, docs: Path) -> list[Finding]:
    findings: list[Finding] = []
    if not docs.is_dir():
        hint = "create docs/ with the ISMS documents"
        return [error(_rel(root, docs), 0, "the docs folder is missing", hint, rule="docs-missing")]
    for path in sorted(p for p in docs.rglob("*.md") if p.is_file()):  # a folder may be named x.md
        rel = _rel(root, path)
        try:
            text = yamlsafe.decode(path.read_bytes())
        except yamlsafe.YamlError as exc:
            findings.append(error(rel, exc.line, exc.message, exc.hint, rule="yaml"))
            continue
        except OSError as exc:
            findings.append(error(rel, 0, f"cannot read the file: {exc.strerror}", rule="yaml"))
            continue
        front, _ = frontmatter.split(text.replace("\r\n", "\n"))
        if front is None:
            continue
        try:
            data = yamlsafe.loads(front, line_offset=1)
        except yamlsafe.YamlError as exc:
            findings.append(error(rel, exc.line, f"front matter: {exc.message}", exc.hint, rule="yaml"))
            written = _ID_LINE.search(front)
            if written:
                model.failed("document", written.group(1).strip("'\""))
            continue
        if not isinstance(data, yamlsafe.Mapping) or "id" not in data:
            continue  # an ordinary page
        meta, problems = validate(FrontMatter, data, rel, "front matter")
        findings += problems
        if meta is None:
            model.failed("document", data.get("id"))
        if meta is not None:
            meta.locate(rel, data)
            model.documents.append(Document(rel, path.relative_to(docs).as_posix(), meta))
    return findings


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
