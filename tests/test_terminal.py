"""Granska in a real terminal: tmux runs it at 80x24, we send keys and read the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

SESSION = f"granska-test-{os.getpid()}"  # one per xdist worker process


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for(text: str, timeout: float = 40.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", SESSION)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear; the screen was:\n{screen}")


@pytest.fixture
def terminal():
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test (.ci/run installs it)")
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    yield
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)


def start(tail: str) -> None:
    """Run granska in a detached 80x24 tmux session; `tail` is its arguments and after."""
    script = Path(sys.executable).with_name("granska")
    command = str(script) if script.exists() else f"{sys.executable} -m tui"
    tmux(
        "new-session",
        "-d",
        "-s",
        SESSION,
        "-x",
        "80",
        "-y",
        "24",
        f"TERM=xterm-256color {command} {tail}",
    )


def test_granska_starts_on_the_demo_in_a_real_terminal(terminal, tmp_path: Path):
    ws = tmp_path / "ws"
    start(f"--workspace {ws}; echo EXITED; sleep 5")
    wait_for("Granskningar")
    screen = wait_for("3/4")  # the list is read in the background
    assert "Granskning av kom" in screen
    tmux("send-keys", "-t", SESSION, "Enter")
    screen = wait_for("Organisation och samar")
    assert "bedömda" in screen
    tmux("send-keys", "-t", SESSION, "C-q")
    wait_for("EXITED")
    assert list(ws.glob("*.granska.json"))
    assert not list(ws.glob("*.tmp-*"))


def test_closing_the_terminal_keeps_what_was_just_typed(terminal, tmp_path: Path):
    ws = tmp_path / "ws"
    start(f"--workspace {ws}")
    wait_for("3/4")  # the list is read in the background
    tmux("send-keys", "-t", SESSION, "Enter")
    wait_for("Organisation och samar")
    tmux("send-keys", "-t", SESSION, "a")
    wait_for("Esc arkiverar")  # the note editor pane is open
    tmux("send-keys", "-t", SESSION, "-l", "Sista anteckningen")
    wait_for("Sista anteckningen")
    tmux("kill-session", "-t", SESSION)  # the terminal window is closed: SIGHUP
    from store import open_audit

    [path] = ws.glob("*.granska.json")
    deadline = time.monotonic() + 10
    texts: list[str] = []
    while time.monotonic() < deadline:
        try:
            audit = open_audit(path)  # succeeds once the app has flushed and let go
        except Exception:  # noqa: BLE001 - still held while the app shuts down
            time.sleep(0.2)
            continue
        texts = [o.text for o in audit.observations("samarbete-af")]
        audit.close()
        break
    assert "Sista anteckningen" in texts


def test_the_interface_is_available_in_english(terminal, tmp_path: Path):
    start(f"--lang en --workspace {tmp_path / 'ws'}; sleep 5")
    wait_for("Audits")
    screen = wait_for("Assessed")  # the list is read in the background
    assert "New audit" in screen
    tmux("send-keys", "-t", SESSION, "Enter")
    screen = wait_for("New observation")
    assert "3/4 assessed" in screen
    tmux("send-keys", "-t", SESSION, "C-q")
