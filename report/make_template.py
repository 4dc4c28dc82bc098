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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from report.oxml import _el, _set
from report.render import DEFAULT_TEMPLATE
from report.template_body import write_body

FONT = "Calibri"
HEADING_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADING_NUM_ID = 40  # the list that numbers Heading 1-3
BULLET_NUM_ID = 41
A4 = (Cm(21.0), Cm(29.7))

# -- small XML helpers ------------------------------------------------------------


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
    write_body(document)
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
