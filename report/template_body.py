"""The body of the bundled report template: its docxtpl placeholders, paragraph by paragraph.

`report.make_template` builds the styles, page and header around this. Each
`{%p ... %}` tag sits in a paragraph of its own, which docxtpl removes when it
renders; table rows repeat with `{%tr ... %}` and KPI columns with `{%tc ... %}`.
"""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from report.oxml import _el, _set


def _no_numbering(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num = OxmlElement("w:numPr")
    num.append(_el("w:ilvl", val="0"))
    num.append(_el("w:numId", val="0"))
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, num)


class Body:
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
    body: Body,
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


def _title_page(b: Body) -> None:
    b.p("{{ labels.title_prefix }}", "Subtitle")
    b.p("{{ title }}", "Title")
    b.p("{{ municipality }}", "Subtitle")
    b.tag("if draft")
    b.p("{{ labels.draft_mark }}", "Utkast")
    b.p("{{ labels.draft_note }}")
    b.tag("endif")
    b.p()
    b.p("{{ labels.municipality }}: {{ municipality }}")
    b.tag("if committee")
    b.p("{{ labels.committee }}: {{ committee }}")
    b.tag("endif")
    b.tag("if year")
    b.p("{{ labels.year }}: {{ year }}")
    b.tag("endif")
    b.p("{{ labels.auditors }}: {{ auditors }}")
    b.p("{{ labels.date }}: {{ report_date }}")
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


def _summary(b: Body) -> None:
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


def _introduction(b: Body) -> None:
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


def _chapters(b: Body) -> None:
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


def _kpi_table(b: Body) -> None:
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


def _conclusion(b: Body) -> None:
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
    b.p("{{ labels.answers }}", bold=True)
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


def _sources(b: Body) -> None:
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


def _appendix(b: Body) -> None:
    b.heading("{{ labels.appendix }} 1 {{ labels.criteria_appendix }}", 1, numbered=False)
    b.tag("for c in criteria")
    b.heading("{{ c.title }}", 3, numbered=False)
    b.paragraphs("c.text")
    b.tag("endfor")


def write_body(document) -> None:
    """The whole body, in the order of a finished report."""
    b = Body(document)
    for part in (_title_page, _summary, _introduction, _chapters, _conclusion, _sources, _appendix):
        part(b)
