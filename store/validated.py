"""Audit files this machine has already validated whole, so a large audit opens fast.

Opening an audit checks every record against its type (`store.validate.scan`):
about 50 ms at 10,000 observations, paid on every open although a file the app
wrote itself rarely holds anything that was not checked already. An audit file
records the SHA-256 of its own bytes (`store.fileformat`), verified whenever it
is read. This cache remembers the checksums of files in which every record
passed, with a fingerprint of the code that decides what passes; a file with a
remembered checksum is the same bytes, and checking them again would find the
same.

Why it is safe to skip the check for such a file:

- The cache lives in this user's cache folder, never beside an audit: a file
  that arrives from elsewhere (a copy, a restored backup, a colleague's file)
  brings no stamp with it. Only bytes validated on this machine are trusted.
- The fingerprint hashes the source of every module of `store/` (the record
  types and the validator among them). A changed validator finds no stamps.
- The journal replayed over the file is checked line by line anyway, and the
  app's own writes are checked as they are made (`DurableFile.put`): the file a
  compaction writes is stamped only when everything in memory passed.
- A cache that is missing, unreadable or damaged is an empty cache: the full
  check runs. A cache that cannot be written costs time, never an edit.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sys
from pathlib import Path

import platformdirs

from store.atomic import atomic_write

KEEP = 64
"""How many checksums are remembered (the most recently stamped)."""

_HEX = re.compile(r"[0-9a-f]{64}")


@functools.cache
def fingerprint() -> str | None:
    """A hash of the store's own source and the Python that runs it (what a record may
    hold can differ between versions: `datetime.fromisoformat`, say); None when the
    source cannot be read, as in a zipped install (then nothing is trusted)."""
    digest = hashlib.sha256(f"python {sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    sources = sorted(Path(__file__).parent.glob("*.py"))
    if not sources:
        return None
    try:
        for path in sources:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def default_path() -> Path:
    """The cache file in the user's cache folder."""
    return Path(platformdirs.user_cache_dir("granska", appauthor=False)) / "validated.json"


class Stamps:
    """The checksums of audit files whose every record passed validation here."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_path()

    def _read(self) -> list[str]:
        try:
            doc = json.loads(self.path.read_bytes())
        except (OSError, ValueError, RecursionError):  # a damaged cache is an empty one
            return []
        if not isinstance(doc, dict) or doc.get("validator") != fingerprint():
            return []
        sums = doc.get("checksums")
        if not isinstance(sums, list):
            return []
        return [s for s in sums if isinstance(s, str) and _HEX.fullmatch(s)]

    def holds(self, checksum: str | None) -> bool:
        """Whether a file with this checksum was validated whole by this very validator."""
        if checksum is None or fingerprint() is None:
            return False
        return checksum in self._read()

    def add(self, checksum: str | None) -> None:
        """Remember that the file with this checksum passed (the oldest stamps make room)."""
        validator = fingerprint()
        if checksum is None or validator is None or not _HEX.fullmatch(checksum):
            return
        sums = [s for s in self._read() if s != checksum][-(KEEP - 1) :] + [checksum]
        payload = json.dumps({"validator": validator, "checksums": sums}, indent=1)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, payload.encode(), durable=False)  # a cache: never torn
        except OSError:
            pass  # a cache that cannot be written only means the next open checks again
