"""Risk heat maps as SVG, made at build time: likelihood up, impact across, cells coloured by level."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from isms.core.derive import level_of
from isms.core.models import registers as r
from isms.site.html import Markup, esc, ink

CELL = 56
LEFT = 112
TOP = 34
BOTTOM = 66


def heatmap(
    methodology: r.MethodologyFile,
    counts: Mapping[tuple[int, int], Sequence[str]],
    title: str,
    cell_link: Callable[[int, int], str],
) -> Markup:
    """An SVG heat map; ``counts`` maps (likelihood, impact) to the ids of the risks in that cell.

    Each non-empty cell links to ``cell_link(likelihood, impact)`` and names its risks in a tooltip.
    """
    rows, columns = len(methodology.likelihood), len(methodology.impact)
    width, height = LEFT + columns * CELL + 10, TOP + rows * CELL + BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="isms-heatmap" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
        f'<text x="{LEFT + columns * CELL / 2}" y="20" text-anchor="middle" class="isms-heatmap-title">'
        f"{esc(title)}</text>",
    ]
    for row in range(rows):
        likelihood = rows - row  # highest likelihood on top
        y = TOP + row * CELL
        point = methodology.likelihood[likelihood - 1]
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + CELL / 2 + 4}" text-anchor="end" class="isms-heatmap-axis">'
            f"{likelihood} {esc(point.name)}</text>"
        )
        for column in range(columns):
            impact = column + 1
            x = LEFT + column * CELL
            level = level_of(methodology, likelihood, impact)
            fill = level.colour if level else "#cccccc"
            ids = counts.get((likelihood, impact), ())
            label = f"likelihood {likelihood} × impact {impact}: {level.name if level else 'no level'}"
            rect = (
                f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" rx="4" fill="{fill}">'
                f"<title>{esc(label)}{esc(': ' + ', '.join(ids[:40]) + (' …' if len(ids) > 40 else '') if ids else '')}"
                "</title></rect>"
            )
            if ids:
                number = (
                    f'<text x="{x + (CELL - 2) / 2}" y="{y + CELL / 2 + 6}" text-anchor="middle" '
                    f'class="isms-heatmap-count" fill="{ink(fill)}">{len(ids)}</text>'
                )
                parts.append(f'<a href="{esc(cell_link(likelihood, impact))}">{rect}{number}</a>')
            else:
                parts.append(rect)
    for column in range(columns):
        impact = column + 1
        middle = LEFT + column * CELL + (CELL - 2) / 2
        parts.append(
            f'<text x="{middle}" y="{TOP + rows * CELL + 16}" text-anchor="middle" '
            f'class="isms-heatmap-axis">{impact}</text>'
            f'<text x="{middle}" y="{TOP + rows * CELL + 30}" text-anchor="middle" '
            f'class="isms-heatmap-axis isms-small">{esc(methodology.impact[column].name)}</text>'
        )
    parts.append(
        f'<text x="{LEFT + columns * CELL / 2}" y="{height - 8}" text-anchor="middle" class="isms-heatmap-label">'
        "Impact →</text>"
        f'<text x="14" y="{TOP + rows * CELL / 2}" text-anchor="middle" class="isms-heatmap-label" '
        f'transform="rotate(-90 14 {TOP + rows * CELL / 2})">Likelihood →</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
