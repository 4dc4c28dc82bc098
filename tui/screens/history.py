"""Who changed what on a question, and when."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from checklists import Item
from store import Audit, Source
from tui.dialogs.factcheck import STATUS_KEYS
from tui.i18n import N_, has, t
from tui.safe_text import plain


def _short(value: object) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = "" if value is None else str(value).replace("\n", " ")
    return text[:60] + ("…" if len(text) > 60 else "")


class HistoryScreen(ModalScreen[None]):
    """The change history of one item's observations and assessment, newest first."""

    BINDINGS = [Binding("escape,q", "close", N_("close"), id="history.close")]

    def __init__(self, audit: Audit, item: Item):
        super().__init__()
        self.audit = audit
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="history"):
            yield Label(plain(f"{t('history')} – {self.item.text}"), classes="dialog-title")
            yield DataTable(id="changes", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("when", "who", "field", "old", "new"):
            table.add_column(t(key), key=key)
        sources = {s.id: s.label() for s in self.audit.all(Source)}
        scale = self.audit.template.scale_for(self.item)

        def show(field: str, value: object) -> str:
            if field == "source_ids" and isinstance(value, list | tuple):
                value = [sources.get(v, "?") for v in value]
            elif field == "value" and scale is not None and (chosen := scale.value(str(value))):
                value = chosen.label
            elif field in ("deleted", "correction_applied"):
                value = t("yes") if value else ""
            elif field == "check_status" and str(value) in STATUS_KEYS:
                value = t(STATUS_KEYS[str(value)])
            return _short(value)

        for entry in self.audit.history(self.item.id):
            for change in entry["changes"]:
                field = change["field"]
                if field in ("item_id", "observation_id"):
                    continue
                label = t(f"field_{field}") if has(f"field_{field}") else field
                table.add_row(
                    entry["ts"][:16].replace("T", " "),
                    plain(entry["author"]),
                    label,
                    plain(show(field, change["old"])),
                    plain(show(field, change["new"])),
                )
        if not table.row_count:
            table.add_row(t("history_empty"), "", "", "", "")
        table.focus()

    def action_close(self) -> None:
        """Close the history."""
        self.dismiss(None)
