"""The store on real files: saved edits survive reopening, locks, damage and old or new files."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checklists.library import load_library
from store import (
    AuditLocked,
    CorruptAudit,
    StoreError,
    create_audit,
    find_audit,
    list_audits,
    open_audit,
)
from store.fileformat import SCHEMA_VERSION, serialise


@pytest.fixture
def template():
    return load_library().get("arbetsmarknadsinsatser")


def new_audit(workspace: Path, template, title: str = "Test"):
    return create_audit(
        workspace,
        template,
        title=title,
        municipality="Ystads kommun",
        committee="Socialnämnden",
        year="2026",
        auditors=("A", "B"),
    )


def test_records_survive_close_and_reopen(workspace, template):
    audit = new_audit(workspace, template)
    source = audit.add_source("interview", role="Enhetschef", date="2026-03-01")
    obs = audit.add_observation("samarbete-af", "Samarbetet är personbundet.", [source.id])
    audit.set_assessment("samarbete-af", "delvis", "Avtal saknas.")
    rec = audit.add_recommendation("Upprätta ett avtal.", ["samarbete-af"])
    audit.update_meta(overall_assessment="Till viss del.")
    path = audit.path
    audit.close()

    again = open_audit(path)
    assert [o.text for o in again.observations("samarbete-af")] == ["Samarbetet är personbundet."]
    assert again.observations("samarbete-af")[0].id == obs.id
    assert again.get(type(source), source.id).role == "Enhetschef"
    assert again.assessment("samarbete-af").value == "delvis"
    assert (
        again.recommendations()[0].item_ids == ("samarbete-af",)
        and again.recommendations()[0].id == rec.id
    )
    assert again.meta.overall_assessment == "Till viss del."
    assert again.item_state("samarbete-af") == "assessed"
    assert again.item_state("analys-prognos") == "empty"
    again.close()


def test_edits_are_in_the_journal_before_close(workspace, template):
    audit = new_audit(workspace, template)
    audit.add_observation("samarbete-af", "Först.")
    audit.file.flush()
    # A second reader (as after a crash: no close, no compaction) sees the flushed edit.
    reader = open_audit(audit.path, read_only=True)
    assert [o.text for o in reader.observations()] == ["Först."]
    audit.close()


def test_a_torn_last_journal_line_is_ignored(workspace, template):
    audit = new_audit(workspace, template)
    audit.add_observation("samarbete-af", "Helt sparad.")
    audit.file.flush()
    journal = audit.file.journal_path
    audit.file.close(compact=False)  # as after a crash: the journal is not folded in
    with open(journal, "ab") as fh:
        fh.write(b'deadbeef {"s":99,"t":"observations","i":"x","d":{"te')
    again = open_audit(audit.path)
    assert [o.text for o in again.observations()] == ["Helt sparad."]
    again.close()


def test_second_writer_is_refused_with_owner_and_may_read(workspace, template):
    audit = new_audit(workspace, template)
    with pytest.raises(AuditLocked) as info:
        open_audit(audit.path)
    assert str(os.getpid()) in str(info.value) and "read-only" in str(info.value)
    reader = open_audit(audit.path, read_only=True)
    assert reader.meta.title == "Test"
    with pytest.raises(StoreError, match="read-only"):
        reader.add_observation("samarbete-af", "x")
    audit.close()


def test_lock_of_a_killed_process_is_taken_over(workspace, template):
    audit = new_audit(workspace, template)
    path = audit.path
    audit.close()
    code = textwrap.dedent(f"""
        import os, sys
        from store import open_audit
        a = open_audit({str(path)!r})
        print("locked", flush=True)
        sys.stdin.readline()
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    assert child.stdout.readline().strip() == "locked"
    with pytest.raises(AuditLocked, match=str(child.pid)):
        open_audit(path)
    child.kill()
    child.wait()
    again = open_audit(path)  # the OS released the dead process's lock
    assert again.meta.title == "Test"
    again.close()


def test_corrupt_file_is_reported_and_left_untouched(workspace, template):
    audit = new_audit(workspace, template)
    audit.add_observation("samarbete-af", "x")
    path = audit.path
    audit.close()
    damaged = path.read_bytes()[:50]
    path.write_bytes(damaged)
    with pytest.raises(CorruptAudit) as info:
        open_audit(path)
    assert str(path) in str(info.value) and info.value.backups
    assert path.read_bytes() == damaged
    summary = list_audits(workspace)[0]
    assert summary.error and "cannot be read" in summary.error


def test_newer_schema_is_refused_and_older_is_migrated(workspace, template):
    audit = new_audit(workspace, template)
    path = audit.path
    audit.close()
    data = json.loads(path.read_text())
    fmt = data["_granska"]["format"]
    path.write_bytes(
        serialise(data, seq=fmt["seq"], generation=fmt["generation"], schema_version=99)
    )
    with pytest.raises(StoreError, match="schema version 99") as info:
        open_audit(path)
    assert info.value.code == "newer_schema" and info.value.params["version"] == 99
    # A file from before versioning: no checksum, no generation, no tombstones.
    data["_granska"]["format"] = {"seq": fmt["seq"]}
    for doc in data["observations"].values() if "observations" in data else []:
        doc.pop("deleted", None)
    path.write_text(json.dumps(data))
    again = open_audit(path)
    assert again.file.migrated_from == 0
    assert path.with_name(path.name + ".v0.bak").exists()
    again.close()
    assert json.loads(path.read_text())["_granska"]["format"]["schema_version"] == SCHEMA_VERSION


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_files_are_private(workspace, template):
    audit = new_audit(workspace, template)
    audit.add_observation("samarbete-af", "känsligt")
    audit.close()
    for p in workspace.glob("*.granska.json*"):
        if p.suffix in (".lock",):
            continue
        assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, p


def test_history_records_who_changed_what(workspace, template, frozen_clock):
    audit = new_audit(workspace, template)
    obs = audit.add_observation("samarbete-af", "Först")
    obs.text = "Sedan"
    audit.save(obs)
    audit.set_assessment("samarbete-af", "nej", "")
    history = audit.history("samarbete-af")
    changes = [(c["field"], c["old"], c["new"]) for h in history for c in h["changes"]]
    assert ("text", "Först", "Sedan") in changes
    assert ("value", None, "nej") in changes
    assert all(h["author"] == "testare" and h["ts"] == frozen_clock for h in history)
    audit.close()


def test_delete_keeps_a_tombstone(workspace, template):
    audit = new_audit(workspace, template)
    obs = audit.add_observation("samarbete-af", "Fel")
    audit.delete(obs)
    assert audit.observations("samarbete-af") == []
    assert audit.file.get("observations", obs.id)["deleted"] is True
    audit.close()


def test_list_and_find(workspace, template):
    a = new_audit(workspace, template, "Första granskningen")
    b = new_audit(workspace, template, "Andra")
    a.set_assessment("samarbete-af", "ja", "")
    a.close()
    b.close()
    summaries = {s.title: s for s in list_audits(workspace)}
    assert summaries["Första granskningen"].assessed == 1
    assert summaries["Andra"].questions == 4
    assert find_audit(workspace, "forsta") == a.path
    assert find_audit(workspace, summaries["Andra"].id[:8]) == b.path
    with pytest.raises(StoreError, match="no audit"):
        find_audit(workspace, "saknas")
