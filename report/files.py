"""Writing a report file: atomically, owner-only by default, no temporaries left behind.

The bytes are made in memory first and written with the store's own atomic
helper (temporary file in the same folder, fsync, rename, folder fsync), so a
full disk or a kill never leaves half a report under the real name, and the
temporary is removed on any failure. A kill -9 cannot clean up after itself:
the temporaries such a kill left next to a report are removed by the next
export to that folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import time
from pathlib import Path

from report.errors import ExportError
from store.atomic import atomic_write  # the store's own atomic writer

DEFAULT_MODE = 0o600
_TMP = re.compile(r"^(?P<name>.+)\.tmp-(?P<pid>\d+)-\d+$")
STALE_SECONDS = 3600


def parse_mode(text: str | int | None) -> int:
    """'0640' or '640' -> 0o640; the default (0600) for None or ''."""
    if text is None or text == "":
        return DEFAULT_MODE
    if isinstance(text, int):
        mode = text
    else:
        value = str(text).strip()
        if not re.fullmatch(r"0?[0-7]{3}", value):
            raise ExportError(f"file mode {text!r}: give three octal digits such as 0600 or 0640")
        mode = int(value, 8)
    if mode & 0o600 != 0o600:
        raise ExportError(
            f"file mode {oct(mode)[2:]:0>4}: the owner must be able to read and write"
        )
    return mode


def output_path(out: Path | str | None, suffix: str = ".docx") -> Path:
    """The report's path, with its suffix; a clear error for an empty or odd name."""
    if out is None or not str(out).strip():
        raise ExportError(f"no file name given for the report (e.g. --out rapport{suffix})")
    path = Path(str(out).strip()).expanduser()
    if path.name in ("", ".", "..") or path.is_dir():
        raise ExportError(f"{out} is a folder; give a file name ending in {suffix}")
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    return path


def check_destination(out: Path) -> None:
    """Fail with a clear message when the report cannot be written to `out`."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.exists():
        raise ExportError(f"{out}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise ExportError(f"{out}: {folder} is not a folder")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"{out}: the folder {folder} is not writable")
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name ending in {out.suffix or '.docx'}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale_temporaries(out: Path) -> list[Path]:
    """Remove temporaries of `out` left by a killed export (its process is gone, or old)."""
    removed = []
    folder = out.parent if str(out.parent) else Path(".")
    with contextlib.suppress(OSError):
        for candidate in folder.iterdir():
            m = _TMP.match(candidate.name)
            if not m or m["name"] != out.name:
                continue
            try:
                age = time.time() - candidate.stat().st_mtime
            except OSError:
                continue
            if not _alive(int(m["pid"])) or age > STALE_SECONDS:
                with contextlib.suppress(OSError):
                    candidate.unlink()
                    removed.append(candidate)
    return removed


def write_file(out: Path, data: bytes, mode: int = DEFAULT_MODE) -> Path:
    """Write `data` to `out` atomically with file mode `mode`; ExportError on failure."""
    clean_stale_temporaries(out)
    try:
        atomic_write(out, data)
        os.chmod(out, mode)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            reason = "the disk is full"
        raise ExportError(f"{out}: cannot write ({reason})") from None
    return out
