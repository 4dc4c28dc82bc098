"""The inbox: notes filed without a question stay out of the states and the report,
move to a question with their history, and travel through a merge."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report import export_report
from store import Observation, StoreError, open_audit
from store.inbox import INBOX, inbox_notes
from tests.report_helpers import body_text, reopen
from tests.store_helpers import ITEMS, new_audit


def test_an_inbox_note_is_in_the_inbox_and_nowhere_else(tmp_path: Path):
    audit = new_audit(tmp_path)
    before = audit.item_states()
    note = audit.add_observation(INBOX, "Fråga ekonomichefen om budgeten.")
    assert [o.id for o in audit.inbox()] == [note.id]
    assert [o.id for o in inbox_notes(audit)] == [note.id]
    assert audit.item_states() == before  # no question gained "observations"
    assert audit.orphan_item_ids() == []  # not shown as a removed item
    assert all(not audit.observations(i) for i in ITEMS)
    audit.close()


def test_an_inbox_note_is_never_in_the_report(tmp_path: Path):
    audit = new_audit(tmp_path)
    audit.add_observation(ITEMS[0], "Samverkan sker varje vecka.")
    audit.add_observation(INBOX, "HEMLIG INKORGSANTECKNING")
    out = export_report(audit, tmp_path / "rapport.docx")
    text = body_text(reopen(out.path))
    assert "Samverkan sker varje vecka." in text
    assert "HEMLIG INKORGSANTECKNING" not in text
    audit.close()


def test_a_note_moves_to_a_question_and_back_with_history(tmp_path: Path):
    audit = new_audit(tmp_path)
    note = audit.add_observation(INBOX, "Om uppföljningen.")
    moved = audit.move_observation(note.id, ITEMS[2])
    assert moved.item_id == ITEMS[2]
    assert audit.inbox() == []
    assert [o.id for o in audit.observations(ITEMS[2])] == [note.id]
    assert audit.item_state(ITEMS[2]) == "observations"
    [entry] = [h for h in audit.history(ITEMS[2]) if h["record_id"] == note.id]
    assert {"field": "item_id", "old": "", "new": ITEMS[2]} in entry["changes"]
    audit.move_observation(note.id, INBOX)
    assert [o.id for o in audit.inbox()] == [note.id]
    path = audit.path
    audit.close()
    again = open_audit(path, read_only=True)
    assert [o.id for o in again.inbox()] == [note.id]
    again.close()


def test_moving_refuses_unknown_notes_and_items(tmp_path: Path):
    audit = new_audit(tmp_path)
    note = audit.add_observation(INBOX, "x")
    with pytest.raises(StoreError) as bad_item:
        audit.move_observation(note.id, "finns-inte")
    assert bad_item.value.code == "no_item"
    with pytest.raises(StoreError) as bad_note:
        audit.move_observation("finns-inte", ITEMS[0])
    assert bad_note.value.code == "no_observation"
    audit.delete(note)
    with pytest.raises(StoreError):
        audit.move_observation(note.id, ITEMS[0])
    assert audit.get(Observation, note.id) is None
    audit.close()


def test_inbox_notes_and_moves_travel_through_a_merge(tmp_path: Path):
    mine = new_audit(tmp_path / "a")
    kept = mine.add_observation(INBOX, "Ligger kvar i inkorgen.")
    moving = mine.add_observation(INBOX, "Flyttas på den andra datorn.")
    path = mine.path
    mine.close()
    theirs_path = tmp_path / "b" / path.name
    theirs_path.parent.mkdir()
    shutil.copy(path, theirs_path)
    for extra in path.parent.glob(path.name + ".journal*"):
        shutil.copy(extra, theirs_path.parent / extra.name)
    theirs = open_audit(theirs_path)
    theirs.move_observation(moving.id, ITEMS[1])
    theirs.add_observation(INBOX, "Ny i deras inkorg.")
    theirs.close()

    mine = open_audit(path)
    result = mine.import_copy(theirs_path)
    assert not mine.conflicts(), result
    assert {o.text for o in mine.inbox()} == {kept.text, "Ny i deras inkorg."}
    assert [o.id for o in mine.observations(ITEMS[1])] == [moving.id]
    mine.close()
