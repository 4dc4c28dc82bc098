"""The source register in the app (issue 8 item 6, issue 10), driven with a Pilot like a user.

Records are read back through `Audit`; what the user sees through the screen's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.notifications import Notify

from report import export_report
from store import Source, open_audit
from tests.report_helpers import reopen
from tests.screen_text import screen_text
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.dialogs.source_form import SourceForm
from tui.screens.audit import AuditScreen
from tui.screens.sources import SourcesScreen
from tui.widgets.note_editor import NoteEditor
from tui.widgets.source_table import SourceTable

ENHETSCHEF = "Enhetschef för arbetsmarknadsenheten och försörjningsenheten"


async def open_register(pilot) -> SourcesScreen:
    await open_first_audit(pilot)
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SourcesScreen)
    return pilot.app.screen


async def clear_field(pilot, n: int = 12) -> None:
    await pilot.press(*["backspace"] * n)


async def waiting(pilot) -> None:
    """Let a dialog open while a worker waits for its answer (settle would wait on it)."""
    for _ in range(5):
        await pilot.pause(0.05)


def notes_of(notes: list[str]):
    """A message hook recording the notifications shown."""

    def hook(message) -> None:
        if isinstance(message, Notify):
            notes.append(message.notification.message)

    return hook


def source_by_role(audit, role: str) -> Source:
    return next(s for s in audit.sources() if s.role == role)


async def test_an_edited_source_shows_in_the_list_and_in_the_report(
    demo_path: Path, workspace: Path, tmp_path: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_register(pilot)
        assert screen.query_one(SourceTable).selected.role == ENHETSCHEF
        await pilot.press("enter")  # the first row: the form
        await settle(pilot)
        assert isinstance(app.screen, SourceForm)
        await pilot.press("tab")  # role -> unit
        await type_text(pilot, "Socialförvaltningen")
        await pilot.press("tab", "tab")  # date -> present
        await type_text(pilot, "Två revisorer")
        await pilot.press("tab")
        await type_text(pilot, "Anna Andersson")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        audit = app.session.audit
        edited = source_by_role(audit, ENHETSCHEF)
        table = screen.query_one(SourceTable)
        assert str(table.get_cell(edited.id, "col_source_unit")) == "Socialförvaltningen"
        assert "Socialförval" in screen_text(app)
        assert "Anna Andersson" not in screen_text(app)  # names stay in the form
        assert (edited.unit, edited.present, edited.names) == (
            "Socialförvaltningen",
            "Två revisorer",
            "Anna Andersson",
        )
        app.session.flush()
        out = export_report(audit, tmp_path / "r.docx")
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
    paragraphs = [p.text for p in reopen(out).paragraphs]
    assert f"{ENHETSCHEF}, Socialförvaltningen" in paragraphs
    assert not any("Anna Andersson" in p for p in paragraphs)


async def test_a_bad_date_is_refused_with_a_message_beside_the_field(
    demo_path: Path, workspace: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_register(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Ekonomichef")
        await pilot.press("tab", "tab")
        await clear_field(pilot)
        await type_text(pilot, "2026-02-30")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SourceForm)  # still open, nothing lost
        assert "”2026-02-30” är inget datum" in screen_text(app)
        assert not any(s.role == "Ekonomichef" for s in app.session.audit.sources())
        await clear_field(pilot, 2)
        await type_text(pilot, "28")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        assert source_by_role(app.session.audit, "Ekonomichef").date == "2026-02-28"
        await pilot.press("ctrl+q")


async def test_a_new_source_is_dated_today(demo_path: Path, workspace: Path, frozen_clock):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_register(pilot)
        await pilot.press("o")  # a document
        await settle(pilot)
        assert "2026-03-14" in screen_text(app)
        await type_text(pilot, "Delegationsordning")
        await pilot.press("tab")
        await clear_field(pilot)
        await type_text(pilot, "2021")  # a document may have just a year
        await pilot.press("tab")
        await type_text(pilot, "SN 2021/7")
        await pilot.press("enter")  # Enter in the last field saves
        await settle(pilot)
        doc = next(s for s in app.session.audit.sources() if s.title == "Delegationsordning")
        assert (doc.kind, doc.date, doc.reference) == ("document", "2021", "SN 2021/7")
        assert "SN 2021/7" in screen_text(app)
        await pilot.press("ctrl+q")


async def test_joining_two_copies_moves_their_observations_and_removes_the_copy(
    demo_path: Path, workspace: Path
):
    audit = open_audit(demo_path)
    keep = source_by_role(audit, ENHETSCHEF)
    copy = audit.save(Source(kind="interview", role="Enhetschef (kopia)", date="2022-03-08"))
    audit.add_observation("samarbete-af", "Citerar kopian.", [copy.id])
    before = audit.source_usage()[keep.id]
    audit.close()
    notes: list[str] = []
    app = make_app(workspace)
    async with app.run_test(size=(80, 24), message_hook=notes_of(notes)) as pilot:
        screen = await open_register(pilot)
        table = screen.query_one(SourceTable)
        assert [s.id for s in table.sources][:2] == [copy.id, keep.id]
        await pilot.press("j")  # the copy; join it with ...
        await waiting(pilot)
        await pilot.press("enter")  # ... the first offered: Enhetschef
        await waiting(pilot)
        await pilot.press("shift+tab", "enter")  # "Keep 2" (before "Cancel"): Enhetschef stays
        await settle(pilot)
        assert any("1 iakttagelse hänvisar nu till" in n for n in notes), notes
        audit = app.session.audit
        assert audit.get(Source, copy.id) is None
        assert audit.source_usage()[keep.id] == before + 1
        assert copy.id not in [s.id for s in table.sources]
        assert table.selected_id == keep.id
        await pilot.press("ctrl+q")


async def test_a_cited_source_cannot_be_deleted_an_unused_one_can(demo_path: Path, workspace: Path):
    audit = open_audit(demo_path)
    unused = audit.add_source("interview", role="Aldrig citerad", date="2022-01-01")
    audit.close()
    notes: list[str] = []
    app = make_app(workspace)
    async with app.run_test(size=(80, 24), message_hook=notes_of(notes)) as pilot:
        screen = await open_register(pilot)
        table = screen.query_one(SourceTable)
        assert table.selected.id == unused.id  # the earliest interview comes first
        await pilot.press("down", "d")  # Enhetschef, cited twice
        await settle(pilot)
        assert any("citeras av 2 iakttagelser" in n for n in notes), notes
        assert isinstance(app.screen, SourcesScreen)  # explained, not asked
        assert source_by_role(app.session.audit, ENHETSCHEF) is not None
        await pilot.press("up", "d")
        await waiting(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.audit.get(Source, unused.id) is None
        assert unused.id not in [s.id for s in table.sources]
        await pilot.press("ctrl+q")


async def test_the_register_follows_changes_made_elsewhere(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_register(pilot)
        source = source_by_role(app.session.audit, ENHETSCHEF)
        app.session.audit.update_source(source.id, unit="AME")  # a merge, say
        await settle(pilot)
        assert (
            str(app.screen.query_one(SourceTable).get_cell(source.id, "col_source_unit")) == "AME"
        )
        await pilot.press("ctrl+q")


async def test_the_register_opens_from_the_palette(demo_path: Path, workspace: Path):
    app = make_app(workspace, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "interviews and documents")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("ctrl+q")


# -- the note editor -------------------------------------------------------------------


async def test_the_note_editor_dates_a_new_source_today_and_checks_it(
    demo_path: Path, workspace: Path, frozen_clock
):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await settle(pilot)
        editor = app.screen.query_one(NoteEditor)
        assert editor.date_input.value == "2026-03-14"
        await type_text(pilot, "En anteckning.")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Kommundirektör")
        await pilot.press("tab")
        await clear_field(pilot)
        await type_text(pilot, "2026-13-01")
        await pilot.press("escape")
        await settle(pilot)
        assert editor.display  # not filed with a bad date, not silently
        assert "”2026-13-01” är inget datum" in screen_text(app)
        assert not any(s.role == "Kommundirektör" for s in app.session.audit.sources())
        await pilot.press("ctrl+down")  # moving on is held back too
        await settle(pilot)
        assert editor.display and isinstance(app.screen, AuditScreen)
        assert app.screen.item.id == "samarbete-af"
        await clear_field(pilot, 5)
        await type_text(pilot, "03-01")
        await pilot.press("escape")
        await settle(pilot)
        assert not editor.display
        source = source_by_role(app.session.audit, "Kommundirektör")
        assert source.date == "2026-03-01"
        [note] = [
            o for o in app.session.audit.observations("samarbete-af") if o.text == "En anteckning."
        ]
        assert note.source_ids == (source.id,)
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (120, 40)])
async def test_the_note_editor_shows_its_source_fields(demo_path, workspace, size):
    app = make_app(workspace)
    async with app.run_test(size=size) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await settle(pilot)
        editor = app.screen.query_one(NoteEditor)
        name = editor.query_one("#source-name")
        for widget in (editor.text_area, editor.source_select, name, editor.date_input):
            assert widget.region.height > 0, widget
            assert app.screen.region.contains_region(widget.region), widget
            assert editor.region.contains_region(widget.region), widget
        assert not name.region.overlaps(editor.date_input.region)
        assert editor.date_input.region.width >= 10  # a whole date
        text = screen_text(app)
        assert "Källa  + Ny intervju…" in text  # label and choice apart
        if size[0] >= 80:
            await pilot.press("tab", "tab", "tab")
            await clear_field(pilot)
            assert "Datum (ÅÅÅÅ-MM-DD)" in screen_text(app)  # the placeholder whole
        else:
            await pilot.press("tab", "tab", "tab")
            await clear_field(pilot)
            assert "ÅÅÅÅ-MM-DD" in screen_text(app)


async def test_the_note_editor_at_80x24_in_english_keeps_its_labels_whole(demo_path, workspace):
    app = make_app(workspace, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "Source  + New interview…" in screen_text(app)
        await pilot.press("tab", "tab", "tab")
        await clear_field(pilot)
        assert "Date (YYYY-MM-DD)" in screen_text(app)


async def test_i_on_an_interview_in_the_register_starts_interview_mode_with_it(
    demo_path: Path, workspace: Path
):
    from tui.screens.interview import InterviewScreen

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_register(pilot)
        chosen = screen.query_one(SourceTable).selected
        assert chosen is not None and chosen.kind == "interview"
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await type_text(pilot, "Noterat i intervjun")
        await pilot.press("enter")
        await settle(pilot)
        audit = app.session.audit
        [note] = [o for o in audit.observations() if o.text == "Noterat i intervjun"]
        assert note.source_ids == (chosen.id,) and note.item_id  # on the question shown
        await pilot.press("ctrl+q")
