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
from pydantic_core import PydanticCustomError

from isms.core.yamlsafe import Number, Reread, line_of


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to an entry of another kind (``role``, ``risk``, ``control``...)."""

    kind: str


def kinds(kind: str) -> tuple[str, ...]:
    """The kinds a reference may name: ``document or evidence`` names a document or an evidence record."""
    return tuple(kind.split(" or "))


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""What no text may hold: C0 controls but tab and line feed, DEL, C1 controls and lone surrogates.

A double-quoted YAML escape (``"\\x01"``, ``"\\e"``) writes them, and they reach every output: openpyxl refuses
them (the XLSX export and the site build would fail with a traceback), an escape character rewrites the
terminal that shows a finding, and a carriage return hides text in a CSV cell or a log line.
"""


def visible(text: str) -> str:
    """``text`` with each of :data:`CONTROL_CHARACTERS` written as ``<U+0001>``: safe to print in a message."""
    return CONTROL_CHARACTERS.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def _no_control_characters(text: str) -> None:
    """Refuse ``text`` if it holds one of :data:`CONTROL_CHARACTERS`, naming the first and where it is."""
    found = CONTROL_CHARACTERS.search(text)
    if found is not None:
        raise PydanticCustomError(
            "control_character",
            "the text holds the control character {character} at position {position}",
            {
                "character": f"U+{ord(found.group()):04X}",
                "position": found.start() + 1,
                "hint": "remove it; text may hold tab and line breaks but no other control character "
                "(in a double-quoted YAML string, escapes such as \\x01 or \\e write one)",
            },
        )


def _text(value: Any) -> Any:
    if type(value) is str:  # the common case first: every text of every register passes here
        if not value.isprintable():  # a test in C; only text with line breaks, tabs or rarer characters is searched
            _no_control_characters(value)  # before stripping, which would drop some silently (U+001F, U+0085)
        return value.strip()
    if isinstance(value, Number):
        return value.text
    if isinstance(value, bool):
        return value  # left for the str validator to refuse: 'yes' was probably not meant as text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        _no_control_characters(value)
        return value.strip()
    return value


_DAY_FIRST = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")


def _not_a_date(value: Any) -> PydanticCustomError:
    """The error for a date not written as YYYY-MM-DD, with the ISO form of a day-first date as its hint."""
    hint = "write it as YYYY-MM-DD"
    found = _DAY_FIRST.fullmatch(value.strip()) if isinstance(value, str) else None
    if found:
        day, separator, month, year = found.groups()
        meant = [_iso(int(year), int(month), int(day))]
        if separator == "/":  # slashes are also written month first (10/21/2026)
            meant.append(_iso(int(year), int(day), int(month)))
        dates = [date for date in dict.fromkeys(meant) if date]
        if dates:
            hint = f"{hint}: did you mean {' or '.join(dates)}?"
    return PydanticCustomError("date", "{shown} is not a date", {"shown": repr(value), "hint": hint})


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("give a date without a time, as YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise _not_a_date(value)
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{text} is not a real date ({exc})") from None
    raise _not_a_date(value)


_CONTROL = re.compile(r"^(?:A\.?\s*)?(\d+\.\d+)$", re.IGNORECASE)
_CLAUSE = re.compile(r"^(?:clause\s*)?(\d+(?:\.\d+)*)$", re.IGNORECASE)


def control_number(value: Any) -> Any:
    """A control reference as a :data:`ControlId` reads it: ``A.5.15`` and ``5.15`` are both ``5.15``."""
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


_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})")
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$"


def _moment(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("give the time zone offset too, e.g. 2026-10-03T14:20+02:00")
        return value
    if isinstance(value, str):
        text = value.strip()
        if not _MOMENT.fullmatch(text):
            raise ValueError(
                f"{value!r} is not a moment: write the date, time of day and time zone offset,"
                " e.g. 2026-10-03T14:20+02:00 (Z for UTC)"
            )
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"{text} is not a real moment ({exc})") from None
    raise ValueError(f"{value!r} is not a moment: write it as YYYY-MM-DDTHH:MM+HH:MM")


# The length constraint comes before the validator so that pydantic checks it in its compiled core; after
# a validator it becomes a Python function called for every text of every register (measurably slower).
Text = Annotated[str, Field(min_length=1), BeforeValidator(_text)]
"""Non-empty text without control characters; a number written where text is meant keeps its written form."""
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
"""A calendar date written as ``YYYY-MM-DD``."""
Moment = Annotated[dt.datetime, BeforeValidator(_moment), WithJsonSchema({"type": "string", "pattern": MOMENT_PATTERN})]
"""A moment with its time zone: ``YYYY-MM-DDTHH:MM+HH:MM`` (or ``Z``); the offset is required, so that
clocks counted in hours (GDPR Art. 33, NIS2 Art. 23) are exact wherever the record was written."""
Version = Annotated[str, Field(min_length=1, description="version as written, e.g. '1.2'"), BeforeValidator(_text)]

_USER = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?"  # GitHub: letters, digits, hyphens inside, 39 at most
_TEAM = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
HANDLE_PATTERN = f"^(?:@?{_USER}(?:/{_TEAM})?|{_EMAIL})$"
"""A CODEOWNERS owner: ``@user``, ``@org/team`` (the ``@`` may be left out) or an email address.

A handle is written into ``.github/CODEOWNERS`` as it is: a space, ``#`` or line break in it would add
owners or whole lines of its own, so anything beyond these characters is refused where it is written.
"""
_HANDLE = re.compile(HANDLE_PATTERN)


def _handle(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and value and not _HANDLE.fullmatch(value):
        raise PydanticCustomError(
            "handle",
            "{shown} is not a repository-host handle",
            {
                "shown": repr(value) if len(value) <= 60 else repr(value[:57]) + "...",
                "hint": "write @user or @org/team (letters, digits and hyphens; a team may also hold _ and .) "
                "or an email address, with nothing else on the line",
            },
        )
    return value


Handle = Annotated[str, Field(min_length=1, pattern=HANDLE_PATTERN), BeforeValidator(_handle)]
"""An account or team of the repository host, as CODEOWNERS names it (see :data:`HANDLE_PATTERN`)."""

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
ReportId = Annotated[Text, Ref("document or evidence")]
"""A report: a controlled document or an evidence record (a kind of ``a or b`` names either; see :func:`kinds`)."""
SupplierId = Annotated[Text, Ref("supplier")]
IncidentId = Annotated[Text, Ref("incident")]
PartyId = Annotated[Text, Ref("party")]
TrainingId = Annotated[Text, Ref("training")]
ControlId = Annotated[str, Field(min_length=1), BeforeValidator(control_number), Ref("control")]
"""An Annex A control number (``5.15``; ``A.5.15`` is accepted) or an organisation control id."""
ClauseId = Annotated[str, Field(min_length=1), BeforeValidator(_clause), Ref("clause")]
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
    _raw: Any = PrivateAttr(None)  # the YAML as read, or (Reread, index, first line) to read it again

    def locate(self, file: str, raw: Any) -> None:
        """Remember where this entry was read from, for findings about it."""
        self._file = file
        self._raw = raw

    def share_fields_set(self, shared: dict[frozenset[str], set[str]]) -> None:
        """Use one set of set-field names for every entry that set the same fields (copied again on assignment).

        Pydantic gives each instance its own set of the fields it was given: at a dozen fields that set is
        728 bytes, a third of an asset's memory, and the same for nearly every entry of a register.
        """
        names = frozenset(self.__pydantic_fields_set__)
        object.__setattr__(self, "__pydantic_fields_set__", shared.setdefault(names, set(names)))

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("_"):  # pydantic adds the name to the set: this entry's own copy, not the shared one
            object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        super().__setattr__(name, value)

    def locate_lazily(self, file: str, source: Reread, index: int, line: int) -> None:
        """Remember where this entry was read from without keeping what was read: entry ``index`` of
        ``source``, starting on ``line``. A register's entries are most of a model; the few a finding is
        about are read again (see :class:`~isms.core.yamlsafe.Reread`)."""
        self._file = file
        self._raw = (source, index, line)

    @property
    def file(self) -> str:
        """Repository-relative path of the file the entry was read from."""
        return self._file

    @property
    def raw(self) -> Any:
        """The YAML this entry was validated from, as read (None for an entry made in code)."""
        raw = self._raw
        if type(raw) is tuple:
            source, index, line = raw
            return source.item(index, line)
        return raw

    def line(self, *path: str | int) -> int:
        """Line of the value at ``path`` inside this entry (its first line when ``path`` is empty)."""
        raw = self._raw
        if type(raw) is tuple:
            found = raw[0].item(raw[1], raw[2])
            return line_of(found, path) if found is not None else raw[2]
        return line_of(raw, path)
