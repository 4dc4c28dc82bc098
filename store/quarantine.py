"""Records in an audit file that fail validation are set aside, never lost, never fatal.

When an audit is opened, every document is checked (`store.validate.scan`).
One bad record must not stop the auditor from working or exporting, and must
not be thrown away, so:

- A bad record is moved whole into the `_quarantine` table of the same file
  (with the table, its key, why it failed and when). It no longer shows in the
  app or the report; it is kept in the file, is never merged into other
  copies, and can be inspected or put back by hand (`Audit.quarantined()`).
- The audit record itself cannot be set aside (there would be no audit): its
  original goes to the quarantine and the bad fields are reset to their
  defaults, so the audit opens with everything else intact. An audit record
  whose id is bad cannot be repaired and is refused with a message.
- The template copy is left where it is: `Audit.template` reports it damaged.
- Opened read-only, the file is not changed: bad records are only hidden in
  memory and listed the same way.

A file this machine has validated whole before (the same bytes, the same
validator: `store.validated`) is not checked again; a full check that finds
nothing left in place marks the file valid, so the next one can be skipped.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from store import records as rec
from store.durable import DurableFile
from store.errors import StoreError
from store.fileformat import FORMAT_TABLE
from store.records import AuditMeta, new_id
from store.shapes import QUARANTINE_TABLE, TEMPLATE_TABLE, Quarantined
from store.validate import META_ID, Problem, check_doc, scan

LEFT_IN_PLACE = {FORMAT_TABLE, TEMPLATE_TABLE, QUARANTINE_TABLE}


def set_aside(file: DurableFile) -> list[Quarantined]:
    """Move every bad record of an open file into its quarantine; returns what was moved."""
    if file.already_validated():
        file.mark_valid(stamp=False)
        return []
    with file.reading() as data:
        found = scan(data)
        problems = [p for p in found if p.table not in LEFT_IN_PLACE]
        # Found by its whole key: `record_id` is cut for messages.
        originals = [(p, _key(p), data.get(p.table, {}).get(_key(p))) for p in problems]
    moved: list[Quarantined] = []
    for problem, key, doc in originals:
        entry = Quarantined(
            id=new_id(),
            table=problem.table,
            record_id=problem.record_id,
            reason=str(problem),
            ts=rec.now(),
            doc=doc,
        )
        if problem.table == AuditMeta.TABLE and key == META_ID:
            replacement: dict[str, Any] | None = _repair_meta(problem, doc)
        else:
            replacement = None
        if file.read_only:
            with file.reading() as data:
                if replacement is None:
                    data.get(problem.table, {}).pop(key, None)
                else:
                    data[problem.table][key] = replacement
        else:
            file.put(QUARANTINE_TABLE, entry.id, dataclasses.asdict(entry))
            file.put(problem.table, key, replacement)
        moved.append(entry)
    if not found:
        file.mark_valid()
    elif not file.read_only:
        with file.reading() as data:
            clean = not scan(data)  # checked again: what was moved, and the entries made
        if clean:
            file.mark_valid()  # stamped at the next compaction
    return moved


def _key(problem: Problem) -> Any:
    return problem.key if problem.key is not None else problem.record_id


def _repair_meta(problem: Problem, doc: Any) -> dict[str, Any]:
    """The audit record with each bad field reset to its default."""
    if not isinstance(doc, dict) or problem.field in ("", "id"):
        raise StoreError(
            f"the audit record is damaged beyond repair: {problem}",
            code="bad_record",
            **problem.params(),
        )
    defaults = {
        f.name: f.default for f in dataclasses.fields(AuditMeta) if f.name not in ("id", "TABLE")
    }
    repaired = dict(doc)
    for _ in range(len(repaired) + 1):
        found = check_doc(AuditMeta.TABLE, META_ID, repaired)
        if found is None:
            return repaired
        if found.field in ("", "id"):
            break
        if found.field in defaults:
            repaired[found.field] = defaults[found.field]
        else:
            repaired.pop(found.field, None)
    raise StoreError(
        f"the audit record is damaged beyond repair: {problem}",
        code="bad_record",
        **problem.params(),
    )
