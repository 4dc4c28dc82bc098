"""Fields that save themselves shortly after typing stops, and when they lose focus."""

from __future__ import annotations

from collections.abc import Callable

from textual.timer import Timer
from textual.widgets import Input, TextArea

SAVE_DELAY = 0.4


class Autosave:
    """The saving behaviour shared by the autosaving fields.

    A subclass says what its current text is (`_current`) and whether it may be
    saved (`_locked`); this calls `save(text)` after a pause, on blur, and on
    `save_now()`, and only when the text changed since the last save.
    """

    _save: Callable[[str], None]
    _saved: str
    _timer: Timer | None = None

    def _init_autosave(self, text: str, save: Callable[[str], None]) -> None:
        self._save = save
        self._saved = text
        self._timer = None

    _current: Callable[[], str]  # each field class says what its text is

    def _locked(self) -> bool:
        return False

    def _schedule(self, delay: float) -> None:
        self._cancel()
        self._timer = self.set_timer(delay, self.save_now)  # type: ignore[attr-defined]

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def on_blur(self) -> None:
        self.save_now()

    @property
    def saved_text(self) -> str:
        """The text as it was last saved (or shown)."""
        return self._saved

    def save_now(self) -> None:
        """Save the current text if it changed since the last save."""
        self._cancel()
        text = self._current()
        if self._locked() or text == self._saved:
            return
        self._saved = text
        self._save(text)


class AutosaveTextArea(Autosave, TextArea):
    """A text area that saves itself."""

    def __init__(self, text: str = "", *, save: Callable[[str], None], **kwargs):
        super().__init__(
            text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs
        )
        self._init_autosave(text, save)

    def _current(self) -> str:
        return self.text

    def _locked(self) -> bool:
        return self.read_only

    def on_mount(self) -> None:
        # Editing an existing text usually means adding to it.
        self.move_cursor(self.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._schedule(SAVE_DELAY)

    def reset(self, text: str) -> None:
        """Show another text without saving the change."""
        self._cancel()
        self._saved = text
        self.load_text(text)
        self.move_cursor(self.document.end)


class AutosaveInput(Autosave, Input):
    """A one-line field that saves itself, also on Enter."""

    def __init__(self, value: str = "", *, save: Callable[[str], None], **kwargs):
        super().__init__(value, **kwargs)
        self._init_autosave(value, save)

    def _current(self) -> str:
        return self.value

    def _locked(self) -> bool:
        return self.disabled

    def on_input_changed(self, event: Input.Changed) -> None:
        self._schedule(SAVE_DELAY * 2)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.save_now()

    def reset(self, value: str) -> None:
        """Show another value without saving the change."""
        self._cancel()
        self._saved = value
        with self.prevent(Input.Changed):
            self.value = value
