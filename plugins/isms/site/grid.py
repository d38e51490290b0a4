"""A coverage grid as SVG: one labelled cell per clause or control, coloured by its state, rows by group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from isms.site.html import Markup, esc

CELL_W, CELL_H, GAP = 40, 24, 3
LABEL = 118
PER_ROW = 19
FILL = {"audited": "#2e7d32", "planned": "#90caf9", "not covered": "#e53935", "excluded": "#e0e0e0"}
INK = {"audited": "#ffffff", "planned": "#0d2b4a", "not covered": "#ffffff", "excluded": "#6b6b6b"}


@dataclass(frozen=True)
class Cell:
    ident: str
    state: str  # audited, planned, not covered or excluded
    tip: str
    href: str | None = None


def grid(title: str, groups: Sequence[tuple[str, Sequence[Cell]]]) -> Markup:
    """Rows of cells, at most 19 a row, each group starting a new row under its label."""
    rows: list[tuple[str, Sequence[Cell]]] = []
    for label, cells in groups:
        for start in range(0, len(cells), PER_ROW):
            rows.append((label if start == 0 else "", cells[start : start + PER_ROW]))
    width = LABEL + PER_ROW * (CELL_W + GAP)
    height = 8 + len(rows) * (CELL_H + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="isms-grid" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>'
    ]
    for row, (label, cells) in enumerate(rows):
        y = 4 + row * (CELL_H + GAP)
        if label:
            parts.append(f'<text x="0" y="{y + CELL_H / 2 + 4}" class="isms-grid-label">{esc(label)}</text>')
        for column, cell in enumerate(cells):
            x = LABEL + column * (CELL_W + GAP)
            box = (
                f'<g class="isms-cell isms-cell-{esc(cell.state.replace(" ", "-"))}">'
                f'<rect x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" rx="3" fill="{FILL[cell.state]}">'
                f"<title>{esc(cell.tip)}</title></rect>"
                f'<text x="{x + CELL_W / 2}" y="{y + CELL_H / 2 + 4}" text-anchor="middle" class="isms-grid-id" '
                f'fill="{INK[cell.state]}">{esc(cell.ident)}</text></g>'
            )
            parts.append(f'<a href="{esc(cell.href)}">{box}</a>' if cell.href else box)
    parts.append("</svg>")
    return Markup("".join(parts))


def legend() -> Markup:
    """The colours of the grid, as small labelled swatches."""
    items = "".join(
        f'<span class="isms-swatch"><i style="background:{colour}"></i>{esc(state)}</span>'
        for state, colour in FILL.items()
    )
    return Markup(f'<p class="isms-legend">{items}</p>')
