"""Recovery of a damaged or deleted audit file from its backups and every journal that survives.

The base is the newest of the audit file, `.bak1`, `.bak2`, `.bak3` that reads
whole (checksum and all). Over it go, in sequence order, all changes after the
base found in any journal beside the audit (`.journal`, `.journal.prev`,
`.prev2`, `.prev3`, and journals copied aside earlier), so using `.bak2`
loses no edit that `.journal.prev2`, `.journal.prev` and `.journal` still hold.

Nothing is deleted or overwritten before it is copied: the damaged file is
kept as `.damaged-<time>`, the journal as `.journal.before-recovery-<time>`;
backups and older journals are left as they are. Each step replaces one file
atomically, so recovery can be killed at any moment: the audit file is then
either the damaged one (run recovery again) or the recovered one, whose
journal is made consistent on the next open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from store import journal as jr
from store.atomic import atomic_write, backup_paths, copy_aside
from store.errors import AuditLocked, StoreError, disk_error
from store.fileformat import FORMAT_ID, FORMAT_TABLE, SCHEMA_VERSION, FormatDamage, parse, serialise
from store.locking import AuditLock
from store.problems import Problem, describe_dropped
from store.replay import Check, journal_paths


@dataclass
class Recovery:
    """What a recovery used and found."""

    backup: Path  # the file used as the base (a backup, or the audit file itself)
    applied: int = 0  # changes replayed from journals over it
    problems: list[Problem] = field(default_factory=list)  # lines dropped, gaps


def _journals(path: Path) -> list[Path]:
    found = [p for p in journal_paths(path) if p.exists()]
    name = journal_paths(path)[0].name
    found += sorted(path.parent.glob(f"{name}.damaged-*"))
    found += sorted(path.parent.glob(f"{name}.before-recovery-*"))
    return [p for p in found if ".tmp-" not in p.name]


def recover_audit(path: Path, *, check: Check | None = None) -> Recovery:
    """Rebuild the audit file at `path` from the newest readable base and every journal.

    `check` is asked about each replayed change, as on open. Raises StoreError
    ("no_backup") when nothing readable is left, ("locked") when the audit is
    open elsewhere.
    """
    path = Path(path)
    lock = AuditLock(path)
    try:
        lock.acquire()
    except AuditLocked as exc:
        raise StoreError(
            f"{path.name} is open in another Granska; close it there first",
            "locked",
            path=str(path),
            pid=exc.owner.get("pid"),
        ) from None
    if check is None:
        from store.validate import check_change

        check = check_change  # a replayed change is validated as on open
    try:
        return _recover(path, check)
    except OSError as exc:
        raise disk_error(path, exc, "recover the audit") from None
    finally:
        lock.release()


def recover(path: Path, *, check: Check | None = None) -> Path:
    """Recover the audit at `path` (see `recover_audit`); returns the file used as the base."""
    return recover_audit(path, check=check).backup


def _recover(path: Path, check: Check | None) -> Recovery:
    from store.migrations import migrate

    for base_path in [path, *backup_paths(path)]:
        try:
            data, header = parse(base_path.read_bytes())
        except (OSError, FormatDamage):
            continue
        if header.schema_version > SCHEMA_VERSION:
            continue
        break
    else:
        raise StoreError(
            f"{path.name}: no readable backup to recover from", "no_backup", path=str(path)
        )
    result = Recovery(base_path)
    changes: dict[int, dict] = {}
    generation = header.generation
    for journal in _journals(path):
        try:
            scan = jr.scan(journal.read_bytes())
        except OSError:
            continue
        if scan.header is not None:
            generation = max(generation, scan.header[0])
        for d in scan.dropped:
            if d.reason != "cut_off":
                result.problems.append(Problem(**_named(describe_dropped(journal.name, d))))
        for change in scan.changes:
            if change["s"] > header.seq:
                changes.setdefault(change["s"], change)
    seq = header.seq
    for s in sorted(changes):
        change = changes[s]
        if s > seq + 1:
            result.problems.append(
                Problem(
                    "journal_gap",
                    f"changes {seq + 1}–{s - 1} are in no journal that survives",
                    {"first": seq + 1, "last": s - 1},
                )
            )
        seq = s
        reason = check(change["t"], change["i"], change["d"]) if check else None
        if reason is not None:
            about = f"{change['t']} {change['i']}"
            dropped = jr.Dropped(change.get("_line", 0), f"refused: {reason}", about)
            result.problems.append(Problem(**_named(describe_dropped("journal", dropped))))
            continue
        rows = data.setdefault(change["t"], {})
        if change["d"] is None:
            rows.pop(change["i"], None)
        else:
            rows[change["i"]] = change["d"]
        result.applied += 1
    if header.schema_version < SCHEMA_VERSION:
        migrate(data, header.schema_version)
    data[FORMAT_TABLE][FORMAT_ID]["schema_version"] = SCHEMA_VERSION
    generation += 1
    journal = journal_paths(path)[0]
    # Copies first, then each file replaced atomically: a kill between steps loses nothing.
    copy_aside(path, "damaged" if base_path != path else "before-recovery")
    copy_aside(journal, "before-recovery", link=False)
    atomic_write(path, serialise(data, seq=seq, generation=generation))
    atomic_write(journal, jr.encode_header(generation, seq))
    return result


def _named(described: dict) -> dict:
    code, message = described.pop("code"), described.pop("message")
    return {"code": code, "message": message, "params": described}
