"""Published versions side by side with mike: the README's release commands, run in a temporary clone."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from tests.support.gitrepo import commit_all, env, git
from tests.support.synthetic import generate

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
pytestmark = pytest.mark.slow
FIRST = "2026-11-28T12:00:00+00:00"  # the day the synthetic ISMS is generated for: nothing in it is dated later
SECOND = "2026-11-29T12:00:00+00:00"


def release_commands() -> list[str]:
    """The README's commands to publish a release, in order (the block after 'Publishing a release')."""
    section = README.split("### Publishing a release", 1)[1]
    block = re.search(r"```sh\n(.+?)\n```", section, flags=re.DOTALL)
    assert block is not None
    return [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def run(command: str, cwd: Path, date: str) -> subprocess.CompletedProcess[str] | None:
    """Run one README line in ``cwd``; activating the virtual environment puts its bin/ first on PATH."""
    if command == ". .venv/bin/activate":
        return None
    args = shlex.split(command.replace("VERSION", "1.0" if date == FIRST else "1.1"))
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**env(date), "PATH": path, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def test_readme_release_commands_publish_versions_side_by_side(tmp_path: Path) -> None:
    assert (Path(sys.executable).parent / "mike").exists(), (
        "mike is missing: set up with the README's test command (plugins/requirements-dev.lock)"
    )
    origin = tmp_path / "origin"
    generate(origin, documents=20, risks=10, assets=10)
    config = origin / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  version:\n    provider: mike\n", encoding="utf-8")
    commit_all(origin, "ISMS", FIRST)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, env=env())

    commands = release_commands()
    assert commands[0] == ". .venv/bin/activate"
    assert any(c.startswith("mike deploy") for c in commands)
    for command in commands:
        if "push" not in command:
            run(command, clone, FIRST)
    policy = sorted((clone / "docs").rglob("*.md"))[1]
    policy.write_text(policy.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    commit_all(clone, "a change", SECOND)
    for command in commands:
        if "push" not in command:
            run(command, clone, SECOND)

    versions = json.loads(git(clone, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("1.1", ["latest"]), ("1.0", [])]
    files = git(clone, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "1.0/index.html" in files and "1.1/index.html" in files
    assert "latest" in files  # a symbolic link to 1.1
    assert git(clone, "show", "gh-pages:latest") == "1.1"
    changes = git(clone, "show", "gh-pages:1.1/isms/changes/index.html")
    assert "From <strong>v1.0</strong>" in unescape(changes)  # the second release compares with the first
    assert "index.html" in files  # the root redirects to the default version
    assert "latest" in git(clone, "show", "gh-pages:index.html")
    page = git(clone, "show", "gh-pages:1.1/index.html")
    assert '"provider": "mike"' in page  # Material shows its version selector
    assert git(clone, "tag", "--list").split() == ["v1.0", "v1.1"]
    assert git(origin, "branch", "--list", "gh-pages") == ""  # nothing was pushed
