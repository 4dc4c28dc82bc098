"""Snapshots of interview mode in Swedish and English: the start dialog, the screen with a
note filed and one being typed, the summary, and the inbox (frozen clock, demo audit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from granska.demo import ensure_demo
from tests.test_snapshots import keys
from tui.app import make_app

LANGUAGES = ["sv", "en"]
START = ("enter", "n", "tab", "R", "e", "k", "t", "o", "r", "enter", "enter")
NOTE = ("S", "a", "m", "v", "e", "r", "k", "a", "r", "enter", "B", "u", "d", "g", "e", "t")


@pytest.fixture
def demo(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    ensure_demo(snapshot_workspace)
    return snapshot_workspace


def then_wait_for_dialog(*presses: str):
    """`keys`, then one more key that opens a dialog a worker waits for (so no settle)."""
    before = keys(*presses[:-1])

    async def run_before(pilot: Pilot) -> None:
        await before(pilot)
        await pilot.press(presses[-1])
        for _ in range(6):
            await pilot.pause(0.05)

    return run_before


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name,presses",
    [
        ("start", ("enter", "n")),
        ("screen", START + NOTE),
        ("notes_focused", (*START, *NOTE[:10], "tab")),
    ],
)
def test_interview(snap_compare, demo, name, presses, language):
    app = make_app(demo, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(*presses))


@pytest.mark.parametrize("language", LANGUAGES)
def test_interview_summary(snap_compare, demo, language):
    app = make_app(demo, language=language)
    run_before = then_wait_for_dialog(*START, *NOTE[:10], "ctrl+o")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_interview_120x40(snap_compare, demo):
    app = make_app(demo)
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys(*START, *NOTE))


@pytest.mark.parametrize("language", LANGUAGES)
def test_inbox(snap_compare, demo, language):
    from store import open_audit
    from store.inbox import INBOX

    [path] = demo.glob("*.granska.json")
    audit = open_audit(path)
    source = audit.add_source("interview", role="Ekonomichef", date="2026-03-14")
    audit.add_observation(INBOX, "Be om budgetuppföljningen för 2025.", [source.id])
    audit.add_observation(INBOX, "Vem äger rutinen för samverkan?", [source.id])
    audit.close()
    app = make_app(demo, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("enter", "l"))
