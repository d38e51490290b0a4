"""``isms build --audience NAME --out DIR``: the whole site for one audience, holding nothing above it."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from isms.cli.commands.options import add_as_of, add_root, repository

MARKER = ".isms-build"
"""Left in every folder ``isms build`` wrote, so the next build knows the folder is its own to replace.
A hidden file, as MkDocs keeps hidden files when it cleans the folder before a build."""
MARKER_TEXT = "This folder holds a site written by 'isms build'; the next 'isms build --out' here replaces it.\n"

NAME = "build"
HELP = "build the site for one audience (public, staff or auditor)"
DESCRIPTION = (
    "Build the site with MkDocs, holding only the documents and registers the audience may read: public "
    "(classification public), staff (up to internal) or auditor (up to confidential). Draft and in-review "
    "documents are left out unless --drafts is given."
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--audience", choices=("public", "staff", "auditor"), required=True, help="who the site is for")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the site to")
    parser.add_argument("--drafts", action="store_true", help="include draft and in-review documents")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too, as CI does")
    add_as_of(parser)
    add_root(parser)
    parser.add_argument(
        "--config-file", default="mkdocs.yml", metavar="FILE", help="MkDocs configuration, relative to the root"
    )


def previous_build(folder: Path) -> bool:
    """True when ``folder`` holds a site built before: our marker, or what a ``mkdocs build`` with the isms
    plugin leaves (a ``sitemap.xml`` beside the generated ``isms/index.html``)."""
    return (folder / MARKER).is_file() or (
        (folder / "sitemap.xml").is_file() and (folder / "isms" / "index.html").is_file()
    )


def refusal(out: Path) -> str | None:
    """Why the site may not be written to ``out``, or None. MkDocs empties the folder it builds into, so a
    folder with anything in it that is not an earlier build (``--out registers``) is refused. Hidden
    entries do not count: MkDocs leaves them alone."""
    if not out.exists():
        return None
    if not out.is_dir():
        return f"{out} is not a folder — give a folder for the site"
    try:
        visible = [name for name in os.listdir(out) if not name.startswith(".")]
    except OSError as exc:
        return f"cannot read {out}: {exc.strerror or exc}"
    if visible and not previous_build(out):
        return (
            f"{out} is not empty and holds no site built before — a build replaces everything in it; "
            "give a new or empty folder"
        )
    return None


def _swap(built: Path, out: Path) -> None:
    """Put the finished site ``built`` where ``out`` is, keeping ``out``'s hidden entries (a ``.git``).

    Both sit in one folder, so each step is a rename: at every moment ``out`` holds either the old site
    or the new one, never half of one.
    """
    old = None
    if out.exists():
        for entry in out.iterdir():
            if entry.name.startswith(".") and entry.name != MARKER:
                entry.rename(built / entry.name)
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(old / "site")
    built.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run(args: argparse.Namespace) -> int:
    # MkDocs is imported here only: the other commands never need it.
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415
    from mkdocs.exceptions import Abort, ConfigurationError  # noqa: PLC0415

    if not repository(args.root):
        return 2
    config_file = args.root / args.config_file
    if not config_file.is_file():
        print(f"isms: error: {config_file} does not exist — pass --config-file", file=sys.stderr)
        return 2
    out = args.out.resolve()
    refused = refusal(args.out)
    if refused:
        print(f"isms: error: {refused}", file=sys.stderr)
        return 2
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    building: Path | None = None
    try:
        # The site is written beside --out and put in its place once complete: a build that fails (a
        # strict warning, a full disk) leaves --out as it was, never half a site.
        out.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
        config = load_config(str(config_file), site_dir=str(building), strict=args.strict)
        plugin = config.plugins.get("isms")
        if plugin is None:
            print(f"isms: error: {config_file} does not use the isms plugin — add '- isms' to plugins", file=sys.stderr)
            return 2
        plugin.config["audience"] = args.audience
        plugin.config["drafts"] = bool(args.drafts)
        if args.as_of is not None:
            plugin.config["as_of"] = args.as_of
        build(config)
        (building / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        _swap(building, out)
        building = None
    except OSError as exc:  # a read-only or full disk, a folder that vanished: MkDocs does not catch these
        # exc.filename may be the theme file being copied, not where it went: name the folder only.
        print(f"isms: error: cannot write the site to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except ConfigurationError as exc:
        print(f"isms: error: {config_file}: {exc}", file=sys.stderr)
        return 2
    except Abort as exc:
        print(f"isms: build failed: {exc}", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(handler)
        if building is not None:
            shutil.rmtree(building, ignore_errors=True)
    print(f"built the {args.audience} site in {args.out}")
    return 0
