"""Write the bundled report template, report/templates/default.docx.

Run `python -m report.make_template` after changing this file and commit the
.docx. The template is an ordinary Word document: its styles, page setup,
header, footer and table of contents are built here with python-docx, and its
body holds the docxtpl (Jinja) placeholders that `report.render` fills in. A
firm gets a copy with `granska report-template --out firm.docx` and edits it in
Word or LibreOffice; the placeholders it may use are listed in the README.

Chapter headings are numbered by the heading styles (a multi-level list tied
to Heading 1-3), never typed: a firm's own numbered styles then give "1
Sammanfattning", not "1  1 Sammanfattning". Headings that must not be numbered
(the appendix, "Revisionskriterium") switch numbering off with numId 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from report.render import DEFAULT_TEMPLATE

FONT = "Calibri"
HEADING_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADING_NUM_ID = 40  # the list that numbers Heading 1-3
BULLET_NUM_ID = 41
A4 = (Cm(21.0), Cm(29.7))

# -- small XML helpers ------------------------------------------------------------


def _el(tag: str, **attrs: str) -> OxmlElement:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _set(parent, tag: str, **attrs: str):
    """Replace (or add) the child `tag` of `parent` with these attributes."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = _el(tag, **attrs)
    parent.append(child)
    return child


def _no_numbering(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num = OxmlElement("w:numPr")
    num.append(_el("w:ilvl", val="0"))
    num.append(_el("w:numId", val="0"))
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, num)


def _field(paragraph: Paragraph, instruction: str, cached: str = "") -> None:
    """A simple complex field (PAGE, NUMPAGES) with a cached result."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            run._r.append(_el("w:fldChar", fldCharType=kind))
    paragraph.add_run(cached)
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="end"))


# -- styles -----------------------------------------------------------------------


def _styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set(rpr, "w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    _set(rpr, "w:lang", val="sv-SE", eastAsia="sv-SE", bidi="ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set(ppr, "w:spacing", after="160", line="264", lineRule="auto")

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)

    for level, size, before in ((1, 18, 0), (2, 14, 360), (3, 12, 240)):
        style = styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = HEADING_COLOUR
        style.paragraph_format.space_before = Pt(before / 20)
        style.paragraph_format.space_after = Pt(8)
        style.paragraph_format.keep_with_next = True
        ppr = style.element.get_or_add_pPr()
        num = OxmlElement("w:numPr")
        num.append(_el("w:ilvl", val=str(level - 1)))
        num.append(_el("w:numId", val=str(HEADING_NUM_ID)))
        ppr.insert(0, num)
        if level == 1:
            style.paragraph_format.page_break_before = True  # chapters start on a new page
        rpr = style.element.get_or_add_rPr()
        for theme in rpr.findall(qn("w:rFonts")):
            for key in list(theme.attrib):
                if "Theme" in key or "theme" in key:
                    del theme.attrib[key]

    toc_heading = styles["TOC Heading"]
    toc_heading.paragraph_format.page_break_before = False
    _set(toc_heading.element.get_or_add_pPr(), "w:numPr").append(_el("w:numId", val="0"))

    title = styles["Title"]
    title.font.name = FONT
    title.font.size = Pt(28)
    title.font.color.rgb = HEADING_COLOUR
    title.paragraph_format.space_before = Pt(120)
    subtitle = styles["Subtitle"]
    subtitle.font.name = FONT
    subtitle.font.size = Pt(16)
    subtitle.font.italic = False
    subtitle.font.color.rgb = GREY
    sub_ppr = subtitle.element.get_or_add_pPr()
    for old in sub_ppr.findall(qn("w:numPr")):
        sub_ppr.remove(old)

    from docx.enum.style import WD_STYLE_TYPE

    source = styles.add_style("Källa", WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = normal
    source.font.size = Pt(9)
    source.font.color.rgb = GREY
    source.paragraph_format.left_indent = Cm(0.5)
    source.paragraph_format.space_before = Pt(0)
    source.paragraph_format.space_after = Pt(10)

    draft = styles.add_style("Utkast", WD_STYLE_TYPE.PARAGRAPH)
    draft.base_style = normal
    draft.font.size = Pt(20)
    draft.font.bold = True
    draft.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    cell = styles.add_style("Tabelltext", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(10)
    cell.paragraph_format.space_after = Pt(2)
    cell.paragraph_format.line_spacing = 1.0

    bullet = styles["List Bullet"]
    _set(bullet.element.get_or_add_pPr(), "w:numPr").append(_el("w:numId", val=str(BULLET_NUM_ID)))
    bullet.paragraph_format.space_after = Pt(4)

    for level in (1, 2, 3):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.element.set(qn("w:styleId"), f"TOC{level}")
        toc.element.find(qn("w:name")).set(qn("w:val"), f"toc {level}")
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(3 if level > 1 else 6)
        toc.font.bold = level == 1
        toc.paragraph_format.tab_stops.add_tab_stop(
            Cm(16.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )

    grid = styles["Table Grid"]
    grid.font.size = Pt(10)


def _numbering(document) -> None:
    """Heading numbering (1, 1.1, 1.1.1) and a bullet list, as Word keeps them."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(HEADING_NUM_ID))
    abstract.append(_el("w:multiLevelType", val="multilevel"))
    for level in range(3):
        lvl = _el("w:lvl", ilvl=str(level))
        lvl.append(_el("w:start", val="1"))
        lvl.append(_el("w:numFmt", val="decimal"))
        lvl.append(_el("w:pStyle", val=f"Heading{level + 1}"))
        lvl.append(_el("w:lvlText", val=".".join(f"%{n + 1}" for n in range(level + 1))))
        lvl.append(_el("w:lvlJc", val="left"))
        ppr = OxmlElement("w:pPr")
        indent = 567 + 284 * level
        ppr.append(_el("w:ind", left=str(indent), hanging=str(indent)))
        lvl.append(ppr)
        abstract.append(lvl)
    bullets = OxmlElement("w:abstractNum")
    bullets.set(qn("w:abstractNumId"), str(BULLET_NUM_ID))
    bullets.append(_el("w:multiLevelType", val="singleLevel"))
    lvl = _el("w:lvl", ilvl="0")
    lvl.append(_el("w:start", val="1"))
    lvl.append(_el("w:numFmt", val="bullet"))
    lvl.append(_el("w:lvlText", val="•"))
    lvl.append(_el("w:lvlJc", val="left"))
    ppr = OxmlElement("w:pPr")
    ppr.append(_el("w:ind", left="357", hanging="357"))
    lvl.append(ppr)
    bullets.append(lvl)
    first_num = numbering.find(qn("w:num"))
    for element in (abstract, bullets):
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    for num_id in (HEADING_NUM_ID, BULLET_NUM_ID):
        num = _el("w:num", numId=str(num_id))
        num.append(_el("w:abstractNumId", val=str(num_id)))
        numbering.append(num)


# -- page, header, footer ------------------------------------------------------------


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)
    section.different_first_page_header_footer = True  # no header on the title page
    section.start_type = WD_SECTION.NEW_PAGE

    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    header.text = "{{ title }} – {{ municipality }}"
    header.runs[0].font.size = Pt(9)
    header.runs[0].font.color.rgb = GREY
    draft = section.header.add_paragraph("{% if draft %}{{ labels.draft_mark }}{% endif %}")
    draft.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    draft.runs[0].font.bold = True
    draft.runs[0].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    for footer in (section.footer.paragraphs[0], section.first_page_footer.paragraphs[0]):
        footer.style = document.styles["Footer"]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer.add_run("{{ labels.page }} ")
        _field(footer, "PAGE", "1")
        footer.add_run(" {{ labels.page_of }} ")
        _field(footer, "NUMPAGES", "1")
        for run in footer.runs:
            run.font.size = Pt(9)


# -- body ----------------------------------------------------------------------------


class _Body:
    def __init__(self, document):
        self.doc = document

    def p(self, text: str = "", style: str | None = None, *, bold: bool = False) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            paragraph.add_run(text).bold = bold or None
        return paragraph

    def tag(self, jinja: str) -> None:
        """A paragraph that holds only a {%p ... %} tag; docxtpl removes it."""
        self.doc.add_paragraph(f"{{%p {jinja} %}}")

    def heading(self, text: str, level: int, *, numbered: bool = True) -> Paragraph:
        paragraph = self.doc.add_paragraph(text, style=f"Heading {level}")
        if not numbered:
            _no_numbering(paragraph)
        return paragraph

    def bullets(self, loop: str, text: str) -> None:
        self.tag(f"for {loop}")
        self.p(text, "List Bullet")
        self.tag("endfor")

    def paragraphs(self, expression: str, style: str | None = None) -> None:
        """The text of `expression` when it is not empty (blank lines give paragraphs)."""
        self.tag(f"if {expression}")
        self.p(f"{{{{ {expression} }}}}", style)
        self.tag("endif")


def _table(
    body: _Body,
    widths: list[float],
    header: list[str],
    row: list[str],
    loop: str,
    *,
    bold_first: bool = False,
):
    """A table with a repeated header row, rows that do not split, one row per item."""
    table = body.doc.add_table(rows=4, cols=len(widths))
    table.style = body.doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblW", w=str(int(sum(widths) * 567)), type="dxa")
    _set(tbl_pr, "w:tblLayout", type="fixed")
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
    rows = table.rows
    cells = [
        (rows[0], header),
        (rows[1], [f"{{%tr for {loop} %}}"] + [""] * (len(widths) - 1)),
        (rows[2], row),
        (rows[3], ["{%tr endfor %}"] + [""] * (len(widths) - 1)),
    ]
    for n, (tr, texts) in enumerate(cells):
        tr_pr = tr._tr.get_or_add_trPr()
        tr_pr.append(_el("w:cantSplit"))
        for i, (cell, text) in enumerate(zip(tr.cells, texts, strict=True)):
            cell.width = Cm(widths[i])
            paragraph = cell.paragraphs[0]
            paragraph.style = body.doc.styles["Tabelltext"]
            if text:
                paragraph.add_run(text).bold = (n == 0 or (bold_first and i == 0)) or None
    rows[0]._tr.get_or_add_trPr().append(_el("w:tblHeader"))
    shading = _el("w:shd", val="clear", color="auto", fill="DCE3EC")
    for cell in rows[0].cells:
        cell._tc.get_or_add_tcPr().append(shading.__copy__())
    body.p()
    return table


def _title_page(b: _Body) -> None:
    b.p("{{ title }}", "Title")
    b.p("{{ municipality }}", "Subtitle")
    b.tag("if draft")
    b.p("{{ labels.draft_mark }}", "Utkast")
    b.p("{{ labels.draft_note }}")
    b.tag("endif")
    b.p()
    b.p("{{ committee }}{% if year %} {{ year }}{% endif %}")
    b.p("{{ auditors }}")
    b.p("{{ report_date }}")
    toc_title = b.p("{{ labels.contents }}", "TOC Heading")
    toc_title.paragraph_format.page_break_before = True
    start = b.p()
    for kind, text in (("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
        run = start.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            run._r.append(_el("w:fldChar", fldCharType=kind))
    start.add_run("{{ labels.toc_placeholder }}")
    b.p().add_run()._r.append(_el("w:fldChar", fldCharType="end"))


def _summary(b: _Body) -> None:
    b.heading("{{ labels.summary }}", 1)
    b.p("{{ summary.commission }}")
    b.paragraphs("purpose")
    b.tag("if overall")
    b.p("{{ labels.overall_assessment }}: {{r overall.label_rich }}")
    b.tag("endif")
    b.paragraphs("summary.overall")
    b.tag("if summary.answers")
    b.p("{{ labels.answers_lead }}")
    b.tag("for a in summary.answers")
    b.p("{{ a.question }} {{r a.label_rich }}", "List Bullet")
    b.tag("endfor")
    b.tag("endif")
    b.tag("if recommendations")
    b.p("{{ recommendations_lead }}")
    b.bullets("r in recommendations", "{{ r }}")
    b.tag("endif")


def _introduction(b: _Body) -> None:
    b.heading("{{ labels.introduction }}", 1)
    b.heading("{{ labels.background }}", 2)
    b.paragraphs("background")
    b.heading("{{ labels.purpose }}", 2)
    b.paragraphs("purpose")
    b.tag("if questions")
    b.p("{{ labels.purpose_lead }}")
    b.bullets("q in questions", "{{ q }}")
    b.tag("endif")
    b.heading("{{ labels.method }}", 2)
    b.paragraphs("method")
    b.heading("{{ labels.criteria }}", 2)
    b.p("{{ labels.criteria_lead }}")
    b.bullets("c in criteria", "{{ c.title }}")


def _chapters(b: _Body) -> None:
    """One chapter per checklist chapter (or per section when there are no chapters).

    A chapter that groups sections gives each section a level-2 heading and its
    questions level 3; a chapter that is one section has the seed's shape:
    Iakttagelser and Bedömning at level 2, a heading per question between.
    """
    b.tag("for ch in chapters")
    b.heading("{{ ch.title }}", 1)
    b.paragraphs("ch.intro")
    b.tag("for s in ch.sections")
    b.tag("if ch.grouped")
    b.heading("{{ s.title }}", 2)
    b.paragraphs("s.intro")
    b.tag("endif")
    b.tag("if s.criteria")
    b.heading("{{ labels.criterion }}", 3, numbered=False)
    b.p("{{ s.criteria_text }}")
    b.tag("endif")
    # audit questions: observations per question, then the assessments
    b.tag("if s.questions")
    b.tag("if not ch.grouped")
    b.heading("{{ labels.observations }}", 2)
    b.tag("endif")
    b.tag("for q in s.questions")
    b.heading("{{ q.text }}", 3)
    b.tag("for o in q.observations")
    b.p("{{ o.text }}")
    b.tag("if o.source")
    b.p("{{ o.source }}", "Källa")
    b.tag("endif")
    b.tag("endfor")
    b.tag("if not q.observations")
    b.p("{{ labels.no_observations }}")
    b.tag("endif")
    b.tag("endfor")
    b.tag("if ch.grouped")
    b.heading("{{ labels.assessment }}", 3, numbered=False)
    b.tag("else")
    b.heading("{{ labels.assessment }}", 2)
    b.tag("endif")
    b.tag("for q in s.questions")
    b.p("{{ q.text }}", bold=True)
    b.p("{{r q.label_rich }}{% if q.reasoning %} {{ q.reasoning }}{% endif %}")
    b.tag("endfor")
    b.tag("endif")
    # control points: one table
    b.tag("if s.control_points")
    b.tag("if ch.grouped")
    b.heading("{{ labels.control_points }}", 3, numbered=False)
    b.tag("else")
    b.heading("{{ labels.control_points }}", 2)
    b.tag("endif")
    _table(
        b,
        [5.0, 2.5, 2.5, 6.0],
        [
            "{{ labels.control_point }}",
            "{{ labels.target }}",
            "{{ labels.answer }}",
            "{{ labels.comment }}",
        ],
        ["{{ c.text }}", "{{ c.target }}", "{{r c.value_rich }}", "{{ c.comment }}"],
        "c in s.control_points",
    )
    b.tag("endif")
    # KPIs: a table of values per period and breakdown
    b.tag("if s.kpis")
    b.tag("if ch.grouped")
    b.heading("{{ labels.kpis }}", 3, numbered=False)
    b.tag("else")
    b.heading("{{ labels.kpis }}", 2)
    b.tag("endif")
    b.tag("for k in s.kpis")
    b.p("{{ k.title }}", bold=True)
    _kpi_table(b)
    b.p(
        "{% if k.target %}{{ labels.target }}: {{ k.target }}. {% endif %}"
        "{{ labels.goal_attainment }}: {{r k.label_rich }}"
    )
    b.paragraphs("k.comment")
    b.tag("endfor")
    b.tag("endif")
    # analysis prompts: the answer text
    b.tag("if s.analyses")
    b.tag("if ch.grouped")
    b.heading("{{ labels.analysis }}", 3, numbered=False)
    b.tag("else")
    b.heading("{{ labels.analysis }}", 2)
    b.tag("endif")
    b.tag("for a in s.analyses")
    b.p("{{ a.text }}", bold=True)
    b.p("{{ a.answer }}")
    b.tag("endfor")
    b.tag("endif")
    # the section's own assessment, when the checklist gives it one
    b.tag("if s.assessment")
    b.p(
        "{{ labels.area_assessment }}: {{r s.assessment.label_rich }}"
        "{% if s.assessment.reasoning %} {{ s.assessment.reasoning }}{% endif %}"
    )
    b.tag("endif")
    b.tag("endfor")
    b.tag("endfor")


def _kpi_table(b: _Body) -> None:
    """Columns per period: docxtpl's {%tc %} loops repeat the middle cell."""
    table = b.doc.add_table(rows=4, cols=4)
    table.style = b.doc.styles["Table Grid"]
    texts = [
        ["", "{%tc for p in k.periods %}", "{{ p }}", "{%tc endfor %}"],
        ["{%tr for row in k.rows %}", "", "", ""],
        ["{{ row.label }}", "{%tc for v in row.cells %}", "{{ v }}", "{%tc endfor %}"],
        ["{%tr endfor %}", "", "", ""],
    ]
    for n, (tr, row) in enumerate(zip(table.rows, texts, strict=True)):
        tr._tr.get_or_add_trPr().append(_el("w:cantSplit"))
        for cell, text in zip(tr.cells, row, strict=True):
            cell.paragraphs[0].style = b.doc.styles["Tabelltext"]
            if text:
                cell.paragraphs[0].add_run(text).bold = n == 0 or None
    table.rows[0]._tr.get_or_add_trPr().append(_el("w:tblHeader"))
    b.p()


def _conclusion(b: _Body) -> None:
    b.heading("{{ labels.conclusion }}", 1)
    b.tag("if overall")
    b.p("{{ labels.overall_assessment }}: {{r overall.label_rich }}")
    b.tag("endif")
    b.paragraphs("overall_assessment")
    b.tag("if areas")
    _table(
        b,
        [5.6, 10.4],
        ["{{ labels.area }}", "{{ labels.assessment }}"],
        ["{{ a.area }}", "{{r a.answer_rich }}"],
        "a in areas",
        bold_first=True,
    )
    b.tag("endif")
    b.tag("if answers")
    _table(
        b,
        [5.6, 10.4],  # about 35/65 of the text width
        ["{{ labels.question }}", "{{ labels.answer }}"],
        ["{{ a.question }}", "{{r a.answer_rich }}"],
        "a in answers",
        bold_first=True,
    )
    b.tag("endif")
    b.heading("{{ labels.recommendations }}", 2)
    b.tag("if recommendations")
    b.p("{{ recommendations_lead }}")
    b.bullets("r in recommendations_related", "{{ r }}")
    b.tag("else")
    b.p("{{ labels.no_recommendations }}")
    b.tag("endif")


def _sources(b: _Body) -> None:
    b.heading("{{ labels.sources }}", 1)
    b.heading("{{ labels.interviewed }}", 3, numbered=False)
    b.tag("if interviews")
    b.bullets("s in interviews", "{{ s }}")
    b.tag("else")
    b.p("{{ labels.none }}")
    b.tag("endif")
    b.heading("{{ labels.documents }}", 3, numbered=False)
    b.tag("if documents")
    b.bullets("s in documents", "{{ s }}")
    b.tag("else")
    b.p("{{ labels.none }}")
    b.tag("endif")


def _appendix(b: _Body) -> None:
    b.heading("{{ labels.appendix }} 1 {{ labels.criteria }}", 1, numbered=False)
    b.tag("for c in criteria")
    b.heading("{{ c.title }}", 3, numbered=False)
    b.paragraphs("c.text")
    b.tag("endfor")


def _settings(document) -> None:
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "sv-SE")


def build(path: Path = DEFAULT_TEMPLATE) -> Path:
    """Write the default template to `path`."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _styles(document)
    _numbering(document)
    _page(document)
    _settings(document)
    b = _Body(document)
    _title_page(b)
    _summary(b)
    _introduction(b)
    _chapters(b)
    _conclusion(b)
    _sources(b)
    _appendix(b)
    props = document.core_properties
    props.title = "Granska – rapportmall"
    props.author = "Granska"
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.last_modified_by = "Granska"
    props.revision = 1
    from datetime import datetime

    props.created = props.modified = datetime(2026, 1, 1)
    from report.finish import drop_thumbnail

    drop_thumbnail(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TEMPLATE))
