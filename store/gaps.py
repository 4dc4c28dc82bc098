"""The review dashboard: progress per section, and the lists of what is left to do.

Each list is one entry of `GAP_LISTS`: a key (the UI shows `gap_<key>`) and a
function of `Facts`, the audit read once. Adding a list is one line there
(and its two catalogue texts). Every entry says where it jumps: a question
(`item_id`) and, for an observation, recommendation, comment or conflict, the
record (`record_id`). The rules of review states and sign-offs are in
`store/review.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from store.records import Assessment, Observation
from store.review import STATES, content_by_item, open_comments, review_states, stale_signoffs

if TYPE_CHECKING:
    from checklists import Item
    from store.audit import Audit

EntryKind = Literal["item", "observation", "recommendation", "comment", "conflict"]


@dataclass(frozen=True)
class GapEntry:
    """One line of a dashboard list: what it is about and where it jumps."""

    kind: EntryKind
    item_id: str  # the question to select ("" when there is none)
    record_id: str  # the observation, recommendation, comment or conflict ("" for a question)
    text: str


@dataclass(frozen=True)
class SectionProgress:
    """How many of a section's questions are in each review state."""

    section_id: str
    title: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Facts:
    """The audit read once for the dashboard's lists (each list is a function of it)."""

    audit: Audit
    work: dict[str, str] = field(default_factory=dict)

    @cached_property
    def questions(self) -> list[Item]:
        """The template's items and the sections assessed on their own, in order."""
        from checklists import Item

        out: list[Item] = []
        for section in self.audit.template.sections:
            if section.assessed:
                out.append(Item(section.id, "question", section.title))
            out.extend(section.items)
        return out

    @cached_property
    def observations(self) -> list[Observation]:
        return self.audit.observations()

    @cached_property
    def observed(self) -> set[str]:
        return {o.item_id for o in self.observations}

    @cached_property
    def assessments(self) -> dict[str, Assessment]:
        return {a.item_id: a for a in self.audit.all(Assessment)}

    @cached_property
    def content(self) -> dict[str, list[object]]:
        return content_by_item(self.audit)


def _item(item: Item) -> GapEntry:
    return GapEntry("item", item.id, "", item.text)


def _no_observations(f: Facts) -> list[GapEntry]:
    sections = {s.id for s in f.audit.template.assessed_sections()}
    return [
        _item(i)
        for i in f.questions
        if i.kind not in ("analysis", "kpi") and i.id not in sections and i.id not in f.observed
    ]


def _no_assessment(f: Facts) -> list[GapEntry]:
    return [_item(i) for i in f.questions if f.work.get(i.id, "empty") != "assessed"]


def _no_reasoning(f: Facts) -> list[GapEntry]:
    out = []
    for i in f.questions:
        a = f.assessments.get(i.id)
        if i.kind != "analysis" and a is not None and a.value and not a.reasoning.strip():
            out.append(_item(i))
    return out


def _observation(o: Observation) -> GapEntry:
    return GapEntry("observation", o.item_id, o.id, o.text)


def _no_source(f: Facts) -> list[GapEntry]:
    return [_observation(o) for o in f.observations if not o.source_ids]


def _unfinished(f: Facts) -> list[GapEntry]:
    return [_observation(o) for o in f.observations if o.unfinished]


def _inbox(f: Facts) -> list[GapEntry]:
    from store.inbox import inbox_notes

    return [_observation(o) for o in inbox_notes(f.audit)]


def _not_fact_checked(f: Facts) -> list[GapEntry]:
    from store.factcheck import unchecked

    return [_observation(o) for o in unchecked(f.audit)]


def _open_comments(f: Facts) -> list[GapEntry]:
    return [GapEntry("comment", c.item_id, c.id, c.text) for c in open_comments(f.audit)]


def _stale(f: Facts) -> list[GapEntry]:
    by_id = {i.id: i for i in f.questions}
    return [
        GapEntry("item", s.item_id, s.id, by_id[s.item_id].text if s.item_id in by_id else "")
        for s in stale_signoffs(f.audit, f.content)
    ]


def _loose_recommendations(f: Facts) -> list[GapEntry]:
    known = {i.id for i in f.questions}
    return [
        GapEntry("recommendation", "", r.id, r.text)
        for r in f.audit.recommendations()
        if not any(i in known for i in r.item_ids)
    ]


def _conflicts(f: Facts) -> list[GapEntry]:
    return [
        GapEntry("conflict", c.item_id, c.id, f"{c.field or c.table}: {c.mine}")
        for c in f.audit.conflicts()
    ]


GapList = Callable[[Facts], list[GapEntry]]

# The dashboard's lists, in the order shown; the key names the list (`gap_<key>` in the UI).
GAP_LISTS: dict[str, GapList] = {
    "no_observations": _no_observations,
    "no_assessment": _no_assessment,
    "no_reasoning": _no_reasoning,
    "no_source": _no_source,
    "unfinished": _unfinished,
    "not_fact_checked": _not_fact_checked,
    "inbox": _inbox,
    "open_comments": _open_comments,
    "stale_signoffs": _stale,
    "loose_recommendations": _loose_recommendations,
    "conflicts": _conflicts,
}


@dataclass(frozen=True)
class Gaps:
    """The dashboard: progress per section, and each list of what is left (possibly empty)."""

    progress: list[SectionProgress]
    lists: dict[str, list[GapEntry]]


def gaps(audit: Audit) -> Gaps:
    """Progress per section by review state, and every list of `GAP_LISTS`."""
    facts = Facts(audit, audit.item_states())
    states = review_states(audit, facts.work)
    progress = []
    for section in audit.template.sections:
        ids = ([section.id] if section.assessed else []) + [i.id for i in section.items]
        counts: dict[str, int] = {s: 0 for s in STATES}
        for item_id in ids:
            counts[states.get(item_id, "not_started")] += 1
        progress.append(SectionProgress(section.id, section.title, counts))
    return Gaps(progress, {key: make(facts) for key, make in GAP_LISTS.items()})
