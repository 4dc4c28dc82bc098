"""A yes/no question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from tui.i18n import N_, t
from tui.safe_text import plain


class ConfirmScreen(ModalScreen[bool]):
    """Asks a question; dismisses with True for yes, False for no."""

    BINDINGS = [
        Binding("escape", "answer(False)", N_("no"), id="confirm.cancel"),
        Binding("y,j", "answer(True)", N_("yes"), show=False, id="confirm.yes"),
        Binding("n", "answer(False)", N_("no"), show=False, id="confirm.no"),
    ]

    def __init__(self, question: str, *, title: str = ""):
        super().__init__()
        self.question = question
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            if self.title_text:
                yield Label(self.title_text, classes="dialog-title")
            yield Label(plain(self.question, multiline=True), id="question")
            with Horizontal(classes="buttons"):
                yield Button(t("yes"), id="yes", variant="primary")
                yield Button(t("no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        """Answer the question."""
        self.dismiss(value)


def delete_observation_question(text: str) -> str:
    """The question asked before an observation is deleted, quoting its start."""
    preview = text.strip().replace("\n", " ")
    preview = preview[:80] + ("…" if len(preview) > 80 else "")
    return f"{t('confirm_delete_observation')}\n\n{preview}"
