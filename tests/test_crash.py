"""An unexpected error never prints data: no local variables on the terminal; the full
report goes to a file in the user's state folder that only the user can read."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
SECRET = "Hemlig anteckning om Kalle"

CRASHING_APP = f"""
import sys
from pathlib import Path
import tui.screens.home as home

def crash(self, *args):
    journal = b'{{"text": "{SECRET}"}}'
    raise RuntimeError("något gick snett")

home.HomeScreen._fill = crash
from tui.app import make_app
app = make_app(Path(sys.argv[1]), language="en")
app.run(headless=True)
sys.exit(app.return_code)
"""


def test_a_crash_shows_no_locals_and_writes_a_private_report(tmp_path: Path):
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(home / "state")}
    (tmp_path / "ws").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_APP, str(tmp_path / "ws")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    shown = result.stdout + result.stderr
    assert result.returncode == 1
    assert "RuntimeError" in shown and "något gick snett" in shown  # a traceback, still
    assert SECRET not in shown  # but not the local variable holding note text
    [log] = (home / "state" / "granska").glob("crash-*.log")
    assert "The full report is in" in shown and log.name in shown.replace("\n", "")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    report = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in report
    assert "in crash" in report and "RuntimeError: något gick snett" in report
    assert SECRET not in report
