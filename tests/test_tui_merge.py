"""Importing a colleague's copy in the app: every decision the merge leaves is shown and settled."""

from __future__ import annotations

from pathlib import Path

from store import Observation, Source
from tests.merge_helpers import conflicted_copy
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app


async def _import(pilot, path: Path) -> None:
    await open_first_audit(pilot)
    await pilot.press("i")
    await type_text(pilot, str(path))
    await pilot.press("enter")
    await settle(pilot)


def _rows(screen) -> list[str]:
    from textual.widgets import DataTable

    table = screen.query_one(DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


async def test_each_decision_kind_is_listed_and_settled_with_its_keys(
    demo_path: Path, workspace: Path, tmp_path: Path
):
    theirs = conflicted_copy(demo_path, tmp_path / "kollega")
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await _import(pilot, theirs)
        screen = app.screen
        assert type(screen).__name__ == "ConflictsScreen"
        rows = _rows(screen)
        assert len(rows) == 3
        assert any(r.startswith("Text") for r in rows)
        assert any(r.startswith("Borttagen/ändrad") for r in rows)
        assert "Dubblett av källa" in rows
        audit = app.session.audit
        kinds = [c.kind for c in audit.conflicts()]

        # The duplicate source: m is not a choice for it, and the screen says which keys are.
        await pilot.press(*["down"] * kinds.index("duplicate_source"))
        await settle(pilot)
        hint = str(screen.query_one("#conflict-hint").render())
        assert "j slå ihop" in hint
        await pilot.press("m")
        await settle(pilot)
        assert "j slå ihop" in str(screen.query_one("#conflict-message").render())
        assert len(audit.conflicts()) == 3
        await pilot.press("j")
        await settle(pilot)
        assert [s.role for s in audit.sources()].count("Socialchef") == 1

        # The record they deleted and I edited: o takes their deletion.
        kinds = [c.kind for c in audit.conflicts()]
        deleted_id = audit.conflicts()[kinds.index("delete_edit")].record_id
        await pilot.press("home", *["down"] * kinds.index("delete_edit"))
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert audit.get(Observation, deleted_id) is None

        # The field both changed: b keeps both texts.
        [field] = audit.conflicts()
        await pilot.press("home", "b")
        await settle(pilot)
        assert audit.get(Observation, field.record_id).text == (
            "Min version av iakttagelsen.\n\nKollegans version av iakttagelsen."
        )
        assert audit.conflicts() == []
        assert _rows(screen) == ["Inga olösta konflikter."]
        assert all(s.deleted is False for s in audit.all(Source))
        await pilot.press("escape", "ctrl+q")


async def test_a_bad_copy_is_refused_with_a_message_in_the_dialog(
    demo_path: Path, workspace: Path, tmp_path: Path
):
    import json

    from store.fileformat import serialise
    from store.merge import read_copy

    data = read_copy(demo_path)
    obs_id = next(iter(data["observations"]))
    data["observations"][obs_id]["text"] = 42
    bad = tmp_path / "kollega" / demo_path.name
    bad.parent.mkdir()
    bad.write_bytes(serialise(data, seq=0, generation=1))
    before = json.dumps(read_copy(demo_path), sort_keys=True)

    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await _import(pilot, bad)
        assert type(app.screen).__name__ == "ImportScreen"
        message = str(app.screen.query_one("#import-message").render())
        assert "avvisades" in message and obs_id in message and "text" in message
        await pilot.press("escape", "escape", "ctrl+q")
    assert json.dumps(read_copy(demo_path), sort_keys=True) == before
