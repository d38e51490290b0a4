"""The incremental update (isms.plugin.pdfupdate): the original bytes kept as they are, new and changed
objects after them, read back by pypdf and poppler as one document."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, NumberObject, TextStringObject

from isms.plugin.pdfupdate import Update, UpdateError


def blank(pages: int, title: str) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 300)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_changed_and_copied_objects_follow_the_original_bytes(tmp_path: Path) -> None:
    original, other = blank(2, "original"), blank(1, "other")
    update = Update(original)
    source = PdfReader(io.BytesIO(other)).pages[0]
    first = update.reader.pages[0]
    changed = DictionaryObject({NameObject(key): first.raw_get(key) for key in first})
    changed[NameObject("/Rotate")] = NumberObject(90)
    changed[NameObject("/MediaBox")] = update.copy(source.raw_get("/MediaBox"), {})
    assert first.indirect_reference is not None
    update.replace(first.indirect_reference, changed)
    extra = update.add(DictionaryObject({NameObject("/Note"): TextStringObject("added")}))
    data = update.bytes({"/Title": "updated", "/Author": "isms"}, b"0123456789abcdef")
    assert data.startswith(original)  # an update never rewrites what was there
    previous = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", original)
    assert previous is not None and f"/Prev {previous.group(1).decode()}".encode() in data[len(original) :]
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 2
    assert reader.pages[0]["/Rotate"] == 90 and reader.pages[1].get("/Rotate") is None
    assert reader.metadata is not None and (reader.metadata.title, reader.metadata.author) == ("updated", "isms")
    assert reader.get_object(extra.idnum) == {"/Note": "added"}
    assert [str(part) for part in reader.trailer["/ID"]] == ["0123456789abcdef"] * 2
    (tmp_path / "u.pdf").write_bytes(data)
    info = subprocess.run(["pdfinfo", str(tmp_path / "u.pdf")], capture_output=True, text=True, check=True)
    assert "Title:           updated" in info.stdout and "Pages:           2" in info.stdout


def test_the_same_update_gives_the_same_bytes() -> None:
    original = blank(1, "original")

    def updated() -> bytes:
        update = Update(original)
        update.add(DictionaryObject({NameObject("/Note"): TextStringObject("added")}))
        return update.bytes({"/Title": "t"}, b"id")

    assert updated() == updated()


def test_a_file_that_does_not_end_like_a_pdf_is_refused() -> None:
    with pytest.raises(UpdateError, match="does not end with startxref"):
        Update(b"%PDF-1.4\nnot really\n")
