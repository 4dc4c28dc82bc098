"""Control points, KPIs and analysis prompts: stored, shown, edited and reported."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from textual.widgets import Select, Tree

from checklists import load_template
from store import create_audit, open_audit
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.screens.audit import AuditScreen

FIXTURE = Path(__file__).parent / "fixtures" / "alla-typer.yaml"


@pytest.fixture
def kinds_audit(workspace: Path) -> Path:
    audit = create_audit(
        workspace, load_template(FIXTURE), title="Typer", committee="Nämnden", year="2024"
    )
    path = audit.path
    audit.close()
    return path


def test_kpi_values_and_states(kinds_audit: Path):
    audit = open_audit(kinds_audit)
    assert audit.item_state("kpi-egen-forsorjning") == "empty"
    audit.set_kpi_value("kpi-egen-forsorjning", "2023", "women", "41")
    assert audit.kpi_values("kpi-egen-forsorjning") == {("2023", "women"): "41"}
    assert audit.item_state("kpi-egen-forsorjning") == "observations"
    audit.set_assessment("kpi-egen-forsorjning", "uppnatt", "")
    assert audit.item_state("kpi-egen-forsorjning") == "assessed"
    audit.set_assessment("analys-nulage", "", "Nuläget är stabilt.")
    assert audit.item_state("analys-nulage") == "assessed"
    audit.set_assessment("kp-rutin", "nej", "")
    audit.set_assessment("kp-rutin", "ej-tillamplig", "")
    assert audit.item_state("kp-rutin") == "assessed"  # "Ej tillämplig" is an answer
    audit.close()


def test_not_measurable_and_not_applicable_are_conclusions(kinds_audit: Path):
    """Defect: "Ej mätbart" (a real outcome of a KPI) counted as not assessed."""
    audit = open_audit(kinds_audit)
    done, total = audit.assessed_count()
    audit.set_assessment("kpi-egen-forsorjning", "ej-matbart", "Enkäten gav för få svar.")
    assert audit.item_state("kpi-egen-forsorjning") == "assessed"
    assert audit.assessed_count() == (done + 1, total)
    audit.set_assessment("fraga", "ej-tillamplig", "")
    assert audit.item_state("fraga") == "assessed"
    audit.close()


def test_report_has_control_point_and_kpi_tables_and_analysis(kinds_audit: Path, tmp_path):
    from report import export_report

    audit = open_audit(kinds_audit)
    audit.set_assessment("kp-rutin", "nej", "Rutinen är muntlig.")
    for period, b, v in [("2023", "total", "38"), ("2024", "total", "42"), ("2024", "men", "40")]:
        audit.set_kpi_value("kpi-egen-forsorjning", period, b, v)
    audit.set_assessment("kpi-egen-forsorjning", "uppnatt", "Målet nåddes 2024.")
    audit.set_assessment("analys-nulage", "", "Nuläget är stabilt.")
    out = export_report(audit, tmp_path / "r.docx")
    audit.close()
    document = docx.Document(str(out))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    control = next(t for t in tables if t[0][0] == "Kontrollpunkt")
    assert control[1] == [
        "Finns en skriftlig rutin för handläggning?",
        "Ja",
        "Nej",
        "Rutinen är muntlig.",
    ]
    kpi = next(t for t in tables if t[0] == ["", "2023", "2024"])
    assert kpi[1] == ["Totalt", "38", "42"] and kpi[3] == ["Män", "", "40"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Måluppfyllelse: Uppnått." in text and "Nuläget är stabilt." in text
    from report import outline

    headings = outline(document)  # as a reader sees them: the styles number the headings
    assert "3.3 Kontrollpunkter" in headings and "4.1 Nyckeltal" in headings
    assert "4.2 Analys" in headings
    answers = next(t for t in tables if t[0] == ["Revisionsfråga", "Svar"])
    assert len(answers) == 2  # only audit questions are in the answer table


async def test_every_kind_is_edited_in_the_app(kinds_audit: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        await pilot.press("down")  # the control point
        await settle(pilot)
        assert screen.item.id == "kp-rutin"
        assert "Målvärde:" in str(screen.query_one("#item-facts").render())
        await pilot.press("b", "enter", "down", "down", "down", "enter")  # Nej
        await pilot.press("tab")
        await type_text(pilot, "Muntlig")
        await pilot.press("f2", "down", "down")  # the KPI
        await settle(pilot)
        assert screen.item.id == "kpi-egen-forsorjning"
        assert str(screen.query_one("#assess-heading").render()) == "Måluppfyllelse"
        await pilot.press("shift+tab", "shift+tab")  # back from the tree into the value grid
        cells = list(screen.query(".kpi-cell"))
        assert len(cells) == 6
        cells[0].focus()
        await type_text(pilot, "38")
        await pilot.press("tab")
        await type_text(pilot, "42")
        await pilot.press("enter", "f2", "down")  # the analysis prompt
        await settle(pilot)
        assert screen.item.id == "analys-nulage"
        assert not screen.query_one("#value", Select).display
        await pilot.press("b")  # for analysis, b goes to the text
        await type_text(pilot, "Stabilt")
        await pilot.press("f2")
        await settle(pilot)
        audit = app.session.audit
        assert audit.assessment("kp-rutin").value == "nej"
        assert audit.assessment("kp-rutin").reasoning == "Muntlig"
        assert audit.kpi_values("kpi-egen-forsorjning") == {
            ("2023", "total"): "38",
            ("2024", "total"): "42",
        }
        assert audit.assessment("analys-nulage").reasoning == "Stabilt"
        labels = [
            str(leaf.label) for n in screen.query_one(Tree).root.children for leaf in n.children
        ]
        assert labels[3].startswith("●")  # the analysis is answered
        await pilot.press("ctrl+q")


async def test_a_newer_template_is_offered_and_keeps_removed_items(
    kinds_audit: Path, workspace: Path, tmp_path
):
    audit = open_audit(kinds_audit)
    audit.add_observation("fraga", "Gammal iakttagelse")
    audit.close()
    mine = tmp_path / "mina-mallar"
    mine.mkdir()
    text = FIXTURE.read_text(encoding="utf-8").replace("version: 1", "version: 2")
    text = text.replace(
        "      - id: fraga\n        kind: question\n        text: Finns en "
        "fungerande styrning?\n        criteria: [sol]\n",
        "      - id: ny-fraga\n        text: Är rutinen känd?\n",
    )
    (mine / "alla-typer.yaml").write_text(text, encoding="utf-8")
    app = make_app(workspace, checklist_dirs=[mine])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        notice = app.screen.query_one("#template-notice")
        assert notice.display and "(2)" in str(notice.render())
        await pilot.press("u", "y")
        await settle(pilot)
        audit = app.session.audit
        assert audit.meta.template_version == 2
        assert [i.id for i in audit.template.items()][0] == "ny-fraga"
        tree = app.screen.query_one(Tree)
        sections = [str(n.label) for n in tree.root.children]
        assert sections[-1] == "Borttaget ur mallen"
        assert not notice.display
        # the removed question keeps its observation and can still be read
        assert audit.orphan_item_ids() == ["fraga"]
        assert [o.text for o in audit.observations("fraga")] == ["Gammal iakttagelse"]
        await pilot.press("ctrl+q")
