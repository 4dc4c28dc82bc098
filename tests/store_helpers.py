"""Audits for store tests: a fresh one, or one copied to a second 'laptop'."""

from __future__ import annotations

import shutil
from pathlib import Path

from checklists.library import load_library
from store import Audit, create_audit

ITEMS = ["samarbete-af", "andamalsenliga-insatser", "uppfoljning-insatser", "analys-prognos"]


def new_audit(folder: Path, title: str = "Granskning") -> Audit:
    """A new open audit of the seed-004 template in `folder`."""
    template = load_library().get("arbetsmarknadsinsatser")
    return create_audit(folder, template, title=title, municipality="Ystad")


def base_and_copy(folder: Path, n_obs: int = 3) -> tuple[Path, Path, list[str]]:
    """An audit with `n_obs` observations in folder/a and a copy of it in folder/b."""
    folder.mkdir(parents=True, exist_ok=True)
    audit = new_audit(folder / "a", "Delad")
    ids = [audit.add_observation(ITEMS[i % 4], f"obs {i}").id for i in range(n_obs)]
    path = audit.path
    audit.close()
    theirs = folder / "b" / path.name
    theirs.parent.mkdir()
    shutil.copy(path, theirs)
    return path, theirs, ids


def colleague_copy(path: Path, folder: Path) -> Path:
    """The audit file copied to a colleague's laptop (`folder`/kollega), as a mail would."""
    theirs = folder / "kollega" / path.name
    theirs.parent.mkdir()
    shutil.copy(path, theirs)
    return theirs
