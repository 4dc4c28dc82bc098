"""The status line: whether the last change is on disk."""

from __future__ import annotations

from textual.widgets import Static

from tui.i18n import t
from tui.safe_text import plain


class SaveStatus(Static):
    """Says 'Saving…', 'Saved 12:03:04' or why saving failed."""

    DEFAULT_CSS = """
    SaveStatus {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    SaveStatus.-error {
        background: $error;
        color: $text;
    }
    """

    def __init__(self, context: str = "", **kwargs):
        super().__init__(**kwargs)
        self.context = context
        self.state = ""
        self.detail = ""

    def on_mount(self) -> None:
        self.refresh_text()

    def show(self, state: str, detail: str = "") -> None:
        """Show a save state: 'saving', 'saved' (detail: time), 'error' (detail: why)."""
        self.state, self.detail = state, detail
        self.refresh_text()

    def set_context(self, context: str) -> None:
        """Set the text shown after the save state (audit, counts)."""
        self.context = context
        self.refresh_text()

    def refresh_text(self) -> None:
        self.set_class(self.state == "error", "-error")
        if self.state == "saving":
            state = t("saving")
        elif self.state == "saved":
            state = t("saved", time=self.detail)
        elif self.state == "error":
            state = t("save_failed", error=self.detail)
        elif self.state == "read_only":
            state = t("read_only")
        else:
            state = ""
        parts = [p for p in (state, self.context) if p]
        # One line of fixed height: no layout pass needed (the status changes twice per edit).
        self.update(plain(" · ".join(parts)), layout=False)  # the context quotes a title
