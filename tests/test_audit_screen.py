"""What an auditor tripped on in the audit screen (issue 8), each driven with a Pilot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Select

from checklists import load_template
from store import Observation, create_audit, open_audit
from tests.screen_text import screen_text
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.screens.audit import AuditScreen
from tui.screens.home import HomeScreen
from tui.widgets.assessment import AssessmentEditor
from tui.widgets.item_detail import ItemDetail
from tui.widgets.item_tree import ItemTree
from tui.widgets.kpi_grid import KpiGrid
from tui.widgets.note_editor import NoteEditor

FIXTURE = Path(__file__).parent / "fixtures" / "alla-typer.yaml"


def screen_of(app) -> AuditScreen:
    assert isinstance(app.screen, AuditScreen)
    return app.screen


# 1 -------------------------------------------------------------------------------------


async def test_the_last_source_is_remembered_after_a_restart(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await type_text(pilot, "Första anteckningen.")
        await pilot.press("tab", "tab")  # the source list, then the new interview's role
        await type_text(pilot, "Kommundirektör")
        await pilot.press("enter")
        await type_text(pilot, "2026-03-02")
        await pilot.press("enter", "escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
    state = json.loads((workspace / ".ui-state.json").read_text(encoding="utf-8"))
    assert len(state) == 1  # one audit remembered; nothing of it is in the audit itself
    audit = open_audit(demo_path, read_only=True)
    [source] = [s for s in audit.sources() if s.role == "Kommundirektör"]
    audit.close()

    again = make_app(workspace)
    async with again.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await type_text(pilot, "Andra anteckningen.")
        await pilot.press("escape")
        await settle(pilot)
        [note] = [
            o
            for o in again.session.audit.observations("samarbete-af")
            if o.text == "Andra anteckningen."
        ]
        assert note.source_ids == (source.id,)
        await pilot.press("ctrl+q")


async def test_a_note_without_a_source_is_marked_in_the_list(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")  # nothing remembered: "+ Ny intervju…" with no role typed
        await type_text(pilot, "Utan källa.")
        await pilot.press("escape")
        await settle(pilot)
        screen = screen_of(app)
        [note] = [
            o for o in app.session.audit.observations("samarbete-af") if o.text == "Utan källa."
        ]
        assert note.source_ids == ()
        assert "⚠ ingen källa angiven" in screen.observations.lines_of(note.id)
        others = [o for o in screen.observations.observations if o.id != note.id]
        assert all(
            "⚠ ingen källa angiven" not in screen.observations.lines_of(o.id) for o in others
        )
        await pilot.press("ctrl+q")


# 2 -------------------------------------------------------------------------------------


async def test_a_note_cut_off_while_typing_comes_back_unfinished(demo_path: Path, workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await type_text(pilot, "Halv mening om")
        await pilot.pause(0.8)  # saved as typed, the editor still open
        [note] = [o for o in app.session.audit.observations() if o.text == "Halv mening om"]
        assert note.unfinished
        app.session.flush()
        await pilot.press("ctrl+q")  # the app goes away with the editor open

    again = make_app(workspace)
    async with again.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(again)
        lines = screen.observations.lines_of(note.id)
        assert any("ej avslutad" in line for line in lines), lines
        await pilot.press("enter")  # into the list
        await pilot.press("end", "enter")  # the newest note, opened
        await type_text(pilot, " handläggningen.")
        await pilot.press("escape")  # closed again: finished
        await settle(pilot)
        stored = again.session.audit.get(Observation, note.id)
        assert stored.text == "Halv mening om handläggningen." and not stored.unfinished
        assert not any("ej avslutad" in line for line in screen.observations.lines_of(note.id))
        await pilot.press("ctrl+q")


# 3 -------------------------------------------------------------------------------------


async def test_a_filed_note_is_highlighted_and_scrolled_into_view(demo_path: Path, workspace):
    audit = open_audit(demo_path)
    for n in range(15):
        audit.add_observation("samarbete-af", f"Tidigare iakttagelse nummer {n}.")
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        await pilot.press("a")
        await type_text(pilot, "Den nya.")
        await pilot.press("escape")
        await settle(pilot)
        listed = screen.observations
        assert listed.highlighted is not None and listed.highlighted.text == "Den nya."
        assert listed.highlighted.id in listed.visible_ids()
        assert screen.focused is listed
        await pilot.press("enter")  # Enter edits the highlighted note: the new one
        editor = screen.query_one(NoteEditor)
        assert editor.display and editor.text_area.text == "Den nya."
        await pilot.press("escape")
        await pilot.press("ctrl+q")


async def test_a_long_list_is_laid_out_as_far_as_it_is_seen_and_reaches_every_note(
    demo_path: Path, workspace
):
    audit = open_audit(demo_path)
    for n in range(400):
        words = " ".join(["ord"] * (n % 37)) + ("\nandra stycket" if n % 5 == 0 else "")
        audit.add_observation("samarbete-af", f"Iakttagelse {n:03}: {words}".strip())
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        listed = screen_of(app).observations
        await pilot.press("enter")  # into the list
        assert listed.highlighted is not None
        assert listed.highlighted == listed.observations[0] and listed.count > 400
        first_height = listed.virtual_size.height
        await pilot.press("end")
        await settle(pilot)
        last = listed.highlighted
        assert last is not None and last.text.startswith("Iakttagelse 399")
        assert last.id in listed.visible_ids()
        assert "Iakttagelse 399" in screen_text(app)
        every = sum(len(listed.lines_of(o.id)) for o in listed.observations)
        assert listed.virtual_size.height == every  # exact once seen to the end
        assert abs(first_height - every) < every // 4  # and about right before
        await pilot.press("pageup", "pageup")
        await settle(pilot)
        assert listed.highlighted.id in listed.visible_ids()
        assert listed.highlighted.text < last.text
        await pilot.press("home")
        await settle(pilot)
        assert listed.highlighted == listed.observations[0]
        assert listed.scroll_offset.y == 0
        await pilot.press("ctrl+q")


async def test_paging_into_notes_longer_than_estimated_still_reaches_the_last_one():
    """Short notes first, long ones after: the height guessed from the first screenful is
    far too low, and must be corrected as soon as the long notes are laid out."""
    from textual.app import App, ComposeResult

    from tui.widgets.observations import ObservationList

    class OneList(App[None]):
        def compose(self) -> ComposeResult:
            yield ObservationList()

    def note(n: int, long: bool) -> Observation:
        text = f"note {n} " + ("lorem ipsum dolor " * 40 if long else "")
        return Observation(id=f"o{n}", item_id="i", text=text, source_ids=("s",))

    notes = [note(n, n >= 32) for n in range(40)]
    app = OneList()
    async with app.run_test(size=(60, 24)) as pilot:
        listed = app.query_one(ObservationList)
        listed.show(notes, {"s": "Intervju"})
        listed.focus()
        await pilot.pause()
        for _ in range(6):
            await pilot.press("pagedown")
            await pilot.pause()
            assert listed.highlighted.id in listed.visible_ids()
        await pilot.press("end")
        await pilot.pause()
        assert listed.highlighted.id == "o39" and "o39" in listed.visible_ids()
        every = sum(len(listed.lines_of(o.id)) for o in notes)
        assert listed.virtual_size.height == every


# 4 -------------------------------------------------------------------------------------


async def test_escape_leaves_the_field_and_only_the_tree_leaves_the_audit(demo_path, workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        await pilot.press("b", "tab")  # the reasoning field
        assert screen.focused is screen.assessment.reasoning
        await type_text(pilot, " Ändrad.")
        await pilot.press("escape")
        assert app.screen is screen and isinstance(screen.focused, ItemTree)
        assert app.session.audit.assessment("samarbete-af").reasoning.endswith("Ändrad.")
        await pilot.press("enter")  # the observation list
        await pilot.press("escape")
        assert app.screen is screen and isinstance(screen.focused, ItemTree)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_escape_in_a_kpi_cell_leaves_the_cell(workspace: Path):
    audit = create_audit(workspace, load_template(FIXTURE), title="Typer", year="2024")
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        await pilot.press("down", "down")  # the KPI
        assert screen.item.id == "kpi-egen-forsorjning"
        screen.query_one(KpiGrid).cells[0].focus()
        await type_text(pilot, "41")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and isinstance(screen.focused, ItemTree)
        assert app.session.audit.kpi_values("kpi-egen-forsorjning")
        await pilot.press("ctrl+q")


async def test_reopening_an_audit_returns_to_the_item_you_were_on(demo_path, workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("ctrl+down", "ctrl+down")
        assert screen_of(app).item.id == "uppfoljning-insatser"
        await pilot.press("escape")  # leaves the audit
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_of(app).item.id == "uppfoljning-insatser"
        tree = screen_of(app).items
        assert tree.cursor_node is not None and tree.cursor_node.data == "uppfoljning-insatser"
        await pilot.press("ctrl+q")


# 5 -------------------------------------------------------------------------------------


async def test_the_focused_pane_is_shown_and_letters_only_work_where_defined(demo_path, workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        tree, listed = screen.items, screen.observations
        assert tree.border_title == "Frågor" and listed.border_title.startswith("Iakttagelser")
        focused_colour = tree.styles.border_top[1]
        assert listed.styles.border_top[1] != focused_colour
        await pilot.press("tab")  # Tab moves on: the pane it reaches is drawn as focused
        await settle(pilot)
        assert not tree.has_focus and tree.styles.border_top[1] != focused_colour
        await pilot.press("f2")
        assert tree.has_focus and tree.styles.border_top[1] == focused_colour
        await pilot.press("enter")  # into the observation list
        await settle(pilot)
        assert listed.has_focus and listed.styles.border_top[1] == focused_colour
        before = len(app.session.audit.observations())
        for letter in "shxiutkr":  # commands of the tree: nothing happens in the list
            await pilot.press(letter)
            assert app.screen is screen, letter
        assert len(app.session.audit.observations()) == before
        await pilot.press("b")  # b works from the list: to the assessment
        assert isinstance(screen.focused, Select)
        for letter in "xsh":  # on the scale value there is no field: still nothing
            await pilot.press(letter)
            assert app.screen is screen, letter
        await pilot.press("escape", "x")  # from the tree, x exports
        assert type(app.screen).__name__ == "ExportScreen"


# 7 -------------------------------------------------------------------------------------


async def test_next_and_previous_question_from_inside_a_field(demo_path, workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        await pilot.press("b", "tab")
        await type_text(pilot, " Mer.")
        await pilot.press("ctrl+down")  # leaves 1.1 with its text saved
        assert screen.item.id == "andamalsenliga-insatser"
        assert app.session.audit.assessment("samarbete-af").reasoning.endswith("Mer.")
        await pilot.press("alt+n")
        assert screen.item.id == "uppfoljning-insatser"
        await pilot.press("ctrl+up", "alt+p")
        assert screen.item.id == "samarbete-af"
        await pilot.press("escape", "a")  # out of the field to the tree; a new note
        await type_text(pilot, "På väg")
        await pilot.press("ctrl+down")  # from inside the note: it is filed, then we move
        await settle(pilot)
        assert screen.item.id == "andamalsenliga-insatser"
        assert "På väg" in [o.text for o in app.session.audit.observations("samarbete-af")]


async def test_go_to_a_question_by_number_or_by_text(demo_path, workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        await pilot.press("ctrl+g")
        await type_text(pilot, "2.2")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.item.id == "uppfoljning-insatser"
        await pilot.press("b", "tab", "ctrl+g")  # also from inside a field
        await type_text(pilot, "prognos")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.item.id == "analys-prognos"
        assert screen.items.cursor_node.data == "analys-prognos"


# 8 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 15)])
async def test_the_note_editor_leaves_the_question_in_view(demo_path, workspace, size):
    app = make_app(workspace)
    async with app.run_test(size=size) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen  # a pane, not a dialog over the screen
        editor = screen.query_one(NoteEditor)
        question = screen.query_one(ItemDetail).query_one("#q-text")
        guidance = screen.query_one(ItemDetail).query_one("#guidance")
        screen_area = screen.region
        for widget in (question, guidance, editor.text_area, editor.source_select):
            assert widget.region.height > 0 and screen_area.contains_region(widget.region), widget
        assert not question.region.overlaps(editor.region)


# 12 ------------------------------------------------------------------------------------


async def test_down_from_the_last_item_of_a_section_lands_on_the_next_item(demo_path, workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        await pilot.press("down")  # 1.1 is the last item of its section
        assert screen.items.cursor_node.data == "andamalsenliga-insatser"
        assert screen.item.id == "andamalsenliga-insatser"
        await pilot.press("up", "up")  # and up never rests on a section row
        assert screen.items.cursor_node.data == "samarbete-af"
        await pilot.press("down", "a")
        await type_text(pilot, "Hamnar rätt.")
        await pilot.press("escape")
        await settle(pilot)
        texts = [o.text for o in app.session.audit.observations("andamalsenliga-insatser")]
        assert "Hamnar rätt." in texts


async def test_an_analysis_item_offers_no_invisible_observation(workspace: Path):
    audit = create_audit(workspace, load_template(FIXTURE), title="Typer", year="2024")
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        await pilot.press("down", "down", "down")
        assert screen.item.kind == "analysis"
        await pilot.press("a")
        await type_text(pilot, "xyz")
        await settle(pilot)
        assert not screen.query(NoteEditor) or not screen.query_one(NoteEditor).display
        assert app.session.audit.observations("analys-nulage") == []
        assert "add_observation" not in {
            b.binding.action for b in screen.active_bindings.values() if b.enabled
        }


# 13 ------------------------------------------------------------------------------------


async def test_a_scale_value_shows_its_colour_in_the_tree_and_the_assessment(demo_path, workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        audit = app.session.audit
        scale = audit.template.scale_for(audit.template.item("samarbete-af"))
        value = scale.value(audit.assessment("samarbete-af").value)
        assert value.colour == "orange"
        label = screen.items.cursor_node.label
        assert any("#ffa500" in str(span.style) for span in label.spans), label.spans
        await pilot.press("b", "enter")  # the scale, opened
        await settle(pilot)
        overlay = screen.query_one(AssessmentEditor).select.query_one("SelectOverlay")
        prompts = [overlay.get_option_at_index(i).prompt for i in range(overlay.option_count)]
        red = next(p for p in prompts if p.plain == "● Nej")
        assert any("#ff0000" in str(span.style) for span in red.spans)


# one refresh path -------------------------------------------------------------------------


async def test_each_change_is_announced_once_and_redraws_the_screen(demo_path, workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = screen_of(app)
        announced = []
        app.session.changed.subscribe(screen, announced.append)
        await pilot.press("a")
        await type_text(pilot, "En")
        await pilot.press("escape")  # saves the text, then the finished mark: one announcement
        await settle(pilot)
        assert len(announced) == 1
        # A change from elsewhere (here: the store directly, as a merge does) is drawn too.
        app.session.audit.add_observation("samarbete-af", "Från en kollega.")
        app.session.audit.set_assessment("andamalsenliga-insatser", "", "")
        await settle(pilot)
        assert len(announced) == 2
        assert "Från en kollega." in [o.text for o in screen.observations.observations]
        assert str(screen.items.get_node_at_line(3).label).startswith("◐")
