"""Evidence files in the store: attach, verify, tamper detection, refusal, carried by a merge.

Real files on disk, records read back through `Audit` after reopening.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import pytest

from store import Source, StoreError, open_audit
from store import evidence as ev
from tests.store_helpers import base_and_copy, new_audit


def _pdf(folder: Path, name: str = "Delårsrapport 2025.pdf", body: bytes = b"%PDF-1.4 x") -> Path:
    path = folder / name
    path.write_bytes(body)
    return path


def test_a_document_carries_its_file_with_checksum_after_reopening(tmp_path: Path):
    audit = new_audit(tmp_path / "ws")
    doc = audit.add_source("document", title="Delårsrapport", date="2025")
    original = _pdf(tmp_path)
    audit.attach_evidence(doc.id, original)
    path = audit.path
    audit.close()
    again = open_audit(path)
    read = again.get(Source, doc.id)
    sha = hashlib.sha256(original.read_bytes()).hexdigest()
    assert read.evidence_sha256 == sha
    assert read.evidence_name == "Delårsrapport 2025.pdf"
    assert read.evidence == f"{sha[:16]}-Delårsrapport 2025.pdf"
    stored = again.evidence_path(doc.id)
    assert stored.parent == path.with_name(f"{path.stem}.evidence")
    assert stored.read_bytes() == original.read_bytes()
    if stored.stat().st_mode & 0o777 != 0o600:
        pytest.fail(f"evidence file mode {stat.filemode(stored.stat().st_mode)}")
    assert any(
        c.get("field") == "evidence_sha256" for h in again.history() for c in h.get("changes", [h])
    )
    again.close()


def test_a_changed_file_is_refused_when_opened(tmp_path: Path):
    audit = new_audit(tmp_path / "ws")
    doc = audit.add_source("document", title="Protokoll")
    audit.attach_evidence(doc.id, _pdf(tmp_path))
    stored = audit.evidence_path(doc.id)
    stored.chmod(0o600)
    stored.write_bytes(b"%PDF-1.4 forged")
    with pytest.raises(StoreError) as err:
        audit.evidence_path(doc.id)
    assert err.value.code == "evidence_damaged"
    stored.unlink()
    with pytest.raises(StoreError) as err:
        audit.evidence_path(doc.id)
    assert err.value.code == "evidence_missing"
    assert err.value.params["file"] == stored.name
    audit.close()


def test_an_interview_a_missing_file_and_a_folder_are_refused(tmp_path: Path):
    audit = new_audit(tmp_path / "ws")
    interview = audit.add_source("interview", role="Chef")
    doc = audit.add_source("document", title="Plan")
    for sid, path, code in [
        (interview.id, _pdf(tmp_path), "evidence_not_document"),
        (doc.id, tmp_path / "nothing.pdf", "evidence_missing"),
        (doc.id, tmp_path, "evidence_missing"),
        ("nope", _pdf(tmp_path), "no_source"),
    ]:
        with pytest.raises(StoreError) as err:
            audit.attach_evidence(sid, path)
        assert err.value.code == code
    assert audit.get(Source, doc.id).evidence == ""
    assert not ev.folder(audit.path).exists()
    audit.close()


def test_a_file_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ev, "MAX_BYTES", 5)
    audit = new_audit(tmp_path / "ws")
    doc = audit.add_source("document", title="Plan")
    with pytest.raises(StoreError) as err:
        audit.attach_evidence(doc.id, _pdf(tmp_path))
    assert err.value.code == "evidence_too_large"
    audit.close()


def test_replacing_an_attachment_keeps_the_old_file(tmp_path: Path):
    audit = new_audit(tmp_path / "ws")
    doc = audit.add_source("document", title="Plan")
    audit.attach_evidence(doc.id, _pdf(tmp_path, "a.pdf", b"one"))
    first = audit.evidence_path(doc.id)
    audit.attach_evidence(doc.id, _pdf(tmp_path, "b.xlsx", b"two"))
    second = audit.evidence_path(doc.id)
    assert second != first and first.read_bytes() == b"one" and second.read_bytes() == b"two"
    assert audit.get(Source, doc.id).evidence_name == "b.xlsx"
    audit.close()


def test_a_merge_brings_the_colleagues_attachment_and_refuses_a_bad_one(tmp_path: Path):
    mine_path, theirs_path, _ = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path)
    doc = theirs.add_source("document", title="Budget", date="2026")
    theirs.attach_evidence(doc.id, _pdf(tmp_path, "budget.xlsx", b"cells"))
    good = theirs.evidence_path(doc.id)
    theirs.close()
    forged = ev.folder(theirs_path) / ("0" * 16 + "-forged.pdf")
    forged.write_bytes(b"not what the name says")
    mine = open_audit(mine_path)
    result = mine.import_copy(theirs_path)
    assert result.evidence_copied == [good.name]
    assert result.evidence_refused == [(forged.name, "checksum differs")]
    assert mine.evidence_path(doc.id).read_bytes() == b"cells"
    assert not (ev.folder(mine_path) / forged.name).exists()
    mine.close()


def test_a_damaged_file_in_their_copy_is_not_copied(tmp_path: Path):
    mine_path, theirs_path, _ = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path)
    doc = theirs.add_source("document", title="Budget")
    theirs.attach_evidence(doc.id, _pdf(tmp_path, "budget.xlsx", b"cells"))
    stored = theirs.evidence_path(doc.id)
    theirs.close()
    stored.write_bytes(b"cellz")
    mine = open_audit(mine_path)
    result = mine.import_copy(theirs_path)
    assert result.evidence_copied == []
    assert [name for name, _ in result.evidence_refused] == [stored.name]
    with pytest.raises(StoreError) as err:
        mine.evidence_path(doc.id)
    assert err.value.code == "evidence_missing"
    mine.close()


def test_safe_names_keep_the_extension(tmp_path: Path):
    unsafe = ev.safe_name("../../etc/passwd")
    assert "/" not in unsafe and not unsafe.startswith(".")
    long = ev.safe_name("x" * 300 + ".pdf")
    assert long.endswith(".pdf") and len(long) <= 80
    shutil.rmtree(tmp_path, ignore_errors=True)
