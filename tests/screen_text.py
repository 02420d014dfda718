"""The plain text a terminal shows of the app, read from Textual's public SVG export.

``App.export_screenshot()`` draws each run of text as a ``<text>`` element placed
on its line (``clip-path="url(#…-line-N)"``) at a column (``x`` over the cell
width); this puts them back on a grid of lines, as a screen reader's review of
the screen, or a monochrome terminal, would show them: no colour, only text.
"""

from __future__ import annotations

import html
import re
from typing import Any

_TEXT = re.compile(r'<text class="[^"]*-r\d+" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)"'
                   r' clip-path="url\(#[^"]*-line-(\d+)\)">([^<]*)</text>')


def screen_lines(app: Any) -> list[str]:
    """The screen on show, one string per terminal line (trailing blanks removed)."""
    svg = app.export_screenshot()
    runs = [(float(x), float(width), int(line), html.unescape(text).replace("\xa0", " "))
            for x, width, line, text in _TEXT.findall(svg)]
    cell = min((w / len(t) for _, w, _, t in runs if t), default=1.0)
    rows: dict[int, dict[int, str]] = {}
    for x, _, line, text in runs:
        column = round(x / cell)
        row = rows.setdefault(line, {})
        for offset, char in enumerate(text):
            row[column + offset] = char
    height = max(rows, default=-1) + 1
    return ["".join(rows.get(n, {}).get(c, " ") for c in range(max(rows.get(n, {0: ""}), default=0) + 1)).rstrip()
            for n in range(height)]


def screen_text(app: Any) -> str:
    """The screen on show as plain text, its lines joined."""
    return "\n".join(screen_lines(app))


def region_text(app: Any, widget: Any) -> str:
    """What the screen shows inside `widget`'s region (its border and padding included), one line a row."""
    lines = screen_lines(app)
    region = widget.region
    return "\n".join(lines[y][region.x:region.right] if y < len(lines) else "" for y in range(region.y, region.bottom))
