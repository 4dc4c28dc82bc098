"""Everything that comes into an audit is checked against the record types (issue 7 item 1).

A colleague's copy with one bad field is refused whole, naming the record and
the field, and nothing of it lands; a bad change in a journal is refused on
replay; a bad record in the file itself is set aside when the audit opens
(kept in the file, never fatal, never lost), so the app and the export work.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path
from typing import Any, Literal

import pytest

from report import export_report
from store import AuditMeta, Observation, Source, StoreError, open_audit
from store.merge import read_copy
from store.records import Record, new_id
from store.validate import check_change, check_doc, record_tables, shape_check
from tests.store_helpers import base_and_copy, new_audit


def _snapshot(audit) -> dict[str, list[dict[str, Any]]]:
    """Every document of every table an audit has (history and conflicts included)."""
    with audit.file.reading() as data:
        return json.loads(json.dumps(data, sort_keys=True))


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.is_file()}


BAD_COPIES = {
    "observation text is a number": ("observations", "text", 42),
    "created is a number": ("observations", "created", 1700000000),
    "item_id is a list": ("observations", "item_id", ["samarbete-af"]),
    "title over 1,000 characters": ("audit", "title", "T" * 1001),
    "municipality over 1,000 characters": ("audit", "municipality", "Y" * 1001),
    "role over 255 characters": ("sources", "role", "R" * 256),
    "source_ids holds a number": ("observations", "source_ids", [7]),
    "deleted is text": ("observations", "deleted", "no"),
    "text with a lone surrogate": ("observations", "text", "bad \ud800 text"),
}


@pytest.mark.parametrize("case", list(BAD_COPIES))
def test_a_bad_copy_is_refused_whole_naming_record_and_field(tmp_path: Path, case: str):
    table, field, value = BAD_COPIES[case]
    mine_path, theirs_path, ids = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path, author="kollega")
    theirs.add_observation("analys-prognos", "a good new observation")  # would be added
    source = theirs.add_source("interview", role="Enhetschef")
    changed = theirs.get(Observation, ids[0])
    changed.text = "a good edit"  # would be taken
    theirs.save(changed)
    theirs.close()
    data = read_copy(theirs_path)
    key = {"audit": "audit", "sources": source.id}.get(table, ids[1])
    data[table][key][field] = value

    mine = open_audit(mine_path)
    mine.flush()
    before, files_before = _snapshot(mine), _files(mine_path)
    with pytest.raises(StoreError) as info:
        mine.merge_copy(data)
    error = info.value
    assert error.code == "bad_copy"
    assert error.params["table"] == table and error.params["field"] == field
    assert key in str(error) and field in str(error)
    mine.flush()
    assert _snapshot(mine) == before  # nothing of it landed
    assert _files(mine_path) == files_before
    mine.close()


def test_a_bad_change_in_a_copys_journal_refuses_the_copy(tmp_path: Path):
    mine_path, theirs_path, ids = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path)
    bad = {"id": ids[0], "item_id": "samarbete-af", "text": 12, "deleted": False}
    theirs.file.put("observations", ids[0], bad)  # the engine, below any check
    theirs.flush()
    theirs.file.close(compact=False)  # the bad change is only in the journal
    with pytest.raises(StoreError) as info:
        read_copy(theirs_path)
    assert info.value.code == "bad_copy" and "text" in str(info.value)


def test_a_bad_change_in_my_journal_is_refused_on_replay_and_reported(tmp_path: Path):
    audit = new_audit(tmp_path)
    good = audit.add_observation("samarbete-af", "good")
    bad_id = new_id()
    audit.file.put("observations", bad_id, {"id": bad_id, "item_id": ["x"], "text": "bad"})
    audit.flush()
    path = audit.path
    audit.file.close(compact=False)
    again = open_audit(path)
    assert [o.text for o in again.observations()] == ["good"]
    assert any(p.code == "change_refused" and "item_id" in str(p) for p in again.problems)
    assert again.get(Observation, good.id) is not None
    export_report(again, tmp_path / "r.docx")
    again.close()


def _plant(tmp_path: Path, table: str, key: str, doc: dict) -> Path:
    """An audit whose file (not journal) holds `doc`, written below every check."""
    audit = new_audit(tmp_path)
    audit.add_observation("samarbete-af", "kept")
    audit.file.put(table, key, doc)
    path = audit.path
    audit.close()  # compacted: the bad record is in the checksummed file itself
    return path


def test_a_bad_record_in_the_file_is_set_aside_and_the_audit_opens_and_exports(tmp_path: Path):
    bad_id = new_id()
    bad = {"id": bad_id, "item_id": "samarbete-af", "text": 42, "deleted": False}
    path = _plant(tmp_path, "observations", bad_id, bad)

    audit = open_audit(path)
    assert [o.text for o in audit.observations()] == ["kept"]
    [aside] = audit.set_aside
    assert (aside.table, aside.record_id, aside.doc) == ("observations", bad_id, bad)
    assert "text" in aside.reason and bad_id in aside.reason
    assert any(p.code == "record_set_aside" and bad_id in str(p) for p in audit.problems)
    export_report(audit, tmp_path / "r.docx")
    audit.close()

    again = open_audit(path, read_only=True)  # the second open finds nothing new to set aside
    assert again.set_aside == []
    assert [q.doc for q in again.quarantined()] == [bad]  # kept in the file, not lost


def test_a_read_only_open_sets_aside_in_memory_only(tmp_path: Path):
    bad_id = new_id()
    path = _plant(tmp_path, "sources", bad_id, {"id": bad_id, "kind": "interview", "date": 3})
    before = _files(path)
    audit = open_audit(path, read_only=True)
    assert audit.sources() == [] and len(audit.set_aside) == 1
    assert _files(path) == before


def test_a_bad_audit_record_is_repaired_field_by_field_and_kept_whole_aside(tmp_path: Path):
    audit = new_audit(tmp_path, "Kept title")
    meta = audit.file.get("audit", "audit")
    path = audit.path
    audit.file.put("audit", "audit", {**meta, "committee": ["a", "list"], "year": 2026})
    audit.close()

    again = open_audit(path)
    assert again.meta.title == "Kept title" and again.meta.municipality == "Ystad"
    assert (again.meta.committee, again.meta.year) == ("", "")
    [aside] = again.set_aside
    assert aside.doc["committee"] == ["a", "list"]
    export_report(again, tmp_path / "r.docx")
    again.close()


def test_an_audit_record_whose_id_is_bad_is_refused_with_a_message(tmp_path: Path):
    audit = new_audit(tmp_path)
    meta = audit.file.get("audit", "audit")
    path = audit.path
    audit.file.put("audit", "audit", {**meta, "id": 5})
    audit.close()
    with pytest.raises(StoreError) as info:
        open_audit(path)
    assert info.value.code == "bad_record" and "'id'" in str(info.value)


def test_saving_refuses_what_validation_would_refuse(tmp_path: Path):
    audit = new_audit(tmp_path)
    with pytest.raises(StoreError) as info:
        audit.update_meta(title="x" * 1001)
    assert info.value.code == "bad_record" and info.value.params["field"] == "title"
    assert audit.meta.title == "Granskning"
    audit.close()


# -- derived from the record types ---------------------------------------------------------

WRONG = {str: 17, int: "seventeen", bool: "yes", tuple[str, ...]: "not a list"}


def test_every_field_of_every_record_is_checked_by_its_type():
    for table, cls in record_tables().items():
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            doc = {"id": "a" * 8} if table != "audit" else {"id": new_id()}
            key = "audit" if table == "audit" else doc["id"]
            hint = hints[f.name]
            # a Literal field (a status): a value that is none of its choices
            doc[f.name] = "none-of-them" if typing.get_origin(hint) is Literal else WRONG[hint]
            problem = check_doc(table, key, doc)
            assert problem is not None and problem.field == f.name, (table, f.name)


def test_a_field_added_to_a_record_is_checked_without_touching_the_validator():
    @dataclasses.dataclass(kw_only=True)
    class Later(Observation):  # as another module might extend a record
        unfinished: bool = False
        unit: str = ""

    check = shape_check(Later)
    assert check({"id": "x", "unfinished": True, "unit": "Vuxen"}) is None
    assert check({"id": "x", "unfinished": "yes"}) == (
        "unfinished",
        "must be true or false, not text",
    )
    assert check({"id": "x", "unit": "u" * 256})[0] == "unit"


def test_limits_and_shapes():
    oid = new_id()
    obs = {"id": oid, "item_id": "samarbete-af", "text": "t", "source_ids": [new_id()]}
    assert check_doc("observations", oid, obs) is None
    assert check_doc("observations", "other-key", obs).field == "id"
    assert check_doc("observations", oid, {**obs, "text": "x" * 1_000_001}).field == "text"
    assert check_doc("observations", oid, {**obs, "created": "yesterday"}).field == "created"
    assert check_doc("observations", oid, {**obs, "id": ""}).field == "id"
    assert check_doc("observations", oid, {**obs, "source_ids": ["a\x1b[2J"]}).field == (
        "source_ids"
    )
    assert check_doc("observations", oid, {**obs, "later_flag": True}) is None  # plain extra
    assert check_doc("observations", oid, {**obs, "later": {"deep": [1]}}).field == "later"
    assert check_doc("observations", oid, {**obs, "_rev": {"text": [5]}}).field == "_rev"
    assert check_doc("kpi_values", oid, {"id": oid, "value": 2**60}).field == "value"
    assert check_doc("nonsense", oid, obs) is not None
    assert check_doc("audit", "audit", {"id": "not-a-uuid"}).field == "id"
    history = {"id": oid, "ts": "2026-01-01T10:00:00", "changes": [{"field": "text"}]}
    assert check_doc("history", oid, history) is None
    assert check_doc("history", oid, {**history, "changes": [{"old": 1}]}).field == "changes"
    deep: Any = []
    for _ in range(50):
        deep = [deep]
    assert check_doc("history", oid, {**history, "changes": [{"field": "t", "new": deep}]})
    conflict = {
        "id": oid,
        "table": "observations",
        "record_id": oid,
        "field": "text",
        "mine": "a",
        "theirs": "b",
        "theirs_rev": ["x"],
    }
    assert check_doc("conflicts", oid, conflict) is None
    assert check_doc("conflicts", oid, {**conflict, "kind": "other"}).field == "kind"
    assert check_doc("conflicts", oid, {**conflict, "resolved": 1}).field == "resolved"
    assert check_doc("template", "template", {"yaml": 5}).field == "yaml"
    assert check_doc("template", "template", {"yaml": "x", "version": 2}) is None


def test_check_change_for_the_journal_hook():
    oid = new_id()
    assert check_change("observations", oid, {"id": oid, "text": "t"}) is None
    assert check_change("observations", oid, None) is None  # a deletion
    assert "text" in check_change("observations", oid, {"id": oid, "text": 1})
    assert "table" in check_change("unknown", oid, {"id": oid})
    assert check_change("audit", "audit", {"id": new_id(), "title": "t"}) is None


def test_source_and_meta_records_follow_the_record_types():
    assert record_tables()["sources"] is Source
    assert record_tables()["audit"] is AuditMeta
    assert all(issubclass(c, Record) for c in record_tables().values())


def test_a_stray_record_in_the_audit_table_is_set_aside_not_fatal(tmp_path: Path):
    stray = new_id()
    path = _plant(tmp_path, "audit", stray, {"id": stray, "title": "a second audit record"})
    audit = open_audit(path)
    assert audit.meta.title == "Granskning"
    assert [q.record_id for q in audit.set_aside] == [stray]
    audit.close()


def test_a_bad_record_in_an_older_file_is_set_aside_after_migration(tmp_path: Path):
    audit = new_audit(tmp_path)
    audit.add_observation("samarbete-af", "kept")
    path = audit.path
    audit.close()
    data = read_copy(path)
    data["_granska"] = {"format": {"schema_version": 1, "seq": 0}}  # before checksums
    bad_id = new_id()
    data["observations"][bad_id] = {"id": bad_id, "item_id": 7, "text": "bad"}
    path.write_text(json.dumps(data), encoding="utf-8")
    for leftover in path.parent.glob(path.name + ".*"):
        leftover.unlink()  # backups and journals of the newer file

    again = open_audit(path)
    assert again.file.migrated_from == 1
    assert [o.text for o in again.observations()] == ["kept"]
    assert [q.record_id for q in again.set_aside] == [bad_id]
    again.close()
