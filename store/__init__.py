"""What was found: audit records and their durable TinyDB home.

The facade: open, create, list and recover audits, the records, and the
errors (each with a `code` and `params` for the UI). The engine underneath
(`store.durable`, `store.journal`, `store.writer`, ...) is not part of it.
"""

from store.audit import Audit
from store.errors import (
    AuditLocked,
    AuditNotWritable,
    CannotWrite,
    CorruptAudit,
    MissingAudit,
    StoreError,
)
from store.problems import Problem
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
from store.recovery import Recovery, recover, recover_audit
from store.search import Hits, SearchIndex, SearchResult
from store.workspace import (
    create_audit,
    default_workspace,
    ensure_workspace,
    find_audit,
    list_audits,
    open_audit,
)

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
