"""What was found: audit records and their durable TinyDB home.

The facade: open, create, list and recover audits, the records, and the
errors (each with a `code` and `params` for the UI). The engine underneath
(`store.durable`, `store.journal`, `store.writer`, ...) is not part of it.

The errors are imported at once; everything else on first use (PEP 562). The
app imports `store` at start for its errors and its workspace listing, and the
engine (the audit, the journal, merge, review, search: about 60 ms of imports)
is only loaded when an audit is opened.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from store.errors import (
    AuditLocked,
    AuditNotWritable,
    CannotWrite,
    CorruptAudit,
    MissingAudit,
    StoreError,
)
from store.problems import Problem

if TYPE_CHECKING:
    from store.audit import Audit
    from store.records import (
        Assessment,
        AuditMeta,
        Comment,
        Observation,
        Recommendation,
        ReviewState,
        SignOff,
        Source,
    )
    from store.recovery import (
        Recovery,
        recover,
        recover_audit,
    )
    from store.search import (
        Hits,
        SearchIndex,
        SearchResult,
    )
    from store.workspace import (
        create_audit,
        default_workspace,
        ensure_workspace,
        find_audit,
        list_audits,
        open_audit,
    )

_WHERE = {
    "Audit": "store.audit",
    "Assessment": "store.records",
    "AuditMeta": "store.records",
    "Comment": "store.records",
    "Observation": "store.records",
    "Recommendation": "store.records",
    "ReviewState": "store.records",
    "SignOff": "store.records",
    "Source": "store.records",
    "Recovery": "store.recovery",
    "recover": "store.recovery",
    "recover_audit": "store.recovery",
    "Hits": "store.search",
    "SearchIndex": "store.search",
    "SearchResult": "store.search",
    "create_audit": "store.workspace",
    "default_workspace": "store.workspace",
    "ensure_workspace": "store.workspace",
    "find_audit": "store.workspace",
    "list_audits": "store.workspace",
    "open_audit": "store.workspace",
}


def __getattr__(name: str) -> Any:
    """A facade name not yet loaded: import its module now, and keep it."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Assessment",
    "Audit",
    "AuditLocked",
    "AuditMeta",
    "AuditNotWritable",
    "CannotWrite",
    "Comment",
    "CorruptAudit",
    "Hits",
    "MissingAudit",
    "Observation",
    "Problem",
    "Recommendation",
    "Recovery",
    "ReviewState",
    "SearchIndex",
    "SearchResult",
    "SignOff",
    "Source",
    "StoreError",
    "create_audit",
    "default_workspace",
    "ensure_workspace",
    "find_audit",
    "list_audits",
    "open_audit",
    "recover",
    "recover_audit",
]
