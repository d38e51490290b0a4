"""Reporters: the findings of a check as text for people, GitHub annotations, or JSON lines for programs."""

from __future__ import annotations

import json
from dataclasses import asdict

from isms.core import todo
from isms.core.pipeline import Result


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
    """Each finding, then while the ISMS is being set up the steps still to do, then the summary."""
    lines = [finding.text() for finding in result.findings]
    lines += todo.as_text(todo.todo(result.model, result.facts, result.findings))
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
