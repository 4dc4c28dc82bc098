"""Editing one longer text of the audit (overall assessment, background, ...), saved as typed.

Given `choices`, a value is chosen above the text as well: the overall assessment
of a template that grades it (`overall: {scale: ...}`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, TextArea

from tui.i18n import N_, t
from tui.widgets.autosave import AutosaveTextArea
from tui.widgets.status import SaveStatus


class TextEditScreen(ModalScreen[None]):
    """A large text field that saves itself; Esc closes."""

    BINDINGS = [Binding("escape", "close", N_("close"), id="text_edit.close")]

    def __init__(
        self,
        title: str,
        text: str,
        save: Callable[[str], None],
        *,
        read_only: bool = False,
        choices: Sequence[tuple[str, str]] = (),
        value: str = "",
        save_value: Callable[[str], None] | None = None,
    ):
        super().__init__()
        self.title_text = title
        self.initial = text
        self.save = save
        self.read_only = read_only
        self.choices = list(choices)
        self.value = value
        self.save_value = save_value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="text-edit"):
            yield Label(self.title_text, classes="dialog-title")
            if self.choices:
                yield Select(
                    self.choices,
                    value=self.value if self.value in {v for _, v in self.choices} else Select.NULL,
                    prompt=t("choose_value"),
                    id="value",
                    compact=True,
                    disabled=self.read_only,
                )
            yield AutosaveTextArea(
                self.initial, id="text", save=self.save, read_only=self.read_only
            )
            yield Label(t("autosave_hint"), classes="hint")
            yield SaveStatus(id="status")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Select.Changed, "#value")
    def _value_chosen(self, event: Select.Changed) -> None:
        if self.save_value is not None and not self.read_only:
            self.save_value(event.value if isinstance(event.value, str) else "")

    def action_close(self) -> None:
        """Save what is typed and close."""
        self.query_one(AutosaveTextArea).save_now()
        self.dismiss(None)
