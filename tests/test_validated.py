"""A file validated whole on this machine opens without being checked again, and only then.

Skipping the check is a shortcut that must never let a bad record through:
a stamp is this machine's, keyed by the file's own checksum and the validator's
fingerprint; the journal and the app's own writes are still checked; a damaged
or unwritable cache only costs time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import store.quarantine
from store import Observation, open_audit
from store.fileformat import FORMAT_ID, FORMAT_TABLE, checksum_holds, serialise
from store.records import new_id
from store.validated import Stamps, default_path, fingerprint
from tests.store_helpers import new_audit


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many records each full check on open looked at."""
    seen: list[int] = []
    real = store.quarantine.scan

    def counting(data):
        seen.append(sum(len(rows) for rows in data.values() if isinstance(rows, dict)))
        return real(data)

    monkeypatch.setattr(store.quarantine, "scan", counting)
    return seen


def _audit_with_notes(folder: Path, n: int = 5) -> Path:
    """An audit file as `create_audit` leaves it (its own check on creation not counted)."""
    audit = new_audit(folder)
    for i in range(n):
        audit.add_observation("samarbete-af", f"note {i}")
    path = audit.path
    audit.close()
    return path


@pytest.fixture
def made(tmp_path: Path, scans: list[int]) -> Path:
    """An audit of five notes; `scans` counts from here."""
    path = _audit_with_notes(tmp_path)
    scans.clear()
    return path


def _rewrite(path: Path, change) -> None:
    """Change the audit file's records and write it with a checksum that holds (a file
    made elsewhere: by another program, or a colleague)."""
    data = json.loads(path.read_bytes())
    fmt = data[FORMAT_TABLE][FORMAT_ID]
    change(data)
    path.write_bytes(serialise(data, seq=fmt["seq"], generation=fmt["generation"]))


def test_the_second_open_of_an_unchanged_file_skips_the_full_check(made: Path, scans: list[int]):
    path = made
    first = open_audit(path)  # written by create_audit: checked once, then stamped
    assert len(scans) == 1
    first.close()
    again = open_audit(path)
    assert len(scans) == 1  # not checked again
    assert [o.text for o in again.observations()] == [f"note {i}" for i in range(5)]
    again.close()


def test_a_file_written_after_checked_edits_is_stamped_at_compaction(made: Path, scans: list[int]):
    path = made
    audit = open_audit(path)
    audit.add_observation("samarbete-af", "edited today")
    audit.close()  # compacts: a new file, a new checksum
    assert Stamps().holds(checksum_holds(path.read_bytes()))
    again = open_audit(path)
    assert len(scans) == 1
    assert "edited today" in [o.text for o in again.observations()]
    again.close()


def test_a_bad_record_put_below_the_checks_is_never_stamped_and_is_set_aside(
    made: Path, scans: list[int]
):
    path = made
    audit = open_audit(path)
    bad_id = new_id()
    audit.file.put("observations", bad_id, {"id": bad_id, "item_id": "samarbete-af", "text": 4})
    audit.close()
    assert not Stamps().holds(checksum_holds(path.read_bytes()))
    again = open_audit(path)
    assert len(scans) == 3  # checked on open, and again after setting aside
    assert [q.record_id for q in again.set_aside] == [bad_id]
    again.close()


def test_a_file_changed_elsewhere_is_checked_again_even_with_a_valid_checksum(
    made: Path, scans: list[int]
):
    path = made
    open_audit(path).close()  # stamped
    bad_id = new_id()

    def plant(data):
        data["observations"][bad_id] = {"id": bad_id, "item_id": "samarbete-af", "text": 4}

    _rewrite(path, plant)
    audit = open_audit(path)
    assert len(scans) == 3  # checked on open, and again after setting aside
    assert [q.record_id for q in audit.set_aside] == [bad_id]
    assert all(o.id != bad_id for o in audit.observations())
    audit.close()


def test_a_stamp_from_another_validator_is_not_trusted(made: Path, scans: list[int]):
    path = made
    bad_id = new_id()
    _rewrite(
        path,
        lambda data: data["observations"].update(
            {bad_id: {"id": bad_id, "item_id": "samarbete-af", "text": 4}}
        ),
    )
    forged = {"validator": "0" * 64, "checksums": [checksum_holds(path.read_bytes())]}
    default_path().parent.mkdir(parents=True, exist_ok=True)
    default_path().write_text(json.dumps(forged))
    audit = open_audit(path)
    assert [q.record_id for q in audit.set_aside] == [bad_id]
    audit.close()


def test_after_a_crash_the_stamped_file_is_trusted_and_its_journal_replayed(
    made: Path, scans: list[int]
):
    open_audit(made).close()  # stamped
    audit = open_audit(made)
    good = audit.add_observation("samarbete-af", "after the stamp")
    audit.flush()
    audit.file.close(compact=False)  # as after a crash: the file is stamped, the journal not
    again = open_audit(made)
    assert len(scans) == 1  # the file was not checked again; its journal line was
    assert again.get(Observation, good.id) is not None
    again.close()


def test_a_bad_journal_line_over_a_stamped_file_is_refused(made: Path, scans: list[int]):
    open_audit(made).close()  # stamped
    audit = open_audit(made)
    bad_id = new_id()
    audit.file.put("observations", bad_id, {"id": bad_id, "item_id": ["x"], "text": "bad"})
    audit.flush()
    audit.file.close(compact=False)
    again = open_audit(made)
    assert again.get(Observation, bad_id) is None
    assert any(p.code == "change_refused" for p in again.problems)
    assert len(again.observations()) == 5
    again.close()


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'{"checksums": 5}'])
def test_a_damaged_cache_means_a_full_check_not_an_error(
    made: Path, scans: list[int], content: bytes
):
    path = made
    default_path().parent.mkdir(parents=True, exist_ok=True)
    default_path().write_bytes(content)
    audit = open_audit(path)
    assert len(scans) == 1 and len(audit.observations()) == 5
    audit.close()
    assert Stamps().holds(checksum_holds(path.read_bytes()))  # and the cache is good again


def test_a_cache_that_cannot_be_written_costs_time_not_the_audit(made: Path, scans: list[int]):
    path = made
    default_path().parent.parent.mkdir(parents=True, exist_ok=True)
    default_path().parent.write_text("a file where the cache folder should be")
    for _ in range(2):
        audit = open_audit(path)
        audit.add_observation("samarbete-af", "still saved")
        audit.close()
    assert len(scans) == 2  # each open checked whole: nothing could be stamped
    assert len(open_audit(path, read_only=True).observations()) == 7


def test_the_cache_keeps_the_newest_stamps_only(tmp_path: Path):
    stamps = Stamps(tmp_path / "validated.json")
    sums = [f"{i:064x}" for i in range(100)]
    for s in sums:
        stamps.add(s)
    assert stamps.holds(sums[-1]) and not stamps.holds(sums[0])
    kept = json.loads((tmp_path / "validated.json").read_text())
    assert kept["validator"] == fingerprint() and len(kept["checksums"]) == 64


def test_opening_a_validated_file_writes_nothing_to_the_cache(made: Path):
    open_audit(made).close()  # checked and stamped
    before = default_path().read_bytes(), default_path().stat().st_mtime_ns
    open_audit(made).close()
    open_audit(made, read_only=True)
    assert (default_path().read_bytes(), default_path().stat().st_mtime_ns) == before


def test_a_bad_record_with_a_long_key_is_set_aside_for_good(made: Path):
    """Messages cut a key to 60 characters; the record is found by its whole key."""
    key = "k" * 100
    _rewrite(
        made,
        lambda data: data["observations"].update(
            {key: {"id": key, "item_id": "samarbete-af", "text": 12345}}
        ),
    )
    for _ in range(3):  # set aside once, then gone: never live, never stamped while there
        audit = open_audit(made)
        assert audit.file.get("observations", key) is None
        audit.close()
    [aside] = open_audit(made, read_only=True).quarantined()
    assert aside.doc["id"] == key


def test_a_file_whose_quarantine_entry_fails_its_own_check_is_not_stamped(made: Path):
    _rewrite(made, lambda data: data.update({"t" * 200: {"x": {"id": "x"}}}))
    audit = open_audit(made)
    assert len(audit.set_aside) == 1  # the unknown table's record, set aside
    audit.close()
    assert not Stamps().holds(checksum_holds(made.read_bytes()))


def test_a_cache_nested_too_deep_to_read_is_an_empty_one(made: Path, scans: list[int]):
    default_path().parent.mkdir(parents=True, exist_ok=True)
    default_path().write_text("[" * 100_000 + "]" * 100_000)
    audit = open_audit(made)
    assert len(scans) == 1 and len(audit.observations()) == 5
    audit.close()
