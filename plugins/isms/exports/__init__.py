"""Spreadsheet and JSON exports of the SoA, the risk register, the RTP and the whole model.

Every export carries the organisation, version, commit and as-of date (:class:`Stamp`), and the same
input always gives the same bytes, so exports inside an auditor snapshot keep it byte-identical.
"""

from __future__ import annotations

from isms.exports.stamp import Stamp
from isms.exports.tables import Sheet, kinds, sheets
from isms.exports.writers import FORMATS, render

__all__ = ["FORMATS", "Sheet", "Stamp", "kinds", "render", "sheets"]
