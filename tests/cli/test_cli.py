"""``isms check`` as a user runs it: what it prints, on which stream, and its exit code."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from isms import __version__
from isms.cli.main import main
from tests.conftest import MINIMAL, Repo

COUNTS = "3 documents, 4 assets, 3 risks, 2 treatments, 93 SoA entries"
CLEAN = f"OK: 0 errors, 0 warnings (strict: warnings fail) — {COUNTS}, as of 2026-11-28\n"
OVERDUE = (
    "registers/treatments.yml:13: warning: treatment T-1: overdue since 2026-11-27 (status: in progress)"
    " — finish it and set status: done with completed_on, or agree a new due date"
)
OWNER = (
    "registers/assets.yml:37: error: asset AST-4: owner: 'cisco' is not a known role"
    " — did you mean 'ciso'? roles are defined in registers/roles.yml"
)


def isms(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m isms`` in a fresh process, as a user or CI would."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "isms", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        check=False,
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "check", "--as-of", "2026-11-28", "--root", str(root), *args)


# --- in a real process ------------------------------------------------------------------------


def test_clean_repository_in_a_real_process() -> None:
    result = isms("check", "--strict", "--as-of", "2026-11-28", "--root", str(MINIMAL))
    assert (result.returncode, result.stdout, result.stderr) == (0, CLEAN, "")


def test_errors_in_a_real_process_run_from_the_repository_root(repo: Repo) -> None:
    repo.replace("registers/assets.yml", "    owner: ciso\n", "    owner: cisco\n")
    result = isms("check", "--as-of", "2026-11-28", cwd=repo.root)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == f"{OWNER}\nFAILED: 1 error, 0 warnings — {COUNTS}, as of 2026-11-28\n"


def test_version() -> None:
    result = isms("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"isms {__version__}\n", "")


# --- through main() ---------------------------------------------------------------------------


def test_clean_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys, MINIMAL, "--strict") == (0, CLEAN, "")
    assert check(capsys, MINIMAL) == (0, f"OK: 0 errors, 0 warnings — {COUNTS}, as of 2026-11-28\n", "")


def test_errors_fail_with_every_finding_and_a_summary(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.replace("registers/assets.yml", "    owner: ciso\n", "    owner: cisco\n")
    repo.replace("registers/assets.yml", "    type: hardware\n", "    type: hardwear\n")
    repo.replace("registers/treatments.yml", "due: 2027-01-31", "due: 2026-11-27")
    code, out, err = check(capsys, repo.root)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "registers/assets.yml:36: error: asset AST-4: type: 'hardwear' is not an allowed value — did you mean"
        " 'hardware'? use one of: information, software, hardware, service, people, site, supplier, intangible",
        # AST-4 failed to load, so risk R-2's reference to it is not reported a second time.
        OVERDUE,
        "FAILED: 1 error, 1 warning — 3 documents, 3 assets, 3 risks, 2 treatments, 93 SoA entries, as of 2026-11-28",
    ]


@pytest.mark.parametrize(
    ("strict", "code", "summary"),
    [
        pytest.param((), 0, f"OK: 0 errors, 1 warning — {COUNTS}, as of 2026-11-28", id="warnings-pass"),
        pytest.param(
            ("--strict",),
            1,
            f"FAILED: 0 errors, 1 warning (strict: warnings fail) — {COUNTS}, as of 2026-11-28",
            id="strict-warnings-fail",
        ),
    ],
)
def test_warnings_fail_only_when_strict(
    repo: Repo, capsys: pytest.CaptureFixture[str], strict: tuple[str, ...], code: int, summary: str
) -> None:
    repo.replace("registers/treatments.yml", "due: 2027-01-31", "due: 2026-11-27")
    assert check(capsys, repo.root, *strict) == (code, f"{OVERDUE}\n{summary}\n", "")


def test_as_of_moves_the_judgement(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--strict", "--as-of", "2027-02-01", "--root", str(MINIMAL))
    assert code == 1
    assert OVERDUE.replace("2026-11-27", "2027-01-31") in out.splitlines()
    assert out.endswith(f"(strict: warnings fail) — {COUNTS}, as of 2027-02-01\n")


def test_as_of_defaults_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    before = dt.date.today()
    _, out, _ = run(capsys, "check", "--root", str(MINIMAL))
    assert out.rstrip("\n").rsplit(", as of ", 1)[1] in {before.isoformat(), dt.date.today().isoformat()}


def test_json_output(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.replace("registers/assets.yml", "    owner: ciso\n", "    owner: cisco\n")
    repo.replace("registers/treatments.yml", "due: 2027-01-31", "due: 2026-11-27")
    code, out, err = check(capsys, repo.root, "--format", "json", "--strict")
    assert (code, err) == (1, "")
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines == [
        {
            "severity": "error",
            "path": "registers/assets.yml",
            "line": 37,
            "message": "asset AST-4: owner: 'cisco' is not a known role",
            "hint": "did you mean 'ciso'? roles are defined in registers/roles.yml",
            "rule": "unknown-reference",
        },
        {
            "severity": "warning",
            "path": "registers/treatments.yml",
            "line": 13,
            "message": "treatment T-1: overdue since 2026-11-27 (status: in progress)",
            "hint": "finish it and set status: done with completed_on, or agree a new due date",
            "rule": "treatment-overdue",
        },
        {"summary": {"ok": False, "errors": 1, "warnings": 1, "strict": True, "as_of": "2026-11-28"}},
    ]


def test_json_output_of_a_clean_repository(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, MINIMAL, "--format", "json")
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {"summary": {"ok": True, "errors": 0, "warnings": 0, "strict": False, "as_of": "2026-11-28"}}
    ]


def test_a_finding_about_a_whole_file_has_no_line(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("registers/risk.yml", "x: 1\n")
    code, out, _ = check(capsys, repo.root)
    assert code == 1
    assert out.splitlines()[0] == (
        "registers/risk.yml: error: 'risk.yml' is not a register this tool knows — did you mean registers/risks.yml?"
    )
    code, out, _ = check(capsys, repo.root, "--format", "json")
    assert json.loads(out.splitlines()[0])["line"] == 0


def test_docs_dir_option(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.path("docs").rename(repo.path("pages"))
    assert check(capsys, repo.root, "--strict", "--docs-dir", "pages") == (0, CLEAN, "")
    code, out, _ = check(capsys, repo.root)
    assert code == 1
    assert "docs: error: the docs folder is missing — create docs/ with the ISMS documents" in out.splitlines()


# --- bad usage: exit code 2, a message on stderr, nothing on stdout ---------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("check", "--bogus"), "isms: error: unrecognized arguments: --bogus", id="unknown-option"),
        pytest.param(
            ("check", "--as-of", "31/12/2026"),
            "isms check: error: argument --as-of: '31/12/2026' is not a date; write it as YYYY-MM-DD",
            id="bad-as-of",
        ),
        pytest.param(
            ("check", "--as-of", "2026-02-30"),
            "isms check: error: argument --as-of: '2026-02-30' is not a date; write it as YYYY-MM-DD",
            id="impossible-as-of",
        ),
        pytest.param(
            ("check", "--format", "xml"),
            "isms check: error: argument --format: invalid choice: 'xml' (choose from 'text', 'json', 'github')",
            id="bad-format",
        ),
        pytest.param((), "isms: error: the following arguments are required: COMMAND", id="no-command"),
        pytest.param(("audit",), "isms: error: argument COMMAND: invalid choice: 'audit'", id="unknown-command"),
    ],
)
def test_bad_usage(capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    assert (exited.value.code, out) == (2, "")
    assert err.startswith("usage: isms")
    assert message in err.splitlines()[-1]


def test_bad_usage_in_a_real_process() -> None:
    result = isms("check", "--as-of", "tomorrow", "--root", str(MINIMAL))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "isms check: error: argument --as-of: 'tomorrow' is not a date; write it as YYYY-MM-DD"
    )
    assert "Traceback" not in result.stderr


def test_a_folder_without_registers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs").mkdir()
    assert check(capsys, tmp_path) == (
        2,
        "",
        f"isms: error: {tmp_path.resolve()} has no registers/ folder"
        " — run isms in the repository root or pass --root\n",
    )


def test_a_root_that_is_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    assert check(capsys, missing) == (2, "", f"isms: error: {missing} is not a folder\n")
    (tmp_path / "file").write_text("x")
    assert check(capsys, tmp_path / "file") == (2, "", f"isms: error: {tmp_path / 'file'} is not a folder\n")


# --- broken input never shows a traceback -----------------------------------------------------


def _write(rel: str, data: bytes | str) -> Callable[[Repo], None]:
    def edit(repo: Repo) -> None:
        if isinstance(data, bytes):
            repo.write_bytes(rel, data)
        else:
            repo.write(rel, data)

    return edit


def _nul_evidence(repo: Repo) -> None:
    repo.replace("registers/evidence.yml", "location: evidence/backup-test.txt", 'location: "evidence/\\0"')


def _symlink_loop(repo: Repo) -> None:
    os.symlink("loop.yml", repo.path("registers/loop.yml"))


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(10)
)


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        pytest.param(
            _write("registers/roles.yml", b"\x00\x01binary"),
            "registers/roles.yml: error: the file is binary",
            id="binary-register",
        ),
        pytest.param(
            _write("registers/risks.yml", b"risks: caf\xe9\n"),
            "registers/risks.yml:1: error: the file is not UTF-8",
            id="latin-1",
        ),
        pytest.param(
            _write("registers/assets.yml", "[" * 100_000),
            "registers/assets.yml:1: error: the data is nested",
            id="deep-nesting",
        ),
        pytest.param(
            _write("registers/assets.yml", BOMB), "registers/assets.yml:5: error: aliases expand", id="alias-bomb"
        ),
        pytest.param(
            _write("registers/soa.yml", "controls: !!python/object/apply:os.system [ls]\n"),
            "registers/soa.yml:1: error: the tag",
            id="python-tag",
        ),
        pytest.param(
            _write("registers/isms.yml", "- just\n- a list\n"),
            "registers/isms.yml:1: error: the file holds a list",
            id="isms-a-list",
        ),
        pytest.param(
            _write("registers/methodology.yml", "levels: 3\n"),
            "registers/methodology.yml:1: error: the file: the required key",
            id="methodology-a-stub",
        ),
        pytest.param(
            _write("docs/page.md", "---\nid: [\n---\n"),
            "docs/page.md:3: error: front matter: YAML syntax",
            id="front-matter-syntax",
        ),
        pytest.param(
            _write("docs/page.md", b"---\nid: X\x00\n---\n"),
            "docs/page.md: error: the file is binary",
            id="binary-page",
        ),
        pytest.param(lambda repo: repo.path("docs/folder.md").mkdir(), None, id="folder-named-like-a-page"),
        pytest.param(
            _nul_evidence,
            "registers/evidence.yml:19: error: evidence EV-2: location: the text holds the control character U+0000",
            id="nul-in-path",
        ),
        pytest.param(
            _symlink_loop,
            "registers/loop.yml: error: the symbolic link points outside the repository or to nothing (loop.yml)",
            id="symlink-loop",
        ),
        pytest.param(lambda repo: repo.delete("registers"), None, id="no-registers-folder"),
    ],
)
def test_broken_input_never_gives_a_traceback(
    repo: Repo, breakage: Callable[[Repo], None], expected: str | None
) -> None:
    breakage(repo)
    result = isms("check", "--as-of", "2026-11-28", "--root", str(repo.root))
    assert "Traceback" not in result.stderr
    if expected is None:
        assert result.returncode in (0, 2)
    else:
        assert (result.returncode, result.stderr) == (1, "")
        assert any(line.startswith(expected) for line in result.stdout.splitlines()), result.stdout
        assert result.stdout.splitlines()[-1].startswith("FAILED: ")


def test_the_introduction_of_isms_new_names_every_kind_it_makes(capsys: pytest.CaptureFixture[str]) -> None:
    from isms.core.scaffold import DOCUMENT_PREFIXES, kinds  # noqa: PLC0415

    with pytest.raises(SystemExit):
        main(["new", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    introduction = shown[shown.index("Create a controlled document") : shown.index("positional arguments")]
    documents = ", ".join(DOCUMENT_PREFIXES)
    entries = ", ".join(kind for kind in kinds() if kind not in DOCUMENT_PREFIXES)
    assert f"Create a controlled document ({documents}) as a draft under docs/" in introduction
    assert f"append an entry ({entries}) to its register" in introduction
    assert (
        "improvement, exception, issue, party, competence, communication" in entries
    )  # every register with a template, not the first eight
