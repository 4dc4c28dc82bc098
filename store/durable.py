"""One audit file on disk: a TinyDB JSON file plus a journal of changes beside it.

The TinyDB file (`X.granska.json`) is only ever replaced whole and atomically
(temporary file, fsync, rename, folder fsync). Each edit is appended to the
journal (`X.granska.json.journal`) as one checksummed line and fsynced, so
saving an edit costs about one small write no matter how big the audit is. On
open the journal is replayed over the file; when idle and on close the two are
compacted into a new TinyDB file. One process at a time may write: a lock
file beside the audit, held by the operating system, is released when its
process dies, so a lock left by a crash is taken over without asking.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import filelock
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

SCHEMA_VERSION = 1
FORMAT_TABLE = "_granska"
BACKUPS = 3

Doc = dict[str, Any]
Data = dict[str, dict[str, Doc]]


class StoreError(Exception):
    """A problem with an audit file, with a message fit for the user."""


class CannotWrite(StoreError):
    """The audit can be read but not written here (locked, or no permission)."""


class AuditNotWritable(CannotWrite):
    """The audit file or its folder is read-only for this user."""


class AuditLocked(CannotWrite):
    """Another process is writing this audit."""

    def __init__(self, path: Path, owner: dict[str, Any]):
        self.path = path
        self.owner = owner
        who = ", ".join(
            f"{k} {owner[k]}" for k in ("pid", "host", "user") if owner.get(k) is not None
        )
        super().__init__(
            f"{path.name} is open in another Granska ({who or 'unknown process'}); "
            "close it there or open this audit read-only"
        )


class CorruptAudit(StoreError):
    """The audit file cannot be parsed; it is left untouched."""

    def __init__(self, path: Path, reason: str, backups: list[Path]):
        self.path = path
        self.backups = backups
        hint = f"; newest backup: {backups[0].name}" if backups else ""
        super().__init__(f"{path}: cannot be read ({reason}){hint}")


class _MemoryStorage(Storage):
    """TinyDB storage over the in-memory data; the file and journal are ours."""

    def __init__(self, data: Data):
        self.data = data

    def read(self) -> Data:
        return self.data

    def write(self, data: Data) -> None:  # pragma: no cover - we never write through TinyDB
        self.data = data


class _StrTable(Table):
    """A TinyDB table whose document ids are our UUID strings."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB types it int; ours are str


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, backup: bool = False) -> None:
    """Replace `path` with `data` atomically: temporary file, fsync, rename, folder fsync."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if backup and path.exists():
            _rotate_backups(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def backup_paths(path: Path) -> list[Path]:
    """The backups of an audit file, newest first, that exist."""
    return [
        p for n in range(1, BACKUPS + 1) if (p := path.with_name(f"{path.name}.bak{n}")).exists()
    ]


def _rotate_backups(path: Path) -> None:
    for n in range(BACKUPS, 1, -1):
        older = path.with_name(f"{path.name}.bak{n - 1}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.bak{n}"))
    newest = path.with_name(f"{path.name}.bak1")
    with contextlib.suppress(FileNotFoundError):
        newest.unlink()
    try:
        os.link(path, newest)  # the old file lives on under the backup name
    except OSError:
        newest.write_bytes(path.read_bytes())
        os.chmod(newest, 0o600)


def recover(path: Path) -> Path:
    """Put the newest readable backup in place of a damaged audit file; returns that backup.

    The damaged file is kept beside it (`.damaged-<time>`), never overwritten.
    """
    path = Path(path)
    lock = filelock.FileLock(str(path.with_name(path.name + ".lock")), timeout=0, mode=0o600)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise StoreError(f"{path.name} is open in another Granska; close it there first") from None
    try:
        for backup in backup_paths(path):
            try:
                data = json.loads(backup.read_bytes().decode("utf-8"))
            except (OSError, UnicodeDecodeError, ValueError):
                continue
            if not isinstance(data, dict) or FORMAT_TABLE not in data:
                continue
            stamp = time.strftime("%Y%m%d-%H%M%S")
            journal = path.with_name(path.name + ".journal")
            prev = path.with_name(path.name + ".journal.prev")
            changes = b""
            if backup.name.endswith(".bak1") and prev.exists():
                changes += prev.read_bytes()  # the edits between the backup and the lost file
            if journal.exists():
                changes += journal.read_bytes()
            if path.exists():
                os.replace(path, path.with_name(f"{path.name}.damaged-{stamp}"))
            atomic_write(path, backup.read_bytes())
            atomic_write(journal, changes)
            return backup
        raise StoreError(f"{path.name}: no readable backup to recover from")
    finally:
        lock.release()


def encode_line(seq: int, table: str, doc_id: str, doc: Doc) -> bytes:
    """One journal line: checksum, then the change as JSON."""
    body = json.dumps(
        {"s": seq, "t": table, "i": doc_id, "d": doc}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The change in a journal line, or None when the line is torn or damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:].rstrip(b"\n")
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        change = json.loads(body)
    except ValueError:
        return None
    if not (
        isinstance(change, dict)
        and isinstance(change.get("t"), str)
        and isinstance(change.get("i"), str)
        and isinstance(change.get("d"), dict | None)
    ):
        return None
    return change


def valid_data(data: Any) -> bool:
    """Whether parsed JSON has the shape of an audit: tables of documents."""
    return isinstance(data, dict) and all(
        isinstance(rows, dict) and all(isinstance(d, dict) for d in rows.values())
        for rows in data.values()
    )


def _owner_info() -> dict[str, Any]:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises various errors when no name exists
        user = None
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": user,
        "since": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


class DurableFile:
    """An audit's records in memory, saved through a journal, queried with TinyDB."""

    def __init__(self, path: Path, *, read_only: bool = False, create: bool = False):
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.prev_journal_path = self.path.with_name(self.path.name + ".journal.prev")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.owner_path = self.path.with_name(self.path.name + ".owner")
        self.read_only = read_only
        self._mem_lock = threading.RLock()
        self._io_lock = threading.Lock()
        self._pending: list[bytes] = []
        self._seq = 0
        self.saved_seq = 0
        self.journal_lines = 0
        self.damaged_lines = 0
        self._changed = False  # anything to compact since the file was last written
        self.migrated_from: int | None = None
        self._lock: filelock.BaseFileLock | None = None
        self._journal_fd: int | None = None
        self.closed = False
        if not read_only:
            self._acquire()
        try:
            if create:
                if self.path.exists():
                    raise StoreError(f"{self.path} already exists")
                self.data: Data = {FORMAT_TABLE: {"format": {"schema_version": SCHEMA_VERSION}}}
                atomic_write(self.path, self._serialise())
            else:
                if not read_only:
                    self._clean_temporaries()
                self.data = self._read_base()
                self._seq = _base_seq(self.data)
                self._replay_journal()
                self._check_schema()
            self.db = TinyDB(storage=_MemoryStorage, data=self.data)
            self.db.table_class = _StrTable
        except BaseException:
            self._release()
            raise

    # -- opening ---------------------------------------------------------------

    def _acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for target in (self.path, self.path.parent):
            if target.exists() and not os.access(target, os.W_OK):
                raise AuditNotWritable(
                    f"{target} is read-only for you; open the audit read-only or copy it"
                )
        lock = filelock.FileLock(str(self.lock_path), timeout=0, mode=0o600)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise AuditLocked(self.path, self.owner()) from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot take the lock ({exc.strerror})") from None
        self._lock = lock
        with contextlib.suppress(OSError):
            atomic_write(self.owner_path, json.dumps(_owner_info()).encode())

    def owner(self) -> dict[str, Any]:
        """Who holds (or last held) this audit's lock."""
        try:
            return json.loads(self.owner_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _release(self) -> None:
        if self._journal_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._journal_fd)
            self._journal_fd = None
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self.owner_path.unlink()
            self._lock.release()
            self._lock = None

    def _clean_temporaries(self) -> None:
        for tmp in self.path.parent.glob(f"{self.path.name}.tmp-*"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _read_base(self) -> Data:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"{self.path}: no such audit file") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read ({exc.strerror})") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise CorruptAudit(self.path, _short(exc), backup_paths(self.path)) from None
        if not valid_data(data):
            raise CorruptAudit(self.path, "not an audit file", backup_paths(self.path))
        if FORMAT_TABLE not in data:
            raise CorruptAudit(self.path, "not a Granska audit file", backup_paths(self.path))
        return data

    def _replay_journal(self) -> None:
        """Apply the journal over the file: lines the file already holds are skipped.

        A damaged line in the middle (a write that failed half-way and was appended
        to) is skipped and the lines after it still count; only a torn last line is
        cut off, after the journal is copied aside.
        """
        try:
            raw = self.journal_path.read_bytes()
        except FileNotFoundError:
            return
        base_seq = self._seq
        lines = raw.splitlines(keepends=True)
        good_end = 0
        for n, line in enumerate(lines):
            change = decode_line(line) if line.endswith(b"\n") else None
            if change is None:
                if n < len(lines) - 1:
                    self.damaged_lines += 1
                    good_end += len(line)
                    continue
                break  # a torn last write: everything before it counts
            seq = int(change.get("s", 0))
            if seq > base_seq:
                self._apply(change["t"], change["i"], change["d"])
            self._seq = max(self._seq, seq)
            self.journal_lines += 1
            good_end += len(line)
        self.saved_seq = self._seq
        if (good_end < len(raw) or self.damaged_lines) and not self.read_only:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            atomic_write(
                self.journal_path.with_name(f"{self.journal_path.name}.damaged-{stamp}"), raw
            )
            with open(self.journal_path, "r+b") as fh:
                fh.truncate(good_end)
                os.fsync(fh.fileno())

    def _check_schema(self) -> None:
        from store.migrations import migrate

        try:
            version = int(self.data[FORMAT_TABLE].get("format", {}).get("schema_version", 0))
        except (TypeError, ValueError, AttributeError):
            raise CorruptAudit(
                self.path, "its schema version is unreadable", backup_paths(self.path)
            ) from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path.name} was written by a newer Granska (schema version {version}; "
                f"this version reads up to {SCHEMA_VERSION}); update Granska to open it"
            )
        if version < SCHEMA_VERSION:
            if self.read_only:
                raise StoreError(
                    f"{self.path.name} has schema version {version} and must be migrated; "
                    "open it for writing once"
                )
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            if not backup.exists():
                atomic_write(backup, self.path.read_bytes())
            migrate(self.data, version)
            self.data[FORMAT_TABLE]["format"]["schema_version"] = SCHEMA_VERSION
            self.migrated_from = version
            self.compact()

    # -- reading ---------------------------------------------------------------

    def table(self, name: str) -> Table:
        """The TinyDB table `name`, for queries."""
        return self.db.table(name, cache_size=0)

    def search(self, table: str, cond: Any) -> list[Doc]:
        """Copies of the documents of a table that match a TinyDB query, read under the lock.

        Queries run on whichever thread asks (the UI, an export worker) while the UI
        may be editing, so they never iterate the live data unlocked.
        """
        with self._mem_lock:
            return [dict(d) for d in self.table(table).search(cond)]

    def get(self, table: str, doc_id: str) -> Doc | None:
        """A copy of one document, or None."""
        with self._mem_lock:
            doc = self.data.get(table, {}).get(doc_id)
            return dict(doc) if doc is not None else None

    def all(self, table: str) -> list[Doc]:
        """Copies of every document in a table, in insertion order."""
        with self._mem_lock:
            return [dict(d) for d in self.data.get(table, {}).values()]

    @contextlib.contextmanager
    def reading(self) -> Iterator[Data]:
        """Hold the memory lock while reading the raw data."""
        with self._mem_lock:
            yield self.data

    # -- writing ---------------------------------------------------------------

    def put(self, table: str, doc_id: str, doc: Doc) -> int:
        """Store a whole document in memory and queue its journal line; returns its sequence."""
        if self.read_only:
            raise StoreError(f"{self.path.name} is open read-only")
        if self.closed:
            raise StoreError(f"{self.path.name} is closed")
        with self._mem_lock:
            self._seq += 1
            line = encode_line(self._seq, table, doc_id, doc)
            self._apply(table, doc_id, json.loads(line[9:])["d"])
            self._pending.append(line)
            return self._seq

    def _apply(self, table: str, doc_id: str, doc: Doc | None) -> None:
        rows = self.data.setdefault(table, {})
        if doc is None:
            rows.pop(doc_id, None)
        else:
            rows[doc_id] = doc

    @property
    def dirty(self) -> bool:
        """Whether changes are queued that are not yet on disk."""
        return bool(self._pending)

    def flush(self) -> int:
        """Write and fsync every queued change; returns the sequence now on disk."""
        if self.closed:
            raise StoreError(f"{self.path.name} is closed")
        with self._io_lock:
            with self._mem_lock:
                lines, seq = self._pending, self._seq
                self._pending = []
            if not lines:
                return self.saved_seq
            try:
                fd = self._journal()
                payload = b"".join(lines)
                written = 0
                while written < len(payload):
                    written += os.write(fd, payload[written:])
                os.fsync(fd)
            except BaseException:
                with self._mem_lock:
                    self._pending = lines + self._pending
                # Drop a partial line so the next try starts on a clean line.
                if self._journal_fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(self._journal_fd)
                    self._journal_fd = None
                    with contextlib.suppress(OSError):
                        self._truncate_torn_tail()
                raise
            self.journal_lines += len(lines)
            self.saved_seq = seq
            self._changed = True
            return seq

    def _truncate_torn_tail(self) -> None:
        raw = self.journal_path.read_bytes()
        end = raw.rfind(b"\n") + 1
        if end < len(raw):
            with open(self.journal_path, "r+b") as fh:
                fh.truncate(end)
                os.fsync(fh.fileno())

    def _journal(self) -> int:
        if self._journal_fd is None:
            created = not self.journal_path.exists()
            if not created:
                self._truncate_torn_tail()  # never append after half a line
            self._journal_fd = os.open(
                self.journal_path,
                os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0),
                0o600,
            )
            if created:
                _fsync_dir(self.path.parent)
        return self._journal_fd

    def _serialise(self) -> bytes:
        with self._mem_lock:
            # The file records the last change it holds; replay skips journal lines up to it.
            self.data.setdefault(FORMAT_TABLE, {}).setdefault("format", {})["seq"] = self._seq
            return json.dumps(self.data, ensure_ascii=False, separators=(",", ":")).encode()

    def compact(self) -> None:
        """Fold the journal into a new TinyDB file, keeping the old one as a backup."""
        if self.read_only:
            return
        with self._io_lock:
            payload = self._serialise()
            atomic_write(self.path, payload, backup=True)
            if self._journal_fd is not None:
                os.close(self._journal_fd)
                self._journal_fd = None
            if self.journal_path.exists():
                # Everything in the journal is in the new file, which records the last
                # sequence it holds, so a crash before this move replays nothing twice.
                # It is kept as `.journal.prev`: the newest backup plus it is the file just
                # replaced, so a damaged file can be recovered without losing an edit.
                os.replace(self.journal_path, self.prev_journal_path)
                _fsync_dir(self.path.parent)
            self.journal_lines = 0
            self._changed = False

    def close(self) -> None:
        """Flush, compact and release the lock."""
        if self.closed:
            return
        if not self.read_only:
            # If this fails (disk full) the file stays open, locked and retryable:
            # nothing queued is dropped.
            self.flush()
            if self._changed or self.journal_lines:
                self.compact()  # opening and closing without edits keeps the backups
        self.closed = True
        self._release()

    def __enter__(self) -> DurableFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _base_seq(data: Data) -> int:
    try:
        return int(data.get(FORMAT_TABLE, {}).get("format", {}).get("seq", 0))
    except (TypeError, ValueError, AttributeError):
        return 0


def _short(exc: Exception) -> str:
    return str(exc).split("\n")[0][:120]


SaveCallback = Callable[[int], None]
ErrorCallback = Callable[[BaseException], None]


class Writer:
    """The one thread that writes an audit: flushes soon after each change, compacts when idle.

    Bursts of edits made while a flush is under way are written together by
    the next one, so a change waits at most one flush (well under a second).
    """

    def __init__(
        self,
        file: DurableFile,
        on_saved: SaveCallback | None = None,
        on_error: ErrorCallback | None = None,
        idle_compact: float = 30.0,
        compact_lines: int = 2000,
    ):
        self.file = file
        self.on_saved = on_saved
        self.on_error = on_error
        self.idle_compact = idle_compact
        self.compact_lines = compact_lines
        self._wake = threading.Event()
        self._stop = False
        self._last_change = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="granska-writer", daemon=True)
        self._thread.start()

    def changed(self) -> None:
        """Say that a change was queued."""
        self._last_change = time.monotonic()
        self._wake.set()

    def _run(self) -> None:
        retry = 0.0
        while not self._stop:
            self._wake.wait(timeout=retry or 1.0)
            self._wake.clear()
            if self._stop:
                break
            try:
                if self.file.dirty:
                    seq = self.file.flush()
                    if self.on_saved:
                        self.on_saved(seq)
                idle = time.monotonic() - self._last_change
                if self.file.journal_lines >= self.compact_lines or (
                    self.file.journal_lines and idle >= self.idle_compact
                ):
                    self.file.compact()
                retry = 0.0
            except Exception as exc:  # noqa: BLE001 - reported to the user, retried
                retry = 2.0
                if self.on_error:
                    self.on_error(exc)

    def stop(self) -> None:
        """Stop the thread (the file stays open)."""
        self._stop = True
        self._wake.set()
        self._thread.join(timeout=10)

    def close(self) -> None:
        """Stop the thread, then flush and close the file."""
        self.stop()
        self.file.close()
