"""Importing a colleague's copy of the audit, and resolving what both of you changed."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, ProgressBar
from textual.worker import Worker, WorkerState, get_current_worker

from store import Audit, StoreError
from store.merge import Conflict, MergeResult
from tui.dialogs.conflict import HINTS, ConflictDialog, conflict_title, conflict_values
from tui.errors import describe
from tui.fields import FieldValues
from tui.i18n import N_, t, tn
from tui.safe_text import plain
from tui.widgets.fit_table import FitColumn, FitTable


class _Cancelled(Exception):
    pass


class ImportScreen(ModalScreen[int | None]):
    """Asks for the colleague's file and merges it in a worker; dismisses with the conflicts."""

    BINDINGS = [Binding("escape", "cancel", N_("cancel"), id="import.cancel")]

    def __init__(self, audit: Audit):
        super().__init__()
        self.audit = audit
        self._worker: Worker | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="import"):
            yield Label(t("import_title"), classes="dialog-title")
            yield Label(t("import_path"))
            yield Input(id="import-path", placeholder="~/Downloads/granskning.granska.json")
            yield ProgressBar(total=100, show_eta=False, id="import-progress")
            yield Label("", id="import-message", classes="error")

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False

    @on(Input.Submitted, "#import-path")
    def _start(self, event: Input.Submitted) -> None:
        if self._worker is not None and self._worker.is_running:
            return
        path = Path(event.value.strip()).expanduser()
        message = self.query_one("#import-message", Label)
        if not path.is_file():
            message.update(t("import_missing", path=path))
            return
        if path.resolve() == self.audit.path.resolve():
            message.update(t("import_same"))
            return
        message.update("")
        self.query_one("#import-progress").display = True
        self._worker = self._merge(path)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _merge(self, path: Path) -> MergeResult:
        worker = get_current_worker()
        bar = self.query_one(ProgressBar)

        def progress(fraction: float) -> None:
            if worker.is_cancelled:
                raise _Cancelled
            self.app.call_from_thread(bar.update, progress=fraction * 100)

        return self.audit.import_copy(path, progress)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker:
            return
        if event.state == WorkerState.SUCCESS:
            result = event.worker.result
            assert isinstance(result, MergeResult)
            self.app.notify(
                t(
                    "import_done",
                    added=tn("import_added", result.added),
                    taken=tn("import_taken", result.taken),
                    conflicts=tn("import_conflicts", len(result.conflicts)),
                ),
                timeout=8,
            )
            if result.evidence_copied:
                self.app.notify(tn("evidence_carried", len(result.evidence_copied)), timeout=8)
            for name, _why in result.evidence_refused:
                self.app.notify(t("evidence_refused", file=name), severity="error", timeout=12)
            self.dismiss(len(result.conflicts))
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if error is None or isinstance(error, _Cancelled):
                self.dismiss(None)
                return
            self.query_one("#import-progress").display = False
            self.query_one("#import-message", Label).update(plain(describe(error), multiline=True))

    def action_cancel(self) -> None:
        """Cancel a running import (what is merged stays, consistently), or close."""
        if self._worker is not None and self._worker.is_running:
            self._worker.cancel()
            self.app.notify(t("import_cancelled"))
        self.dismiss(None)


class ConflictsScreen(ModalScreen[None]):
    """The decisions merges left: fields both changed, deletions of edited records, duplicates.

    A field: keep mine (m), take theirs (o), or keep both texts (b). A record one
    laptop deleted and the other edited: keep it as mine is (m) or take theirs
    (o). The same source added twice: join them into one (j) or keep both (b).
    Each row is cut to fit; Enter opens it with both sides whole, where the same
    keys settle it.
    """

    BINDINGS = [
        Binding("escape", "close", N_("close"), id="conflicts.close"),
        Binding("m", "resolve('mine')", N_("keep_mine"), id="conflicts.keep_mine"),
        Binding("o", "resolve('theirs')", N_("keep_theirs"), id="conflicts.keep_theirs"),
        Binding("b", "resolve('both')", N_("keep_both"), id="conflicts.keep_both"),
        Binding("j", "resolve('join')", N_("join_sources"), id="conflicts.join_sources"),
    ]

    def __init__(self, audit: Audit):
        super().__init__()
        self.audit = audit
        self._conflicts: list[Conflict] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="conflicts"):
            yield Label(t("conflicts"), classes="dialog-title")
            yield Label(t("conflicts_hint"), id="conflict-hint", classes="hint")
            yield FitTable(id="conflict-table")
            yield Label(t("conflicts_open_hint"), id="conflict-open-hint", classes="hint")
            yield Label("", id="conflict-message", classes="error")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(FitTable).focus()

    def _fill(self) -> None:
        table = self.query_one(FitTable)
        names = self._names = FieldValues(self.audit)
        self._conflicts = self.audit.conflicts()
        rows: list[tuple[str, list[str]]] = []
        for c in self._conflicts:
            mine, theirs = conflict_values(c, names)
            what = conflict_title(c)
            if c.kind != "duplicate_source" and (where := names.question(c.item_id)):
                what = f"{what}: {where}"
            rows.append((c.id, [what, mine.replace("\n", ", "), theirs.replace("\n", ", ")]))
        if rows:
            columns = [
                FitColumn("field", t("conflict_field"), 22),
                FitColumn("mine", t("conflict_mine")),
                FitColumn("theirs", t("conflict_theirs")),
            ]
        else:
            columns = [FitColumn("field", t("conflict_field"))]
            rows = [("", [t("no_conflicts")])]
        self.query_one("#conflict-open-hint").display = bool(self._conflicts)
        row = table.cursor_row
        table.set_rows(columns, rows)
        if self._conflicts and table.current_key() not in {c.id for c in self._conflicts}:
            table.move_cursor(row=min(max(row, 0), len(self._conflicts) - 1))
        self._show_hint()

    def _current(self) -> Conflict | None:
        key = self.query_one(FitTable).current_key()
        return next((c for c in self._conflicts if c.id == key), None)

    def _show_hint(self) -> None:
        current = self._current()
        kind = current.kind if current is not None else "field"
        self.query_one("#conflict-hint", Label).update(t(HINTS[kind]))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_hint()

    @on(DataTable.RowSelected, "#conflict-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_conflict()

    def open_conflict(self) -> None:
        """Read the highlighted decision whole; a key pressed there settles it."""
        conflict = self._current()
        if conflict is None:
            return

        def chosen(choice: str | None) -> None:
            if choice:
                self.action_resolve(choice)

        self.app.push_screen(ConflictDialog(conflict, self._names), chosen)

    def action_resolve(self, choice: str) -> None:
        """Settle the highlighted decision; a key that does not fit its kind says which do."""
        conflict = self._current()
        if conflict is None or self.audit.read_only:
            return
        message = self.query_one("#conflict-message", Label)
        if conflict.kind == "duplicate_source":
            choice = {"join": "join", "both": "separate"}.get(choice, "")
        elif conflict.kind == "delete_edit" and choice not in ("mine", "theirs"):
            choice = ""
        elif choice == "join":
            choice = ""
        if not choice:
            message.update(t(HINTS[conflict.kind]))
            return
        try:
            self.audit.resolve(conflict, choice)
        except StoreError as exc:
            message.update(describe(exc))
            return
        message.update("")
        self._fill()

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)
