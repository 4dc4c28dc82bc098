"""The text a user sees on the terminal, read from the app's own screenshot."""

from __future__ import annotations

import html
import re

from textual.app import App

_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def screen_text(app: App) -> str:
    """Every line of the terminal as plain text (what export_screenshot draws)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for match in _TEXT.finditer(app.export_screenshot()):
        x, y, text = float(match[1]), float(match[2]), html.unescape(match[3]).replace("\xa0", " ")
        rows.setdefault(y, []).append((x, text))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / 12.2)) + text
        lines.append(line.rstrip())
    return "\n".join(lines)
