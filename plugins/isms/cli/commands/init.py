"""``isms init PATH --organisation NAME``: a new ISMS repository that depends on isms-docs at a pinned version."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

from isms.cli.commands.options import add_as_of

NAME = "init"
HELP = "start a new ISMS repository"
DESCRIPTION = (
    "Create a new ISMS repository in PATH (a new or empty folder): every register with its header, drafts of "
    "the scope, the information security policy and the risk procedure, mkdocs.yml, a README, CODEOWNERS, "
    "CI (.ci/run and a GitHub workflow) and requirements.txt pinning isms-docs. Then `isms check` in it lists "
    "what to write next, in the order of the implementation steps."
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH", help="the folder to create (new, or empty)")
    parser.add_argument("--organisation", required=True, metavar="NAME", help="the organisation's name")
    parser.add_argument(
        "--requirement",
        default=None,
        metavar="PIN",
        help="how requirements.txt installs isms-docs (default: isms-docs==<this version>); "
        "e.g. 'isms-docs @ git+https://host/isms-docs.git@<commit>'",
    )
    add_as_of(parser, "today; the date of the first drafts")


def run(args: argparse.Namespace) -> int:
    from isms.core import schemas  # noqa: PLC0415
    from isms.core.codeowners import codeowners  # noqa: PLC0415 - see commands/__init__
    from isms.core.drafts import ScaffoldError  # noqa: PLC0415
    from isms.core.load import load  # noqa: PLC0415
    from isms.core.starter import files  # noqa: PLC0415

    target: Path = args.path
    if target.is_symlink() or (target.exists() and (not target.is_dir() or any(target.iterdir()))):
        print(f"isms: error: {target} exists and is not an empty folder — give a new folder", file=sys.stderr)
        return 2
    try:
        planned = files(args.organisation, as_of=args.as_of or dt.date.today(), requirement=args.requirement)
    except ScaffoldError as exc:
        print(f"isms: error: {exc}", file=sys.stderr)
        return 2
    # Written beside the target and renamed into place: an interrupted or failed init leaves nothing behind.
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        print(f"isms: error: cannot create {target}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        for path, text in planned.items():
            file = staging / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
        (staging / ".ci" / "run").chmod(0o755)
        schemas.write(staging / "schemas")  # named by each register's first line, for editors
        model, _ = load(staging)
        (staging / ".github" / "CODEOWNERS").write_text(codeowners(model), encoding="utf-8")
        if target.exists():
            target.rmdir()
        os.rename(staging, target)
    except OSError as exc:
        print(f"isms: error: cannot write {target}: {exc.strerror}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    count = len(planned) + 1
    print(f"created an ISMS for {args.organisation.strip()} in {target} ({count} files)")
    print("next:")
    print(f"  - cd {target} && git init && python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt")
    print("  - .venv/bin/isms check   # the to-do list: what to write next, step by step")
    print("  - .venv/bin/mkdocs serve # read the site as you write it")
    return 0
