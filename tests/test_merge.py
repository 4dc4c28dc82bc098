"""Merging two laptops' copies: by id, per field, conflicts listed, idempotent, no resurrection."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from granska.cli import main
from store import Observation, open_audit
from store.merge import conflicts, merge_into, read_copy, resolve
from tests.store_helpers import ITEMS, base_and_copy


def test_one_sided_changes_are_taken_and_both_sided_are_conflicts(tmp_path: Path):
    mine_path, theirs_path, ids = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path, author="kollega")
    o0 = theirs.get(Observation, ids[0])
    o0.text = "ändrad av kollegan"
    theirs.save(o0)
    theirs.delete(theirs.get(Observation, ids[1]))
    o2 = theirs.get(Observation, ids[2])
    o2.text = "kollegans version"
    theirs.save(o2)
    theirs.add_observation("analys-prognos", "ny hos kollegan")
    theirs.set_assessment("samarbete-af", "nej", "kollegans motivering")
    theirs.close()

    mine = open_audit(mine_path, author="jag")
    o2 = mine.get(Observation, ids[2])
    o2.text = "min version"
    mine.save(o2)
    mine.set_assessment("analys-prognos", "ja", "")
    result = merge_into(mine, read_copy(theirs_path))
    assert mine.get(Observation, ids[0]).text == "ändrad av kollegan"
    assert mine.get(Observation, ids[1]) is None  # deletion carried over
    assert "ny hos kollegan" in [o.text for o in mine.observations("analys-prognos")]
    assert mine.assessment("samarbete-af").value == "nej"
    assert mine.assessment("analys-prognos").value == "ja"
    [conflict] = result.conflicts
    assert (conflict.field, conflict.mine, conflict.theirs) == (
        "text",
        "min version",
        "kollegans version",
    )
    assert mine.get(Observation, ids[2]).text == "min version"  # until resolved

    again = merge_into(mine, read_copy(theirs_path))
    assert (again.added, again.taken, again.conflicts) == (0, 0, [])

    resolve(mine, conflicts(mine)[0], "both")
    assert mine.get(Observation, ids[2]).text == "min version\n\nkollegans version"
    assert conflicts(mine) == []
    assert merge_into(mine, read_copy(theirs_path)).conflicts == []
    assert any(h.get("merge") for h in mine.history())
    mine.close()


def test_merge_refuses_a_different_audit(tmp_path: Path):
    a, _, _ = base_and_copy(tmp_path / "one")
    b, _, _ = base_and_copy(tmp_path / "two")
    mine = open_audit(a)
    try:
        import pytest

        from store import StoreError

        with pytest.raises(StoreError, match="not copies of the same audit"):
            merge_into(mine, read_copy(b))
    finally:
        mine.close()


def test_cli_merge(tmp_path: Path, capsys):
    mine_path, theirs_path, ids = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path)
    theirs.add_observation("samarbete-af", "från den andra datorn")
    theirs.close()
    code = main(["merge", str(mine_path), str(theirs_path), "--workspace", str(mine_path.parent)])
    assert code == 0
    assert "1 records added" in capsys.readouterr().out
    check = open_audit(mine_path, read_only=True)
    assert "från den andra datorn" in [o.text for o in check.observations("samarbete-af")]


# -- property: random edits on two copies -------------------------------------------------

edit = st.tuples(
    st.sampled_from(["text", "delete", "assess", "add"]),
    st.integers(0, 3),
    st.sampled_from(["a", "b", "c"]),
)


def apply(audit, ids: list[str], edits, tag: str) -> dict[tuple, object]:
    """Apply edits; return the last value this side wrote per (record, field)."""
    wrote: dict[tuple, object] = {}
    for kind, index, word in edits:
        if kind == "add":
            audit.add_observation(ITEMS[index], f"{tag}-{word}")
            continue
        if kind == "assess":
            a = audit.set_assessment(ITEMS[index], {"a": "ja", "b": "delvis", "c": "nej"}[word], "")
            wrote[(a.id, "value")] = a.value
            continue
        obs = audit.get(Observation, ids[index % len(ids)])
        if obs is None:
            continue
        if kind == "delete":
            audit.delete(obs)
            wrote[(obs.id, "deleted")] = True
        else:
            obs.text = f"{tag}-{word}"
            audit.save(obs)
            wrote[(obs.id, "text")] = obs.text
    return wrote


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mine_edits=st.lists(edit, max_size=6), their_edits=st.lists(edit, max_size=6))
def test_merge_property(tmp_path_factory, mine_edits, their_edits):
    folder = tmp_path_factory.mktemp("m")
    mine_path, theirs_path, ids = base_and_copy(folder, 4)
    theirs = open_audit(theirs_path)
    their_wrote = apply(theirs, ids, their_edits, "t")
    their_added = {d["id"] for d in theirs.file.all("observations")} - set(ids)
    theirs.close()
    mine = open_audit(mine_path)
    my_wrote = apply(mine, ids, mine_edits, "m")
    mine.file.flush()
    my_data = read_copy(mine_path)
    result = merge_into(mine, read_copy(theirs_path))
    conflicted = {(c.record_id, c.field) for c in result.conflicts}

    def current(record_id: str, field: str):
        table = "assessments" if field == "value" else "observations"
        return (mine.file.get(table, record_id) or {}).get(field)

    my_records = {record_id for record_id, _ in my_wrote}
    for key, value in their_wrote.items():
        if key == (key[0], "deleted") and key[0] in my_records:
            # They deleted what I edited: a decision for the user, not a silent loss.
            assert key in conflicted or current(*key) == value, key
        elif key not in my_wrote:
            assert current(*key) == value, key  # only they changed it: taken
        elif my_wrote[key] != value:
            assert key in conflicted or current(*key) == my_wrote[key]
    for key, value in my_wrote.items():
        if key not in their_wrote:
            assert current(*key) == value, key  # only I changed it: kept
    assert their_added <= {d["id"] for d in mine.file.all("observations")}  # their new records
    again = merge_into(mine, read_copy(theirs_path))
    assert (again.added, again.taken, again.conflicts) == (0, 0, [])  # idempotent

    # The other order: my copy merged into theirs gives the same non-conflicting values.
    theirs = open_audit(theirs_path)
    merge_into(theirs, my_data)
    for table in ("observations", "assessments"):
        for doc in mine.file.all(table):
            other = theirs.file.get(table, doc["id"])
            for name in ("text", "value", "deleted"):
                if (doc["id"], name) not in conflicted and name in doc:
                    assert other.get(name) == doc.get(name), (table, name)
    theirs.close()
    mine.close()


def test_a_cancelled_merge_leaves_a_consistent_audit_and_can_be_finished(tmp_path: Path):
    mine_path, theirs_path, _ = base_and_copy(tmp_path, 2)
    theirs = open_audit(theirs_path)
    for i in range(120):
        theirs.add_observation("samarbete-af", f"kollegans {i}")
    theirs.close()

    class Stop(Exception):
        pass

    seen: list[float] = []

    def progress(fraction: float) -> None:
        seen.append(fraction)
        if len(seen) == 2:
            raise Stop

    mine = open_audit(mine_path)
    import pytest

    with pytest.raises(Stop):
        merge_into(mine, read_copy(theirs_path), progress)
    partial = len(mine.observations("samarbete-af"))
    assert 1 <= partial < 121
    merge_into(mine, read_copy(theirs_path))  # the same copy again finishes the job
    assert len(mine.observations("samarbete-af")) == 121
    assert seen == sorted(seen) and 0 < seen[0] <= 1
    mine.close()
