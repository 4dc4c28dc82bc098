"""Snapshots of the dialogs that show one row whole, and of the busy dialog (80x24, sv and en)."""

from __future__ import annotations

from pathlib import Path

import pytest

from granska.demo import ensure_demo
from tests.test_snapshots import keys
from tests.test_snapshots_merge import merged_workspace  # noqa: F401 - a fixture used below
from tui.app import make_app
from tui.dialogs.busy import BusyDialog
from tui.i18n import set_language

LANGUAGES = ["sv", "en"]


@pytest.fixture
def demo_workspace(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch):
    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    ensure_demo(snapshot_workspace)
    yield snapshot_workspace
    set_language("sv")


@pytest.mark.parametrize("language", LANGUAGES)
def test_history_change_dialog(snap_compare, demo_workspace, language):
    """History of the first question, its assessment's reasoning opened whole."""
    app = make_app(demo_workspace, language=language)
    presses = ("enter", "h", "down", "down", "down", "down", "down", "down", "down", "enter")
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(*presses))


@pytest.mark.parametrize("language", LANGUAGES)
def test_conflict_dialog(snap_compare, merged_workspace, language):  # noqa: F811
    """The field both laptops changed, opened: mine and theirs whole."""
    app = make_app(merged_workspace, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("enter", "k", "enter"))


OWNER = {"pid": 4242, "host": "revisor-laptop", "user": "anna", "since": "2026-03-14T09:12:00"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_busy_dialog(snap_compare, demo_workspace, language):
    """Who holds the lock (a fixed holder, so the picture does not depend on this run)."""
    app = make_app(demo_workspace, language=language)
    path = demo_workspace / "arbetsmarknad-2026.granska.json"  # a real file's name holds its id

    async def run_before(pilot) -> None:
        await keys()(pilot)
        pilot.app.push_screen(BusyDialog(path, OWNER))
        await keys()(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
