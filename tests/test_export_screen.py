"""The export dialog: the report date kept in the audit, the draft warning, progress to done."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from textual.widgets import Label

from granska.demo import ensure_demo
from store import open_audit
from tests.test_snapshots import keys
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.screens.audit import AuditScreen
from tui.screens.export import ExportScreen


async def test_the_report_date_is_kept_and_dates_the_title_page(demo_path, workspace, tmp_path):
    out = tmp_path / "rapport.docx"
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        draft = str(app.screen.query_one("#export-draft", Label).render())
        assert "utkast" in draft and "1 ej bedömda" in draft
        await pilot.press("ctrl+u")
        await type_text(pilot, str(out))
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "2022-13-40")
        await pilot.press("enter")
        await settle(pilot)
        message = str(app.screen.query_one("#export-message", Label).render())
        assert "Inget giltigt datum: 2022-13-40" in message and not out.exists()
        await pilot.press("ctrl+u")
        await type_text(pilot, "2022-06-15")
        await pilot.press("enter")
        for _ in range(40):
            await settle(pilot)
            if isinstance(app.screen, AuditScreen):
                break
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("ctrl+q")
    assert open_audit(demo_path, read_only=True).meta.report_date == "2022-06-15"
    title_page = [p.text for p in docx.Document(str(out)).paragraphs[:14]]
    assert "Datum: 15 juni 2022" in title_page and "UTKAST" in title_page
    assert oct(Path(out).stat().st_mode)[-3:] == "600"


@pytest.fixture
def snapshot_demo(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    ensure_demo(snapshot_workspace)
    return snapshot_workspace


@pytest.mark.parametrize(
    ("language", "size"),
    [("sv", (80, 24)), ("en", (80, 24)), ("sv", (120, 40))],
    ids=["sv-80x24", "en-80x24", "sv-120x40"],
)
def test_export_dialog_snapshot(snap_compare, snapshot_demo, language, size):
    from tui.i18n import set_language

    set_language(language)
    try:
        app = make_app(snapshot_demo, language=language)
        assert snap_compare(app, terminal_size=size, run_before=keys("enter", "x"))
    finally:
        set_language("sv")
