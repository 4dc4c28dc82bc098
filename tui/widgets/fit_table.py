"""A table whose columns fit the width it has: flexible columns take what the others leave.

A stock `DataTable` sizes each column to its widest cell (a long note makes the
table scroll sideways) or to a fixed width (a title cut at 120 columns while
short columns keep their room). Here each column is as wide as its widest cell
up to a cap, the flexible columns share the rest, and a cell that does not fit is
cut with "…". The rows are redrawn when the table's size changes; the cursor
stays on the same row key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.widgets import DataTable

from tui.fields import one_line
from tui.safe_text import plain


@dataclass(frozen=True)
class FitColumn:
    """A column: its key, its header, its widest width (None: shares the room that is left)."""

    key: str
    label: str
    cap: int | None = None


class FitTable(DataTable):
    """A row-cursor `DataTable` of plain-text cells, its columns fitted to its width."""

    DEFAULT_CSS = """
    FitTable {
        width: 1fr;
    }
    """

    MIN_FLEX = 12
    """A flexible column is never narrower than this (the table scrolls sideways then)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self._fit_columns: list[FitColumn] = []
        self._fit_rows: list[tuple[str, list[str]]] = []
        self._drawn_size = (-1, -1)

    def set_rows(
        self,
        columns: Sequence[FitColumn],
        rows: Sequence[tuple[str, Sequence[str]]],
        *,
        select: str | None = None,
    ) -> None:
        """Show these rows (key, cells); the cursor goes to `select`, else stays on its key."""
        keep = select if select is not None else self.current_key()
        self._fit_columns = list(columns)
        self._fit_rows = [(key, [str(c) for c in cells]) for key, cells in rows]
        self._draw(keep)

    def current_key(self) -> str | None:
        """The key of the row under the cursor, or None when the table is empty."""
        if not self.row_count or self.cursor_row < 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return None if row_key.value is None else str(row_key.value)

    def widths(self, width: int) -> list[int]:
        """The width of each column when the table is `width` cells wide."""
        pad = 2 * self.cell_padding
        if len(self._fit_rows) + int(self.show_header) > max(1, self.size.height):
            width -= self.styles.scrollbar_size_vertical
        out: list[int] = []
        flexible = []
        for n, column in enumerate(self._fit_columns):
            if column.cap is None:
                flexible.append(n)
                out.append(0)
                continue
            widest = max(
                [cell_len(column.label)] + [cell_len(cells[n]) for _, cells in self._fit_rows]
            )
            out.append(min(column.cap, widest))
        if flexible:
            room = width - sum(out) - pad * len(out)
            share, extra = divmod(max(0, room), len(flexible))
            for k, n in enumerate(flexible):
                out[n] = max(self.MIN_FLEX, share + (1 if k < extra else 0))
        return out

    def _draw(self, keep: str | None) -> None:
        width = self.size.width
        self._drawn_size = (self.size.width, self.size.height)
        widths = (
            self.widths(width) if width else [c.cap or self.MIN_FLEX for c in self._fit_columns]
        )
        self.clear(columns=True)
        for column, w in zip(self._fit_columns, widths, strict=True):
            self.add_column(plain(one_line(column.label, w)), key=column.key, width=w)
        for key, cells in self._fit_rows:
            self.add_row(
                *[plain(one_line(c, w)) for c, w in zip(cells, widths, strict=True)], key=key
            )
        if keep is not None:
            for index, row_key in enumerate(self.rows):
                if row_key.value == keep:
                    self.move_cursor(row=index, scroll=True)
                    break

    def on_resize(self, event: events.Resize) -> None:
        # The height matters too: it decides whether a scrollbar takes two columns.
        if (event.size.width, event.size.height) != self._drawn_size and self._fit_columns:
            self._draw(self.current_key())
