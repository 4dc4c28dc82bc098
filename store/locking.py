"""One writer per audit: a lock file beside it, and who holds it.

The lock is `filelock`'s: an operating-system lock (flock, or Windows' own)
that dies with its process, so a crash never leaves an audit locked. Two
things the operating system does not cover are handled here:

- the lock file deleted while the audit is open: the holder checks before and
  after each write that the lock file is still the one it locked, takes it
  again when it is gone, and stops writing when another process has it; a
  second writer refuses to start while the holder named in `.owner` is alive
  and the lock file it locked is gone;
- a file system without flock, where filelock falls back to a lock that is a
  file's existence: a lock left by a dead process (named in `.owner`, or
  recording nobody and older than a few seconds) is stale and taken over.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import time
from pathlib import Path
from typing import Any

import filelock

from store.atomic import atomic_write
from store.errors import AuditLocked, StoreError, disk_error

STALE_EMPTY_LOCK_SECONDS = 2.0  # as filelock judges a marker with no record


def _pid_alive(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _owner_info(identity: tuple[int, int] | None) -> dict[str, Any]:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises various errors when no name exists
        user = None
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": user,
        "since": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "lock": list(identity) if identity else None,
    }


class AuditLock:
    """The lock of one audit file (`<audit>.lock`), with its owner record (`<audit>.owner`)."""

    def __init__(self, audit_path: Path):
        self.audit_path = audit_path
        self.path = audit_path.with_name(audit_path.name + ".lock")
        self.owner_path = audit_path.with_name(audit_path.name + ".owner")
        self._lock: filelock.BaseFileLock | None = None
        self._identity: tuple[int, int] | None = None

    @property
    def held(self) -> bool:
        """Whether this process holds the lock (as far as it knows)."""
        return self._lock is not None

    def owner(self) -> dict[str, Any]:
        """Who holds (or last held) this audit's lock."""
        try:
            info = json.loads(self.owner_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return info if isinstance(info, dict) else {}

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def _try(self) -> filelock.BaseFileLock | None:
        lock = filelock.FileLock(str(self.path), timeout=0, mode=0o600)
        try:
            lock.acquire()
        except filelock.Timeout:
            return None
        except OSError as exc:
            raise disk_error(self.audit_path, exc, "take the lock") from None
        return lock

    def _stale(self) -> bool:
        """Whether a lock we could not take is a marker left by a dead process (no flock here)."""
        try:
            st = os.stat(self.path)
            content = self.path.read_bytes()[:200]
        except OSError:
            return False
        if content.strip() or not self._marker_lock():
            return False  # filelock's own record (it judges a dead holder itself), or flock
        owner = self.owner()
        if owner.get("pid") is not None and owner.get("host") == socket.gethostname():
            return not _pid_alive(owner["pid"])
        return not owner and time.time() - st.st_mtime > STALE_EMPTY_LOCK_SECONDS

    def _marker_lock(self) -> bool:
        """Whether the lock file is an existence marker (no flock on this file system)."""
        try:
            import fcntl
        except ImportError:  # Windows: the OS lock never leaves a stale holder
            return False
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as exc:
            import errno

            return exc.errno in (errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOLCK)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False  # flock works and nobody holds it: not a held OS lock either
        finally:
            os.close(fd)

    def acquire(self) -> None:
        """Take the lock; AuditLocked names the holder when another process has it."""
        lock = self._try()
        if lock is None and self._stale():
            with contextlib.suppress(OSError):
                self.path.unlink()
            lock = self._try()
        if lock is None:
            raise AuditLocked(self.audit_path, self.owner())
        owner = self.owner()
        if (
            owner.get("pid") not in (None, os.getpid())
            and owner.get("host") == socket.gethostname()
            and _pid_alive(owner.get("pid"))
            and owner.get("lock")
            and tuple(owner["lock"]) != self._stat()
        ):
            # The holder is alive but the lock file it locked was deleted: it still writes.
            lock.release()
            raise AuditLocked(self.audit_path, owner)
        self._take(lock)

    def _take(self, lock: filelock.BaseFileLock) -> None:
        self._lock = lock
        self._identity = self._stat()
        with contextlib.suppress(OSError):
            atomic_write(self.owner_path, json.dumps(_owner_info(self._identity)).encode())

    def verify(self) -> bool:
        """Check that the lock file is still the one this process locked; take it again if gone.

        Returns whether it had to be taken again (another process may have
        written meanwhile). Raises AuditLocked (code "lock_lost") when another
        process holds it now: nothing more may be written here.
        """
        if self._lock is None:
            raise StoreError(f"{self.audit_path.name} is not locked for writing", "not_locked")
        if self._stat() == self._identity:
            return False
        old = self._lock
        lock = self._try()
        if lock is None:
            raise AuditLocked(self.audit_path, self.owner(), code="lock_lost")
        with contextlib.suppress(OSError, RuntimeError):
            old.release()
        self._take(lock)
        return True

    def release(self) -> None:
        """Let go of the lock (and the owner record, when it is ours)."""
        if self._lock is None:
            return
        if self.owner().get("pid") == os.getpid():
            with contextlib.suppress(OSError):
                self.owner_path.unlink()
        with contextlib.suppress(OSError):
            self._lock.release()
        self._lock = None
        self._identity = None
