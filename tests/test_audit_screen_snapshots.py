"""Snapshots of the audit screen and its panes, in Swedish and English (frozen clock, demo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from granska.demo import ensure_demo
from tests.test_snapshots import keys
from tui.app import make_app

LANGUAGES = ["sv", "en"]


@pytest.fixture
def home(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    return snapshot_workspace


@pytest.fixture
def demo(home: Path) -> Path:
    ensure_demo(home)
    return home


@pytest.fixture
def kinds(home: Path) -> Path:
    from checklists import load_template
    from store import create_audit

    fixture = Path(__file__).parent / "fixtures" / "alla-typer.yaml"
    audit = create_audit(
        home, load_template(fixture), title="Alla typer", committee="Nämnden", year="2024"
    )
    audit.set_kpi_value("kpi-egen-forsorjning", "2023", "total", "38")
    audit.close()
    return home


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_audit(snap_compare, demo, size, language):
    app = make_app(demo, language=language)
    assert snap_compare(app, terminal_size=size, run_before=keys("enter"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name,presses",
    [
        ("new_note", ("enter", "a")),
        ("edit_note", ("enter", "enter", "enter")),
        ("list_focused", ("enter", "enter", "down")),
        ("assessment", ("enter", "b")),
        ("guidance", ("enter", "v")),
        ("jump", ("enter", "ctrl+g", "2")),
        ("confirm_delete", ("enter", "enter", "d")),
        ("analysis_question", ("enter", "ctrl+g", "3", "enter")),
    ],
)
def test_audit_pane(snap_compare, demo, name, presses, language):
    app = make_app(demo, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(*presses))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name,presses",
    [
        ("control_point", ("enter", "down")),
        ("kpi", ("enter", "down", "down")),
        ("analysis", ("enter", "down", "down", "down")),
    ],
)
def test_item_kind(snap_compare, kinds, name, presses, language):
    app = make_app(kinds, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(*presses))
