"""Attach a file (a PDF, a spreadsheet) to a document source: a path field, Enter attaches.

The file is copied into the audit's evidence folder with its checksum
(`Audit.attach_evidence`); `~` is expanded. A refusal (no such file, too large)
is said beside the field and the dialog stays open, so the path can be fixed.
Dismissed with the source's id when attached, None when cancelled.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from store import Audit, Source, StoreError
from tui.errors import describe
from tui.i18n import N_, t
from tui.safe_text import plain


class AttachDialog(ModalScreen[str | None]):
    """A path field for the file to attach to `source`; Enter attaches, Esc cancels."""

    DEFAULT_CSS = """
    AttachDialog #attach {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
    }
    AttachDialog #attach-path {
        margin-top: 1;
    }
    AttachDialog #attach-error {
        display: none;
        height: auto;
        color: $error;
    }
    AttachDialog .hint {
        margin-top: 1;
    }
    """

    BINDINGS = [Binding("escape", "cancel", N_("cancel"), id="attach.cancel")]

    def __init__(self, audit: Audit, source: Source):
        super().__init__()
        self.audit = audit
        self.source = source

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="attach"):
            yield Label(t("attach_title"), classes="dialog-title")
            yield Label(plain(self.source.label()), id="attach-source")
            if self.source.evidence:
                yield Label(
                    plain(t("attach_current", name=self.source.evidence_name)),
                    id="attach-current",
                )
            yield Input(
                id="attach-path", placeholder=t("attach_placeholder"), select_on_focus=False
            )
            yield Label("", id="attach-error")
            yield Label(t("attach_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self) -> None:
        self.query_one("#attach-error", Label).display = False

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if not path:
            return
        event.input.disabled = True  # one copy at a time
        self._copy_in(path)

    @work(thread=True, exclusive=True, group="attach")
    def _copy_in(self, path: str) -> None:
        """Copy and hash the file off the UI thread (up to 200 MB), then close or say why."""
        try:
            self.audit.attach_evidence(self.source.id, path)
        except StoreError as exc:
            self.app.call_from_thread(self._refused, describe(exc))
            return
        self.app.call_from_thread(self.dismiss, self.source.id)

    def _refused(self, why: str) -> None:
        field = self.query_one(Input)
        field.disabled = False
        field.focus()
        error = self.query_one("#attach-error", Label)
        error.update(plain(why))
        error.display = True

    def action_cancel(self) -> None:
        """Close without attaching."""
        self.dismiss(None)
