"""An open audit: typed reads and writes of its records, with history."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from tinydb import where

from checklists import ChecklistError, Item, Template, parse_template
from store import evidence, gaps, merge, review, validate
from store import inbox as inbox_store
from store import records as rec
from store import sources as register
from store.durable import DurableFile
from store.errors import StoreError
from store.merge import MergeResult
from store.problems import Problem
from store.quarantine import set_aside
from store.records import (
    Assessment,
    AuditMeta,
    KpiValue,
    Observation,
    Recommendation,
    Record,
    Source,
    new_id,
    stable_id,
)
from store.search import SearchIndex
from store.shapes import (
    CONFLICT_TABLE,
    HISTORY_TABLE,
    QUARANTINE_TABLE,
    TEMPLATE_TABLE,
    Conflict,
    Quarantined,
)
from store.writer import Writer

R = TypeVar("R", bound=Record)
META_ID = "audit"
BOOKKEEPING = {"updated", "author", "_rev"}


def default_author() -> str:
    """Who is writing: GRANSKA_AUTHOR, else the login name."""
    name = os.environ.get("GRANSKA_AUTHOR")
    if name:
        return name
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name available
        return "okänd"


class Audit:
    """One audit's records, read from memory and saved through its DurableFile."""

    def __init__(self, file: DurableFile, author: str | None = None):
        self.file = file
        self.author = author or default_author()
        self.on_change: Callable[[Record | None], None] | None = None
        """Called after every change: with the record saved, or None when many changed
        at once (a merge, a settled conflict), so a cache can drop only what is stale."""
        if self.file.get(AuditMeta.TABLE, META_ID) is None:
            raise StoreError(
                f"{file.path.name}: not an audit (no audit record)",
                code="not_audit",
                file=file.path.name,
            )
        # Records that fail validation are moved aside, never fatal, never lost.
        self.set_aside: list[Quarantined] = set_aside(self.file)

    @property
    def path(self) -> Path:
        """The audit's file."""
        return self.file.path

    @property
    def problems(self) -> list[Problem]:
        """What opening found damaged and left out (journal lines, a missing journal,
        records that failed validation and were set aside)."""
        aside = [
            Problem(
                "record_set_aside",
                f"{q.reason}; set aside (kept in the file, not shown)",
                {"table": q.table, "record_id": q.record_id, "reason": q.reason},
            )
            for q in self.set_aside
        ]
        return list(self.file.problems) + aside

    @property
    def read_only(self) -> bool:
        """Whether this audit was opened read-only."""
        return self.file.read_only

    # -- template ----------------------------------------------------------------

    @cached_property
    def template(self) -> Template:
        """The audit's own copy of the template it was started from."""
        doc = self.file.get(TEMPLATE_TABLE, "template") or {}
        problem = validate.check_doc(TEMPLATE_TABLE, "template", doc) if doc else None
        if problem is not None:
            raise StoreError(
                f"{self.path.name}: its template copy is damaged: {problem}",
                code="bad_template",
                **problem.params(),
            )
        try:
            return parse_template(
                doc.get("yaml", ""),
                f"{self.path.name} (template copy)",
                source=doc.get("source", ""),
            )
        except ChecklistError as exc:
            raise StoreError(
                f"{self.path.name}: its template copy is damaged: {exc.problems[0]}",
                "template_damaged",
                file=self.path.name,
            ) from None

    # -- generic ----------------------------------------------------------------

    def _load(self, cls: type[R], doc: dict[str, Any] | None) -> R | None:
        return cls.from_doc(doc) if doc is not None else None

    def get(self, cls: type[R], record_id: str) -> R | None:
        """A live (not deleted) record by id."""
        record = self._load(cls, self.file.get(cls.TABLE, record_id))
        return record if record is not None and not record.deleted else None

    def all(self, cls: type[R]) -> list[R]:
        """Every live record of a kind, oldest first."""
        return [r for d in self.file.all(cls.TABLE) if not (r := cls.from_doc(d)).deleted]

    def save(self, record: R) -> R:
        """Store a record: stamp it, record what changed in the history, queue it for disk."""
        stamp = rec.now()
        key = META_ID if isinstance(record, AuditMeta) else record.id
        old = self.file.get(record.TABLE, key)
        doc = record.to_doc()
        doc["created"] = (old or {}).get("created") or record.created or stamp
        doc["author"] = self.author
        rev: dict[str, list[str]] = {k: list(v) for k, v in ((old or {}).get("_rev") or {}).items()}
        changes = []
        for name, value in doc.items():
            if name in BOOKKEEPING or name in ("created", "id"):
                continue
            before = (old or {}).get(name)
            if old is None or _norm(before) != _norm(value):
                change_id = new_id()[:13]
                rev[name] = rev.get(name, []) + [change_id]  # whole chain: merges need it
                if old is not None or value not in ("", (), [], None, False):
                    changes.append({"field": name, "old": before, "new": value})
        if old is not None and not changes:
            return record.__class__.from_doc({**old})
        doc["updated"] = stamp
        doc["_rev"] = rev
        problem = validate.check_doc(record.TABLE, key, doc)
        if problem is not None:
            raise StoreError(f"cannot save: {problem}", code="bad_record", **problem.params())
        self.file.put(record.TABLE, key, doc)
        if changes:
            self._log(record.TABLE, record.id, doc.get("item_id", ""), changes, stamp)
        saved = record.__class__.from_doc(doc)
        if self.on_change:
            self.on_change(saved)
        return saved

    def _log(
        self,
        table: str,
        record_id: str,
        item_id: Any,
        changes: list[dict[str, Any]],
        stamp: str | None = None,
        *,
        merge: bool = False,
    ) -> None:
        """Queue one history entry: who changed which fields of a record, when.

        The one place a history entry is built (edits, merges and settled
        conflicts all come through here), so its shape cannot drift.
        """
        entry: dict[str, Any] = {
            "id": new_id(),
            "ts": stamp or rec.now(),
            "author": self.author,
            "table": table,
            "record_id": record_id,
            "item_id": item_id if isinstance(item_id, str) else "",
            "changes": changes,
        }
        if merge:
            entry["merge"] = True
        self.file.put(HISTORY_TABLE, entry["id"], entry)

    def delete(self, record: Record) -> None:
        """Delete a record, keeping a tombstone so a merge does not bring it back."""
        current = self.file.get(record.TABLE, record.id)
        if current is None or current.get("deleted"):
            return
        self.save(record.__class__.from_doc({**current, "deleted": True}))

    def history(self, item_id: str | None = None) -> list[dict[str, Any]]:
        """Changes, newest first; only those of one item when given."""
        if item_id is None:
            docs = self.file.all(HISTORY_TABLE)
        else:
            docs = self.file.search(HISTORY_TABLE, where("item_id") == item_id)
        return sorted(docs, key=lambda d: str(d.get("ts", "")), reverse=True)

    def last_change(self) -> str:
        """The stamp of the newest change to any record: a note, a source, an assessment,
        a recommendation, a KPI value or the audit's own fields ("" when none has one)."""
        newest = ""
        with self.file.reading() as data:
            for table in validate.record_tables():
                for doc in data.get(table, {}).values():
                    stamp = doc.get("updated") if isinstance(doc, dict) else None
                    if isinstance(stamp, str) and stamp > newest:
                        newest = stamp
        return newest

    # -- the audit record ---------------------------------------------------------

    @property
    def meta(self) -> AuditMeta:
        """The audit record."""
        meta = self._load(AuditMeta, self.file.get(AuditMeta.TABLE, META_ID))
        assert meta is not None
        return meta

    def update_meta(self, **fields: Any) -> AuditMeta:
        """Change fields of the audit record."""
        meta = self.meta
        for key, value in fields.items():
            if not hasattr(meta, key):
                raise AttributeError(key)
            setattr(meta, key, tuple(value) if isinstance(value, list) else value)
        return self.save(meta)

    # -- observations, sources, assessments, recommendations -------------------------

    def observations(self, item_id: str | None = None) -> list[Observation]:
        """Live observations, of one item when given, oldest first."""
        if item_id is None:
            return self.all(Observation)
        # A plain pass over the table under the lock: TinyDB's query evaluation cost
        # ten times more, and the screen asks once per change (2,500 notes in 5 ms).
        with self.file.reading() as data:
            docs = [
                dict(d)
                for d in data.get(Observation.TABLE, {}).values()
                if d.get("item_id") == item_id and not d.get("deleted")
            ]
        return sorted((Observation.from_doc(d) for d in docs), key=lambda o: o.created)

    def add_observation(
        self, item_id: str, text: str, source_ids: list[str] | tuple[str, ...] = ()
    ) -> Observation:
        """File a new observation on an item."""
        return self.save(Observation(item_id=item_id, text=text, source_ids=tuple(source_ids)))

    def inbox(self) -> list[Observation]:
        """Notes filed without a question (`item_id` empty), oldest first (store/inbox.py)."""
        return inbox_store.inbox_notes(self)

    def move_observation(self, observation_id: str, item_id: str) -> Observation:
        """Move a note to another question, or to the inbox with item_id "" (store/inbox.py)."""
        return inbox_store.move_observation(self, observation_id, item_id)

    def sources(self) -> list[Source]:
        """Live sources, oldest first."""
        return self.all(Source)

    def add_source(self, kind: str, **fields: str) -> Source:
        """The source with these details (role, unit, present, names, title, date,
        reference), reused when the same one (kind, role or title, date) exists: then
        only the fields it lacks are filled in.

        Checked as `update_source` is (StoreError "bad_date", ...).
        """
        wanted = register.edited(Source(kind=kind), fields)
        for s in self.sources():
            if (s.kind, s.role, s.title, s.date) == (kind, wanted.role, wanted.title, wanted.date):
                missing = register.filled_from(s, wanted)
                return self.update_source(s.id, **missing) if missing else s
        return self.save(wanted)

    def update_source(self, source_id: str, **fields: str) -> Source:
        """Change fields of a source (role, unit, present, names, title, date, reference).

        Raises StoreError: "no_source", "not_source_field", "bad_date" (see `store.sources`).
        """
        source = self.get(Source, source_id)
        if source is None:
            raise StoreError(
                f"no source {source_id!r} in this audit", "no_source", source_id=source_id
            )
        return self.save(register.edited(source, fields))

    def delete_source(self, source_id: str) -> None:
        """Delete a source no observation cites; one that is cited is refused ("source_in_use")."""
        count = self.source_usage().get(source_id, 0)
        if count:
            raise StoreError(
                f"{count} observation(s) cite this source; merge it into another instead",
                "source_in_use",
                count=count,
            )
        source = self.get(Source, source_id)
        if source is not None:
            self.delete(source)

    def attach_evidence(self, source_id: str, path: Path | str) -> Source:
        """Copy a file into the evidence folder and attach it to a document source.

        Raises StoreError "no_source", "evidence_not_document", "evidence_missing",
        "evidence_too_large" (see `store.evidence`). A file attached before is kept.
        """
        source = self._source(source_id)
        if source.kind != "document":
            raise StoreError("only a document source carries a file", code="evidence_not_document")
        file = evidence.check_source_file(Path(path))
        name, sha = evidence.store_file(self.path, file)
        source.evidence, source.evidence_sha256, source.evidence_name = name, sha, file.name
        return self.save(source)

    def evidence_path(self, source_id: str) -> Path:
        """The source's evidence file, its checksum verified first.

        Raises StoreError "evidence_missing" or "evidence_damaged" (with `file`).
        """
        source = self._source(source_id)
        return evidence.verified(self.path, source.evidence, source.evidence_sha256)

    def _source(self, source_id: str) -> Source:
        source = self.get(Source, source_id)
        if source is None:
            raise StoreError(
                f"no source {source_id!r} in this audit", "no_source", source_id=source_id
            )
        return source

    def source_usage(self) -> dict[str, int]:
        """How many live observations cite each live source (0 for none), in one pass."""
        with self.file.reading() as data:
            cited = [
                d.get("source_ids") or ()
                for d in data.get(Observation.TABLE, {}).values()
                if not d.get("deleted")
            ]
            live = [k for k, d in data.get(Source.TABLE, {}).items() if not d.get("deleted")]
        return register.usage(live, cited)

    def merge_sources(self, keep_id: str, duplicate_id: str) -> int:
        """Fold a duplicate source into the one kept; returns how many observations moved.

        Every live observation citing the duplicate cites the kept source instead
        (once, in the same place), the duplicate is deleted (a tombstone, so a
        merge does not bring it back), and each change gets its own history entry.
        """
        if keep_id == duplicate_id:
            raise StoreError("a source cannot be merged into itself", code="same_source")
        keep, duplicate = self.get(Source, keep_id), self.get(Source, duplicate_id)
        for wanted, found in ((keep_id, keep), (duplicate_id, duplicate)):
            if found is None:
                raise StoreError(
                    f"no source {wanted!r} in this audit", code="no_source", source_id=wanted
                )
        moved = 0
        for obs in self.observations():
            if duplicate_id not in obs.source_ids:
                continue
            ids: list[str] = []
            for sid in obs.source_ids:
                sid = keep_id if sid == duplicate_id else sid
                if sid not in ids:
                    ids.append(sid)
            obs.source_ids = tuple(ids)
            self.save(obs)
            moved += 1
        assert duplicate is not None and keep is not None
        missing = register.filled_from(keep, duplicate)  # the kept source loses nothing
        if missing:
            self.update_source(keep_id, **missing)
        self.delete(duplicate)
        for c in self.file.all(CONFLICT_TABLE):
            pair = {c.get("record_id"), c.get("other_id")}
            if c.get("kind") == "duplicate_source" and not c.get("resolved"):
                if duplicate_id in pair:
                    self.file.put(CONFLICT_TABLE, c["id"], {**c, "resolved": "join"})
        return moved

    def assessment(self, item_id: str) -> Assessment | None:
        """The assessment of an item, if any."""
        return self.get(Assessment, stable_id(self.meta.id, "assessment:" + item_id))

    def set_assessment(self, item_id: str, value: str, reasoning: str) -> Assessment:
        """Set an item's assessment; its id is the same on every laptop, so merges match it.

        A section with an assessment of its own (`assessment:` in the template) is
        assessed the same way, with its section id: ids are unique across sections
        and items, so the record is "assessment:<section id>".
        """
        record = self.assessment(item_id) or Assessment(
            id=stable_id(self.meta.id, "assessment:" + item_id), item_id=item_id
        )
        record.value, record.reasoning = value, reasoning
        return self.save(record)

    def set_overall(self, value: str, text: str | None = None) -> AuditMeta:
        """Set the overall assessment: its value on the template's overall scale, and text.

        The value must be one of the overall scale's value ids ('' clears it); the
        text is left as it is when not given.
        """
        scale = self.template.overall()
        if value and (scale is None or scale.value(value) is None):
            choices = ", ".join(v.id for v in scale.values) if scale else "none"
            raise ValueError(f"{value!r} is not a value of the overall scale ({choices})")
        fields: dict[str, Any] = {"overall_value": value}
        if text is not None:
            fields["overall_assessment"] = text
        return self.update_meta(**fields)

    def recommendations(self) -> list[Recommendation]:
        """Live recommendations, oldest first."""
        return self.all(Recommendation)

    def add_recommendation(
        self, text: str, item_ids: list[str] | tuple[str, ...] = ()
    ) -> Recommendation:
        """A new recommendation tied to items."""
        return self.save(Recommendation(text=text, item_ids=tuple(item_ids)))

    def kpi_values(self, item_id: str) -> dict[tuple[str, str], str]:
        """A KPI's values by (period, breakdown)."""
        docs = self.file.search(KpiValue.TABLE, where("item_id") == item_id)
        return {(d["period"], d["breakdown"]): d["value"] for d in docs if not d.get("deleted")}

    def set_kpi_value(self, item_id: str, period: str, breakdown: str, value: str) -> KpiValue:
        """Set one value of a KPI; its id is the same on every laptop."""
        key = stable_id(self.meta.id, f"kpi:{item_id}:{period}:{breakdown}")
        record = self.get(KpiValue, key) or KpiValue(
            id=key, item_id=item_id, period=period, breakdown=breakdown
        )
        record.value = value.strip()
        return self.save(record)

    # -- fact check (sakgranskning): logic in store/factcheck.py ------------------------

    def fact_check(self, observation_id: str) -> rec.FactCheck | None:
        """The fact check of an observation, if it was sent or answered."""
        from store import factcheck

        return factcheck.fact_check(self, observation_id)

    def set_fact_check(
        self,
        observation_id: str,
        status: rec.FactCheckStatus,
        *,
        correction: str = "",
        checked_by: str = "",
        checked_on: str = "",
    ) -> rec.FactCheck:
        """Record an observation's fact check (see `store.factcheck.set_fact_check`)."""
        from store import factcheck

        return factcheck.set_fact_check(
            self,
            observation_id,
            status,
            correction=correction,
            checked_by=checked_by,
            checked_on=checked_on,
        )

    def mark_fact_check_sent(self, observation_ids: list[str], on: str = "") -> int:
        """Record that these observations were sent for fact check (see `store.factcheck`)."""
        from store import factcheck

        return factcheck.mark_sent(self, observation_ids, on)

    def apply_correction(self, observation_id: str, text: str | None = None) -> Observation:
        """Write an observation's recorded correction into its text, with history."""
        from store import factcheck

        return factcheck.apply_correction(self, observation_id, text)

    # -- state ------------------------------------------------------------------------

    def item_states(self) -> dict[str, str]:
        """The state of every template item and of every section assessed on its own.

        The keys are item ids, and the ids of the sections that carry an assessment
        of their own (`assessment:` in the template): those are things to conclude
        too, so they count in `assessed_count`. A state is 'assessed' (concluded:
        a value whose meaning is not `not_assessed` — "Ej tillämplig" and "Ej
        mätbart" are conclusions — or an analysis's written answer), 'observations'
        (some work, not concluded; for a section: work on any of its items) or
        'empty'. The overall assessment is not counted here.

        The tree and the counts refresh after each save, so this must not scan the
        observations once per item.
        """
        with self.file.reading() as data:
            observed = {
                d.get("item_id")
                for d in data.get(Observation.TABLE, {}).values()
                if not d.get("deleted")
            }
            measured = {
                d.get("item_id")
                for d in data.get(KpiValue.TABLE, {}).values()
                if not d.get("deleted") and d.get("value")
            }
            assessments = {
                d.get("item_id"): (d.get("value") or "", d.get("reasoning") or "")
                for d in data.get(Assessment.TABLE, {}).values()
                if not d.get("deleted")
            }
        template = self.template
        states: dict[str, str] = {}
        for item in template.items():
            value, reasoning = assessments.get(item.id, ("", ""))
            scale = template.scale_for(item)
            step = scale.value(value) if scale and value else None
            if item.kind == "analysis":
                states[item.id] = "assessed" if reasoning.strip() else "empty"
            elif step is not None and step.concludes:
                states[item.id] = "assessed"
            elif item.id in observed or (item.kind == "kpi" and item.id in measured):
                states[item.id] = "observations"
            else:
                states[item.id] = "empty"
        for section in template.assessed_sections():
            value, _ = assessments.get(section.id, ("", ""))
            scale = template.section_scale(section)
            step = scale.value(value) if scale and value else None
            if step is not None and step.concludes:
                states[section.id] = "assessed"
            elif section.id in observed or any(
                states.get(i.id, "empty") != "empty" for i in section.items
            ):
                states[section.id] = "observations"
            else:
                states[section.id] = "empty"
        return states

    def item_state(self, item_id: str) -> str:
        """'assessed', 'observations' (some work, not concluded) or 'empty'."""
        return self.item_states().get(item_id, "empty")

    def removed_item(self, item_id: str) -> Item | None:
        """An item that a template update removed, as it was (its data is kept)."""
        removed = (self.file.get(TEMPLATE_TABLE, "template") or {}).get("removed") or {}
        info = removed.get(item_id)
        if info is None:
            return None
        return Item(id=item_id, kind=info.get("kind", "question"), text=info.get("text", item_id))

    def orphan_item_ids(self) -> list[str]:
        """Items that hold data but are no longer in the audit's template copy."""
        known = {i.id for i in self.template.items()}
        known |= {s.id for s in self.template.assessed_sections()}
        known.add(inbox_store.INBOX)  # notes filed without a question are not orphans
        found: dict[str, None] = {}
        with self.file.reading() as data:  # item ids only: no record needs building
            for cls in (Observation, Assessment, KpiValue):
                for doc in data.get(cls.TABLE, {}).values():
                    item_id = doc.get("item_id", "")
                    if not doc.get("deleted") and item_id not in known:
                        found[item_id] = None
        return list(found)

    def upgrade_template(self, template: Template) -> list[str]:
        """Take a newer version of the template; returns the items it no longer has.

        New items appear; items removed from the template keep their data and are
        shown as removed.
        """
        if template.id != self.meta.template_id:
            raise StoreError(
                f"template {template.id!r} is not this audit's template",
                "wrong_template",
                template=template.id,
            )
        old = self.file.get(TEMPLATE_TABLE, "template") or {}
        removed = dict(old.get("removed") or {})
        new_ids = {i.id for i in template.items()} | {s.id for s in template.assessed_sections()}
        for item in self.template.items():
            if item.id not in new_ids:
                removed[item.id] = {"kind": item.kind, "text": item.text}
        for section in self.template.assessed_sections():
            if section.id not in new_ids:  # its assessment is kept, shown like a question's
                removed[section.id] = {"kind": "question", "text": section.title}
        for item_id in new_ids:
            removed.pop(item_id, None)
        doc = {
            "yaml": template.yaml_text,
            "source": template.source,
            "id": template.id,
            "version": template.version,
            "removed": removed,
        }
        self.file.put(TEMPLATE_TABLE, "template", doc)
        self.__dict__.pop("template", None)
        self.update_meta(template_version=template.version, template_title=template.title)
        return self.orphan_item_ids()

    def assessed_count(self) -> tuple[int, int]:
        """How many things to conclude are concluded, and how many there are.

        Counted: every item, and every section with an assessment of its own (see
        `item_states`).
        """
        states = self.item_states()
        return sum(state == "assessed" for state in states.values()), len(states)

    # -- searching ----------------------------------------------------------------------

    def search_index(self) -> SearchIndex:
        """Every searchable text of the audit, folded once: search it with `.search(query)`.

        Build it again after a change of the audit (see `store.search`).
        """
        return SearchIndex.build(self)

    # -- review (the rules are in store/review.py) --------------------------------------

    def review_states(self) -> dict[str, rec.ReviewStateName]:
        """Every question's review state: set explicitly, else derived from its work."""
        return review.review_states(self)

    def set_review_state(self, item_id: str, state: str) -> rec.ReviewState:
        """Set a question's review state."""
        return review.set_review_state(self, item_id, state)

    def add_comment(
        self, target_kind: str, target_id: str, text: str, reply_to: str = ""
    ) -> rec.Comment:
        """Comment on a question, an observation or a recommendation, or answer a comment."""
        return review.add_comment(self, target_kind, target_id, text, reply_to)

    def comments(self, item_id: str | None = None) -> list[rec.Comment]:
        """Live comments, threads together; with `item_id`, those concerning the question."""
        return review.comments(self, item_id)

    def resolve_comment(self, comment_id: str, resolved: bool = True) -> rec.Comment:
        """Resolve (or reopen) a comment's thread."""
        return review.resolve_comment(self, comment_id, resolved)

    def sign_off(self, item_id: str) -> rec.SignOff:
        """Sign off a question as it is now."""
        return review.sign_off(self, item_id)

    def withdraw_sign_off(self, item_id: str) -> rec.SignOff | None:
        """Withdraw a question's sign-off; a reviewed question is ready for review again."""
        return review.withdraw_sign_off(self, item_id)

    def sign_off_status(self, item_id: str) -> review.SignOffStatus | None:
        """A question's sign-off and whether it is stale (None: not signed off)."""
        return review.sign_off_status(self, item_id)

    def review_marks(self, work: dict[str, str] | None = None) -> dict[str, review.Mark]:
        """Per question: 'ready_for_review', 'reviewed' or 'stale' (a stale sign-off)."""
        return review.review_marks(self, work)

    def review_gaps(self) -> gaps.Gaps:
        """The review dashboard: progress per section and the lists of what is left."""
        return gaps.gaps(self)

    # -- merging a colleague's copy ---------------------------------------------------

    def merge_copy(
        self,
        theirs: dict[str, dict[str, Any]],
        progress: Callable[[float], None] | None = None,
    ) -> MergeResult:
        """Merge the data of a colleague's copy into this audit (see `store.merge`).

        The copy is checked whole first (`store.validate.check_copy`): a bad
        copy is refused with a StoreError (code "bad_copy") naming the record
        and field, and nothing of it lands. `progress` gets the fraction done
        and may raise to cancel; every record is merged whole, so a cancelled
        merge leaves a consistent audit and merging the same copy again
        finishes the job. Decisions left for the user are in `conflicts()`.
        """
        if self.read_only:
            raise StoreError(
                f"{self.path.name} is open read-only; cannot merge into it", code="read_only"
            )
        validate.check_copy(theirs)
        result = MergeResult()
        stamp = rec.now()
        try:
            for step in merge.plan(self.file.get, self.file.all, theirs, result, progress):
                self.file.put(step.table, step.key, step.doc)
                if step.changes:
                    self._log(
                        step.table, step.record_id, step.item_id, step.changes, stamp, merge=True
                    )
        finally:
            if self.on_change:
                self.on_change(None)
        return result

    def import_copy(
        self, path: Path, progress: Callable[[float], None] | None = None
    ) -> MergeResult:
        """Read a colleague's copy (file and journal) and merge it into this audit."""
        if Path(path).resolve() == self.path.resolve():
            raise StoreError(f"{path} is this audit's own file", code="same_file")
        theirs = merge.read_copy(Path(path))
        result = self.merge_copy(theirs, progress)
        carried = evidence.carry(self.path, Path(path), theirs.get(Source.TABLE, {}).values())
        result.evidence_copied, result.evidence_refused = carried.copied, carried.refused
        return result

    def conflicts(self) -> list[Conflict]:
        """The decisions merges left for the user, oldest first; settled ones are gone."""
        out = []
        for doc in self.file.all(CONFLICT_TABLE):
            if doc.get("resolved"):
                continue
            conflict = Conflict.from_doc(doc)
            if conflict.kind == "duplicate_source" and (
                self.get(Source, conflict.record_id) is None
                or self.get(Source, conflict.other_id) is None
            ):
                continue  # one of the two is gone: nothing left to decide
            out.append(conflict)
        return out

    def resolve(self, conflict: Conflict, choice: str) -> None:
        """Settle a decision a merge left.

        A field conflict (and "delete_edit", on the field `deleted`): "mine"
        keeps this copy's value, "theirs" takes theirs, "both" keeps both texts.
        A duplicate source: "join" folds the duplicate into the kept source
        (`merge_sources`), "separate" keeps both. A conflict already settled
        (here, or on the other laptop and merged in) is refused, so a second
        settlement never overrides the first silently.
        """
        if self.read_only:
            raise StoreError(f"{self.path.name} is open read-only", code="read_only")
        stored = self.file.get(CONFLICT_TABLE, conflict.id)
        if stored is None or stored.get("resolved"):
            raise StoreError("this conflict is already settled", code="already_settled")
        conflict = Conflict.from_doc(stored)
        if conflict.kind == "duplicate_source":
            if choice == "join":
                self.merge_sources(conflict.record_id, conflict.other_id)
            elif choice == "separate":
                self.file.put(CONFLICT_TABLE, conflict.id, {**stored, "resolved": choice})
            else:
                raise StoreError(
                    f"a duplicate source is joined or kept separate, not {choice!r}",
                    code="bad_choice",
                    choice=choice,
                )
        else:
            doc = self.file.get(conflict.table, conflict.record_id)
            if doc is None:
                raise StoreError("the record of this conflict no longer exists", code="record_gone")
            settled, change = merge.settle(doc, conflict, choice)
            problem = validate.check_doc(conflict.table, conflict.record_id, settled)
            if problem is not None:
                raise StoreError(f"cannot settle: {problem}", code="bad_record", **problem.params())
            self.file.put(conflict.table, conflict.record_id, settled)
            self._log(conflict.table, conflict.record_id, conflict.item_id, [change])
            self.file.put(CONFLICT_TABLE, conflict.id, {**stored, "resolved": choice})
        if self.on_change:
            self.on_change(None)

    def quarantined(self) -> list[Quarantined]:
        """Records set aside because they failed validation when the file was opened."""
        names = {f.name for f in dataclasses.fields(Quarantined)}
        kept = [
            Quarantined(**{k: v for k, v in d.items() if k in names})
            for d in self.file.all(QUARANTINE_TABLE)
        ]
        known = {q.id for q in kept}
        return kept + [q for q in self.set_aside if q.id not in known]

    # -- saving ------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether edits are queued that are not yet on disk."""
        return self.file.dirty

    @property
    def saved_seq(self) -> int:
        """The sequence number of the last edit on disk."""
        return self.file.saved_seq

    def flush(self) -> int:
        """Write every queued edit to disk now; returns the sequence now on disk."""
        return self.file.flush()

    def writer(
        self,
        on_saved: Callable[[int], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Writer:
        """Start the one thread that writes this audit (flushes soon, compacts when idle)."""
        return Writer(self.file, on_saved=on_saved, on_error=on_error)

    def close(self) -> None:
        """Flush and close the file."""
        self.file.close()


def _norm(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
