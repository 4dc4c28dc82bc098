"""Upgrades of older audit files, one schema version at a time."""

from __future__ import annotations

from typing import Any

# MIGRATIONS[n] upgrades data of schema version n to n + 1, in place.
MIGRATIONS: dict[int, Any] = {}


def _v0_to_v1(data: dict[str, Any]) -> None:
    """Version 0 (before versioning): records had no tombstone flag."""
    for table, rows in data.items():
        if table.startswith("_"):
            continue
        for doc in rows.values():
            doc.setdefault("deleted", False)


def _v1_to_v2(data: dict[str, Any]) -> None:
    """Version 2 changed only the file's layout (one document per line, a checksum, a
    generation); the records are as they were."""


MIGRATIONS[0] = _v0_to_v1
MIGRATIONS[1] = _v1_to_v2


def migrate(data: dict[str, Any], version: int) -> None:
    """Bring `data` from `version` up to the current schema version."""
    from store.fileformat import SCHEMA_VERSION

    for v in range(version, SCHEMA_VERSION):
        MIGRATIONS[v](data)
