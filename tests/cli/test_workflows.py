"""The CI workflows call only commands that exist, with options they accept, and that this suite runs."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from isms.cli.commands import COMMANDS
from isms.cli.main import _parser
from isms.core.codeowners import codeowners
from isms.core.load import load
from tests.conftest import copy_example

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TOOLS = ("isms", "mkdocs", "mike")
# Runs only gh on the pull-request run's artifact, never the project's code (tested below by running its script).
COMMENT = "pull-request-comment.yml"


def commands() -> list[tuple[str, list[str]]]:
    """``(workflow, argv)`` of every isms, mkdocs and mike command in a ``run:`` step."""
    found = []
    for path in WORKFLOWS:
        if path.name == COMMENT:
            continue
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


def _workflow(name: str) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    return loaded


def test_there_are_workflows_for_pull_requests_their_comments_main_and_releases() -> None:
    assert [path.name for path in WORKFLOWS] == [
        "publish.yml",
        "pull-request-comment.yml",
        "pull-request.yml",
        "release.yml",
    ]
    triggers = {path.name: _workflow(path.name)[True] for path in WORKFLOWS}
    assert "pull_request" in triggers["pull-request.yml"]
    assert triggers["pull-request-comment.yml"] == {
        "workflow_run": {"workflows": [_workflow("pull-request.yml")["name"]], "types": ["completed"]}
    }
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
    root = copy_example(tmp_path / "example")
    shutil.copytree(ROOT / ".github", root / ".github")  # the workflows are the repository's, not the ISMS's
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    # CODEOWNERS belongs to the ISMS, not to the workflows: the example's own, not the repository's (an
    # adopter's repository has theirs).
    (root / ".github" / "CODEOWNERS").write_text(codeowners(load(root)[0]), encoding="utf-8")
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
    # A change of the approved text without a new approval date fails the pull request.
    policy.write_text(policy.read_text(encoding="utf-8") + "\nA sentence nobody approved.\n", encoding="utf-8")
    _git(root, "commit", "-q", "-am", "unapproved change")
    result = _run(argv, root)
    assert result.returncode == 1
    assert "### Changed without a new approval (1)" in result.stdout
    assert result.stderr.startswith(
        "docs/policies/backup.md:7: error: document POL-BACKUP: changed and given version 9"
    )


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


# --- supply chain: what the workflows may do and what they run --------------------------------------


def test_the_pull_request_workflow_reads_only_and_holds_no_secret() -> None:
    """It runs the pull request's code, which anyone may write: read-only rights, no secret, no token left."""
    workflow = _workflow("pull-request.yml")
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values()), "a job would widen the rights"
    text = yaml.safe_dump(workflow).lower()  # what runs, without the comments
    assert "secrets." not in text
    assert "token" not in text  # github.token, GITHUB_TOKEN, GH_TOKEN
    assert "pull_request_target" not in text
    checkouts = [step for step in workflow["jobs"]["check"]["steps"] if "actions/checkout@" in step.get("uses", "")]
    assert [step["with"]["persist-credentials"] for step in checkouts] == [False]


def _comment_step() -> dict[str, Any]:
    (job,) = _workflow(COMMENT)["jobs"].values()
    (step,) = job["steps"]
    return dict(step)


def test_the_comment_workflow_writes_only_comments_and_runs_nothing_of_the_pull_request() -> None:
    workflow = _workflow(COMMENT)
    assert workflow["permissions"] == {"actions": "read", "pull-requests": "write"}
    (job,) = workflow["jobs"].values()
    assert "permissions" not in job
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    assert all("uses" not in step for step in job["steps"]), "no checkout, no action: only gh"
    script = _comment_step()["run"]
    for tool in (*TOOLS, "pip", "python", "git", "bash", "source", "eval"):
        assert not re.search(rf"(^|[\s;&|(]){tool}\b", script), tool
    # It downloads the artifact the pull-request workflow uploads.
    (upload,) = (
        step
        for step in _workflow("pull-request.yml")["jobs"]["check"]["steps"]
        if "upload-artifact@" in step.get("uses", "")
    )
    assert f"--name {upload['with']['name']} --dir summary" in script
    assert upload["with"]["path"].split() == ["changes.md", "number"]


FAKE_GH = """#!/bin/sh
# gh as the comment step uses it: the artifact comes from $ARTIFACT, the head from $PR_HEAD; calls are logged.
echo "$*" >> "$GH_LOG"
case "$1 $2" in
  "run download") mkdir -p summary && cp -P "$ARTIFACT"/* summary/ ;;
  "pr view") echo "$PR_HEAD" ;;
esac
"""
HEAD = "0123456789abcdef0123456789abcdef01234567"


def _comment(tmp_path: Path, number: str, head: str = HEAD) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run the comment step's script as written, with gh faked, on an artifact holding ``number``."""
    bin_dir, artifact, work = tmp_path / "bin", tmp_path / "artifact", tmp_path / "work"
    for folder in (bin_dir, artifact, work):
        folder.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    (artifact / "number").write_text(number, encoding="utf-8")
    if not (artifact / "changes.md").exists():
        (artifact / "changes.md").write_text("## Changes\n", encoding="utf-8")
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(tmp_path / "gh.log"),
        "ARTIFACT": str(artifact),
        "PR_HEAD": head,
        "GITHUB_REPOSITORY": "owner/isms",
        "RUN_ID": "42",
        "HEAD_SHA": HEAD,
        "GH_TOKEN": "not-a-token",
    }
    result = subprocess.run(
        ["bash", "-c", _comment_step()["run"]], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    log = tmp_path / "gh.log"
    return result, log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_the_comment_step_posts_the_summary_on_the_pull_request_that_was_checked(tmp_path: Path) -> None:
    result, calls = _comment(tmp_path, "17\n")
    assert (result.returncode, result.stderr) == (0, "")
    assert calls == [
        "run download 42 --repo owner/isms --name change-summary --dir summary",
        "pr view 17 --repo owner/isms --json headRefOid --jq .headRefOid",
        "pr comment 17 --repo owner/isms --body-file summary/changes.md --edit-last",
    ]


def test_the_comment_step_refuses_a_number_that_is_not_one(tmp_path: Path) -> None:
    result, calls = _comment(tmp_path, "17 --repo other/repo")
    assert (result.returncode, result.stderr) == (1, "not a pull request number: 17 --repo other/repo\n")
    assert [call.split()[:2] for call in calls] == [["run", "download"]]


def test_the_comment_step_refuses_a_pull_request_other_than_the_one_checked(tmp_path: Path) -> None:
    result, calls = _comment(tmp_path, "18", head="f" * 40)
    assert (result.returncode, result.stderr) == (1, f"pull request 18 is not at {HEAD}\n")
    assert not any(call.startswith("pr comment") for call in calls)


def test_the_comment_step_refuses_a_link_in_the_artifact(tmp_path: Path) -> None:
    """A link could make gh post a file of the runner, its token in /proc/self/environ say, as the comment."""
    (tmp_path / "artifact").mkdir()
    (tmp_path / "artifact" / "changes.md").symlink_to("/proc/self/environ")
    result, calls = _comment(tmp_path, "17")
    assert (result.returncode, result.stderr) == (1, "summary/changes.md is not a regular file\n")
    assert not any(call.startswith("pr") for call in calls)


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>\S+)(?P<rest>.*)$")


def test_every_action_is_pinned_by_its_commit_with_the_version_beside_it() -> None:
    """A tag can be moved to other code; a commit cannot. The comment says which release the commit is."""
    seen = set()
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if match := USES.match(line):
                where = f"{path.name}:{number}"
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", match["action"]), where
                assert re.fullmatch(r"  # v\d+\.\d+\.\d+", match["rest"]), where
                seen.add(match["action"].split("@")[0])
    assert seen == {"actions/checkout", "actions/setup-python", "actions/upload-artifact"}


def test_every_install_in_the_workflows_is_hash_checked_and_builds_nothing_unchecked() -> None:
    installs = []
    for path in WORKFLOWS:
        for job in _workflow(path.name)["jobs"].values():
            for step in job["steps"]:
                for part in re.split(r"&&|\|\||[;\n]", step.get("run", "")):
                    if "pip install" in part:
                        installs.append((path.name, part.split()))
    assert installs, "the workflows install the project"
    for workflow, argv in installs:
        assert argv[:3] == ["python", "-m", "pip"], (workflow, argv)
        assert argv[3:] in (
            ["install", "--require-hashes", "-r", "plugins/requirements.lock"],
            ["install", "--no-deps", "--no-build-isolation", "-e", "."],
        ), (workflow, argv)
