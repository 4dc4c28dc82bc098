"""The help screen: what Granska does with your edits, and the keys of the screen you came from."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from tui.i18n import N_, t
from tui.keymap import bindings_with_keymap


def _key_name(key: str) -> str:
    return key.replace("ctrl+", "Ctrl+").replace("question_mark", "?").replace("escape", "Esc")


class HelpScreen(ModalScreen[None]):
    """Lists the bindings of the screen below it."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", N_("close"), id="help.close")]

    def __init__(self, below: Screen):
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", box=None, expand=True)
        table.add_column(t("keys"), no_wrap=True)
        table.add_column("")
        seen: set[str] = set()
        for _, binding in self._all_bindings():
            if binding.description and binding.key not in seen:
                seen.add(binding.key)
                table.add_row(_key_name(binding.key_display or binding.key), binding.description)
        table.add_row("Ctrl+P", t("command_palette"))
        with VerticalScroll(classes="dialog", id="help"):
            yield Label(t("help_title"), classes="dialog-title")
            yield Static(t("help_intro"), id="help-intro")
            yield Static(table, id="help-keys")

    def _all_bindings(self):
        for node in (self.below, self.app):
            # As Textual applies the user's keymap when a key is pressed (tui/keymap.py).
            for key, bindings in bindings_with_keymap(node).key_to_bindings.items():
                for binding in bindings:
                    yield key, binding

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(None)
