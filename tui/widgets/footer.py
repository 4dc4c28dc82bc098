"""The key bar: one line of text drawn from the screen's active bindings.

Textual's `Footer` is a grid of one widget per key and recomposes all of them
whenever the bindings change, which they do at every focus change: on the audit
screen that was the largest cost of filing a note (17-106 ms at 120x40). This bar
is a single widget whose `render` builds one `Text`; a change of bindings costs a
repaint of one line. It shows what the stock footer shows (enabled keys of the
focused chain with `show=True`, one per action, the command palette's key at the
right) and runs a key's action when clicked, as the stock footer does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class ShownKey:
    """One key on the bar: the key as typed, as shown, and what it does."""

    key: str
    display: str
    description: str
    enabled: bool


class KeysFooter(Widget):
    """The keys on offer on this screen, in one line; redrawn, never recomposed."""

    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeysFooter > .keys-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeysFooter > .keys-footer--disabled {
        text-style: dim;
    }
    """

    COMPONENT_CLASSES = {"keys-footer--key", "keys-footer--disabled"}
    ALLOW_SELECT = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str]] = []  # x from, x to, key: for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        """The bindings on offer changed (focus moved, a check_action answer changed)."""
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.refresh()

    @property
    def keys(self) -> list[ShownKey]:
        """The keys shown, left to right, then the command palette's key."""
        shown, palette = self._collect()
        return shown + ([palette] if palette else [])

    def _collect(self) -> tuple[list[ShownKey], ShownKey | None]:
        app = self.app
        seen: set[str] = set()
        shown: list[ShownKey] = []
        palette: ShownKey | None = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = ShownKey(
                    key, app.get_key_display(binding), binding.description, active.enabled
                )
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append(
                ShownKey(key, app.get_key_display(binding), binding.description, active.enabled)
            )
        return shown, palette

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("keys-footer--key")
        dim = self.get_component_rich_style("keys-footer--disabled")
        shown, palette = self._collect()
        tail = f" {palette.display} {palette.description} " if palette else ""
        room = width - cell_len(tail)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str]] = []
        for key in shown:
            part = f" {key.display} {key.description} "
            if cell_len(line.plain) + cell_len(part) > room:
                break
            start = cell_len(line.plain)
            line.append(f" {key.display} ", key_style + (dim if not key.enabled else None))
            line.append(f"{key.description} ", dim if not key.enabled else "")
            spans.append((start, cell_len(line.plain), key.key))
        if palette is not None:
            line.append(" " * max(room - cell_len(line.plain), 0))
            start = cell_len(line.plain)
            line.append(f" {palette.display} ", key_style)
            line.append(f"{palette.description} ")
            spans.append((start, cell_len(line.plain), palette.key))
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
