"""When the app meets an error it did not expect: a traceback without data, a private log.

Textual's crash screen prints a traceback with every frame's local variables, and in
Granska those are journal bytes, note text and file contents, shown on the terminal
and kept in its scroll-back. Textual 8 has no switch for this (`App._fatal_error`
builds `Traceback(show_locals=True)`), so the app overrides that one method and
calls `report_crash`: the terminal gets the traceback without locals and a line
saying where the full report is; the report (still without local variables) goes
to a file in the user's state folder that only the user can read.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs
import rich
from rich.console import Group, RenderableType
from rich.text import Text
from rich.traceback import Traceback

from tui.i18n import t

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def crash_folder() -> Path:
    """Where crash reports go: the user's state folder (~/.local/state/granska on Linux)."""
    return Path(platformdirs.user_state_dir("granska", appauthor=False))


def write_crash_log(exc_info: ExcInfo, folder: Path | None = None) -> Path:
    """Write the full traceback to a new file readable only by the user; returns its path."""
    folder = folder or crash_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{os.getpid()}.log"
    text = "".join(traceback.format_exception(*exc_info))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"Granska crash report {dt.datetime.now().isoformat(timespec='seconds')}\n")
        out.write(f"Python {sys.version.split()[0]} on {sys.platform}\n\n{text}")
    return path


def crash_report() -> RenderableType:
    """What the terminal shows for the error being handled: no local variables."""
    exc_info = sys.exc_info()
    lines: list[RenderableType] = []
    if exc_info[0] is not None and exc_info[1] is not None:
        info: ExcInfo = (exc_info[0], exc_info[1], exc_info[2])
        lines.append(
            Traceback.from_exception(*info, show_locals=False, width=None, suppress=[rich])
        )
        try:
            path = write_crash_log(info)
        except OSError as exc:
            lines.append(Text(t("crash_not_saved", error=exc.strerror or exc), style="bold"))
        else:
            lines.append(Text(t("crash_saved", path=path), style="bold"))
    return Group(*lines)
