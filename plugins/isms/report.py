"""Check a repository and present the findings: text for people, JSON for programs."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from isms import checks
from isms.derive import Derived, derive
from isms.findings import Finding
from isms.load import load
from isms.model import Model


@dataclass
class Result:
    model: Model
    derived: Derived
    findings: list[Finding]
    as_of: dt.date

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def failed(self, strict: bool) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


def check_repository(root: Path, as_of: dt.date, docs_dir: str = "docs") -> Result:
    """Load ``root`` and run every check as of ``as_of``; findings sorted by file and line."""
    model, findings = load(root, docs_dir)
    derived = derive(model)
    findings += checks.run(model, as_of, derived)
    unique = list(dict.fromkeys(findings))
    unique.sort(key=Finding.sort_key)
    return Result(model, derived, unique, as_of)


def summary(result: Result, strict: bool) -> str:
    model = result.model
    counts = (
        f"{len(model.documents)} documents, {len(model.assets)} assets, {len(model.risks)} risks, "
        f"{len(model.treatments)} treatments, {len(model.soa)} SoA entries"
    )
    errors, warnings = len(result.errors), len(result.warnings)
    verdict = "FAILED" if result.failed(strict) else "OK"
    mode = " (strict: warnings fail)" if strict else ""
    return (
        f"{verdict}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}{mode} "
        f"— {counts}, as of {result.as_of}"
    )


def as_text(result: Result, strict: bool) -> str:
    lines = [finding.text() for finding in result.findings]
    lines.append(summary(result, strict))
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(result: Result, strict: bool) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its file and line.

    Under ``strict`` warnings fail the run, so they are annotated as errors too; the summary ends the log.
    """
    lines = []
    for finding in result.findings:
        level = "error" if finding.severity == "error" or strict else "warning"
        properties = [f"file={_escape_property(finding.path)}"]
        if finding.line:
            properties.append(f"line={finding.line}")
        title = f"isms {finding.rule or finding.severity}"
        properties.append(f"title={_escape_property(title)}")
        message = finding.message + (f" — {finding.hint}" if finding.hint else "")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(message)}")
    lines.append(summary(result, strict))
    return "\n".join(lines) + "\n"


def as_json(result: Result, strict: bool) -> str:
    """One JSON object per line for each finding, then a summary object."""
    lines = [json.dumps(asdict(finding), ensure_ascii=False) for finding in result.findings]
    lines.append(
        json.dumps(
            {
                "summary": {
                    "ok": not result.failed(strict),
                    "errors": len(result.errors),
                    "warnings": len(result.warnings),
                    "strict": strict,
                    "as_of": result.as_of.isoformat(),
                }
            }
        )
    )
    return "\n".join(lines) + "\n"
