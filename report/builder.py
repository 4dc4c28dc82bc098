"""Build the Word report of an audit with python-docx. No UI code here."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.shared import Pt

from checklists import Template
from report.sections import SectionWriter, add_table, answer
from report.text import DocWriter, clean
from store import Audit

REQUIRED_STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "Table Grid",
    "Normal",
)

Progress = Callable[[float, str], None]


class ExportError(Exception):
    """The report could not be written; the message says why and where."""


def check_destination(out: Path) -> None:
    """Fail with a clear message when the report cannot be written to `out`."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.exists():
        raise ExportError(f"{out}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise ExportError(f"{out}: {folder} is not a folder")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"{out}: the folder {folder} is not writable")
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name ending in .docx")


def build_document(
    audit: Audit, style_source: Path | None = None, progress: Progress | None = None
) -> DocxDocument:
    """The report as a python-docx Document."""
    t = audit.template
    meta = audit.meta
    document = _open_style_source(style_source)
    w = DocWriter(document)
    report_progress = progress or (lambda fraction, step: None)
    sources = {s.id: s for s in audit.sources()}
    recommendations = audit.recommendations()
    questions = t.questions()

    props = document.core_properties  # Word's document properties hold 255 characters
    props.title = clean(meta.title)[:255]
    props.author = clean(", ".join(meta.auditors))[:255]
    props.subject = clean(f"{meta.municipality} {meta.committee}".strip())[:255]
    props.language = t.language

    # Title page
    document.add_paragraph(clean(meta.title), style="Title")
    document.add_paragraph(clean(meta.municipality), style="Subtitle")
    for key, value in (
        ("committee", meta.committee),
        ("year", meta.year),
        ("auditors", ", ".join(meta.auditors)),
        ("date", date.today().isoformat()),
    ):
        if value:
            p = document.add_paragraph()
            p.add_run(f"{t.text(key)}: ").bold = True
            p.add_run(clean(value))
    w.page_break()
    report_progress(0.1, "title")

    # 1 Summary
    chapter = 1
    w.heading(f"{chapter} {t.text('summary')}", 1)
    w.para(meta.overall_assessment)
    _recommendation_list(w, t, meta.committee, recommendations)

    # 2 Introduction
    chapter += 1
    w.heading(f"{chapter} {t.text('introduction')}", 1)
    w.heading(f"{chapter}.1 {t.text('background')}", 2)
    w.para(meta.background)
    w.heading(f"{chapter}.2 {t.text('purpose')}", 2)
    w.para(meta.purpose)
    if questions:
        w.para(t.text("purpose_lead"))
        w.bullets(q.text for q in questions)
    w.heading(f"{chapter}.3 {t.text('method')}", 2)
    w.para(meta.method)
    w.heading(f"{chapter}.4 {t.text('criteria')}", 2)
    w.para(t.text("criteria_lead"))
    w.bullets(c.title for c in t.criteria.values())
    report_progress(0.2, "introduction")

    # One chapter per section
    sections = SectionWriter(document, audit, sources)
    for n, section in enumerate(t.sections, start=1):
        chapter += 1
        sections.write(chapter, section)
        report_progress(0.2 + 0.5 * n / max(1, len(t.sections)), section.id)

    # Conclusion: overall assessment, the question/answer table, recommendations
    chapter += 1
    w.heading(f"{chapter} {t.text('conclusion')}", 1)
    w.para(meta.overall_assessment)
    if questions:
        rows = []
        for item in questions:
            label, reasoning = answer(audit, item)
            rows.append((item.text, f"{label}. {reasoning}".strip() if reasoning else f"{label}."))
        add_table(document, (t.text("question"), t.text("answer")), rows, bold_first_column=True)
    w.heading(f"{chapter}.1 {t.text('recommendations')}", 2)
    _recommendation_list(w, t, meta.committee, recommendations)
    report_progress(0.8, "conclusion")

    # Sources
    chapter += 1
    w.heading(f"{chapter} {t.text('sources')}", 1)
    cited_ids = {s for o in audit.observations() for s in o.source_ids}
    used = [s for s in sources.values() if s.id in cited_ids]
    w.heading(t.text("interviewed"), 2)
    interviews = [s.label() for s in used if s.kind == "interview"]
    w.bullets(interviews) if interviews else w.para(t.text("none"))
    w.heading(t.text("documents"), 2)
    documents = [s.label() for s in used if s.kind == "document"]
    w.bullets(documents) if documents else w.para(t.text("none"))

    # Appendix: criteria in full
    chapter += 1
    w.heading(f"{chapter} {t.text('criteria_appendix')}", 1)
    for criterion in t.criteria.values():
        w.heading(criterion.title, 2)
        w.para(criterion.text)
    report_progress(1.0, "done")
    return document


def _recommendation_list(w: DocWriter, t: Template, committee: str, recommendations: list) -> None:
    if not recommendations:
        w.para(t.text("no_recommendations"))
        return
    who = committee.lower() if committee else ""
    w.para(t.text("recommendations_lead").replace("{committee}", who).replace("  ", " "))
    w.bullets(r.text for r in recommendations)


def _open_style_source(style_source: Path | None) -> DocxDocument:
    if style_source is None:
        document = docx.Document()
        document.styles["Normal"].font.size = Pt(11)
        return document
    try:
        document = docx.Document(str(style_source))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for bad files
        raise ExportError(f"{style_source}: not a usable .docx style source ({exc})") from None
    names = {s.name for s in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise ExportError(f"{style_source}: lacks the style(s) {', '.join(missing)}")
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return document


def export_report(
    audit: Audit, out: Path, *, style_source: Path | None = None, progress: Progress | None = None
) -> Path:
    """Write the report to `out` atomically; raise ExportError with a clear message."""
    out = Path(out).expanduser()
    if out.suffix.lower() != ".docx":
        out = out.with_name(out.name + ".docx")
    check_destination(out)
    document = build_document(audit, style_source, progress)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    try:
        document.save(str(tmp))
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(f"{out}: cannot write ({exc.strerror})") from None
    return out
