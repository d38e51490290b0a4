"""The ISO/IEC 27001:2022 catalogue shipped with the package, and organisation controls added to it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from isms.core import yamlsafe


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    section: str
    requires: str | None = None
    met_by: tuple[str, ...] = ()

    @property
    def registers(self) -> tuple[str, ...]:
        """The registers whose entries are this clause's records (``met_by``), in the order the rules name them."""
        names = (
            (rule.removeprefix("register:"),) if rule.startswith("register:") else MET_BY_REGISTERS.get(rule, ())
            for rule in self.met_by
        )
        return tuple(dict.fromkeys(name for group in names for name in group))


MET_BY_REGISTERS = {
    "acceptances": ("risks",),
    "measurements": ("objectives",),
    "competence": ("competence", "training"),
}
"""The catalogue's ``met_by`` rules that registers' entries meet, besides ``register:NAME``, and those registers."""


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    theme: str
    new: bool = False
    annex_a: bool = True
    description: str | None = None
    framework: str = "ISO/IEC 27001:2022 Annex A"


@dataclass(frozen=True)
class Theme:
    id: str
    number: str
    title: str


@dataclass(frozen=True)
class Catalogue:
    standard: str
    sections: dict[str, str]
    clauses: dict[str, Clause]
    themes: dict[str, Theme]
    controls: dict[str, Control]
    review_inputs: dict[str, str]
    annex_a: tuple[str, ...] = field(default=())
    amendments: tuple[str, ...] = field(default=())
    """Amendments of the edition whose requirements the catalogue includes."""
    superseded: dict[str, dt.date] = field(default_factory=dict)
    """Earlier editions (``ISO/IEC 27001:2013``) and the last day a certificate against each was valid."""

    @property
    def edition(self) -> str:
        """The year of the edition the catalogue implements, e.g. '2022'."""
        return edition(self.standard) or ""

    def with_controls(self, extra: list[Control]) -> Catalogue:
        """A copy that also knows the organisation's own controls."""
        controls = dict(self.controls)
        controls.update((control.id, control) for control in extra if control.id not in controls)
        return replace(self, controls=controls)

    def without(self, ids: set[str]) -> Catalogue:
        """A copy that no longer knows the controls ``ids`` (organisation controls an audience may not read)."""
        controls = {key: control for key, control in self.controls.items() if key not in ids}
        return replace(self, controls=controls)

    def is_clause(self, ref: str) -> bool:
        return ref in self.clauses or ref in self.sections


def edition(standard: str) -> str | None:
    """The year of the ISO/IEC 27001 edition a text names ('ISO/IEC 27001:2013' -> '2013'), or None."""
    found = re.search(r"27001\s*:\s*(\d{4})", standard)
    return found.group(1) if found else None


@cache
def iso27001() -> Catalogue:
    """The ISO/IEC 27001:2022 catalogue: sections and clauses 4–10 and the 93 Annex A controls."""
    text = resources.files(__package__).joinpath("iso27001_2022.yml").read_text(encoding="utf-8")
    data = yamlsafe.loads(text)  # libyaml-backed: ten times faster than yaml.safe_load at every start
    clauses = {
        item["id"]: Clause(
            id=item["id"],
            title=item["title"],
            section=item["id"].split(".")[0],
            requires=item.get("requires"),
            met_by=tuple(item.get("met_by", ())),
        )
        for item in data["clauses"]
    }
    controls = {
        item["id"]: Control(id=item["id"], title=item["title"], theme=item["theme"], new=bool(item.get("new")))
        for item in data["controls"]
    }
    return Catalogue(
        standard=data["standard"],
        sections={item["id"]: item["title"] for item in data["sections"]},
        clauses=clauses,
        themes={item["id"]: Theme(item["id"], item["number"], item["title"]) for item in data["themes"]},
        controls=controls,
        review_inputs=dict(data["management_review_inputs"]),
        annex_a=tuple(controls),
        amendments=tuple(data.get("amendments", ())),
        superseded={
            item["standard"]: dt.date.fromisoformat(item["valid_until"]) for item in data.get("superseded", ())
        },
    )


_NUMBER_2013 = re.compile(r"^(?:A\.?\s*)?(\d{1,2}\.\d{1,2}\.\d{1,2})$", re.IGNORECASE)


@cache
def annex_a_2013() -> dict[str, tuple[str, ...]]:
    """ISO/IEC 27001:2013 Annex A numbers (``12.6.1``) and the ISO/IEC 27001:2022 controls that carry each on."""
    text = resources.files(__package__).joinpath("iso27001_2013.yml").read_text(encoding="utf-8")
    return {number: tuple(successors) for number, successors in yamlsafe.loads(text)["controls"].items()}


def successors_2013(written: str) -> tuple[str, ...]:
    """The 2022 controls of a 2013 control number as an author writes it (``A.12.6.1``, ``12.6.1``); () if none."""
    found = _NUMBER_2013.match(written.strip())
    return annex_a_2013().get(found.group(1), ()) if found else ()
