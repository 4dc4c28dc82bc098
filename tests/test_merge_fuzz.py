"""Fuzzing merge inputs: a copy that is almost an audit never breaks mine.

Random damage to a real colleague's copy (wrong types, missing and extra
keys, huge values, deep nesting, strange tables) is either refused with a
StoreError, leaving my audit exactly as it was, or lands a result that opens
again without anything set aside, exports, and merges again. Never a traceback.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from report import export_report
from store import Observation, StoreError, open_audit
from store.fileformat import serialise
from store.merge import read_copy
from store.validate import LONG_TEXT
from tests.store_helpers import base_and_copy


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    """My audit's file (closed) and the data of a colleague's copy with work of every kind."""
    folder = tmp_path_factory.mktemp("fuzz")
    mine_path, theirs_path, ids = base_and_copy(folder, 3)
    theirs = open_audit(theirs_path, author="kollega")
    source = theirs.add_source("interview", role="Enhetschef", date="2026-03-01")
    theirs.add_observation("analys-prognos", "ny", [source.id])
    theirs.set_assessment("samarbete-af", "delvis", "för att")
    theirs.add_recommendation("Gör så här.", ["samarbete-af"])
    theirs.delete(theirs.get(Observation, ids[2]))
    theirs.close()
    return mine_path, read_copy(theirs_path)


def _deep(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
special = st.sampled_from(
    [
        "x" * (LONG_TEXT + 1),
        "T" * 256,
        2**70,
        -(2**60),
        float("nan"),
        "bad \ud800 surrogate",
        "\x1b]0;owned\x07",
        _deep(60),
        _deep(3000),
        {"nested": {"deeper": {"deepest": [1, 2, {"x": None}]}}},
        [],
        {},
        "",
        "2026-13-45T99:99:99",
    ]
)
plausible = (
    st.text(max_size=30)
    | st.booleans()
    | st.integers(-5, 5)
    | st.lists(st.text(min_size=1, max_size=10), max_size=3)
    | st.sampled_from(["samarbete-af", "analys-prognos", "2026-03-01T10:00:00+01:00", "ja"])
)
values = st.one_of(plausible, plausible, json_values, special)
field_names = st.sampled_from(
    [
        "id",
        "text",
        "item_id",
        "created",
        "updated",
        "deleted",
        "source_ids",
        "item_ids",
        "title",
        "municipality",
        "committee",
        "auditors",
        "template_version",
        "kind",
        "role",
        "date",
        "value",
        "reasoning",
        "_rev",
        "author",
        "changes",
        "ts",
        "resolved",
        "theirs_rev",
        "unknown_field",
    ]
) | st.text(max_size=8)
record_tables = st.sampled_from(
    ["audit", "observations", "sources", "assessments", "recommendations", "history", "conflicts"]
)
any_table = st.sampled_from(["template", "_granska", "kpi_values", "bogus", "_quarantine", ""])
table_names = st.one_of(record_tables, record_tables, record_tables, any_table)

edits = st.one_of(
    st.tuples(st.just("set"), table_names, st.integers(0, 9), field_names, values),
    st.tuples(st.just("drop"), table_names, st.integers(0, 9), field_names),
    st.tuples(st.just("clone"), table_names, st.integers(0, 9), st.uuids(), field_names, values),
)
damage = st.one_of(
    st.tuples(st.just("doc"), table_names, st.integers(0, 9), values),
    st.tuples(st.just("add"), table_names, st.text(max_size=40), values),
    st.tuples(st.just("table"), table_names, values),
    st.tuples(st.just("rekey"), table_names, st.integers(0, 9), st.text(max_size=40)),
)
operations = st.one_of(edits, edits, edits, damage)


def _apply(data: dict[str, Any], op: tuple) -> None:
    kind, table = op[0], op[1]
    if kind == "table":
        data[table] = op[2]
        return
    rows = data.setdefault(table, {}) if isinstance(data.get(table, {}), dict) else {}
    keys = list(rows)
    if kind == "add":
        rows[op[2]] = op[3]
        return
    if not keys:
        return
    key = keys[op[2] % len(keys)]
    if kind == "doc":
        rows[key] = op[3]
    elif kind == "rekey":
        rows[op[3]] = rows.pop(key)
    elif kind == "clone":  # a new record like an old one, with one field changed
        if isinstance(rows[key], dict):
            new = {**rows[key], "id": str(op[3]), op[4]: op[5]}
            rows[str(op[3])] = new
    elif isinstance(rows[key], dict):
        if kind == "set":
            rows[key][op[3]] = op[4]
        else:
            rows[key].pop(op[3], None)


def _state(audit) -> str:
    with audit.file.reading() as data:
        return json.dumps(data, sort_keys=True)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operations, min_size=1, max_size=3), via_file=st.booleans())
def test_a_damaged_copy_is_refused_or_lands_a_sound_audit(pair, tmp_path_factory, ops, via_file):
    base_mine, base_theirs = pair
    folder = tmp_path_factory.mktemp("case")
    mine_path = folder / base_mine.name
    shutil.copy(base_mine, mine_path)
    theirs = copy.deepcopy(base_theirs)
    for op in ops:
        _apply(theirs, op)
    if via_file:  # as a file with a good checksum: the damage is in the content, not the bytes
        their_path = folder / "theirs" / base_mine.name
        their_path.parent.mkdir()
        try:
            their_path.write_bytes(serialise(theirs, seq=0, generation=1))
        except (TypeError, ValueError, RecursionError, UnicodeEncodeError, AttributeError):
            event("not writable as a file")
            return  # not even writable as JSON: no such file can exist
        try:
            theirs = read_copy(their_path)
        except StoreError:
            event("refused when read")
            return  # refused at reading, with a message

    mine = open_audit(mine_path, author="jag")
    before, file_before = _state(mine), mine_path.read_bytes()
    try:
        mine.merge_copy(theirs)
    except StoreError as exc:
        event("refused")
        assert str(exc)
        assert _state(mine) == before  # refused: nothing of it landed
        mine.close()
        assert mine_path.read_bytes() == file_before
        return
    event("landed")
    export_report(mine, folder / "after-merge.docx")
    mine.close()

    again = open_audit(mine_path)
    assert not [p for p in again.problems if p.code == "record_set_aside"], again.problems
    again.merge_copy(theirs)  # merging the same copy again works
    export_report(again, folder / "again.docx")
    again.close()
