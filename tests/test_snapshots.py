"""Snapshot tests of every screen at a fixed size, on the demo audit with a frozen clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from granska.demo import ensure_demo
from tests.tui_helpers import settle
from tui.app import make_app
from tui.i18n import set_language


@pytest.fixture
def demo_app(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch):
    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    ensure_demo(snapshot_workspace)
    return make_app(snapshot_workspace)


def keys(*presses: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)
        # On a loaded machine focus may still be on its way to a dialog's field, and a
        # blinking cursor is drawn or not by chance: wait for focus to settle and hold
        # the cursor steady, so the picture does not depend on the load.
        focused = None
        for _ in range(40):
            await pilot.pause(0.05)
            if pilot.app.screen.focused is not None and pilot.app.screen.focused is focused:
                break
            focused = pilot.app.screen.focused
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False
        await settle(pilot)

    return run_before


SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, demo_app, size):
    assert snap_compare(demo_app, terminal_size=size, run_before=keys())


SCREENS = [
    ("new_audit", ("n",)),
    ("recommendations", ("enter", "r")),
    ("recommendation_editor", ("enter", "r", "enter")),
    ("overall_assessment", ("enter", "s")),
    ("history", ("enter", "h")),
    ("export", ("enter", "x")),
    ("help", ("enter", "f1")),
    ("import", ("enter", "i")),
    ("conflicts", ("enter", "k")),
    ("audit_texts", ("enter", "t")),
    ("palette", ("enter", "ctrl+p")),
]


@pytest.mark.parametrize("name,presses", SCREENS)
def test_screen(snap_compare, demo_app, name, presses):
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=keys(*presses))


@pytest.fixture
def demo_app_en(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch):
    """The demo audit in English (chosen after every screen module was imported)."""
    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    ensure_demo(snapshot_workspace)
    yield make_app(snapshot_workspace, language="en")
    set_language("sv")


@pytest.mark.parametrize("name,presses", [("home", ()), *SCREENS])
def test_screen_en(snap_compare, demo_app_en, name, presses):
    assert snap_compare(demo_app_en, terminal_size=(80, 24), run_before=keys(*presses))
