"""``isms export``: the SoA, risk register or RTP as XLSX, CSV or JSON; the whole model as JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import stat
import sys
import tempfile
from pathlib import Path

from isms.cli.commands.options import LazyChoices, add_as_of, add_root, repository

NAME = "export"
HELP = "export the SoA, risk register, RTP or whole model"
DESCRIPTION = (
    "Write the Statement of Applicability (clauses 4-10 and Annex A), the risk register or the risk treatment "
    "plan as XLSX, CSV or JSON, or the whole model as JSON (with its JSON Schema beside it as "
    "FILE.schema.json). Every export carries the organisation, version, commit and as-of date."
)


def _kinds() -> tuple[str, ...]:
    from isms.exports.files import exports  # noqa: PLC0415 - see commands/__init__

    return exports()


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=LazyChoices(_kinds), metavar="KIND", help="what to export: %(choices)s")
    parser.add_argument("--format", choices=("xlsx", "csv", "json"), default=None, help="default: from --out")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="file to write")
    parser.add_argument("--version-label", default=None, metavar="V", help="version to stamp (default: HEAD's tag)")
    add_as_of(parser)
    add_root(parser)


class NotAFile(Exception):
    """The output path names something other than a regular file; the message says what."""


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in the user's words; None for a regular file."""
    kinds = [
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    return next((name for test, name in kinds if test(mode)), None if stat.S_ISREG(mode) else "not a regular file")


def refuse_non_file(path: Path) -> None:
    """NotAFile unless ``path`` is absent or a regular file: an export replaces only a file it could have
    written, never a link (nor what it points to), a pipe or a device such as /dev/full."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    kind = _kind(mode)
    if kind is not None:
        raise NotAFile(f"{path} is {kind}, not a regular file — give the name of a file to write")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: never a half-written file, and only
    ever a regular file (see :func:`refuse_non_file`, checked again just before the rename)."""
    refuse_non_file(path)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # the rename must not land before the data it names
        os.chmod(temp, 0o644)
        refuse_non_file(path)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _schema_path(out: Path) -> Path:
    """Where the JSON Schema of a model export goes: beside it, as ``FILE.schema.json``."""
    return out.with_name(out.stem + ".schema.json")


def run(args: argparse.Namespace) -> int:
    from isms.core.pipeline import check_repository  # noqa: PLC0415
    from isms.exports.files import export  # noqa: PLC0415 - see commands/__init__
    from isms.exports.model import schema_json  # noqa: PLC0415
    from isms.exports.stamp import repository_stamp  # noqa: PLC0415

    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt not in ("xlsx", "csv", "json"):
        print(f"isms: error: give --format xlsx, csv or json (cannot tell it from {args.out})", file=sys.stderr)
        return 2
    if args.kind == "model" and fmt != "json":
        print("isms: error: the model is exported as JSON only — use --format json", file=sys.stderr)
        return 2
    if not repository(args.root):
        return 2
    if not args.out.parent.is_dir():
        print(f"isms: error: {args.out.parent} is not a folder — create it first", file=sys.stderr)
        return 2
    targets = [args.out] + ([_schema_path(args.out)] if args.kind == "model" else [])
    try:
        for target in targets:
            refuse_non_file(target)
    except NotAFile as exc:
        print(f"isms: error: {exc}", file=sys.stderr)
        return 2
    result = check_repository(args.root, args.as_of or dt.date.today())
    if result.errors:
        for finding in result.errors:
            print(finding.text(), file=sys.stderr)
        print(f"isms: error: the ISMS has {len(result.errors)} error(s); fix them before exporting", file=sys.stderr)
        return 1
    organisation = result.model.isms.organisation.name if result.model.isms else ""
    stamp = repository_stamp(organisation, result.as_of, args.root, args.version_label)
    try:
        write_atomically(args.out, export(args.kind, fmt, result, stamp))
        if args.kind == "model":
            write_atomically(_schema_path(args.out), schema_json())
    except NotAFile as exc:  # it became one while the export was computed
        print(f"isms: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"isms: error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(
        f"wrote {args.out}: {args.kind} as {fmt} — {stamp.organisation}, version {stamp.version}, as of {stamp.as_of}"
    )
    return 0
