"""A text area that saves itself shortly after typing stops, and when it loses focus."""

from __future__ import annotations

from collections.abc import Callable

from textual.timer import Timer
from textual.widgets import Input, TextArea

SAVE_DELAY = 0.4


class AutosaveTextArea(TextArea):
    """Calls `save(text)` after a pause in typing, on blur, and on `save_now()`."""

    def __init__(self, text: str = "", *, save: Callable[[str], None], **kwargs):
        super().__init__(
            text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs
        )
        self._save = save
        self._saved_text = text
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        # Editing an existing text usually means adding to it.
        self.move_cursor(self.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.save_now)

    def on_blur(self) -> None:
        self.save_now()

    def reset(self, text: str) -> None:
        """Show another text without saving the change."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._saved_text = text
        self.load_text(text)
        self.move_cursor(self.document.end)

    def save_now(self) -> None:
        """Save the current text if it changed since the last save."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.read_only or self.text == self._saved_text:
            return
        self._saved_text = self.text
        self._save(self.text)


class AutosaveInput(Input):
    """A one-line field that calls `save(text)` after a pause, on Enter and on blur."""

    def __init__(self, value: str = "", *, save: Callable[[str], None], **kwargs):
        super().__init__(value, **kwargs)
        self._save = save
        self._saved_value = value
        self._timer: Timer | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY * 2, self.save_now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.save_now()

    def on_blur(self) -> None:
        self.save_now()

    def save_now(self) -> None:
        """Save the current value if it changed since the last save."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.disabled or self.value == self._saved_value:
            return
        self._saved_value = self.value
        self._save(self.value)
