"""Word templates: a firm's own shape, a broken one, and Word files as style sources."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from checklists import parse_template
from report import DEFAULT_TEMPLATE, TemplateProblem, export_report, outline
from store import create_audit, open_audit
from tests.report_helpers import body_text, h1, reopen, table_rows
from tests.test_checklist_language import GROWN


def firm_template(path: Path) -> Path:
    """A firm's template: conclusions first under its own title, areas renamed, the
    answer cells shaded in the scale's colour, the summary last, its own font."""
    d = docx.Document()
    d.styles["Normal"].font.name = "Georgia"
    d.styles["Normal"].font.size = Pt(12)
    d.add_paragraph("{{ title }}", style="Title")
    d.add_heading("Våra slutsatser", 1)
    table = d.add_table(rows=4, cols=2)
    texts = [
        ["Fråga", "Vår bedömning"],
        ["{%tr for a in answers %}", ""],
        ["{{ a.question }}", "{% cellbg a.fill %}{{ a.label }}"],
        ["{%tr endfor %}", ""],
    ]
    for row, cells in zip(table.rows, texts, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    d.add_paragraph("{%p for ch in chapters %}")
    d.add_heading("Område: {{ ch.title }}", 1)
    d.add_paragraph("{%p for s in ch.sections %}")
    d.add_paragraph("{%p for q in s.questions %}")
    d.add_paragraph("{{ q.text }} – {{ q.label }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p endfor %}")
    d.add_heading("{{ labels.summary }}", 1)
    d.add_paragraph("{{ summary.commission }}")
    d.save(str(path))
    return path


def test_a_firm_template_reorders_renames_and_colours(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path, read_only=True)
    out = export_report(audit, tmp_path / "r.docx", template=firm_template(tmp_path / "f.docx"))
    document = reopen(out)
    assert h1(document) == [
        "1 Våra slutsatser",
        "2 Område: Organisation och samarbete",
        "3 Område: Insatser",
        "4 Område: Analys och prognoser",
        "5 Sammanfattning",
    ]
    # the firm's headings are not numbered by style: Granska types the numbers, once
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][0] == (
        "1 Våra slutsatser"
    )
    assert document.styles["Normal"].font.name == "Georgia"
    rows = table_rows(document.tables[0])
    assert rows[0] == ["Fråga", "Vår bedömning"]
    assert rows[1] == ["Finns det ett etablerat samarbete med Arbetsförmedlingen?", "Till viss del"]
    fill = document.tables[0].rows[1].cells[1]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == "FFD8B0"  # orange, the colour of "Till viss del" on the scale
    grey = document.tables[0].rows[4].cells[1]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert grey == "E0E0E0" and rows[4][1] == "Ej bedömd"
    assert "Sara Shamekhi och Imelda Bengmark har på uppdrag" in body_text(document)


def _template_with(tmp_path: Path, *paragraphs: str, cell: str | None = None) -> Path:
    d = docx.Document()
    d.add_paragraph("{{ title }}")
    for text in paragraphs:
        d.add_paragraph(text)
    if cell is not None:
        table = d.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = "Rubrik"
        table.rows[0].cells[1].text = cell
    path = tmp_path / "trasig.docx"
    d.save(str(path))
    return path


@pytest.mark.parametrize(
    ("paragraphs", "cell", "message"),
    [
        (
            ["Revisor: {{ revisor }}"],
            None,
            "trasig.docx: body: unknown placeholder 'revisor' in paragraph 2: "
            "“Revisor: {{ revisor }}”",
        ),
        (
            ["Titel: {{ title "],
            None,
            "trasig.docx: body: template error: unexpected '/' in paragraph 2: “Titel: {{ title”",
        ),
        ([], "{{ title|versaler }}", "No filter named 'versaler'"),
        ([], "{{ title|versaler }}", "in a table cell: “{{ title|versaler }}”"),
        (
            ["{%p for ch in chapters %}", "{{ ch.rubrik }}", "{%p endfor %}"],
            None,
            "has no attribute 'rubrik' in paragraph",
        ),
    ],
)
def test_a_broken_template_names_the_placeholder_and_where(
    demo_path: Path, tmp_path: Path, paragraphs, cell, message
):
    audit = open_audit(demo_path, read_only=True)
    template = _template_with(tmp_path, *paragraphs, cell=cell)
    with pytest.raises(TemplateProblem) as problem:
        export_report(audit, tmp_path / "r.docx", template=template)
    assert message in str(problem.value), str(problem.value)
    assert "\n" not in str(problem.value) and "Traceback" not in str(problem.value)
    assert not (tmp_path / "r.docx").exists()


def _as_dotx(source: Path, target: Path) -> Path:
    data = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(data, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
                )
            zout.writestr(info, body)
    target.write_bytes(data.getvalue())
    return target


def test_a_dotx_and_unnumbered_styles_are_accepted_as_style_source(demo_path, tmp_path):
    plain = docx.Document()
    plain.styles["Normal"].font.name = "Garamond"
    plain.save(str(tmp_path / "stil.docx"))
    dotx = _as_dotx(tmp_path / "stil.docx", tmp_path / "stil.dotx")
    with pytest.raises(ValueError):
        docx.Document(str(dotx))  # python-docx alone refuses a .dotx
    audit = open_audit(demo_path, read_only=True)
    out = export_report(audit, tmp_path / "r.docx", style_source=dotx)
    document = reopen(out)
    assert document.styles["Normal"].font.name == "Garamond"
    assert any("lacks the style(s)" in n and "Källa" in n for n in out.notes)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1 Sammanfattning"  # typed: these styles do not number
    assert h1(document)[0] == "1 Sammanfattning"


def test_numbered_heading_styles_are_not_numbered_twice(demo_path, tmp_path):
    audit = open_audit(demo_path, read_only=True)
    out = export_report(audit, tmp_path / "r.docx", style_source=DEFAULT_TEMPLATE)
    document = reopen(out)
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][0] == (
        "Sammanfattning"
    )
    assert outline(document)[0] == "1 Sammanfattning"
    assert not any(h.startswith("1 1") for h in outline(document))


def test_a_checklist_with_chapters_areas_and_an_overall_grade_keeps_its_shape(
    workspace: Path, tmp_path: Path
):
    template = parse_template(GROWN, "grown.yaml")
    audit = create_audit(
        workspace,
        template,
        title="Intern kontroll 2025",
        municipality="Ystad",
        committee="Kommunstyrelsen",
        year="2025",
        auditors=("A. Revisor",),
    )
    audit.add_observation("q1", "Målen är beslutade av fullmäktige.")
    audit.set_assessment("q1", "ja", "Målen finns.")
    audit.set_assessment("mal", "ja", "Området fungerar.")
    audit.set_overall("brister", "Det finns brister i uppföljningen.")
    out = export_report(audit, tmp_path / "r.docx")
    audit.close()
    document = reopen(out)
    headings = outline(document)
    assert h1(document)[2:4] == ["3 Styrning", "4 Uppföljning"]
    assert "3.1 Mål" in headings and "4.1 Rapportering" in headings
    assert "3.1.1 Finns mål?" in headings
    text = body_text(document)
    assert "Bedömning av området: Ja. Området fungerar." in text
    assert "Sammanfattande bedömning: Brister." in text
    tables = [table_rows(t) for t in document.tables]
    answers = next(t for t in tables if t[0][1] == "Svar")
    assert answers[0][0] == "Kontrollområde"  # the template's name for its questions
    areas = next(t for t in tables if t[0] == ["Område", "Bedömning"])
    assert areas[1:] == [["Mål", "Ja. Området fungerar."], ["Rapportering", "Ej bedömd."]]
    control = next(t for t in tables if t[0][0] == "Kontrollmoment")
    assert control[1][0] == "Protokoll finns"
    assert "not assessed: Rapportering" in out.unfinished


def test_the_bundled_template_is_what_its_script_makes(tmp_path: Path):
    from report.make_template import build

    made = build(tmp_path / "default.docx")
    with zipfile.ZipFile(made) as fresh, zipfile.ZipFile(DEFAULT_TEMPLATE) as committed:
        assert sorted(fresh.namelist()) == sorted(committed.namelist())
        for name in fresh.namelist():
            assert fresh.read(name) == committed.read(name), name
