"""One export of a checked repository, as bytes: what ``isms export`` writes and the site links to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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


def site_file_names(requests: bool = True) -> list[str]:
    """The file names :func:`site_files` yields, in its order, without making a file."""
    tabular = (*kinds(), EVIDENCE_REQUESTS) if requests else kinds()
    return [*(f"{kind}.{fmt}" for kind in tabular for fmt in FORMATS), "model.json", "model.schema.json"]


def site_files(
    result: Result, stamp: Stamp, *, requests: bool = True, memo: dict[str, Any] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Every export the site offers for download, one at a time, by file name: soa.xlsx, risks.csv, ...,
    model.json; the evidence request list only when ``requests`` (its page is built for the audience).

    One at a time, so that a caller that writes each away holds one export, not all (model.json alone is
    over a hundred megabytes at 5,000 documents).

    With a ``memo`` (a dict kept between calls, as ``mkdocs serve`` keeps one between rebuilds) an export
    whose sheets and stamp are those of the last call is not written again: its bytes are the last ones.
    """
    inputs = (result.model, result.derived, result.facts, stamp)
    last = memo.get("") if memo is not None else None
    same = last is not None and all(now is then for now, then in zip(inputs, last, strict=True))
    if memo is not None:
        memo[""] = inputs
    for kind in (*kinds(), EVIDENCE_REQUESTS) if requests else kinds():
        kept = memo.get(kind) if memo is not None else None
        if same and kept is not None:  # the very same model: the same sheets
            yield from kept[1].items()
            continue
        tables = sheets(kind, result.model, result.derived, result.facts)
        if kept is not None and kept[0] == (stamp, tables):
            yield from kept[1].items()
            continue
        made = {f"{kind}.{fmt}": render(fmt, stamp, tables) for fmt in FORMATS}
        if memo is not None:
            memo[kind] = ((stamp, tables), made)
        yield from made.items()
    parts = memo.setdefault("model", {}) if memo is not None else None
    yield "model.json", model_json(result.model, result.derived, result.facts, stamp, parts)
    from isms.exports.model import schema_json  # noqa: PLC0415

    yield "model.schema.json", schema_json()
