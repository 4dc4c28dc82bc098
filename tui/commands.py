"""The command palette: every action of the app, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import t

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
    ("cmd_import", "AuditScreen", "import_copy"),
    ("cmd_upgrade", "AuditScreen", "upgrade_template"),
    ("cmd_conflicts", "AuditScreen", "conflicts"),
    ("cmd_home", "AuditScreen", "home"),
    ("cmd_new_audit", "HomeScreen", "new_audit"),
    ("cmd_help", "", "app.help"),
    ("cmd_quit", "", "app.quit"),
]


class GranskaCommands(Provider):
    """Offers the actions that make sense on the current screen."""

    def _available(self) -> list[tuple[str, str]]:
        screen = self.screen
        out = []
        for key, screen_name, action in COMMANDS:
            if screen_name and type(screen).__name__ != screen_name:
                continue
            if screen_name and screen.check_action(action, ()) is False:
                continue
            out.append((t(key), action))
        return out

    async def _run(self, action: str) -> None:
        target = self.app if action.startswith("app.") else self.screen
        await target.run_action(action.removeprefix("app."))

    async def discover(self) -> Hits:
        for text, action in self._available():
            yield DiscoveryHit(text, partial(self._run, action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action in self._available():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._run, action))
