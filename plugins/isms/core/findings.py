"""Findings: what the checks report, one per problem, all collected before anything is printed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem at one place.

    ``path`` is relative to the repository root with forward slashes; ``line`` is 1-based, or 0 when
    the whole file is at fault. ``rule`` names the check, so a finding can be looked up in the site's
    reference (``isms/reference/checks/``).
    """

    severity: Severity
    path: str
    line: int
    message: str
    hint: str = ""
    rule: str = ""

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.severity, self.message)

    def text(self) -> str:
        """``path:line: severity: message — hint``, the form editors and CI logs link to."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}: {self.severity}: {self.message}{hint}"


def error(path: str, line: int, message: str, hint: str = "", rule: str = "") -> Finding:
    return Finding("error", path, line, message, hint, rule)


def warning(path: str, line: int, message: str, hint: str = "", rule: str = "") -> Finding:
    return Finding("warning", path, line, message, hint, rule)
