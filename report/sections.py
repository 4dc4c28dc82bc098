"""The chapter of one checklist section, for every item kind."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument

from checklists import Item, Section, Template
from report.text import DocWriter, clean
from store import Audit, Source


def add_table(
    document: DocxDocument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    bold_first_column: bool = False,
) -> None:
    """A grid table with a bold header row."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = ""
            cell.paragraphs[0].add_run(clean(text)).bold = bold_first_column and i == 0


def answer(audit: Audit, item: Item) -> tuple[str, str]:
    """The assessment's label and reasoning of an item, or 'not assessed'."""
    t = audit.template
    assessment = audit.assessment(item.id)
    scale = t.scale_for(item)
    value = scale.value(assessment.value) if scale and assessment else None
    label = value.label if value else t.text("not_assessed")
    return label, assessment.reasoning if assessment else ""


def source_label(source: Source, t: Template) -> str:
    """'intervju: Enhetschef, 2022-03-08'."""
    kind = t.text("source_interview" if source.kind == "interview" else "source_document")
    return f"{kind}: {source.label()}"


class SectionWriter(DocWriter):
    """Writes one section's chapter: questions, control points, KPIs and analyses."""

    def __init__(self, document: DocxDocument, audit: Audit, sources: dict[str, Source]):
        super().__init__(document)
        self.audit = audit
        self.t = audit.template
        self.sources = sources

    def write(self, chapter: int, section: Section) -> None:
        t = self.t
        by_kind: dict[str, list[Item]] = {}
        for item in section.items:
            by_kind.setdefault(item.kind, []).append(item)
        self.heading(f"{chapter} {section.title}", 1)
        self.para(section.intro)
        cited = [t.criteria[c] for i in section.items for c in i.criteria if c in t.criteria]
        if cited:
            self.para(t.text("criterion"), bold=True)
            self.bullets(dict.fromkeys(c.title for c in cited))
        sub = 0
        if by_kind.get("question"):
            sub = self.questions(chapter, sub, by_kind["question"])
        if by_kind.get("control_point"):
            sub += 1
            self.heading(f"{chapter}.{sub} {t.text('control_points')}", 2)
            self.control_points(by_kind["control_point"])
        if by_kind.get("kpi"):
            sub += 1
            self.heading(f"{chapter}.{sub} {t.text('kpis')}", 2)
            for item in by_kind["kpi"]:
                self.kpi(item)
        if by_kind.get("analysis"):
            sub += 1
            self.heading(f"{chapter}.{sub} {t.text('analysis')}", 2)
            for item in by_kind["analysis"]:
                self.heading(item.text, 3)
                assessment = self.audit.assessment(item.id)
                self.para(assessment.reasoning if assessment else "")
                if not assessment or not assessment.reasoning.strip():
                    self.para(t.text("not_answered"))

    def questions(self, chapter: int, sub: int, items: list[Item]) -> int:
        t = self.t
        self.heading(f"{chapter}.{sub + 1} {t.text('observations')}", 2)
        for k, item in enumerate(items, start=1):
            self.heading(f"{chapter}.{sub + 1}.{k} {item.text}", 3)
            observations = self.audit.observations(item.id)
            if not observations:
                self.para(t.text("no_observations"))
            for obs in observations:
                cited = [
                    source_label(self.sources[s], t) for s in obs.source_ids if s in self.sources
                ]
                p = self.doc.add_paragraph(clean(obs.text.strip()))
                if cited:
                    p.add_run(f" ({'; '.join(clean(c) for c in cited)})").italic = True
        self.heading(f"{chapter}.{sub + 2} {t.text('assessment')}", 2)
        for item in items:
            label, reasoning = answer(self.audit, item)
            p = self.doc.add_paragraph()
            p.add_run(clean(item.text)).bold = True
            p.add_run(f" {clean(label)}.").bold = True
            self.para(reasoning)
        return sub + 2

    def control_points(self, items: list[Item]) -> None:
        t = self.t
        rows = []
        for item in items:
            label, comment = answer(self.audit, item)
            rows.append((item.text, item.target, label, comment))
        add_table(
            self.doc,
            (t.text("control_point"), t.text("target"), t.text("answer"), t.text("comment")),
            rows,
        )

    def kpi(self, item: Item) -> None:
        t = self.t
        self.heading(item.text + (f" ({item.unit})" if item.unit else ""), 3)
        periods = list(item.periods) or [self.audit.meta.year or "—"]
        breakdowns = list(item.breakdowns) or ["total"]
        values = self.audit.kpi_values(item.id)
        rows = [
            [t.text(f"breakdown_{b}") if f"breakdown_{b}" in BREAKDOWNS else b]
            + [values.get((p, b), "") for p in periods]
            for b in breakdowns
        ]
        add_table(self.doc, ["", *periods], rows, bold_first_column=True)
        label, comment = answer(self.audit, item)
        p = self.doc.add_paragraph()
        if item.kpi_target:
            p.add_run(f"{t.text('target')}: ").bold = True
            p.add_run(clean(item.kpi_target) + ". ")
        p.add_run(f"{t.text('goal_attainment')}: ").bold = True
        p.add_run(clean(label) + ".")
        self.para(comment)


BREAKDOWNS = {
    "breakdown_total",
    "breakdown_women",
    "breakdown_men",
    "breakdown_national",
    "breakdown_comparable",
}
