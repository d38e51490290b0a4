"""One export of a checked repository, as bytes: what ``isms export`` writes and the site links to."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.pipeline import Result
from isms.exports.model import model_json
from isms.exports.stamp import Stamp
from isms.exports.tables import EVIDENCE_REQUESTS, kinds, sheets
from isms.exports.writers import FORMATS, render


def exports() -> tuple[str, ...]:
    """Every export ``isms export`` makes: the registers' tabular exports, the evidence request list, the model."""
    return (*kinds(), EVIDENCE_REQUESTS, "model")


def export(kind: str, fmt: str, result: Result, stamp: Stamp) -> bytes:
    """The export ``kind`` (one of :func:`exports`) of ``result`` as ``fmt`` (xlsx, csv, json)."""
    if kind == "model":
        if fmt != "json":
            raise ValueError("the model is exported as JSON only (--format json)")
        return model_json(result.model, result.derived, result.facts, stamp)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return render(fmt, stamp, sheets(kind, result.model, result.derived, result.facts))


def site_files(result: Result, stamp: Stamp, requests: bool = True) -> Iterator[tuple[str, bytes]]:
    """Every export the site offers for download, one at a time, by file name: soa.xlsx, risks.csv, ...,
    model.json; the evidence request list only when ``requests`` (its page is built for the audience).

    One at a time, so that a caller that writes each away holds one export, not all (model.json alone is
    over a hundred megabytes at 5,000 documents).
    """
    tabular = (*kinds(), EVIDENCE_REQUESTS) if requests else kinds()
    for kind in tabular:
        for fmt in FORMATS:
            yield f"{kind}.{fmt}", export(kind, fmt, result, stamp)
    yield "model.json", export("model", "json", result, stamp)
    from isms.exports.model import schema_json  # noqa: PLC0415

    yield "model.schema.json", schema_json()
