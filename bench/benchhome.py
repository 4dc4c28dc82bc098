"""A temporary HOME for a bench run, shared by the benches."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def isolated_home() -> Iterator[Path]:
    """A temporary folder that is HOME and the data and config folders for the run,
    so a bench never reads or writes the user's own audits or key settings."""
    os.environ.setdefault("GRANSKA_AUTHOR", "bench")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        root = Path(tmp)
        os.environ["HOME"] = str(root / "home")
        os.environ["XDG_DATA_HOME"] = str(root / "home" / "data")
        os.environ["XDG_CONFIG_HOME"] = str(root / "home" / "config")
        os.environ["XDG_CACHE_HOME"] = str(root / "home" / "cache")
        yield root
