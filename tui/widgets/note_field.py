"""The interview's note field: Enter files the note, Shift+Enter or Ctrl+J starts a new line.

What the terminal sends decides the keys. Enter is `\\r` ("enter") everywhere.
Shift+Enter is only told apart where the terminal reports modifiers (the kitty
keyboard protocol: "shift+enter"; xterm's modifyOtherKeys: "shift+\\r");
elsewhere it arrives as a plain Enter. Ctrl+J sends `\\n` (line feed), which
Textual reports as "ctrl+j" in every terminal, so it is the new-line key that
always works. Textual's TextArea does nothing with either by itself (neither
is printable), so this field inserts the new line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message

from tui.i18n import N_
from tui.widgets.autosave import AutosaveTextArea

NEWLINE_KEYS = frozenset({"shift+enter", "shift+\r", "ctrl+j", "newline"})


class NoteField(AutosaveTextArea):
    """A text area whose Enter files the note (`Filed`); Ctrl+B files it to the inbox."""

    DEFAULT_CSS = """
    NoteField {
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("ctrl+b", "file_to_inbox", N_("file_to_inbox"), id="interview.file_to_inbox"),
    ]

    @dataclass
    class Filed(Message):
        """Enter (or Ctrl+B: `to_inbox`) in the field; the screen files `text`."""

        note_field: NoteField
        text: str
        to_inbox: bool = False

    def __init__(self, text: str = "", *, save: Callable[[str], None], **kwargs) -> None:
        super().__init__(text, save=save, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Filed(self, self.text))
            return
        if event.key in NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            if not self.read_only:
                start, end = self.selection
                self.replace("\n", start, end, maintain_selection_offset=False)
            return
        await super()._on_key(event)

    def action_file_to_inbox(self) -> None:
        """File the note without a question: it goes to the inbox."""
        self.post_message(self.Filed(self, self.text, to_inbox=True))
