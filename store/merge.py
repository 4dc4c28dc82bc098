"""Merging a colleague's copy of an audit into mine.

Records are matched by id. Every field of a record carries the chain of change
ids that produced its value (`_rev`), so for each field we can tell which side
changed it since the copies parted: when my last change is in their chain,
theirs is newer and is taken; when their last change is in mine, mine stays;
otherwise both changed it, and that is a conflict the user resolves. Deletions
are tombstones (a `deleted` field like any other), so they carry over and are
never resurrected. Merging the same copy twice changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store import records as rec
from store.audit import BOOKKEEPING, HISTORY_TABLE, META_ID, TEMPLATE_TABLE, Audit
from store.durable import FORMAT_TABLE, DurableFile, StoreError, valid_data
from store.records import AuditMeta, new_id

CONFLICT_TABLE = "conflicts"
SKIP_TABLES = {FORMAT_TABLE, TEMPLATE_TABLE, HISTORY_TABLE, CONFLICT_TABLE}


@dataclass
class Conflict:
    """A field both sides changed since the copies parted."""

    id: str
    table: str
    record_id: str
    field: str
    mine: Any
    theirs: Any
    theirs_rev: list[str]
    item_id: str = ""
    resolved: str = ""

    def to_doc(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class MergeResult:
    """What a merge did."""

    added: int = 0
    taken: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.added} records added, {self.taken} fields taken from theirs, "
            f"{len(self.conflicts)} conflicts"
        )


def _descends(newer: list[str], older: list[str]) -> bool:
    """Whether the chain `newer` already includes the last change of `older`."""
    return not older or older[-1] in newer


def read_copy(path: Path) -> dict[str, dict[str, Any]]:
    """The data of a colleague's copy (file plus journal), read-only."""
    other = DurableFile(Path(path), read_only=True)
    with other.reading() as data:
        return copy.deepcopy(data)


def merge_into(
    mine: Audit,
    theirs: dict[str, dict[str, Any]],
    progress: Callable[[float], None] | None = None,
) -> MergeResult:
    """Merge the data of their copy into my open audit; conflicts are stored for resolving.

    `progress` gets the fraction done and may raise to cancel: every record is
    merged whole, so a cancelled merge leaves a consistent audit, and merging
    the same copy again finishes the job.
    """
    if mine.read_only:
        raise StoreError(f"{mine.path.name} is open read-only; cannot merge into it")
    if not valid_data(theirs):
        raise StoreError("their copy is not an audit file (its tables are damaged)")
    their_meta = theirs.get(AuditMeta.TABLE, {}).get(META_ID, {})
    if their_meta.get("id") != mine.meta.id:
        raise StoreError("these are not copies of the same audit (their audit id differs)")
    result = MergeResult()
    open_conflicts = {
        (c["table"], c["record_id"], c["field"]): c
        for c in mine.file.all(CONFLICT_TABLE)
        if not c.get("resolved")
    }
    stamp = rec.now()
    superseded: list[dict[str, Any]] = []
    total = max(1, sum(len(rows) for t, rows in theirs.items() if t not in SKIP_TABLES))
    done = 0
    for table, rows in theirs.items():
        if table in SKIP_TABLES:
            continue
        for key, their_doc in rows.items():
            done += 1
            if progress is not None and done % 50 == 0:
                progress(done / total)
            my_doc = mine.file.get(table, key)
            if my_doc is None:
                mine.file.put(table, key, their_doc)
                result.added += 1
                continue
            merged, changes, rev_changed = _merge_record(
                my_doc, their_doc, table, key, open_conflicts, result, superseded
            )
            if rev_changed and not changes:
                mine.file.put(table, key, merged)  # only the change chains grew
            if changes:
                merged["updated"] = max(
                    str(my_doc.get("updated", "")), str(their_doc.get("updated", ""))
                )
                mine.file.put(table, key, merged)
                result.taken += len(changes)
                entry = {
                    "id": new_id(),
                    "ts": stamp,
                    "author": mine.author,
                    "table": table,
                    "record_id": my_doc.get("id", key),
                    "item_id": merged.get("item_id", ""),
                    "changes": changes,
                    "merge": True,
                }
                mine.file.put(HISTORY_TABLE, entry["id"], entry)
    for old in superseded:
        mine.file.put(CONFLICT_TABLE, old["id"], {**old, "resolved": "superseded"})
    for conflict in result.conflicts:
        mine.file.put(CONFLICT_TABLE, conflict.id, conflict.to_doc())
    # Their history entries join mine, so "who changed what" covers both laptops.
    for key, entry in theirs.get(HISTORY_TABLE, {}).items():
        if mine.file.get(HISTORY_TABLE, key) is None:
            mine.file.put(HISTORY_TABLE, key, entry)
    if mine.on_change:
        mine.on_change()
    return result


def _chains(doc: dict[str, Any]) -> dict[str, list[str]]:
    """A record's change chains, ignoring anything malformed."""
    rev = doc.get("_rev")
    if not isinstance(rev, dict):
        return {}
    return {k: [r for r in v if isinstance(r, str)] for k, v in rev.items() if isinstance(v, list)}


def _merge_record(
    mine: dict[str, Any],
    theirs: dict[str, Any],
    table: str,
    key: str,
    open_conflicts: dict,
    result: MergeResult,
    superseded: list,
) -> tuple[dict[str, Any], list, bool]:
    merged = dict(mine)
    my_rev = _chains(mine)
    their_rev = _chains(theirs)
    changes = []
    rev_changed = False
    for name in sorted(set(mine) | set(theirs)):
        if name in BOOKKEEPING or name in ("id", "created"):
            continue
        if table == AuditMeta.TABLE and name in ("template_version", "template_title"):
            continue  # the template copy is not merged, so neither is its version
        a, b = my_rev.get(name, []), list(their_rev.get(name, []))
        if a == b:
            continue
        if _descends(a, b):
            continue  # mine already has their change
        if _descends(b, a):
            if mine.get(name) != theirs.get(name):
                changes.append({"field": name, "old": mine.get(name), "new": theirs.get(name)})
            merged[name] = theirs.get(name)
            my_rev[name] = b
            rev_changed = True
            continue
        if mine.get(name) == theirs.get(name):
            # Both made the same change: remember both chains; nothing to take, no conflict.
            my_rev[name] = a + [r for r in b if r not in a]
            rev_changed = True
            continue
        known = open_conflicts.get((table, key, name))
        if known is not None:
            if known.get("theirs_rev") == b:
                continue  # the same conflict, already listed
            superseded.append(known)  # they changed it again: the newer conflict replaces it
        result.conflicts.append(
            Conflict(
                id=new_id(),
                table=table,
                record_id=key,
                field=name,
                mine=mine.get(name),
                theirs=theirs.get(name),
                theirs_rev=b,
                item_id=mine.get("item_id", ""),
            )
        )
    merged["_rev"] = my_rev
    return merged, changes, rev_changed


def conflicts(audit: Audit) -> list[Conflict]:
    """The unresolved conflicts of an audit."""
    return [Conflict(**c) for c in audit.file.all(CONFLICT_TABLE) if not c.get("resolved")]


def resolve(audit: Audit, conflict: Conflict, choice: str) -> None:
    """Settle a conflict: keep 'mine', take 'theirs', or keep 'both' (texts joined)."""
    doc = audit.file.get(conflict.table, conflict.record_id)
    if doc is None:
        raise StoreError("the record of this conflict no longer exists")
    current = doc.get(conflict.field)
    if choice == "mine":
        value = current
    elif choice == "theirs":
        value = conflict.theirs
    elif choice == "both":
        if not isinstance(current, str) or not isinstance(conflict.theirs, str):
            raise StoreError("only texts can keep both versions")
        value = f"{current.rstrip()}\n\n{conflict.theirs.lstrip()}"
    else:
        raise ValueError(choice)
    rev = {k: list(v) for k, v in (doc.get("_rev") or {}).items()}
    chain = rev.get(conflict.field, [])
    # The resolution descends from both sides, so a later merge of either copy keeps it.
    chain = chain + [r for r in conflict.theirs_rev if r not in chain] + [new_id()[:13]]
    rev[conflict.field] = chain
    stamp = rec.now()
    audit.file.put(
        conflict.table,
        conflict.record_id,
        {**doc, conflict.field: value, "_rev": rev, "updated": stamp},
    )
    entry: dict[str, Any] = {
        "id": new_id(),
        "ts": stamp,
        "author": audit.author,
        "table": conflict.table,
        "record_id": conflict.record_id,
        "item_id": conflict.item_id,
        "changes": [{"field": conflict.field, "old": current, "new": value}],
    }
    audit.file.put(HISTORY_TABLE, entry["id"], entry)
    audit.file.put(CONFLICT_TABLE, conflict.id, {**conflict.to_doc(), "resolved": choice})
    if audit.on_change:
        audit.on_change()
