"""The bundled template in the grown language, worked in the app as a user does:
the tree shows chapters, areas and items; an area is assessed with `b` on its row;
the overall assessment gets a value on its scale."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, Tree

from checklists.library import load_library
from store import create_audit, open_audit
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app

TEMPLATE = load_library().get("styrning-uppfoljning-kontroll")


def new_audit(workspace: Path) -> Path:
    audit = create_audit(workspace, TEMPLATE, title="Kontroll", committee="Nämnden", year="2025")
    path = audit.path
    audit.close()
    return path


def labels(node) -> list[str]:
    return [str(child.label) for child in node.children]


async def test_the_tree_shows_chapters_areas_and_items(workspace: Path):
    new_audit(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        tree = app.screen.query_one(Tree)
        assert labels(tree.root) == ["1 Styrning", "2 Uppföljning och kontroll"]
        areas = tree.root.children[0].children
        assert labels(tree.root.children[0]) == [
            "○ 1.1 Organisation och ansvar",
            "○ 1.2 Samverkan med Arbetsförmedlingen",
        ]
        assert labels(areas[0])[0].startswith("○ 1.1.1 Är mål, uppdrag")
        header = str(app.screen.query_one("#q-section").render())
        assert header == "Styrning › Organisation och ansvar · Kontrollområde"  # kind name


async def test_an_area_is_assessed_with_b_on_its_row(workspace: Path):
    path = new_audit(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("up")  # from the first item to its area's row
        await settle(pilot)
        assert "Områdets bedömning" in str(app.screen.query_one("#q-section").render())
        await pilot.press("b", "enter", "down", "down", "enter")  # Delvis uppfyllt
        await pilot.press("tab")
        await type_text(pilot, "Rutiner saknas")
        await pilot.press("f2")
        await settle(pilot)
        tree = app.screen.query_one(Tree)
        assert str(tree.root.children[0].children[0].label).startswith("● 1.1 Organisation")
        await pilot.press("ctrl+q")
    audit = open_audit(path, read_only=True)
    assessment = audit.assessment("organisation-ansvar")
    assert (assessment.value, assessment.reasoning) == ("delvis-uppfyllt", "Rutiner saknas")
    assert audit.item_state("organisation-ansvar") == "assessed"
    assert audit.observations() == []


async def test_the_overall_assessment_gets_a_value_on_its_scale(workspace: Path):
    path = new_audit(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.query_one("#value", Select).value == Select.NULL  # none chosen yet
        await type_text(pilot, "Brister i uppfoljningen")
        await pilot.press("shift+tab", "enter", "down", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
    meta = open_audit(path, read_only=True).meta
    assert meta.overall_value == "till-viss-del"
    assert meta.overall_assessment == "Brister i uppfoljningen"
