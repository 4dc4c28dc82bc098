"""Open a file with the system's viewer: `os.startfile` (Windows), `open` (macOS), `xdg-open`.

`open_file` starts the viewer and returns at once (the viewer is not waited
for); it returns False when the system has no viewer to start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def viewer_command() -> list[str] | None:
    """The command that opens a file here, or None (Windows uses `os.startfile`; none found)."""
    name = "open" if sys.platform == "darwin" else "xdg-open"
    found = shutil.which(name)
    return [found] if found else None


def open_file(path: Path) -> bool:
    """Start the system's viewer on `path`; False when there is none."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606 - the user's own file
        return True
    command = viewer_command()
    if command is None:
        return False
    subprocess.Popen(  # noqa: S603 - a fixed viewer on the audit's own file
        [*command, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return True
