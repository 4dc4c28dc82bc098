"""One writer per audit, even when its lock file is deleted or the file system has no flock;
readers see every saved edit, even during compactions."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from store import AuditLocked, open_audit
from store.durable import DurableFile
from tests.store_helpers import new_audit

ROOT = Path(__file__).parents[1]

NO_FLOCK = textwrap.dedent("""
    import errno, fcntl
    def flock(fd, op):  # a file system without flock (some network shares)
        raise OSError(errno.ENOSYS, "Function not implemented")
    fcntl.flock = flock
""")

TRY_OPEN = textwrap.dedent("""
    import sys
    from store import AuditLocked, open_audit
    try:
        a = open_audit(sys.argv[1])
    except AuditLocked as exc:
        print("locked", exc.code, exc.params.get("pid"), flush=True)
    else:
        print("opened", len(a.observations()), flush=True)
        if len(sys.argv) > 2:
            sys.stdin.readline()  # hold the audit until told
        a.close()
""")


def run(code: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_deleted_lock_file_lets_no_second_writer_in(workspace: Path):
    audit = new_audit(workspace)
    audit.add_observation("samarbete-af", "sparad före")
    audit.file.flush()
    audit.file.lock_path.unlink()
    assert run(TRY_OPEN, str(audit.path)).split()[:2] == ["locked", "locked"]
    audit.add_observation("samarbete-af", "sparad efter")
    audit.file.flush()  # the holder takes its lock again before writing
    assert audit.file.lock_path.exists()
    assert run(TRY_OPEN, str(audit.path)).split()[:2] == ["locked", "locked"]
    path = audit.path
    audit.close()
    assert run(TRY_OPEN, str(path)) == "opened 2"


def test_the_first_writer_notices_a_takeover_and_keeps_every_saved_edit(workspace: Path):
    audit = new_audit(workspace)
    audit.add_observation("samarbete-af", "sparad före")
    audit.file.flush()
    audit.file.lock_path.unlink()
    audit.file.owner_path.unlink()  # nothing left to say who holds it: a second writer gets in
    child = subprocess.Popen(
        [sys.executable, "-c", TRY_OPEN, str(audit.path), "hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout.readline().split() == ["opened", "1"]  # it has the saved edit
    audit.add_observation("samarbete-af", "inte sparad")
    with pytest.raises(AuditLocked) as info:
        audit.file.flush()
    assert info.value.code == "lock_lost" and audit.file.dirty  # not called saved
    child.stdin.write("\n")
    child.stdin.flush()
    child.wait(timeout=30)  # the other writer closes: it compacted the audit
    audit.file.flush()  # the lock is free again: read again from disk, queued edit on top
    assert [p.code for p in audit.file.problems] == ["changed_elsewhere"]
    audit.close()
    texts = sorted(o.text for o in open_audit(audit.path, read_only=True).observations())
    assert texts == ["inte sparad", "sparad före"]


def test_a_stale_lock_without_flock_is_taken_over(workspace: Path, monkeypatch):
    audit = new_audit(workspace)
    path = audit.path
    audit.close()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    lock = path.with_name(path.name + ".lock")
    owner = path.with_name(path.name + ".owner")
    import fcntl

    def no_flock(fd, op):
        raise OSError(errno.ENOSYS, "Function not implemented")

    monkeypatch.setattr(fcntl, "flock", no_flock)
    # An empty lock left by a session that died, named in the owner record.
    lock.write_bytes(b"")
    owner.write_text(json.dumps({"pid": dead_pid, "host": socket.gethostname(), "user": "x"}))
    again = open_audit(path)
    assert again.meta.title == "Granskning"
    again.close()
    # An empty lock with no owner record at all, left long ago.
    lock.write_bytes(b"")
    owner.unlink(missing_ok=True)
    old = time.time() - 3600
    os.utime(lock, (old, old))
    again = open_audit(path)
    again.close()


def test_a_live_lock_without_flock_names_its_holder(workspace: Path):
    audit = new_audit(workspace)
    path = audit.path
    audit.close()
    old = time.time() - 3600  # the empty lock file of an earlier session stays behind
    os.utime(path.with_name(path.name + ".lock"), (old, old))
    child = subprocess.Popen(
        [sys.executable, "-c", NO_FLOCK + TRY_OPEN, str(path), "hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout.readline().split()[0] == "opened"
    out = run(NO_FLOCK + TRY_OPEN, str(path))
    assert out == f"locked locked {child.pid}"
    child.stdin.write("\n")
    child.stdin.flush()
    child.wait(timeout=30)
    assert run(NO_FLOCK + TRY_OPEN, str(path)).startswith("opened")


WRITER = textwrap.dedent("""
    import sys
    from store import open_audit
    a = open_audit(sys.argv[1])
    print("ready", flush=True)
    for i in range(100000):
        a.add_observation("samarbete-af", f"nr {i}")
        a.file.flush()
        print(i, flush=True)  # saved
        if i % 3 == 2:
            a.file.compact()
""")


@pytest.mark.slow
def test_readers_during_compactions_see_every_saved_edit(workspace: Path):
    audit = new_audit(workspace)
    path = audit.path
    audit.close()
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert child.stdout.readline().strip() == "ready"
    saved = [-1]

    def follow() -> None:
        for line in child.stdout:
            saved[0] = int(line)

    threading.Thread(target=follow, daemon=True).start()
    reads = missed = 0
    deadline = time.monotonic() + 6
    try:
        while time.monotonic() < deadline:
            before = saved[0]  # every edit up to here was saved before this read began
            reader = DurableFile(path, read_only=True)
            texts = {d["text"] for d in reader.all("observations")}
            reads += 1
            missed += any(f"nr {i}" not in texts for i in range(max(0, before - 20), before + 1))
            assert reader.problems == [], reader.problems
    finally:
        child.kill()
        child.wait()
    assert reads > 50 and saved[0] > 30
    assert missed == 0, f"{missed} of {reads} reads missed saved edits"
