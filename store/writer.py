"""The one thread that writes an open audit: flushes soon after each change, compacts when idle."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from store.durable import DurableFile

SaveCallback = Callable[[int], None]
ErrorCallback = Callable[[BaseException], None]


class Writer:
    """The one thread that writes an audit: flushes soon after each change, compacts when idle.

    Bursts of edits made while a flush is under way are written together by
    the next one, so a change waits at most one flush (well under a second).
    While idle it checks once a second that the audit's lock is still held, so
    a deleted lock file is taken again before another process can take it.
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
                else:
                    self.file.verify_lock()
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
