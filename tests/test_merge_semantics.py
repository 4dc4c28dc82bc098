"""Merges a user would expect: each surprising case becomes a decision the user sees.

An edit to a record the other laptop deleted is a conflict, not a silent loss; a
conflict settled on one laptop is settled on the other after merging; the same
interview added on both laptops is offered for joining into one source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store import Observation, Source, StoreError, open_audit
from tests.store_helpers import base_and_copy, new_audit


def test_merge_sources_repoints_observations_and_tombstones_the_duplicate(tmp_path: Path):
    audit = new_audit(tmp_path)
    keep = audit.add_source("interview", role="Enhetschef", date="2026-03-01")
    dup = audit.save(Source(kind="interview", role="Enhetschef", date="2026-03-01"))
    other = audit.add_source("document", title="Plan", date="2026-01-01")
    a = audit.add_observation("samarbete-af", "a", [dup.id])
    b = audit.add_observation("samarbete-af", "b", [keep.id, dup.id, other.id])
    c = audit.add_observation("samarbete-af", "c", [other.id])
    before = {h["id"] for h in audit.history()}

    moved = audit.merge_sources(keep.id, dup.id)

    assert moved == 2
    assert audit.get(Observation, a.id).source_ids == (keep.id,)
    assert audit.get(Observation, b.id).source_ids == (keep.id, other.id)
    assert audit.get(Observation, c.id).source_ids == (other.id,)
    assert audit.get(Source, dup.id) is None
    assert [s.id for s in audit.sources()] == [keep.id, other.id]
    new_entries = [h for h in audit.history() if h["id"] not in before]
    assert sorted(h["record_id"] for h in new_entries) == sorted([a.id, b.id, dup.id])
    audit.close()


def test_merge_sources_refuses_unknown_or_same_source(tmp_path: Path):
    audit = new_audit(tmp_path)
    keep = audit.add_source("interview", role="Enhetschef")
    with pytest.raises(StoreError, match="itself"):
        audit.merge_sources(keep.id, keep.id)
    with pytest.raises(StoreError, match="no source"):
        audit.merge_sources(keep.id, "nope")
    audit.close()


def test_merged_sources_survive_reopening(tmp_path: Path):
    audit = new_audit(tmp_path)
    keep = audit.add_source("interview", role="Chef")
    dup = audit.save(Source(kind="interview", role="Chef"))
    obs = audit.add_observation("samarbete-af", "x", [dup.id])
    audit.merge_sources(keep.id, dup.id)
    path = audit.path
    audit.close()
    again = open_audit(path, read_only=True)
    assert again.get(Observation, obs.id).source_ids == (keep.id,)
    assert again.get(Source, dup.id) is None


# -- (a) an edit to a record the other laptop deleted --------------------------------------


def _edit(audit, obs_id: str, text: str) -> None:
    obs = audit.get(Observation, obs_id)
    obs.text = text
    audit.save(obs)


def test_their_deletion_of_what_i_edited_is_a_decision_not_a_silent_loss(tmp_path: Path):
    mine_path, theirs_path, ids = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path, author="kollega")
    theirs.delete(theirs.get(Observation, ids[0]))
    theirs.close()
    mine = open_audit(mine_path)
    _edit(mine, ids[0], "my important edit")

    result = mine.import_copy(theirs_path)

    [decision] = result.conflicts
    assert (decision.kind, decision.field, decision.mine, decision.theirs) == (
        "delete_edit",
        "deleted",
        False,
        True,
    )
    assert mine.get(Observation, ids[0]).text == "my important edit"  # kept until decided
    assert [c.id for c in mine.conflicts()] == [decision.id]
    assert mine.import_copy(theirs_path).conflicts == []  # asked once
    mine.resolve(decision, "theirs")
    assert mine.get(Observation, ids[0]) is None
    assert mine.conflicts() == []
    mine.close()


def test_my_deletion_of_what_they_edited_is_a_decision_and_can_bring_it_back(tmp_path: Path):
    mine_path, theirs_path, ids = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path, author="kollega")
    _edit(theirs, ids[0], "their important edit")
    theirs.close()
    mine = open_audit(mine_path)
    mine.delete(mine.get(Observation, ids[0]))

    [decision] = mine.import_copy(theirs_path).conflicts
    assert (decision.kind, decision.mine, decision.theirs) == ("delete_edit", True, False)
    assert mine.get(Observation, ids[0]) is None  # deleted until decided
    mine.resolve(decision, "theirs")
    assert mine.get(Observation, ids[0]).text == "their important edit"
    mine.close()

    theirs = open_audit(theirs_path)  # the decision travels back: no new conflict there
    assert theirs.import_copy(mine_path).conflicts == []
    assert theirs.get(Observation, ids[0]).text == "their important edit"
    theirs.close()


def test_kept_after_their_deletion_stays_kept_on_both_laptops(tmp_path: Path):
    mine_path, theirs_path, ids = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path, author="kollega")
    theirs.delete(theirs.get(Observation, ids[0]))
    theirs.close()
    mine = open_audit(mine_path)
    _edit(mine, ids[0], "keep me")
    [decision] = mine.import_copy(theirs_path).conflicts
    mine.resolve(decision, "mine")
    assert mine.get(Observation, ids[0]).text == "keep me"
    mine.close()
    theirs = open_audit(theirs_path)
    assert theirs.import_copy(mine_path).conflicts == []
    assert theirs.get(Observation, ids[0]).text == "keep me"  # restored there too
    theirs.close()


# -- (b) a conflict settled on one laptop is settled on the other ---------------------------


def _both_edit(tmp_path: Path):
    mine_path, theirs_path, ids = base_and_copy(tmp_path)
    for path, text in ((mine_path, "version A"), (theirs_path, "version B")):
        audit = open_audit(path)
        _edit(audit, ids[0], text)
        audit.close()
    return mine_path, theirs_path, ids


def test_a_conflict_settled_on_one_laptop_is_settled_on_the_other(tmp_path: Path):
    a_path, b_path, ids = _both_edit(tmp_path)
    a = open_audit(a_path)
    [conflict_a] = a.import_copy(b_path).conflicts
    a.close()
    b = open_audit(b_path)
    [conflict_b] = b.import_copy(a_path).conflicts
    assert conflict_b.id == conflict_a.id  # both laptops name the conflict alike
    b.close()

    a = open_audit(a_path)
    a.resolve(a.conflicts()[0], "mine")  # A keeps "version A"
    a.close()

    b = open_audit(b_path)
    b.import_copy(a_path)
    assert b.conflicts() == []  # settled there, so settled here
    assert b.get(Observation, ids[0]).text == "version A"
    with pytest.raises(StoreError) as info:  # a stale screen cannot settle it again
        b.resolve(conflict_b, "mine")
    assert info.value.code == "already_settled"
    assert b.get(Observation, ids[0]).text == "version A"
    b.close()


def test_settling_a_conflict_twice_is_refused(tmp_path: Path):
    a_path, b_path, ids = _both_edit(tmp_path)
    a = open_audit(a_path)
    [conflict] = a.import_copy(b_path).conflicts
    a.resolve(conflict, "theirs")
    with pytest.raises(StoreError, match="already settled"):
        a.resolve(conflict, "mine")
    assert a.get(Observation, ids[0]).text == "version B"
    a.close()


def test_two_different_settlements_meet_as_a_new_conflict_not_an_override(tmp_path: Path):
    a_path, b_path, ids = _both_edit(tmp_path)
    for me, other in ((a_path, b_path), (b_path, a_path)):  # each sees the conflict ...
        audit = open_audit(me)
        [conflict] = audit.import_copy(other).conflicts
        audit.close()
    for me in (a_path, b_path):  # ... and each settles it its own way before merging again
        audit = open_audit(me)
        audit.resolve(audit.conflicts()[0], "mine")
        audit.close()
    a = open_audit(a_path)
    [again] = a.import_copy(b_path).conflicts
    assert (again.mine, again.theirs) == ("version A", "version B")
    assert a.get(Observation, ids[0]).text == "version A"
    a.close()


# -- (c) the same interview added on both laptops --------------------------------------------


def _same_interview_on_both(tmp_path: Path):
    mine_path, theirs_path, _ = base_and_copy(tmp_path)
    obs = {}
    for path, tag in ((mine_path, "mine"), (theirs_path, "theirs")):
        audit = open_audit(path)
        source = audit.add_source("interview", role="Enhetschef", date="2026-03-01")
        obs[tag] = audit.add_observation("samarbete-af", f"note {tag}", [source.id]).id
        audit.close()
    return mine_path, theirs_path, obs


def test_the_same_interview_added_on_both_laptops_is_offered_for_joining(tmp_path: Path):
    mine_path, theirs_path, obs = _same_interview_on_both(tmp_path)
    mine = open_audit(mine_path)
    [decision] = mine.import_copy(theirs_path).conflicts
    assert decision.kind == "duplicate_source"
    assert decision.mine == decision.theirs == "Enhetschef, 2026-03-01"
    assert len(mine.sources()) == 2
    assert mine.import_copy(theirs_path).conflicts == []  # asked once

    mine.resolve(decision, "join")
    [source] = mine.sources()
    assert source.id == decision.record_id
    cited = {mine.get(Observation, o).source_ids for o in obs.values()}
    assert cited == {(source.id,)}
    assert mine.conflicts() == []
    mine.close()

    theirs = open_audit(theirs_path)  # the join travels: one source there too, nothing to ask
    assert theirs.import_copy(mine_path).conflicts == []
    assert [s.id for s in theirs.sources()] == [source.id]
    assert theirs.conflicts() == []
    theirs.close()


def test_sources_kept_separate_are_not_offered_again(tmp_path: Path):
    mine_path, theirs_path, _ = _same_interview_on_both(tmp_path)
    mine = open_audit(mine_path)
    [decision] = mine.import_copy(theirs_path).conflicts
    mine.resolve(decision, "separate")
    assert len(mine.sources()) == 2
    assert mine.import_copy(theirs_path).conflicts == []
    assert mine.conflicts() == []
    with pytest.raises(StoreError):
        mine.resolve(decision, "mine")  # settled; and not a choice for sources anyway
    mine.close()


def test_a_different_date_is_a_different_interview(tmp_path: Path):
    mine_path, theirs_path, _ = base_and_copy(tmp_path)
    for path, date in ((mine_path, "2026-03-01"), (theirs_path, "2026-03-02")):
        audit = open_audit(path)
        audit.add_source("interview", role="Enhetschef", date=date)
        audit.close()
    mine = open_audit(mine_path)
    assert mine.import_copy(theirs_path).conflicts == []
    mine.close()
