"""What a published site says about itself: its export stamp and its changes since the previous version.

Called by the MkDocs plugin once per build; plain functions over the checked repository and git.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from isms.core import gitinfo
from isms.core.findings import Finding
from isms.core.pipeline import Result
from isms.exports.diff import Change, DiffError, Report, Side, compare, model_of_ref
from isms.exports.stamp import Stamp, repository_stamp


def stamp_for(result: Result, root: Path, snapshot: dict[str, Any] | None) -> Stamp:
    """The snapshot's version and commit when building one, else the working tree's."""
    organisation = result.model.isms.organisation.name if result.model.isms else ""
    if snapshot:
        return Stamp(organisation, str(snapshot.get("version", "")), str(snapshot.get("commit", "")), result.as_of)
    return repository_stamp(organisation, result.as_of, root)


def changes_for(
    root: Path, result: Result, stamp: Stamp, compare_to: str | None, report_file: str | None
) -> Report | str:
    """The changes since ``compare_to`` (default: the newest ``v*`` tag before HEAD), or why there are none."""
    if report_file:
        return _read_report(Path(report_file))
    if not gitinfo.is_repository(root):
        return "This site was not built from a git repository, so there is no previous version to compare with."
    ref = compare_to or gitinfo.previous_tag(root, "v*")
    if ref is None:
        return "No previous version has been released yet (no tag v* before this commit)."
    from isms.exports.model import model_json  # noqa: PLC0415

    try:
        old = model_of_ref(root, ref)
    except DiffError as exc:
        return f"The previous version could not be read: {exc}"
    new = json.loads(model_json(result.model, result.derived, result.facts, stamp))
    return compare(old, new, ref, stamp.version)


def _read_report(path: Path) -> Report | str:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if "message" in data:
            return str(data["message"])
        changes = {
            name: [Change(**change) for change in data[name]] for name in ("documents", "soa", "risks", "treatments")
        }
        findings = [Finding(**finding) for finding in data.get("findings", [])]
        return Report(Side(**data["old"]), Side(**data["new"]), findings=findings, **changes)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"The change report {path} could not be read ({exc})."
