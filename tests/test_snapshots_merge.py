"""Snapshots of the conflicts screen with one decision of each kind (80x24 sv and en, 120x40)."""

from __future__ import annotations

from pathlib import Path

import pytest

from granska.demo import ensure_demo
from tests.merge_helpers import conflicted_copy
from tests.tui_helpers import settle
from tui.app import make_app
from tui.i18n import set_language


@pytest.fixture
def merged_workspace(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo audit with a colleague's copy merged in, leaving three decisions."""
    from store import open_audit

    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    path = ensure_demo(snapshot_workspace)
    theirs = conflicted_copy(path, snapshot_workspace.parent / "kollega")
    audit = open_audit(path)
    assert len(audit.import_copy(theirs).conflicts) == 3
    audit.close()
    yield snapshot_workspace
    set_language("sv")


async def _conflicts(pilot) -> None:
    await settle(pilot)
    for key in ("enter", "k", "down", "down"):
        await pilot.press(key)
        await settle(pilot)


@pytest.mark.parametrize(
    "language,size",
    [("sv", (80, 24)), ("en", (80, 24)), ("sv", (120, 40))],
    ids=["sv-80x24", "en-80x24", "sv-120x40"],
)
def test_conflicts_of_every_kind(snap_compare, merged_workspace, language, size):
    app = make_app(merged_workspace, language=language)
    assert snap_compare(app, terminal_size=size, run_before=_conflicts)
