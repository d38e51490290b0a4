"""The register catalogue: what the built-in declarations promise, and what the registry refuses."""

from __future__ import annotations

from typing import Any

import pytest

from isms.core import catalogue
from isms.core.audience import hidden_by
from isms.core.catalogue import RegisterSpec
from isms.core.drafts import Template
from isms.core.models import registers as r
from isms.core.scaffold import kinds
from isms.site.urls import Linker, entry_anchor


@pytest.mark.parametrize(
    ("register", "ident", "url"),
    [
        ("risks", "R-007", "risks/#risk-r-007"),
        ("risk", "R-007", "risks/#risk-r-007"),
        ("soa", "5.15", "soa/#soa-5-15"),
        ("treatments", "T-012", "treatment-plan/#treatment-t-012"),
        ("nonconformities", "NC-2025-04", "nonconformities/#nc-2025-04"),
        ("assets", "AST-014", "assets/#asset-ast-014"),
        ("requirements", "REQ-4", "requirements/#requirement-req-4"),
        ("evidence", "EV-021", "evidence/#evidence-ev-021"),
        ("audits", "IA-2025-01", "audits/#audit-ia-2025-01"),
        ("reviews", "MR-2025", "reviews/#review-mr-2025"),
        ("objectives", "OBJ-03", "objectives/#objective-obj-03"),
    ],
)
def test_entry_links_keep_the_documented_anchors(register: str, ident: str, url: str) -> None:
    links = Linker("isms/index.md")
    assert links.entry(register, ident) == url
    assert entry_anchor(register, ident) == url.split("#")[1]


def test_named_links_are_the_generic_ones() -> None:
    links = Linker("isms/controls/5-15.md", directory_urls=False)
    assert links.risk("R-1") == links.entry("risks", "R-1") == "../risks.html#risk-r-1"
    assert links.soa("5.15") == "../soa.html#soa-5-15"
    with pytest.raises(ValueError, match="the roles register has no page"):
        links.entry("roles", "ciso")
    with pytest.raises(KeyError, match="no register is named 'widgets'"):
        links.entry("widgets", "W-1")


def test_declarations_give_labels_plurals_and_where_entries_are_defined() -> None:
    training, soa = catalogue.SPECS["training"], catalogue.SPECS["soa"]
    assert (training.noun, training.nouns, training.path) == (
        "programme",
        "training programmes",
        "registers/training.yml",
    )
    assert (soa.noun, soa.id_field, soa.key) == ("SoA", "control", "controls")
    assert catalogue.by_kind("nonconformity") is catalogue.SPECS["nonconformities"]
    assert catalogue.by_model(r.Programme) is training
    assert catalogue.SPECS["risks"].holding([object(), object()]) == "2 risks, with heat maps"
    assert catalogue.SPECS["roles"].holding([object()]) == "1 role"


def test_audience_rules_name_the_pages_a_hidden_register_takes_along() -> None:
    assert hidden_by("isms/traceability.md") == ["soa"]
    assert hidden_by("isms/controls/5-15.md") == ["soa"]
    assert hidden_by("isms/certification.md") == ["isms"]
    assert hidden_by("isms/treatment-plan.md") == ["treatments"]
    assert hidden_by("isms/documents.md") == []


def test_isms_new_kinds_are_the_document_types_and_the_registers_with_a_template() -> None:
    assert kinds() == (
        *("policy", "procedure", "standard", "plan", "guideline", "record", "report", "manual", "statement"),
        *("asset", "risk", "treatment", "requirement", "objective", "audit", "nonconformity", "evidence"),
        *("supplier", "incident", "improvement", "exception", "issue", "party", "competence", "communication"),
    )


def test_the_registry_refuses_a_clash_and_forgets_what_is_removed() -> None:
    base = {"model": r.Role, "summary": "x", "key": "items"}
    with pytest.raises(ValueError, match="register risks: a register is named 'risks' is taken already"):
        catalogue.register(RegisterSpec(name="risks", **base))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="register things: kind 'document' is taken already"):
        catalogue.register(
            RegisterSpec(name="things", kind="document", model=type("Thing", (r.Role,), {}), summary="x", key="things")
        )
    with pytest.raises(ValueError, match="register risk: the name 'risk', the kind of another register's entries,"):
        catalogue.register(RegisterSpec(name="risk", **base))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="register things: model Role is taken already"):
        catalogue.register(RegisterSpec(name="things", kind="thing", model=r.Role, summary="x", key="things"))
    with pytest.raises(ValueError, match="a whole-file register has no entries"):
        RegisterSpec(name="things", key=None, kind="thing", model=r.Role, summary="x")
    with pytest.raises(ValueError, match="a template needs a kind"):
        RegisterSpec(name="things", key="things", model=r.Role, summary="x", template=Template(lambda d: []))
    numbered: dict[str, Any] = {"name": "things", "key": "things", "kind": "thing", "model": r.Role, "summary": "x"}
    with pytest.raises(ValueError, match=r"a template needs a kind \(isms new KIND\) and an id_prefix"):
        RegisterSpec(**numbered, template=Template(lambda d: []))
    keyed = RegisterSpec(**numbered, id_field="role", template=Template(lambda d: []))  # isms new is given the key
    assert keyed.keyed and not catalogue.lookup("risks").keyed
    before = catalogue.generation()
    thing = type("Thing", (r.Role,), {})
    with catalogue.register(RegisterSpec(name="things", key="things", kind="thing", model=thing, summary="x")) as spec:
        assert catalogue.registers()[-1] is spec and catalogue.lookup("thing") is spec
    assert "things" not in catalogue.SPECS and catalogue.by_model(thing) is None
    assert catalogue.generation() == before + 2
