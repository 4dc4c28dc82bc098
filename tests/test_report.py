"""The Word report: written, opened again with python-docx, and checked as a reader would."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from report import NotFinal, clean, export_report, outline
from store import open_audit
from store.merge import CONFLICT_TABLE
from tests.report_helpers import all_parts, body_text, h1, part, reopen, row_flags, table_rows

QUESTION = "Finns det ett etablerat samarbete med Arbetsförmedlingen?"
CHAPTERS = [
    "1 Sammanfattning",
    "2 Inledning",
    "3 Organisation och samarbete",
    "4 Insatser",
    "5 Analys och prognoser",
    "6 Slutsats",
    "7 Källförteckning",
    "Bilaga 1 Revisionskriterier i sin helhet",
]


@pytest.fixture
def demo_report(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path, read_only=True)
    return audit, export_report(audit, tmp_path / "rapport.docx")


def test_chapters_come_in_the_professional_order(demo_report):
    audit, out = demo_report
    document = reopen(out)
    assert h1(document) == CHAPTERS
    headings = outline(document)
    for expected in (
        "2.1 Bakgrund",
        "2.2 Syfte och revisionsfrågor",
        "2.3 Genomförande och avgränsning",
        "2.4 Revisionskriterier",
        "3.1 Iakttagelser",
        f"3.1.1 {QUESTION}",
        "3.2 Bedömning",
        "6.1 Rekommendationer",
        "Intervjuade funktioner",
        "Analyserade dokument",
    ):
        assert expected in headings
    # numbers come from the heading styles, never typed into the text as well
    texts = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Sammanfattning" in texts and not any(re.match(r"\d", t) for t in texts)
    assert document.paragraphs[1].style.name == "Title"  # under "Revisionsrapport"
    assert document.styles["Heading 1"].paragraph_format.page_break_before  # new page


def test_page_header_footer_language_and_properties(demo_report):
    audit, out = demo_report
    document = reopen(out)
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.1)
    assert Cm(2) <= section.left_margin <= Cm(3) and Cm(2) <= section.top_margin <= Cm(3)
    header = "\n".join(p.text for p in section.header.paragraphs)
    assert "Granskning av kommunens arbetsmarknadsinsatser – Ystads kommun" in header
    footer = part(out, "word/footer1.xml") if "word/footer1.xml" in all_parts(out) else ""
    footers = [v for k, v in all_parts(out).items() if k.startswith("word/footer")]
    assert any(
        "Sida" in f and " PAGE " in f and " NUMPAGES " in f and ">av<" in f.replace(" av ", ">av<")
        for f in footers
    ), footer
    styles = part(out, "word/styles.xml")
    defaults = styles.split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]
    assert 'w:lang w:val="sv-SE"' in defaults
    settings = part(out, "word/settings.xml")
    assert re.search(r'compatibilityMode"[^>]*w:val="15"', settings)
    assert '<w:updateFields w:val="true"/>' in settings
    props = document.core_properties
    assert props.title == audit.meta.title
    assert props.author == "Sara Shamekhi och Imelda Bengmark"
    assert props.last_modified_by == "testare"
    assert props.language == "sv-SE"
    assert props.comments == ""
    created = props.created.replace(tzinfo=props.created.tzinfo or UTC)
    assert datetime.now(UTC) - created < timedelta(minutes=5)
    everything = "\n".join(all_parts(out).values()).lower()
    assert "python-docx" not in everything and "macintosh" not in everything
    assert "<Application>Granska</Application>" in part(out, "docProps/app.xml")
    assert "docProps/thumbnail.jpeg" not in all_parts(out)


def test_table_of_contents_is_filled_before_word_updates_it(demo_report):
    _, out = demo_report
    xml = part(out, "word/document.xml")
    assert 'TOC \\o "1-2"' in xml
    document = reopen(out)
    entries = [p.text for p in document.paragraphs if re.fullmatch(r"toc \d", p.style.name.lower())]
    assert entries[:3] == ["1 Sammanfattning\t", "2 Inledning\t", "2.1 Bakgrund\t"]
    assert "Bilaga 1 Revisionskriterier i sin helhet\t" in entries
    assert all(not e.startswith("3.1.1") for e in entries)  # two levels, as in the seed
    assert xml.count("PAGEREF _Toc") == len(entries)


def test_summary_stands_on_its_own(demo_report):
    audit, out = demo_report
    document = reopen(out)
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("Sammanfattning")
    summary = paragraphs[start + 1 : paragraphs.index("Inledning")]
    text = "\n".join(summary)
    assert (
        "Sara Shamekhi och Imelda Bengmark har på uppdrag av de förtroendevalda revisorerna i "
        "Ystads kommun granskat socialnämnden." in text
    )
    assert "Granskningens syfte är att bedöma" in text
    assert f"{QUESTION} Till viss del." in text  # the answer to each question
    assert "Utifrån granskningsresultatet rekommenderar vi socialnämnden att:" in text
    conclusion = paragraphs[paragraphs.index("Slutsats") + 1 : paragraphs.index("Källförteckning")]
    assert (
        "Tillse att prognoser för arbetslösheten i kommunen dokumenteras och presenteras för "
        "nämnden. (Avser: Genomförs analyser och prognoser på ett tillförlitligt sätt för att "
        "minska framtida kostnader för ekonomiskt bistånd?)" in conclusion
    )
    assert summary != conclusion and len(summary) > len(conclusion) - 8


def test_observations_read_as_report_text_with_their_sources(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path)
    audit.add_observation("analys-prognos", "Protokollet 2019-03-01 visar beslutet.")
    unused = audit.add_source("interview", role="Ekonomichef", date="2022-03-12")
    out = export_report(audit, tmp_path / "r.docx")
    audit.close()
    document = reopen(out)
    text = body_text(document)
    assert (
        "Källa: intervju med arbetsmarknadskoordinator på arbetsmarknadsenheten, 10 mars 2022."
        in text
    )
    assert (
        "Källor: intervju med verksamhetschef för individ- och familjeomsorgen, 8 mars 2022; "
        in text
    )
    assert "(intervju:" not in text
    assert "Protokollet 2019\u201103\u201101 visar beslutet." in text  # no line break at hyphens
    source_notes = [p for p in document.paragraphs if p.text.startswith(("Källa:", "Källor:"))]
    assert source_notes and all(p.style.name == "Källa" for p in source_notes)
    # every interview held is listed, cited or not
    paragraphs = [p.text for p in document.paragraphs]
    listed = paragraphs[paragraphs.index("Intervjuade funktioner") :]
    assert unused.role in listed
    assert "Förste socialsekreterare på försörjningsenheten" in listed


def test_chapter_criteria_name_the_provisions(demo_report):
    _, out = demo_report
    text = body_text(reopen(out))
    assert (
        "Bedömningarna i avsnittet utgår från Kommunallag (2017:725) 6 kap, Lag (1944:475) om "
        "arbetslöshetsnämnd och Socialnämndens reglemente." in text
    )


def test_answer_table_repeats_its_header_keeps_rows_whole_and_colours_answers(demo_report):
    _, out = demo_report
    document = reopen(out)
    table = next(t for t in document.tables if table_rows(t)[0] == ["Revisionsfråga", "Svar"])
    rows = table_rows(table)
    assert len(rows) == 5
    answers = {r[0]: r[1] for r in rows[1:]}
    assert answers[QUESTION].startswith("Till viss del. Det finns ett etablerat")
    assert any(a == "Ej bedömd." for a in answers.values())
    flags = row_flags(table)
    assert flags[0] == (True, True) and all(split for _, split in flags)
    widths = [c.width for c in table.rows[1].cells]
    assert 0.3 < widths[0] / sum(widths) < 0.4
    answer_run = next(r for r in table.rows[1].cells[1].paragraphs[0].runs if r.text)
    assert answer_run.bold and answer_run.font.color.rgb is not None
    colour = str(answer_run.font.color.rgb)
    assert colour == "D35400"  # "Till viss del" is orange on the template's scale
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold  # the question


def test_draft_is_marked_and_final_refuses_listing_what_blocks(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path)
    out = export_report(audit, tmp_path / "utkast.docx")
    assert out.unfinished == [
        "not assessed: Genomförs analyser och prognoser på ett tillförlitligt sätt för att "
        "minska framtida kostnader för ekonomiskt bistånd?"
    ]
    document = reopen(out)
    assert "UTKAST" in [p.text for p in document.paragraphs[:5]]
    assert "UTKAST" in "\n".join(p.text for p in document.sections[0].header.paragraphs)
    audit.file.put(
        CONFLICT_TABLE,
        "c1",
        {
            "id": "c1",
            "table": "observations",
            "record_id": "x",
            "field": "text",
            "mine": "a",
            "theirs": "b",
            "theirs_rev": [],
            "item_id": "",
            "resolved": "",
        },
    )
    with pytest.raises(NotFinal) as refused:
        export_report(audit, tmp_path / "slutlig.docx", final=True)
    assert "not assessed: Genomförs analyser" in str(refused.value)
    assert "1 merge conflict(s) not settled" in str(refused.value)
    assert not (tmp_path / "slutlig.docx").exists()
    audit.set_assessment("analys-prognos", "delvis", "Prognoserna dokumenteras inte.")
    audit.file.put(
        CONFLICT_TABLE, "c1", {**audit.file.get(CONFLICT_TABLE, "c1"), "resolved": "mine"}
    )
    final = export_report(audit, tmp_path / "slutlig.docx", final=True)
    audit.close()
    document = reopen(final)
    assert final.unfinished == []
    assert "UTKAST" not in body_text(document)
    assert "UTKAST" not in "\n".join(p.text for p in document.sections[0].header.paragraphs)


def test_the_title_page_carries_the_report_date_kept_in_the_audit(demo_path, tmp_path):
    audit = open_audit(demo_path)
    undated = export_report(audit, tmp_path / "a.docx")
    assert any("no report date" in n for n in undated.notes)
    audit.update_meta(report_date="2022-06-15")
    dated = export_report(audit, tmp_path / "b.docx")
    audit.close()
    assert dated.notes == []
    assert "Datum: 15 juni 2022" in [p.text for p in reopen(dated).paragraphs[:14]]
    assert open_audit(demo_path, read_only=True).meta.report_date == "2022-06-15"


def test_an_english_checklist_gives_an_english_report(workspace: Path, tmp_path: Path):
    from checklists import parse_template
    from store import create_audit

    yaml_text = (Path(__file__).parent / "fixtures" / "alla-typer.yaml").read_text("utf-8")
    yaml_text = "language: en\n" + yaml_text
    template = parse_template(yaml_text, "en.yaml")
    audit = create_audit(
        workspace,
        template,
        title="Audit of things",
        municipality="Ystad",
        committee="Social committee",
        year="2024",
        auditors=("A. Auditor",),
    )
    out = export_report(audit, tmp_path / "en.docx")
    audit.close()
    document = reopen(out)
    assert h1(document)[0] == "1 Summary"
    assert 'w:lang w:val="en-GB"' in part(out, "word/styles.xml")
    assert document.core_properties.language == "en-GB"
    footers = [v for k, v in all_parts(out).items() if k.startswith("word/footer")]
    assert any(">Page <" in f.replace("Page ", ">Page <") and " of " in f for f in footers)
    assert "Appendix 1 Audit criteria in full" in outline(document)


def test_text_that_xml_cannot_hold_is_cleaned(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path)
    audit.add_observation("analys-prognos", "Klistrat\x00 från\x0b PDF\x1f <b>&amp;.")
    out = export_report(audit, tmp_path / "r.docx")
    audit.close()
    assert "Klistrat från PDF <b>&amp;." in body_text(reopen(out))
    assert clean("a\x07b\r\nc") == "ab\nc"


def test_blank_lines_in_a_text_become_paragraphs(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path)
    audit.update_meta(background="Första stycket.\n\nAndra stycket.\nSamma stycke.")
    out = export_report(audit, tmp_path / "r.docx")
    audit.close()
    paragraphs = [p.text for p in reopen(out).paragraphs]
    start = paragraphs.index("Bakgrund")
    assert paragraphs[start + 1 : start + 3] == ["Första stycket.", "Andra stycket.\nSamma stycke."]


def test_heading_numbering_lives_in_the_styles(demo_report):
    _, out = demo_report
    document = reopen(out)
    numpr = document.styles["Heading 1"].element.pPr.find(qn("w:numPr"))
    assert numpr is not None and numpr.find(qn("w:numId")).get(qn("w:val")) != "0"
