"""An audit of the bundled template written in the grown language: areas assessed on
their own scale under grouping chapters, a graded overall assessment, kind names."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from checklists.library import load_library
from report import export_report
from store import create_audit, open_audit

TEMPLATE = load_library().get("styrning-uppfoljning-kontroll")


@pytest.fixture
def grown(workspace: Path):
    audit = create_audit(
        workspace, TEMPLATE, title="Styrning och kontroll", committee="Socialnämnden", year="2025"
    )
    yield audit
    audit.close()


def test_area_assessments_are_counted_with_the_items(grown):
    items, areas = len(TEMPLATE.items()), len(TEMPLATE.assessed_sections())
    assert grown.assessed_count() == (0, items + areas)
    assert grown.item_states()["samverkan"] == "empty"
    grown.add_observation("samarbete-af", "Samarbetet sker i enskilda ärenden.")
    assert grown.item_states()["samverkan"] == "observations"  # work on one of its items
    grown.set_assessment("samverkan", "delvis-uppfyllt", "Inget samverkansavtal.")
    assert grown.item_state("samverkan") == "assessed"
    assert grown.assessment("samverkan").reasoning == "Inget samverkansavtal."
    grown.set_assessment("analys-prognos", "ej-matbart", "Statistiken saknas.")
    assert grown.assessed_count() == (2, items + areas)


def test_the_overall_value_is_on_the_overall_scale(grown):
    grown.set_overall("till-viss-del", "Nämnden har till viss del säkerställt kontrollen.")
    assert grown.meta.overall_value == "till-viss-del"
    assert grown.meta.overall_assessment.startswith("Nämnden har")
    grown.set_overall("i-huvudsak")  # the text stays
    assert grown.meta.overall_assessment.startswith("Nämnden har")
    with pytest.raises(ValueError, match="not a value of the overall scale"):
        grown.set_overall("ja")
    assert grown.meta.overall_value == "i-huvudsak"


def test_the_report_has_the_templates_shape(grown, tmp_path: Path):
    grown.set_assessment("organisation-ansvar", "uppfyllt", "Tydlig uppdragsbeskrivning.")
    grown.set_assessment("samarbete-af", "delvis", "Samarbetet är personbundet.")
    grown.set_overall("till-viss-del", "Kontrollen behöver utvecklas.")
    path = grown.path
    grown.close()
    audit = open_audit(path, read_only=True)
    document = docx.Document(str(export_report(audit, tmp_path / "r.docx")))
    from report import outline

    headings = outline(document)  # the heading styles number the chapters
    h1 = [h for h in headings if h.split(" ")[0].isdigit()]
    assert h1[2:5] == ["3 Styrning", "4 Uppföljning och kontroll", "5 Slutsats"]
    assert "3.1 Organisation och ansvar" in headings
    assert "3.2 Samverkan med Arbetsförmedlingen" in headings
    text = [p.text for p in document.paragraphs]
    assert "Bedömning av området: Uppfyllt. Tydlig uppdragsbeskrivning." in text
    overall = "Sammanfattande bedömning: Till viss del säkerställt."
    assert text.count(overall) == 2  # summary and conclusion
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    areas = next(t for t in tables if t[0] == ["Område", "Bedömning"])
    assert areas[1] == ["Organisation och ansvar", "Uppfyllt. Tydlig uppdragsbeskrivning."]
    assert areas[2] == ["Samverkan med Arbetsförmedlingen", "Ej bedömd."]
    answers = next(t for t in tables if t[0][0] == "Kontrollområde")  # the template's word
    assert answers[0] == ["Kontrollområde", "Svar"]


def test_an_assessed_section_is_not_an_orphan_until_an_upgrade_removes_it(grown):
    grown.set_assessment("samverkan", "uppfyllt", "Avtal finns.")
    assert grown.orphan_item_ids() == []
    text = TEMPLATE.yaml_text.replace("version: 1", "version: 2").replace(
        "        assessment: {scale: omrade}\n        items:\n          - id: samarbete-af",
        "        items:\n          - id: samarbete-af",
    )
    from checklists import parse_template

    newer = parse_template(text, "v2.yaml")
    assert not newer.section("samverkan").assessed
    assert grown.upgrade_template(newer) == ["samverkan"]
    assert grown.removed_item("samverkan").text == "Samverkan med Arbetsförmedlingen"
    assert grown.assessment("samverkan").reasoning == "Avtal finns."  # kept
