"""The locks: every file pip installs is named by its hash, the runtime lock holds no development tool, and
both are in step with pyproject.toml. Cheap on purpose (nothing is resolved): after a change to the
dependencies, or a merge of two, ``.ci/lock`` regenerates both and these tests say whether it was run."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME, DEV = ROOT / "plugins" / "requirements.lock", ROOT / "plugins" / "requirements-dev.lock"
PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?P<hashes>(?: --hash=sha256:[0-9a-f]{64})+)")


def parse_lock(text: str, source: str = "lock") -> dict[str, tuple[str, frozenset[str]]]:
    """``{name: (version, hashes)}``; a requirement that is not ``name==version`` with hashes is an error."""
    pins: dict[str, tuple[str, frozenset[str]]] = {}
    for logical in re.sub(r"\s*\\\n\s*", " ", text).splitlines():
        line = logical.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.fullmatch(line)
        if match is None:
            raise ValueError(f"{source}: not an exact version with hashes: {line}")
        pins[canonicalize_name(match["name"])] = (match["version"], frozenset(match["hashes"].split()))
    return pins


def _lock(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    return parse_lock(path.read_text(encoding="utf-8"), path.name)


def _requirements(*extras: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    names = [*project["dependencies"], *(r for extra in extras for r in project["optional-dependencies"][extra])]
    return [Requirement(text) for text in names]


def test_a_lock_line_without_its_hashes_or_from_a_path_is_refused() -> None:
    good = "mkdocs==1.6.1 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via isms-docs (pyproject.toml)\n"
    assert parse_lock(good) == {"mkdocs": ("1.6.1", frozenset({"--hash=sha256:" + "a" * 64}))}
    for bad in ("mkdocs==1.6.1", "isms-docs @ file:///work/isms", "-e .", "mkdocs>=1.6 --hash=sha256:" + "a" * 64):
        with pytest.raises(ValueError) as refused:
            parse_lock(f"{bad}\n    # via isms-docs\n", "requirements.lock")
        assert str(refused.value) == f"requirements.lock: not an exact version with hashes: {bad}"


@pytest.mark.parametrize(("lock", "extras"), [(RUNTIME, ("publish",)), (DEV, ("publish", "dev"))])
def test_each_lock_pins_what_pyproject_asks_for_within_its_ranges(lock: Path, extras: tuple[str, ...]) -> None:
    pins = _lock(lock)
    for requirement in _requirements(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock.name} lacks {requirement}: run .ci/lock"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (
            f"{lock.name} pins {name}=={pins[name][0]}, outside {requirement}: run .ci/lock"
        )


def test_the_runtime_lock_holds_no_development_tool() -> None:
    """The README's serve command installs it: no test runner, type checker or browser driver."""
    runtime = {canonicalize_name(r.name) for r in _requirements("publish")}
    tools = {canonicalize_name(r.name) for r in _requirements("dev")} - runtime
    assert {"pytest", "mypy", "playwright"} <= tools
    assert not tools & set(_lock(RUNTIME)), tools & set(_lock(RUNTIME))


def test_the_runtime_lock_is_the_dev_lock_less_the_tools() -> None:
    """The tests run the very files users install: same versions, same hashes."""
    runtime, dev = _lock(RUNTIME), _lock(DEV)
    assert {name: pin for name, pin in dev.items() if name in runtime} == runtime


def test_the_build_backend_is_pinned_and_locked_with_its_hashes() -> None:
    """The project installs with --no-build-isolation from the setuptools of the lock, the one pyproject names."""
    for text in PYPROJECT["build-system"]["requires"]:
        requirement = Requirement(text)
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"[build-system] requires {text}: pin it exactly"
        for lock in (RUNTIME, DEV):
            assert _lock(lock)[canonicalize_name(requirement.name)][0] == spec.version, (lock.name, text)
