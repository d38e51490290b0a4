"""``isms snapshot``: a frozen, checksummed, offline copy of the site as one commit shows it.

The commit's files are exported with ``git archive`` (nothing uncommitted can leak in), built strictly
with :mod:`isms.plugin.snapshot_build` under ``SOURCE_DATE_EPOCH`` = the commit time, then packed into
``OUT/VERSION.tar.gz`` with a ``SHA256SUMS`` manifest and ``snapshot.json`` build facts. The archive is
deterministic: sorted names, fixed times, owners and modes, gzip without name or time. It is written to
a temporary file in ``OUT`` and renamed into place, so a failure leaves no partial archive and never
replaces a good one.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import platform
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from isms import __version__
from isms.core import gitinfo

TOOLS = {
    "mkdocs": "mkdocs",
    "material": "mkdocs-material",
    "macros": "mkdocs-macros-plugin",
    "pydantic": "pydantic",
    "pyyaml": "PyYAML",
    "openpyxl": "openpyxl",
}
VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$")


class SnapshotError(Exception):
    """The snapshot cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Facts:
    version: str
    commit: str
    as_of: dt.date
    epoch: int  # the commit time: every timestamp in the archive


def tool_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "isms": __version__}
    for name, distribution in TOOLS.items():
        try:
            versions[name] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def facts(root: Path, version: str | None, as_of: dt.date | None) -> Facts:
    """Check that ``root`` is a clean git work tree and say what the snapshot will show."""
    if not gitinfo.is_repository(root):
        raise SnapshotError(f"{root.resolve()} is not in a git repository — a snapshot shows one commit")
    try:
        changes = gitinfo.dirty(root)
        if changes:
            listed = "\n  ".join(changes[:10]) + ("\n  ..." if len(changes) > 10 else "")
            raise SnapshotError(
                f"the working tree has uncommitted changes — commit or stash them first; a snapshot shows "
                f"one commit exactly:\n  {listed}"
            )
        commit = gitinfo.resolve(root, "HEAD")
        epoch = gitinfo.commit_time(root, commit)
        label = version or gitinfo.tag_at(root, commit) or commit[:12]
    except gitinfo.GitError as exc:
        raise SnapshotError(str(exc)) from None
    if not VERSION.match(label):
        raise SnapshotError(f"version {label!r}: use letters, digits, '.', '_', '+' and '-' only (e.g. 2026.1)")
    day = as_of or dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    return Facts(label, commit, day, epoch)


def build_site(source: Path, site: Path, info: Facts, organisation_root: Path, changes: Path | None) -> None:
    """Build the exported commit at ``source`` strictly into ``site``; SnapshotError with MkDocs' words."""
    config = source / "mkdocs.yml"
    if not config.is_file():
        raise SnapshotError(f"commit {info.commit[:12]} has no mkdocs.yml in {organisation_root}")
    options = {
        "as_of": info.as_of.isoformat(),
        "snapshot": {"version": info.version, "commit": info.commit},
        "changes_report": str(changes) if changes else None,
    }
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR")
    }
    env.update({"SOURCE_DATE_EPOCH": str(info.epoch), "NO_MKDOCS_2_WARNING": "1", "TZ": "UTC"})
    done = subprocess.run(
        [sys.executable, "-m", "isms.plugin.snapshot_build", str(config), str(site), json.dumps(options)],
        cwd=source,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        wanted = [line for line in lines if line.startswith(("WARNING", "ERROR"))] or lines[-20:]
        detail = "\n".join(wanted[-40:])
        raise SnapshotError(f"the strict build of {info.commit[:12]} failed; fix this and commit:\n{detail}")


def write_manifest(top: Path) -> None:
    """``SHA256SUMS`` over every file under ``top``, as ``sha256sum -c`` reads it (run inside ``top``)."""
    lines = []
    for path in sorted(p for p in top.rglob("*") if p.is_file()):
        name = path.relative_to(top).as_posix()
        if name == "SHA256SUMS":
            continue
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {name}\n")
    (top / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def pack(top: Path, name: str, epoch: int) -> bytes:
    """A deterministic .tar.gz of ``top`` under the folder ``name``."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        paths = sorted(top.rglob("*"), key=lambda p: p.relative_to(top).as_posix())
        for path in [top, *paths]:
            relative = path.relative_to(top).as_posix()
            info = tarfile.TarInfo(name if relative == "." else f"{name}/{relative}")
            info.mtime, info.uid, info.gid, info.uname, info.gname = epoch, 0, 0, "", ""
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            else:
                data = path.read_bytes()
                info.size, info.mode = len(data), 0o644
                archive.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as zipped:
        zipped.write(raw.getvalue())
    return out.getvalue()


def _previous_changes(root: Path, commit: str, version: str, temp: Path) -> Path:
    """The changes since the previous ``v*`` tag, computed here where git is (the build has no .git)."""
    from isms.exports.diff import DiffError, Side, compare, model_of_ref  # noqa: PLC0415

    previous = gitinfo.previous_tag(root, "v*", commit)
    data: dict[str, object]
    if previous is None:
        data = {"message": "No previous version has been released yet (no tag v* before this commit)."}
    else:
        try:
            report = compare(model_of_ref(root, previous), model_of_ref(root, commit), previous, version)
            report.new = Side(version, version, commit, report.new.as_of)
            data = report.as_dict()
        except DiffError as exc:
            data = {"message": f"The previous version {previous} could not be read: {exc}"}
    path = temp / "changes.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def snapshot(root: Path, out: Path, version: str | None = None, as_of: dt.date | None = None) -> Path:
    """Build the snapshot of HEAD at ``root`` into ``out/VERSION.tar.gz``; the archive's path."""
    info = facts(root, version, as_of)
    if not out.is_dir():
        raise SnapshotError(f"{out} is not a folder — create it first")
    target = out / f"{info.version}.tar.gz"
    try:
        handle, partial = tempfile.mkstemp(dir=out, prefix=f".{info.version}.", suffix=".tar.gz.part")
    except OSError as exc:
        raise SnapshotError(f"cannot write in {out}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream, tempfile.TemporaryDirectory(prefix="isms-snapshot-") as temp:
            work = Path(temp)
            tree = work / "tree"
            try:
                gitinfo.export(root, info.commit, tree)
                top = gitinfo.toplevel(root).resolve()
            except gitinfo.GitError as exc:
                raise SnapshotError(str(exc)) from None
            subfolder = root.resolve().relative_to(top)
            source = tree / subfolder
            changes = _previous_changes(root, info.commit, info.version, work)
            site = work / "site"
            build_site(source, site, info, root, changes)
            organisation = _organisation(site)
            (site / "snapshot.json").write_text(
                json.dumps(
                    {
                        "version": info.version,
                        "commit": info.commit,
                        "as_of": info.as_of.isoformat(),
                        "commit_time": dt.datetime.fromtimestamp(info.epoch, dt.UTC).isoformat(),
                        "organisation": organisation,
                        "strict": True,
                        "tools": tool_versions(),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n",
                encoding="utf-8",
            )
            write_manifest(site)
            stream.write(pack(site, info.version, info.epoch))
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


def _organisation(site: Path) -> str:
    model = site / "isms" / "exports" / "model.json"
    try:
        data = json.loads(model.read_text(encoding="utf-8"))
        return str(data["stamp"]["organisation"])
    except (OSError, ValueError, KeyError):
        return ""
