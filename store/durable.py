"""One audit file on disk: a TinyDB JSON file plus a journal of changes beside it.

The audit file (`X.granska.json`, see `store.fileformat`) is only ever replaced
whole and atomically. Each edit is appended to the journal
(`X.granska.json.journal`, see `store.journal`) as one checksummed line and
fsynced, so saving an edit costs about one small write no matter how big the
audit is. On open the journal is replayed over the file; when idle and on
close the two are compacted into a new file generation. The files beside an
audit of generation G:

    X.granska.json               generation G
    X.granska.json.journal       header "continues G", then every change since
    X.granska.json.bak1..bak3    generations G-1, G-2, G-3
    X.granska.json.journal.prev  the journal that led from .bak1 to the file;
    .journal.prev2, .prev3       ... from .bak2 to .bak1, from .bak3 to .bak2

so every backup has its path forward (see `store.recovery`). One process at a
time may write (`store.locking`).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from store import journal as jr
from store.atomic import (
    atomic_write,
    clean_temporaries,
    copy_aside,
)
from store.errors import (
    AuditNotWritable,
    StoreError,
    disk_error,
)
from store.fileformat import (
    FORMAT_ID,
    FORMAT_TABLE,
    SCHEMA_VERSION,
    Doc,
    peek_generation,
    recorded_checksum,
    serialise,
)
from store.journalfile import JournalFile
from store.locking import AuditLock
from store.problems import Problem
from store.replay import Check, journal_paths, read_snapshot
from store.tables import MemoryTables
from store.validated import Stamps

__all__ = ["Check", "DurableFile", "journal_paths"]


class DurableFile(MemoryTables):
    """An audit's records in memory, saved through a journal, queried with TinyDB.

    `check(table, doc_id, doc)` is asked about every change replayed from the
    journal; a reason (not None) refuses the change: it is dropped like a
    damaged line, counted in `damaged_lines` and described in `problems`.

    `stamps` remembers files whose every record passed validation
    (`store.validated`): `already_validated()` says whether the file just read
    is one, `mark_valid()` is told when a full check passed, and from then on
    every change is checked as it is put, so that the file a compaction writes
    is stamped only when everything in it passed.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        create: bool = False,
        check: Check | None = None,
        stamps: Stamps | None = None,
    ):
        self.path = Path(path)
        paths = journal_paths(self.path)
        self.journal_path = paths[0]
        self.prev_journal_path = paths[1]
        self._journal_paths = paths
        self.read_only = read_only
        self.check = check
        self.stamps = stamps
        self.checksum: str | None = None
        """The SHA-256 the audit file on disk records: as read, then as last written."""
        self.valid = False
        """Whether every record in memory is known to pass `check` (see `mark_valid`)."""
        MemoryTables.__init__(self)
        self._io_lock = threading.Lock()
        self._pending: list[bytes] = []
        self._seq = 0
        self.saved_seq = 0
        self.generation = 0
        self._file_seq = 0  # the last change the audit file itself holds
        self.journal_lines = 0
        self.damaged_lines = 0
        self.problems: list[Problem] = []
        self._changed = False  # anything to compact since the file was last written
        self._repair = False  # the journal needs folding into a new file right after opening
        self._scan: jr.Scan | None = None
        self.migrated_from: int | None = None
        self._lock = AuditLock(self.path)
        self._journal = JournalFile(paths)
        self.closed = False
        if not read_only:
            self._acquire()
        try:
            if create:
                self._create()
            else:
                if not read_only:
                    clean_temporaries(self.path)
                self._load()
                self._check_schema()
                if not read_only:
                    self._settle()
            self.attach(self.data)
        except BaseException:
            self._release()
            raise

    # -- opening ---------------------------------------------------------------

    @property
    def lock_path(self) -> Path:
        """The lock file beside the audit."""
        return self._lock.path

    @property
    def owner_path(self) -> Path:
        """Who holds the lock: pid, host, user, since."""
        return self._lock.owner_path

    def owner(self) -> dict[str, Any]:
        """Who holds (or last held) this audit's lock."""
        return self._lock.owner()

    def _acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise disk_error(self.path.parent, exc, "create the folder") from None
        for target in (self.path, self.path.parent):
            if target.exists() and not os.access(target, os.W_OK):
                raise AuditNotWritable(
                    f"{target} is read-only for you; open the audit read-only or copy it",
                    path=str(target),
                )
        self._lock.acquire()

    def _release(self) -> None:
        self._journal.close()
        self._lock.release()

    def _create(self) -> None:
        if self.path.exists():
            raise StoreError(f"{self.path} already exists", "exists", path=str(self.path))
        self.data = {FORMAT_TABLE: {FORMAT_ID: {"schema_version": SCHEMA_VERSION}}}
        self.generation = 1
        try:
            # The journal first: an audit file of this format never exists without one.
            atomic_write(self.journal_path, jr.encode_header(1, 0))
            self._journal.note()
            atomic_write(self.path, serialise(self.data, seq=0, generation=1))
        except OSError as exc:
            for p in (self.path, self.journal_path):
                with contextlib.suppress(OSError):
                    p.unlink()
            raise disk_error(self.path, exc, "create the audit") from None

    def _load(self) -> None:
        snap = read_snapshot(self.path, read_only=self.read_only, check=self.check)
        self.data = snap.data
        self.generation = snap.header.generation
        self._file_seq = snap.header.seq
        self._seq = self.saved_seq = snap.seq
        self.checksum = snap.header.checksum
        self._scan = snap.scan
        self.journal_lines = snap.journal_lines
        self.damaged_lines = snap.damaged_lines
        self.problems = snap.problems
        self._repair = snap.repair

    def _problem(self, code: str, message: str, **params: Any) -> None:
        self.problems.append(Problem(code, message, {"file": self.path.name, **params}))

    def _settle(self) -> None:
        """Put the journal in order after a writable open (the file is locked).

        A journal with dropped lines is copied aside and folded into a new file
        at once; a torn tail alone is cut after the journal is copied aside; a
        journal left by an interrupted compaction is rotated as that compaction
        would have; a missing journal is started again.
        """
        scan = self._scan
        if self.migrated_from is not None:
            return  # the migration wrote a new file and started a new journal
        self._journal.note()
        try:
            if scan is None:
                self._journal.start(self.generation, self._seq, keep_old=False)
            elif self._repair:
                copy_aside(self.journal_path, "damaged", link=False)
                self._changed = True
                self.compact()
            else:
                if scan.torn:
                    copy_aside(self.journal_path, "damaged", link=False)
                    self._journal.cut_torn_tail(scan.good_end)
                if scan.header is not None and scan.header[0] < self.generation:
                    # A compaction was interrupted after writing the file: finish it.
                    old = scan.header[0]
                    fresh = self._journal.generation(self.prev_journal_path) != old
                    self._journal.start(self.generation, self._file_seq, keep_old=fresh)
        except OSError as exc:
            raise disk_error(
                self.path, exc, "open the audit for writing (its journal needs repair)"
            ) from None

    def _check_schema(self) -> None:
        from store.migrations import migrate

        version = int(self.data[FORMAT_TABLE][FORMAT_ID].get("schema_version", 0))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path.name} was written by a newer Granska (schema version {version}; "
                f"this version reads up to {SCHEMA_VERSION}); update Granska to open it",
                "newer_schema",
                file=self.path.name,
                version=version,
                supported=SCHEMA_VERSION,
            )
        if version < SCHEMA_VERSION:
            if self.read_only:
                if version >= 1:
                    return  # an older format with the same records: readable as it is
                raise StoreError(
                    f"{self.path.name} has schema version {version} and must be migrated; "
                    "open it for writing once",
                    "needs_migration",
                    file=self.path.name,
                    version=version,
                )
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            try:
                if not backup.exists():
                    atomic_write(backup, self.path.read_bytes())
                migrate(self.data, version)
                self.data[FORMAT_TABLE][FORMAT_ID]["schema_version"] = SCHEMA_VERSION
                self.migrated_from = version
                self._changed = True
                self.compact()
            except OSError as exc:
                raise disk_error(self.path, exc, "migrate the audit to the new format") from None

    # -- writing ---------------------------------------------------------------

    def put(self, table: str, doc_id: str, doc: Doc | None) -> int:
        """Store a whole document (None deletes it) in memory and queue its journal line.

        Returns the change's sequence number.
        """
        if self.read_only:
            name = self.path.name
            raise StoreError(f"{name} is open read-only", "read_only", file=name)
        if self.closed:
            raise StoreError(f"{self.path.name} is closed", "closed", file=self.path.name)
        with self._mem_lock:
            self._seq += 1
            line = jr.encode_line(self._seq, table, doc_id, doc)
            stored = json.loads(line[9:])["d"]
            if self.valid and self.check is not None and self.check(table, doc_id, stored):
                self.valid = False  # set aside at the next open, and never stamped
            self._apply(table, doc_id, stored)
            self._pending.append(line)
            return self._seq

    # -- validation ------------------------------------------------------------

    def already_validated(self) -> bool:
        """Whether the data read is known to pass `check` without checking it again: the
        file's bytes passed on this machine (a stamp), and every journal line replayed
        over them was checked as it was applied."""
        return (
            self.stamps is not None
            and self.check is not None
            and self.migrated_from is None
            and self.stamps.holds(self.checksum)
        )

    def mark_valid(self, *, stamp: bool = True) -> None:
        """Every record in memory passed `check` (the caller checked them all, or the
        file was `already_validated`: then `stamp` is False, it has its stamp).

        When memory holds exactly what the file holds, the file is stamped now;
        otherwise at the next compaction, if every change put until then passes.
        """
        with self._mem_lock:
            self.valid = True
            same_as_file = self._seq == self._file_seq
        if stamp and same_as_file and self.stamps is not None:
            self.stamps.add(self.checksum)

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

    def verify_lock(self) -> None:
        """Check that this process still holds the audit's lock (taking it again if its file
        was deleted); AuditLocked with code "lock_lost" when another process took it."""
        if not self.read_only and not self.closed:
            with self._io_lock:
                self._guard()

    def _guard(self) -> None:
        """Before writing (under the io lock): the lock is ours and the files are as we left them.

        When the lock file had been deleted and is taken again, another Granska may
        have written in between: then the audit is read again from disk and the
        changes still queued here are put on top. When the journal or the file was
        deleted, everything in memory is written as a new file.
        """
        retaken = self._lock.verify()
        if retaken and (
            self._journal.written_by_others() or peek_generation(self.path) != self.generation
        ):
            self._reload()
        elif not self._journal.intact() or not self.path.exists():
            self._problem(
                "journal_replaced",
                f"{self.journal_path.name} or the audit file was removed while open; "
                "everything was written to a new file",
                journal=self.journal_path.name,
            )
            self._changed = True
            self._compact()

    def _reload(self) -> None:
        snap = read_snapshot(self.path, read_only=True, check=self.check)
        with self._mem_lock:
            queued = [json.loads(line[9:]) for line in self._pending]
            self.data.clear()
            self.data.update(snap.data)  # the same dict: TinyDB reads through it
            self.generation, self._file_seq = snap.header.generation, snap.header.seq
            self._seq = self.saved_seq = snap.seq
            self.checksum = snap.header.checksum
            self.valid = False  # another Granska's file, not checked here
            self._pending = []
            for change in queued:
                self._seq += 1
                self._apply(change["t"], change["i"], change["d"])
                line = jr.encode_line(self._seq, change["t"], change["i"], change["d"])
                self._pending.append(line)
        self._journal.close()
        self._journal.note()
        self._problem(
            "changed_elsewhere",
            f"{self.path.name} was written by another Granska while its lock file was "
            "missing; it was read again and the changes not yet saved here put on top",
        )

    def flush(self) -> int:
        """Write and fsync every queued change; returns the sequence now on disk.

        The lock is checked before and after the write, so a change is only
        called saved while no other process could have taken the audit.
        """
        if self.closed:
            raise StoreError(f"{self.path.name} is closed", "closed", file=self.path.name)
        with self._io_lock:
            if not self._pending:
                return self.saved_seq
            self._guard()
            return self._flush()

    def _flush(self) -> int:
        with self._mem_lock:
            lines, seq = self._pending, self._seq
            self._pending = []
        if not lines:
            return self.saved_seq
        try:
            self._journal.append(b"".join(lines), self.generation, self._file_seq)
            self._lock.verify()
        except BaseException:
            with self._mem_lock:
                self._pending = lines + self._pending
            raise
        self.journal_lines += len(lines)
        self.saved_seq = seq
        self._changed = True
        return seq

    def compact(self) -> None:
        """Fold the journal into a new file generation, keeping the old one as a backup."""
        if self.read_only:
            return
        with self._io_lock:
            self._guard()
            self._compact()

    def _compact(self) -> None:
        # What is queued goes to the journal first, so that `.bak1` plus the journal
        # kept as `.journal.prev` is exactly the new file: recovery needs that path.
        self._flush()
        with self._mem_lock:
            seq = self._seq
            payload = serialise(self.data, seq=seq, generation=self.generation + 1)
            valid = self.valid
        atomic_write(self.path, payload, backup=True)
        self.checksum = recorded_checksum(payload)
        # Everything in the journal is in the new file, which records the last
        # sequence it holds, so a crash before the journal is replaced replays
        # nothing twice. It is kept as `.journal.prev`: `.bak1` plus it is the
        # file just replaced, so a damaged file loses no edit in recovery.
        self.generation += 1
        self._file_seq = seq
        self._journal.start(self.generation, seq)
        self.journal_lines = 0
        self._changed = False
        if valid and self.stamps is not None:  # last: a cache only, never in the way
            self.stamps.add(self.checksum)

    def close(self, *, compact: bool = True) -> None:
        """Flush, compact (unless `compact` is False) and release the lock.

        Without compaction the journal stays as it is, as after a crash; the next
        open replays it.
        """
        if self.closed:
            return
        if not self.read_only:
            # If this fails (disk full) the file stays open, locked and retryable:
            # nothing queued is dropped.
            self.flush()
            if compact and (self._changed or self.journal_lines):
                self.compact()  # opening and closing without edits keeps the backups
        self.closed = True
        self._release()

    def abandon(self) -> None:
        """Let go of the file without writing what is queued (a creation that failed half-way)."""
        self.closed = True
        self._release()

    def __enter__(self) -> DurableFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
