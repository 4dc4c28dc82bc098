"""Snapshots of the source register and its form, in Swedish and English (frozen clock, demo)."""

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
        ("register", ("enter", "c")),
        ("edit_interview", ("enter", "c", "enter")),
        ("new_document", ("enter", "c", "o")),
    ],
)
def test_sources(snap_compare, demo, name, presses, language):
    app = make_app(demo, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(*presses))


@pytest.mark.parametrize("language", LANGUAGES)
def test_join_dialog(snap_compare, demo, language):
    """The join dialog waits in a worker for its answer: let it open, do not wait on it."""
    opened = keys("enter", "c")

    async def run_before(pilot) -> None:
        await opened(pilot)
        await pilot.press("j")
        for _ in range(10):
            await pilot.pause(0.05)

    app = make_app(demo, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_attach_dialog(snap_compare, demo, language):
    """The attach dialog on the register's first document."""
    from tests.test_evidence_screen import to_first_document

    opened = keys("enter", "c")

    async def run_before(pilot) -> None:
        await opened(pilot)
        await to_first_document(pilot)
        await pilot.press("a")
        await pilot.pause(0.1)

    app = make_app(demo, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
