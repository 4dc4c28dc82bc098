"""Undo never deletes a note, and suspending saves first (issue 7 item 9).

Ctrl+Z in the note field is the text area's undo: undoing all the typing emptied the
field, the empty text was autosaved and Esc then deleted the observation. A stop from
outside (SIGTSTP) froze the app with the field unsaved.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import TextArea

from store import open_audit
from tests.store_helpers import new_audit
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.screens.audit import AuditScreen
from tui.screens.observation import ObservationScreen
from tui.widgets.autosave import SAVE_DELAY

ITEM = "samarbete-af"  # the first question of the template


def texts(path: Path) -> list[str]:
    audit = open_audit(path, read_only=True)
    try:
        return [o.text for o in audit.observations(ITEM)]
    finally:
        audit.close()


async def test_undo_in_a_new_note_then_esc_keeps_the_note(workspace: Path):
    audit = new_audit(workspace)
    path = audit.path
    audit.close()
    app = make_app(workspace, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, ObservationScreen)
        await type_text(pilot, "Viktig anteckning")
        await pilot.pause(SAVE_DELAY + 0.3)  # autosaved
        assert [o.text for o in app.session.audit.observations(ITEM)] == ["Viktig anteckning"]
        await pilot.press("ctrl+z")  # undo, as the text area's key says
        assert app.screen.query_one(TextArea).text == ""
        await pilot.pause(SAVE_DELAY + 0.3)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert [o.text for o in app.session.audit.observations(ITEM)] == ["Viktig anteckning"]
    assert texts(path) == ["Viktig anteckning"]


async def test_emptying_an_existing_note_does_not_delete_it(workspace: Path):
    audit = new_audit(workspace)
    audit.add_observation(ITEM, "Sparad sedan tidigare")
    path = audit.path
    audit.close()
    app = make_app(workspace, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("enter")  # into the observation list
        await pilot.press("enter")  # open the note
        await settle(pilot)
        assert isinstance(app.screen, ObservationScreen)
        await pilot.press("f7", "backspace")  # select all, delete
        assert app.screen.query_one(TextArea).text == ""
        await pilot.pause(SAVE_DELAY + 0.3)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
    assert texts(path) == ["Sparad sedan tidigare"]


async def test_an_empty_new_note_is_not_created(workspace: Path):
    audit = new_audit(workspace)
    path = audit.path
    audit.close()
    app = make_app(workspace, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a", "escape")
        await settle(pilot)
    assert texts(path) == []


async def test_suspending_saves_the_field_being_typed_first(workspace: Path, monkeypatch):
    """Ctrl+Z outside a text field runs Textual's action_suspend_process, which publishes
    app_suspend_signal before it stops the process; the app saves on that signal."""
    import tui.widgets.autosave

    monkeypatch.setattr(tui.widgets.autosave, "SAVE_DELAY", 600)  # only suspending saves
    audit = new_audit(workspace)
    path = audit.path
    audit.close()
    app = make_app(workspace, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await type_text(pilot, "Innan pausen")
        assert app.session.audit.observations(ITEM) == []
        app.app_suspend_signal.publish(app)
        assert [o.text for o in app.session.audit.observations(ITEM)] == ["Innan pausen"]
        assert texts(path) == ["Innan pausen"]  # flushed: on disk, not only queued


def _state(pid: int) -> str:
    """The process state letter (T stopped, Z zombie), or "gone"."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


def _start_in_a_shell(ws: Path) -> int:
    """Run granska on `ws` from a job-control shell in tmux; returns the app's pid.

    The autosave pause is made long, so only a stop can have saved a field. A shell
    runs the app, as in a real terminal: tmux itself would continue a stopped pane
    process at once."""
    from tests.test_terminal import SESSION, tmux

    code = (
        "import sys, tui.widgets.autosave as a; a.SAVE_DELAY = 600; "
        f"from granska.cli import main; sys.exit(main(['--workspace', {str(ws)!r}]))"
    )
    tmux(
        "new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24",
        "env TERM=xterm-256color PS1='$ ' bash --norc --noprofile -i",
    )  # fmt: skip
    shell = int(tmux("display", "-p", "-t", SESSION, "#{pane_pid}").strip())
    tmux("send-keys", "-t", SESSION, "-l", f'{sys.executable} -c "{code}"')
    tmux("send-keys", "-t", SESSION, "Enter")
    deadline = time.monotonic() + 20
    while not (
        children := subprocess.run(
            ["pgrep", "-P", str(shell)], capture_output=True, text=True
        ).stdout.split()
    ):
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.1)
    return int(children[0])


def _wait_until_stopped(pid: int) -> None:
    from tests.test_terminal import wait_for

    deadline = time.monotonic() + 20
    while _state(pid) != "T":
        assert time.monotonic() < deadline, "the app did not stop"
        time.sleep(0.1)
    wait_for("Stopped")  # the shell has the terminal back


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while _state(pid) not in ("Z", "gone"):
        assert time.monotonic() < deadline
        time.sleep(0.1)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="job control and /proc")
def test_sigtstp_from_outside_saves_the_field_and_flushes_before_stopping(terminal, tmp_path: Path):
    from tests.test_terminal import SESSION, tmux, wait_for

    ws = tmp_path / "ws"
    pid = _start_in_a_shell(ws)
    wait_for("3/4")
    tmux("send-keys", "-t", SESSION, "Enter")
    wait_for("Organisation och samar")
    tmux("send-keys", "-t", SESSION, "a")
    wait_for("Sparas medan du skriver")
    tmux("send-keys", "-t", SESSION, "-l", "Skrivet precis innan stoppet")
    wait_for("Skrivet precis innan stoppet")
    os.kill(pid, signal.SIGTSTP)
    _wait_until_stopped(pid)
    _kill(pid)  # stopped and then lost: what was saved must be on disk
    [path] = ws.glob("*.granska.json")
    assert "Skrivet precis innan stoppet" in texts(path)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="job control and /proc")
def test_ctrl_z_outside_a_text_field_suspends_and_fg_resumes(terminal, tmp_path: Path):
    from tests.test_terminal import SESSION, tmux, wait_for

    pid = _start_in_a_shell(tmp_path / "ws")
    wait_for("3/4")
    tmux("send-keys", "-t", SESSION, "Enter")
    wait_for("Organisation och samar")
    tmux("send-keys", "-t", SESSION, "C-z")  # the question tree has the focus
    _wait_until_stopped(pid)
    tmux("send-keys", "-t", SESSION, "fg", "Enter")
    wait_for("Organisation och samar")
    assert _state(pid) != "T"
    _kill(pid)


@pytest.fixture
def terminal():
    import shutil

    from tests.test_terminal import SESSION

    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test (.ci/run installs it)")
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    yield
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
