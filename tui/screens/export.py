"""Exporting the Word report or the fact check, in a worker thread, with progress and cancel.

The kind is chosen in the dialog: the report, or the fact check (sakgranskning)
of all observations or of one interviewee's, which may record the observations
it holds as sent (on by default in the app: a document made here is made to be
sent; the command line records only with `--mark-sent`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import platformdirs
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, ProgressBar, Select
from textual.worker import Worker, WorkerState, get_current_worker

from report import Exported, ExportError, export_report
from report.context import unfinished
from report.factcheck import FactCheckExported, export_factcheck
from report.settings import load_settings
from store import Audit, Source, StoreError, records
from store.workspace import slugify
from tui.errors import describe
from tui.i18n import N_, t, tn
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

    BINDINGS = [
        Binding("escape", "cancel", N_("cancel"), id="export.cancel"),
        Binding("ctrl+s", "start", N_("export_start"), priority=True, id="export.start"),
    ]

    DEFAULT_CSS = """
    ExportScreen #export-kind-row {
        height: auto;
    }
    ExportScreen #export-kind {
        width: 24;
    }
    ExportScreen #export-source {
        width: 1fr;
    }
    ExportScreen .hint {
        color: $text-muted;
    }
    """

    def __init__(self, audit: Audit, path: Path | None = None):
        super().__init__()
        self.audit = audit
        self.path = path or default_export_path(audit)
        self._worker: Worker | None = None
        self._interviews: list[Source] = [s for s in audit.sources() if s.kind == "interview"]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="export"):
            yield Label(t("export_title"), classes="dialog-title", id="export-title")
            yield Label(t("export_path"), id="export-path-label")
            yield Input(str(self.path), id="export-path")
            yield Label(t("export_date"), id="export-date-label")
            yield Input(
                self.audit.meta.report_date or records.now()[:10],
                id="export-date",
                max_length=10,
            )
            with Horizontal(id="export-kind-row"):
                yield Select(
                    [
                        (t("export_kind_report"), "report"),
                        (t("export_kind_factcheck"), "factcheck"),
                    ],
                    value="report",
                    allow_blank=False,
                    id="export-kind",
                )
                yield Select(
                    [(t("export_all_sources"), "*")]
                    + [(plain(s.label()), s.id) for s in self._interviews],
                    value="*",
                    allow_blank=False,
                    id="export-source",
                    disabled=True,
                )
            yield Checkbox(
                t("export_mark_sent"),
                value=not self.audit.read_only,
                id="export-mark-sent",
                disabled=self.audit.read_only,
            )
            draft = unfinished(self.audit)
            if draft:
                yield Label(
                    t("export_draft", n=len(draft.not_assessed), conflicts=draft.conflicts),
                    id="export-draft",
                )
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
            yield Label(t("export_hint"), id="export-message", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#export-progress").display = False
        self.query_one("#export-mark-sent").display = False
        self.query_one("#export-path", Input).focus()

    @property
    def kind(self) -> str:
        """What is exported: "report" or "factcheck"."""
        return str(self.query_one("#export-kind", Select).value)

    @on(Select.Changed, "#export-kind")
    def _kind_changed(self) -> None:
        """The fact check needs no report date, and may be for one interviewee."""
        factcheck = self.kind == "factcheck"
        title = t("export_title_factcheck" if factcheck else "export_title")
        self.query_one("#export-title", Label).update(title)
        path_label = t("export_path_factcheck" if factcheck else "export_path")
        self.query_one("#export-path-label", Label).update(path_label)
        self.query_one("#export-source", Select).disabled = not factcheck
        self.query_one("#export-mark-sent").display = factcheck
        for widget in self.query("#export-date, #export-date-label, #export-draft"):
            widget.display = not factcheck
        field = self.query_one("#export-path", Input)
        report = default_export_path(self.audit)
        fact = report.with_name(f"{report.stem}-{t('export_factcheck_file')}.docx")
        if field.value.strip() in (str(report), str(fact)):
            field.value = str(fact if factcheck else report)

    def action_start(self) -> None:
        """Export with what the dialog holds (Ctrl+S, from any field)."""
        self._start(None)

    @on(Input.Submitted)
    def _start(self, event: Input.Submitted | None) -> None:
        """Enter in either field exports: to the path, dated with the report date."""
        if self._worker is not None and self._worker.is_running:
            return
        message = self.query_one("#export-message", Label)
        if self.kind == "factcheck":
            self._start_factcheck(message)
            return
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

    def _start_factcheck(self, message: Label) -> None:
        path = Path(self.query_one("#export-path", Input).value.strip()).expanduser()
        if path.name in ("", ".", ".."):
            message.update(t("export_needs_file"))
            return
        chosen = self.query_one("#export-source", Select).value
        sources = None if chosen == "*" else [s for s in self._interviews if s.id == chosen]
        mark = self.query_one("#export-mark-sent", Checkbox).value and not self.audit.read_only
        self.query_one("#export-progress").display = True
        message.update(t("exporting"))
        self._worker = self._export_factcheck(path, sources, mark)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_factcheck(
        self, path: Path, sources: list[Source] | None, mark_sent: bool
    ) -> FactCheckExported:
        worker = get_current_worker()
        settings = load_settings(self.audit.path.parent)

        def progress(fraction: float, step: str) -> None:
            if worker.is_cancelled:
                raise _Cancelled
            self.app.call_from_thread(self.query_one(ProgressBar).update, progress=fraction * 100)

        return export_factcheck(
            self.audit,
            path,
            sources=sources,
            mark_sent=mark_sent,
            mode=settings.mode,
            progress=progress,
        )

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
            if isinstance(result, FactCheckExported):
                count = len(result.observation_ids)
                self.app.notify(tn("exported_factcheck", count, path=result.path), timeout=8)
                self.dismiss(result.path)
                return
            assert isinstance(result, Exported)
            key = "exported_draft" if result.unfinished else "exported"
            self.app.notify(t(key, path=result.path), timeout=8)
            self.dismiss(result.path)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, _Cancelled):
                self.dismiss(None)
                return
            text = (
                describe(error)
                if isinstance(error, ExportError | OSError | StoreError)
                else repr(error)
            )
            message.update(plain(t("export_failed", error=text), multiline=True))
            self.query_one("#export-progress").display = False
            self.query_one("#export-path", Input).focus()

    def action_cancel(self) -> None:
        """Cancel a running export, or close."""
        if self._worker is not None and self._worker.is_running:
            self._worker.cancel()
            self.app.notify(t("export_cancelled"))
        self.dismiss(None)
