"""Editing one longer text of the audit (overall assessment, background, ...), saved as typed."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from tui.i18n import N_, t
from tui.widgets.autosave import AutosaveTextArea
from tui.widgets.status import SaveStatus


class TextEditScreen(ModalScreen[None]):
    """A large text field that saves itself; Esc closes."""

    BINDINGS = [Binding("escape", "close", N_("close"))]

    def __init__(
        self, title: str, text: str, save: Callable[[str], None], *, read_only: bool = False
    ):
        super().__init__()
        self.title_text = title
        self.initial = text
        self.save = save
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="text-edit"):
            yield Label(self.title_text, classes="dialog-title")
            yield AutosaveTextArea(
                self.initial, id="text", save=self.save, read_only=self.read_only
            )
            yield Label(t("autosave_hint"), classes="hint")
            yield SaveStatus(id="status")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_close(self) -> None:
        """Save what is typed and close."""
        self.query_one(AutosaveTextArea).save_now()
        self.dismiss(None)
