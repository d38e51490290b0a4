"""``isms build --audience NAME --out DIR``: the whole site for one audience, holding nothing above it."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from isms.cli.commands.options import add_as_of, add_root, repository

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
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(config_file), site_dir=str(out), strict=args.strict)
        plugin = config.plugins.get("isms")
        if plugin is None:
            print(f"isms: error: {config_file} does not use the isms plugin — add '- isms' to plugins", file=sys.stderr)
            return 2
        plugin.config["audience"] = args.audience
        plugin.config["drafts"] = bool(args.drafts)
        if args.as_of is not None:
            plugin.config["as_of"] = args.as_of
        build(config)
    except ConfigurationError as exc:
        print(f"isms: error: {config_file}: {exc}", file=sys.stderr)
        return 2
    except Abort as exc:
        print(f"isms: build failed: {exc}", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(handler)
    print(f"built the {args.audience} site in {args.out}")
    return 0
