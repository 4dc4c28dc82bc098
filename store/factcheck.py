"""Fact check (sakgranskning): which observations were sent to be checked, and the answers.

One `FactCheck` record per observation, created when the observation is first
sent or answered. Its id is derived from the audit and the observation
(`check_id`), so the same observation checked on two laptops is one record in a
merge, and a conflict when both answered differently. Every change is saved
through `Audit.save`, so it is validated, merged like any record, and written
to the history under the observation's question (the record carries its
`item_id`).

An answer keeps the observation as it was: the correction is recorded beside
it. `apply_correction` is the explicit step that writes the correction (or an
edited version of it) into the observation's text, with its own history entry.

The `Audit` methods (`fact_check`, `set_fact_check`, `mark_fact_check_sent`,
`apply_correction`) are thin calls into this module; `unchecked` is the list
the dashboard shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, get_args

from store import records
from store.errors import StoreError
from store.records import FactCheck, FactCheckStatus, Observation, Source, stable_id

if TYPE_CHECKING:
    from store.audit import Audit

STATUSES: tuple[FactCheckStatus, ...] = get_args(FactCheckStatus)
CHECKED: frozenset[str] = frozenset({"confirmed", "corrected"})


def check_id(audit: Audit, observation_id: str) -> str:
    """The fact check's id for an observation: the same on every laptop."""
    return stable_id(audit.meta.id, "factcheck:" + observation_id)


def fact_check(audit: Audit, observation_id: str) -> FactCheck | None:
    """The fact check of an observation, if it was ever sent or answered."""
    return audit.get(FactCheck, check_id(audit, observation_id))


def fact_checks(audit: Audit) -> dict[str, FactCheck]:
    """Every live fact check, by observation id."""
    return {c.observation_id: c for c in audit.all(FactCheck)}


def statuses(audit: Audit) -> dict[str, FactCheckStatus]:
    """Each observation's fact-check status ('not_sent' when it has no record)."""
    found = fact_checks(audit)
    return {
        o.id: found[o.id].check_status if o.id in found else "not_sent"
        for o in audit.observations()
    }


def _observation(audit: Audit, observation_id: str) -> Observation:
    observation = audit.get(Observation, observation_id)
    if observation is None:
        raise StoreError(
            f"no observation {observation_id!r} in this audit",
            code="no_observation",
            observation_id=observation_id,
        )
    return observation


def _day(text: str, what: str) -> str:
    """A date as YYYY-MM-DD; today when empty; a StoreError for anything else."""
    if not text.strip():
        return records.now()[:10]
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise StoreError(
            f"{what} {text.strip()[:40]!r}: give a date as YYYY-MM-DD",
            code="bad_date",
            date=text.strip()[:40],
        ) from None


def _record(audit: Audit, observation: Observation) -> FactCheck:
    existing = fact_check(audit, observation.id)
    if existing is not None:
        existing.item_id = observation.item_id  # follows a note moved to another question
        return existing
    return FactCheck(
        id=check_id(audit, observation.id),
        observation_id=observation.id,
        item_id=observation.item_id,
    )


def set_fact_check(
    audit: Audit,
    observation_id: str,
    status: FactCheckStatus,
    *,
    correction: str = "",
    checked_by: str = "",
    checked_on: str = "",
) -> FactCheck:
    """Record the answer for an observation: confirmed, or corrected with the correction.

    `checked_by` is who answered (a role or a name, as typed); `checked_on` the
    day (YYYY-MM-DD, today when empty). A correction needs its text. Setting
    'sent' or 'not_sent' takes an answer back (its text is kept in the history).
    The observation's own text is not changed (see `apply_correction`).
    """
    if status not in STATUSES:
        raise StoreError(
            f"a fact check is one of {', '.join(STATUSES)}, not {status!r}",
            code="bad_fact_check",
            status=str(status),
        )
    observation = _observation(audit, observation_id)
    check = _record(audit, observation)
    check.check_status = status
    if status in CHECKED:
        if status == "corrected" and not correction.strip():
            raise StoreError("a correction needs its text", code="correction_empty")
        check.correction = correction.strip() if status == "corrected" else ""
        check.checked_by = checked_by.strip()
        check.checked_on = _day(checked_on, "checked on")
        if status == "confirmed":
            check.correction_applied = False
    else:
        check.correction, check.checked_by, check.checked_on = "", "", ""
        check.correction_applied = False
    return audit.save(check)


def mark_sent(audit: Audit, observation_ids: Iterable[str], on: str = "") -> int:
    """Record that these observations were sent for fact check on `on` (today when empty).

    An observation not yet sent becomes 'sent'; one already answered keeps its
    answer (only the date it was last sent changes). Returns how many changed.
    """
    day = _day(on, "sent on")
    changed = 0
    for observation_id in observation_ids:
        observation = _observation(audit, observation_id)
        check = _record(audit, observation)
        if check.sent_on == day and check.check_status != "not_sent":
            continue
        check.sent_on = day
        if check.check_status == "not_sent":
            check.check_status = "sent"
        audit.save(check)
        changed += 1
    return changed


def apply_correction(audit: Audit, observation_id: str, text: str | None = None) -> Observation:
    """Write the correction into the observation's text (the history keeps the old text).

    `text` is the new text (the recorded correction when None): an auditor often
    edits a reader's comment into a sentence before it stands in the report.
    """
    observation = _observation(audit, observation_id)
    check = fact_check(audit, observation_id)
    if check is None or check.check_status != "corrected":
        raise StoreError(
            "the observation has no recorded correction to apply", code="no_correction"
        )
    new_text = (check.correction if text is None else text).strip()
    if not new_text:
        raise StoreError("a correction needs its text", code="correction_empty")
    observation.text = new_text
    saved = audit.save(observation)
    check.correction_applied = True
    audit.save(check)
    return saved


def unchecked(audit: Audit, *, sent_only: bool = False) -> list[Observation]:
    """Observations not yet confirmed or corrected, oldest first (for the dashboard).

    With `sent_only`, only those sent and still awaiting an answer.
    """
    found = fact_checks(audit)
    out = []
    for observation in audit.observations():
        check = found.get(observation.id)
        status = check.check_status if check is not None else "not_sent"
        if status in CHECKED or (sent_only and status != "sent"):
            continue
        out.append(observation)
    return out


# -- choosing what to send: an interviewee, or all -----------------------------------------


def find_sources(audit: Audit, query: str) -> list[Source]:
    """The sources a `--source` names: an id (or its start, 8+ characters), a role or a title.

    A role or title matches case-insensitively and may name several sources (the
    same role interviewed on two days). Nothing found is a StoreError that lists
    the interviews on offer.
    """
    wanted = query.strip()
    sources = audit.sources()
    by_id = [s for s in sources if s.id == wanted or (len(wanted) >= 8 and s.id.startswith(wanted))]
    if by_id:
        return by_id
    folded = wanted.casefold()
    by_name = [
        s
        for s in sources
        if folded and folded in {s.role.strip().casefold(), s.title.strip().casefold()} - {""}
    ]
    if by_name:
        return by_name
    offered = sorted({s.role for s in sources if s.kind == "interview" and s.role})
    listing = "; ".join(offered) if offered else "none"
    raise StoreError(
        f"no source {wanted!r} in this audit (interviews: {listing})",
        code="no_such_source",
        source=wanted,
        offered=listing,
    )


def observations_citing(audit: Audit, source_ids: Iterable[str] | None) -> list[Observation]:
    """Live observations citing any of these sources (all observations when None)."""
    observations = audit.observations()
    if source_ids is None:
        return observations
    wanted = set(source_ids)
    return [o for o in observations if wanted.intersection(o.source_ids)]
