"""Whole files replaced atomically, and the numbered backups an audit file keeps.

`atomic_write` is the only way the store replaces a file: temporary file,
fsync, rename, folder fsync. A crash leaves either the old file or the new one,
plus at most a temporary (`<name>.tmp-<pid>-<thread>`) that the next writer removes.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

BACKUPS = 3


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (POSIX only; Windows has no folder fsync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, backup: bool = False, durable: bool = True) -> None:
    """Replace `path` with `data` atomically: temporary file, fsync, rename, folder fsync.

    With `backup`, the file being replaced is kept as `<name>.bak1` (older ones move down).
    Without `durable` nothing is fsynced: for a cache, which must never be read torn
    but may be lost (`store/validated.py`).
    """
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if backup and path.exists():
            rotate(path, [backup_name(path, n) for n in range(1, BACKUPS + 1)])
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(path.parent)


def backup_name(path: Path, n: int) -> Path:
    """The n-th newest backup of an audit file (`.bak1` is the newest)."""
    return path.with_name(f"{path.name}.bak{n}")


def backup_paths(path: Path) -> list[Path]:
    """The backups of an audit file, newest first, that exist."""
    return [p for n in range(1, BACKUPS + 1) if (p := backup_name(path, n)).exists()]


def rotate(path: Path, names: list[Path]) -> None:
    """Keep `path` under names[0], moving older copies one step down names (the last falls off).

    `path` itself stays where it is (a hard link, or a copy where links are not supported).
    """
    for n in range(len(names) - 1, 0, -1):
        if names[n - 1].exists():
            os.replace(names[n - 1], names[n])
    with contextlib.suppress(FileNotFoundError):
        names[0].unlink()
    keep_copy(path, names[0])


def keep_copy(path: Path, target: Path, *, link: bool = True) -> None:
    """Make `target` a copy of `path`; `target` must not exist.

    A hard link costs nothing and is used where the file is only ever replaced
    whole (the audit file); a journal, which is appended to in place, is copied.
    """
    if link:
        try:
            os.link(path, target)
            return
        except FileExistsError:
            raise
        except OSError:
            pass
    atomic_write(target, path.read_bytes())


def copy_aside(path: Path, label: str, *, link: bool = True) -> Path | None:
    """Keep a copy of `path` as `<name>.<label>-<time>` before anything changes it; returns it."""
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    keep_copy(path, target, link=link)
    fsync_dir(path.parent)
    return target


def clean_temporaries(path: Path) -> None:
    """Remove the temporaries a crashed writer left beside `path`."""
    for tmp in path.parent.glob(f"{path.name}*.tmp-*"):
        with contextlib.suppress(OSError):
            tmp.unlink()
