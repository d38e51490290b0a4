"""``isms snapshot``: a frozen, checksummed, offline copy of the site as one commit shows it.

The commit's files are exported with ``git archive`` (nothing uncommitted can leak in), built strictly
with :mod:`isms.plugin.snapshot_build` under ``SOURCE_DATE_EPOCH`` = the commit time, then packed into
``OUT/VERSION.tar.gz`` with a ``SHA256SUMS`` manifest and ``snapshot.json`` build facts. The archive is
deterministic: sorted names, fixed times, owners and modes, gzip without name or time. It is written to
a temporary file in ``OUT`` and renamed into place, so a failure leaves no partial archive and never
replaces a good one; an archive of another commit under the same version is replaced only when forced.

A run that is killed outright (SIGKILL, a power cut) cannot clean up after itself. Its temporary file in
``OUT`` (``.VERSION.XXXXXXXX.tar.gz.part``) and work folder (``isms-snapshot-XXXXXXXX`` in the system's
temporary folder) each carry an advisory lock (``flock``) for as long as their run lives, and the
child build is killed by the kernel when its parent dies (Linux ``PR_SET_PDEATHSIG``, set in
:mod:`isms.plugin.snapshot_build`). The next run removes those of them that are named like ours, are
owned by this user, older than the run and not locked by a live run; nothing else.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gzip
import hashlib
import io
import json
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from isms import __version__
from isms.core import gitinfo
from isms.core.load import load
from isms.core.repository import Model
from isms.core.sampling import draw
from isms.plugin.snapshot_build import PARENT_ENV

TOOLS = {
    "mkdocs": "mkdocs",
    "material": "mkdocs-material",
    "macros": "mkdocs-macros-plugin",
    "pydantic": "pydantic",
    "pyyaml": "PyYAML",
    "openpyxl": "openpyxl",
    "pypdf": "pypdf",  # numbers and dates the pack Chromium prints (isms snapshot --pack)
}
VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")  # used with fullmatch: '$' also matched before a '\n'
PART = re.compile(r"\.[A-Za-z0-9][A-Za-z0-9._+-]{0,99}\.[a-z0-9_]{8}\.tar\.gz\.part")
WORK_PREFIX = "isms-snapshot-"
WORK = re.compile(r"isms-snapshot-[a-z0-9_]{8}")


class SnapshotError(Exception):
    """The snapshot cannot be made; the message says why and what to do.

    ``status`` is the command's exit status: 2 for input or surroundings it cannot use (a version, a
    folder, a full disk, an archive in the way), 1 when the ISMS itself fails its strict build."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Facts:
    version: str
    commit: str
    as_of: dt.date
    epoch: int  # the commit time: every timestamp in the archive


def tool_versions(*, chromium: bool = False) -> dict[str, str]:
    """The versions of what made the snapshot; with ``chromium``, the Chromium that prints its pack too (the pack's
    bytes depend on it)."""
    versions = {"python": platform.python_version(), "isms": __version__}
    for name, distribution in TOOLS.items():
        try:
            versions[name] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    if chromium:
        from isms.plugin.pdfpack import PackError, browser_version  # noqa: PLC0415 - only a pack needs it

        try:
            versions["chromium"] = browser_version()
        except PackError as exc:
            raise SnapshotError(str(exc)) from None
    return versions


def facts(root: Path, version: str | None, as_of: dt.date | None) -> Facts:
    """Check that ``root`` is a clean git work tree and say what the snapshot will show."""
    if not gitinfo.installed():
        raise SnapshotError("git is not installed (not found on PATH) — install git; a snapshot shows one commit")
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
    if not VERSION.fullmatch(label):
        raise SnapshotError(f"version {label!r}: use letters, digits, '.', '_', '+' and '-' only (e.g. 2026.1)")
    day = as_of or dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    return Facts(label, commit, day, epoch)


def build_site(
    source: Path,
    site: Path,
    info: Facts,
    organisation_root: Path,
    changes: Path | None,
    *,
    extra: dict[str, object] | None = None,
    paper: bool = False,
) -> None:
    """Build the exported commit at ``source`` strictly into ``site``; SnapshotError with MkDocs' words.
    ``extra`` sets more options of the isms plugin (an ``audience``); ``paper`` builds for the pack alone
    (no search index, offline plugin nor downloads: :mod:`isms.plugin.snapshot_build`)."""
    config = source / "mkdocs.yml"
    if not config.is_file():
        raise SnapshotError(f"commit {info.commit[:12]} has no mkdocs.yml in {organisation_root}")
    options = {
        "as_of": info.as_of.isoformat(),
        "snapshot": {"version": info.version, "commit": info.commit},
        "changes_report": str(changes) if changes else None,
        **(extra or {}),
    }
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "TMPDIR")
    }
    env.update({"SOURCE_DATE_EPOCH": str(info.epoch), "NO_MKDOCS_2_WARNING": "1", "TZ": "UTC"})
    env[PARENT_ENV] = str(os.getpid())
    command = [sys.executable, "-m", "isms.plugin.snapshot_build", str(config), str(site), json.dumps(options)]
    command += ["--paper"] if paper else []
    with subprocess.Popen(
        command, cwd=source, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        try:
            stdout, stderr = process.communicate()
        except BaseException:
            # Interrupted or killed (SIGTERM): the build must not outlive us, nor write into a folder
            # that is being removed; kill it and wait for it before the exception goes on.
            process.kill()
            process.wait()
            raise
    if process.returncode != 0:
        lines = [line for line in (stdout + stderr).splitlines() if line.strip()]
        wanted = [line for line in lines if line.startswith(("WARNING", "ERROR"))] or lines[-20:]
        detail = "\n".join(wanted[-40:])
        raise SnapshotError(f"the strict build of {info.commit[:12]} failed; fix this and commit:\n{detail}", 1)


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


def _lock(fd: int) -> None:
    """Hold an advisory lock on ``fd`` while this process lives: a later run then knows the file is in use.
    The kernel drops it when the process ends, however it ends."""
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def remove_stale(out: Path, work_root: Path, before: float) -> list[Path]:
    """Remove what killed snapshots left: our ``.part`` files in ``out`` and our work folders in ``work_root``,
    only those named like ours, owned by this user, last changed before ``before`` and not locked by a run
    that still lives. Everything else is left alone. The paths removed."""
    removed: list[Path] = []
    for folder, pattern, is_dir in ((out, PART, False), (work_root, WORK, True)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in sorted(names):
            path = folder / name
            if pattern.fullmatch(name) and _remove_if_abandoned(path, is_dir, before):
                removed.append(path)
    return removed


def _remove_if_abandoned(path: Path, is_dir: bool, before: float) -> bool:
    """Remove ``path`` if it is ours and abandoned (see :func:`remove_stale`); whether it was removed."""
    try:
        info = path.lstat()
    except OSError:
        return False
    kind_ok = stat.S_ISDIR(info.st_mode) if is_dir else stat.S_ISREG(info.st_mode)  # never a link or device
    if not kind_ok or info.st_uid != os.getuid() or info.st_mtime >= before:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | (os.O_DIRECTORY if is_dir else 0))
    except OSError:
        return False
    try:
        try:
            _lock(fd)
        except OSError:
            return False  # a live run holds it
        if is_dir:
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        return True
    finally:
        os.close(fd)


def _commit_of(archive: Path, version: str) -> str | None:
    """The commit an existing archive of ``version`` was made from, per its snapshot.json; None if unreadable."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(f"{version}/snapshot.json")
            if member is None:
                return None
            commit = json.loads(member.read().decode("utf-8")).get("commit")
    except (OSError, KeyError, tarfile.TarError, EOFError, ValueError, AttributeError):
        return None
    return commit if isinstance(commit, str) else None


def _check_target(target: Path, info: Facts, force: bool) -> bool:
    """Whether ``target`` exists and may be replaced; SnapshotError when it may not. A snapshot of the same
    commit and version is the same archive byte for byte, so it is rebuilt freely; one of another commit is
    an audited version that a typo in --version must not destroy."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(mode):
        raise SnapshotError(f"{target} exists and is not a regular file — remove it or choose another --out")
    if force:
        return True
    made_from = _commit_of(target, info.version)
    if made_from == info.commit:
        return True
    what = f"commit {made_from[:12]}" if made_from else "a commit it does not name"
    raise SnapshotError(
        f"{target} already holds version {info.version}, made from {what} — "
        "give another --version, or --force to replace it"
    )


def snapshot(
    root: Path,
    out: Path,
    version: str | None = None,
    as_of: dt.date | None = None,
    *,
    force: bool = False,
    sample: tuple[str, dict[str, int]] | None = None,
    with_pack: bool = False,
) -> Path:
    """Build the snapshot of HEAD at ``root`` into ``out/VERSION.tar.gz``; the archive's path.

    ``sample`` (a seed and the counts to draw) adds ``sample.json``, the audit sample drawn from that
    commit as of the snapshot's as-of date, under the manifest like every other file. ``with_pack`` also
    writes the auditor's pack of the same build, ``out/VERSION.pdf``, its cover naming the archive's SHA-256.
    """
    started = time.time()
    info = facts(root, version, as_of)
    if not out.is_dir():
        raise SnapshotError(f"{out} is not a folder — create it first")
    target = out / f"{info.version}.tar.gz"
    replace = _check_target(target, info, force)
    if with_pack:
        _check_pdf_target(out / f"{info.version}.pdf", info, None, force)
    remove_stale(out, Path(tempfile.gettempdir()), started)
    try:
        handle, partial = tempfile.mkstemp(dir=out, prefix=f".{info.version}.", suffix=".tar.gz.part")
    except OSError as exc:
        raise SnapshotError(f"cannot write in {out}: {exc.strerror or exc}") from None
    try:
        _lock(handle)
        with os.fdopen(handle, "wb") as stream, _work_folder() as work:
            _, site, model = _build_commit(root, info, work, {})
            organisation = _organisation(site)
            drawn = _sample(model, info.as_of, sample) if sample else None
            (site / "snapshot.json").write_text(
                json.dumps(
                    {
                        "version": info.version,
                        "commit": info.commit,
                        "as_of": info.as_of.isoformat(),
                        "commit_time": dt.datetime.fromtimestamp(info.epoch, dt.UTC).isoformat(),
                        "organisation": organisation,
                        "strict": True,
                        "tools": tool_versions(chromium=with_pack),
                        **({"sample": {"seed": drawn["seed"], "file": "sample.json"}} if drawn else {}),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n",
                encoding="utf-8",
            )
            if drawn:
                (site / "sample.json").write_text(json.dumps(drawn, ensure_ascii=False, indent=2) + "\n", "utf-8")
            write_manifest(site)
            archive = pack(site, info.version, info.epoch)
            stream.write(archive)
            stream.flush()
            os.fsync(stream.fileno())  # the rename must not land before the data it names
            if with_pack:
                pdf = _auditor_pdf(model, site, info, None, hashlib.sha256(archive).hexdigest())
        os.chmod(partial, 0o644)
        _place(Path(partial), target, replace)
        if with_pack:
            _write_beside(out / f"{info.version}.pdf", pdf)
    except OSError as exc:  # a full or read-only disk, in OUT or in the temporary folder
        Path(partial).unlink(missing_ok=True)
        where = exc.filename or target
        raise SnapshotError(f"cannot write {where}: {exc.strerror or exc}") from None
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


def _build_commit(
    root: Path, info: Facts, work: Path, options: dict[str, object], *, paper: bool = False
) -> tuple[Path, Path, Model]:
    """Export the commit into ``work`` and build it strictly; the exported tree, the built site and the
    tree's model, loaded here while the build (another process) runs."""
    tree = work / "tree"
    try:
        gitinfo.export(root, info.commit, tree)
        top = gitinfo.toplevel(root).resolve()
    except gitinfo.GitError as exc:
        raise SnapshotError(str(exc)) from None
    source = tree / root.resolve().relative_to(top)
    changes = _previous_changes(root, info.commit, info.version, work)
    site = work / "site"
    with ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(load, source)
        build_site(source, site, info, root, changes, extra=options, paper=paper)
        model, _ = loading.result()
    return source, site, model


def _auditor_pdf(model: Model, site: Path, info: Facts, audience: str | None, archive: str | None) -> bytes:
    """The auditor's pack of the site built from ``model``'s tree (isms.plugin.pdfpack)."""
    from isms.core.audience import restrict  # noqa: PLC0415
    from isms.plugin.pdfpack import Cover, PackError, write_pack  # noqa: PLC0415

    shown = restrict(model, audience, drafts=False).model
    organisation = shown.isms.organisation.name if shown.isms else ""
    scope = ""
    if shown.isms:
        titles = {document.id: document.meta.title for document in shown.documents}
        scope = f"{shown.isms.scope} {titles.get(shown.isms.scope, '')}".strip()
    cover = Cover(organisation, scope, info.version, info.commit, info.as_of, info.epoch, audience, archive)
    try:
        return write_pack(shown, site, cover)
    except PackError as exc:
        raise SnapshotError(str(exc)) from None


def _write_beside(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder: whole or not at all."""
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _check_pdf_target(target: Path, info: Facts, audience: str | None, force: bool) -> None:
    """SnapshotError when ``target`` exists and is not a pack of this commit, version and audience (a pack
    of the same is the same bytes, rebuilt freely), unless ``force``; or when there is no Chromium to print
    it (said before the build, not after)."""
    from isms.plugin.pdfpack import PackError, browser, identifier, made_as  # noqa: PLC0415

    try:
        browser()
    except PackError as exc:
        raise SnapshotError(str(exc)) from None
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise SnapshotError(f"{target} exists and is not a regular file — remove it or choose another --out")
    if force or made_as(target, identifier(info.commit, info.version, audience)):
        return
    raise SnapshotError(
        f"{target} already holds a PDF that is not the pack of commit {info.commit[:12]} for this audience — "
        "give another --version, or --force to replace it"
    )


def auditor_pack(
    root: Path,
    out: Path,
    version: str | None,
    as_of: dt.date | None,
    audience: str | None,
    *,
    force: bool = False,
) -> Path:
    """Build HEAD at ``root`` as ``audience`` may read it and write its auditor's pack, ``out/VERSION.pdf``."""
    info = facts(root, version, as_of)
    if not out.is_dir():
        raise SnapshotError(f"{out} is not a folder — create it first")
    target = out / f"{info.version}.pdf"
    _check_pdf_target(target, info, audience, force)
    try:
        with _work_folder() as work:
            options: dict[str, object] = {"audience": audience} if audience else {}
            _, site, model = _build_commit(root, info, work, options, paper=True)
            data = _auditor_pdf(model, site, info, audience, None)
        _write_beside(target, data)
    except OSError as exc:
        raise SnapshotError(f"cannot write {exc.filename or target}: {exc.strerror or exc}") from None
    return target


def _sample(model: Model, as_of: dt.date, sample: tuple[str, dict[str, int]]) -> dict[str, object]:
    """The audit sample of the commit's tree, as ``sample.json`` holds it."""
    seed, asked = sample
    return draw(model, as_of, seed, asked).as_json()


def _place(partial: Path, target: Path, replace: bool) -> None:
    """Move the finished archive into place. Unless replacing was allowed, a hard link puts it there only if
    nothing has appeared under that name meanwhile (another run of the same version)."""
    if replace:
        os.replace(partial, target)
        return
    try:
        os.link(partial, target)
    except FileExistsError:
        raise SnapshotError(
            f"{target} appeared while this snapshot was built — give another --version, or --force to replace it"
        ) from None
    partial.unlink()


@contextmanager
def _work_folder() -> Iterator[Path]:
    """A temporary work folder, locked (see :func:`remove_stale`) and removed when the block ends."""
    path = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _lock(fd)
        yield path
    finally:
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)


def _organisation(site: Path) -> str:
    model = site / "isms" / "exports" / "model.json"
    try:
        data = json.loads(model.read_text(encoding="utf-8"))
        return str(data["stamp"]["organisation"])
    except (OSError, ValueError, KeyError):
        return ""
