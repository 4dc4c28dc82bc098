"""Importing a colleague's copy of the audit, and resolving what both of you changed."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from store import Audit, StoreError
from store.merge import Conflict, conflicts, merge_into, read_copy, resolve
from tui.i18n import t


class ImportScreen(ModalScreen[int | None]):
    """Asks for the colleague's file and merges it; dismisses with the number of conflicts."""

    BINDINGS = [Binding("escape", "cancel", t("cancel"))]

    def __init__(self, audit: Audit):
        super().__init__()
        self.audit = audit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="import"):
            yield Label(t("import_title"), classes="dialog-title")
            yield Label(t("import_path"))
            yield Input(id="import-path", placeholder="~/Downloads/granskning.granska.json")
            yield Label("", id="import-message", classes="error")

    @on(Input.Submitted, "#import-path")
    def _merge(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        message = self.query_one("#import-message", Label)
        if not path.is_file():
            message.update(t("import_missing", path=path))
            return
        if path.resolve() == self.audit.path.resolve():
            message.update(t("import_same"))
            return
        try:
            result = merge_into(self.audit, read_copy(path))
        except StoreError as exc:
            message.update(str(exc))
            return
        self.app.notify(
            t(
                "import_done",
                added=result.added,
                taken=result.taken,
                conflicts=len(result.conflicts),
            ),
            timeout=8,
        )
        self.dismiss(len(result.conflicts))

    def action_cancel(self) -> None:
        """Close without importing."""
        self.dismiss(None)


def _short(value: object) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text[:70] + ("…" if len(text) > 70 else "")


class ConflictsScreen(ModalScreen[None]):
    """Lists fields both auditors changed; keep mine, take theirs, or keep both texts."""

    BINDINGS = [
        Binding("escape", "close", t("close")),
        Binding("m", "resolve('mine')", t("keep_mine")),
        Binding("o", "resolve('theirs')", t("keep_theirs")),
        Binding("b", "resolve('both')", t("keep_both")),
    ]

    def __init__(self, audit: Audit):
        super().__init__()
        self.audit = audit
        self._conflicts: list[Conflict] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="conflicts"):
            yield Label(t("conflicts"), classes="dialog-title")
            yield Label(t("conflicts_hint"), classes="hint")
            yield DataTable(id="conflict-table", cursor_type="row", zebra_stripes=True)
            yield Label("", id="conflict-message", classes="error")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("field", "mine", "theirs"):
            table.add_column(t(f"conflict_{key}"), key=key)
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        questions = {i.id: i.text for i in self.audit.template.items()}
        self._conflicts = conflicts(self.audit)
        for c in self._conflicts:
            where = questions.get(c.item_id, c.table)
            table.add_row(f"{c.field} ({_short(where)[:30]})", _short(c.mine), _short(c.theirs))
        if not self._conflicts:
            table.add_row(t("no_conflicts"), "", "")

    def action_resolve(self, choice: str) -> None:
        """Settle the highlighted conflict."""
        table = self.query_one(DataTable)
        if not self._conflicts or self.audit.read_only:
            return
        conflict = self._conflicts[min(table.cursor_row, len(self._conflicts) - 1)]
        try:
            resolve(self.audit, conflict, choice)
        except StoreError as exc:
            self.query_one("#conflict-message", Label).update(str(exc))
            return
        self.query_one("#conflict-message", Label).update("")
        self._fill()

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)
