"""Snapshot tests of every screen at a fixed size, on the demo audit with a frozen clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from granska.demo import ensure_demo
from tests.tui_helpers import settle
from tui.app import make_app


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

    return run_before


SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, demo_app, size):
    assert snap_compare(demo_app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize(
    "name,presses",
    [
        ("new_audit", ("n",)),
        ("recommendations", ("enter", "r")),
        ("recommendation_editor", ("enter", "r", "enter")),
        ("overall_assessment", ("enter", "s")),
        ("history", ("enter", "h")),
        ("export", ("enter", "x")),
        ("help", ("enter", "f1")),
    ],
)
def test_screen(snap_compare, demo_app, name, presses):
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=keys(*presses))
