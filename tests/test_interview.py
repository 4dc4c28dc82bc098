"""Interview mode (issue 10), driven with a Pilot the way an auditor types during an interview.

Every result is read back through `Audit`, from the file after the app closed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from textual.pilot import Pilot

from store import Observation, open_audit
from store.inbox import INBOX
from tests.screen_text import screen_text
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.dialogs.inbox import InboxDialog
from tui.dialogs.interview_summary import InterviewSummaryDialog, summarise
from tui.dialogs.start_interview import StartInterviewDialog
from tui.screens.audit import AuditScreen
from tui.screens.interview import InterviewScreen
from tui.widgets.note_field import NoteField

Q1, Q2, Q3, Q4 = "samarbete-af", "andamalsenliga-insatser", "uppfoljning-insatser", "analys-prognos"


async def dialog_pause(pilot: Pilot) -> None:
    """Let a dialog that a worker waits for open or close (settle would wait for the worker)."""
    for _ in range(3):
        await pilot.pause(0.05)


async def start_new_interview(pilot: Pilot, role: str, date: str = "2026-03-02") -> None:
    """From the audit screen: n, a new interview's role and date, Enter."""
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StartInterviewDialog)
    await pilot.press("tab")  # from the audit's interviews to the new role
    await type_text(pilot, role)
    await pilot.press("enter")  # to the date, today's filled in
    await pilot.press("ctrl+u")  # clear it, as a user retyping the date would
    await type_text(pilot, date)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, InterviewScreen)


async def file(pilot: Pilot, text: str, key: str = "enter") -> None:
    await type_text(pilot, text)
    await pilot.press(key)
    await pilot.pause()


async def test_a_whole_interview_is_filed_on_the_right_questions_with_its_source(
    demo_path: Path, workspace: Path
):
    before = open_audit(demo_path, read_only=True)
    existing = {o.id for o in before.observations()}
    before.close()
    filed: dict[int, NoteField.Filed] = {}  # a message is seen by each node it bubbles to

    def hook(message):
        if isinstance(message, NoteField.Filed):
            filed[id(message)] = message

    app = make_app(workspace)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await open_first_audit(pilot)
        await start_new_interview(pilot, "Ekonomichef")
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.item is not None and screen.item.id == Q1  # the audit screen's question
        for n in range(4):
            await file(pilot, f"Samverkan {n}")
            assert screen.note_field.text == ""  # cleared: filed and on disk
        await pilot.press("ctrl+down")  # the next question, from inside the field
        for n in range(3):
            await file(pilot, f"Insats {n}")
        await pilot.press("ctrl+g")  # by part of its text
        await settle(pilot)
        await type_text(pilot, "prognoser")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.item.id == Q4
        for n in range(3):
            await file(pilot, f"Prognos {n}")
        await file(pilot, "Fråga om budgeten senare", key="ctrl+b")
        assert screen.note_field.text == ""
        # Move "Insats 2" to the last question: Tab to the list, find it, m, by number.
        await pilot.press("tab")
        assert screen.focused is screen.notes
        await pilot.press("home")
        while screen.notes.highlighted is not None and screen.notes.highlighted.text != "Insats 2":
            await pilot.press("down")
        await pilot.press("m")
        await dialog_pause(pilot)
        await type_text(pilot, "2.2")
        await pilot.press("enter")
        await dialog_pause(pilot)
        await settle(pilot)
        assert [o.text for o in screen.notes.observations][-1] == "Fråga om budgeten senare"
        # End: the summary, then back on the audit screen, on the last question.
        await pilot.press("shift+tab")
        await pilot.press("ctrl+o")
        await dialog_pause(pilot)
        assert isinstance(pilot.app.screen, InterviewSummaryDialog)
        shown = screen_text(pilot.app)
        assert "11 anteckningar" in shown and "Anteckningar per fråga" in shown
        await pilot.press("enter")
        await dialog_pause(pilot)
        await settle(pilot)
        audit_screen = pilot.app.screen
        assert isinstance(audit_screen, AuditScreen)
        assert audit_screen.item is not None and audit_screen.item.id == Q4
        await pilot.press("ctrl+q")

    assert len(filed) == 11 and [m.to_inbox for m in filed.values()].count(True) == 1
    audit = open_audit(demo_path, read_only=True)
    [source] = [s for s in audit.sources() if s.role == "Ekonomichef"]
    assert (source.kind, source.date) == ("interview", "2026-03-02")
    new = [o for o in audit.observations() if o.id not in existing]
    assert len(new) == 11
    assert all(o.source_ids == (source.id,) and not o.unfinished for o in new)
    where = {o.text: o.item_id for o in new}
    assert Counter(where.values()) == {Q1: 4, Q2: 2, Q3: 1, Q4: 3, INBOX: 1}
    assert where["Insats 2"] == Q3  # the one moved
    assert where["Fråga om budgeten senare"] == INBOX
    assert [o.text for o in audit.inbox()] == ["Fråga om budgeten senare"]
    audit.close()


async def test_shift_enter_and_ctrl_j_start_a_new_line_and_enter_files(
    demo_path: Path, workspace: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await start_new_interview(pilot, "Enhetschef")
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        await type_text(pilot, "ett")
        await pilot.press("shift+enter")
        await type_text(pilot, "två")
        await pilot.press("ctrl+j")
        await type_text(pilot, "tre")
        await pilot.pause()
        assert screen.note_field.text == "ett\ntvå\ntre"
        assert not [o for o in app.session.audit.observations(Q1) if o.text.startswith("ett")]
        await pilot.press("enter")
        await pilot.pause()
        assert screen.note_field.text == ""
        [note] = [o for o in app.session.audit.observations(Q1) if o.text.startswith("ett")]
        assert note.text == "ett\ntvå\ntre"
        assert app.session.audit.saved_seq >= 1 and not app.session.audit.dirty  # on disk
        await pilot.press("ctrl+q")


async def test_a_note_typed_but_not_filed_is_kept_unfinished(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await start_new_interview(pilot, "Socialsekreterare")
        await type_text(pilot, "Mitt i en mening")
        await pilot.press("ctrl+q")  # quitting saves the field
    audit = open_audit(demo_path, read_only=True)
    [note] = [o for o in audit.observations(Q1) if o.text == "Mitt i en mening"]
    assert note.unfinished
    audit.close()


async def test_notes_of_the_interview_are_edited_and_deleted_from_its_list(
    demo_path: Path, workspace: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await start_new_interview(pilot, "Controller")
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        await file(pilot, "Först")
        await file(pilot, "Sedan")
        await pilot.press("tab", "home", "enter")  # edit "Först"
        await pilot.pause()
        assert screen.focused is screen.note_field and screen.note_field.text == "Först"
        await type_text(pilot, " och rättat")
        await pilot.press("ctrl+down")  # moving on does not move the note being edited
        await pilot.press("enter")
        await pilot.pause()
        audit = app.session.audit
        assert [o.text for o in audit.observations(Q1)][-2:] == ["Först och rättat", "Sedan"]
        await pilot.press("tab", "end", "d")
        await dialog_pause(pilot)
        await pilot.press("y")
        await dialog_pause(pilot)
        await settle(pilot)
        assert "Sedan" not in [o.text for o in audit.observations(Q1)]
        assert [o.text for o in screen.notes.observations] == ["Först och rättat"]
        await pilot.press("ctrl+q")


async def test_the_inbox_dialog_moves_a_note_to_a_question_and_deletes_one(
    demo_path: Path, workspace: Path
):
    audit = open_audit(demo_path)
    keep = audit.add_observation(INBOX, "Till frågan om uppföljning")
    drop = audit.add_observation(INBOX, "Skräp")
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(pilot.app.screen, InboxDialog)
        assert "Till frågan om uppföljning" in screen_text(pilot.app)
        await pilot.press("m")
        await dialog_pause(pilot)
        await type_text(pilot, "2.2")
        await pilot.press("enter")
        await dialog_pause(pilot)
        await pilot.press("d")
        await dialog_pause(pilot)
        await pilot.press("y")
        await dialog_pause(pilot)
        assert "Inkorgen är tom." in screen_text(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
    audit = open_audit(demo_path, read_only=True)
    assert audit.inbox() == []
    assert audit.get(Observation, keep.id).item_id == Q3
    assert audit.get(Observation, drop.id) is None
    audit.close()


def test_the_summary_counts_notes_per_question_and_lists_questions_not_touched(
    demo_path: Path,
):
    audit = open_audit(demo_path, read_only=True)
    questions = [i for i in audit.template.items() if i.kind != "analysis"]
    numbers = {Q1: "1.1", Q2: "2.1", Q3: "2.2", Q4: "3.1"}
    notes = [
        Observation(item_id=Q1, text="a"),
        Observation(item_id=Q1, text="b"),
        Observation(item_id=Q4, text="c"),
        Observation(item_id=INBOX, text="d"),
    ]
    summary = summarise(questions, numbers, notes, minutes=42)
    audit.close()
    assert [(n, c) for n, _, c in summary.per_question] == [("1.1", 2), ("3.1", 1)]
    assert [n for n, _ in summary.untouched] == ["2.1", "2.2"]
    assert (summary.inbox, summary.total, summary.minutes) == (1, 4, 42)


async def test_a_note_half_typed_when_another_is_opened_stays_listed_unfinished(
    demo_path: Path, workspace: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await start_new_interview(pilot, "Handläggare")
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        await file(pilot, "Klar")
        await type_text(pilot, "Påbörjad")
        await pilot.press("tab", "home", "enter")  # open "Klar" while "Påbörjad" is typed
        await pilot.pause()
        assert screen.note_field.text == "Klar"
        [draft] = [o for o in screen.notes.observations if o.text == "Påbörjad"]
        assert draft.unfinished
        assert any("ej avslutad" in line for line in screen.notes.lines_of(draft.id))
        await pilot.press("ctrl+q")
    audit = open_audit(demo_path, read_only=True)
    [stored] = [o for o in audit.observations(Q1) if o.text == "Påbörjad"]
    assert stored.unfinished
    audit.close()
