"""Snapshots of the audit screen on the bundled template in the grown language:
chapters over areas in the tree, an area's own assessment, the graded overall
assessment dialog (80x24 in Swedish and English, 120x40)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklists.library import load_library
from store import create_audit
from tests.test_snapshots import keys
from tui.app import make_app


def grown_app(workspace: Path, language: str):
    template = load_library().get("styrning-uppfoljning-kontroll")
    audit = create_audit(
        workspace, template, title="Styrning och kontroll", committee="Socialnämnden", year="2025"
    )
    audit.set_assessment("organisation-ansvar", "delvis-uppfyllt", "Rutiner saknas.")
    audit.close()
    return make_app(workspace, language=language)


@pytest.fixture(autouse=True)
def swedish_afterwards():
    """An English case must not leave the next test in English."""
    yield
    from tui.i18n import set_language

    set_language("sv")


CASES = [
    ("sv", (80, 24)),
    ("en", (80, 24)),
    ("sv", (120, 40)),
]


@pytest.mark.parametrize("language,size", CASES, ids=lambda v: str(v))
def test_grown_audit_on_an_area(snap_compare, snapshot_workspace, language, size):
    app = grown_app(snapshot_workspace, language)
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "up"))


@pytest.mark.parametrize("language,size", CASES, ids=lambda v: str(v))
def test_grown_overall_with_its_scale(snap_compare, snapshot_workspace, language, size):
    app = grown_app(snapshot_workspace, language)
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "s"))
