"""Charts drawn on the server as inline SVG, so they need no JavaScript: vertical bars for a
series over time and horizontal bars for a breakdown.

Each function returns SVG markup as a string, every piece of text in it escaped; the page marks
it safe. The SVG is an image named by its title and described by its description (role="img",
aria-labelledby, aria-describedby), and the page shows the same figures in a table, which is
what a screen reader user reads.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

# GOV.UK Frontend's colours: blue bars (5.2:1 on white), black text, mid-grey axis.
BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"
AXIS_COLOUR = "#505a5f"
WIDTH = 720
# The page's typeface, set on the drawing itself: GOV.UK Frontend sets it on its own classes, not
# on the body, so an SVG has nothing to inherit it from.
FONT_FAMILY = '"GDS Transport", arial, sans-serif'
FONT_SIZE = 14
SMALL_FONT_SIZE = 12
# Beyond this many bars the labels under a vertical chart would overlap: only every few are shown.
MOST_LABELS = 12
# Beyond this many bars the values above them would overlap: the table has them.
MOST_VALUES = 16
LONGEST_LABEL = 36
NO_DATA = "No data"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # what the bar's length is drawn from; 0 or more
    text: str  # the value as people read it: "412", "£1,234", "62%"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _short(label: str) -> str:
    return label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1].rstrip() + "…"


def _open(chart_id: str, title: str, description: str, height: float) -> list[str]:
    ident = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="insight-chart" id="{ident}" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'focusable="false" viewBox="0 0 {WIDTH} {_number(height)}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-family="{escape(FONT_FAMILY)}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


def _no_data(chart_id: str, title: str, description: str) -> str:
    height = 60
    parts = _open(chart_id, title, f"{description} {NO_DATA}.".strip(), height)
    parts.append(
        f'<text x="{WIDTH / 2:g}" y="{height / 2 + 5:g}" text-anchor="middle" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">{NO_DATA}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _empty(bars: Sequence[Bar]) -> bool:
    return not bars or all(bar.value <= 0 for bar in bars)


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> str:
    """Vertical bars, left to right in the order given, heights in proportion to the values
    (the tallest fills the plot); labels underneath, values above when there is room."""
    if _empty(bars):
        return _no_data(chart_id, title, description)
    top, bottom, side = 24.0, 40.0, 16.0
    plot_height = 200.0
    height = top + plot_height + bottom
    slot = (WIDTH - 2 * side) / len(bars)
    bar_width = slot * 0.7
    tallest = max(bar.value for bar in bars)
    label_every = math.ceil(len(bars) / MOST_LABELS)
    baseline = top + plot_height
    parts = _open(chart_id, title, description, height)
    for index, bar in enumerate(bars):
        bar_height = plot_height * max(bar.value, 0) / tallest
        x = side + index * slot + (slot - bar_width) / 2
        centre = x + bar_width / 2
        parts.append(
            f'<rect x="{_number(x)}" y="{_number(baseline - bar_height)}" '
            f'width="{_number(bar_width)}" height="{_number(bar_height)}" fill="{BAR_COLOUR}">'
            f"<title>{escape(bar.label)}: {escape(bar.text)}</title></rect>"
        )
        if len(bars) <= MOST_VALUES:
            parts.append(
                f'<text x="{_number(centre)}" y="{_number(baseline - bar_height - 6)}" '
                f'text-anchor="middle" font-size="{SMALL_FONT_SIZE}" fill="{TEXT_COLOUR}">'
                f"{escape(bar.text)}</text>"
            )
        if index % label_every == 0:
            parts.append(
                f'<text x="{_number(centre)}" y="{_number(baseline + 20)}" text-anchor="middle" '
                f'font-size="{SMALL_FONT_SIZE}" fill="{TEXT_COLOUR}">{escape(_short(bar.label))}'
                "</text>"
            )
    parts.append(
        f'<line x1="{_number(side)}" y1="{_number(baseline)}" x2="{_number(WIDTH - side)}" '
        f'y2="{_number(baseline)}" stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def horizontal_bar_chart(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar]
) -> str:
    """One row a bar, top to bottom in the order given: the label on the left, the bar's length
    in proportion to its value (the longest fills the space), the value at the bar's end."""
    if _empty(bars):
        return _no_data(chart_id, title, description)
    label_width, value_width, row_height, bar_height, margin = 290.0, 110.0, 32.0, 20.0, 8.0
    space = WIDTH - label_width - value_width
    height = len(bars) * row_height + 2 * margin
    longest = max(bar.value for bar in bars)
    parts = _open(chart_id, title, description, height)
    for index, bar in enumerate(bars):
        row_top = margin + index * row_height
        middle = row_top + row_height / 2
        length = space * max(bar.value, 0) / longest
        parts.append(
            f'<text x="{_number(label_width - 8)}" y="{_number(middle + 5)}" text-anchor="end" '
            f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">{escape(_short(bar.label))}</text>'
        )
        parts.append(
            f'<rect x="{_number(label_width)}" y="{_number(middle - bar_height / 2)}" '
            f'width="{_number(length)}" height="{_number(bar_height)}" fill="{BAR_COLOUR}">'
            f"<title>{escape(bar.label)}: {escape(bar.text)}</title></rect>"
        )
        parts.append(
            f'<text x="{_number(label_width + length + 6)}" y="{_number(middle + 5)}" '
            f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">{escape(bar.text)}</text>'
        )
    parts.append(
        f'<line x1="{_number(label_width)}" y1="{_number(margin)}" x2="{_number(label_width)}" '
        f'y2="{_number(height - margin)}" stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "\n".join(parts)
