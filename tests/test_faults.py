"""Faults: a writer killed at random moments, a full disk, read-only files, damaged files."""

from __future__ import annotations

import errno
import os
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from store import (
    AuditNotWritable,
    CorruptAudit,
    StoreError,
    open_audit,
    recover,
)
from store.durable import DurableFile
from tests.store_helpers import new_audit

ROOT = Path(__file__).parents[1]
KILLS = 200


WRITER = textwrap.dedent("""
    import sys
    from store import open_audit
    a = open_audit(sys.argv[1])
    n = sys.argv[2]
    print("ready", flush=True)
    for i in range(1_000_000):
        a.add_observation("samarbete-af", f"{n}-{i}-" + "x" * 500)
        a.file.flush()
        print(f"{n}-{i}", flush=True)  # reported saved only after the fsync
        if i % 53 == 52:
            a.file.compact()
""")


def test_writer_killed_200_times_never_loses_a_saved_edit(workspace: Path):
    audit = new_audit(workspace)
    path = audit.path
    audit.close()
    rng = random.Random(2026)
    saved: set[str] = set()
    for n in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(n)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.random() * 0.08)
        child.kill()
        out, _ = child.communicate()
        saved.update(line for line in out.splitlines() if line)
        reader = DurableFile(path, read_only=True)  # the file always opens
        texts = {d["text"].rsplit("-", 1)[0] for d in reader.all("observations")}
        missing = saved - texts
        assert not missing, f"kill {n}: lost {sorted(missing)[:3]}"
    assert len(saved) > KILLS  # the writer got work done between kills
    assert not list(workspace.glob("*.tmp-*")) or open_audit(path).close() is None
    assert not list(workspace.glob("*.tmp-*"))  # cleaned on the next writable open


DISK_FULL = textwrap.dedent("""
    import errno, resource, signal, sys
    from store import open_audit
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    a = open_audit(sys.argv[1])
    a.add_observation("samarbete-af", "före gränsen")
    a.file.flush()
    size = a.file.journal_path.stat().st_size
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 2000, hard))
    saved = 0
    try:
        for i in range(100):
            a.add_observation("samarbete-af", f"efter {i} " + "y" * 400)
            a.file.flush()
            saved += 1
    except OSError as exc:
        print("error", errno.errorcode.get(exc.errno), saved, flush=True)
    # The process keeps running; the data already saved stays on disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    a.file.flush()  # the disk has room again: what was queued is written now
    print("recovered", len(a.observations("samarbete-af")), flush=True)
    a.file.close(compact=False)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="resource.setrlimit is POSIX")
def test_disk_full_is_an_error_and_loses_nothing(workspace: Path):
    audit = new_audit(workspace)
    path = audit.path
    audit.close()
    result = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    kind, code, saved = lines[0].split()
    assert kind == "error" and code == "EFBIG"
    assert 0 <= int(saved) < 100
    total = int(lines[1].split()[1])
    reader = open_audit(path, read_only=True)
    texts = [o.text for o in reader.observations("samarbete-af")]
    assert texts[0] == "före gränsen"
    assert len(texts) == total == int(saved) + 2  # saved ones, the failed one retried
    # the journal has no torn line: its header and every line decode
    from store.journal import scan

    journal = scan(reader.file.journal_path.read_bytes())
    assert journal.header and not journal.dropped and not journal.torn


def test_read_only_audit_is_refused_for_writing_and_opens_read_only(workspace: Path, monkeypatch):
    audit = new_audit(workspace, "Fel")
    path = audit.path
    audit.close()
    real_access = os.access

    def access(target, mode, *args, **kwargs):  # as root, permission bits do not stop us
        if Path(target) == path and mode == os.W_OK:
            return False
        return real_access(target, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    before = path.read_bytes()
    with pytest.raises(AuditNotWritable, match="read-only"):
        open_audit(path)
    reader = open_audit(path, read_only=True)
    assert reader.meta.title == "Fel"
    assert path.read_bytes() == before


def test_damaged_file_is_recovered_from_the_newest_backup(workspace: Path):
    audit = new_audit(workspace)
    audit.add_observation("samarbete-af", "första")
    audit.file.compact()
    audit.add_observation("samarbete-af", "andra")
    path = audit.path
    audit.close()  # compaction: backups hold the earlier versions
    path.write_bytes(path.read_bytes()[:100])  # a damaged file
    (path.with_name(path.name + ".journal")).write_bytes(b"")
    with pytest.raises(CorruptAudit):
        open_audit(path)
    used = recover(path)
    assert used.name.endswith(".bak1")
    damaged = list(workspace.glob("*.damaged-*"))
    assert len(damaged) == 1 and len(damaged[0].read_bytes()) == 100
    again = open_audit(path)
    assert [o.text for o in again.observations()] == ["första", "andra"]
    again.close()


def test_no_backup_means_a_clear_error(workspace: Path):
    path = workspace / "x-00000000.granska.json"
    path.write_text("{broken")
    with pytest.raises(StoreError, match="no readable backup"):
        recover(path)
    assert path.read_text() == "{broken"


def test_temporaries_left_by_a_crash_are_cleaned(workspace: Path):
    audit = new_audit(workspace)
    path = audit.path
    audit.close()
    leftover = path.with_name(path.name + ".tmp-999-1")
    leftover.write_bytes(b"half a file")
    reader = open_audit(path, read_only=True)  # a reader never deletes anything
    reader.close()
    assert leftover.exists()
    writer = open_audit(path)
    writer.close()
    assert not leftover.exists()


def test_a_failed_flush_keeps_the_change_queued(workspace: Path, monkeypatch):
    audit = new_audit(workspace)
    audit.add_observation("samarbete-af", "väntar")
    real_write = os.write
    calls = {"n": 0}

    def failing_write(fd, data):
        calls["n"] += 1
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", failing_write)
    with pytest.raises(OSError):
        audit.file.flush()
    assert audit.file.dirty
    monkeypatch.setattr(os, "write", real_write)
    audit.file.flush()
    assert not audit.file.dirty
    reader = open_audit(audit.path, read_only=True)
    assert [o.text for o in reader.observations()] == ["väntar"]
    audit.close()


LIMITED = textwrap.dedent("""
    import resource, signal, sys
    from pathlib import Path
    from store import StoreError
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    limit, what, target = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        if what == "open":
            from store import open_audit
            open_audit(target).close()
        elif what == "create":
            from tests.store_helpers import new_audit
            new_audit(target).close()
        else:
            from granska.demo import ensure_demo
            ensure_demo(target)
    except StoreError as exc:
        print(exc.code, str(exc), flush=True)
    else:
        print("ok", flush=True)
""")


def run_limited(limit: int, what: str, target: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, str(limit), what, str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout.strip()


@pytest.mark.skipif(sys.platform == "win32", reason="resource.setrlimit is POSIX")
def test_a_full_disk_when_opening_an_audit_with_a_torn_journal_is_a_message(workspace: Path):
    audit = new_audit(workspace)
    for i in range(20):
        audit.add_observation("samarbete-af", f"nr {i} " + "z" * 200)
    audit.file.flush()
    path, journal = audit.path, audit.file.journal_path
    audit.file.close(compact=False)
    with open(journal, "ab") as fh:
        fh.write(b'0badc0de {"s":99,"t":"obs')  # a crash in the middle of a write
    out = run_limited(journal.stat().st_size // 2, "open", path)  # no room to copy it aside
    assert out.startswith("disk_full ") and "read-only" not in out and path.name in out
    reader = open_audit(path, read_only=True)
    assert len(reader.observations()) == 20  # nothing was lost
    again = open_audit(path)  # not left locked
    again.close()


@pytest.mark.skipif(sys.platform == "win32", reason="resource.setrlimit is POSIX")
@pytest.mark.parametrize("limit", [150, 3000])
def test_a_full_disk_when_creating_an_audit_is_a_message_and_leaves_nothing(
    workspace: Path, limit: int
):
    out = run_limited(limit, "create", workspace)
    assert out.startswith("disk_full "), out
    assert list(workspace.iterdir()) == []  # no half audit, no stray lock


@pytest.mark.skipif(sys.platform == "win32", reason="resource.setrlimit is POSIX")
@pytest.mark.parametrize("limit", [150, 20_000, 38_000])
def test_a_full_disk_on_the_first_run_is_a_message(tmp_path: Path, limit: int):
    out = run_limited(limit, "first-run", tmp_path / "ny")
    assert out.startswith("disk_full "), out
