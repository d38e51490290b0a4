"""Build a repository's site with MkDocs as a user does: ``mkdocs build -f ROOT/mkdocs.yml -d ROOT/site``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the build in a clean environment (no ``ISMS_AS_OF`` of the caller's); ``extra`` e.g. ``--strict``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *extra, "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
