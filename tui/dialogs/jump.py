"""Go to a question by its number or by typing part of its text."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.i18n import N_, t


def matches(entries: list[tuple[str, str, str]], query: str) -> list[tuple[str, str, str]]:
    """The (id, number, text) entries matching a query: a number prefix or words in the text."""
    query = query.strip().casefold()
    if not query:
        return entries
    by_number = [e for e in entries if e[1] == query or e[1].startswith(query.rstrip(".") + ".")]
    if query[0].isdigit():
        exact = [e for e in entries if e[1] == query.rstrip(".")]
        return exact + [e for e in by_number if e not in exact]
    words = query.split()
    return [e for e in entries if all(w in e[2].casefold() for w in words)]


class JumpDialog(ModalScreen[str | None]):
    """A field and the questions that match it; Enter goes to the highlighted one."""

    DEFAULT_CSS = """
    JumpDialog #jump {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 90%;
    }
    JumpDialog OptionList {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", N_("cancel"), id="jump.cancel"),
        Binding("down", "move(1)", show=False, priority=True, id="jump.down"),
        Binding("up", "move(-1)", show=False, priority=True, id="jump.up"),
    ]

    def __init__(self, entries: list[tuple[str, str, str]]):
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="jump"):
            yield Label(t("jump_title"), classes="dialog-title")
            yield Input(id="jump-query", placeholder="2.1")
            yield OptionList(id="jump-options")
            yield Label("", id="jump-none", classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        found = matches(self.entries, query)
        options.add_options(
            Option(Text.assemble((f"{number} ", "bold"), text), id=item_id)
            for item_id, number, text in found
        )
        if found:
            options.highlighted = 0
        self.query_one("#jump-none", Label).update("" if found else t("jump_none"))

    @on(Input.Changed, "#jump-query")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#jump-query")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        """Highlight the next or previous match while typing."""
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)
