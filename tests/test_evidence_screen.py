"""Attaching a file to a document from the source register, and opening it, like a user.

The attachment is read back through `Audit`; the viewer is replaced by a recorder
(`tui.viewer.open_file`), so no real program starts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store import Source
from tests.screen_text import screen_text
from tests.test_sources_screen import notes_of, open_register
from tests.tui_helpers import settle, type_text
from tui import viewer
from tui.app import make_app
from tui.dialogs.attach import AttachDialog
from tui.widgets.source_table import SourceTable


async def to_first_document(pilot) -> Source:
    table = pilot.app.screen.query_one(SourceTable)
    for _ in range(len(table.sources)):
        if table.selected is not None and table.selected.kind == "document":
            return table.selected
        await pilot.press("down")
    raise AssertionError("the demo has no document source")


async def test_a_file_is_attached_from_the_register_and_opened(
    demo_path: Path, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    opened: list[Path] = []
    monkeypatch.setattr(viewer, "open_file", lambda path: opened.append(path) or True)
    original = tmp_path / "protokoll.pdf"
    original.write_bytes(b"%PDF-1.4 protokoll")
    notes: list[str] = []
    app = make_app(workspace)
    async with app.run_test(size=(80, 24), message_hook=notes_of(notes)) as pilot:
        await open_register(pilot)
        document = await to_first_document(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AttachDialog)
        await type_text(pilot, str(tmp_path / "saknas.pdf"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttachDialog)  # refused, said beside the field
        assert "Filen saknas.pdf finns inte" in screen_text(app)
        await pilot.press(*["backspace"] * len("saknas.pdf"))
        await type_text(pilot, "protokoll.pdf")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, AttachDialog)
        audit = app.session.audit
        attached = audit.get(Source, document.id)
        assert attached.evidence_name == "protokoll.pdf"
        assert audit.evidence_path(document.id).read_bytes() == original.read_bytes()
        assert f"+ {document.title}" in str(
            app.screen.query_one(SourceTable).get_cell(document.id, "col_source_name")
        )
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert opened == [audit.evidence_path(document.id)]
        audit.evidence_path(document.id).write_bytes(b"changed")
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert len(opened) == 1  # a changed file is not opened
        assert any("har ändrats sedan den bifogades" in n for n in notes)
        await pilot.press("ctrl+q")


async def test_an_interview_cannot_carry_a_file(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_register(pilot)
        assert screen.query_one(SourceTable).selected.kind == "interview"
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+q")


async def test_importing_a_copy_brings_its_evidence_and_names_a_bad_file(
    demo_path: Path, workspace: Path, tmp_path: Path
):
    from store import evidence, open_audit
    from tests.store_helpers import colleague_copy
    from tests.test_tui_merge import _import

    theirs_path = colleague_copy(demo_path, tmp_path)
    theirs = open_audit(theirs_path)
    doc = theirs.add_source("document", title="Budget 2026")
    (tmp_path / "budget.xlsx").write_bytes(b"cells")
    theirs.attach_evidence(doc.id, tmp_path / "budget.xlsx")
    theirs.close()
    forged = evidence.folder(theirs_path) / ("0" * 16 + "-forged.pdf")
    forged.write_bytes(b"not what the name says")
    notes: list[str] = []
    app = make_app(workspace)
    async with app.run_test(size=(80, 24), message_hook=notes_of(notes)) as pilot:
        await _import(pilot, theirs_path)
        assert app.session.audit.evidence_path(doc.id).read_bytes() == b"cells"
        assert "1 bifogad fil följde med från kollegans kopia." in notes
        assert any(forged.name in n and "kopierades inte" in n for n in notes)
        await pilot.press("ctrl+q")
    assert not (evidence.folder(demo_path) / forged.name).exists()
