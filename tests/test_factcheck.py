"""Fact check (sakgranskning): the document for the reader, the answers recorded, merged, shown.

The exported .docx is opened with python-docx and read as a reader would: the
chosen interviewee's observations only, no assessment or recommendation text,
one correction box per observation. Answers are recorded through `Audit`, show
in the question's history and as a mark in the observation list (driven with
Pilot), and two laptops' answers merge by the observation's derived id.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from granska.cli import main
from granska.demo import ensure_demo
from report.factcheck import export_factcheck
from store import Observation, StoreError, open_audit
from store.factcheck import find_sources, statuses, unchecked
from store.merge import read_copy
from tests.screen_text import screen_text
from tests.store_helpers import ITEMS, base_and_copy, new_audit
from tests.test_snapshots import keys
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.dialogs.factcheck import FactCheckDialog
from tui.widgets.observations import ObservationList

BOX = "Rättelse / kommentar"


def _boxes(document) -> list[str]:
    """The first cell's text of every correction box (one-cell tables)."""
    return [
        table.cell(0, 0).text
        for table in document.tables
        if len(table.rows) == 1 and len(table.columns) == 1
    ]


def _body_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join(parts)


# -- the document ------------------------------------------------------------------------


def test_the_fact_check_of_one_interviewee_holds_their_observations_only_with_a_box_each(
    demo_path: Path, tmp_path: Path
):
    audit = open_audit(demo_path)
    [coordinator] = find_sources(audit, "arbetsmarknadskoordinator på arbetsmarknadsenheten")
    theirs = [o for o in audit.observations() if coordinator.id in o.source_ids]
    others = [o for o in audit.observations() if coordinator.id not in o.source_ids]
    assert theirs and others
    assessments = [a.reasoning for i in ITEMS if (a := audit.assessment(i)) and a.reasoning]
    assert assessments
    recommendations = [r.text for r in audit.recommendations()]

    out = export_factcheck(audit, tmp_path / "sakgranskning.docx", sources=[coordinator])
    audit.close()

    document = docx.Document(str(out.path))
    body = _body_text(document)
    for obs in theirs:
        assert obs.text.split("\n")[0] in body
    for obs in others:
        assert obs.text.split("\n")[0] not in body
    for text in assessments + recommendations:
        assert text[:60] not in body
    corrections = [b for b in _boxes(document) if b == BOX]
    assert len(corrections) == len(theirs) == len(out.observation_ids)
    assert "Sakgranskning" in [p.text for p in document.paragraphs[:3]]
    assert any("Kontrollera" in p.text or "kontrollera" in p.text for p in document.paragraphs)
    assert oct(out.path.stat().st_mode)[-3:] == "600"


def test_the_fact_check_of_all_has_every_observation_and_marks_sent_only_when_asked(
    demo_path: Path, tmp_path: Path
):
    audit = open_audit(demo_path)
    count = len(audit.observations())
    out = export_factcheck(audit, tmp_path / "alla.docx")
    assert len(out.observation_ids) == count and out.marked_sent == 0
    assert set(statuses(audit).values()) == {"not_sent"}
    marked = export_factcheck(audit, tmp_path / "alla.docx", mark_sent=True)
    assert marked.marked_sent == count
    assert set(statuses(audit).values()) == {"sent"}
    assert len(unchecked(audit, sent_only=True)) == count
    audit.close()
    document = docx.Document(str(out.path))
    assert len([b for b in _boxes(document) if b == BOX]) == count


def test_auditor_text_is_cleaned_and_never_read_as_a_placeholder(workspace: Path, tmp_path: Path):
    audit = new_audit(workspace)
    source = audit.add_source("interview", role="Chef {{ title }}", date="2022-03-08")
    audit.add_observation(ITEMS[0], "Text {{ labels }} {% if x %}\x07 med\nrad", [source.id])
    out = export_factcheck(audit, tmp_path / "f.docx", sources=[source])
    audit.close()
    body = _body_text(docx.Document(str(out.path)))
    assert "Text {{ labels }} {% if x %} med" in body and "\x07" not in body


def test_an_unknown_source_is_a_clear_error_naming_the_interviews(demo_path: Path):
    audit = open_audit(demo_path, read_only=True)
    with pytest.raises(StoreError) as caught:
        find_sources(audit, "Kommunchef")
    audit.close()
    assert caught.value.code == "no_such_source"
    assert "Enhetschef för arbetsmarknadsenheten" in str(caught.value)


# -- the command line -----------------------------------------------------------------------


def test_the_cli_exports_the_factcheck_kind_and_marks_sent_with_mark_sent(
    demo_path: Path, workspace: Path, tmp_path: Path, capsys
):
    out = tmp_path / "fc.docx"
    role = "Förste socialsekreterare på försörjningsenheten"
    args = ["export", demo_path.name, "--workspace", str(workspace), "--out", str(out)]
    assert main([*args, "--kind", "factcheck", "--source", role]) == 0
    assert out.exists()
    audit = open_audit(demo_path, read_only=True)
    assert set(statuses(audit).values()) == {"not_sent"}  # not recorded unless asked
    audit.close()

    assert main([*args, "--kind", "factcheck", "--source", role, "--mark-sent"]) == 0
    audit = open_audit(demo_path, read_only=True)
    [source] = find_sources(audit, role)
    sent = {o.id for o in audit.observations() if source.id in o.source_ids}
    assert {k for k, v in statuses(audit).items() if v == "sent"} == sent
    audit.close()
    cells = _boxes(docx.Document(str(out)))
    assert cells.count(BOX) == len(sent)

    capsys.readouterr()
    assert main([*args, "--kind", "factcheck", "--source", "Kommunchef"]) == 1
    err = capsys.readouterr().err
    assert "no source 'Kommunchef'" in err and "Traceback" not in err
    assert main([*args, "--source", role]) == 1  # the report has no --source
    assert main(args) == 0  # the default kind is still the report


# -- recording answers ---------------------------------------------------------------------


def test_a_correction_is_recorded_beside_the_note_and_applied_only_when_asked(workspace: Path):
    audit = new_audit(workspace)
    source = audit.add_source("interview", role="Enhetschef", date="2022-03-08")
    obs = audit.add_observation(ITEMS[0], "Avtalet gäller 2020.", [source.id])
    other = audit.add_observation(ITEMS[1], "Annat.", [source.id])
    assert audit.mark_fact_check_sent([obs.id, other.id], on="2022-04-01") == 2
    with pytest.raises(StoreError):
        audit.set_fact_check(obs.id, "corrected", correction=" ")
    audit.set_fact_check(
        obs.id, "corrected", correction="Avtalet gäller 2021.", checked_by="Enhetschef"
    )
    check = audit.fact_check(obs.id)
    assert (check.check_status, check.sent_on, check.checked_by) == (
        "corrected",
        "2022-04-01",
        "Enhetschef",
    )
    assert audit.get(Observation, obs.id).text == "Avtalet gäller 2020."  # kept until applied
    assert [o.id for o in unchecked(audit)] == [other.id]
    fields = {c["field"] for h in audit.history(ITEMS[0]) for c in h["changes"]}
    assert {"check_status", "correction", "checked_by"} <= fields

    audit.apply_correction(obs.id)
    assert audit.get(Observation, obs.id).text == "Avtalet gäller 2021."
    text_changes = [
        c for h in audit.history(ITEMS[0]) for c in h["changes"] if c["field"] == "text"
    ]
    assert {"old": "Avtalet gäller 2020.", "new": "Avtalet gäller 2021."}.items() <= max(
        text_changes, key=lambda c: c["old"] or ""
    ).items()
    assert audit.fact_check(obs.id).correction_applied
    # sending again keeps the answer
    audit.mark_fact_check_sent([obs.id], on="2022-05-01")
    assert audit.fact_check(obs.id).check_status == "corrected"
    audit.close()


def test_two_laptops_fact_checks_merge_and_differing_answers_are_a_conflict(tmp_path: Path):
    mine_path, theirs_path, ids = base_and_copy(tmp_path, n_obs=3)
    theirs = open_audit(theirs_path, author="kollega")
    theirs.set_fact_check(ids[0], "confirmed", checked_by="Enhetschef", checked_on="2022-04-02")
    theirs.set_fact_check(ids[2], "corrected", correction="Deras", checked_on="2022-04-02")
    theirs.close()
    mine = open_audit(mine_path, author="jag")
    mine.set_fact_check(ids[1], "confirmed", checked_on="2022-04-03")
    mine.set_fact_check(ids[2], "corrected", correction="Min", checked_on="2022-04-03")
    result = mine.merge_copy(read_copy(theirs_path))
    assert mine.fact_check(ids[0]).check_status == "confirmed"  # theirs, added
    assert mine.fact_check(ids[1]).check_status == "confirmed"  # mine, kept
    fields = {c.field for c in result.conflicts if c.table == "factchecks"}
    assert "correction" in fields
    assert mine.fact_check(ids[2]).correction == "Min"  # until settled
    again = mine.merge_copy(read_copy(theirs_path))
    assert (again.added, again.taken, again.conflicts) == (0, 0, [])
    mine.close()
    reopened = open_audit(mine_path, read_only=True)
    assert reopened.problems == [] and len(reopened.all(type(reopened.fact_check(ids[0])))) == 3
    reopened.close()


def test_a_bad_fact_check_in_a_copy_is_refused_whole(tmp_path: Path):
    mine_path, theirs_path, ids = base_and_copy(tmp_path, n_obs=1)
    mine = open_audit(mine_path)
    data = read_copy(theirs_path)
    data["factchecks"] = {
        "x1": {"id": "x1", "observation_id": ids[0], "check_status": "approved"},
    }
    with pytest.raises(StoreError) as caught:
        mine.merge_copy(data)
    assert caught.value.code == "bad_copy" and "check_status" in str(caught.value)
    assert mine.fact_check(ids[0]) is None  # nothing of it landed
    mine.close()


# -- the app -----------------------------------------------------------------------------


async def test_recording_a_correction_in_the_app_marks_the_note_and_shows_in_history(
    demo_path: Path, workspace: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("enter")  # into the observation list of the first question
        await settle(pilot)
        listing = app.screen.query_one(ObservationList)
        assert app.screen.focused is listing
        first = listing.highlighted
        assert first is not None
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FactCheckDialog)
        await pilot.press("down", "down", "down", "enter")  # Rättad
        await settle(pilot)
        await type_text(pilot, "Det finns ett avtal sedan 2021.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FactCheckDialog)
        audit = app.session.audit
        check = audit.fact_check(first.id)
        assert check.check_status == "corrected"
        assert check.correction == "Det finns ett avtal sedan 2021."
        assert any("✎ rättad" in line for line in listing.lines_of(first.id))
        item_id = first.item_id
        fields = {c["field"] for h in audit.history(item_id) for c in h["changes"]}
        assert {"check_status", "correction"} <= fields

        second = listing.observations[1]
        await pilot.press("down", "f")
        await settle(pilot)
        await pilot.press("down", "down", "enter", "ctrl+s")  # Bekräftad
        await settle(pilot)
        assert audit.fact_check(second.id).check_status == "confirmed"
        assert any("✓ bekräftad" in line for line in listing.lines_of(second.id))

        await pilot.press("up", "f")
        await settle(pilot)
        await pilot.press("ctrl+t")  # save and apply the correction to the note
        await settle(pilot)
        assert audit.get(Observation, first.id).text == "Det finns ett avtal sedan 2021."
        await pilot.press("ctrl+q")


async def test_the_export_dialog_writes_a_fact_check_for_one_interviewee(
    demo_path: Path, workspace: Path, tmp_path: Path
):
    out = tmp_path / "fc.docx"
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await type_text(pilot, str(out))
        assert "Exportera rapport" in screen_text(app)
        await pilot.press("tab", "tab", "enter", "down", "enter")  # kind: Sakgranskning
        await settle(pilot)
        assert "Exportera sakgranskning" in screen_text(app)  # the title says what is made
        await pilot.press("tab", "enter", "down", "enter")  # the first interviewee
        await settle(pilot)
        await pilot.press("ctrl+s")
        for _ in range(40):
            await settle(pilot)
            if out.exists():
                break
        audit = app.session.audit
        first = audit.sources()[0]
        cited = {o.id for o in audit.observations() if first.id in o.source_ids}
        sent = {k for k, v in statuses(audit).items() if v == "sent"}
        assert sent == cited and cited
        await pilot.press("ctrl+q")
    assert _boxes(docx.Document(str(out))).count(BOX) == len(cited)


# -- snapshots --------------------------------------------------------------------------


@pytest.fixture
def snapshot_demo(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    ensure_demo(snapshot_workspace)
    return snapshot_workspace


@pytest.mark.parametrize("language", ["sv", "en"])
def test_fact_check_dialog_snapshot(snap_compare, snapshot_demo, language):
    from tui.i18n import set_language

    set_language(language)
    try:
        app = make_app(snapshot_demo, language=language)
        assert snap_compare(app, terminal_size=(80, 24), run_before=keys("enter", "enter", "f"))
    finally:
        set_language("sv")


def test_copying_keeps_fact_checks(tmp_path: Path):
    """A copy carried to another laptop holds the checks (they are ordinary records)."""
    mine_path, _, ids = base_and_copy(tmp_path, n_obs=1)
    mine = open_audit(mine_path)
    mine.set_fact_check(ids[0], "confirmed")
    mine.close()
    copy = tmp_path / "c" / mine_path.name
    copy.parent.mkdir()
    shutil.copy(mine_path, copy)
    other = open_audit(copy, read_only=True)
    assert other.fact_check(ids[0]).check_status == "confirmed"
    other.close()
