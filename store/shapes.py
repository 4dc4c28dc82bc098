"""The shapes of an audit's bookkeeping tables: history, conflicts, template copy, quarantine.

The domain records are in `store/records.py`; these dataclasses declare the
documents the store keeps about them, so `store/validate.py` derives their
checks the same way (field names and types) and a field added here is checked
without touching the validator.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from dataclasses import field as dc_field
from typing import Any, Literal

HISTORY_TABLE = "history"
CONFLICT_TABLE = "conflicts"
TEMPLATE_TABLE = "template"
QUARANTINE_TABLE = "_quarantine"

ConflictKind = Literal["field", "delete_edit", "duplicate_source"]


@dataclass(kw_only=True)
class Change:
    """One field of a record changed: from `old` to `new`."""

    field: str
    old: Any = None
    new: Any = None


@dataclass(kw_only=True)
class HistoryEntry:
    """Who changed which fields of one record, when; `merge` when a merge took them."""

    id: str
    ts: str = ""
    author: str = ""
    table: str = ""
    record_id: str = ""
    item_id: str = ""
    changes: list[Change] = dc_field(default_factory=list)
    merge: bool = False


@dataclass
class Conflict:
    """A decision a merge left for the user.

    `kind` says which: "field" (both laptops changed a field since the copies
    parted), "delete_edit" (one laptop deleted a record the other edited; the
    field is `deleted`), or "duplicate_source" (the same interview or document
    was added on both laptops: `record_id` is the source kept, `other_id` the
    duplicate offered for joining into it). Conflict ids are derived from what
    conflicts, so both laptops name the same conflict alike and a settlement
    made on one carries to the other through a merge.
    """

    id: str
    table: str
    record_id: str
    field: str
    mine: Any
    theirs: Any
    theirs_rev: list[str]
    item_id: str = ""
    resolved: str = ""
    kind: ConflictKind = "field"
    mine_rev: list[str] = dc_field(default_factory=list)
    other_id: str = ""

    def to_doc(self) -> dict[str, Any]:
        """The conflict as a JSON-ready dict."""
        return dict(self.__dict__)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Conflict:
        """The conflict from a stored dict; fields a newer Granska added are ignored."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in doc.items() if k in names})


@dataclass(kw_only=True)
class RemovedItem:
    """An item a template update removed, as it was."""

    kind: str = "question"
    text: str = ""


@dataclass(kw_only=True)
class TemplateCopy:
    """The audit's own copy of its template (the YAML text and where it came from)."""

    yaml: str = ""
    source: str = ""
    id: str = ""
    version: int = 0
    removed: dict[str, RemovedItem] = dc_field(default_factory=dict)


@dataclass(kw_only=True)
class Quarantined:
    """A document that failed validation when its file was opened, kept whole beside the rest."""

    id: str
    table: str = ""
    record_id: str = ""
    reason: str = ""
    ts: str = ""
    # Kept exactly as it was found, however bad: that is the point of the quarantine.
    doc: Any = dc_field(default=None, metadata={"unchecked": True})
