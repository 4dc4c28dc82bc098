"""One row of a list read whole: a field's label, where it belongs, and its values in full.

The history and the conflicts list show one line per change, cut to fit; Enter
on a row opens it here, where each value is wrapped and the body scrolls (↑ ↓,
PgUp PgDn), so a long note can be read at 80x24 without moving sideways.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.i18n import N_, t
from tui.safe_text import plain

ResultT = TypeVar("ResultT")


class ValuesDialog(ModalScreen[ResultT], Generic[ResultT]):
    """A title, a few lines saying where and who, and named values shown whole."""

    DEFAULT_CSS = """
    ValuesDialog #values-about {
        color: $text-muted;
        height: auto;
    }
    ValuesDialog #values-body {
        height: auto;
        max-height: 70vh;
        margin-top: 1;
    }
    ValuesDialog #values-body:focus {
        background-tint: $foreground 4%;
    }
    ValuesDialog .value-name {
        text-style: bold;
        color: $accent;
    }
    ValuesDialog .value-text {
        margin-bottom: 1;
        padding-left: 2;
    }
    ValuesDialog .hint {
        height: auto;
    }
    """

    BINDINGS = [Binding("escape,q", "close", N_("close"), id="values.close")]

    def __init__(
        self,
        title: str,
        about: Sequence[str],
        values: Sequence[tuple[str, str]],
        hint: str = "",
    ):
        super().__init__()
        self.title_text = title
        self.about = list(about)
        self.values = list(values)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="values"):
            yield Label(plain(self.title_text), classes="dialog-title", id="values-title")
            yield Static(
                plain("\n".join(a for a in self.about if a), multiline=True), id="values-about"
            )
            with VerticalScroll(id="values-body"):
                for name, text in self.values:
                    yield Label(plain(name), classes="value-name")
                    shown = text if text.strip() else t("value_empty")
                    yield Static(plain(shown, multiline=True), classes="value-text")
            if self.hint:
                yield Label(plain(self.hint), id="values-keys", classes="hint")
            yield Label(t("values_hint"), id="values-hint", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#values-body").focus()

    def action_close(self) -> None:
        """Close and go back to the list."""
        self.dismiss(None)
