"""Regressions found in review: damaged journals, failed closes, merges at the edges."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from store import Observation, StoreError, list_audits, open_audit
from store.journal import encode_line
from store.merge import conflicts, merge_into, read_copy
from tests.store_helpers import base_and_copy, new_audit


def test_a_damaged_line_in_the_middle_does_not_discard_later_edits(workspace: Path):
    audit = new_audit(workspace)
    audit.add_observation("samarbete-af", "före")
    audit.file.flush()
    journal = audit.file.journal_path
    audit.file.close(compact=False)  # as after a crash: no compaction
    with open(journal, "ab") as fh:
        fh.write(b"0badc0de {half a line\n")  # a failed write that was appended after
        doc = {"id": "x1", "item_id": "samarbete-af", "text": "efter", "deleted": False}
        fh.write(encode_line(10_000, "observations", "x1", doc))
    again = open_audit(audit.path)
    assert sorted(o.text for o in again.observations("samarbete-af")) == ["efter", "före"]
    assert again.file.damaged_lines == 1
    assert list(workspace.glob("*.journal.damaged-*"))  # the original is kept aside
    again.close()


def test_appending_never_continues_a_torn_line(workspace: Path):
    audit = new_audit(workspace)
    audit.file.flush()
    audit.file.close(compact=False)
    with open(audit.file.journal_path, "ab") as fh:
        fh.write(b"deadbeef {torn")
    again = open_audit(audit.path)  # replay cuts the torn tail
    again.add_observation("samarbete-af", "ny")
    again.file.flush()
    again.file.close(compact=False)
    third = open_audit(audit.path)
    assert [o.text for o in third.observations()] == ["ny"]
    third.close()


def test_a_failed_close_keeps_the_audit_open_locked_and_retryable(workspace: Path, monkeypatch):
    audit = new_audit(workspace)
    audit.add_observation("samarbete-af", "viktigt")
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError):
        audit.close()
    assert not audit.file.closed and audit.file.dirty
    from store import AuditLocked

    with pytest.raises(AuditLocked):
        open_audit(audit.path)  # still ours
    monkeypatch.setattr(os, "write", real_write)
    audit.close()
    with pytest.raises(StoreError, match="closed"):
        audit.file.flush()
    assert [o.text for o in open_audit(audit.path, read_only=True).observations()] == ["viktigt"]


def test_opening_and_closing_without_edits_keeps_the_backups(workspace: Path):
    audit = new_audit(workspace)
    audit.add_observation("samarbete-af", "x")
    path = audit.path
    audit.close()
    before = {p.name: p.read_bytes() for p in workspace.glob("*.bak*")}
    for _ in range(3):
        open_audit(path).close()
    assert {p.name: p.read_bytes() for p in workspace.glob("*.bak*")} == before


def test_a_crash_between_replacing_the_file_and_moving_the_journal(workspace: Path):
    audit = new_audit(workspace)
    obs = audit.add_observation("samarbete-af", "A")
    audit.file.flush()
    obs.text = "B"
    audit.save(obs)  # queued, not yet in the journal
    audit.file.compact()  # the new file holds B
    # The crash: the journal was never moved away, so it still holds the A line.
    shutil.copy(audit.file.prev_journal_path, audit.file.journal_path)
    audit.file.close(compact=False)
    again = open_audit(audit.path)
    assert [o.text for o in again.observations()] == ["B"]  # not reverted to A
    again.close()


def test_long_edit_chains_do_not_make_false_conflicts(tmp_path: Path):
    path, theirs_path, [obs_id] = base_and_copy(tmp_path, 1)
    theirs = open_audit(theirs_path)
    for i in range(120):  # autosave makes many small changes
        o = theirs.get(Observation, obs_id)
        o.text = str(i + 1)
        theirs.save(o)
    theirs.close()
    mine = open_audit(path)
    result = merge_into(mine, read_copy(theirs_path))
    assert result.conflicts == [] and mine.get(Observation, obs_id).text == "120"
    mine.close()


def test_merge_edges(tmp_path: Path):
    path, theirs_path, [obs_id] = base_and_copy(tmp_path, 1)

    def edit(p: Path, text: str) -> None:
        a = open_audit(p)
        o = a.get(Observation, obs_id)
        o.text = text
        a.save(o)
        a.close()

    edit(path, "samma")
    edit(theirs_path, "samma")
    audit = open_audit(path)
    same = merge_into(audit, read_copy(theirs_path))
    assert (same.taken, same.conflicts) == (0, [])  # both made the same change
    audit.close()

    edit(path, "min")
    edit(theirs_path, "deras 1")
    audit = open_audit(path)
    assert len(merge_into(audit, read_copy(theirs_path)).conflicts) == 1
    audit.close()
    edit(theirs_path, "deras 2")  # they changed it again before I resolved
    audit = open_audit(path)
    merge_into(audit, read_copy(theirs_path))
    [open_conflict] = conflicts(audit)  # the newer conflict replaced the older
    assert open_conflict.theirs == "deras 2"
    audit.close()

    bad = tmp_path / "trasig.granska.json"
    data = json.loads(theirs_path.read_text())
    data["observations"][obs_id] = "not a record"
    bad.write_text(json.dumps(data))
    audit = open_audit(path)
    with pytest.raises(StoreError):
        merge_into(audit, read_copy(bad))
    audit.close()


def test_a_strange_file_in_the_workspace_is_listed_as_unreadable(workspace: Path):
    (workspace / "konstig-00000000.granska.json").write_text(
        json.dumps({"_granska": {"format": {"schema_version": "many"}}})
    )
    (workspace / "lista-00000000.granska.json").write_text("[1, 2]")
    summaries = list_audits(workspace)
    assert len(summaries) == 2 and all(s.error for s in summaries)
