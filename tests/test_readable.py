"""History, conflicts, the home list and the busy dialog can be read at 80x24 (issue 8, 9-11).

Each test drives the app with the keys a user presses and checks what the
terminal shows (`screen_text`) and what the audit holds afterwards.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable

from checklists.library import load_library
from store import Observation, Source, create_audit, list_audits, open_audit, records
from store.validate import record_tables
from tests.merge_helpers import conflicted_copy
from tests.screen_text import screen_text
from tests.tui_helpers import open_first_audit, settle, type_text
from tui import i18n
from tui.app import make_app
from tui.fields import field_label

BORDER = "█▀▄▌▐ "


def flowed(app) -> str:
    """The screen's words as one line: wrapped text and dialog borders do not matter."""
    lines = [line.strip(BORDER) for line in screen_text(app).splitlines()]
    return " ".join(" ".join(lines).split())


def words(text: str) -> str:
    return " ".join(text.split())


async def highlight(pilot, column: int, start: str) -> None:
    """Move the cursor of the table down to the first row whose cell starts with `start`."""
    table = pilot.app.screen.query_one(DataTable)
    await pilot.press("home")
    for _ in range(table.row_count):
        if str(table.get_row_at(table.cursor_row)[column]).startswith(start):
            return
        await pilot.press("down")
    raise AssertionError(f"no row starts with {start!r}")


@pytest.fixture
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every stamp a minute after the one before, so "newest first" has one answer."""
    minute = iter(range(10**6))

    def now() -> str:
        m = next(minute)
        return f"2026-03-{14 + m // 1440:02d}T{m // 60 % 24:02d}:{m % 60:02d}:00+01:00"

    monkeypatch.setattr(records, "now", now)
    yield


# -- 9: history and conflicts ------------------------------------------------------------


def test_every_record_field_has_a_label_in_both_languages():
    fields = {
        (table, f.name)
        for table, cls in record_tables().items()
        for f in dataclasses.fields(cls)
        if f.name not in ("id", "created", "updated", "author")
    }
    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        internal = {
            (table, name)
            for table, name in fields
            if not i18n.has(f"field_{table}_{name}") and not i18n.has(f"field_{name}")
        }
        assert internal == set(), language
    i18n.set_language("sv")
    assert field_label("value", "kpi_values") == "Värde"
    assert field_label("value", "assessments") == "Bedömning"


@pytest.mark.parametrize("language", ["sv", "en"])
async def test_history_fits_80_columns_names_fields_and_opens_a_change_whole(
    demo_path: Path, workspace: Path, language: str
):
    audit = open_audit(demo_path)
    item = audit.template.questions()[0]
    reasoning = audit.assessment(item.id).reasoning
    value_label = audit.template.scale_for(item).value(audit.assessment(item.id).value).label
    audit.close()
    app = make_app(workspace, language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("h")
        await settle(pilot)
        text = screen_text(app)
        label = field_label("reasoning")
        assert label in text and "reasoning" not in text and "source_ids" not in text
        # The new value is shown beside its field, not cut to one character.
        assert any(
            i18n.t("field_value") in line and value_label in line for line in text.split("\n")
        )
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_x == 0  # nothing hides to the right

        await highlight(pilot, 2, label)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ChangeDialog"
        shown = flowed(app)
        assert words(reasoning) in shown  # the whole reasoning, wrapped
        assert i18n.t("old") in shown and i18n.t("new") in shown and label in shown
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "HistoryScreen"
        await pilot.press("escape", "ctrl+q")


@pytest.fixture
def merged(demo_path: Path, tmp_path: Path) -> Path:
    theirs = conflicted_copy(demo_path, tmp_path / "kollega")
    audit = open_audit(demo_path)
    assert len(audit.import_copy(theirs).conflicts) == 3
    audit.close()
    return demo_path


async def test_conflicts_show_both_sides_and_a_row_opens_whole_where_its_keys_settle_it(
    merged: Path, workspace: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("k")
        await settle(pilot)
        text = screen_text(app)
        assert "Min version av iakt" in text and "Kollegans version av" in text
        assert app.screen.query_one(DataTable).max_scroll_x == 0
        audit = app.session.audit
        [field] = [c for c in audit.conflicts() if c.kind == "field"]

        await highlight(pilot, 0, "Text: 1.1 Finns det")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictDialog"
        shown = flowed(app)
        assert "Min version av iakttagelsen." in shown
        assert "Kollegans version av iakttagelsen." in shown
        assert "1.1 Finns det ett etablerat samarbete med Arbetsförmedlingen?" in shown
        await pilot.press("j")  # not a choice for a field: nothing happens
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictDialog"
        assert len(audit.conflicts()) == 3
        await pilot.press("o")  # take theirs, from the dialog
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictsScreen"
        assert audit.get(Observation, field.record_id).text == "Kollegans version av iakttagelsen."
        assert [c.kind for c in audit.conflicts()] == ["delete_edit", "duplicate_source"]

        # The list's own keys still settle the highlighted row.
        await highlight(pilot, 0, "Dubblett av källa")
        await pilot.press("j")
        await settle(pilot)
        assert [s.role for s in audit.sources()].count("Socialchef") == 1
        assert [c.kind for c in audit.conflicts()] == ["delete_edit"]
        assert all(s.deleted is False for s in audit.all(Source))
        await pilot.press("escape", "ctrl+q")


# -- 10: the home list --------------------------------------------------------------------

LONG = "Granskning av kommunens arbetsmarknadsinsatser 2026"


def _audits(workspace: Path, titles: list[str]) -> list[str]:
    template = load_library().get("arbetsmarknadsinsatser")
    paths = []
    for title in titles:
        audit = create_audit(
            workspace,
            template,
            title=title,
            municipality="Ystads kommun",
            committee="Socialnämnden",
        )
        paths.append(str(audit.path))
        audit.close()
    return paths


@pytest.mark.parametrize("width", [80, 120])
async def test_home_title_takes_the_width_the_other_columns_leave(
    workspace: Path, ticking_clock, width: int
):
    _audits(workspace, [LONG, "Kort"])
    app = make_app(workspace)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_x == 0
        [row] = [line for line in screen_text(app).splitlines() if "Kort" in line]
        assert "Ystads kommun" in row and "Socialnämnden" in row and "2026-03-14" in row
        [row] = [line for line in screen_text(app).splitlines() if "Granskning av" in line]
        if width == 120:
            assert LONG in row
        else:  # cut, but wider than the 16 columns it had while the others kept room to spare
            shown = row.split("Ystads")[0].strip().rstrip("…")
            assert len(shown) >= 20 and LONG.startswith(shown)
        await pilot.press("ctrl+q")


def test_last_change_is_the_newest_change_of_any_record(workspace: Path, ticking_clock):
    first, second = _audits(workspace, ["Först", "Sedan"])
    assert [s.title for s in list_audits(workspace)] == ["Sedan", "Först"]
    audit = open_audit(Path(first))
    item = audit.template.questions()[0]
    audit.add_observation(item.id, "En iakttagelse.")
    audit.close()
    listed = list_audits(workspace)
    assert [s.title for s in listed] == ["Först", "Sedan"]
    assert listed[0].changed > listed[0].updated  # the audit record itself is older
    audit = open_audit(Path(second))
    audit.set_assessment(item.id, audit.template.scale_for(item).values[0].id, "Skäl.")
    audit.close()
    assert [s.title for s in list_audits(workspace)] == ["Sedan", "Först"]


async def test_back_home_the_cursor_is_on_the_audit_just_closed_at_its_new_place(
    workspace: Path, ticking_clock
):
    _audits(workspace, ["Äldst", "Mitten", "Nyast"])
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        titles = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        assert titles == ["Nyast", "Mitten", "Äldst"]
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.session.audit.meta.title == "Äldst"
        await pilot.press("a")
        await type_text(pilot, "En ny iakttagelse")
        await pilot.press("escape")
        await settle(pilot)
        for _ in range(5):
            if type(app.screen).__name__ == "HomeScreen":
                break
            await pilot.press("escape")
            await settle(pilot)
        table = app.screen.query_one(DataTable)
        titles = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        assert titles == ["Äldst", "Nyast", "Mitten"]  # newest change first
        assert table.cursor_row == 0  # on the audit just closed
        await pilot.press("down", "enter")  # the row below it is the one that opens
        await settle(pilot)
        assert app.session.audit.meta.title == "Nyast"
        await pilot.press("escape", "ctrl+q")


# -- 11: the busy dialog ------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 15)], ids=["80x24", "60x15"])
async def test_busy_dialog_says_who_holds_the_lock_and_offers_read_only(
    demo_path: Path, workspace: Path, size: tuple[int, int]
):
    holder = open_audit(demo_path)  # this process holds the lock: the app is "another Granska"
    try:
        app = make_app(workspace)
        async with app.run_test(size=size) as pilot:
            await open_first_audit(pilot)
            assert type(app.screen).__name__ == "BusyDialog"
            text = screen_text(app)
            shown = flowed(app)
            assert "Granskningen är upptagen" in text
            assert "öppen i en annan Granska" in shown
            assert f"Användare  {getpass.getuser()}" in text
            assert f"Dator      {socket.gethostname()}" in text
            assert f"Process    {os.getpid()}" in text
            assert "Sedan      20" in text
            assert "Öppna skrivskyddad" in text and "Avbryt" in text
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ == "HomeScreen"
            assert app.session is None

            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            assert type(app.screen).__name__ == "AuditScreen"
            assert app.session.audit.read_only
            await pilot.press("ctrl+q")
    finally:
        holder.close()
