"""The Granska app: global bindings, the open audit, and the factory the CLI and tests use."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterable
from pathlib import Path

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.widget import Widget

from checklists.library import Library, load_library
from store import StoreError
from tui.commands import granska_commands
from tui.errors import describe
from tui.i18n import N_, default_language, set_language, t
from tui.session import AuditSession
from tui.textual_i18n import GranskaCommandPalette, textual_system_commands, translate_node


class GranskaApp(App[int]):
    """Walks an auditor through audit questions and keeps every note safe."""

    CSS_PATH = "app.tcss"
    TITLE = "Granska"
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("quit"), priority=True, show=False),
        Binding("f1", "help", N_("help")),
        Binding("question_mark", "help", N_("help"), show=False),
    ]

    def __init__(self, workspace: Path, *, checklist_dirs: list[Path] | None = None):
        super().__init__()
        self.workspace = workspace
        self.checklist_dirs = checklist_dirs or []
        self.session: AuditSession | None = None
        self._library: Library | None = None
        translate_node(self)

    @property
    def library(self) -> Library:
        """The templates on offer, loaded once."""
        if self._library is None:
            self._library = load_library(self.checklist_dirs)
        return self._library

    def on_mount(self) -> None:
        from tui.screens.home import HomeScreen

        self._install_signal_handlers()
        self.app_suspend_signal.subscribe(self, self._before_suspend)
        self.push_screen(HomeScreen())

    # -- one language: Textual's texts too (tui/textual_i18n.py) ----------------

    def _register_child(
        self, parent: DOMNode, child: Widget, before: int | None, after: int | None
    ) -> None:
        # Every widget and screen passes here once, before it is mounted: the moment
        # its bindings get the language of this app, whatever the import order.
        super()._register_child(parent, child, before, after)
        translate_node(child)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's commands: Granska's for this screen, then Textual's, translated."""
        yield from granska_commands(self, screen)
        yield from textual_system_commands(self, screen)

    def action_command_palette(self) -> None:
        """Open the command palette, in the current language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(GranskaCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        """Choose a theme in the palette, in the current language."""
        self.push_screen(
            GranskaCommandPalette(providers=[ThemeProvider], placeholder=t("theme_placeholder"))
        )

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        if event.name == "screenshot":
            event.prevent_default()  # instead of Textual's English notification
            where = str(event.path) if event.path is not None else ""
            self.notify(t("screenshot_saved", path=where), title=t("cmd_screenshot"))

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == "screenshot":
            event.prevent_default()
            self.notify(t("screenshot_failed"), title=t("cmd_screenshot"), severity="error")

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit: say which key does, in the current language."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(t("quit_hint", key=key), title=t("quit_hint_title"))
                return

    # -- never lose typing: quit, hang-up, terminate and suspend all save first --------

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        self._signals: list[int] = []
        for name in ("SIGHUP", "SIGTERM"):
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self._hang_up)
                self._signals.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not on this platform or not in the main thread

    def save_all_fields(self) -> None:
        """Save every text field that still holds unsaved typing, on every open screen."""
        from tui.widgets.autosave import AutosaveInput, AutosaveTextArea

        for screen in self.screen_stack:
            for field in [*screen.query(AutosaveTextArea), *screen.query(AutosaveInput)]:
                field.save_now()

    def _hang_up(self) -> None:
        """The terminal closed or we were told to stop: save, flush, quit."""
        self.save_all_fields()
        self.close_session()
        self.exit(0)

    def _before_suspend(self) -> None:
        self.save_all_fields()
        if self.session is not None:
            self.session.flush()

    # -- the open audit -------------------------------------------------------

    def open_session(self, path: Path, *, read_only: bool = False) -> AuditSession:
        """Open an audit for editing (raises StoreError with a clear message)."""
        if not self.close_session():
            raise StoreError("the audit that is open could not be saved; it stays open")
        self.session = AuditSession.open(path, self._status_from_any_thread, read_only=read_only)
        return self.session

    def close_session(self) -> bool:
        """Flush and close the open audit, if any; False (audit kept open) if that failed."""
        if self.session is None:
            return True
        try:
            self.session.close()
        except (StoreError, OSError) as exc:
            self.notify(t("close_failed", error=describe(exc)), severity="error", timeout=15)
            return False
        self.session = None
        return True

    class SaveState(Message):
        """The writer thread's news about saving, delivered on the UI thread."""

        def __init__(self, state: str, detail: str) -> None:
            super().__init__()
            self.state = state
            self.detail = detail

    def _status_from_any_thread(self, state: str, detail: str) -> None:
        # post_message is thread-safe and never waits for the UI, so the writer
        # thread cannot block on an event loop that is itself waiting for it.
        self.post_message(self.SaveState(state, detail))

    def on_granska_app_save_state(self, message: SaveState) -> None:
        from tui.widgets.status import SaveStatus

        for screen in self.screen_stack:
            for status in screen.query(SaveStatus):
                status.show(message.state, message.detail)

    # -- actions ------------------------------------------------------------------

    def action_help(self) -> None:
        """Show the help screen for the current screen."""
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """Flush everything to disk, then quit; stay if the audit could not be saved."""
        self.save_all_fields()
        if self.close_session():
            self.exit(0)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in getattr(self, "_signals", []):
            loop.remove_signal_handler(sig)
        if self.session is not None:
            self.close_session()


def make_app(
    workspace: Path, *, language: str | None = None, checklist_dirs: list[Path] | None = None
) -> GranskaApp:
    """Build the app on a workspace; the CLI and the tests both use this.

    `language` is "sv" or "en"; None means GRANSKA_LANG, else Swedish. It may be
    chosen after every screen module has been imported: texts are bound at run time.
    """
    set_language(language or default_language())
    return GranskaApp(Path(workspace), checklist_dirs=checklist_dirs)
