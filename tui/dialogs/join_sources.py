"""Join two copies of one source: first choose the other copy, then which one is kept.

`PickCopyDialog` lists the other sources of the same kind, with how many
observations cite each; Enter answers with the chosen id. `KeepSourceDialog`
shows both and asks which one stays: its buttons are the confirmation, Esc or
"Cancel" joins nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from store import Source
from tui.i18n import N_, t, tn
from tui.safe_text import plain


def described(source: Source, usage: dict[str, int]) -> str:
    """'intervju: Enhetschef, 2026-03-01 (3 iakttagelser)'."""
    count = tn("cited_count", usage.get(source.id, 0))
    return f"{t(source.kind)}: {source.label()} ({count})"


class PickCopyDialog(ModalScreen[str | None]):
    """The other copy of `source`: a list of the other sources of its kind."""

    DEFAULT_CSS = """
    PickCopyDialog #pick-copy {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
    }
    PickCopyDialog OptionList {
        height: auto;
        max-height: 12;
    }
    """

    BINDINGS = [Binding("escape", "cancel", N_("cancel"), id="pick_copy.cancel")]

    def __init__(self, source: Source, others: list[Source], usage: dict[str, int]):
        super().__init__()
        self.source = source
        self.others = others
        self.usage = usage

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pick-copy"):
            yield Label(
                plain(t("join_pick_title", source=described(self.source, self.usage))),
                classes="dialog-title",
            )
            yield OptionList(
                *[Option(plain(described(s, self.usage)), id=s.id) for s in self.others],
                id="join-other",
            )
            yield Label(t("join_pick_hint"), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without joining."""
        self.dismiss(None)


class KeepSourceDialog(ModalScreen[str | None]):
    """Which of two copies stays: answers with its id; the other is folded into it."""

    DEFAULT_CSS = """
    KeepSourceDialog #keep-source {
        width: 76;
        max-width: 100%;
        height: auto;
    }
    KeepSourceDialog Button {
        width: 1fr;
        margin-right: 1;
    }
    KeepSourceDialog .buttons {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", N_("cancel"), id="keep_source.cancel"),
        Binding("left", "app.focus_previous", show=False, id="keep_source.previous"),
        Binding("right", "app.focus_next", show=False, id="keep_source.next"),
    ]

    def __init__(self, first: Source, second: Source, usage: dict[str, int]):
        super().__init__()
        self.pair = (first, second)
        self.usage = usage

    def compose(self) -> ComposeResult:
        first, second = self.pair
        with Vertical(classes="dialog", id="keep-source"):
            yield Label(t("join_keep_title"), classes="dialog-title")
            yield Label(
                Text.assemble(
                    "1  ",
                    plain(described(first, self.usage)),
                    "\n",
                    "2  ",
                    plain(described(second, self.usage)),
                )
            )
            yield Label(t("join_keep_question"), classes="muted")
            with Horizontal(classes="buttons"):
                yield Button(t("join_keep_1"), id="keep-1", variant="primary")
                yield Button(t("join_keep_2"), id="keep-2", variant="primary")
                yield Button(t("cancel"), id="keep-none")

    def on_mount(self) -> None:
        self.query_one("#keep-none", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        first, second = self.pair
        chosen = {"keep-1": first.id, "keep-2": second.id}.get(event.button.id or "")
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        """Join nothing."""
        self.dismiss(None)
