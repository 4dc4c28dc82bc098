"""Every `report:` key a template may set has an effect: set to a marker, it shows up
in the exported report (in one of two audits that between them take every branch)."""

from __future__ import annotations

from pathlib import Path

import docx

from checklists import parse_template
from checklists.model import ITEM_KINDS
from checklists.reporttext import REPORT_KEYS
from report import export_report
from store import create_audit

FIXTURE = Path(__file__).parent / "fixtures" / "alla-typer.yaml"
# An item kind's name also shows in the app, not only in the report ("kpi" only there).
APP_ONLY = {"kpi"}


def marker(key: str) -> str:
    return f"«{key}»" + (" {committee}" if key == "recommendations_lead" else "")


def template_with_every_key():
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace(
        "    title: Resultat\n", "    title: Resultat\n    assessment: {}\n"
    ).replace("[total, women, men]", "[total, women, men, national, comparable]")
    text += "overall: {scale: jdn}\nreport:\n" + "".join(
        f'  {key}: "{marker(key)}"\n' for key in sorted(REPORT_KEYS)
    )
    return parse_template(text, "every-key.yaml")


def report_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_every_report_key_shows_in_the_report(workspace: Path, tmp_path: Path):
    template = template_with_every_key()
    bare = create_audit(
        workspace,
        template,
        title="Tom",
        municipality="Ystad",
        committee="N",
        year="2024",
        auditors=("A",),
    )
    full = create_audit(
        workspace,
        template,
        title="Full",
        municipality="Ystad",
        committee="N",
        year="2024",
        auditors=("A",),
    )
    interview = full.add_source("interview", role="Enhetschef", date="2024-03-01")
    document = full.add_source("document", title="Rutin", date="2024-01-01")
    full.add_observation("fraga", "Det finns en rutin.", [interview.id, document.id])
    full.add_recommendation("Ta fram ett avtal.", ["fraga"])
    full.set_kpi_value("kpi-egen-forsorjning", "2023", "total", "40")
    full.set_overall("ja", "Bra.")
    text = report_text(export_report(bare, tmp_path / "bare.docx")) + report_text(
        export_report(full, tmp_path / "full.docx")
    )
    missing = [k for k in sorted(REPORT_KEYS - APP_ONLY) if f"«{k}»" not in text]
    assert missing == []
    assert set(ITEM_KINDS) - APP_ONLY <= REPORT_KEYS
    bare.close()
    full.close()
