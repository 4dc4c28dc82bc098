"""The key bar, redrawn only when the keys on offer really change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's Footer, coalesced: one rebuild per burst of binding updates, none if equal.

    The stock footer rebuilds all its keys for every binding update, and a focus
    change sends two; on the audit screen that was the largest cost of filing a note.
    """

    _signature: tuple | None = None
    _pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    def _keys(self) -> tuple:
        return tuple(
            (key, b.binding.action, b.binding.description, b.binding.show, b.enabled)
            for key, b in self.screen.active_bindings.items()
        )

    async def _rebuild_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return  # its screen was dismissed before the rebuild came round
        keys = self._keys()
        if keys == self._signature:
            return
        self._signature = keys
        await self.recompose()
