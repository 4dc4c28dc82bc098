"""The app driven by a Pilot pressing keys, as an auditor would."""

from __future__ import annotations

from pathlib import Path

import docx
from textual.widgets import DataTable, Input, Select, Tree

from store import open_audit
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.screens.audit import AuditScreen
from tui.screens.export import ExportScreen
from tui.screens.home import HomeScreen
from tui.screens.recommendations import RecommendationEditor, RecommendationsScreen
from tui.widgets.note_editor import NoteEditor
from tui.widgets.observations import ObservationList


async def test_create_audit_fill_it_in_and_export(workspace: Path, tmp_path: Path):
    app = make_app(workspace)
    out = tmp_path / "rapport.docx"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await type_text(pilot, "Granskning av bistånd")
        await pilot.press("enter")
        await type_text(pilot, "Ystads kommun")
        await pilot.press("enter")
        await type_text(pilot, "Socialnämnden")
        await pilot.press("enter")
        await type_text(pilot, "2026")
        await pilot.press("enter")
        await type_text(pilot, "Ada, Bo")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        audit = app.session.audit
        assert audit.meta.auditors == ("Ada", "Bo")

        # An observation from an interview, on the first question.
        await pilot.press("a")
        assert app.screen.query_one(NoteEditor).display  # a pane: the question stays in view
        await type_text(pilot, "Samarbetet sker i enskilda ärenden.")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Enhetschef")
        await pilot.press("enter")
        await type_text(pilot, "2026-03-02")
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        [obs] = audit.observations("samarbete-af")
        assert obs.text == "Samarbetet sker i enskilda ärenden."
        assert audit.get(type(audit.sources()[0]), obs.source_ids[0]).role == "Enhetschef"

        # A second one from a document.
        await pilot.press("a")
        await type_text(pilot, "Avtal saknas.")
        await pilot.press("tab", "enter")  # open the source list
        await pilot.press("down", "down", "enter")  # "+ Nytt dokument…"
        await pilot.press("tab")
        await type_text(pilot, "Lokal överenskommelse 2021")
        await pilot.press("escape")
        await settle(pilot)
        sources = {s.kind: s for s in audit.sources()}
        assert sources["document"].title == "Lokal överenskommelse 2021"
        assert len(audit.observations("samarbete-af")) == 2

        # The assessment: value and reasoning.
        await pilot.press("b", "enter", "down", "down", "enter")
        await pilot.press("tab")
        await type_text(pilot, "Samarbetet är personbundet.")
        await pilot.press("f2")  # leaving the field saves it
        await settle(pilot)
        assessment = audit.assessment("samarbete-af")
        assert (assessment.value, assessment.reasoning) == ("delvis", "Samarbetet är personbundet.")
        assert audit.item_state("samarbete-af") == "assessed"

        # A recommendation tied to the question.
        await pilot.press("r")
        assert isinstance(app.screen, RecommendationsScreen)
        await pilot.press("a")
        assert isinstance(app.screen, RecommendationEditor)
        await type_text(pilot, "Upprätta ett samverkansavtal.")
        await pilot.press("tab", "space", "escape")
        await pilot.press("escape")
        await settle(pilot)
        [rec] = audit.recommendations()
        assert rec.text == "Upprätta ett samverkansavtal." and rec.item_ids == ("samarbete-af",)

        # The overall assessment.
        await pilot.press("s")
        await type_text(pilot, "Nämnden har till viss del säkerställt styrningen.")
        await pilot.press("escape")
        assert audit.meta.overall_assessment.startswith("Nämnden har till viss del")

        # Export.
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+u")  # clear the suggested path
        await type_text(pilot, str(out))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("ctrl+q")

    document = docx.Document(str(out))
    from report import outline

    headings = outline(document)  # the heading styles number the chapters
    assert "1 Sammanfattning" in headings and "3 Organisation och samarbete" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Samarbetet sker i enskilda ärenden." in text
    assert "Källa: intervju med enhetschef, 2 mars 2026." in text
    assert "Upprätta ett samverkansavtal." in text
    assert "Nämnden har till viss del säkerställt styrningen." in text
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert [
        "Finns det ett etablerat samarbete med Arbetsförmedlingen?",
        "Delvis. Samarbetet är personbundet.",
    ] in rows


async def test_quit_and_restart_finds_everything(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_audit(pilot)
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("down")  # to 2.1 in the tree (section rows are stepped over)
        await settle(pilot)
        assert app.screen.item.id == "andamalsenliga-insatser"
        await pilot.press("a")
        await type_text(pilot, "Anteckning före omstart.")
        await pilot.press("escape")  # files the note; the list has the focus
        await pilot.press("escape", "s")  # Esc: to the tree, where s is a command
        await type_text(pilot, " Tillägg.")
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    assert app.session is None

    again = make_app(workspace)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = again.screen.query_one(DataTable)
        assert table.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        screen = again.screen
        assert screen.item.id == "andamalsenliga-insatser"  # back where we were
        texts = [o.text for o in screen.query_one(ObservationList).observations]
        assert "Anteckning före omstart." in texts
        assert len(texts) == len(again.session.audit.observations("andamalsenliga-insatser"))
        assert again.session.audit.meta.overall_assessment.endswith("Tillägg.")
        await pilot.press("ctrl+q")


async def test_tree_marks_each_question_state(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        tree = app.screen.query_one(Tree)
        labels = [str(leaf.label) for node in tree.root.children for leaf in node.children]
        assert [label[0] for label in labels] == ["●", "●", "●", "◐"]
        await pilot.press("down", "down", "down")  # 3.1, no assessment yet
        assert app.screen.item.id == "analys-prognos"
        await pilot.press("b", "enter", "down", "enter")  # Ja
        await settle(pilot)
        labels = [str(leaf.label) for node in tree.root.children for leaf in node.children]
        assert labels[3].startswith("●")
        assert app.session.audit.assessment("analys-prognos").value == "ja"


async def test_delete_observation_asks_first(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # open the audit
        await settle(pilot)
        await pilot.press("enter")  # into the observation list
        assert app.screen.focused is app.screen.query_one(ObservationList)
        before = len(app.session.audit.observations("samarbete-af"))
        await pilot.press("d", "escape")  # asked, and declined
        assert len(app.session.audit.observations("samarbete-af")) == before
        await pilot.press("d", "y")
        await settle(pilot)
        assert len(app.session.audit.observations("samarbete-af")) == before - 1


async def test_locked_audit_opens_read_only(demo_path: Path, workspace: Path):
    holder = open_audit(demo_path)  # another Granska has it open
    try:
        app = make_app(workspace)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            assert "BusyDialog" == type(app.screen).__name__
            await pilot.press("r")  # open read-only
            await settle(pilot)
            assert isinstance(app.screen, AuditScreen)
            assert app.session.audit.read_only
            await pilot.press("a")  # disabled: nothing opens
            assert isinstance(app.screen, AuditScreen)
            assert app.screen.query_one("#value", Select).disabled
    finally:
        holder.close()


async def test_help_and_command_palette_list_the_actions(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("ctrl+p")
        await type_text(pilot, "exportera")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one(Input).value.endswith(".docx")


async def test_export_to_a_missing_folder_says_so(demo_path: Path, workspace: Path, tmp_path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("x", "ctrl+u")
        await type_text(pilot, str(tmp_path / "saknas" / "r.docx"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        message = str(app.screen.query_one("#export-message").render())
        assert "does not exist" in message


async def test_import_a_colleagues_copy_and_resolve_a_conflict(
    demo_path: Path, workspace, tmp_path
):
    from store import Observation
    from tests.store_helpers import colleague_copy

    theirs_path = colleague_copy(demo_path, tmp_path)
    theirs = open_audit(theirs_path, author="kollega")
    first = theirs.observations("samarbete-af")[0]
    first.text = "Kollegans rättelse."
    theirs.save(first)
    theirs.add_observation("analys-prognos", "Kollegans nya iakttagelse.")
    theirs.close()
    mine = open_audit(demo_path)
    mine_first = mine.get(Observation, first.id)
    mine_first.text = "Min rättelse."
    mine.save(mine_first)
    mine.close()

    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("i")
        await type_text(pilot, str(theirs_path))
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictsScreen"
        await pilot.press("b")  # keep both texts
        await pilot.press("escape")
        await settle(pilot)
        audit = app.session.audit
        assert audit.get(Observation, first.id).text == "Min rättelse.\n\nKollegans rättelse."
        texts = [o.text for o in audit.observations("analys-prognos")]
        assert "Kollegans nya iakttagelse." in texts
        await pilot.press("ctrl+q")


async def test_a_failing_disk_is_shown_and_the_change_is_saved_later(
    demo_path: Path, workspace: Path, monkeypatch
):
    import errno

    from store.durable import DurableFile
    from tui.widgets.status import SaveStatus

    real_flush = DurableFile.flush
    broken = {"on": True}

    def flush(self):
        if broken["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_flush(self)

    monkeypatch.setattr(DurableFile, "flush", flush)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await type_text(pilot, "Viktig notering.")
        await pilot.press("escape")
        status = app.screen.query_one(SaveStatus)
        for _ in range(50):
            await pilot.pause(0.05)
            if status.state == "error":
                break
        assert status.state == "error"
        assert "disken är full" in str(status.render())  # the OS error, in Swedish
        assert isinstance(app.screen, AuditScreen)  # the app keeps running
        broken["on"] = False  # room on the disk again: the writer retries
        for _ in range(80):
            await pilot.pause(0.05)
            if status.state == "saved":
                break
        assert status.state == "saved"
        await pilot.press("ctrl+q")
    reader = open_audit(demo_path, read_only=True)
    assert "Viktig notering." in [o.text for o in reader.observations("samarbete-af")]


async def test_a_damaged_audit_offers_its_newest_backup(demo_path: Path, workspace: Path):
    original = open_audit(demo_path, read_only=True).observations()
    demo_path.write_bytes(demo_path.read_bytes()[:200])
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert len(app.session.audit.observations()) == len(original)
        await pilot.press("ctrl+q")
    assert list(workspace.glob("*.damaged-*"))


async def test_the_command_palette_lists_every_action_of_the_screen(demo_path: Path, workspace):
    from textual.command import CommandList

    from tui.commands import COMMANDS
    from tui.i18n import t

    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        options = app.screen.query_one(CommandList)
        shown = {str(options.get_option_at_index(i).prompt) for i in range(options.option_count)}
        wanted = {
            t(key)
            for key, screen, action in COMMANDS
            if screen in ("AuditScreen", "") and action != "upgrade_template"
        }
        assert wanted <= shown, wanted - shown
        assert t("cmd_new_audit") not in shown  # that one belongs to the home screen


async def test_quitting_during_a_slow_save_does_not_hang(demo_path: Path, workspace, monkeypatch):
    import os
    import time

    real_fsync = os.fsync

    def slow_fsync(fd):
        time.sleep(0.3)  # a slow laptop disk
        real_fsync(fd)

    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        monkeypatch.setattr(os, "fsync", slow_fsync)
        await pilot.press("a")
        await type_text(pilot, "Sista")
        await pilot.press("escape")
        start = time.monotonic()
        await pilot.press("ctrl+q")
        elapsed = time.monotonic() - start
    monkeypatch.setattr(os, "fsync", real_fsync)
    # The writer must never wait on the UI while the UI waits on it (was 10 s).
    assert elapsed < 5, elapsed
    assert "Sista" in [o.text for o in open_audit(demo_path, read_only=True).observations()]


async def test_a_failed_save_on_quit_keeps_the_app_open(demo_path: Path, workspace, monkeypatch):
    import errno
    import os

    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("s")
        await type_text(pilot, " Till")
        await pilot.press("escape")
        await settle(pilot)

        def full(fd, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "write", full)
        monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "full")))
        await pilot.press("s")
        await type_text(pilot, "l")
        await pilot.press("escape", "ctrl+q")
        await settle(pilot)
        assert app.is_running and app.session is not None  # not quit, nothing dropped
        monkeypatch.undo()
        await pilot.press("ctrl+q")
    assert open_audit(demo_path, read_only=True).meta.overall_assessment.endswith("Till" + "l")
