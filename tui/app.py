"""The Granska app: global bindings, the open audit, and the factory the CLI and tests use."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.color import Color
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.widget import Widget

from store import StoreError
from tui.commands import granska_commands
from tui.errors import describe
from tui.i18n import N_, default_language, set_language, t
from tui.keymap import keep_key_order
from tui.safe_text import UNSAFE, shown
from tui.textual_i18n import GranskaCommandPalette, textual_system_commands, translate_node
from tui.ui_state import UiState

if TYPE_CHECKING:
    # Loaded when first used: the home screen is drawn before the templates and the
    # store's engine are imported (see `HomeScreen.prepare`).
    from checklists.library import Library
    from tui.session import AuditSession


class ControlFilter(LineFilter):
    """Removes control characters from every line the app draws, whatever drew it.

    Screens show text from files through `tui.safe_text.plain` (control characters made
    visible, never markup); this filter is the backstop for any widget that still lets
    one through, so no escape sequence from a file ever reaches the terminal. The
    characters it removes are zero cells wide, so the layout does not move.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = []
        for segment in segments:
            if segment.control is None and UNSAFE.search(segment.text):
                text = UNSAFE.sub("", segment.text)
                if text:
                    out.append(Segment(text, segment.style))
            else:
                out.append(segment)
        return out


class GranskaApp(App[int]):
    """Walks an auditor through audit questions and keeps every note safe."""

    CSS_PATH = "app.tcss"
    TITLE = "Granska"
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("quit"), priority=True, show=False, id="app.quit"),
        # Suspend to the shell (fg brings it back); in a text area Ctrl+Z is undo.
        Binding("ctrl+z", "suspend_process", N_("suspend"), show=False, id="app.suspend"),
        Binding("f1", "help", N_("help"), id="app.help"),
        Binding("question_mark", "help", N_("help"), show=False, id="app.help_alt"),
    ]

    def __init__(self, workspace: Path, *, checklist_dirs: list[Path] | None = None):
        super().__init__()
        self.workspace = workspace
        self.checklist_dirs = checklist_dirs or []
        self.session: AuditSession | None = None
        self.last_source_id: str | None = None  # the source the last note cited
        self._library: Library | None = None
        self._ui_state: UiState | None = None
        self._control_filter = ControlFilter()
        translate_node(self)
        keep_key_order(self)

    @property
    def ui_state(self) -> UiState:
        """What is remembered per audit on this laptop (last source, last item)."""
        if self._ui_state is None:
            self._ui_state = UiState(self.workspace)
        return self._ui_state

    @property
    def library_loaded(self) -> bool:
        """Whether the templates on offer have been read (reading them takes a while)."""
        return self._library is not None

    @property
    def library(self) -> Library:
        """The templates on offer, loaded once."""
        if self._library is None:
            from checklists.library import load_library

            self._library = load_library(self.checklist_dirs)
        return self._library

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps control characters off the terminal."""
        return [*super().get_line_filters(), self._control_filter]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notify, always as plain text (`markup` is ignored, also when a widget's
        notify passes it on): messages quote titles, file names and errors, where "[" is
        text, and a stray "[/x]" must not crash the app."""
        super().notify(
            shown(message, multiline=True),
            title=shown(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _fatal_error(self) -> None:
        """An unexpected error: Textual's crash exit, but its traceback shows local
        variables (note text, journal bytes). Textual 8 has no setting for that, so
        this one method is replaced: no locals on screen, the report in a private file
        (tui/crash.py)."""
        from tui.crash import crash_report

        self.bell()
        self.panic(crash_report())

    def on_mount(self) -> None:
        from tui.screens.home import HomeScreen

        self._install_signal_handlers()
        # immediate: Textual stops the process right after publishing; a posted callback
        # would run only after the process is continued.
        self.app_suspend_signal.subscribe(self, self._before_suspend, immediate=True)
        self.apply_keys_files()
        self.push_screen(HomeScreen())

    def apply_keys_files(self) -> None:
        """Remap keys from the user's keys.toml and the workspace's [keys] (tui/keymap.py),
        through Textual's keymap, so the footer and help show them; a bad line is said in a
        notification and not used, the rest and the defaults apply."""
        from tui.keymap import describe_problems, has_keys_files, load_keymap

        if not has_keys_files(self.workspace):
            return  # nothing to read: the screens need not all be imported to check it
        result = load_keymap(self.workspace)
        self.set_keymap(result.keymap)
        if result.problems:
            self.notify(
                describe_problems(result.problems),
                title=t("keys_problem_title"),
                severity="warning",
                timeout=20,
            )

    # -- one language: Textual's texts too (tui/textual_i18n.py) ----------------

    def _register_child(
        self, parent: DOMNode, child: Widget, before: int | None, after: int | None
    ) -> None:
        # Every widget and screen passes here once, before it is mounted: the moment
        # its bindings get the language of this app, whatever the import order.
        super()._register_child(parent, child, before, after)
        translate_node(child)
        keep_key_order(child)

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
        # Textual's driver stops the process on SIGTSTP straight from its signal
        # handler, so a `kill -TSTP` (or a job-control stop) froze the app with the
        # field unsaved and the queue not on disk. Its handler is kept and called
        # from ours, after saving, on the event loop where touching widgets is safe.
        stop = getattr(signal, "SIGTSTP", None)
        stop_handler = signal.getsignal(stop) if stop is not None else None
        handlers = [("SIGHUP", self._hang_up), ("SIGTERM", self._hang_up)]
        if callable(stop_handler):
            handlers.append(("SIGTSTP", lambda: self._stop(stop_handler)))
        for name, handler in handlers:
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, handler)
                self._signals.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not on this platform or not in the main thread

    def _stop(self, driver_handler: Callable[[int, FrameType | None], Any]) -> None:
        """SIGTSTP from outside: save the fields and flush, then let the driver stop us."""
        self._before_suspend()
        driver_handler(signal.SIGTSTP, None)

    def save_all_fields(self) -> None:
        """Save every text field that still holds unsaved typing, on every open screen."""
        from tui.widgets.autosave import AutosaveInput, AutosaveTextArea

        for screen in self.screen_stack:
            for field in [*screen.query(AutosaveTextArea), *screen.query(AutosaveInput)]:
                field.save_now()
        if self._ui_state is not None:
            self._ui_state.write()

    def _hang_up(self) -> None:
        """The terminal closed or we were told to stop: save, flush, quit."""
        self.save_all_fields()
        self.close_session()
        self.exit(0)

    def _before_suspend(self, _app: object = None) -> None:
        """Save the field being typed in and put every queued edit on disk.

        Also the subscriber of Textual's `app_suspend_signal`, which passes the app."""
        self.save_all_fields()
        if self.session is not None:
            try:
                self.session.flush()
            except (StoreError, OSError):
                pass  # the writer keeps the edits queued and reports the failure

    # -- the open audit -------------------------------------------------------

    def open_session(self, path: Path, *, read_only: bool = False) -> AuditSession:
        """Open an audit for editing (raises StoreError with a clear message)."""
        if not self.close_session():
            raise StoreError("the audit that is open could not be saved; it stays open")
        from tui.session import AuditSession

        self.session = AuditSession.open(
            path, self._status_from_any_thread, read_only=read_only, owner=self
        )
        return self.session

    def close_session(self) -> bool:
        """Flush and close the open audit, if any; False (audit kept open) if that failed."""
        if self.session is None:
            return True
        self.ui_state.write()
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
