"""Who changed what on a question, and when: one row per change, Enter reads it whole."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from checklists import Item
from store import Audit
from tui.dialogs.change import ChangeDialog
from tui.fields import FieldValues, field_label
from tui.i18n import N_, t
from tui.safe_text import plain
from tui.widgets.fit_table import FitColumn, FitTable


class HistoryScreen(ModalScreen[None]):
    """The change history of one item's observations and assessment, newest first.

    Columns that fit 80 columns: when, who, the field's label and the new value
    cut to the room left; Enter opens the row with both values whole.
    """

    BINDINGS = [Binding("escape,q", "close", N_("close"), id="history.close")]

    def __init__(self, audit: Audit, item: Item):
        super().__init__()
        self.audit = audit
        self.item = item
        self._changes: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="history"):
            yield Label(plain(f"{t('history')} – {self.item.text}"), classes="dialog-title")
            yield FitTable(id="changes")
            yield Label(t("history_hint"), classes="hint")

    def on_mount(self) -> None:
        names = self._names = FieldValues(self.audit)
        rows: list[tuple[str, list[str]]] = []
        for entry in self.audit.history(self.item.id):
            for n, change in enumerate(entry["changes"]):
                field = change["field"]
                if field in ("item_id", "observation_id"):
                    continue
                key = f"{entry['id']}:{n}"
                self._changes[key] = (entry, change)
                table = str(entry.get("table", ""))
                new = names.line(field, change["new"], self.item.id, table)
                rows.append(
                    (
                        key,
                        [
                            entry["ts"][:16].replace("T", " "),
                            str(entry["author"]),
                            field_label(field, table),
                            new if new.strip() else t("value_empty"),
                        ],
                    )
                )
        if not rows:
            rows.append(("", [t("history_empty"), "", "", ""]))
        columns = [
            FitColumn("when", t("when"), 16),
            FitColumn("who", t("who"), 12),
            FitColumn("field", t("field"), 16),
            FitColumn("new", t("new")),
        ]
        changes = self.query_one(FitTable)
        changes.set_rows(columns, rows)
        changes.focus()

    @on(DataTable.RowSelected, "#changes")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_change()

    def action_open_change(self) -> None:
        """Read the highlighted change whole (Enter on a row)."""
        key = self.query_one(FitTable).current_key()
        if key in self._changes:
            entry, change = self._changes[key]
            self.app.push_screen(ChangeDialog(entry, change, self._names))

    def action_close(self) -> None:
        """Close the history."""
        self.dismiss(None)
