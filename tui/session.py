"""The open audit in the app: edits go to memory at once, to disk through one writer thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store import Audit, open_audit, records
from store.writer import Writer
from tui.errors import describe


class AuditSession:
    """An audit and the single thread that writes it; reports saves back to the UI."""

    def __init__(self, audit: Audit, on_status: Callable[[str, str], None]):
        self.audit = audit
        self._on_status = on_status
        self.writer: Writer | None = None
        self.last_error: str = ""
        if not audit.read_only:
            self.writer = audit.writer(on_saved=self._saved, on_error=self._error)
            audit.on_change = self._changed

    @classmethod
    def open(
        cls, path: Path, on_status: Callable[[str, str], None], *, read_only: bool = False
    ) -> AuditSession:
        """Open an audit file (raises StoreError / AuditLocked with a clear message)."""
        return cls(open_audit(path, read_only=read_only), on_status)

    def _changed(self) -> None:
        self._on_status("saving", "")
        if self.writer:
            self.writer.changed()

    def _saved(self, seq: int) -> None:
        # Runs on the writer thread; on_status must hop to the UI thread itself.
        if self.audit.saved_seq >= seq and not self.audit.dirty:
            self.last_error = ""
            self._on_status("saved", records.now()[11:19])

    def _error(self, exc: BaseException) -> None:
        self.last_error = describe(exc)
        self._on_status("error", self.last_error)

    def flush(self) -> None:
        """Write everything queued now (used before export and on quit)."""
        if not self.audit.read_only:
            self.audit.flush()

    def close(self) -> None:
        """Flush, compact and release the audit; on failure it stays open and saving."""
        if self.writer:
            self.writer.stop()
        try:
            self.audit.close()
        except BaseException:
            if self.writer:  # keep saving in the background; the user may retry
                self.writer = self.audit.writer(on_saved=self._saved, on_error=self._error)
            raise
        self.audit.on_change = None
