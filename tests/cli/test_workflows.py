"""The CI workflows call only commands that exist, with options they accept, and that this suite runs."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from isms.cli.commands import COMMANDS
from isms.cli.main import _parser

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TOOLS = ("isms", "mkdocs", "mike")


def commands() -> list[tuple[str, list[str]]]:
    """``(workflow, argv)`` of every isms, mkdocs and mike command in a ``run:`` step."""
    found = []
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                run = step.get("run")
                if not run:
                    continue
                text = re.sub(r"\$\{\{[^}]*\}\}", "VALUE", run)
                for part in re.split(r"&&|\|\||[|;\n]", text):
                    argv = shlex.split(part.split(">")[0])
                    if argv and argv[0] in TOOLS:
                        found.append((path.name, argv))
    return found


def test_there_are_three_workflows_for_pull_requests_main_and_releases() -> None:
    assert [path.name for path in WORKFLOWS] == ["publish.yml", "pull-request.yml", "release.yml"]
    triggers = {path.name: yaml.safe_load(path.read_text(encoding="utf-8"))[True] for path in WORKFLOWS}
    assert "pull_request" in triggers["pull-request.yml"]
    assert triggers["publish.yml"] == {"push": {"branches": ["main"]}}
    assert triggers["release.yml"] == {"push": {"tags": ["*"]}}
    used = {(argv[0], argv[1]) for _, argv in commands()}
    assert used == {
        ("isms", "check"),
        ("isms", "codeowners"),
        ("isms", "diff"),
        ("isms", "snapshot"),
        ("mkdocs", "build"),
        ("mike", "deploy"),
    }


def test_every_isms_command_of_the_workflows_exists_and_accepts_its_options() -> None:
    names = {command.NAME for command in COMMANDS}
    for workflow, argv in commands():
        if argv[0] != "isms":
            continue
        assert argv[1] in names, f"{workflow}: isms {argv[1]} does not exist"
        _parser().parse_args(argv[1:])  # exits (fails the test) on an unknown option


def _tmp_example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    for name in ("docs", "registers", ".github"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    return root


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    tool, *args = argv
    env = {**os.environ, "ISMS_AS_OF": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    if tool == "isms" and args[0] == "check":
        args += ["--as-of", "2026-11-28"]
    if tool == "mike":  # mike has no __main__; its script sits beside this Python
        env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
        env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        command = [str(Path(sys.executable).parent / "mike"), *args]
    else:
        command = [sys.executable, "-m", tool, *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)


@pytest.mark.slow
def test_the_pull_request_checks_pass_on_the_example(tmp_path: Path) -> None:
    """Run the pull-request workflow's check, owners and build steps exactly as written, on the example."""
    root = _tmp_example(tmp_path)
    ran = 0
    for workflow, argv in commands():
        if workflow == "pull-request.yml" and argv[1] in ("check", "codeowners", "build"):
            result = _run(argv, root)
            assert result.returncode == 0, (argv, result.stdout, result.stderr)
            ran += 1
    assert ran == 3
    assert (root / "site" / "index.html").is_file()


FIXED_COMMIT_DATE = "2026-11-28T12:00:00+00:00"
"""A snapshot judges dates as of its commit's date: commits get a fixed one, so the test holds on any day."""


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": FIXED_COMMIT_DATE, "GIT_COMMITTER_DATE": FIXED_COMMIT_DATE}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.mark.slow
def test_the_pull_request_diff_runs_between_two_commits(tmp_path: Path) -> None:
    root = _tmp_example(tmp_path)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "branch", "base")
    policy = root / "docs/policies/backup.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace('version: "', 'version: "9', 1), encoding="utf-8")
    _git(root, "commit", "-q", "-am", "change")
    diff = next(argv for workflow, argv in commands() if workflow == "pull-request.yml" and argv[1] == "diff")
    argv = [("base" if arg == "origin/VALUE" else arg) for arg in diff]
    result = _run(argv, root)
    assert result.returncode == 0, result.stderr
    assert "POL-BACKUP" in result.stdout


@pytest.mark.slow
def test_release_and_publish_steps_snapshot_and_deploy_to_a_remote(tmp_path: Path) -> None:
    """The release workflow's snapshot and both workflows' mike deploy, pushed to a local bare remote."""
    root = _tmp_example(tmp_path)
    _git(tmp_path, "init", "-q", "--bare", "remote.git")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "release")
    _git(root, "remote", "add", "origin", str(tmp_path / "remote.git"))
    ran = []
    for workflow, written in commands():
        if workflow not in ("release.yml", "publish.yml") or written[1] not in ("snapshot", "deploy"):
            continue
        argv = [("v1.0" if arg == "VALUE" else arg) for arg in written]
        (root / "snapshots").mkdir(exist_ok=True)
        result = _run(argv, root)
        assert result.returncode == 0, (argv, result.stdout, result.stderr)
        ran.append((workflow, argv[1]))
    assert sorted(ran) == [("publish.yml", "deploy"), ("release.yml", "deploy"), ("release.yml", "snapshot")]
    assert (root / "snapshots" / "v1.0.tar.gz").is_file()
    pages = subprocess.run(
        ["git", "ls-tree", "--name-only", "gh-pages"],
        cwd=tmp_path / "remote.git",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"latest", "main", "v1.0", "versions.json"} <= set(pages)
