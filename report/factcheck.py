"""The fact-check document (sakgranskning): the observations only, each with a box for the reader.

What the interviewee (or the audited organisation) reads to check the facts:
the audit's title, who it is for, a short instruction, and per section and
question the observations with their sources, each followed by an empty
bordered box headed "Rättelse / kommentar". No assessments, no reasoning, no
recommendations: the reader checks facts, not conclusions.

It is built with python-docx on the bundled report template, so it has the
report's styles, page, running header and page numbers: the template is
filled with the few words its header and footer need, its body emptied, and
then the body is written here paragraph by paragraph. Auditor text goes in
through `clean` (the one sanitiser) only after the template was rendered, so
nothing the auditor typed is ever read as a placeholder.

`export_factcheck` writes the file with the report's atomic, owner-only
writer. It records nothing in the audit unless asked (`mark_sent=True`): then
the observations it holds are marked sent, with today's date, once the file is
written (`Audit.mark_fact_check_sent`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from checklists import Section, Template
from report.context import ContextBuilder, text
from report.files import DEFAULT_MODE, check_destination, output_path, write_file
from report.finish import drop_thumbnail, set_language, set_properties, set_settings
from report.labels import labels, lang_tag, long_date
from report.oxml import _el, _set
from report.render import DEFAULT_TEMPLATE, open_template, render
from report.template_body import _no_numbering
from report.text import clean
from store import Audit, Observation, Source
from store.audit import default_author
from store.factcheck import observations_citing

Progress = Callable[[float, str], None]
GREY = RGBColor(0x59, 0x59, 0x59)
BOX_HEIGHT = Cm(2.2)
TEXT_WIDTH = Cm(16.0)

# The words of the fact-check document; a template's `report:` key may override each.
WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "factcheck_title": "Sakgranskning",
        "factcheck_for": "Till: {who}",
        "factcheck_all": "Samtliga iakttagelser i granskningen",
        "factcheck_instruction": (
            "Du får här de iakttagelser som granskningen bygger på, för sakgranskning. "
            "Läs varje iakttagelse och kontrollera att uppgifterna stämmer. Skriv i rutan under "
            "iakttagelsen om något är felaktigt eller ofullständigt, och gärna hur det i stället "
            "förhåller sig; lämna rutan tom om uppgiften stämmer. Granskningens bedömningar och "
            "rekommendationer ingår inte i sakgranskningen."
        ),
        "factcheck_box": "Rättelse / kommentar",
        "factcheck_observation": "Iakttagelse {n}",
        "factcheck_none": "Det finns inga iakttagelser att sakgranska.",
        "factcheck_signed": "Sakgranskat av (namn och funktion)",
        "factcheck_date": "Datum",
        "factcheck_dated": "Datum: {date}",
        "factcheck_removed": "Frågor som inte längre finns i mallen",
    },
    "en": {
        "factcheck_title": "Fact check",
        "factcheck_for": "To: {who}",
        "factcheck_all": "All observations of the audit",
        "factcheck_instruction": (
            "These are the observations the audit is based on, sent to you to check the facts. "
            "Read each observation and check that it is correct. Write in the box below an "
            "observation if anything is wrong or incomplete, and preferably what is correct "
            "instead; leave the box empty if it is correct. The audit's assessments and "
            "recommendations are not part of the fact check."
        ),
        "factcheck_box": "Correction / comment",
        "factcheck_observation": "Observation {n}",
        "factcheck_none": "There are no observations to check.",
        "factcheck_signed": "Checked by (name and position)",
        "factcheck_date": "Date",
        "factcheck_dated": "Date: {date}",
        "factcheck_removed": "Questions no longer in the template",
    },
}


def words(t: Template) -> dict[str, str]:
    """The fact-check document's words in the template's language (sv or en)."""
    language = t.language if t.language in WORDS else "sv"
    return {k: t.report.get(k) or v for k, v in WORDS[language].items()}


@dataclass
class FactCheckBuilt:
    """A fact-check document in memory and the observations it holds, in order."""

    data: bytes
    observation_ids: list[str] = field(default_factory=list)


@dataclass
class FactCheckExported:
    """A written fact-check document."""

    path: Path
    observation_ids: list[str] = field(default_factory=list)
    marked_sent: int = 0

    def __fspath__(self) -> str:
        return str(self.path)


def _paragraphs(value: str) -> list[str]:
    """Auditor text as paragraphs: cleaned, split on blank lines (a single newline stays)."""
    return [p.strip() for p in re.split(r"\n\s*\n", clean(value).strip()) if p.strip()]


def _keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


class _Writer:
    """Writes the body of the fact-check document into a python-docx Document."""

    def __init__(self, document, w: dict[str, str], note: Callable[[list[Source]], str]):
        self.doc = document
        self.w = w
        self.note = note
        self.count = 0

    def heading(self, value: str, level: int, number: str = "") -> None:
        """A heading numbered as in the app (1, 2.1), not by the style's running count:
        the document holds only the questions with observations, so counting would
        give other numbers than the report and the app."""
        shown = f"{number} {clean(value).strip()}" if number else clean(value).strip()
        paragraph = self.doc.add_paragraph(shown, style=f"Heading {level}")
        paragraph.paragraph_format.page_break_before = False  # a short document: no page per part
        _no_numbering(paragraph)

    def observation(self, obs: Observation, sources: list[Source]) -> None:
        self.count += 1
        parts = _paragraphs(obs.text) or [""]
        label = self.doc.add_paragraph(style="Källa")
        label.paragraph_format.left_indent = Cm(0)
        label.add_run(self.w["factcheck_observation"].replace("{n}", str(self.count))).bold = True
        _keep_with_next(label)
        for part in parts:
            paragraph = self.doc.add_paragraph()
            for n, line in enumerate(part.split("\n")):
                if n:
                    paragraph.runs[-1].add_break()
                paragraph.add_run(line)
            paragraph.paragraph_format.space_after = Pt(4)
            _keep_with_next(paragraph)
        source = self.note(sources)
        if source:
            paragraph = self.doc.add_paragraph(source, style="Källa")
            paragraph.paragraph_format.space_after = Pt(4)
            _keep_with_next(paragraph)
        self.box(self.w["factcheck_box"])

    def box(self, caption: str, height=BOX_HEIGHT) -> None:
        """An empty bordered box, headed by a small caption, that does not split over pages."""
        table = self.doc.add_table(rows=1, cols=1)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _set(table._tbl.tblPr, "w:tblW", w=str(int(TEXT_WIDTH.cm * 567)), type="dxa")
        row = table.rows[0]
        row.height = height
        row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
        cell = row.cells[0]
        cell.width = TEXT_WIDTH
        paragraph = cell.paragraphs[0]
        paragraph.style = self.doc.styles["Tabelltext"]
        run = paragraph.add_run(caption)
        run.font.size = Pt(8)
        run.font.color.rgb = GREY
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_after = Pt(6)

    def signature(self) -> None:
        """Who checked, and when: two boxes at the end."""
        for caption in (self.w["factcheck_signed"], self.w["factcheck_date"]):
            self.box(caption, Cm(1.2))


def _numbered_sections(t: Template) -> list[tuple[str, Section]]:
    """The sections with their numbers as the app shows them (2, or 1.2 under chapters)."""
    if t.chapters:
        return [
            (f"{n}.{k}", section)
            for n, chapter in enumerate(t.chapters, start=1)
            for k, section in enumerate(chapter.sections, start=1)
        ]
    return [(str(n), section) for n, section in enumerate(t.sections, start=1)]


def _for_whom(sources: list[Source] | None, language: str) -> list[str]:
    """'Enhetschef för …, 8 mars 2022' for each chosen source."""
    out = []
    for s in sources or []:
        name = clean(s.role if s.kind == "interview" else s.title).strip()
        out.append(f"{name}, {long_date(s.date, language)}" if s.date else name)
    return out


def build_factcheck(
    audit: Audit,
    sources: list[Source] | None = None,
    progress: Progress | None = None,
) -> FactCheckBuilt:
    """The fact-check document of the observations citing `sources` (all when None)."""
    report_progress = progress or (lambda fraction, step: None)
    t = audit.template
    meta = audit.meta
    w = words(t)
    report_words = labels(t)
    builder = ContextBuilder(audit)
    language = builder.language
    chosen = observations_citing(audit, None if sources is None else [s.id for s in sources])
    by_item: dict[str, list[Observation]] = {}
    for obs in chosen:
        by_item.setdefault(obs.item_id, []).append(obs)
    known = {s.id: s for s in audit.all(Source)}
    report_progress(0.1, "read")

    tpl = open_template(DEFAULT_TEMPLATE)
    body = tpl.docx.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    title = text(meta.title)
    municipality = clean(meta.municipality).strip()
    render(
        tpl,
        {
            "title": f"{w['factcheck_title']}: {title}",
            "municipality": municipality,
            "draft": False,
            "labels": report_words,
        },
        DEFAULT_TEMPLATE.name,
    )
    document = tpl.docx
    report_progress(0.3, "render")

    def note(cited: list[Source]) -> str:
        return builder.source_note(cited)

    writer = _Writer(document, w, note)
    subtitle = document.add_paragraph(w["factcheck_title"], style="Subtitle")
    subtitle.paragraph_format.space_before = Pt(0)
    heading = document.add_paragraph(title, style="Title")
    heading.paragraph_format.space_before = Pt(6)
    heading.runs[0].font.size = Pt(22)
    committee = clean(meta.committee).strip()
    where = " – ".join(x for x in (municipality, committee) if x)
    if where:
        document.add_paragraph(where, style="Subtitle")
    who = _for_whom(sources, language)
    lines = [w["factcheck_for"].replace("{who}", "; ".join(who))] if who else []
    if sources is None:
        lines.append(w["factcheck_all"])
    lines.append(
        w["factcheck_dated"].replace("{date}", long_date(date.today().isoformat(), language))
    )
    for line in lines:
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.space_after = Pt(2)
    document.add_paragraph(w["factcheck_instruction"]).paragraph_format.space_before = Pt(10)

    included: list[str] = []
    order: list[tuple[str, str, list[tuple[str, str, list[Observation]]]]] = []
    for s_no, section in _numbered_sections(t):
        questions = [
            (f"{s_no}.{i_no}", i.text, by_item[i.id])
            for i_no, i in enumerate(section.items, start=1)
            if by_item.get(i.id)
        ]
        if questions:
            order.append((s_no, section.title, questions))
    placed = {i.id for i in t.items()}
    removed = []
    for item_id, observations in by_item.items():
        if item_id not in placed:
            old = audit.removed_item(item_id)
            removed.append(("", old.text if old else item_id, observations))
    if removed:
        order.append(("", w["factcheck_removed"], removed))

    total = max(1, len(chosen))
    for section_no, section_title, questions in order:
        writer.heading(section_title, 1, section_no)
        for question_no, question, observations in questions:
            writer.heading(question, 2, question_no)
            for obs in observations:
                writer.observation(obs, [known[s] for s in obs.source_ids if s in known])
                included.append(obs.id)
                if len(included) % 50 == 0:
                    report_progress(0.3 + 0.5 * len(included) / total, "observations")
    if not included:
        document.add_paragraph(w["factcheck_none"])
    else:
        document.add_paragraph()
        writer.signature()

    report_progress(0.85, "finish")
    set_settings(document)
    set_language(document, lang_tag(t))
    drop_thumbnail(document)
    set_properties(
        document,
        title=f"{w['factcheck_title']}: {clean(meta.title).strip()}",
        author=", ".join(clean(a).strip() for a in meta.auditors if a.strip()),
        subject=where,
        modified_by=default_author(),
        language=t.language,
        keywords=w["factcheck_title"],
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return FactCheckBuilt(data=buffer.getvalue(), observation_ids=included)


def export_factcheck(
    audit: Audit,
    out: Path | str | None,
    *,
    sources: list[Source] | None = None,
    mark_sent: bool = False,
    mode: int = DEFAULT_MODE,
    progress: Progress | None = None,
) -> FactCheckExported:
    """Write the fact-check document to `out` atomically (0600 unless asked).

    With `mark_sent` the observations it holds are recorded as sent today, after
    the file is written (a failed write records nothing).
    """
    path = output_path(out)
    check_destination(path)
    built = build_factcheck(audit, sources, progress)
    write_file(path, built.data, mode)
    marked = 0
    if mark_sent and built.observation_ids:
        marked = audit.mark_fact_check_sent(built.observation_ids)
    if progress:
        progress(1.0, "done")
    return FactCheckExported(path=path, observation_ids=built.observation_ids, marked_sent=marked)
