"""What the app remembers per audit between runs: the last source used, the item you were on.

Kept in one small file per workspace (`.ui-state.json`), keyed by audit id, and
written with the store's atomic write so a crash leaves the old or the new file,
never half of one. It is a convenience of this laptop's user, not part of the
audit: it is never merged or exported, and a damaged file is simply forgotten.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from store.atomic import atomic_write

FILE_NAME = ".ui-state.json"


class UiState:
    """Per-audit remembered values of one workspace."""

    def __init__(self, workspace: Path):
        self.path = Path(workspace) / FILE_NAME
        self._data: dict[str, dict[str, Any]] = {}
        self._dirty = False
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        if isinstance(loaded, dict):
            self._data = {k: v for k, v in loaded.items() if isinstance(v, dict)}

    def get(self, audit_id: str, key: str) -> str | None:
        """A remembered value of an audit, or None."""
        value = self._data.get(audit_id, {}).get(key)
        return value if isinstance(value, str) else None

    def set(self, audit_id: str, key: str, value: str, *, write: bool = True) -> None:
        """Remember a value, written at once unless `write` is False (then on `write()`)."""
        if self._data.get(audit_id, {}).get(key) == value:
            return
        self._data.setdefault(audit_id, {})[key] = value
        self._dirty = True
        if write:
            self.write()

    def write(self) -> None:
        """Write what changed; a failed write is not fatal."""
        if not self._dirty:
            return
        self._dirty = False
        try:
            text = json.dumps(self._data, ensure_ascii=False, sort_keys=True, indent=1)
            atomic_write(self.path, text.encode("utf-8"))
        except OSError:
            pass  # a read-only workspace: remembering is a convenience, saving notes is not
