"""A scale value's colour (traffic lights) as a terminal style; unknown words are ignored."""

from __future__ import annotations

from textual.color import Color, ColorParseError

from checklists.model import ScaleValue


def scale_colour(value: ScaleValue | None) -> str:
    """The value's colour as a Rich style ('' when it has none or an unknown one)."""
    if value is None or not value.colour:
        return ""
    try:
        return Color.parse(value.colour.strip().lower()).rich_color.name
    except (ColorParseError, ValueError):
        return ""
