"""``isms check --strict`` and ``mkdocs build --strict`` agree on every bad input of the check suite.

Each :class:`~tests.conftest.Case` of ``tests/core/test_checks_*.py`` breaks the minimal fixture one way;
here each is run through both the command and a real strict build of the same repository: both must
fail, or both pass. A build that stops on something the check let through (a page where the plugin
generates one, an anchor MkDocs does not know) is a defect of the check.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from pathlib import Path

import pytest

from isms.cli.main import main
from tests.conftest import TESTS, Case, Repo, case_id

pytestmark = pytest.mark.slow


def every_case() -> list[Case]:
    cases: list[Case] = []
    for module in sorted(path.stem for path in (TESTS / "core").glob("test_checks_*.py")):
        cases += importlib.import_module(f"tests.core.{module}").CASES
    return cases


CASES = every_case()


def config(as_of: dt.date) -> str:
    """A site as strict as the example's; MkDocs' own theme and no downloads, to build 140 sites in a minute."""
    return (
        "site_name: Agreement\ntheme: {name: mkdocs}\n"
        f"plugins: [{{isms: {{as_of: '{as_of.isoformat()}', exports: false}}}}]\n"
        "validation: {links: {anchors: warn}}\n"
    )


def builds(root: Path) -> bool:
    """Whether ``mkdocs build --strict`` of ``root`` succeeds (in this process: a subprocess each is too slow)."""
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415
    from mkdocs.exceptions import Abort  # noqa: PLC0415

    mkdocs_config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    try:
        build(mkdocs_config)
    except Abort:
        return False
    return True


def checks(root: Path, as_of: dt.date, capsys: pytest.CaptureFixture[str]) -> bool:
    """Whether ``isms check --strict`` of ``root`` passes, run as a user runs it."""
    status = main(["check", "--strict", "--as-of", as_of.isoformat(), "--root", str(root)])
    capsys.readouterr()
    assert status in (0, 1)
    return status == 0


def test_every_case_of_the_check_suite_is_here() -> None:
    assert len(CASES) >= 100
    assert {"generated-page-clash", "document-without-id"} <= {case.rule for case in CASES}


def test_the_untouched_fixture_passes_both(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("mkdocs.yml", config(dt.date(2026, 11, 28)))
    assert checks(repo.root, dt.date(2026, 11, 28), capsys)
    assert builds(repo.root)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_check_and_build_agree(
    repo: Repo, case: Case, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    case.apply(repo)
    repo.write("mkdocs.yml", config(case.as_of))
    caplog.set_level(logging.WARNING, logger="mkdocs")
    checked = checks(repo.root, case.as_of, capsys)
    built = builds(repo.root)
    assert checked == built, f"isms check --strict {'passes' if checked else 'fails'} but the build does not"
    assert not checked, "every case breaks the repository: both must fail"


@pytest.mark.parametrize(
    ("page", "text"),
    [
        pytest.param("docs/isms/notes.md", "# Notes\n\nBeside the generated pages.\n", id="own-page-in-docs-isms"),
        pytest.param(
            "docs/notes.md",
            "# Notes\n\n[SoA 5.1](isms/soa.md#soa-5-1), [R-1](isms/risks.md#risk-r-1), "
            "[MR-2026](isms/reviews.md#review-mr-2026), [clause 6.1.2](isms/soa.md#clause-6-1-2)\n",
            id="links-to-generated-anchors",
        ),
    ],
)
def test_good_pages_pass_both(repo: Repo, page: str, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(page, text)
    repo.write("mkdocs.yml", config(dt.date(2026, 11, 28)))
    assert checks(repo.root, dt.date(2026, 11, 28), capsys)
    assert builds(repo.root)
