"""Build the Word report of an audit with python-docx. No UI code here."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from checklists import Item, Template
from store import Audit, Source

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
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Progress = Callable[[float, str], None]


class ExportError(Exception):
    """The report could not be written; the message says why and where."""


def clean(text: str | None) -> str:
    """Text from the auditor with what XML cannot hold removed."""
    return _ILLEGAL.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n")


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


class _Writer:
    """Adds the parts of the report to a python-docx Document."""

    def __init__(self, document: DocxDocument, template: Template):
        self.doc = document
        self.t = template

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(clean(text), level=level)

    def para(self, text: str, style: str | None = None, bold: bool = False) -> None:
        for chunk in clean(text).split("\n\n") if text else []:
            p = self.doc.add_paragraph(style=style)
            run = p.add_run(chunk.strip())
            run.bold = bold

    def bullets(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.doc.add_paragraph(clean(line), style="List Bullet")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _source_label(source: Source, t: Template) -> str:
    kind = t.text("source_interview" if source.kind == "interview" else "source_document")
    return f"{kind}: {source.label()}"


def _answer(audit: Audit, item: Item) -> tuple[str, str]:
    """The assessment's label and reasoning of an item, or 'not assessed'."""
    t = audit.template
    assessment = audit.assessment(item.id)
    scale = t.scale_for(item)
    value = scale.value(assessment.value) if scale and assessment else None
    label = value.label if value else t.text("not_assessed")
    return label, assessment.reasoning if assessment else ""


def build_document(
    audit: Audit, style_source: Path | None = None, progress: Progress | None = None
) -> DocxDocument:
    """The report as a python-docx Document."""
    t = audit.template
    meta = audit.meta
    document = _open_style_source(style_source)
    w = _Writer(document, t)
    report_progress = progress or (lambda fraction, step: None)
    sources = {s.id: s for s in audit.sources()}
    recommendations = audit.recommendations()
    questions = t.questions()

    props = document.core_properties
    props.title = clean(meta.title)
    props.author = clean(", ".join(meta.auditors))
    props.subject = clean(f"{meta.municipality} {meta.committee}".strip())
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
    w.para(t.text("purpose_lead"))
    w.bullets(q.text for q in questions)
    w.heading(f"{chapter}.3 {t.text('method')}", 2)
    w.para(meta.method)
    w.heading(f"{chapter}.4 {t.text('criteria')}", 2)
    w.para(t.text("criteria_lead"))
    w.bullets(c.title for c in t.criteria.values())
    report_progress(0.2, "introduction")

    # One chapter per section
    for n, section in enumerate(t.sections, start=1):
        chapter += 1
        items = [i for i in section.items if i.kind == "question"]
        w.heading(f"{chapter} {section.title}", 1)
        w.para(section.intro)
        refs = [t.criteria[c] for i in items for c in i.criteria if c in t.criteria]
        if refs:
            w.para(t.text("criterion"), bold=True)
            w.bullets(dict.fromkeys(c.title for c in refs))
        w.heading(f"{chapter}.1 {t.text('observations')}", 2)
        for k, item in enumerate(items, start=1):
            w.heading(f"{chapter}.1.{k} {item.text}", 3)
            observations = audit.observations(item.id)
            if not observations:
                w.para(t.text("no_observations"))
            for obs in observations:
                cited = [_source_label(sources[s], t) for s in obs.source_ids if s in sources]
                p = document.add_paragraph(clean(obs.text.strip()))
                if cited:
                    p.add_run(f" ({'; '.join(clean(c) for c in cited)})").italic = True
        w.heading(f"{chapter}.2 {t.text('assessment')}", 2)
        for item in items:
            label, reasoning = _answer(audit, item)
            p = document.add_paragraph()
            p.add_run(clean(item.text)).bold = True
            p.add_run(f" {clean(label)}.").bold = True
            w.para(reasoning)
        report_progress(0.2 + 0.5 * n / max(1, len(t.sections)), section.id)

    # Conclusion: overall assessment, the question/answer table, recommendations
    chapter += 1
    w.heading(f"{chapter} {t.text('conclusion')}", 1)
    w.para(meta.overall_assessment)
    table = document.add_table(rows=1, cols=2)
    table.style = document.styles["Table Grid"]
    head = table.rows[0].cells
    for cell, text in zip(head, (t.text("question"), t.text("answer")), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for item in questions:
        label, reasoning = _answer(audit, item)
        row = table.add_row().cells
        row[0].text = ""
        row[0].paragraphs[0].add_run(clean(item.text)).bold = True
        row[1].text = clean(f"{label}. {reasoning}".strip() if reasoning else f"{label}.")
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


def _recommendation_list(w: _Writer, t: Template, committee: str, recommendations: list) -> None:
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
