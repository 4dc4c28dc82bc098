"""Domain records: plain dataclasses with stable UUIDs, timestamps and author."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Self


def now() -> str:
    """The current local time as ISO text to the second; tests freeze it."""
    return datetime.now().astimezone().replace(microsecond=0).isoformat()


def new_id() -> str:
    """A new record id, unique across laptops."""
    return str(uuid.uuid4())


def stable_id(audit_id: str, name: str) -> str:
    """A record id derived from the audit and a name, the same on every laptop."""
    return str(uuid.uuid5(uuid.UUID(audit_id), name))


@dataclass(kw_only=True)
class Record:
    """Fields every record has."""

    TABLE: ClassVar[str] = ""
    id: str = field(default_factory=new_id)
    created: str = ""
    updated: str = ""
    author: str = ""
    deleted: bool = False

    def to_doc(self) -> dict[str, Any]:
        """The record as a JSON-ready dict."""
        return dataclasses.asdict(self)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Self:
        """The record from a stored dict; unknown keys are ignored, missing ones defaulted."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in doc.items() if k in names}
        for f in dataclasses.fields(cls):
            if f.name in values and isinstance(values[f.name], list) and f.type.startswith("tuple"):
                values[f.name] = tuple(values[f.name])
        return cls(**values)


@dataclass(kw_only=True)
class AuditMeta(Record):
    """The audit itself: what, where, who, and the texts that are not per question."""

    TABLE: ClassVar[str] = "audit"
    title: str = ""
    municipality: str = ""
    committee: str = ""
    year: str = ""
    auditors: tuple[str, ...] = ()
    template_id: str = ""
    template_version: int = 0
    template_title: str = ""
    background: str = ""
    purpose: str = ""
    method: str = ""
    overall_assessment: str = ""
    report_date: str = ""  # the date the report carries (YYYY-MM-DD); empty: not decided
    # The overall assessment's value on the template's `overall:` scale (a value id).
    overall_value: str = ""


@dataclass(kw_only=True)
class Source(Record):
    """Where an observation comes from: an interview (a role) or a document (a title).

    The register's rules (dates, editing, deleting) are in `store.sources`.
    """

    TABLE: ClassVar[str] = "sources"
    kind: str = "interview"  # interview | document
    role: str = ""  # interview: the role or function interviewed
    unit: str = ""  # interview: the unit or administration (förvaltning)
    present: str = field(default="", metadata={"max_len": 1_000})  # interview: who was present
    # interview: the names of those interviewed; personal data, never in the report
    names: str = field(default="", metadata={"max_len": 1_000, "personal": True})
    title: str = ""  # document
    date: str = ""  # YYYY-MM-DD; a document may have just a year (YYYY)
    reference: str = ""  # document: its reference (diarienummer)

    def label(self) -> str:
        """A short human label: the role or the title, with the date."""
        name = self.role if self.kind == "interview" else self.title
        return f"{name}, {self.date}" if self.date else name


@dataclass(kw_only=True)
class Observation(Record):
    """A fact found, filed on an item, citing its sources."""

    TABLE: ClassVar[str] = "observations"
    item_id: str = ""
    text: str = ""
    source_ids: tuple[str, ...] = ()
    unfinished: bool = False  # being typed; cleared when the editor is closed


@dataclass(kw_only=True)
class Assessment(Record):
    """The auditor's judgement of an item on its scale, with reasoning."""

    TABLE: ClassVar[str] = "assessments"
    item_id: str = ""
    value: str = ""
    reasoning: str = ""


@dataclass(kw_only=True)
class Recommendation(Record):
    """What the committee should do, tied to items."""

    TABLE: ClassVar[str] = "recommendations"
    text: str = ""
    item_ids: tuple[str, ...] = ()


@dataclass(kw_only=True)
class KpiValue(Record):
    """One measured value of a KPI: a period and a breakdown (total, women, men)."""

    TABLE: ClassVar[str] = "kpi_values"
    item_id: str = ""
    period: str = ""
    breakdown: str = ""
    value: str = ""
