"""Read a repository's registers and documents into a :class:`~isms.core.repository.Model`, collecting findings.

Nothing here raises for bad input: every unusable file or entry becomes a finding and is left out,
so one run reports every problem at once.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
import re
from collections import OrderedDict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from isms.core import approval, catalogue, frontmatter, kept, yamlsafe
from isms.core.catalogue import SPECS, RegisterSpec
from isms.core.findings import Finding, error
from isms.core.models import registers as r
from isms.core.models.documents import DOCUMENT_FIELDS, FrontMatter, PageMeta
from isms.core.models.types import Entry
from isms.core.repository import Document, Model, PageFile, RegisterFile, readable_id
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
    links = _tree(root, folder)[1] if folder.is_dir() else []
    refused = {finding.path for finding in links}
    findings += links
    found = {spec.name: _register_paths(folder, spec) for spec in catalogue.registers()}
    unknown, misnamed = _unknown_register_files(root, folder, {name for name, paths in found.items() if not paths})
    findings += unknown
    for spec in catalogue.registers():
        paths = found[spec.name]
        linked = bool(refused & {f"registers/{spec.name}.yml", f"registers/{spec.name}.yaml"})
        if linked or spec.name in misnamed:
            _unreadable(model, spec)  # its link or file name has the finding: what refers to it is not reported again
        if not paths:
            if spec.required and not linked and spec.name not in misnamed:
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


def _unknown_register_files(root: Path, registers: Path, absent: set[str]) -> tuple[list[Finding], set[str]]:
    """A finding per file under registers/ that is no register, and the ``absent`` registers they misname.

    A misnamed register (``risk.yml`` for ``risks.yml``) is one mistake: the file's finding says so, and the
    register counts as there but unreadable, so neither its absence nor any reference to it is reported again.
    """
    if not registers.is_dir():
        return [], set()
    known = set(SPECS)
    findings = []
    misnamed: set[str] = set()
    for path in sorted(registers.iterdir()):
        stem = path.name if path.is_dir() else path.stem  # a dangling link is named like a file
        if path.name.startswith(".") or stem in known or not inside(root, path):
            continue  # a link leaving the repository has its own finding
        if path.is_file() and path.suffix not in {".yml", ".yaml"}:
            continue
        close = difflib.get_close_matches(stem, sorted(known), n=1)
        hint = f"did you mean registers/{close[0]}.yml?" if close else "registers are: " + ", ".join(sorted(known))
        if close and close[0] in absent:
            misnamed.add(close[0])
            hint += f" rename it: the {close[0]} register has no file of its own"
        message = f"'{path.name}' is not a register this tool knows"
        findings.append(error(_rel(root, path), 0, message, hint, rule="register-unknown"))
    return findings, misnamed


def _register_paths(registers: Path, spec: RegisterSpec) -> list[Path]:
    paths = [registers / f"{spec.name}.yml", registers / f"{spec.name}.yaml"]
    found = [path for path in paths if path.is_file()]
    folder = registers / spec.name
    if spec.key and folder.is_dir():
        found += sorted(p for p in folder.rglob("*") if p.suffix in {".yml", ".yaml"} and p.is_file())
    # A link leaving the repository is reported by the walk of registers/ and never read.
    return [path for path in found if inside(registers.parent, path)]


SERVE_KEPT = 256
"""Register files whose parsed YAML ``mkdocs serve`` keeps between saves (it loads the model on every save)."""
_kept = {"parsed": 0}  # none in a build or a check: the parsed YAML goes as soon as the model is made
_parsed: OrderedDict[str, tuple[bytes, Any, str]] = OrderedDict()  # path -> (digest of its bytes, parsed data, text)


def keep_parsed(count: int) -> None:
    """Keep the parsed YAML of up to ``count`` register files (and their approval digests), and what loading
    them and the pages without a finding added to the model, for the next load in this process; 0 keeps none.
    ``mkdocs serve`` asks for :data:`SERVE_KEPT`, a build or check for none."""
    _kept["parsed"] = count
    approval.keep_registers(count)
    while len(_parsed) > count:
        _parsed.popitem(last=False)
    kept.trim(count)


@dataclass
class _Read:
    """A register file as read: its parsed YAML or the finding why it cannot be read, the digest of its bytes,
    and when it was parsed from the last version kept by its one changed entry, that entry and that version."""

    data: Any = None
    problem: Finding | None = None
    digest: bytes | None = None
    changed: int | None = None  # the index of the only entry that differs from the last version's
    last: bytes | None = None  # the digest of that version


def _read_yaml(root: Path, path: Path, key: str | None = None) -> _Read:
    rel = _rel(root, path)
    read = _Read()
    try:
        yamlsafe.check_size(path.stat().st_size)
        raw = path.read_bytes()
        read.digest = hashlib.blake2b(raw, digest_size=16).digest()
        last = _parsed.get(str(path))
        if last is not None and last[0] == read.digest:
            _parsed.move_to_end(str(path))
            read.data = last[1]  # nothing that loads a model changes what it parsed
            return read
        text = yamlsafe.decode(raw)
        respliced = yamlsafe.loads_changed(last[2], last[1], key, text) if last is not None and key else None
        if respliced is not None:
            assert last is not None
            read.data, read.changed, read.last = respliced.data, respliced.index, last[0]
        else:
            read.data = yamlsafe.loads(text)
        if _kept["parsed"]:
            _parsed[str(path)] = (read.digest, read.data, text)
            _parsed.move_to_end(str(path))
            if len(_parsed) > _kept["parsed"]:
                _parsed.popitem(last=False)
    except yamlsafe.YamlError as exc:
        read.problem = error(rel, exc.line, exc.message, exc.hint, rule="yaml")
    except OSError as exc:
        read.problem = error(rel, 0, f"cannot read the file: {exc.strerror}", rule="yaml")
    return read


def _load_register_file(model: Model, root: Path, path: Path, spec: RegisterSpec) -> list[Finding]:
    read = _read_yaml(root, path, spec.key)
    register = spec.name if spec.key is not None else None
    clean = kept.clean_of(path, spec.name, read.digest) or _one_entry_changed(root, path, spec, read)
    if clean is not None:
        clean.add_to(model, register)
        kept.keep_clean(path, spec.name, read.digest, clean)
        return []
    before = kept.sizes(model, register)
    findings = _register_file(model, root, path, spec, data=read.data, problem=read.problem)
    if not findings and kept.sizes(model, register)[-1] == before[-1]:
        kept.keep_clean(
            path, spec.name, read.digest, kept.added(model, register, before, "" if register else spec.name)
        )
    return findings


def _one_entry_changed(root: Path, path: Path, spec: RegisterSpec, read: _Read) -> kept.Clean | None:
    """The last version's entries with the one that changed validated again, when the last version loaded
    without a finding and the changed entry is valid; None otherwise (the file is loaded in full)."""
    last_load = kept.last_of(path, spec.name)
    if read.changed is None or last_load is None or last_load[0] != read.last or spec.key is None:
        return None
    last = last_load[1]
    items = read.data[spec.key]
    if len(last.entries) != len(items) or len(last.files) != 1:
        return None
    try:
        entry = spec.model.model_validate(items[read.changed])
    except ValidationError:
        return None  # the slow path turns the error into findings
    rel = _rel(root, path)
    entry.locate_lazily(rel, yamlsafe.Reread(str(path), spec.key), read.changed, items.item_lines[read.changed])
    entries = list(last.entries)
    entries[read.changed] = entry
    header = last.files[0]
    return kept.Clean(entries, [RegisterFile(spec.name, rel, header.header, approval.register_content(read.data))])


def _register_file(
    model: Model, root: Path, path: Path, spec: RegisterSpec, *, data: Any, problem: Finding | None
) -> list[Finding]:
    rel = _rel(root, path)
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
        if whole is None:
            _unreadable(model, spec)
        else:
            model.singles[spec.name] = whole
            whole.locate(rel, data)
            model.files.append(RegisterFile(spec.name, rel, whole, approval.register_content(data)))  # type: ignore[arg-type]
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
    model.files.append(RegisterFile(spec.name, rel, header, approval.register_content(data)))
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
    source = yamlsafe.Reread(str(path), spec.key)
    shared: dict[frozenset[str], set[str]] = {}
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
        except ValidationError as exc:  # the slow path turns the error into findings
            ident = _usable_id(item, spec, exc)
            named = f"{spec.noun} {ident}" if ident is not None else ""
            entry, problems = validate(spec.model, item, rel, f"{spec.key}[{index}]", label=named)
            findings += problems
            if entry is None:
                model.failed(spec.refs_key, ident, spec.model, item)  # without a usable id, anything may have meant it
                continue
        entry.locate_lazily(rel, source, index, item.line)
        entry.share_fields_set(shared)
        entries.append(entry)
    return findings


def _usable_id(item: yamlsafe.Mapping, spec: RegisterSpec, exc: ValidationError) -> str | None:
    """The id of an entry that failed validation, when its id is not itself at fault: messages name the
    entry by it, and references to it are not reported again."""
    if any(error["loc"][:1] == (spec.id_field,) for error in exc.errors()):
        return None
    return readable_id(item.get(spec.id_field))


def _unreadable(model: Model, spec: RegisterSpec) -> None:
    model.unreadable.add(spec.refs_key)


_ID_LINE = re.compile(r"^(?:-[ \t]+)?id:[ \t]*(\S+)[ \t]*$", re.MULTILINE)  # also as a list item


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
    """Every file MkDocs would build as a page is loaded (and later filtered by audience) or refused."""
    if not docs.is_dir():
        hint = "create docs/ with the ISMS documents"
        return [error(_rel(root, docs), 0, "the docs folder is missing", hint, rule="docs-missing")]
    paths, findings = _tree(root, docs)
    for path in paths:
        rel = _rel(root, path)
        if frontmatter.looks_like_page(path.name):
            # MkDocs builds only the exact lower-case extensions as pages and copies this one as it is,
            # front matter and all, into every build: no audience filter could hold it back.
            stem, suffix = path.name[: -len(path.suffix)], path.suffix
            findings.append(
                error(
                    rel,
                    0,
                    f"MkDocs does not build '{suffix}' files as pages: "
                    "it would copy this one as it is into every build",
                    f"rename it to {stem}{suffix.lower()}",
                    rule="page-name",
                )
            )
            continue
        if frontmatter.is_page(path.name):
            findings += _load_page(model, root, docs, path)
    return findings


def _load_page(model: Model, root: Path, docs: Path, path: Path) -> list[Finding]:
    """One page: a controlled document when its front matter has an ``id``, else an ordinary page."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        model.pages.append(PageFile(_rel(root, path), path.relative_to(docs).as_posix(), "confidential"))
        return [error(_rel(root, path), 0, f"cannot read the file: {exc.strerror}", rule="yaml")]
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    clean = kept.clean_of(path, "", digest)
    if clean is not None:
        clean.add_to(model, None)
        return []
    before = kept.sizes(model, None)
    problems = _page(model, root, docs, path, raw)
    if not problems and kept.sizes(model, None)[-1] == before[-1]:
        kept.keep_clean(path, "", digest, kept.added(model, None, before))
    return problems


def _page(model: Model, root: Path, docs: Path, path: Path, raw: bytes) -> list[Finding]:
    rel = _rel(root, path)
    src_uri = path.relative_to(docs).as_posix()
    # Until the page is known to be readable by fewer, nobody but auditors may see it.
    unreadable = PageFile(rel, src_uri, "confidential")
    try:
        text = frontmatter.lines(yamlsafe.decode(raw))
    except yamlsafe.YamlError as exc:
        model.pages.append(unreadable)
        return [error(rel, exc.line, exc.message, exc.hint, rule="yaml")]
    front, body = frontmatter.split(text)
    if front is None:
        return _ordinary_page(model, rel, src_uri, body)
    try:
        data = yamlsafe.loads(front, line_offset=1)
    except yamlsafe.YamlError as exc:
        model.pages.append(unreadable)
        written = _ID_LINE.search(front)
        if written:
            model.failed("document", written.group(1).strip("'\""))
        return [error(rel, exc.line, f"front matter: {exc.message}", exc.hint, rule="yaml")]
    if data is None:
        model.pages.append(PageFile(rel, src_uri, "internal"))  # empty front matter: nothing declared
        return []
    if not isinstance(data, yamlsafe.Mapping):
        # MkDocs ignores such front matter: a controlled document would silently stop being one.
        model.pages.append(unreadable)
        written = _ID_LINE.search(front)
        if written:
            model.failed("document", written.group(1).strip("'\""))
        what = "a list" if isinstance(data, list) else "a single value"
        return [
            error(
                rel,
                getattr(data, "line", 2),
                f"front matter: it holds {what} where a mapping belongs",
                "write one 'key: value' line per field, without '- ' in front",
                rule="schema",
            )
        ]
    if "id" not in data:
        return _page_classification(model, rel, src_uri, data)
    meta, problems = validate(FrontMatter, data, rel, "front matter")
    if meta is None:
        model.failed("document", data.get("id"), FrontMatter, data)
        model.pages.append(unreadable)
        return problems
    meta.locate(rel, data)
    model.documents.append(Document(rel, src_uri, meta))
    return problems


def _page_classification(model: Model, rel: str, src_uri: str, data: yamlsafe.Mapping) -> list[Finding]:
    """An ordinary page with front matter: its classification (internal unless it says otherwise) is checked."""
    declared = yamlsafe.Mapping(data.line)
    if "classification" in data:
        declared["classification"] = data["classification"]
        declared.key_lines["classification"] = data.key_lines["classification"]
    meta, problems = validate(PageMeta, declared, rel, "front matter")
    fields = tuple((key, data.key_lines.get(key, data.line)) for key in DOCUMENT_FIELDS if key in data)
    model.pages.append(PageFile(rel, src_uri, meta.classification if meta is not None else "confidential", fields))
    return problems


def _ordinary_page(model: Model, rel: str, src_uri: str, text: str) -> list[Finding]:
    """A page without front matter: MkDocs still reads ``key: value`` lines at its top as metadata."""
    written = frontmatter.multimarkdown(text).get("classification")
    if written is None:
        model.pages.append(PageFile(rel, src_uri, "internal"))
        return []
    value, line = written
    declared = yamlsafe.Mapping(line)
    declared["classification"] = value
    declared.key_lines["classification"] = line
    meta, problems = validate(PageMeta, declared, rel, "metadata")
    model.pages.append(PageFile(rel, src_uri, meta.classification if meta is not None else "confidential"))
    return problems


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every symbolic link followed, exists inside ``root``."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return False
    return target.is_relative_to(root.resolve())


def _tree(root: Path, top: Path) -> tuple[list[Path], list[Finding]]:
    """Every file under ``top`` as MkDocs walks it (following links), and a finding per link refused.

    MkDocs copies what a link points to into the site; one that leaves the repository would bring in
    files nobody reviewed (a key, /etc/passwd), so it is refused and not followed. A link back to a
    folder above it would make MkDocs walk without end: refused too.
    """
    files: list[Path] = []
    findings: list[Finding] = []
    # One finding per link, though a folder linked in twice shows it under two paths: the first in order.
    refused: dict[Path, Finding] = {}
    folders: deque[tuple[Path, frozenset[Path]]] = deque([(top, frozenset())])  # breadth first: shortest path
    while folders:
        folder, above = folders.popleft()
        above = above | {folder.resolve()}
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            findings.append(error(_rel(root, folder), 0, f"cannot read the folder: {exc.strerror}", rule="yaml"))
            continue
        for entry in entries:
            path = Path(entry.path)
            link = entry.is_symlink()
            if link and not inside(root, path):
                refused.setdefault(_real(path), _link(root, path, "points outside the repository or to nothing"))
            elif entry.is_dir():
                target = path.resolve()
                if link and any(folder.is_relative_to(target) for folder in above):
                    refused.setdefault(_real(path), _link(root, path, "leads back to a folder it is in"))
                elif target not in above:
                    folders.append((path, above))
            elif entry.is_file():
                files.append(path)
    return sorted(files), sorted(findings + list(refused.values()), key=lambda finding: finding.path)


def _real(link: Path) -> Path:
    """Where a link itself is, with the links above it followed."""
    return link.parent.resolve() / link.name


def _link(root: Path, path: Path, why: str) -> Finding:
    return error(
        _rel(root, path),
        0,
        f"the symbolic link {why} ({os.readlink(path)})",
        "nothing outside the repository enters a build: copy the file in, or remove the link",
        rule="symlink",
    )


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
