"""The inbox: notes filed without a question, sorted after the interview.

An inbox note is an ordinary `Observation` whose `item_id` is empty (`INBOX`).
That needs no new record type, no new field and no change to validation or
merge: an empty `item_id` was already a valid value (the field's default), a
merge carries it like any other field, and moving a note to a question is an
edit of one field, with its own history entry. Everything that works per
question ignores it by construction: item states, the report and the tree key
on template item ids, and "" is never one (`Audit.orphan_item_ids` leaves it
out, so the tree does not show it as a removed item).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.errors import StoreError
from store.records import Observation

if TYPE_CHECKING:
    from store.audit import Audit

INBOX = ""
"""The `item_id` of a note that is not yet on a question."""


def inbox_notes(audit: Audit) -> list[Observation]:
    """The live notes in the inbox, oldest first (for the review dashboard too)."""
    return audit.observations(INBOX)


def takes_observations(audit: Audit, item_id: str) -> bool:
    """Whether a note may be filed on this item id: a template item that is not an
    analysis prompt (those are answered in text), or the inbox."""
    if item_id == INBOX:
        return True
    item = audit.template.item(item_id)
    return item is not None and item.kind != "analysis"


def move_observation(audit: Audit, observation_id: str, item_id: str) -> Observation:
    """Move a live note to another question, or to the inbox (`INBOX`).

    Raises StoreError "no_observation" for an unknown or deleted note and
    "no_item" for an item of no template question that takes notes.
    """
    obs = audit.get(Observation, observation_id)
    if obs is None:
        raise StoreError(
            f"no observation {observation_id!r} in this audit",
            code="no_observation",
            observation_id=observation_id,
        )
    if not takes_observations(audit, item_id):
        raise StoreError(
            f"no question {item_id!r} in this audit's template", code="no_item", item_id=item_id
        )
    if obs.item_id == item_id:
        return obs
    obs.item_id = item_id
    return audit.save(obs)
