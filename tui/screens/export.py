"""Exporting the Word report, in a worker thread, with progress and cancel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import platformdirs
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar
from textual.worker import Worker, WorkerState, get_current_worker

from report import Exported, ExportError, export_report
from report.context import unfinished
from report.settings import load_settings
from store import Audit, records
from store.workspace import slugify
from tui.errors import describe
from tui.i18n import N_, t
from tui.safe_text import plain


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

    BINDINGS = [Binding("escape", "cancel", N_("cancel"), id="export.cancel")]

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
            yield Label(t("export_date"))
            yield Input(
                self.audit.meta.report_date or records.now()[:10],
                id="export-date",
                max_length=10,
            )
            draft = unfinished(self.audit)
            if draft:
                yield Label(
                    t("export_draft", n=len(draft.not_assessed), conflicts=draft.conflicts),
                    id="export-draft",
                )
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
            yield Label("", id="export-message")

    def on_mount(self) -> None:
        self.query_one("#export-progress").display = False
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted)
    def _start(self, event: Input.Submitted) -> None:
        """Enter in either field exports: to the path, dated with the report date."""
        if self._worker is not None and self._worker.is_running:
            return
        message = self.query_one("#export-message", Label)
        value = self.query_one("#export-date", Input).value.strip()
        try:
            report_date = date.fromisoformat(value).isoformat()
        except ValueError:
            message.update(t("export_bad_date", value=value))
            self.query_one("#export-date", Input).focus()
            return
        if not self.audit.read_only and report_date != self.audit.meta.report_date:
            self.audit.update_meta(report_date=report_date)  # kept for the next export
        path = Path(self.query_one("#export-path", Input).value.strip()).expanduser()
        if path.name in ("", ".", ".."):  # an empty field or a folder: no file to write
            message.update(t("export_needs_file"))
            return
        self.query_one("#export-progress").display = True
        message.update(t("exporting"))
        self._worker = self._export(path, report_date)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, path: Path, report_date: str) -> Exported:
        worker = get_current_worker()
        settings = load_settings(self.audit.path.parent)

        def progress(fraction: float, step: str) -> None:
            if worker.is_cancelled:
                raise _Cancelled
            self.app.call_from_thread(self.query_one(ProgressBar).update, progress=fraction * 100)

        return export_report(
            self.audit,
            path,
            template=settings.template,
            style_source=None if settings.template else settings.style,
            mode=settings.mode,
            progress=progress,
            report_date=report_date,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        message = self.query_one("#export-message", Label)
        if event.state == WorkerState.SUCCESS:
            result = event.worker.result
            assert isinstance(result, Exported)
            key = "exported_draft" if result.unfinished else "exported"
            self.app.notify(t(key, path=result.path), timeout=8)
            self.dismiss(result.path)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, _Cancelled):
                self.dismiss(None)
                return
            text = describe(error) if isinstance(error, ExportError | OSError) else repr(error)
            message.update(plain(t("export_failed", error=text), multiline=True))
            self.query_one("#export-progress").display = False
            self.query_one("#export-path", Input).focus()

    def action_cancel(self) -> None:
        """Cancel a running export, or close."""
        if self._worker is not None and self._worker.is_running:
            self._worker.cancel()
            self.app.notify(t("export_cancelled"))
        self.dismiss(None)
