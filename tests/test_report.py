"""The Word report: opened again with python-docx and checked for structure and content."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

from report import ExportError, clean, export_report
from store import open_audit

QUESTION = "Finns det ett etablerat samarbete med Arbetsförmedlingen?"


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_demo_report_has_the_professional_structure(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path, read_only=True)
    out = export_report(audit, tmp_path / "rapport.docx")
    document = docx.Document(str(out))
    h1 = headings(document, 1)
    assert h1 == [
        "1 Sammanfattning",
        "2 Inledning",
        "3 Organisation och samarbete",
        "4 Insatser",
        "5 Analys och prognoser",
        "6 Slutsats",
        "7 Källförteckning",
        "8 Revisionskriterier i sin helhet",
    ]
    h2 = headings(document, 2)
    for expected in (
        "2.1 Bakgrund",
        "2.2 Syfte och revisionsfrågor",
        "2.3 Genomförande och avgränsning",
        "2.4 Revisionskriterier",
        "3.1 Iakttagelser",
        "3.2 Bedömning",
        "6.1 Rekommendationer",
        "Intervjuade funktioner",
        "Analyserade dokument",
    ):
        assert expected in h2
    assert document.paragraphs[0].style.name == "Title"
    assert document.core_properties.title == audit.meta.title

    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Revisionsfråga", "Svar"]
    answers = {r[0]: r[1] for r in rows[1:]}
    assert answers[QUESTION].startswith("Till viss del. Det finns ett etablerat")
    assert any(a == "Ej bedömd." for a in answers.values())  # analys-prognos is not assessed
    assert len(rows) == 5

    text = "\n".join(p.text for p in document.paragraphs)
    assert "Det saknas ett samverkansavtal mellan parterna" in text
    assert "intervju: Verksamhetschef för individ- och familjeomsorgen, 2022-03-08" in text
    assert "Utifrån granskningsresultatet rekommenderar vi socialnämnden att:" in text
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Årsredovisning arbetsmarknadsenheten 2021" in bullets
    assert (
        "Fortsätt verka för att upprätta ett samverkansavtal mellan nämnden och "
        "Arbetsförmedlingen." in bullets
    )


def test_text_that_xml_cannot_hold_is_cleaned(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path)
    audit.add_observation("analys-prognos", "Klistrat\x00 från\x0b PDF\x1f.")
    out = export_report(audit, tmp_path / "r.docx")
    audit.close()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Klistrat från PDF." in text
    assert clean("a\x07b\r\nc") == "ab\nc"


def test_bad_destinations_are_clear_errors(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path, read_only=True)
    with pytest.raises(ExportError, match="does not exist"):
        export_report(audit, tmp_path / "nope" / "r.docx")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            # root ignores folder permissions; /proc refuses new files even to root
            with pytest.raises(ExportError, match="cannot write|not writable"):
                export_report(audit, Path("/proc/granska-report.docx"))
        else:
            with pytest.raises(ExportError, match="not writable"):
                export_report(audit, locked / "r.docx")
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []


def test_a_style_source_without_a_needed_style_is_an_error(demo_path: Path, tmp_path: Path):

    base = docx.Document()
    base.save(str(tmp_path / "ok.docx"))
    audit = open_audit(demo_path, read_only=True)
    out = export_report(audit, tmp_path / "r.docx", style_source=tmp_path / "ok.docx")
    assert headings(docx.Document(str(out)), 1)[0] == "1 Sammanfattning"

    lacking = docx.Document()
    lacking.styles["List Bullet"].delete()
    lacking.save(str(tmp_path / "lacking.docx"))
    with pytest.raises(ExportError, match="List Bullet"):
        export_report(audit, tmp_path / "r2.docx", style_source=tmp_path / "lacking.docx")
    assert not (tmp_path / "r2.docx").exists()
