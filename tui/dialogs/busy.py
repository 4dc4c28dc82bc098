"""The audit is busy: another Granska holds its lock. Says who, and offers to read it.

The holder comes from the lock's owner record (`AuditLocked.owner`: pid, host,
user, since). Everything wraps and the choices are one-line buttons, so the
whole dialog fits 60x15 with its choices visible.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.i18n import N_, t
from tui.safe_text import plain

# The owner record's fields, in the order they are shown, with their labels' keys.
WHO = {"user": "busy_user", "host": "busy_host", "pid": "busy_pid", "since": "busy_since"}


def holder_lines(owner: dict[str, Any]) -> list[tuple[str, str]]:
    """Who holds the lock, as (label, value) lines; an unknown value says so."""
    lines = []
    for key, label in WHO.items():
        value = owner.get(key)
        text = "" if value is None else str(value)
        if key == "since":
            text = text[:16].replace("T", " ")
        lines.append((t(label), text or t("busy_unknown")))
    return lines


class BusyDialog(ModalScreen[bool]):
    """Dismisses with True to open the audit read-only, False to leave it."""

    # Not the app's `.dialog`: its padding would push the choices off a 15-row terminal.
    DEFAULT_CSS = """
    BusyDialog > #busy {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $accent;
        background: $surface;
    }
    BusyDialog #busy-body {
        height: auto;
        max-height: 60vh;
    }
    BusyDialog #busy-message {
        margin-bottom: 1;
    }
    BusyDialog #busy-who {
        padding-left: 2;
    }
    BusyDialog .buttons {
        margin-top: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "answer(False)", N_("cancel"), id="busy.cancel"),
        Binding("r", "answer(True)", N_("busy_read_only"), id="busy.read_only"),
    ]

    def __init__(self, path: Path, owner: dict[str, Any]):
        super().__init__()
        self.path = path
        self.owner = owner

    def compose(self) -> ComposeResult:
        width = max(len(label) for label, _ in holder_lines(self.owner))
        who = "\n".join(f"{label:<{width}}  {value}" for label, value in holder_lines(self.owner))
        with Vertical(id="busy"):
            yield Label(t("locked_title"), classes="dialog-title")
            with VerticalScroll(id="busy-body"):
                yield Static(plain(t("busy_message", name=self.path.name)), id="busy-message")
                yield Static(plain(who, multiline=True), id="busy-who")
            with Horizontal(classes="buttons"):
                yield Button(t("busy_read_only"), id="read-only", variant="primary", compact=True)
                yield Button(t("cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "read-only")

    def action_answer(self, read_only: bool) -> None:
        """Open read-only (True) or leave the audit alone (False)."""
        self.dismiss(read_only)
