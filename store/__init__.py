"""What was found: audit records and their durable TinyDB home."""

from store.audit import Audit
from store.durable import (
    AuditLocked,
    AuditNotWritable,
    CannotWrite,
    CorruptAudit,
    DurableFile,
    StoreError,
    Writer,
    recover,
)
from store.records import Assessment, AuditMeta, Observation, Recommendation, Source
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
    "AuditNotWritable",
    "CannotWrite",
    "AuditMeta",
    "CorruptAudit",
    "DurableFile",
    "Observation",
    "Recommendation",
    "Source",
    "StoreError",
    "Writer",
    "create_audit",
    "default_workspace",
    "ensure_workspace",
    "find_audit",
    "list_audits",
    "open_audit",
    "recover",
]
