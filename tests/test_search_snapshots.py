"""Snapshots of the search dialog over the demo audit, in Swedish and English (frozen clock)."""

from __future__ import annotations

from pathlib import Path

import pytest

from granska.demo import ensure_demo
from tests.test_snapshots import keys
from tui.app import make_app

LANGUAGES = ["sv", "en"]


@pytest.fixture
def demo(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    ensure_demo(snapshot_workspace)
    return snapshot_workspace


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name,presses",
    [
        ("empty", ("enter", "slash")),
        # "samverkan": an observation, a recommendation, a source and a question's guidance
        ("results", ("enter", "slash", *"samverkan")),
        # typed without ö: found in the loose tier (shown in italics)
        ("loose", ("enter", "slash", *"overenskommelse")),
        ("none", ("enter", "slash", *"xyzzy")),
    ],
)
def test_search_dialog(snap_compare, demo, name, presses, language):
    app = make_app(demo, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(*presses))
