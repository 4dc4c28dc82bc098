"""Textual's texts in the app's language: the one place that touches its bindings map.

Bindings are declared on classes (`BINDINGS`), but Textual copies them into
each widget's private `_bindings` map when the widget is created, and the
Footer, the key panel ("Keys") and Granska's help screen all read them from
there. So the app calls `translate_node` for every widget as Textual registers
it (`GranskaApp._register_child`) and for itself: each binding's description,
tooltip and group title, the node's `BINDING_GROUP_TITLE` and `HELP` are
replaced by their text in the current language (`tui.i18n.translate`: a
Granska key such as "add_observation", or Textual's own English such as
"Dismiss menu"). A text with no entry is left as it is.

Like Harlequin's `bindings.py`, this module owns Textual's private
`BindingsMap.key_to_bindings`; Textual is pinned, and tests/test_i18n.py
checks the Footer, key panel, palette and help screen in both languages.

Also here: the command palette with a translated placeholder and "No matches
found", and Textual's system commands (theme, keys, maximize, screenshot) in
the current language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode
from textual.widgets.option_list import Option

from tui.i18n import language, t, translate

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen


@lru_cache(maxsize=4096)
def _translated(binding: Binding, lang: str) -> Binding:
    # `lang` is part of the cache key: the same binding reads differently per language.
    group = binding.group
    if group is not None and group.description:
        group = Binding.Group(translate(group.description), compact=group.compact)
    return replace(
        binding,
        description=translate(binding.description),
        tooltip=translate(binding.tooltip),
        group=group,
    )


def translate_node(node: DOMNode) -> None:
    """Put the node's binding texts, group title and help into the current language."""
    lang = language()
    bindings = node._bindings.key_to_bindings
    for key, key_bindings in bindings.items():
        bindings[key] = [_translated(b, lang) for b in key_bindings]
    # Both are class variables read through the instance; an instance value shadows them.
    for name in ("BINDING_GROUP_TITLE", "HELP"):
        text = getattr(node, name)
        if text:
            setattr(node, name, translate(text))


class GranskaCommandPalette(CommandPalette):
    """Textual's command palette with its own texts in the current language."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("placeholder", t("palette_placeholder"))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's version writes "No matches found" in a closure; this is the same
        # countdown with the text translated.
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("palette_no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)


def textual_system_commands(app: App, screen: Screen) -> Iterable[SystemCommand]:
    """Textual's own system commands, screen-aware, in the current language.

    Quit is not among them: Granska's own "Quit Granska" is the same action.
    """
    yield SystemCommand(t("cmd_theme"), t("cmd_theme_help"), app.action_change_theme)
    if screen.query("HelpPanel"):
        yield SystemCommand(t("cmd_keys"), t("cmd_keys_hide_help"), app.action_hide_help_panel)
    else:
        yield SystemCommand(t("cmd_keys"), t("cmd_keys_show_help"), app.action_show_help_panel)
    if screen.maximized is not None:
        yield SystemCommand(t("cmd_minimize"), t("cmd_minimize_help"), screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(t("cmd_maximize"), t("cmd_maximize_help"), screen.action_maximize)
    yield SystemCommand(
        t("cmd_screenshot"),
        t("cmd_screenshot_help"),
        lambda: app.set_timer(0.1, app.deliver_screenshot),
    )
