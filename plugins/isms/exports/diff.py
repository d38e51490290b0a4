"""What changed between two versions of the ISMS: documents, SoA rows, risks and treatments.

It also finds what changed without a new approval (rule ``unapproved-change``, 7.5.3): a document or
register file approved on both sides whose content differs, but whose version or approval date does not.

Both sides are read as the model export (:mod:`isms.exports.model`): from a git ref (its files exported
and checked as of its commit date) or from a snapshot archive (its ``isms/exports/model.json``). The
report is plain data, rendered as Markdown for a pull-request comment or as JSON; the site's changes page
renders the same data as HTML.
"""

from __future__ import annotations

import dataclasses
import json
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from isms.core import gitinfo
from isms.core.audience import Restricted
from isms.core.facts import TREATMENT_CLOSED
from isms.core.findings import Finding, error

MODEL_IN_ARCHIVE = "isms/exports/model.json"


class DiffError(Exception):
    """A side cannot be read (not a ref, not a snapshot, an ISMS with errors); the message says why."""


@dataclass(frozen=True)
class Side:
    label: str  # the ref or archive name as given
    version: str
    commit: str
    as_of: str


@dataclass(frozen=True)
class Change:
    change: str  # added, removed, re-versioned, re-approved, applicability, status, closed, level, completed, overdue
    id: str
    title: str = ""
    old: str | None = None
    new: str | None = None


@dataclass
class Report:
    old: Side
    new: Side
    documents: list[Change] = field(default_factory=list)
    soa: list[Change] = field(default_factory=list)
    risks: list[Change] = field(default_factory=list)
    treatments: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # changes made without a new approval

    @property
    def empty(self) -> bool:
        return not (self.documents or self.soa or self.risks or self.treatments or self.findings)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- reading a side --------------------------------------------------------------------------------


def model_of_ref(root: Path, ref: str) -> dict[str, Any]:
    """The model export of the commit ``ref`` names, checked as of its commit date."""
    from isms.core.pipeline import check_repository  # noqa: PLC0415
    from isms.exports.model import model_json  # noqa: PLC0415 - keeps 'isms diff A.tar.gz B.tar.gz' light
    from isms.exports.stamp import Stamp  # noqa: PLC0415

    if not gitinfo.installed():
        raise DiffError(f"git is not installed (not found on PATH), so {ref!r} cannot be read — install git")
    if not gitinfo.is_repository(root):
        raise DiffError(f"{root} is not a git repository; compare two snapshot archives (.tar.gz) instead")
    try:
        commit = gitinfo.resolve(root, ref)
        as_of = gitinfo.commit_date(root, commit)
        version = gitinfo.tag_at(root, commit) or ref
        with tempfile.TemporaryDirectory(prefix="isms-diff-") as temp:
            tree = Path(temp)
            gitinfo.export(root, commit, tree)
            prefix = _subfolder(root)
            source = tree / prefix if prefix else tree
            if not (source / "registers").is_dir():
                raise DiffError(f"{ref}: commit {commit[:12]} has no registers/ folder")
            result = check_repository(source, as_of)
            if result.errors:
                first = result.errors[0].text()
                raise DiffError(f"{ref}: the ISMS at {commit[:12]} has {len(result.errors)} error(s), first: {first}")
            organisation = result.model.isms.organisation.name if result.model.isms else ""
            data: dict[str, Any] = json.loads(
                model_json(result.model, result.derived, result.facts, Stamp(organisation, version, commit, as_of))
            )
            return data
    except gitinfo.GitError as exc:
        raise DiffError(str(exc)) from None


def _subfolder(root: Path) -> str:
    """Where ``root`` sits inside its git work tree ('' at the top)."""
    top = gitinfo.toplevel(root).resolve()
    relative = root.resolve().relative_to(top).as_posix()
    return "" if relative == "." else relative


def model_of_archive(path: Path) -> dict[str, Any]:
    """The model export inside a snapshot archive written by ``isms snapshot``."""
    found: Any = None
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive.getmembers():
                parts = member.name.split("/", 1)
                if len(parts) == 2 and parts[1] == MODEL_IN_ARCHIVE and member.isfile():
                    handle = archive.extractfile(member)
                    if handle is not None:
                        found = json.loads(handle.read().decode("utf-8"))
                        break
    except (OSError, tarfile.TarError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiffError(f"{path}: not a readable snapshot archive ({exc})") from None
    else:
        if found is not None:
            problem = _shape_problem(found)
            if problem:
                raise DiffError(f"{path}: {MODEL_IN_ARCHIVE} is not a model export made by isms ({problem})")
            return found
    raise DiffError(f"{path}: no {MODEL_IN_ARCHIVE} inside — is it an archive made by 'isms snapshot'?")


# What :func:`compare` reads of each list in a model export, and the fields each item must have. An archive
# is outside input (anyone can hand one over), so its shape is checked before comparing, not assumed.
_SHAPE: dict[str, tuple[str, ...]] = {
    "documents": ("front_matter",),
    "soa": ("control",),
    "risks": ("id", "title"),
    "risk_levels": ("risk",),
    "treatments": ("id", "action"),
    "deadlines": ("id",),
    "approvals": ("kind", "id", "path", "line", "approved", "version", "content"),
}
_FRONT_MATTER = ("id", "title", "version")


def _item_problem(where: str, item: Any, keys: tuple[str, ...]) -> str | None:
    if not isinstance(item, dict):
        return f"{where} is not an object"
    missing = [key for key in keys if key not in item]
    return f"{where} has no {missing[0]!r}" if missing else None


def _shape_problem(data: Any) -> str | None:
    """What makes ``data`` unusable as a model export for :func:`compare`; None when it is usable."""
    if not isinstance(data, dict):
        return "not a JSON object"
    if not isinstance(data.get("stamp", {}), dict):
        return "'stamp' is not an object"
    for name, keys in _SHAPE.items():
        items = data.get(name, [])
        if not isinstance(items, list):
            return f"{name!r} is not a list"
        for index, item in enumerate(items):
            problem = _item_problem(f"{name}[{index}]", item, keys)
            if problem is None and name == "documents":
                front = item["front_matter"]
                problem = _item_problem(f"{name}[{index}].front_matter", front, _FRONT_MATTER)
                if problem is None and not isinstance(front["id"], str):
                    problem = f"{name}[{index}].front_matter.id is not text"
            if problem is None and name == "approvals":
                problem = _approval_problem(f"{name}[{index}]", item)
            if problem:
                return problem
    return None


def _approval_problem(where: str, item: dict[str, Any]) -> str | None:
    if not isinstance(item["line"], int) or isinstance(item["line"], bool):
        return f"{where}.line is not a number"
    text = ("kind", "id", "path", "version", "content")
    wrong = [key for key in text if not isinstance(item[key], str)]
    return f"{where}.{wrong[0]} is not text" if wrong else None


def read_side(root: Path, what: str) -> dict[str, Any]:
    """A git ref, or a snapshot archive when ``what`` names an existing ``.tar.gz`` file."""
    path = Path(what)
    if what.endswith((".tar.gz", ".tgz")) or path.is_file():
        if not path.is_file():
            raise DiffError(f"{what}: no such snapshot archive")
        return model_of_archive(path)
    return model_of_ref(root, what)


# --- comparing ---------------------------------------------------------------------------------------


def _side(label: str, data: dict[str, Any]) -> Side:
    stamp = data.get("stamp", {})
    return Side(label, str(stamp.get("version", "")), str(stamp.get("commit", "")), str(stamp.get("as_of", "")))


def _by(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for item in items:
        table.setdefault(str(item[key]), item)
    return table


def _overdue_treatments(data: dict[str, Any]) -> set[str]:
    """Ids of the treatments the export's facts judge overdue as of its own as-of date."""
    if "deadlines" in data:
        return {d["id"] for d in data["deadlines"] if d.get("rule") == "treatment-overdue" and d.get("overdue")}
    # An archive made before exports carried their deadlines: judge its treatments the way it did then.
    as_of = str(data.get("stamp", {}).get("as_of", ""))
    return {
        str(t["id"])
        for t in data.get("treatments", [])
        if t.get("status") not in TREATMENT_CLOSED and str(t.get("due", "9999")) < as_of
    }


def compare(old: dict[str, Any], new: dict[str, Any], old_label: str = "old", new_label: str = "new") -> Report:
    """Every change between two model exports, in id order within each kind."""
    report = Report(_side(old_label, old), _side(new_label, new))

    old_docs = {d["front_matter"]["id"]: d["front_matter"] for d in old.get("documents", [])}
    new_docs = {d["front_matter"]["id"]: d["front_matter"] for d in new.get("documents", [])}
    for ident in sorted(old_docs.keys() | new_docs.keys()):
        before, after = old_docs.get(ident), new_docs.get(ident)
        if before is None and after is not None:
            report.documents.append(Change("added", ident, after["title"], None, after["version"]))
        elif after is None and before is not None:
            report.documents.append(Change("removed", ident, before["title"], before["version"], None))
        elif before is not None and after is not None:
            if before["version"] != after["version"]:
                report.documents.append(
                    Change("re-versioned", ident, after["title"], before["version"], after["version"])
                )
            elif before.get("approved_on") != after.get("approved_on"):
                report.documents.append(
                    Change("re-approved", ident, after["title"], before.get("approved_on"), after.get("approved_on"))
                )

    old_soa, new_soa = _by(old.get("soa", []), "control"), _by(new.get("soa", []), "control")
    for control in sorted(old_soa.keys() | new_soa.keys(), key=_control_key):
        before, after = old_soa.get(control, {}), new_soa.get(control, {})
        was, now = _applicability(before), _applicability(after)
        if was != now:
            report.soa.append(Change("applicability", control, "", was, now))
        if before.get("status") != after.get("status") and before.get("applicable", True) and after.get("applicable"):
            report.soa.append(Change("status", control, "", before.get("status"), after.get("status")))

    old_risks, new_risks = _by(old.get("risks", []), "id"), _by(new.get("risks", []), "id")
    old_levels, new_levels = _by(old.get("risk_levels", []), "risk"), _by(new.get("risk_levels", []), "risk")
    for ident in sorted(old_risks.keys() | new_risks.keys()):
        before, after = old_risks.get(ident), new_risks.get(ident)
        if before is None and after is not None:
            report.risks.append(Change("added", ident, after["title"], None, after.get("status", "open")))
            continue
        if after is None and before is not None:
            report.risks.append(Change("removed", ident, before["title"], before.get("status", "open"), None))
            continue
        if before is None or after is None:
            continue
        if after.get("status") == "closed" and before.get("status") != "closed":
            report.risks.append(Change("closed", ident, after["title"], before.get("status"), "closed"))
        for stage in ("inherent", "residual"):
            was, now = _level(old_levels.get(ident), stage), _level(new_levels.get(ident), stage)
            if was != now:
                report.risks.append(Change(f"{stage} level", ident, after["title"], was, now))

    old_plan, new_plan = _by(old.get("treatments", []), "id"), _by(new.get("treatments", []), "id")
    was_overdue, now_overdue = _overdue_treatments(old), _overdue_treatments(new)
    for ident in sorted(new_plan):
        after = new_plan[ident]
        before = old_plan.get(ident)
        if after.get("status") == "done" and (before is None or before.get("status") != "done"):
            report.treatments.append(
                Change("completed", ident, after["action"], before.get("status") if before else None, "done")
            )
        elif ident in now_overdue and not (before is not None and ident in was_overdue):
            report.treatments.append(Change("overdue", ident, after["action"], None, f"due {after.get('due')}"))
    report.findings = unapproved_changes(old, new)
    return report


UNAPPROVED = "unapproved-change"
UNAPPROVED_SUMMARY = (
    "A document or register file approved in both versions whose content changed without a new `version` and a"
    " later `approved_on` (7.5.3). What an approval covers is the file less its approval record: a document's"
    " front matter less `version`, `status`, `approver`, `approved_on`, `review_every`, `next_review` and"
    " `history`, and its text with whitespace collapsed; a register file's data (not its comments or layout) less"
    " `version`, `approved_by` and `approved_on`. A new file is not judged, nor one not approved in both versions"
    " (keep `status: in review` while a change awaits approval)."
)
"""What the reference of checks says of ``unapproved-change``."""


def unapproved_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Finding]:
    """Documents and register files approved on both sides whose content changed without a new approval.

    A new version and a later approval date make a new approval; a file new on one side, one that is not
    approved on both, and one an old export holds no digest of, are not judged.
    """
    before_all = {(a["kind"], a["id"]): a for a in old.get("approvals", [])}
    found: list[Finding] = []
    for after in new.get("approvals", []):
        before = before_all.get((after["kind"], after["id"]))
        if before is None or not (before["approved"] and after["approved"]):
            continue
        if not before["content"] or not after["content"] or before["content"] == after["content"]:
            continue
        new_version = after["version"] != before["version"]
        new_date = str(after.get("approved_on") or "") > str(before.get("approved_on") or "")
        if not (new_version and new_date):
            found.append(_unapproved(before, after, new_version, new_date))
    return sorted(found, key=Finding.sort_key)


def _unapproved(before: dict[str, Any], after: dict[str, Any], new_version: bool, new_date: bool) -> Finding:
    document = after["kind"] == "document"
    name = f"document {after['id']}" if document else str(after["path"])
    version, approved_on, now = before["version"], before.get("approved_on"), after["version"]
    if new_version:
        message = f"{name}: changed and given version {now} without a new approval date (last approved {approved_on})"
        hint = f"set 'approved_on' to the day version {now} is approved"
        hint += ", or status: in review until it is" if document else ", and 'approved_by' to who approved it"
    elif new_date:
        message = (
            f"{name}: changed and approved again on {after.get('approved_on')}, but its version is still {version}"
        )
        hint = f"raise 'version', so that this approval is told apart from that of version {version}"
        hint += ", and add a history entry" if document else ""
    else:
        message = (
            f"{name}: changed since version {version} (approved {approved_on}) without a new version and approval date"
        )
        if document:
            hint = "raise 'version', set 'approved_on' to the day the change is approved and add a history entry,"
            hint += " or set status: in review until it is"
        else:
            hint = "raise 'version' and record the new approval in 'approved_by' and 'approved_on'"
    hint += " (7.5.3)"
    return error(str(after["path"]), int(after["line"]), message, hint, UNAPPROVED)


def _applicability(entry: dict[str, Any]) -> str | None:
    if not entry:
        return None
    return "applicable" if entry.get("applicable") else "excluded"


def _level(levels: dict[str, Any] | None, stage: str) -> str | None:
    if not levels or not isinstance(levels.get(stage), dict):
        return None
    level = levels[stage].get("level")
    return None if level is None else str(level)


def _control_key(control: str) -> tuple[tuple[int, int, str], ...]:
    """Annex A numbers in numeric order (5.2 before 5.10), then organisation controls (``ORG.1``) by name.

    Each part is a triple, so a number and a word are never compared with each other (that raised a
    TypeError as soon as an SoA held an organisation control).
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in control.split("."))


def diff(root: Path, old: str, new: str) -> Report:
    """Compare two git refs or snapshot archives."""
    return compare(read_side(root, old), read_side(root, new), old, new)


# --- rendering ---------------------------------------------------------------------------------------

_TITLES = {
    "documents": "Documents",
    "soa": "Statement of Applicability",
    "risks": "Risks",
    "treatments": "Risk treatments",
}


def _md(text: object) -> str:
    """Author text made safe inside a Markdown table cell of a pull-request comment."""
    if text is None:
        return "—"
    value = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for char in "<>*_`[]":
        value = value.replace(char, "\\" + char)
    return value or "—"


def _describe(side: Side) -> str:
    commit = side.commit[:12] if side.commit else "no commit"
    return f"{side.label} ({side.version}, {commit}, as of {side.as_of})"


def as_markdown(report: Report) -> str:
    lines = [f"## ISMS changes from {_md(_describe(report.old))} to {_md(_describe(report.new))}", ""]
    if report.empty:
        lines.append("No changes to documents, the SoA, risks or treatments.")
        return "\n".join(lines) + "\n"
    if report.findings:
        lines += [f"### Changed without a new approval ({len(report.findings)})", ""]
        lines += [f"- {_md(finding.text())}" for finding in report.findings]
        lines.append("")
    for name, title in _TITLES.items():
        changes: list[Change] = getattr(report, name)
        if not changes:
            continue
        lines += [
            f"### {title} ({len(changes)})",
            "",
            "| change | id | title | before | after |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {_md(c.change)} | {_md(c.id)} | {_md(c.title or '')} | {_md(c.old)} | {_md(c.new)} |" for c in changes
        ]
        lines.append("")
    return "\n".join(lines)


def as_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


def visible_changes(changes: Report | str, restricted: Restricted) -> Report | str:
    """The changes since the previous version, keeping only entries the restricted model still holds.

    The previous version is read whole from git, so without this a staff build would list every
    confidential risk as removed, title and all.
    """
    if isinstance(changes, str) or not restricted.active:
        return changes
    model = restricted.model
    paths = {document.path for document in model.documents} | {file.path for file in model.files}
    shown = {
        "documents": {document.id for document in model.documents},
        "soa": {entry.control for entry in model.soa},
        "risks": {risk.id for risk in model.risks},
        "treatments": {treatment.id for treatment in model.treatments},
    }
    kept = {name: [c for c in getattr(changes, name) if c.id in ids] for name, ids in shown.items()}
    return dataclasses.replace(
        changes,
        documents=kept["documents"],
        soa=kept["soa"],
        risks=kept["risks"],
        treatments=kept["treatments"],
        findings=[finding for finding in changes.findings if finding.path in paths],
    )
