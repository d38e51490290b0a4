"""What git says about a repository: its commit, tags and cleanliness, and a ref's files exported.

Plain ``git`` subprocesses; a failure is a :class:`GitError` with a message for the user, never a
traceback. Nothing here touches the network.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path


class GitError(Exception):
    """git failed, or the folder is not a git repository; the message says which."""


def git(root: Path, *args: str) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (not found on PATH) — install git") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout


def installed() -> bool:
    """True when a ``git`` program is on PATH. Without one, :func:`is_repository` says False for every folder,
    so a command that needs git asks this first and says that git is missing, not that the folder is no
    repository."""
    return shutil.which("git") is not None


def is_repository(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except GitError:
        return False


def toplevel(root: Path) -> Path:
    return Path(git(root, "rev-parse", "--show-toplevel").decode().strip())


def resolve(root: Path, ref: str) -> str:
    """The full commit id ``ref`` names; GitError when it names none."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"{ref!r} is not a commit, tag or branch of {root}") from None


def commit_time(root: Path, ref: str = "HEAD") -> int:
    """The committer time of ``ref`` in seconds since the epoch."""
    return int(git(root, "show", "-s", "--format=%ct", resolve(root, ref)).decode().strip())


def commit_date(root: Path, ref: str = "HEAD") -> dt.date:
    return dt.datetime.fromtimestamp(commit_time(root, ref), dt.UTC).date()


def dirty(root: Path) -> list[str]:
    """Changed, staged and untracked (not ignored) paths, as ``git status --porcelain`` lists them."""
    lines = git(root, "status", "--porcelain").decode("utf-8", "replace").splitlines()
    return [line for line in lines if line.strip()]


def tag_at(root: Path, ref: str = "HEAD") -> str | None:
    """The newest tag pointing at ``ref``, if any."""
    tags = git(root, "tag", "--points-at", resolve(root, ref), "--sort=-creatordate").decode().split()
    return tags[0] if tags else None


def previous_tag(root: Path, pattern: str = "v*", ref: str = "HEAD") -> str | None:
    """The newest tag matching ``pattern`` reachable from ``ref`` but not pointing at it."""
    try:
        commit = resolve(root, ref)
        tags = git(root, "tag", "--merged", commit, "--list", pattern, "--sort=-creatordate").decode().split()
    except GitError:
        return None
    for tag in tags:
        if resolve(root, tag) != commit:
            return tag
    return None


def export(root: Path, ref: str, dest: Path) -> str:
    """Write the files of ``ref`` (as committed: nothing uncommitted) into ``dest``; the commit id."""
    commit = resolve(root, ref)
    data = git(root, "archive", "--format=tar", commit)
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        try:
            archive.extractall(dest, filter="data")
        except tarfile.FilterError as exc:
            # The "data" filter refuses a link that leaves the tree (absolute, or up through '..'): say
            # which, as a finding would, instead of the traceback tarfile raises.
            member = exc.tarinfo
            raise GitError(
                f"commit {commit[:12]}: {member.name} is a symbolic link leaving the repository "
                f"({member.linkname}) — nothing outside the repository is read; remove the link and commit"
            ) from None
    return commit
