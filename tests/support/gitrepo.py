"""Temporary git repositories for snapshot, diff and publishing tests: fixed identities and dates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def env(date: str = "2026-06-30T12:00:00+00:00") -> dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "ISMS Test",
        "GIT_AUTHOR_EMAIL": "isms@example.org",
        "GIT_COMMITTER_NAME": "ISMS Test",
        "GIT_COMMITTER_EMAIL": "isms@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def git(root: Path, *args: str, date: str = "2026-06-30T12:00:00+00:00") -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env(date), check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def commit_all(root: Path, message: str, date: str = "2026-06-30T12:00:00+00:00") -> str:
    """Commit everything in ``root`` (creating the repository if needed); the commit id."""
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


def isms(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``isms`` command line in a fresh process, as an author or a CI job does."""
    return subprocess.run(
        [sys.executable, "-m", "isms", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
