"""Merges a user would expect: each surprising case becomes a decision the user sees.

An edit to a record the other laptop deleted is a conflict, not a silent loss; a
conflict settled on one laptop is settled on the other after merging; the same
interview added on both laptops is offered for joining into one source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store import Observation, Source, StoreError, open_audit
from tests.store_helpers import new_audit


def test_merge_sources_repoints_observations_and_tombstones_the_duplicate(tmp_path: Path):
    audit = new_audit(tmp_path)
    keep = audit.add_source("interview", role="Enhetschef", date="2026-03-01")
    dup = audit.save(Source(kind="interview", role="Enhetschef", date="2026-03-01"))
    other = audit.add_source("document", title="Plan", date="2026-01-01")
    a = audit.add_observation("samarbete-af", "a", [dup.id])
    b = audit.add_observation("samarbete-af", "b", [keep.id, dup.id, other.id])
    c = audit.add_observation("samarbete-af", "c", [other.id])
    before = {h["id"] for h in audit.history()}

    moved = audit.merge_sources(keep.id, dup.id)

    assert moved == 2
    assert audit.get(Observation, a.id).source_ids == (keep.id,)
    assert audit.get(Observation, b.id).source_ids == (keep.id, other.id)
    assert audit.get(Observation, c.id).source_ids == (other.id,)
    assert audit.get(Source, dup.id) is None
    assert [s.id for s in audit.sources()] == [keep.id, other.id]
    new_entries = [h for h in audit.history() if h["id"] not in before]
    assert sorted(h["record_id"] for h in new_entries) == sorted([a.id, b.id, dup.id])
    audit.close()


def test_merge_sources_refuses_unknown_or_same_source(tmp_path: Path):
    audit = new_audit(tmp_path)
    keep = audit.add_source("interview", role="Enhetschef")
    with pytest.raises(StoreError, match="itself"):
        audit.merge_sources(keep.id, keep.id)
    with pytest.raises(StoreError, match="no source"):
        audit.merge_sources(keep.id, "nope")
    audit.close()


def test_merged_sources_survive_reopening(tmp_path: Path):
    audit = new_audit(tmp_path)
    keep = audit.add_source("interview", role="Chef")
    dup = audit.save(Source(kind="interview", role="Chef"))
    obs = audit.add_observation("samarbete-af", "x", [dup.id])
    audit.merge_sources(keep.id, dup.id)
    path = audit.path
    audit.close()
    again = open_audit(path, read_only=True)
    assert again.get(Observation, obs.id).source_ids == (keep.id,)
    assert again.get(Source, dup.id) is None
