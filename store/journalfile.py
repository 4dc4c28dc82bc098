"""The journal on disk that one writer appends to, and the older journals kept beside it.

It knows which file (inode) it appends to and how long that file is, so the
writer can tell when the journal was deleted, replaced or written by someone
else while the audit was open.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from store import journal as jr
from store.atomic import atomic_write, fsync_dir, rotate


class JournalFile:
    """`<audit>.journal` as this writer knows it, with `.prev`, `.prev2`, ... behind it."""

    def __init__(self, paths: list[Path]):
        self.path = paths[0]
        self.older = paths[1:]
        self._fd: int | None = None
        self._ino: int | None = None
        self._end = 0  # its size after this writer's last write

    def note(self) -> None:
        """Take the journal now on disk as this writer's own."""
        try:
            st = os.stat(self.path)
        except OSError:
            self._ino, self._end = None, 0
            return
        self._ino, self._end = st.st_ino, st.st_size

    def intact(self) -> bool:
        """Whether the journal on disk is the one this writer appends to."""
        try:
            return os.stat(self.path).st_ino == self._ino
        except OSError:
            return False

    def written_by_others(self) -> bool:
        """Whether the journal exists but was replaced or grew since this writer's last write."""
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        return st.st_ino != self._ino or st.st_size != self._end

    def generation(self, path: Path | None = None) -> int | None:
        """The file generation a journal says it continues (None: no header, or no journal)."""
        try:
            with open(path or self.path, "rb") as fh:
                first = fh.readline()
        except OSError:
            return None
        header = jr.decode_header(first)
        return header[0] if header else None

    def append(self, payload: bytes, generation: int, seq: int) -> None:
        """Append whole lines and fsync; a missing journal is started with its header first."""
        if self._fd is None:
            if not self.path.exists():
                atomic_write(self.path, jr.encode_header(generation, seq))
                self.note()
            else:
                self.cut_torn_tail()  # never append after half a line
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
        try:
            written = 0
            while written < len(payload):
                written += os.write(self._fd, payload[written:])
            os.fsync(self._fd)
        except BaseException:
            # Drop a partial line so the next try starts on a clean line.
            self.close()
            with contextlib.suppress(OSError):
                self.cut_torn_tail()
            raise
        self._end += len(payload)

    def cut_torn_tail(self, end: int | None = None) -> None:
        """Cut the journal after its last whole line (or at `end`)."""
        raw = self.path.read_bytes()
        if end is None:
            end = raw.rfind(b"\n") + 1
        if end < len(raw):
            with open(self.path, "r+b") as fh:
                fh.truncate(end)
                os.fsync(fh.fileno())
        self.note()

    def start(self, generation: int, seq: int, *, keep_old: bool = True) -> None:
        """Keep the journal as `.journal.prev` (older ones move down) and start a new one.

        The journal path is replaced atomically, so it never goes missing.
        """
        self.close()
        if keep_old and self.path.exists():
            rotate(self.path, self.older)
        atomic_write(self.path, jr.encode_header(generation, seq))
        fsync_dir(self.path.parent)
        self.note()

    def close(self) -> None:
        """Close the descriptor (the next append opens the journal again)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
