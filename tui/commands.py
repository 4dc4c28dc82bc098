"""The command palette: every action of the app, by name, in the current language.

`GranskaApp.get_system_commands(screen)` yields these beside Textual's own
system commands (translated in tui/textual_i18n.py), so the palette offers
what makes sense on the screen it was opened from.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from tui.i18n import t

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

# (text key, screen class name or "" for anywhere, action on that screen or the app)
COMMANDS: list[tuple[str, str, str]] = [
    ("cmd_export", "AuditScreen", "export"),
    ("cmd_add_observation", "AuditScreen", "add_observation"),
    ("cmd_assess", "AuditScreen", "assess"),
    ("cmd_recommendations", "AuditScreen", "recommendations"),
    ("cmd_overall", "AuditScreen", "overall"),
    ("cmd_background", "AuditScreen", "texts"),
    ("cmd_purpose", "AuditScreen", "purpose"),
    ("cmd_method", "AuditScreen", "method"),
    ("cmd_history", "AuditScreen", "history"),
    ("cmd_sources", "AuditScreen", "sources"),
    ("cmd_import", "AuditScreen", "import_copy"),
    ("cmd_upgrade", "AuditScreen", "upgrade_template"),
    ("cmd_conflicts", "AuditScreen", "conflicts"),
    ("cmd_home", "AuditScreen", "home"),
    ("cmd_interview", "AuditScreen", "interview"),
    ("cmd_inbox", "AuditScreen", "inbox"),
    ("cmd_end_interview", "InterviewScreen", "end"),
    ("cmd_new_audit", "HomeScreen", "new_audit"),
    ("cmd_help", "", "app.help"),
    ("cmd_quit", "", "app.quit"),
]


def granska_commands(app: App, screen: Screen) -> Iterable[SystemCommand]:
    """Granska's commands that make sense on `screen`, in the current language."""
    for key, screen_name, action in COMMANDS:
        if screen_name and type(screen).__name__ != screen_name:
            continue
        if screen_name and screen.check_action(action, ()) is False:
            continue
        target = app if action.startswith("app.") else screen
        run = partial(target.run_action, action.removeprefix("app."))
        yield SystemCommand(t(key), "", run)
