"""Domain records: plain dataclasses with stable UUIDs, timestamps and author."""

from __future__ import annotations

import dataclasses
import functools
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal, Self


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
        names, tuples = _fields_of(cls)  # type: ignore[arg-type]  # a class is hashable
        values = {k: v for k, v in doc.items() if k in names}
        for name in tuples:
            if isinstance(values.get(name), list):
                values[name] = tuple(values[name])
        return cls(**values)


@functools.cache
def _fields_of(cls: type) -> tuple[frozenset[str], tuple[str, ...]]:
    """A record class's field names, and those stored as tuples (lists in JSON).

    Worked out once per class: `from_doc` runs for every record a screen shows,
    and asking `dataclasses.fields` each time was half its cost at 10,000 notes.
    """
    fields = dataclasses.fields(cls)
    tuples = tuple(f.name for f in fields if str(f.type).startswith("tuple"))
    return frozenset(f.name for f in fields), tuples


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
    evidence: str = ""  # document: the attached file's name in the evidence folder (store.evidence)
    evidence_sha256: str = ""  # its SHA-256, checked before it is opened
    evidence_name: str = ""  # the attached file's original name

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


# -- review (logic in store/review.py) -----------------------------------------------------

ReviewStateName = Literal["not_started", "in_progress", "ready_for_review", "reviewed"]
CommentTarget = Literal["question", "observation", "recommendation"]


@dataclass(kw_only=True)
class ReviewState(Record):
    """A question's review state as set by someone; one per question (a stable id)."""

    TABLE: ClassVar[str] = "review_states"
    item_id: str = ""
    state: ReviewStateName = "not_started"


@dataclass(kw_only=True)
class Comment(Record):
    """A reviewer's remark on a question, an observation or a recommendation, or an answer.

    An answer names the comment it answers in `reply_to` (always the first
    comment of the thread); resolving the first comment resolves its thread.
    `written_by` is who wrote it (`author` is whoever saved it last).
    Comments never reach the report.
    """

    TABLE: ClassVar[str] = "comments"
    target_kind: CommentTarget = "question"
    target_id: str = ""
    item_id: str = ""  # the question it concerns, to jump to ("" for a recommendation)
    text: str = ""
    written_by: str = field(default="", metadata={"max_len": 255})
    reply_to: str = field(default="", metadata={"max_len": 128})
    resolved: bool = False
    resolved_by: str = field(default="", metadata={"max_len": 255})
    resolved_at: str = field(default="", metadata={"max_len": 64})


@dataclass(kw_only=True)
class SignOff(Record):
    """Who signed off a question, when, and a fingerprint of what they signed."""

    TABLE: ClassVar[str] = "signoffs"
    item_id: str = ""
    signed_by: str = field(default="", metadata={"max_len": 255})
    signed_at: str = field(default="", metadata={"max_len": 64})
    fingerprint: str = field(default="", metadata={"max_len": 128})
    own_change: bool = False  # the last change before signing was the signer's own


FactCheckStatus = Literal["not_sent", "sent", "confirmed", "corrected"]


@dataclass(kw_only=True)
class FactCheck(Record):
    """The fact check (sakgranskning) of one observation: sent, confirmed or corrected.

    Its id derives from the observation's (`store.factcheck.check_id`), so two
    laptops' records of the same observation match in a merge; `item_id` is the
    observation's item, so the check shows in that question's history.
    """

    TABLE: ClassVar[str] = "factchecks"
    observation_id: str = ""
    item_id: str = ""
    check_status: FactCheckStatus = "not_sent"
    sent_on: str = field(default="", metadata={"max_len": 32})  # YYYY-MM-DD
    checked_on: str = field(default="", metadata={"max_len": 32})  # YYYY-MM-DD
    checked_by: str = field(default="", metadata={"max_len": 255})  # role or name, as typed
    correction: str = ""
    correction_applied: bool = False  # the correction was written into the observation
