"""Damage is detected and said: checksums on the file and the journal, bit flips, bad inputs."""

from __future__ import annotations

import copy
import json
import random
import shutil
import zlib
from pathlib import Path

import pytest

from store import CorruptAudit, StoreError, list_audits, open_audit
from store.durable import DurableFile
from store.fileformat import FORMAT_TABLE, parse
from store.journal import encode_line, scan
from tests.store_helpers import new_audit


def saved_audit(folder: Path, n_file: int = 4, n_journal: int = 3) -> tuple[Path, set[str]]:
    """An audit with observations in the file and more in the journal, closed as after a crash."""
    audit = new_audit(folder)
    texts = set()
    for i in range(n_file):
        texts.add(audit.add_observation("samarbete-af", f"I filen {i}: åäö").text)
    audit.file.compact()
    for i in range(n_journal):
        texts.add(audit.add_observation("analys-prognos", f"I journalen {i}: ÅÄÖ").text)
    path = audit.path
    audit.file.close(compact=False)
    return path, texts


def test_the_file_is_tinydb_json_one_document_per_line_with_sorted_keys(workspace: Path):
    path, texts = saved_audit(workspace)
    open_audit(path).close()
    raw = path.read_bytes()
    data = json.loads(raw)  # plain JSON: TinyDB's own JSONStorage reads it like this
    from tinydb import TinyDB
    from tinydb.table import Table

    class StrTable(Table):
        document_id_class = str  # our ids are UUIDs

    db = TinyDB(path, access_mode="r")
    db.table_class = StrTable
    assert {d["text"] for d in db.table("observations").all()} == texts
    db.close()
    lines = raw.decode().splitlines()
    assert lines[1] == '"_granska": {'
    assert lines[2].startswith('"format": {"checksum":"')
    for line in lines:
        if line.startswith('"') and line.rstrip(",").endswith("}") and ": {" in line:
            doc = json.loads(line.split(": ", 1)[1].rstrip(","))
            assert list(doc) == sorted(doc)  # keys sorted within each document
    assert sum(1 for line in lines if '"text":' in line) == len(texts)  # one per line
    assert data[FORMAT_TABLE]["format"]["schema_version"] == 2


def test_a_flipped_digit_of_seq_in_the_file_is_detected_not_a_silent_loss(workspace: Path):
    path, _ = saved_audit(workspace)
    raw = path.read_bytes()
    at = raw.index(b"}", raw.index(b'"seq":')) - 1  # the last digit: still a number
    flipped = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]
    path.write_bytes(flipped)
    with pytest.raises(CorruptAudit, match="checksum") as info:
        open_audit(path, read_only=True)
    assert info.value.code == "corrupt" and info.value.params["backup"]


def test_a_deleted_journal_is_reported(workspace: Path):
    path, texts = saved_audit(workspace)
    path.with_name(path.name + ".journal").unlink()
    audit = open_audit(path, read_only=True)
    assert [p.code for p in audit.file.problems] == ["journal_missing"]
    assert "missing" in str(audit.file.problems[0])


def test_a_damaged_journal_line_is_reported_with_what_it_held(workspace: Path):
    path, texts = saved_audit(workspace)
    journal = path.with_name(path.name + ".journal")
    lines = journal.read_bytes().splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if b'"t":"observations"' in line)
    victim = json.loads(lines[n][9:])
    lines[n] = lines[n].replace(b"journalen", b"journalEn")  # one changed letter
    journal.write_bytes(b"".join(lines))
    audit = open_audit(path, read_only=True)
    [problem] = audit.file.problems
    assert problem.code == "journal_line_damaged" and problem.params["line"] == n + 1
    assert problem.params["about"] == f"{victim['t']} {victim['i']}"
    assert audit.file.damaged_lines == 1
    got = {o.text for o in audit.observations()}
    assert got == texts - {victim["d"]["text"]}  # the others are all there


def flip_outcomes(folder: Path, flips: int, seed: int) -> dict[str, int]:
    """Flip one bit at a time in the file or the journal; open read-only; classify."""
    source = folder / "source"
    source.mkdir()
    path, _ = saved_audit(source)
    clean = open_audit(path, read_only=True)
    with clean.file.reading() as data:
        expected = copy.deepcopy(data)
    every_text = {
        v
        for entry in clean.history()
        for change in entry["changes"]
        for v in (change["old"], change["new"])
        if isinstance(v, str)
    }
    journal = path.with_name(path.name + ".journal")
    originals = {path: path.read_bytes(), journal: journal.read_bytes()}
    rng = random.Random(seed)
    outcomes = {"detected": 0, "harmless": 0, "reported": 0}
    for n in range(flips):
        target = path if n % 2 == 0 else journal
        raw = bytearray(originals[target])
        at = rng.randrange(len(raw))
        raw[at] ^= 1 << rng.randrange(8)
        target.write_bytes(bytes(raw))
        try:
            file = DurableFile(path, read_only=True)
        except StoreError:
            outcomes["detected"] += 1
        else:
            with file.reading() as data:
                same = data == expected
                docs = [d for rows in data.values() for d in rows.values()]
            texts = {d["text"] for d in docs if "text" in d}
            assert texts <= every_text, f"flip {n} at {target.name}:{at} changed a text"
            if same:
                outcomes["harmless"] += 1
            else:
                assert file.problems, f"flip {n} at {target.name}:{at} changed data silently"
                outcomes["reported"] += 1
        target.write_bytes(originals[target])
    return outcomes


def test_every_bit_flip_in_the_file_or_journal_is_detected_or_harmless(tmp_path: Path):
    outcomes = flip_outcomes(tmp_path, 400, seed=7)
    assert sum(outcomes.values()) == 400
    assert outcomes["detected"] >= 150  # every flip in the file is detected by its checksum
    assert outcomes["reported"] > 20  # flips in journal lines drop that line, and say so


def test_a_journal_line_with_a_non_integer_sequence_and_a_valid_checksum(workspace: Path):
    path, texts = saved_audit(workspace)
    body = json.dumps(
        {"s": "7", "t": "observations", "i": "x", "d": {"id": "x", "text": "smyger in"}}
    ).encode()
    with open(path.with_name(path.name + ".journal"), "ab") as fh:
        fh.write(b"%08x " % zlib.crc32(body) + body + b"\n")
    audit = open_audit(path)  # no traceback: the line is dropped and said
    assert {o.text for o in audit.observations()} == texts
    assert [p.code for p in audit.file.problems] == ["journal_line_damaged"]
    audit.close()


def test_a_file_without_its_format_record_is_refused_before_anything_is_written(
    workspace: Path,
):
    path, _ = saved_audit(workspace)
    data = json.loads(path.read_bytes())
    del data[FORMAT_TABLE]
    path.write_text(json.dumps(data))
    before = sorted(p.name for p in workspace.iterdir())
    with pytest.raises(CorruptAudit, match="no format record"):
        open_audit(path)
    assert sorted(p.name for p in workspace.iterdir()) == before  # no .v0.bak, nothing


def test_the_check_hook_refuses_bad_changes_in_the_journal(workspace: Path):
    path, texts = saved_audit(workspace)
    journal = path.with_name(path.name + ".journal")
    last = max(c["s"] for c in scan(journal.read_bytes()).changes)
    with open(journal, "ab") as fh:
        fh.write(encode_line(last + 1, "observations", "bad", {"id": "bad", "text": 42}))
        fh.write(encode_line(last + 2, "observations", "ok", {"id": "ok", "text": "efter"}))

    def check(table: str, doc_id: str, doc: dict | None) -> str | None:
        if table == "observations" and doc is not None and not isinstance(doc.get("text"), str):
            return "text is not a text"
        return None

    reader = DurableFile(path, read_only=True, check=check)
    assert {d["text"] for d in reader.all("observations")} == texts | {"efter"}
    [problem] = reader.problems
    assert problem.code == "change_refused" and problem.params["about"] == "observations bad"
    assert "text is not a text" in problem.message and reader.damaged_lines == 1
    writer = DurableFile(path, check=check)  # folds the journal at once: the next open is clean
    writer.close()
    again = DurableFile(path, read_only=True, check=check)
    assert again.problems == [] and {d["text"] for d in again.all("observations")} == texts | {
        "efter"
    }
    assert list(workspace.glob("*.journal.damaged-*"))  # the refused line is kept aside


def test_an_index_with_an_unknown_key_does_not_hide_audits(workspace: Path):
    a = new_audit(workspace, "Första")
    b = new_audit(workspace, "Andra")
    a.close()
    b.close()
    assert len(list_audits(workspace)) == 2
    index_path = workspace / ".index.json"
    index = json.loads(index_path.read_text())
    for entry in index.values():
        entry["summary"]["from_the_future"] = True
    index["strange"] = [1, 2]
    index_path.write_text(json.dumps(index))
    assert sorted(s.title for s in list_audits(workspace)) == ["Andra", "Första"]
    index_path.write_text("[]")
    assert sorted(s.title for s in list_audits(workspace)) == ["Andra", "Första"]


def test_an_older_file_is_migrated_with_a_backup_and_a_checksum(workspace: Path):
    path, texts = saved_audit(workspace)
    data, _ = parse(path.read_bytes())
    data[FORMAT_TABLE]["format"] = {"schema_version": 1, "seq": 0}
    journal = path.with_name(path.name + ".journal")
    legacy = b"".join(  # a version 1 journal: no header
        line for line in journal.read_bytes().splitlines(keepends=True)[1:]
    )
    path.write_text(json.dumps(data, ensure_ascii=False))
    journal.write_bytes(legacy)
    audit = open_audit(path)
    assert audit.file.migrated_from == 1
    assert {o.text for o in audit.observations()} == texts
    audit.close()
    assert path.with_name(path.name + ".v1.bak").exists()
    _, header = parse(path.read_bytes())
    assert header.schema_version == 2 and header.checksum


def test_copies_of_the_folder_open_alike(tmp_path: Path):
    """A copied audit (file and journal) opens with the same records: nothing names its folder."""
    path, texts = saved_audit(tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    copy = open_audit(tmp_path / "b" / path.name, read_only=True)
    assert {o.text for o in copy.observations()} == texts and copy.file.problems == []


def test_every_store_error_carries_a_code_and_parameters(workspace: Path):
    """The UI translates errors by code; the English message stays for the command line."""
    import ast

    for module in (Path(__file__).parents[1] / "store").glob("*.py"):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "StoreError"
            ):
                has_code = len(node.args) >= 2 or any(k.arg == "code" for k in node.keywords)
                assert has_code, f"{module.name}:{node.lineno}: StoreError without code"
    with pytest.raises(StoreError) as info:
        open_audit(workspace / "saknas.granska.json")
    assert info.value.code == "not_found"
    assert info.value.params["path"].endswith("saknas.granska.json")
    error = StoreError("plain message")  # old call sites keep working
    assert (error.code, error.params, str(error)) == ("store_error", {}, "plain message")
