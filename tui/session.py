"""The open audit in the app: edits go to memory at once, to disk through one writer thread.

The session is also the one place that announces a change of the audit to the
screens: every save (the auditor's own edit, a merge in a worker thread, a template
upgrade) ends in `changed` being published once on the UI thread, however many
records changed in between. Widgets that show the audit subscribe to it; nobody
refreshes by hand after an edit.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from textual.signal import Signal

from store import Audit, Observation, SearchIndex, open_audit, records
from store.factcheck import fact_checks
from store.records import FactCheck, FactCheckStatus, Record
from store.writer import Writer
from tui.errors import describe

if TYPE_CHECKING:
    from textual.dom import DOMNode

ItemState = Literal["empty", "observations", "assessed"]


class AuditSession:
    """An audit and the single thread that writes it; reports saves back to the UI."""

    def __init__(
        self,
        audit: Audit,
        on_status: Callable[[str, str], None],
        owner: DOMNode | None = None,
    ):
        self.audit = audit
        self._on_status = on_status
        self.writer: Writer | None = None
        self.last_error: str = ""
        self.generation = 0
        """Counts announced changes; a widget compares it to what it last drew."""
        self.changed: Signal[AuditSession] | None = (
            Signal(owner, "audit-changed") if owner is not None else None
        )
        self._loop = asyncio.get_running_loop() if owner is not None else None
        self._ui_thread = threading.get_ident()
        self._pending = False
        self._states: dict[str, ItemState] | None = None
        self._observations: dict[str, list[Observation]] = {}
        self._filed_on: dict[str, str] = {}  # observation id -> the item it was listed on
        self._search: SearchIndex | None = None
        self._checks: dict[str, FactCheckStatus] | None = None
        self._checks_lock = threading.Lock()  # patched from workers (merge, export)
        if not audit.read_only:
            self.writer = audit.writer(on_saved=self._saved, on_error=self._error)
            audit.on_change = self._changed

    @classmethod
    def open(
        cls,
        path: Path,
        on_status: Callable[[str, str], None],
        *,
        read_only: bool = False,
        owner: DOMNode | None = None,
    ) -> AuditSession:
        """Open an audit file (raises StoreError / AuditLocked with a clear message).

        The audit's records are long-lived objects: the cyclic garbage collector is
        kept out of the way while they are read, then they are moved out of its
        generations (`gc.freeze`) until the audit is closed. Otherwise every later
        collection walks 10,000 records again; measured: wrapping a question's 2,500
        notes for the screen took 46 ms with them and 28 ms without.
        """
        gc.disable()
        try:
            audit = open_audit(path, read_only=read_only)
        finally:
            gc.enable()
        gc.freeze()
        return cls(audit, on_status, owner)

    # -- the one announcement of a change ---------------------------------------------

    def _changed(self, record: Record | None = None) -> None:
        self._on_status("saving", "")
        if self.writer:
            self.writer.changed()
        self._states = None
        if isinstance(record, Observation):
            self._patch(record)
        elif isinstance(record, FactCheck):
            with self._checks_lock:
                if self._checks is not None:
                    self._checks.pop(record.observation_id, None)
                    if not record.deleted:
                        self._checks[record.observation_id] = record.check_status
        elif record is None:  # many records at once (a merge, a settled conflict)
            self._observations = {}
            self._filed_on = {}
            with self._checks_lock:
                self._checks = None
        self._search = None
        self._announce()

    def _announce(self) -> None:
        """Publish `changed` once, soon, on the UI thread (callable from any thread)."""
        if self._loop is None or self._pending:
            return
        self._pending = True
        if threading.get_ident() == self._ui_thread:
            self._loop.call_soon(self._publish)
        else:
            self._loop.call_soon_threadsafe(self._publish)

    @property
    def announcing(self) -> bool:
        """Whether a change is about to be announced."""
        return self._pending

    def _publish(self) -> None:
        self._pending = False
        self._states = None
        self.generation += 1
        if self.changed is not None:
            self.changed.publish(self)

    def _patch(self, obs: Observation) -> None:
        """Put one saved note into the cached lists instead of reading them again.

        Re-reading a question of 2,500 notes after each note cost 10 ms; a note is
        taken out of the list it was on and put, in creation order, into the list
        of the item it is on now (if that list is cached; else it is read on demand).
        """
        before = self._filed_on.pop(obs.id, None)
        if before == obs.item_id and not obs.deleted and before in self._observations:
            listed = self._observations[before]
            for index, old in enumerate(listed):
                if old.id == obs.id:  # an edit: it keeps its place
                    listed[index] = obs
                    self._filed_on[obs.id] = before
                    return
        if before is not None and before in self._observations:
            listed = self._observations[before]
            listed[:] = [o for o in listed if o.id != obs.id]
        if obs.deleted:
            return
        target = self._observations.get(obs.item_id)
        if target is None:
            return
        listed = target
        index = len(listed)
        while index and listed[index - 1].created > obs.created:
            index -= 1
        listed.insert(index, obs)
        self._filed_on[obs.id] = obs.item_id

    def observations(self, item_id: str) -> list[Observation]:
        """An item's live observations, oldest first, read once per announced change."""
        cached = self._observations.get(item_id)
        if cached is None:
            cached = self._observations[item_id] = self.audit.observations(item_id)
            self._filed_on.update((o.id, item_id) for o in cached)
        return list(cached)

    def fact_check_statuses(self) -> dict[str, FactCheckStatus]:
        """The fact-check status of every observation that has one, by observation id
        (read once, then kept up to date with each saved fact check)."""
        with self._checks_lock:
            if self._checks is None:
                self._checks = {k: c.check_status for k, c in fact_checks(self.audit).items()}
            return dict(self._checks)

    def search_index(self) -> SearchIndex:
        """The audit's search index, built when first asked for after a change."""
        if self._search is None:
            self._search = self.audit.search_index()
        return self._search

    def item_states(self) -> dict[str, ItemState]:
        """Every item's state, computed once per announced change."""
        if self._states is None:
            self._states = cast(dict[str, ItemState], self.audit.item_states())
        return self._states

    # -- saving -------------------------------------------------------------------------

    def _saved(self, seq: int) -> None:
        # Runs on the writer thread; on_status must hop to the UI thread itself.
        if self.audit.saved_seq >= seq and not self.audit.dirty:
            self.last_error = ""
            self._on_status("saved", records.now()[11:19])

    def _error(self, exc: BaseException) -> None:
        self.last_error = describe(exc)
        self._on_status("error", self.last_error)

    def flush(self) -> None:
        """Write everything queued now (before export, on quit, when interview mode files a
        note); the status line hears that it is saved, as after the writer's own flush."""
        if not self.audit.read_only:
            self._saved(self.audit.flush())

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
        self._loop = None
        self._observations, self._filed_on = {}, {}
        gc.unfreeze()  # the closed audit's records may now be collected
