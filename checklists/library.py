"""The templates on offer: the bundled ones and the user's own folders."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from checklists.loader import ChecklistError, Problem, load_template
from checklists.model import Template

BUNDLED_DIR = Path(__file__).parent / "bundled"


def user_checklists_dir() -> Path:
    """The user's own template folder (in the user's config folder)."""
    return Path(platformdirs.user_config_dir("granska", appauthor=False)) / "checklists"


@dataclass
class Library:
    """Every template found, the newest version of each id, and what failed to load."""

    all: list[Template]
    problems: list[Problem]

    def offered(self) -> list[Template]:
        """The template offered per id: the highest version; a user's wins a tie."""
        best: dict[str, Template] = {}
        for t in self.all:
            current = best.get(t.id)
            if current is None or t.version >= current.version:
                best[t.id] = t
        # Audits before follow-ups, then by title: the usual start is first.
        return sorted(best.values(), key=lambda t: (t.kind != "audit", t.title.lower()))

    def get(self, template_id: str) -> Template | None:
        """The offered template with this id, or None."""
        for t in self.offered():
            if t.id == template_id:
                return t
        return None


def template_dirs(extra: list[Path] | None = None) -> list[tuple[Path, str]]:
    """The folders to look in, with a word for where each comes from, bundled first."""
    dirs: list[tuple[Path, str]] = [(BUNDLED_DIR, "bundled")]
    dirs.append((user_checklists_dir(), "user"))
    env = os.environ.get("GRANSKA_CHECKLISTS")
    if env:
        dirs.extend((Path(p), "folder") for p in env.split(os.pathsep) if p)
    dirs.extend((Path(p), "folder") for p in extra or [])
    return dirs


def load_library(extra: list[Path] | None = None) -> Library:
    """Load every template from the bundled and user folders."""
    templates: list[Template] = []
    problems: list[Problem] = []
    for folder, origin in template_dirs(extra):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            source = "bundled" if origin == "bundled" else str(path)
            try:
                templates.append(load_template(path, source=source))
            except ChecklistError as exc:
                problems.extend(exc.problems)
    return Library(templates, problems)
