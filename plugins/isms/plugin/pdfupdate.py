"""An incremental update of a PDF (ISO 32000-1, 7.5.6): changed and new objects appended after the
original bytes, with their own cross-reference section and a trailer that points back to the original's.

The auditor's pack (:mod:`isms.plugin.pdfpack`) puts its numbered contents in place and writes its
metadata, outline and identifier this way: pypdf reads the book lazily and only the few objects given
here are written, where rewriting the whole PDF (or pypdf's own incremental writer, which loads every
object) cost seconds on a book of a thousand pages. The bytes depend only on the inputs.
"""

from __future__ import annotations

import io
import re
from typing import cast

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class UpdateError(Exception):
    """The PDF cannot be updated (it is not a PDF pypdf reads, or has no cross-reference to go back to)."""


class Update:
    """The objects to append to ``original``; :meth:`bytes` writes the updated PDF."""

    def __init__(self, original: bytes) -> None:
        self.original = original if original.endswith(b"\n") else original + b"\n"
        found = STARTXREF.search(self.original[-1024:])
        if found is None:
            raise UpdateError("the PDF does not end with startxref and %%EOF")
        self.previous = int(found.group(1))
        self.reader = PdfReader(io.BytesIO(self.original))
        self.size = int(cast(NumberObject, self.reader.trailer["/Size"]))
        self.objects: dict[int, PdfObject] = {}

    def add(self, value: PdfObject) -> IndirectObject:
        """A new object; its reference."""
        reference = IndirectObject(self.size, 0, None)
        self.size += 1
        self.objects[reference.idnum] = value
        return reference

    def replace(self, reference: IndirectObject, value: PdfObject) -> None:
        """A new version of an object of the original."""
        self.objects[reference.idnum] = value

    def copy(self, value: PdfObject, memo: dict[int, IndirectObject]) -> PdfObject:
        """``value`` from another PDF, with every object it refers to copied too (once, by ``memo``)."""
        if isinstance(value, IndirectObject):
            if value.idnum not in memo:
                memo[value.idnum] = reference = self.add(NumberObject(0))  # reserved first: references may loop
                self.objects[reference.idnum] = self.copy(cast(PdfObject, value.get_object()), memo)
            return memo[value.idnum]
        if isinstance(value, StreamObject):
            stream = type(value)()
            stream._data = value._data  # the encoded bytes, copied as they are
            for key, item in value.items():
                stream[NameObject(key)] = self.copy(item, memo)
            return stream
        if isinstance(value, DictionaryObject):
            return DictionaryObject({NameObject(key): self.copy(item, memo) for key, item in value.items()})
        if isinstance(value, ArrayObject):
            return ArrayObject([self.copy(item, memo) for item in value])
        return value

    def bytes(self, info: dict[str, str], identifier: bytes) -> bytes:
        """The original, then the objects, a cross-reference section and the trailer (new ``/Info`` and ``/ID``)."""
        info_reference = self.add(
            DictionaryObject({NameObject(key): TextStringObject(value) for key, value in info.items()})
        )
        out = io.BytesIO()
        out.write(self.original)
        offsets: dict[int, int] = {}
        for number in sorted(self.objects):
            offsets[number] = out.tell()
            out.write(f"{number} 0 obj\n".encode())
            self.objects[number].write_to_stream(out)
            out.write(b"\nendobj\n")
        start = out.tell()
        out.write(b"xref\n0 1\n0000000000 65535 f\r\n")  # the head of the free list, as the original's
        numbers = sorted(offsets)
        runs: list[list[int]] = []
        for number in numbers:  # contiguous runs of object numbers: one subsection each
            if runs and runs[-1][-1] == number - 1:
                runs[-1].append(number)
            else:
                runs.append([number])
        for run in runs:
            out.write(f"{run[0]} {len(run)}\n".encode())
            out.write(b"".join(f"{offsets[number]:010d} 00000 n\r\n".encode() for number in run))
        trailer = DictionaryObject(
            {
                NameObject("/Size"): NumberObject(self.size),
                NameObject("/Root"): self.reader.trailer.raw_get("/Root"),
                NameObject("/Info"): info_reference,
                NameObject("/Prev"): NumberObject(self.previous),
                NameObject("/ID"): ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)]),
            }
        )
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{start}\n%%EOF\n".encode())
        return out.getvalue()
