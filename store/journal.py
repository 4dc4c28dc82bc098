"""The journal codec: one checksummed line per change, after a header naming the file it continues.

A line is `<crc32 of the body, 8 hex digits> <body>\\n`, the body one JSON object:

- the header, first line of every journal written since schema version 2:
  `{"g": <generation>, "s": <seq>}` — the audit file generation this journal
  continues and the last change sequence that file holds;
- a change: `{"s": <seq>, "t": <table>, "i": <doc id>, "d": <whole document or null>}`.

Sequences grow by one per change over the life of an audit, across journals,
so a replay can tell which changes a file already holds and where one is missing.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any

Doc = dict[str, Any]


def _line(body: dict[str, Any]) -> bytes:
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%08x " % zlib.crc32(raw) + raw + b"\n"


def encode_line(seq: int, table: str, doc_id: str, doc: Doc | None) -> bytes:
    """One journal line: checksum, then the change as JSON."""
    return _line({"s": seq, "t": table, "i": doc_id, "d": doc})


def encode_header(generation: int, seq: int) -> bytes:
    """The first line of a journal continuing file `generation`, which holds changes up to `seq`."""
    return _line({"g": generation, "s": seq})


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _body(line: bytes) -> dict[str, Any] | None:
    """The JSON object of a line whose checksum holds, else None."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:].rstrip(b"\n")
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        value = json.loads(body)
    except ValueError:  # a bad hex checksum, JSON or UTF-8
        return None
    return value if isinstance(value, dict) else None


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The change in a journal line, or None when the line is torn, damaged or not a change."""
    change = _body(line)
    if not (
        change is not None
        and _is_count(change.get("s"))
        and isinstance(change.get("t"), str)
        and isinstance(change.get("i"), str)
        and "d" in change
        and isinstance(change.get("d"), dict | None)
    ):
        return None
    return change


def decode_header(line: bytes) -> tuple[int, int] | None:
    """(generation, seq) of a journal header line, or None when the line is not a header."""
    head = _body(line)
    if head is None or set(head) != {"g", "s"} or not _is_count(head["g"]):
        return None
    return (head["g"], head["s"]) if _is_count(head["s"]) else None


def _hint(line: bytes) -> str:
    """What a damaged line seems to have been about (table and id), when that can be read."""
    body = line[9:] if len(line) > 9 else line
    try:
        change = json.loads(body.decode("utf-8", "replace"))
        return f"{change['t']} {change['i']}"
    except (ValueError, KeyError, TypeError):
        pass
    import re

    table = re.search(rb'"t":"([a-z_]{1,40})"', line)
    doc = re.search(rb'"i":"([^"]{1,80})"', line)
    parts = [m.group(1).decode("utf-8", "replace") for m in (table, doc) if m]
    return " ".join(parts)


@dataclass
class Dropped:
    """A journal line that was not applied: where it was, why, and what it seemed to hold."""

    line: int  # 1-based
    reason: str  # "damaged", "cut_off", "refused: <why>"
    about: str = ""  # "<table> <id>" when readable


@dataclass
class Scan:
    """A journal read whole: its header, its good changes, and the lines dropped."""

    header: tuple[int, int] | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)  # each with its "_line" number
    dropped: list[Dropped] = field(default_factory=list)
    good_end: int = 0  # bytes up to the end of the last whole line (a torn tail is cut here)
    size: int = 0

    @property
    def torn(self) -> bool:
        """Whether the journal ends in half a line (a write cut off by a crash)."""
        return self.good_end < self.size


def scan(raw: bytes) -> Scan:
    """Read every line of a journal.

    A damaged line anywhere (a failed write that was appended to, a flipped bit)
    is dropped and the lines after it still count. A last line without its
    newline is a write cut off by a crash; it is kept when its checksum still
    holds (only the newline is missing or damaged), else dropped.
    """
    out = Scan(size=len(raw))
    lines = raw.splitlines(keepends=True)
    pos = 0
    for n, line in enumerate(lines, start=1):
        complete = line.endswith(b"\n")
        if n == 1:
            header = decode_header(line) if complete else None
            if header is not None:
                out.header = header
                pos += len(line)
                out.good_end = pos
                continue
        change = decode_line(line) if complete else None
        if change is None and not complete:
            # Half a line: the newline, or a damaged last byte, may be all that is missing.
            change = decode_line(line + b"\n") or decode_line(line[:-1] + b"\n")
            if change is None:
                out.dropped.append(Dropped(n, "cut_off", _hint(line)))
                break
        pos += len(line)
        if complete:
            out.good_end = pos
        if change is None:
            out.dropped.append(Dropped(n, "damaged", _hint(line)))
            continue
        change["_line"] = n
        out.changes.append(change)
    return out
