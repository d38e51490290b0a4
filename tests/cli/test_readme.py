"""The README is what a new user follows: its commands and its reference must be true."""

from __future__ import annotations

import re
from pathlib import Path

from isms.core.catalogue import registers
from isms.core.models.documents import FrontMatter
from isms.site.reference import update

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README, flags=re.DOTALL)


def test_readme_opens_with_serve_and_test_commands() -> None:
    serve, test = _commands()[:2]
    assert serve.startswith("python3.11 -m venv .venv && ") and serve.endswith("mkdocs serve")
    assert test.startswith("python3.11 -m venv .venv && ") and test.endswith("pytest")
    # Both start with the same set-up, so following either leaves the same environment.
    assert serve.rsplit("&&", 1)[0] == test.rsplit("&&", 1)[0]
    before = README.split("```sh", 1)[0]
    assert before.count("\n") <= 4, "the set-up commands must come first"


def test_ci_runs_the_readmes_test_command() -> None:
    test = _commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_generated_reference_is_up_to_date() -> None:
    assert update(README) == README, "run: python -m isms.site.reference README.md"


def test_reference_documents_every_register_and_front_matter_field() -> None:
    for spec in registers():
        assert f"`registers/{spec.name}.yml`" in README
        for name in spec.model.model_fields:
            assert f"| `{name}` |" in README, f"{spec.name}: {name} is not documented"
    for name in FrontMatter.model_fields:
        assert f"| `{name}` |" in README
