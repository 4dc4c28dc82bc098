"""An audit's tables in memory, queried with TinyDB, safe to read from any thread."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from store.fileformat import Data, Doc


class _MemoryStorage(Storage):
    """TinyDB storage over the in-memory data; the file and journal are the store's own."""

    def __init__(self, data: Data):
        self.data = data

    def read(self) -> Data:
        return self.data

    def write(self, data: Data) -> None:  # pragma: no cover - we never write through TinyDB
        self.data = data


class _StrTable(Table):
    """A TinyDB table whose document ids are our UUID strings."""

    document_id_class = str  # type: ignore[assignment]  # our ids are UUID strings


class MemoryTables:
    """Reading an audit's data in memory: copies out, under a lock, with TinyDB queries."""

    data: Data

    def __init__(self) -> None:
        self._mem_lock = threading.RLock()

    def attach(self, data: Data) -> None:
        """Query `data` (kept as the same dict from now on) with TinyDB."""
        self.data = data
        self.db = TinyDB(storage=_MemoryStorage, data=data)
        self.db.table_class = _StrTable

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
