"""A mistake is reported once, where it is made: what fails to load is not reported again as unknown."""

from __future__ import annotations

import copy
import re
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from isms.core import catalogue, yamlsafe
from isms.core.catalogue import RegisterSpec
from isms.core.refs import field_kind
from tests.conftest import MINIMAL, Repo
from tests.support import yamlwriter


def test_a_broken_roles_file_is_one_finding_not_one_per_owner(repo: Repo) -> None:
    repo.replace("registers/roles.yml", "roles:\n", "roles:\n  - [broken\n")
    assert repo.findings() == [
        "registers/roles.yml:7: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)"
        " — check the indentation and quoting on this line and the one above"
    ]


def test_an_entry_that_fails_validation_is_not_also_an_unknown_reference(repo: Repo) -> None:
    repo.replace("registers/roles.yml", "    title: Chief Information Security Officer\n", "    titel: CISO\n")
    findings = repo.findings()
    assert [f.split(": error: ")[1].split(" — ")[0] for f in findings] == [
        "role ciso: the required key 'title' is missing",
        "role ciso: titel: unknown key 'titel'",
    ]


def test_a_document_with_broken_front_matter_is_not_also_an_unknown_or_missing_scope(repo: Repo) -> None:
    repo.replace("docs/scope.md", "title: ISMS scope\n", "title: [ISMS scope\n")
    result = repo.check()
    # One error where the mistake is; 'scope: DOC-SCOPE' in isms.yml is not reported as unknown.
    assert [f.text().split(" (while")[0] for f in result.errors] == [
        "docs/scope.md:4: error: front matter: YAML syntax: did not find expected ',' or ']'"
    ]
    # Nor is the scope document of 4.3 missing: the document is there, and its one finding says what to fix.
    assert result.warnings == []


def test_a_reference_to_an_id_that_never_existed_is_still_reported(repo: Repo) -> None:
    repo.replace("registers/roles.yml", "    title: Chief Information Security Officer\n", "    titel: CISO\n")
    repo.replace("registers/isms.yml", "scope: DOC-SCOPE\n", "scope: DOC-SCOPES\n")
    assert any("'DOC-SCOPES' is not a known document" in f for f in repo.findings())


def test_an_unknown_acceptor_or_approver_is_one_finding_not_also_a_wrong_one(repo: Repo) -> None:
    repo.replace("registers/risks.yml", "      by: ciso\n", "      by: cisco\n")
    repo.replace(
        "registers/treatments.yml",
        "approved_by: [cto]\n    approved_on: 2026-06-15",
        "approved_by: [ctoo]\n    approved_on: 2026-06-15",
    )
    assert [f.split(" — ")[0] for f in repo.findings()] == [
        "registers/risks.yml:28: error: risk R-2: acceptance.by: 'cisco' is not a known role",
        "registers/treatments.yml:15: error: treatment T-1: approved_by[0]: 'ctoo' is not a known role",
    ]


# --- the mistakes of issue 12, each reported once and alone ---------------------------------------------


def test_a_misnamed_register_is_one_finding_and_the_first(repo: Repo) -> None:
    repo.path("registers/risks.yml").rename(repo.path("registers/risk.yml"))
    repo.replace("docs/scope.md", "owner: ciso", "owner: cso")  # an unrelated mistake, reported after it
    assert repo.findings() == [
        "registers/risk.yml: error: 'risk.yml' is not a register this tool knows — did you mean registers/risks.yml?"
        " rename it: the risks register has no file of its own",
        # Not reported: the risks register missing, the unknown risks that the SoA, documents and treatments
        # name, and the missing risk assessment results of clause 8.2.
        "docs/scope.md:5: error: document DOC-SCOPE: owner: 'cso' is not a known role — did you mean 'ciso'?"
        " roles are defined in registers/roles.yml",
    ]


def test_an_unknown_file_beside_its_register_is_only_unknown(repo: Repo) -> None:
    repo.write("registers/risk.yml", repo.read("registers/risks.yml"))
    assert repo.findings() == [
        "registers/risk.yml: error: 'risk.yml' is not a register this tool knows — did you mean registers/risks.yml?"
    ]


def test_a_day_first_date_is_one_finding_with_its_iso_form(repo: Repo) -> None:
    repo.replace("registers/risks.yml", "last_assessed: 2026-06-01", "last_assessed: 21.10.2026")
    # R-1 failed to load, but it is there: the SoA rows and documents naming it are not reported.
    assert repo.findings() == [
        "registers/risks.yml:18: error: risk R-1: last_assessed: '21.10.2026' is not a date"
        " — write it as YYYY-MM-DD: did you mean 2026-10-21?"
    ]


def test_a_bad_value_in_an_soa_row_is_not_also_a_missing_control(repo: Repo) -> None:
    repo.replace("registers/soa.yml", '{control: "8.30", applicable: false', '{control: "8.30", applicable: maybe')
    assert repo.findings() == [
        "registers/soa.yml:94: error: SoA 8.30: applicable: input should be a valid boolean, unable to interpret"
        " input (got 'maybe')"
    ]


def test_a_capitalised_status_is_its_hint_alone(repo: Repo) -> None:
    repo.replace("registers/soa.yml", "status: implemented, owner: ciso}", "status: Implemented, owner: ciso}")
    assert repo.findings() == [
        "registers/soa.yml:6: error: SoA 5.1: status: 'Implemented' is not an allowed value — did you mean"
        " 'implemented'? use one of: implemented, partial, planned, not implemented"
    ]


def test_an_entry_without_a_usable_id_is_named_by_its_place(repo: Repo) -> None:
    repo.replace("registers/risks.yml", "  - id: R-1\n", "  - id: [R-1]\n")
    # Anything may have meant it: what refers to risks is not judged until it loads.
    assert repo.findings() == [
        "registers/risks.yml:6: error: risks[0].id: input should be a valid string — write text here"
    ]


# --- the class: any single bad value is one error, wherever it is -------------------------------------

Keys = tuple[str | int, ...]


def _leaves(data: Any, keys: Keys = ()) -> Iterator[tuple[Keys, Any]]:
    """Every scalar inside ``data`` with where it is, depth first in written order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*keys, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*keys, index))
    else:
        yield keys, data


def _plain(data: Any) -> Any:
    """What :mod:`isms.core.yamlsafe` read, as plain dicts, lists, text, numbers and dates to change and write back."""
    if isinstance(data, dict):
        return {str(key): _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    if isinstance(data, yamlsafe.Number):
        return float(data)
    return data


def _set(data: Any, keys: Keys, value: Any) -> None:
    for key in keys[:-1]:
        data = data[key]
    data[keys[-1]] = value


def _changed(entry: Any, keys: Keys, bad: Any) -> Any:
    changed = copy.deepcopy(entry)
    _set(changed, keys, bad)
    return changed


def _fails(spec: RegisterSpec, entry: Any) -> bool:
    try:
        spec.model.model_validate(entry)
    except ValidationError:
        return True
    return False


def _day_first(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):  # YAML 1.2 reads dates as text
        year, month, day = value.split("-")
        return f"{day}.{month}.{year}"
    return None


def _capitalised(value: Any) -> Any:
    return value[:1].upper() + value[1:] if isinstance(value, str) and value[:1].islower() else None


def _mapping(value: Any) -> Any:
    return {"wrong": "type"}


CORRUPTIONS: dict[str, Callable[[Any], Any]] = {
    "bad-date": _day_first,  # 2026-06-01 -> '01.06.2026'
    "bad-enum": _capitalised,  # implemented -> 'Implemented', where only listed values are allowed
    "wrong-type": _mapping,  # a mapping where a value belongs
}


def _entries(spec: RegisterSpec, data: dict[str, Any]) -> list[tuple[Keys, dict[str, Any]]]:
    """Where the entries of a register file are: the whole file, or each item of its list."""
    if spec.key is None:
        return [((), data)]
    return [((spec.key, index), item) for index, item in enumerate(data.get(spec.key) or ())]


def _corruptions() -> Iterator[Any]:
    """For every register file of the fixture, each corruption applied to the first and the last value it breaks
    in the first entry and in the last, and to the id of the first; each run breaks that one value alone."""
    for spec in catalogue.registers():
        rel = f"registers/{spec.name}.yml"
        if not (MINIMAL / rel).is_file():
            continue
        data = _plain(yamlsafe.loads((MINIMAL / rel).read_text(encoding="utf-8")))
        entries = _entries(spec, data)
        chosen = {entries[0][0]: entries[0][1], entries[-1][0]: entries[-1][1]}
        for where, entry in chosen.items():
            for name, corrupt in CORRUPTIONS.items():
                breaking = [
                    (keys, bad)
                    for keys, value in _leaves(entry)
                    if keys[:1] != (spec.id_field,)  # a broken id has its own case below
                    and (bad := corrupt(value)) is not None
                    and _fails(spec, _changed(entry, keys, bad))
                ]
                for keys, bad in breaking[:1] + breaking[1:][-1:]:
                    path = ".".join(str(key) for key in (*where, *keys))
                    yield pytest.param(rel, (*where, *keys), bad, id=f"{rel}:{path}:{name}")
        if spec.key is not None:
            where, entry = entries[0]
            yield pytest.param(rel, (*where, spec.id_field), ["an id"], id=f"{rel}:{spec.id_field}:wrong-type")


@pytest.mark.parametrize(("rel", "keys", "bad"), list(_corruptions()))
def test_one_bad_value_anywhere_is_one_error(repo: Repo, rel: str, keys: Keys, bad: Any) -> None:
    data = _plain(yamlsafe.loads(repo.read(rel)))
    _set(data, keys, bad)
    repo.write(rel, yamlwriter.dump(data))
    result = repo.check()
    errors = [finding.text() for finding in result.errors]
    assert len(errors) == 1, "\n".join(errors)
    assert errors[0].startswith(f"{rel}:")
    # Nor a warning that only follows from it, unless the broken value is itself a reference: what it named
    # is then unknown, and a risk whose treatment names it as a mapping is, for now, untreated.
    spec = catalogue.lookup(rel.removeprefix("registers/").removesuffix(".yml"))
    if not _reference_at(spec.model, keys[2:] if spec.key else keys):  # inside the entry, past 'risks', 0
        assert [finding.text() for finding in result.warnings] == []


def _reference_at(cls: Any, keys: Keys) -> bool:
    """Whether ``keys`` lead to a reference field of ``cls`` (or its nested models)."""
    for key in keys:
        if isinstance(key, int):
            continue
        info = cls.model_fields.get(key) if isinstance(cls, type) and issubclass(cls, BaseModel) else None
        if info is None:
            return False
        if field_kind(info):
            return True
        cls = _model_in(info.annotation)
    return False


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((found for arg in typing.get_args(annotation) if (found := _model_in(arg)) is not None), None)


def test_the_corruptions_start_from_a_clean_round_trip(repo: Repo) -> None:
    """Written back by PyYAML unchanged, every register still gives no finding: what breaks is the one value."""
    for spec in catalogue.registers():
        rel = f"registers/{spec.name}.yml"
        if repo.path(rel).is_file():
            repo.write(rel, yamlwriter.dump(_plain(yamlsafe.loads(repo.read(rel)))))
    assert repo.findings() == []
