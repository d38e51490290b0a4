"""The three-year certification cycle as an SVG timeline: certificate validity, each audit, the as-of date."""

from __future__ import annotations

import datetime as dt

from isms.core.certification import Certificate, Milestone
from isms.site.html import Markup, esc

WIDTH, HEIGHT = 860, 190
LEFT, RIGHT = 30, 30
AXIS = 64
LEVELS = 3  # label rows under the axis
LABEL_WIDTH = 118
COLOURS = {
    "done": "#1a7f37",
    "failed": "#c62828",
    "planned": "#3f51b5",
    "awaiting result": "#d4a106",
    "not scheduled": "#9aa0ae",
    "overdue": "#c62828",
}
SHORT = {
    "stage-1": "Stage 1",
    "stage-2": "Stage 2",
    "surveillance-1": "Surveillance 1",
    "surveillance-2": "Surveillance 2",
    "recertification": "Recertification",
}


def _when(milestone: Milestone) -> dt.date | None:
    return milestone.date or milestone.due


def timeline(certificate: Certificate | None, cycle: list[Milestone], as_of: dt.date) -> Markup:
    """Audits as coloured markers on a time axis; a hollow marker is a due date with nothing scheduled."""
    issued = certificate.issued_on if certificate else None
    expires = certificate.expires_on if certificate else None
    days = [d for d in (_when(m) for m in cycle) if d] + [as_of]
    days += [d for d in (issued, expires) if d]
    start = min(days) - dt.timedelta(days=75)
    end = max(days) + dt.timedelta(days=75)
    span = (end - start).days

    def x(day: dt.date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / span

    title = "Certification cycle"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="isms-timeline" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{title}"><title>{title}</title>',
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{AXIS}" y2="{AXIS}" stroke="#8a8f9e" stroke-width="2"/>',
    ]
    for year in range(start.year + 1, end.year + 1):
        tick = x(dt.date(year, 1, 1))
        parts.append(
            f'<line x1="{tick:.1f}" x2="{tick:.1f}" y1="{AXIS - 14}" y2="{HEIGHT - 2}" stroke="#d5d8e0"/>'
            f'<text x="{tick + 4:.1f}" y="{HEIGHT - 4}" class="isms-timeline-year">{year}</text>'
        )
    if issued and expires:
        left, right = x(issued), x(expires)
        parts.append(
            f'<rect x="{left:.1f}" y="{AXIS - 30}" width="{right - left:.1f}" height="10" rx="3" fill="#c8e6c9">'
            f"<title>certificate valid {issued} to {expires}</title></rect>"
            f'<text x="{left + 4:.1f}" y="{AXIS - 34}" class="isms-timeline-small">certificate valid '
            f"{issued} → {expires}</text>"
        )
    now = x(as_of)
    parts.append(
        f'<line x1="{now:.1f}" x2="{now:.1f}" y1="18" y2="{HEIGHT - 6}" stroke="#111" stroke-dasharray="3 3"/>'
        f'<text x="{now + 4:.1f}" y="14" class="isms-timeline-now">as of {as_of.isoformat()}</text>'
    )
    row_ends = [float("-inf")] * LEVELS
    marks: list[str] = []
    labels: list[str] = []
    for milestone in cycle:
        day = _when(milestone)
        if day is None:
            continue
        cx = x(day)
        # the first label row with room for this label, so labels of audits close in time do not overlap
        row = next((i for i, end in enumerate(row_ends) if end < cx - LABEL_WIDTH / 2), LEVELS - 1)
        row_ends[row] = cx + LABEL_WIDTH / 2
        colour = COLOURS[milestone.state]
        hollow = milestone.audit is None
        label_y = AXIS + 40 + row * 32
        due = f", due by {milestone.due}" if milestone.due else ""
        tip = f"{milestone.title}: {milestone.state}" + (f", {milestone.date}" if milestone.date else "") + due
        fill = "#fff" if hollow else colour
        marks.append(
            f'<g class="isms-timeline-item isms-timeline-{esc(milestone.state.replace(" ", "-"))}">'
            f'<circle cx="{cx:.1f}" cy="{AXIS}" r="8" fill="{fill}" stroke="{colour}" stroke-width="3">'
            f"<title>{esc(tip)}</title></circle>"
            f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{AXIS + 9}" y2="{label_y - 11}" stroke="{colour}"/></g>'
        )
        labels.append(  # drawn after every mark, so no line crosses a label
            f'<g class="isms-timeline-text"><text x="{cx:.1f}" y="{label_y}" text-anchor="middle" '
            f'class="isms-timeline-label">{esc(SHORT.get(milestone.key, milestone.title))}</text>'
            f'<text x="{cx:.1f}" y="{label_y + 12}" text-anchor="middle" class="isms-timeline-small" fill="{colour}">'
            f"{esc(milestone.state)} {esc(day.isoformat())}</text></g>"
        )
    parts += [*marks, *labels, "</svg>"]
    return Markup("".join(parts))
