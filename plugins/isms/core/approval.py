"""What an approval covers: a document's or register file's content, less the record of its approval.

A pull request may re-approve a document (new ``version``, ``approved_on`` and ``history``), move its
review date or reflow its text without changing what was approved; anything else is a change that needs
a new approval (7.5.3). :func:`approvals` gives, for each controlled file, a digest of what its approval
covers, so two versions of the ISMS can be compared without keeping their text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isms.core import frontmatter, yamlsafe
from isms.core.repository import Model

DOCUMENT_APPROVAL = frozenset(
    {"version", "status", "approver", "approved_on", "review_every", "next_review", "history"}
)
"""Front-matter keys that record a document's approval and review rather than what was approved."""
HEADER_APPROVAL = frozenset({"version", "approved_by", "approved_on"})
"""Register header keys that record the file's approval."""


@dataclass(frozen=True)
class Approval:
    """One controlled file as approved: what it is, its approval record and a digest of what that covers."""

    kind: str  # 'document' or 'register'
    id: str  # the document id, or the register file's path
    path: str
    line: int  # line of 'version:', where a new approval is written
    approved: bool  # an approved document; a register file whose header records approved_by and approved_on
    version: str
    approved_on: str | None
    content: str  # sha256 of the content less the approval record; '' when the file cannot be read


def _plain(value: Any) -> Any:
    """YAML data with text keys, for the rare mapping whose keys are not all text (they sort together)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _digest(data: Any, body: str = "") -> str:
    # Whitespace in the body is not content: a reflowed paragraph or a trailing space needs no approval.
    content = [data, " ".join(body.split())]
    try:
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    except TypeError:  # keys of mixed types cannot be sorted
        text = json.dumps(_plain(content), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _without(data: Any, keys: frozenset[str]) -> Any:
    return {key: value for key, value in data.items() if key not in keys} if isinstance(data, dict) else data


_DIGESTS_KEPT = 10_000
_digests: dict[str, str] = {}  # a page's text -> its digest (the front matter is parsed from that same text)


def document_content(front: Any, text: str) -> str:
    """Digest of a controlled document less its approval record: its parsed front matter and its page text.

    ``front`` is parsed from ``text``, so the digest of the same text is kept for the next call in this
    process (``mkdocs serve`` makes model.json again whenever a page changes).
    """
    kept = _digests.get(text)
    if kept is not None:
        return kept
    _, body = frontmatter.split(frontmatter.lines(text))
    digest = _digest(_without(front, DOCUMENT_APPROVAL), body)
    if len(_digests) >= _DIGESTS_KEPT:
        _digests.clear()
    _digests[text] = digest
    return digest


_registers_kept = {"count": 0}  # as many as the loader keeps parsed files (load.keep_parsed): none in a build
_registers: dict[int, tuple[Any, str]] = {}  # id of parsed YAML -> (it, its digest): the loader reuses unchanged files'


def keep_registers(count: int) -> None:
    """Keep the digests of up to ``count`` parsed register files, with the data they are of (0: none)."""
    _registers_kept["count"] = count
    if len(_registers) > count:
        _registers.clear()


def register_content(data: Any) -> str:
    """Digest of a register file's parsed YAML less its header's approval keys (kept while the data lives)."""
    kept = _registers.get(id(data))
    if kept is not None and kept[0] is data:
        return kept[1]
    digest = _digest(_without(data, HEADER_APPROVAL))
    if _registers_kept["count"]:
        if len(_registers) >= _registers_kept["count"]:
            _registers.clear()
        _registers[id(data)] = (data, digest)
    return digest


def _read(root: Path, path: str) -> str | None:
    try:
        return yamlsafe.decode((root / path).read_bytes())
    except (OSError, yamlsafe.YamlError):
        return None


def approvals(model: Model) -> list[Approval]:
    """Every register file with a header and every controlled document of ``model`` (its page read from the root)."""
    found: list[Approval] = []
    for file in sorted(model.files, key=lambda f: f.path):
        header = file.header
        if header is None:
            continue
        found.append(
            Approval(
                "register",
                file.path,
                file.path,
                header.line("version"),
                header.approved_by is not None and header.approved_on is not None,
                header.version,
                header.approved_on.isoformat() if header.approved_on else None,
                file.content,
            )
        )
    for document in sorted(model.documents, key=lambda d: d.path):
        meta = document.meta
        text = _read(model.root, document.path)
        found.append(
            Approval(
                "document",
                document.id,
                document.path,
                meta.line("version"),
                meta.status == "approved",
                meta.version,
                meta.approved_on.isoformat() if meta.approved_on else None,
                document_content(meta.raw, text) if text is not None else "",
            )
        )
    return found
