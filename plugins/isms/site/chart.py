"""An objective's measurements over time as an SVG line chart, made at build time, with its target line."""

from __future__ import annotations

import datetime as dt

from isms.core.facts import met
from isms.core.models import registers as r
from isms.site.html import Markup, esc

WIDTH, HEIGHT = 420, 170
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 14, 30
MET, NOT_MET, LINE, TARGET = "#1a7f37", "#c62828", "#3f51b5", "#6b4e00"


def _number(value: float) -> str:
    return f"{value:g}"


def quantity(value: float, unit: str | None) -> str:
    """``5%``, ``10 working days``: a value with its unit."""
    if not unit:
        return _number(value)
    return f"{_number(value)}{unit}" if unit in ("%", "‰") else f"{_number(value)} {unit}"


def objective_chart(objective: r.Objective) -> Markup:
    """The measurements as points joined by a line, green when met and red when not; the target dashed."""
    unit = objective.unit
    title = f"{objective.id}: {objective.title} — target {objective.direction} {quantity(objective.target, unit)}"
    points = sorted(objective.measurements, key=lambda m: m.date)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="isms-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>'
    ]
    if not points:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" class="isms-chart-axis">'
            "no measurements yet</text></svg>"
        )
        return Markup("".join(parts))
    values = [m.value for m in points] + [objective.target]
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or abs(high) * 0.05 or 1
    low, high = low - pad, high + pad
    first, last = points[0].date, points[-1].date
    span = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + (plot_w * (day - first).days / span if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    parts.append(
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="isms-chart-area"/>'
        f'<text x="{LEFT - 6}" y="{y(high - pad) + 4:.1f}" text-anchor="end" class="isms-chart-axis">'
        f"{esc(_number(round(high - pad, 2)))}</text>"
        f'<text x="{LEFT - 6}" y="{y(low + pad) + 4:.1f}" text-anchor="end" class="isms-chart-axis">'
        f"{esc(_number(round(low + pad, 2)))}</text>"
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(objective.target):.1f}" y2="{y(objective.target):.1f}" '
        f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + 4}" y="{y(objective.target) - 4:.1f}" '
        f'class="isms-chart-target">target {esc(objective.direction)} {esc(quantity(objective.target, unit))}'
        "</text>"
        f'<text x="{LEFT}" y="{HEIGHT - 10}" class="isms-chart-axis">{first.isoformat()}</text>'
        f'<text x="{LEFT + plot_w}" y="{HEIGHT - 10}" text-anchor="end" class="isms-chart-axis">'
        f"{last.isoformat()}</text>"
    )
    line = " ".join(f"{x(m.date):.1f},{y(m.value):.1f}" for m in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for m in points:
        ok = met(objective, m.value)
        label = f"{m.date.isoformat()}: {quantity(m.value, unit)} — {'met' if ok else 'not met'}"
        if m.note:
            label += f" ({m.note})"
        parts.append(
            f'<circle cx="{x(m.date):.1f}" cy="{y(m.value):.1f}" r="4.5" fill="{MET if ok else NOT_MET}" '
            f'stroke="#fff" stroke-width="1.5"><title>{esc(label)}</title></circle>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
