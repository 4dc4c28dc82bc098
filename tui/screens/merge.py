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
from store.merge import Conflict, MergeResult, conflicts, merge_into, read_copy, resolve
from tui.errors import describe
from tui.i18n import N_, t, tn


class _Cancelled(Exception):
    pass


class ImportScreen(ModalScreen[int | None]):
    """Asks for the colleague's file and merges it in a worker; dismisses with the conflicts."""

    BINDINGS = [Binding("escape", "cancel", N_("cancel"))]

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

        return merge_into(self.audit, read_copy(path), progress)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker:
            return
        if event.state == WorkerState.SUCCESS:
            result = event.worker.result
            self.app.notify(
                t(
                    "import_done",
                    added=tn("import_added", result.added),
                    taken=tn("import_taken", result.taken),
                    conflicts=tn("import_conflicts", len(result.conflicts)),
                ),
                timeout=8,
            )
            self.dismiss(len(result.conflicts))
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, _Cancelled):
                self.dismiss(None)
                return
            self.query_one("#import-progress").display = False
            self.query_one("#import-message", Label).update(describe(error))

    def action_cancel(self) -> None:
        """Cancel a running import (what is merged stays, consistently), or close."""
        if self._worker is not None and self._worker.is_running:
            self._worker.cancel()
            self.app.notify(t("import_cancelled"))
        self.dismiss(None)


def _short(value: object) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text[:70] + ("…" if len(text) > 70 else "")


class ConflictsScreen(ModalScreen[None]):
    """Lists fields both auditors changed; keep mine, take theirs, or keep both texts."""

    BINDINGS = [
        Binding("escape", "close", N_("close")),
        Binding("m", "resolve('mine')", N_("keep_mine")),
        Binding("o", "resolve('theirs')", N_("keep_theirs")),
        Binding("b", "resolve('both')", N_("keep_both")),
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
            self.query_one("#conflict-message", Label).update(describe(exc))
            return
        self.query_one("#conflict-message", Label).update("")
        self._fill()

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)
