"""The source register as a table: kind, role or title, unit, date, reference, citations.

A `DataTable` (it draws only the rows on screen). Interviews come first, then
documents, each in date order, then by name. Enter on a row posts
`EditRequested`; the screen routes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import DataTable

from store import Source
from tui.i18n import t
from tui.safe_text import plain

# Before the title of a document that carries its file (plain: renders in every terminal).
EVIDENCE_MARK = "+ "
# (column key, width; None: what the others leave)
COLUMNS: list[tuple[str, int | None]] = [
    ("col_source_kind", 9),
    ("col_source_name", None),
    ("col_source_unit", 12),
    ("col_source_date", 10),
    ("col_source_reference", 10),
    ("col_source_cited", 5),
]


def sort_key(source: Source) -> tuple[int, str, str]:
    """Interviews, then documents; each by date, then by name."""
    name = source.role if source.kind == "interview" else source.title
    return (0 if source.kind == "interview" else 1, source.date, name.casefold())


class SourceTable(DataTable[object]):
    """The audit's sources, one row each; the row key is the source id."""

    DEFAULT_CSS = """
    SourceTable {
        height: 1fr;
    }
    """

    @dataclass
    class EditRequested(Message):
        """The user chose a source to edit (Enter on its row)."""

        source_id: str

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.sources: list[Source] = []
        self.usage: dict[str, int] = {}

    def show(
        self, sources: list[Source], usage: dict[str, int], select_id: str | None = None
    ) -> None:
        """Draw the sources, keeping the cursor on the same source (or `select_id`)."""
        keep = select_id or self.selected_id
        self.sources = sorted(sources, key=sort_key)
        self.usage = usage
        self.clear(columns=True)
        rows = []
        for s in self.sources:
            interview = s.kind == "interview"
            rows.append(
                (
                    t(s.kind),
                    plain(s.role if interview else (EVIDENCE_MARK if s.evidence else "") + s.title),
                    plain(s.unit if interview else ""),
                    plain(s.date),
                    plain("" if interview else s.reference),
                    str(usage.get(s.id, 0)),
                )
            )
        # A fixed column is as wide as its header or widest cell, up to its width, so
        # an empty unit or reference column does not take the name's room at 80 columns.
        widths = [
            None if cap is None else min(cap, max(len(t(key)), *(len(r[n]) for r in rows), 1))
            for n, (key, cap) in enumerate(COLUMNS)
        ]
        used = sum(w or 0 for w in widths) + 2 * len(COLUMNS) + 2
        for (key, _), width in zip(COLUMNS, widths, strict=True):
            self.add_column(t(key), key=key, width=width or max(12, self.size.width - used))
        for s, row in zip(self.sources, rows, strict=True):
            self.add_row(*row, key=s.id)
        for index, source in enumerate(self.sources):
            if source.id == keep:
                self.move_cursor(row=index)

    def on_resize(self) -> None:
        if self.sources:
            self.show(self.sources, self.usage)

    @property
    def selected_id(self) -> str | None:
        """The id of the source under the cursor."""
        if not self.row_count or self.cursor_row < 0:
            return None
        return self.sources[self.cursor_row].id if self.cursor_row < len(self.sources) else None

    @property
    def selected(self) -> Source | None:
        """The source under the cursor."""
        return next((s for s in self.sources if s.id == self.selected_id), None)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.EditRequested(str(event.row_key.value)))
