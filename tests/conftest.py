"""Shared fixtures: a temporary workspace, a frozen clock, the demo audit."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from store import records

FROZEN = "2026-03-14T10:00:00+01:00"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user folders."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / "cache"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "home" / "Documents"))
    monkeypatch.setenv("GRANSKA_AUTHOR", "testare")
    monkeypatch.delenv("GRANSKA_HOME", raising=False)
    monkeypatch.delenv("GRANSKA_CHECKLISTS", raising=False)
    monkeypatch.delenv("GRANSKA_LANG", raising=False)
    # One test's `make_app(language="en")` must not leave the next one in English.
    from tui.i18n import set_language

    set_language("sv")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace folder."""
    folder = tmp_path / "ws"
    folder.mkdir()
    return folder


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every record stamp is the same instant."""
    monkeypatch.setattr(records, "now", lambda: FROZEN)
    return FROZEN


@pytest.fixture
def demo_path(workspace: Path) -> Path:
    """The demo audit, created in the workspace and closed."""
    from granska.demo import ensure_demo

    path = ensure_demo(workspace)
    assert path is not None
    return path


@pytest.fixture
def snapshot_workspace(frozen_clock: str, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A workspace at a fixed path per test, so the path on screen is the same on every run."""
    folder = Path("/tmp/granska-snapshots") / request.node.name[:40] / "ws"
    folder.parent.parent.mkdir(parents=True, exist_ok=True)
    # Two checkouts running the suite at once (worktrees, two CI jobs) would share
    # this path; a lock per test keeps one from wiping the other's workspace.
    with FileLock(str(folder.parent) + ".lock"):
        shutil.rmtree(folder.parent, ignore_errors=True)
        folder.mkdir(parents=True)
        yield folder
        shutil.rmtree(folder.parent, ignore_errors=True)


@pytest.fixture(autouse=True)
def swedish_after_each_test() -> Iterator[None]:
    """A test that runs the app in English must not leave later tests in English
    (make_app(language=None) keeps the current language)."""
    yield
    from tui.i18n import set_language

    set_language("sv")
