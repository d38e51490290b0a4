"""Sheets to bytes: CSV, JSON and XLSX, each stamped, each deterministic.

CSV: the stamp as ``name,value`` rows, a blank row, then the header and the rows; an export of several
sheets (the SoA) has a first column ``part`` naming the sheet. JSON: ``{"stamp": {...}, "sheets":
{name: [{column: value}]}}``. XLSX: one sheet per table, the stamp in its first rows, the header row
below it, everything above the data frozen, a filter on the header and widths fitted to the content.

Spreadsheets run what looks like a formula. Register text is data from a pull request, so in CSV and XLSX a
text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is written with a single quote
before it, as OWASP recommends against formula (CSV) injection, and the row :data:`NOTE` under the stamp
says so; numbers stay numbers. JSON is not opened by spreadsheets and keeps every value exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Sequence
from typing import Any

from isms.exports.stamp import Stamp
from isms.exports.tables import Sheet, Value

FORMATS = ("xlsx", "csv", "json")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry: no wall-clock time in the file
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""
NOTE = (
    "cells",
    "text starting with = + - @, tab or carriage return is written with ' before it, so that no spreadsheet"
    " runs it as a formula",
)
"""The row under the stamp of a CSV or XLSX export that says how its text cells were written."""
_XLSX_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet cell that is never a formula: a single quote before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Value) -> str:
    """A CSV field: text neutralised, numbers and yes/no as they are (``-2`` is a number, not a formula)."""
    if isinstance(value, str):
        return neutralise(value)
    return _text(value)


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def to_csv(stamp: Stamp, sheets: Sequence[Sheet]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for name, value in [*stamp.pairs(), NOTE]:
        writer.writerow([name, neutralise(value)])
    writer.writerow([])
    several = len(sheets) > 1
    if several:
        columns: list[str] = []
        for sheet in sheets:
            columns += [column for column in sheet.columns if column not in columns]
        writer.writerow([neutralise(column) for column in ["part", *columns]])
        for sheet in sheets:
            for row in sheet.rows:
                values = dict(zip(sheet.columns, row, strict=True))
                writer.writerow([neutralise(sheet.name), *(_cell(values.get(column)) for column in columns)])
    else:
        writer.writerow([neutralise(column) for column in sheets[0].columns])
        for row in sheets[0].rows:
            writer.writerow([_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def to_json(stamp: Stamp, sheets: Sequence[Sheet]) -> bytes:
    document = {
        "stamp": stamp.as_dict(),
        "sheets": {sheet.name: [dict(zip(sheet.columns, row, strict=True)) for row in sheet.rows] for sheet in sheets},
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_xlsx(stamp: Stamp, sheets: Sequence[Sheet]) -> bytes:
    # Write-only mode streams rows: several times faster on a large risk register than the normal mode.
    from openpyxl import Workbook  # noqa: PLC0415 - only exports need openpyxl
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    moment = dt.datetime.combine(stamp.as_of, dt.time())
    workbook.properties.creator = stamp.organisation
    workbook.properties.title = ", ".join(sheet.title for sheet in sheets)
    workbook.properties.created = moment
    workbook.properties.lastModifiedBy = "isms"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def text_cell(ws: Any, text: str, alignment: Alignment | None = None) -> object:
        """``text`` neutralised, stored as text: openpyxl would make a formula of '=...' and an error of '#N/A'."""
        text = neutralise(text)
        if alignment is None and text not in _XLSX_ERROR_CODES:
            return text  # openpyxl infers 's' for any other text; a plain value keeps write-only mode fast
        cell = WriteOnlyCell(ws, text)
        cell.data_type = "s"
        if alignment is not None:
            cell.alignment = alignment
        return cell

    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title[:31])
        header_row = len(stamp.pairs()) + 3  # the stamp, the note, a blank row
        last = get_column_letter(len(sheet.columns))
        ws.freeze_panes = f"A{header_row + 1}"
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + len(sheet.rows)}"
        wide: set[int] = set()
        for index, column in enumerate(sheet.columns):
            longest = max([len(column), *(len(_text(row[index])) for row in sheet.rows)])
            ws.column_dimensions[get_column_letter(index + 1)].width = min(max(longest + 2, 8), 60)
            if longest > 60:
                wide.add(index)
        for key, text in [*stamp.pairs(), NOTE]:
            ws.append([text_cell(ws, key), text_cell(ws, text)])
        ws.append([])
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, neutralise(column))
            cell.data_type = "s"
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            values: list[object] = []
            for index, value in enumerate(row):
                plain = _text(value) if isinstance(value, bool) else value
                if isinstance(plain, str):
                    values.append(text_cell(ws, plain, wrap if index in wide else None))
                elif index in wide and plain is not None:
                    cell = WriteOnlyCell(ws, plain)
                    cell.alignment = wrap
                    values.append(cell)
                else:
                    values.append(plain)
            ws.append(values)
    raw = io.BytesIO()
    workbook.save(raw)
    return _normalise_zip(raw.getvalue(), moment)


def _normalise_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The workbook with fixed entry times and the modification time set to ``moment`` (openpyxl uses now)."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                start = text.find("<dcterms:modified")
                if start >= 0:
                    end = text.find("</dcterms:modified>", start)
                    opening = text.find(">", start) + 1
                    text = text[:opening] + stamp + text[end:]
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def render(fmt: str, stamp: Stamp, sheets: Sequence[Sheet]) -> bytes:
    """The sheets as ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "csv":
        return to_csv(stamp, sheets)
    if fmt == "json":
        return to_json(stamp, sheets)
    if fmt == "xlsx":
        return to_xlsx(stamp, sheets)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
