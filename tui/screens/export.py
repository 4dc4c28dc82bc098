"""Exporting the Word report, in a worker thread, with progress and cancel."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar
from textual.worker import Worker, WorkerState, get_current_worker

from report import ExportError, export_report
from store import Audit
from store.workspace import slugify
from tui.errors import describe
from tui.i18n import N_, t


class _Cancelled(Exception):
    pass


def default_export_path(audit: Audit) -> Path:
    """Where a report goes unless the auditor says otherwise: the Documents folder."""
    folder = Path(platformdirs.user_documents_dir())
    if not folder.is_dir():
        folder = Path.home()
    return folder / f"{slugify(audit.meta.title)}.docx"


class ExportScreen(ModalScreen[Path | None]):
    """Asks where to save the report, writes it, and says where it went."""

    BINDINGS = [Binding("escape", "cancel", N_("cancel"))]

    def __init__(self, audit: Audit, path: Path | None = None):
        super().__init__()
        self.audit = audit
        self.path = path or default_export_path(audit)
        self._worker: Worker | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="export"):
            yield Label(t("export_title"), classes="dialog-title")
            yield Label(t("export_path"))
            yield Input(str(self.path), id="export-path")
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
            yield Label("", id="export-message")

    def on_mount(self) -> None:
        self.query_one("#export-progress").display = False
        self.query_one(Input).focus()

    @on(Input.Submitted, "#export-path")
    def _start(self, event: Input.Submitted) -> None:
        if self._worker is not None and self._worker.is_running:
            return
        path = Path(event.value.strip()).expanduser()
        self.query_one("#export-progress").display = True
        self.query_one("#export-message", Label).update(t("exporting"))
        self._worker = self._export(path)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, path: Path) -> Path:
        worker = get_current_worker()

        def progress(fraction: float, step: str) -> None:
            if worker.is_cancelled:
                raise _Cancelled
            self.app.call_from_thread(self.query_one(ProgressBar).update, progress=fraction * 100)

        return export_report(self.audit, path, progress=progress)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        message = self.query_one("#export-message", Label)
        if event.state == WorkerState.SUCCESS:
            out = event.worker.result
            self.app.notify(t("exported", path=out), timeout=8)
            self.dismiss(out)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, _Cancelled):
                self.dismiss(None)
                return
            text = describe(error) if isinstance(error, ExportError | OSError) else repr(error)
            message.update(t("export_failed", error=text))
            self.query_one("#export-progress").display = False
            self.query_one(Input).focus()

    def action_cancel(self) -> None:
        """Cancel a running export, or close."""
        if self._worker is not None and self._worker.is_running:
            self._worker.cancel()
            self.app.notify(t("export_cancelled"))
        self.dismiss(None)
