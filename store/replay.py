"""Reading an audit: its file, then its journal replayed over it, as one consistent snapshot.

Used by every open, read-only or not. What was dropped on the way (a damaged
or refused journal line, a missing journal, changes missing in between) is
described in `Snapshot.problems`, never silently skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store import journal as jr
from store.atomic import backup_paths
from store.errors import CorruptAudit, MissingAudit, StoreError, disk_error
from store.fileformat import Data, Doc, FormatDamage, Header, parse
from store.problems import Problem, describe_dropped

JOURNALS = 3  # journals kept beside the current one, one per backup
READ_RETRIES = 200

Check = Callable[[str, str, "Doc | None"], "str | None"]


def journal_paths(path: Path) -> list[Path]:
    """The current journal, then `.journal.prev`, `.prev2`, `.prev3` (newest first)."""
    journal = path.with_name(path.name + ".journal")
    prevs = [journal.with_name(journal.name + ".prev")] + [
        journal.with_name(f"{journal.name}.prev{n}") for n in range(2, JOURNALS + 1)
    ]
    return [journal, *prevs]


def read_base(path: Path) -> tuple[Data, Header]:
    """The parsed audit file; CorruptAudit when damaged, MissingAudit when gone beside backups."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if backup_paths(path):
            raise MissingAudit(path, backup_paths(path)) from None
        raise StoreError(f"{path}: no such audit file", "not_found", path=str(path)) from None
    except OSError as exc:
        raise disk_error(path, exc, "read") from None
    try:
        return parse(raw)
    except FormatDamage as exc:
        raise CorruptAudit(path, str(exc), backup_paths(path)) from None


@dataclass
class Snapshot:
    """An audit's data with its journal applied, and what the replay found."""

    data: Data
    header: Header
    scan: jr.Scan | None
    seq: int = 0  # the last change applied
    journal_lines: int = 0
    damaged_lines: int = 0  # damaged or refused lines dropped
    repair: bool = False  # the journal should be folded into a new file by the writer
    problems: list[Problem] = field(default_factory=list)

    def problem(self, code: str, message: str, **params: Any) -> None:
        self.problems.append(Problem(code, message, params))


def read_snapshot(path: Path, *, read_only: bool, check: Check | None = None) -> Snapshot:
    """Read the file, then its journal, and replay the journal over the file.

    A reader holds no lock, so the writer may compact between the two reads:
    then the journal continues a newer file than the one read, and both are
    read again (the new file holds everything the old journal held).
    """
    journal = journal_paths(path)[0]
    for attempt in range(READ_RETRIES):
        data, header = read_base(path)
        try:
            raw = journal.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            raise disk_error(journal, exc, "read the journal") from None
        scan = jr.scan(raw) if raw is not None else None
        moved_on = (
            scan is not None
            and scan.header is not None
            and header.schema_version >= 2
            and scan.header[0] > header.generation
        )
        if moved_on and read_only and attempt < READ_RETRIES - 1:
            time.sleep(0.001 * min(attempt, 20))
            continue
        break
    snap = Snapshot(data, header, scan, seq=header.seq)
    _replay(snap, journal.name, check)
    return snap


def _replay(snap: Snapshot, name: str, check: Check | None) -> None:
    """Apply the journal over the file: changes the file already holds are skipped.

    A damaged line anywhere is dropped, reported, and the lines after it still
    count; a journal that is missing or does not continue this file is
    reported too.
    """
    header, scan = snap.header, snap.scan
    if scan is None:
        if header.schema_version >= 2:
            snap.problem(
                "journal_missing",
                f"{name} is missing: changes saved after the file was last written may be lost",
                journal=name,
            )
        return
    base = header.seq
    if header.schema_version >= 2:
        if scan.header is None:
            snap.repair = True
            if not scan.dropped or scan.dropped[0].line != 1:
                snap.problem(
                    "journal_unmarked",
                    f"{name} does not say which file it continues; its changes are "
                    "applied after the file's own",
                    journal=name,
                )
        else:
            generation, seq = scan.header
            if generation > header.generation or (generation == header.generation and seq != base):
                snap.repair = True
                snap.problem(
                    "journal_mismatch",
                    f"{name} continues another version of the file (generation "
                    f"{generation}, change {seq}; the file is generation "
                    f"{header.generation}, change {base}): changes in between may be missing",
                    journal=name,
                )
    for d in scan.dropped:
        if d.reason != "cut_off":
            snap.damaged_lines += 1
            snap.repair = True
        described = describe_dropped(name, d)
        snap.problem(described.pop("code"), described.pop("message"), **described)
    dropped_lines = {d.line for d in scan.dropped}
    last_line = 0
    for change in scan.changes:
        line_no = change.get("_line", 0)
        damaged_since = any(last_line < n < line_no for n in dropped_lines)
        last_line = line_no
        snap.journal_lines += 1
        seq = change["s"]
        if seq <= base:
            continue
        if seq > snap.seq + 1 and not damaged_since:
            snap.repair = True
            snap.problem(
                "journal_gap",
                f"{name}: changes {snap.seq + 1}–{seq - 1} are missing from the journal",
                journal=name,
                first=snap.seq + 1,
                last=seq - 1,
            )
        reason = check(change["t"], change["i"], change["d"]) if check else None
        if reason is not None:
            snap.damaged_lines += 1
            snap.repair = True
            about = f"{change['t']} {change['i']}"
            described = describe_dropped(name, jr.Dropped(line_no, f"refused: {reason}", about))
            snap.problem(described.pop("code"), described.pop("message"), **described)
        else:
            rows = snap.data.setdefault(change["t"], {})
            if change["d"] is None:
                rows.pop(change["i"], None)
            else:
                rows[change["i"]] = change["d"]
        snap.seq = max(snap.seq, seq)
    if scan.torn and not any(d.reason == "cut_off" for d in scan.dropped):
        snap.repair = True  # a last line whose newline was lost: kept, and saved again
