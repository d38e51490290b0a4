"""Field types shared by every register and by document front matter.

Each type validates and normalises what authors write in YAML: numbers where text is meant
(``version: 1.10``, ``control: 5.10``) keep the text as written; dates are ``YYYY-MM-DD``; a
reference carries a :class:`Ref` marker naming what it points to, which the reference check reads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, WithJsonSchema

from isms.core.yamlsafe import Number, line_of


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to an entry of another kind (``role``, ``risk``, ``control``...)."""

    kind: str


def _text(value: Any) -> Any:
    if isinstance(value, Number):
        return value.text
    if isinstance(value, bool):
        return value  # left for the str validator to refuse: 'yes' was probably not meant as text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("give a date without a time, as YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{text} is not a real date ({exc})") from None
    raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD")


_CONTROL = re.compile(r"^(?:A\.?\s*)?(\d+\.\d+)$", re.IGNORECASE)
_CLAUSE = re.compile(r"^(?:clause\s*)?(\d+(?:\.\d+)*)$", re.IGNORECASE)


def _control(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str):
        match = _CONTROL.match(value)
        if match:
            return match.group(1)
    return value


def _clause(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str):
        match = _CLAUSE.match(value)
        if match:
            return match.group(1)
    return value


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
"""Non-empty text; a number written where text is meant keeps its written form."""
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
"""A calendar date written as ``YYYY-MM-DD``."""
Version = Annotated[str, BeforeValidator(_text), Field(min_length=1, description="version as written, e.g. '1.2'")]

# References, by the kind of entry they point to.
RoleId = Annotated[Text, Ref("role")]
AssetId = Annotated[Text, Ref("asset")]
RiskId = Annotated[Text, Ref("risk")]
TreatmentId = Annotated[Text, Ref("treatment")]
RequirementId = Annotated[Text, Ref("requirement")]
EvidenceId = Annotated[Text, Ref("evidence")]
DocumentId = Annotated[Text, Ref("document")]
AuditId = Annotated[Text, Ref("audit")]
NonconformityId = Annotated[Text, Ref("nonconformity")]
ObjectiveId = Annotated[Text, Ref("objective")]
ControlId = Annotated[str, BeforeValidator(_control), Field(min_length=1), Ref("control")]
"""An Annex A control number (``5.15``; ``A.5.15`` is accepted) or an organisation control id."""
ClauseId = Annotated[str, BeforeValidator(_clause), Field(min_length=1), Ref("clause")]
"""An ISO/IEC 27001 clause number such as ``6.1.3``."""


class Strict(BaseModel):
    """Base of every model: unknown keys are refused, values are not silently coerced."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Entry(Strict):
    """A register entry, register header or document front matter: it knows the file and lines it came from.

    Nested parts (a risk's rating, an audit's finding) are plain :class:`Strict` models: they are found
    through their entry, and leaving them without private attributes keeps validation fast.
    """

    _file: str = PrivateAttr("")
    _raw: Any = PrivateAttr(None)

    def locate(self, file: str, raw: Any) -> None:
        """Remember where this entry was read from, for findings about it."""
        self._file = file
        self._raw = raw

    @property
    def file(self) -> str:
        """Repository-relative path of the file the entry was read from."""
        return self._file

    def line(self, *path: str | int) -> int:
        """Line of the value at ``path`` inside this entry (its first line when ``path`` is empty)."""
        return line_of(self._raw, path)
