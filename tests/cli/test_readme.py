"""The README is what a new user follows: its commands must be true, and it points to the reference in the site."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from isms.site.reference import CHECK_RULES, FRONT_MATTER, INDEX, MACROS, MANDATORY, REGISTER_FIELDS
from isms.site.urls import page_url

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE_PAGES = (INDEX, REGISTER_FIELDS, FRONT_MATTER, CHECK_RULES, MANDATORY, MACROS)


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README, flags=re.DOTALL)


def _setup(lock: str) -> list[str]:
    """A fresh venv, the lock's files checked against their hashes, then the project itself with nothing unhashed:
    no dependency (all are in the lock) and no isolated build fetching its own setuptools (the lock has it)."""
    return [
        "python3.11 -m venv .venv",
        f".venv/bin/pip install --require-hashes -r {lock}",
        ".venv/bin/pip install --no-deps --no-build-isolation -e .",
    ]


def test_readme_opens_with_serve_and_test_commands() -> None:
    serve, test = (command.split(" && ") for command in _commands()[:2])
    # Serving installs the runtime lock only: no test runner, type checker or browser driver.
    assert serve == [*_setup("plugins/requirements.lock"), ".venv/bin/mkdocs serve"]
    assert test == [*_setup("plugins/requirements-dev.lock"), ".venv/bin/pytest"]
    before = README.split("```sh", 1)[0]
    assert before.count("\n") <= 4, "the set-up commands must come first"


def test_ci_runs_the_readmes_test_command() -> None:
    test = _commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_readme_stays_short_and_points_to_the_reference_and_the_architecture() -> None:
    assert README.count("\n") <= 250, "long material belongs in the site's reference or plugins/ARCHITECTURE.md"
    assert (ROOT / "plugins" / "ARCHITECTURE.md").is_file() and "(plugins/ARCHITECTURE.md)" in README
    mentioned = set(re.findall(r"`(isms/reference/[a-z-]*/?)`", README))
    assert mentioned, "the README names the reference pages"
    pages = {page_url(src, True) for src in REFERENCE_PAGES}
    assert mentioned <= pages, mentioned - pages


def test_readme_keeps_what_a_reviewer_and_an_author_are_sent_to() -> None:
    # The checks' hints send authors to "the README's table of mandatory documented information".
    assert "\n### Mandatory documented information\n" in README
    trust = README.split("\n## Trust notes for reviewers\n", 1)[1].split("\n## ", 1)[0]
    assert "Macros in page bodies run code by design" in trust
    for text in ("{{ ... }}", "{% ... %}", "include", "classification", "builder's rights", "never templates"):
        assert text in trust, text


def test_architecture_names_every_layer_of_the_import_contract() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    layers = next(contract["layers"] for contract in contracts if contract["type"] == "layers")
    architecture = (ROOT / "plugins" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for layer in layers:
        assert f"`{layer}`" in architecture, layer
    assert " → ".join(layer.removeprefix("isms.") for layer in layers) in architecture.replace("`", "")
