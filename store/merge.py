"""Merging a colleague's copy of an audit into mine: the algorithm, without the writing.

Records are matched by id. Every field of a record carries the chain of change
ids that produced its value (`_rev`), so for each field we can tell which side
changed it since the copies parted: when my last change is in their chain,
theirs is newer and is taken; when their last change is in mine, mine stays;
otherwise both changed it, and that is a conflict the user resolves. Deletions
are tombstones (a `deleted` field like any other), so they carry over and are
never resurrected. Merging the same copy twice changes nothing.

Some merges need a person's decision rather than a rule; each becomes a
conflict the user sees (`store.shapes.Conflict.kind`):

- "field": both laptops changed a field.
- "delete_edit": one laptop deleted a record the other edited since the copies
  parted. The record stays as it is on mine (edits taken, not deleted or
  deleted) until the user settles it, so no edit vanishes silently.
- "duplicate_source": the same interview (kind, role, date) or document (kind,
  title, date) exists twice, typically added on both laptops; the user may
  join them into one (`Audit.merge_sources`) or keep both.

Conflicts are themselves merged by id (ids derive from what conflicts, so both
laptops name a conflict alike): a settled conflict wins over an unsettled one,
and a conflict whose field was settled on the other laptop is marked settled
here, so nobody settles it twice.

`plan` yields the writes; `Audit.merge_copy` applies them and writes history.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import records as rec
from store.durable import DurableFile
from store.errors import StoreError
from store.fileformat import FORMAT_TABLE
from store.records import AuditMeta, Source, new_id, stable_id
from store.shapes import (
    CONFLICT_TABLE,
    HISTORY_TABLE,
    QUARANTINE_TABLE,
    TEMPLATE_TABLE,
    Conflict,
)

if TYPE_CHECKING:
    from store.audit import Audit

META_ID = "audit"
BOOKKEEPING = {"updated", "author", "_rev"}
SKIP_TABLES = {FORMAT_TABLE, TEMPLATE_TABLE, HISTORY_TABLE, CONFLICT_TABLE, QUARANTINE_TABLE}
SETTLED_ELSEWHERE = "elsewhere"
SUPERSEDED = "superseded"
FIELD_CHOICES = ("mine", "theirs", "both")
SOURCE_CHOICES = ("join", "separate")

Doc = dict[str, Any]
Getter = Callable[[str, str], "Doc | None"]

__all__ = ["Conflict", "MergeResult", "Step", "plan", "read_copy", "settle"]


@dataclass
class MergeResult:
    """What a merge did."""

    added: int = 0
    taken: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    evidence_copied: list[str] = field(default_factory=list)  # files carried from their copy
    evidence_refused: list[tuple[str, str]] = field(default_factory=list)  # (file, why)

    def summary(self) -> str:
        return (
            f"{self.added} records added, {self.taken} fields taken from theirs, "
            f"{len(self.conflicts)} conflicts"
        )


@dataclass
class Step:
    """One write of a merge; `changes` (with `record_id`, `item_id`) are its history."""

    table: str
    key: str
    doc: Doc
    changes: list[dict[str, Any]] = field(default_factory=list)
    record_id: str = ""
    item_id: str = ""


def read_copy(path: Path) -> dict[str, dict[str, Any]]:
    """The data of a colleague's copy (file plus journal), read-only; checked when merged."""
    from store.validate import check_change

    try:
        other = DurableFile(Path(path), read_only=True, check=check_change)
        refused = [p for p in other.problems if p.code == "change_refused"]
        if refused:  # a bad change in their journal: the copy is refused whole
            raise StoreError(
                f"their copy is refused (nothing was merged): {refused[0]}",
                code="bad_copy",
                table="",
                record_id="",
                field="",
                problem=str(refused[0]),
            )
        with other.reading() as data:
            return copy.deepcopy(data)
    except RecursionError:
        raise StoreError(
            f"{Path(path).name}: their copy is refused: it is nested too deeply to be an audit",
            code="bad_copy",
            table="",
            record_id="",
            field="",
            problem="nested too deeply",
        ) from None


def _descends(newer: list[str], older: list[str]) -> bool:
    """Whether the chain `newer` already includes the last change of `older`."""
    return not older or older[-1] in newer


def _chains(doc: Doc) -> dict[str, list[str]]:
    """A record's change chains, ignoring anything malformed."""
    rev = doc.get("_rev")
    if not isinstance(rev, dict):
        return {}
    return {k: [r for r in v if isinstance(r, str)] for k, v in rev.items() if isinstance(v, list)}


def conflict_id(audit_id: str, table: str, key: str, name: str, a: list[str], b: list[str]) -> str:
    """The same id on both laptops for the same two conflicting changes of a field."""
    ends = sorted([a[-1] if a else "", b[-1] if b else ""])
    return stable_id(audit_id, f"conflict:{table}:{key}:{name}:{ends[0]}:{ends[1]}")


def plan(
    get: Getter,
    all_docs: Callable[[str], list[Doc]],
    theirs: dict[str, dict[str, Any]],
    result: MergeResult,
    progress: Callable[[float], None] | None = None,
) -> Iterator[Step]:
    """The writes that merge `theirs` into the audit read through `get` and `all_docs`.

    Steps are yielded one record at a time and each must be applied before the
    next is asked for (later steps read what earlier ones wrote). `progress`
    gets the fraction done and may raise to cancel; every record is merged
    whole, so a cancelled merge leaves a consistent audit.
    """
    my_meta = get(AuditMeta.TABLE, META_ID) or {}
    audit_id = str(my_meta.get("id", ""))
    their_meta = theirs.get(AuditMeta.TABLE, {}).get(META_ID)
    if not isinstance(their_meta, dict):
        raise StoreError("their copy has no audit record; it is not an audit", code="not_audit")
    if their_meta.get("id") != audit_id:
        raise StoreError(
            "these are not copies of the same audit (their audit id differs)",
            code="not_same_audit",
        )
    open_conflicts = {
        (c.get("table"), c.get("record_id"), c.get("field")): c
        for c in all_docs(CONFLICT_TABLE)
        if not c.get("resolved")
    }
    total = max(1, sum(len(rows) for t, rows in theirs.items() if t not in SKIP_TABLES))
    done = 0
    for table, rows in theirs.items():
        if table in SKIP_TABLES:
            continue
        for key, their_doc in rows.items():
            done += 1
            if progress is not None and done % 50 == 0:
                progress(done / total)
            my_doc = get(table, key)
            if my_doc is None:
                result.added += 1
                yield Step(table, key, copy.deepcopy(their_doc))
                continue
            merged, changes, found = _merge_record(my_doc, their_doc, table, key, audit_id)
            if changes or merged.get("_rev") != my_doc.get("_rev"):
                if changes:
                    merged["updated"] = max(
                        str(my_doc.get("updated", "")), str(their_doc.get("updated", ""))
                    )
                    result.taken += len(changes)
                yield Step(
                    table,
                    key,
                    merged,
                    changes,
                    record_id=str(my_doc.get("id", key)),
                    item_id=str(merged.get("item_id", "") or ""),
                )
            for conflict in found:
                if get(CONFLICT_TABLE, conflict.id) is not None:
                    continue  # the same conflict is already listed (or settled)
                known = open_conflicts.pop((table, key, conflict.field), None)
                if known is not None:  # they changed it again: the newer conflict replaces it
                    yield Step(CONFLICT_TABLE, known["id"], {**known, "resolved": SUPERSEDED})
                result.conflicts.append(conflict)
                yield Step(CONFLICT_TABLE, conflict.id, conflict.to_doc())
    yield from _merge_conflict_table(get, theirs.get(CONFLICT_TABLE, {}))
    yield from _settled_elsewhere(get, all_docs)
    yield from _duplicate_sources(get, all_docs, audit_id, result)
    # Their history entries join mine, so "who changed what" covers both laptops.
    for key, entry in theirs.get(HISTORY_TABLE, {}).items():
        if get(HISTORY_TABLE, key) is None:
            yield Step(HISTORY_TABLE, key, copy.deepcopy(entry))


def _merge_record(
    mine: Doc, theirs: Doc, table: str, key: str, audit_id: str
) -> tuple[Doc, list[dict[str, Any]], list[Conflict]]:
    merged = dict(mine)
    my_rev = _chains(mine)
    their_rev = _chains(theirs)
    changes: list[dict[str, Any]] = []
    found: list[Conflict] = []
    mine_ahead: set[str] = set()  # fields I changed since the copies parted
    theirs_ahead: set[str] = set()  # fields they changed since the copies parted
    for name in sorted(set(mine) | set(theirs)):
        if name in BOOKKEEPING or name in ("id", "created"):
            continue
        if table == AuditMeta.TABLE and name in ("template_version", "template_title"):
            continue  # the template copy is not merged, so neither is its version
        a, b = my_rev.get(name, []), list(their_rev.get(name, []))
        if a == b:
            continue
        if _descends(a, b):
            mine_ahead.add(name)
            continue  # mine already has their change
        if _descends(b, a):
            theirs_ahead.add(name)
            if mine.get(name) != theirs.get(name):
                changes.append({"field": name, "old": mine.get(name), "new": theirs.get(name)})
            merged[name] = theirs.get(name)
            my_rev[name] = b
            continue
        if mine.get(name) == theirs.get(name):
            # Both made the same change: remember both chains; nothing to take, no conflict.
            my_rev[name] = a + [r for r in b if r not in a]
            continue
        mine_ahead.add(name)
        theirs_ahead.add(name)
        found.append(_conflict(audit_id, table, key, name, mine, theirs, a, b))
    edited_by_me = mine_ahead - {"deleted"}
    edited_by_them = theirs_ahead - {"deleted"}
    mine_deleted, theirs_deleted = mine.get("deleted") is True, theirs.get("deleted") is True
    if "deleted" in theirs_ahead and theirs_deleted and not mine_deleted and edited_by_me:
        if not any(c.field == "deleted" for c in found):
            # They deleted what I edited: keep it (with my edits) until the user decides.
            a, b = _chains(mine).get("deleted", []), list(their_rev.get("deleted", []))
            merged["deleted"] = mine.get("deleted", False)
            if a:
                my_rev["deleted"] = a
            else:
                my_rev.pop("deleted", None)
            changes = [c for c in changes if c["field"] != "deleted"]
            found.append(_conflict(audit_id, table, key, "deleted", mine, theirs, a, b))
    elif (
        "deleted" in mine_ahead
        and mine_deleted
        and not theirs_deleted
        and edited_by_them
        and not any(c.field == "deleted" for c in found)
    ):
        # I deleted what they edited: their edits are taken into the tombstone, and
        # the user decides whether the record comes back with them.
        a, b = my_rev.get("deleted", []), list(their_rev.get("deleted", []))
        found.append(_conflict(audit_id, table, key, "deleted", mine, theirs, a, b))
    merged["_rev"] = my_rev
    return merged, changes, found


def _conflict(
    audit_id: str, table: str, key: str, name: str, mine: Doc, theirs: Doc, a: list, b: list
) -> Conflict:
    return Conflict(
        id=conflict_id(audit_id, table, key, name, a, b),
        table=table,
        record_id=key,
        field=name,
        mine=mine.get(name, False if name == "deleted" else None),
        theirs=theirs.get(name, False if name == "deleted" else None),
        theirs_rev=list(b),
        item_id=str(mine.get("item_id", "") or ""),
        kind="delete_edit" if name == "deleted" else "field",
        mine_rev=list(a),
    )


def _merge_conflict_table(get: Getter, their_conflicts: dict[str, Doc]) -> Iterator[Step]:
    """Their conflicts join mine by id; a settled one wins over an unsettled one."""
    for key, theirs in their_conflicts.items():
        mine = get(CONFLICT_TABLE, key)
        if mine is None:
            yield Step(CONFLICT_TABLE, key, copy.deepcopy(theirs))
        elif not mine.get("resolved") and theirs.get("resolved"):
            yield Step(CONFLICT_TABLE, key, copy.deepcopy(theirs))


def _settled_elsewhere(get: Getter, all_docs: Callable[[str], list[Doc]]) -> Iterator[Step]:
    """Open conflicts that a merged-in settlement already decided are marked settled.

    A field settled on the other laptop arrives with a change chain that holds
    their side of the conflict and goes on past my side of it.
    """
    for c in all_docs(CONFLICT_TABLE):
        if c.get("resolved"):
            continue
        if c.get("kind") == "duplicate_source":
            live = [get(Source.TABLE, str(c.get(k, ""))) for k in ("record_id", "other_id")]
            if all(d is not None and not d.get("deleted") for d in live):
                continue
        else:
            doc = get(str(c.get("table", "")), str(c.get("record_id", "")))
            if doc is None:
                continue
            chain = _chains(doc).get(str(c.get("field", "")), [])
            theirs_rev, mine_rev = c.get("theirs_rev") or [], c.get("mine_rev") or []
            if not theirs_rev or theirs_rev[-1] not in chain:
                continue
            if mine_rev and chain and chain[-1] == mine_rev[-1]:
                continue  # still where the conflict left it (I deleted, they edited)
        yield Step(CONFLICT_TABLE, str(c["id"]), {**c, "resolved": SETTLED_ELSEWHERE})


def source_key(doc: Doc) -> tuple[str, str, str]:
    """What makes two sources the same: kind, role (interview) or title (document), date."""
    kind = str(doc.get("kind", ""))
    name = doc.get("role") if kind == "interview" else doc.get("title")
    return kind, " ".join(str(name or "").split()).casefold(), str(doc.get("date", "")).strip()


def _duplicate_sources(
    get: Getter, all_docs: Callable[[str], list[Doc]], audit_id: str, result: MergeResult
) -> Iterator[Step]:
    """A decision per pair of live sources that look the same (the older one is kept)."""
    groups: dict[tuple[str, str, str], list[Doc]] = {}
    for doc in all_docs(Source.TABLE):
        if not doc.get("deleted") and source_key(doc)[1]:
            groups.setdefault(source_key(doc), []).append(doc)
    for docs in groups.values():
        if len(docs) < 2:
            continue
        docs.sort(key=lambda d: (str(d.get("created", "")), str(d.get("id", ""))))
        keep = docs[0]
        for dup in docs[1:]:
            cid = stable_id(audit_id, f"duplicate-source:{keep['id']}:{dup['id']}")
            if get(CONFLICT_TABLE, cid) is not None:
                continue
            conflict = Conflict(
                id=cid,
                table=Source.TABLE,
                record_id=str(keep["id"]),
                field="",
                mine=Source.from_doc(keep).label(),
                theirs=Source.from_doc(dup).label(),
                theirs_rev=[],
                kind="duplicate_source",
                other_id=str(dup["id"]),
            )
            result.conflicts.append(conflict)
            yield Step(CONFLICT_TABLE, cid, conflict.to_doc())


def settle(doc: Doc, conflict: Conflict, choice: str) -> tuple[Doc, dict[str, Any]]:
    """The record after settling a field conflict, and the change made to it."""
    if choice not in FIELD_CHOICES:
        raise StoreError(
            f"a conflict of a field is settled with {', '.join(FIELD_CHOICES)}, not {choice!r}",
            code="bad_choice",
            choice=choice,
        )
    current = doc.get(conflict.field)
    if choice == "mine":
        value = current
    elif choice == "theirs":
        value = conflict.theirs
    else:
        if not isinstance(current, str) or not isinstance(conflict.theirs, str):
            raise StoreError("only texts can keep both versions", code="not_text")
        value = f"{current.rstrip()}\n\n{conflict.theirs.lstrip()}"
    rev = {k: list(v) for k, v in _chains(doc).items()}
    chain = rev.get(conflict.field, [])
    # The settlement descends from both sides, so a later merge of either copy keeps it.
    chain = chain + [r for r in conflict.theirs_rev if r not in chain] + [new_id()[:13]]
    rev[conflict.field] = chain
    settled = {**doc, conflict.field: value, "_rev": rev, "updated": rec.now()}
    return settled, {"field": conflict.field, "old": current, "new": value}


# -- the module functions of earlier versions, kept for callers not yet on the facade ---------


def merge_into(
    mine: Audit,
    theirs: dict[str, dict[str, Any]],
    progress: Callable[[float], None] | None = None,
) -> MergeResult:
    """Same as `mine.merge_copy(theirs, progress)`."""
    return mine.merge_copy(theirs, progress)


def conflicts(audit: Audit) -> list[Conflict]:
    """Same as `audit.conflicts()`."""
    return audit.conflicts()


def resolve(audit: Audit, conflict: Conflict, choice: str) -> None:
    """Same as `audit.resolve(conflict, choice)`."""
    audit.resolve(conflict, choice)
