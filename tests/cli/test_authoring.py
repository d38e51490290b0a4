"""Authoring through pull requests as authors and CI meet it: annotations, the pre-commit hook,
CODEOWNERS, and `isms due` for the reminder job."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from isms.cli.main import main
from isms.cli.reporters import as_github
from isms.core.codeowners import codeowners
from isms.core.load import load
from tests.conftest import AS_OF, MINIMAL, Repo

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- isms check --format github -------------------------------------------------------------------


def test_github_format_annotates_each_finding_on_its_file_and_line(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.replace("registers/assets.yml", "    owner: ciso\n", "    owner: cisco\n")
    code, out, err = run(capsys, "check", "--format", "github", "--as-of", "2026-11-28", "--root", str(repo.root))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "::error file=registers/assets.yml,line=37,title=isms unknown-reference::asset AST-4: owner: 'cisco' is not "
        "a known role — did you mean 'ciso'? roles are defined in registers/roles.yml",
        "FAILED: 1 error, 0 warnings — 3 documents, 4 assets, 3 risks, 2 treatments, 93 SoA entries, as of 2026-11-28",
    ]


def test_github_format_escapes_data_and_properties(repo: Repo) -> None:
    result = repo.check()
    from isms.core.findings import Finding, warning  # noqa: PLC0415

    result.findings = [warning("docs/a,b:c%.md", 3, "50% done\r\nnext line", "fix, then: go", rule="x")]
    strict, lenient = as_github(result, strict=True), as_github(result, strict=False)
    assert lenient.splitlines()[0] == (
        "::warning file=docs/a%2Cb%3Ac%25.md,line=3,title=isms x::50%25 done%0D%0Anext line — fix, then: go"
    )
    assert strict.startswith("::error ")  # under --strict a warning fails the run, so it is shown as one
    result.findings = [Finding("error", "registers/x.yml", 0, "m")]
    assert as_github(result, strict=False).splitlines()[0] == "::error file=registers/x.yml,title=isms error::m"


# --- the pre-commit hook --------------------------------------------------------------------------


def test_pre_commit_hooks_run_and_pass_on_a_clean_repository(repo: Repo) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["isms-check", "isms-codeowners"]
    repo.write(".github/CODEOWNERS", codeowners(load(repo.root)[0]))
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert re.search(hook["files"], "registers/risks.yml")
        assert re.search(hook["files"], "docs/policies/access-control.md")
        command = shlex.split(hook["entry"])
        assert command[0] == "isms"
        extra = ["--as-of", AS_OF.isoformat()] if command[1] == "check" else []
        result = subprocess.run(
            [sys.executable, "-m", "isms", *command[1:], *extra],
            cwd=repo.root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (hook["id"], result.stdout, result.stderr)


def test_pre_commit_check_hook_fails_on_a_broken_register(repo: Repo) -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    repo.replace("registers/assets.yml", "    owner: ciso\n", "    owner: cisco\n")
    result = subprocess.run(
        [sys.executable, "-m", "isms", *shlex.split(hook["entry"])[1:], "--as-of", AS_OF.isoformat()],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "registers/assets.yml:37: error: asset AST-4: owner: 'cisco' is not a known role" in result.stdout


# --- CODEOWNERS -----------------------------------------------------------------------------------


def test_codeowners_maps_each_owner_role_to_its_handle(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "codeowners", "--out", "-", "--root", str(repo.root))
    assert code == 0
    assert "# /registers/risks.yml: role 'ciso' has no handle in registers/roles.yml" in out.splitlines()
    repo.replace("registers/roles.yml", "  - id: ciso\n", '  - id: ciso\n    handle: "@jo-ciso"\n')
    code, out, _ = run(capsys, "codeowners", "--out", "-", "--root", str(repo.root))
    lines = out.splitlines()
    assert code == 0
    assert lines[4:6] == ["# Everything else: the owner of the ISMS (registers/isms.yml).", "* @jo-ciso"]
    assert "/registers/risks.yml @jo-ciso" in lines
    assert "/docs/policies/information-security.md @jo-ciso" in lines
    assert not any("'ciso' has no handle" in line for line in lines)


HANDLE_HINT = (
    "write @user or @org/team (letters, digits and hyphens; a team may also hold _ and .) or an email address,"
    " with nothing else on the line"
)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        pytest.param('"@jo-ciso\\n* @attacker"', "'@jo-ciso\\n* @attacker'", id="line-break"),
        pytest.param('"@jo-ciso @attacker"', "'@jo-ciso @attacker'", id="second-owner"),
        pytest.param('"@jo-ciso #x"', "'@jo-ciso #x'", id="comment"),
        pytest.param('"@-jo"', "'@-jo'", id="leading-hyphen"),
        pytest.param('"@org/"', "'@org/'", id="empty-team"),
    ],
)
def test_a_handle_that_would_inject_into_codeowners_is_refused(
    repo: Repo, capsys: pytest.CaptureFixture[str], written: str, shown: str
) -> None:
    repo.replace("registers/roles.yml", "  - id: ciso\n", f"  - id: ciso\n    handle: {written}\n")
    finding = (
        f"registers/roles.yml:11: error: role ciso: handle: {shown} is not a repository-host handle — {HANDLE_HINT}"
    )
    assert [f.text() for f in repo.check().findings if f.rule == "schema"] == [finding]
    code, out, err = run(capsys, "codeowners", "--out", "-", "--root", str(repo.root))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == finding
    assert err.splitlines()[-1] == "isms: error: fix these first (isms check shows them all)"


@pytest.mark.parametrize("handle", ["@jo-ciso", "jo-ciso", "@example-org/security_team.eu", "jo.ciso+isms@example.com"])
def test_handles_of_users_teams_and_email_addresses_are_accepted(
    repo: Repo, capsys: pytest.CaptureFixture[str], handle: str
) -> None:
    repo.replace("registers/roles.yml", "  - id: ciso\n", f'  - id: ciso\n    handle: "{handle}"\n')
    code, out, _ = run(capsys, "codeowners", "--out", "-", "--root", str(repo.root))
    assert code == 0
    owner = handle if handle.startswith("@") or "@" in handle else "@" + handle
    assert f"/registers/risks.yml {owner}" in out.splitlines()


def test_codeowners_check_fails_when_out_of_date(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "codeowners", "--root", str(repo.root))[:2] == (0, "wrote .github/CODEOWNERS\n")
    assert run(capsys, "codeowners", "--check", "--root", str(repo.root))[0] == 0
    repo.replace("registers/roles.yml", "  - id: ciso\n", '  - id: ciso\n    handle: "@new"\n')
    code, _, err = run(capsys, "codeowners", "--check", "--root", str(repo.root))
    fix = "run: isms codeowners --out .github/CODEOWNERS"
    assert code == 1
    assert err.splitlines()[:2] == [
        f".github/CODEOWNERS: /registers/assets.yml lacks @new (ciso, its owner) — {fix}",
        f".github/CODEOWNERS: /registers/audits.yml lacks @new (ciso, its owner) — {fix}",
    ]
    assert err.splitlines()[-1] == f".github/CODEOWNERS: out of date — {fix}"
    repo.delete(".github/CODEOWNERS")
    code, _, err = run(capsys, "codeowners", "--check", "--root", str(repo.root))
    assert (code, err) == (1, f".github/CODEOWNERS: missing — {fix}\n")


HANDLES = '  - id: ceo\n    handle: "@ada"\n', '  - id: ciso\n    handle: "@ben"\n', '  - id: cto\n    handle: "@cy"\n'


def _with_handles(repo: Repo) -> None:
    for line in HANDLES:
        repo.replace("registers/roles.yml", line.split("\n")[0] + "\n", line)


def test_codeowners_names_the_approver_beside_the_owner(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    """A change to an approved file needs its approver's review: the owner cannot approve their own pull request."""
    _with_handles(repo)
    repo.replace("registers/assets.yml", "approved_by: ceo", "approved_by: ciso")  # one person, named once
    code, out, _ = run(capsys, "codeowners", "--out", "-", "--root", str(repo.root))
    lines = out.splitlines()
    assert code == 0
    assert "/registers/risks.yml @ben @ada" in lines
    assert "/registers/assets.yml @ben" in lines
    assert "/docs/policies/information-security.md @ben @ada" in lines


def test_codeowners_check_names_an_approver_the_file_lacks(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    _with_handles(repo)
    assert run(capsys, "codeowners", "--root", str(repo.root))[0] == 0
    # The file as written before approvers were named, or edited by hand: the owner only.
    text = repo.read(".github/CODEOWNERS")
    repo.write(
        ".github/CODEOWNERS", text.replace("/docs/procedures/risk.md @ben @ada", "/docs/procedures/risk.md @ben")
    )
    repo.replace("docs/policies/information-security.md", "approver: ceo", "approver: cto")
    code, _, err = run(capsys, "codeowners", "--check", "--root", str(repo.root))
    fix = "run: isms codeowners --out .github/CODEOWNERS"
    assert (code, err.splitlines()) == (
        1,
        [
            f".github/CODEOWNERS: /docs/policies/information-security.md lacks @cy (cto, approver of POL-IS) — {fix}",
            f".github/CODEOWNERS: /docs/procedures/risk.md lacks @ada (ceo, approver of PRO-RISK) — {fix}",
            f".github/CODEOWNERS: out of date — {fix}",
        ],
    )
    assert run(capsys, "codeowners", "--root", str(repo.root))[0] == 0
    assert "/docs/policies/information-security.md @ben @cy" in repo.read(".github/CODEOWNERS").splitlines()
    assert run(capsys, "codeowners", "--check", "--root", str(repo.root))[:2] == (
        0,
        ".github/CODEOWNERS is up to date\n",
    )


def test_an_approver_without_a_handle_is_listed_as_such(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.replace("registers/roles.yml", "  - id: ciso\n", '  - id: ciso\n    handle: "@ben"\n')
    code, out, _ = run(capsys, "codeowners", "--out", "-", "--root", str(repo.root))
    lines = out.splitlines()
    assert code == 0
    assert "/registers/risks.yml @ben" in lines
    assert "# /registers/risks.yml: role 'ceo' has no handle in registers/roles.yml" in lines


def test_codeowners_escapes_spaces_in_paths() -> None:
    from isms.core.codeowners import _pattern  # noqa: PLC0415

    assert _pattern("docs/my policy #1.md") == "/docs/my\\ policy\\ \\#1.md"


# --- isms due -------------------------------------------------------------------------------------


def test_due_lists_what_falls_due_sorted_with_owner(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "due", "--within", "400", "--as-of", "2026-11-28", "--root", str(MINIMAL))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    dates = [line.split()[0] for line in lines[:-1]]
    assert dates == sorted(dates) and dates
    assert all(" — owner: " in line for line in lines[:-1])
    assert re.fullmatch(r"\d+ items? due by 2028-01-02 \(\d+ overdue\), as of 2026-11-28", lines[-1])
    kinds = {line.split()[1] for line in lines[:-1]}
    assert {"review", "treatment"} <= kinds


def test_an_audit_falls_due_to_the_owner_of_the_programme_not_to_its_auditor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The auditor may be a contracted person named in free text; the programme's owner is a role who answers."""
    code, out, _ = run(capsys, "due", "--within", "30", "--as-of", "2026-11-28", "--root", str(MINIMAL))
    assert code == 0
    (line,) = [line for line in out.splitlines() if " audit IA-2:" in line]
    assert (
        line == "2026-12-10  audit IA-2: Operation, evaluation and improvement — owner: ciso — registers/audits.yml:25"
    )


def test_due_json_and_overdue(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "due", "--format", "json", "--within", "0", "--as-of", "2027-06-30", "--root", str(repo.root)
    )
    assert code == 0
    items = json.loads(out)
    assert items and all(item["overdue"] or item["date"] == "2027-06-30" for item in items)
    assert set(items[0]) == {"date", "kind", "id", "title", "owner", "path", "line", "overdue"}
    assert [item["date"] for item in items] == sorted(item["date"] for item in items)


def test_due_rejects_a_bad_number_of_days(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["due", "--within", "soon"])
    assert exit_.value.code == 2
    assert "'soon' is not a number of days" in capsys.readouterr().err


def test_the_readme_walks_an_author_from_clone_to_merged_change() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    authoring = readme.split("\n## Authoring\n", 1)[1].split("\n## ", 1)[0]
    assert "### From clone to merged change" in authoring
    for text in (
        "isms new policy",
        "isms due",
        "isms build --audience",
        "isms codeowners",
        "isms schemas",
        "isms check --format github",
        "redhat.vscode-yaml",
        ".pre-commit-hooks.yaml",
        "pull-request.yml",
    ):
        assert text in authoring, text
