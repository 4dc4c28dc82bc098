"""Every report kind through LibreOffice to PDF, read back with pdftotext; and a template
saved by LibreOffice used as template and as style source.

CI installs LibreOffice and poppler (.ci/run) and sets GRANSKA_REQUIRE_SOFFICE=1, so
there these tests fail rather than skip when the programs are missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from checklists import parse_template
from report import DEFAULT_TEMPLATE, export_report, outline
from store import create_audit, open_audit
from tests.report_helpers import h1, reopen
from tests.test_checklist_language import GROWN

REQUIRED = os.environ.get("GRANSKA_REQUIRE_SOFFICE") == "1" or os.environ.get("CI") == "1"
MISSING = [p for p in ("soffice", "pdftotext") if shutil.which(p) is None]

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def libreoffice(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """LibreOffice and pdftotext, with one LibreOffice profile for the whole run."""
    if MISSING:
        message = (
            f"not installed: {', '.join(MISSING)} "
            "(apt-get install libreoffice-writer poppler-utils)"
        )
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    cache = Path(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache" / cache))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def kinds_audit(workspace: Path):
    yaml_text = (Path(__file__).parent / "fixtures" / "alla-typer.yaml").read_text("utf-8")
    template = parse_template(yaml_text, "alla-typer.yaml")
    audit = create_audit(
        workspace,
        template,
        title="Uppföljning av mål",
        municipality="Ystad",
        committee="Socialnämnden",
        year="2024",
        auditors=("A. Revisor",),
    )
    audit.set_kpi_value("kpi-egen-forsorjning", "2024", "total", "42")
    return audit


def grown_audit(workspace: Path):
    audit = create_audit(
        workspace,
        parse_template(GROWN, "grown.yaml"),
        title="Intern kontroll",
        municipality="Ystad",
        committee="Kommunstyrelsen",
        year="2025",
        auditors=("A. Revisor",),
    )
    audit.set_overall("god", "Kontrollen är god.")
    return audit


@pytest.mark.parametrize("kind", ["demo", "kinds", "grown"])
def test_each_report_kind_converts_to_pdf_with_contents_and_page_numbers(
    kind: str, demo_path: Path, workspace: Path, tmp_path: Path
):
    audit = {
        "demo": lambda: open_audit(demo_path, read_only=True),
        "kinds": lambda: kinds_audit(workspace),
        "grown": lambda: grown_audit(workspace),
    }[kind]()
    out = export_report(audit, tmp_path / f"{kind}.docx", pdf=True)
    chapters = h1(reopen(out))
    audit.close()
    assert out.pdf == tmp_path / f"{kind}.pdf"
    assert oct(out.pdf.stat().st_mode)[-3:] == "600"
    text = pdf_text(out.pdf)
    assert "Sida 1 av" in text
    contents = text.split("Innehåll", 1)[1]
    for chapter in chapters:  # each chapter in the contents, with its page number
        title = chapter.split(" ", 1)[1] if chapter[0].isdigit() else chapter
        assert re.search(re.escape(title) + r"\s*\.{4,}\s*\d+", contents), (chapter, contents[:800])
    assert "Sammanfattning" in text and "Källförteckning" in text
    if kind == "demo":
        assert "Det saknas ett samverkansavtal mellan parterna" in text
        assert "Källa: intervju med" in text
    assert not list(tmp_path.glob("*.tmp-*"))


def test_a_template_saved_by_libreoffice_is_accepted(demo_path: Path, tmp_path: Path):
    saved = tmp_path / "lo"
    saved.mkdir()
    shutil.copy(DEFAULT_TEMPLATE, tmp_path / "firma.docx")
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'prof').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(saved),
            str(tmp_path / "firma.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    lo_file = saved / "firma.docx"
    with zipfile.ZipFile(lo_file) as z:
        assert "LibreOffice" in z.read("docProps/app.xml").decode()
    audit = open_audit(demo_path, read_only=True)
    as_template = export_report(audit, tmp_path / "t.docx", template=lo_file)
    assert h1(reopen(as_template))[:2] == ["1 Sammanfattning", "2 Inledning"]
    as_style = export_report(audit, tmp_path / "s.docx", style_source=lo_file)
    assert outline(reopen(as_style))[0] == "1 Sammanfattning"


def test_when_the_macro_cannot_run_a_plain_conversion_still_gives_the_pdf(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import report.pdf

    broken = report.pdf.MACRO.replace("doc.storeToURL(outUrl, f())", "")
    monkeypatch.setattr(report.pdf, "MACRO", broken)
    audit = open_audit(demo_path, read_only=True)
    out = export_report(audit, tmp_path / "r.docx", pdf=True)
    text = pdf_text(out.pdf)
    assert "Sammanfattning" in text and "Sida 1 av" in text
    assert not list(tmp_path.glob("*.tmp-*"))
