"""What the report says, as plain data: the context a Word template is filled with.

Building the context reads the audit once and shapes every text the report
holds (sentences, source notes, dates, answers with their colours); it knows
nothing about Word. `report.render` pours it into the template. Every text
from the auditor passes through `clean` here, the one sanitiser.

The names below are the placeholders a firm's template may use; the README
lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docxtpl import RichText

from checklists import Item, Template
from report.labels import join, labels, long_date, lower_first, unbreakable_dates
from report.text import clean
from store import Audit, Source

Progress = Callable[[float, str], None]

# Scale colours: a name or #rrggbb; text in a darker shade (readable on white),
# table cells in a light one.
COLOURS: dict[str, tuple[str, str]] = {
    "green": ("2E7D32", "C8E6C9"),
    "yellow": ("9A7B00", "FFF3B0"),
    "orange": ("D35400", "FFD8B0"),
    "red": ("C62828", "F8C8C8"),
    "grey": ("616161", "E0E0E0"),
    "gray": ("616161", "E0E0E0"),
    "blue": ("1565C0", "C6DCF5"),
    "purple": ("6A1B9A", "E1C8F0"),
    "black": ("000000", "D9D9D9"),
    "white": ("595959", "FFFFFF"),
    "light-green": ("558B2F", "DCEDC8"),
    "lightgreen": ("558B2F", "DCEDC8"),
    "dark-red": ("8B0000", "E6B8B8"),
    "darkred": ("8B0000", "E6B8B8"),
    "light-blue": ("0277BD", "D6ECFA"),
    "lightblue": ("0277BD", "D6ECFA"),
}
_HEX = re.compile(r"#?([0-9a-fA-F]{6})")


def colours(name: str) -> tuple[str, str]:
    """(text colour, cell fill) as hex for a scale colour; empty when none."""
    name = (name or "").strip().lower()
    if name in COLOURS:
        return COLOURS[name]
    m = _HEX.fullmatch(name)
    if m:
        return m[1].upper(), m[1].upper()
    return "", ""


def text(value: str | None) -> str:
    """Auditor text for a placeholder: cleaned, blank lines as new paragraphs.

    docxtpl turns '\\a' into a new paragraph of the same style and '\\n' into a
    line break; ISO dates keep together across a line end.
    """
    cleaned = unbreakable_dates(clean(value).strip())
    if "\n" not in cleaned:
        return cleaned
    chunks = [c.strip() for c in re.split(r"\n\s*\n", cleaned) if c.strip()]
    return "\a".join(chunks)


class Ticking(list):
    """A list that reports its iteration as progress: the template's loops drive it."""

    def __init__(self, items: list, tick: Callable[[int], None]):
        super().__init__(items)
        self._tick = tick

    def __iter__(self) -> Iterator[Any]:
        for n, item in enumerate(super().__iter__(), start=1):
            if n % 200 == 0:
                self._tick(200)
            yield item
        self._tick(len(self) % 200)


@dataclass
class Unfinished:
    """What keeps the report a draft."""

    not_assessed: list[str] = field(default_factory=list)
    conflicts: int = 0

    def __bool__(self) -> bool:
        return bool(self.not_assessed or self.conflicts)

    def lines(self) -> list[str]:
        out = [f"not assessed: {q}" for q in self.not_assessed]
        if self.conflicts:
            out.append(f"{self.conflicts} merge conflict(s) not settled (key k in the app)")
        return out


def unfinished(audit: Audit) -> Unfinished:
    """The questions not assessed and the merge conflicts still open."""
    from store.merge import conflicts

    states = audit.item_states()
    t = audit.template
    missing = [
        clean(i.text).strip()
        for i in t.items()
        if i.kind in ("question", "control_point", "kpi") and states.get(i.id) != "assessed"
    ]
    for section in t.sections:
        if section.assessed and states.get(section.id) != "assessed":
            missing.append(clean(section.title).strip())
    scale = t.overall()
    if scale is not None:
        step = scale.value(audit.meta.overall_value)
        if step is None or not step.concludes:
            missing.append(t.text("overall_assessment"))
    return Unfinished(not_assessed=missing, conflicts=len(conflicts(audit)))


class ContextBuilder:
    """Builds the template context of one audit."""

    def __init__(self, audit: Audit, progress: Progress | None = None, report_date: str = ""):
        self.audit = audit
        self.t: Template = audit.template
        self.words = labels(self.t)
        self.language = self.t.language if self.t.language in ("sv", "en") else "sv"
        self.progress = progress or (lambda fraction, step: None)
        self.report_date = report_date
        self.total = 1
        self.done = 0

    # -- progress: 0-0.15 here, the template's loops 0.15-0.7 ---------------------

    def tick(self, n: int) -> None:
        self.done += n
        self.progress(0.15 + 0.55 * min(1.0, self.done / self.total), "render")

    def ticking(self, items: list) -> list:
        return Ticking(items, self.tick)

    # -- pieces ---------------------------------------------------------------------

    def answer(self, item: Item, assessment_value: str, reasoning: str) -> dict[str, Any]:
        return self.answer_on(self.t.scale_for(item), assessment_value, reasoning)

    def answer_on(self, scale, assessment_value: str, reasoning: str) -> dict[str, Any]:
        """A value on a scale as the report shows it: label, colours, bold coloured text."""
        step = scale.value(assessment_value) if scale and assessment_value else None
        if step is None and scale is not None:  # unassessed: the scale's own "Ej bedömd"
            step = next((v for v in scale.values if v.meaning == "not_assessed"), None)
        label = clean(step.label) if step else self.words["not_assessed"]
        colour, fill = colours(step.colour if step else "")
        rich = RichText()
        rich.add(label + ".", bold=True, color=colour or None)
        bare = RichText()
        bare.add(label, bold=True, color=colour or None)
        full = RichText()
        full.add(label + ".", bold=True, color=colour or None)
        if reasoning:
            full.add(" " + text(reasoning))
        return {
            "label": label,
            "value": step.id if step else "",
            "meaning": step.meaning if step else "not_assessed",
            "colour": colour,
            "fill": fill or "FFFFFF",
            "reasoning": text(reasoning),
            "label_rich": rich,
            "value_rich": bare,
            "answer_rich": full,
        }

    def source_note(self, sources: list[Source]) -> str:
        if not sources:
            return ""
        notes = []
        for s in sources:
            when = long_date(s.date, self.language) if s.date else ""
            if s.kind == "interview":
                role = lower_first(clean(s.role).strip())
                note = f"{self.words['source_interview']} {self.words['with']} {role}"
            else:
                note = f"{self.words['source_document']} ”{clean(s.title).strip()}”"
            notes.append(f"{note}, {when}" if when else note)
        head = self.words["source" if len(notes) == 1 else "sources_plural"]
        return f"{head}: {'; '.join(notes)}."

    # -- the whole ------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        audit, t, w = self.audit, self.t, self.words
        meta = audit.meta
        report_progress = self.progress
        observations_by_item: dict[str, list] = {}
        for obs in audit.observations():
            if obs.item_id:  # an inbox note (no question yet) is never in the report
                observations_by_item.setdefault(obs.item_id, []).append(obs)
        self.total = max(1, sum(len(v) for v in observations_by_item.values()))
        report_progress(0.05, "read")
        sources = {s.id: s for s in audit.sources()}
        assessments = {i.id: audit.assessment(i.id) for i in t.items()}
        committee = clean(meta.committee).strip()
        auditors = join([clean(a).strip() for a in meta.auditors if a.strip()], w["and"])
        records = audit.recommendations()
        recommendations = [text(r.text) for r in records]
        item_texts = {i.id: clean(i.text).strip() for i in t.items()}
        related = []
        for r in records:
            about = [item_texts[i] for i in r.item_ids if i in item_texts]
            related.append(
                f"{text(r.text)} ({w['related_questions']}: {'; '.join(about)})"
                if about
                else text(r.text)
            )
        who = lower_first(committee) if committee else ""
        lead = w["recommendations_lead"].replace("{committee}", who).replace("  ", " ")

        def answer_of(item: Item) -> dict[str, Any]:
            a = assessments.get(item.id)
            return self.answer(item, a.value if a else "", a.reasoning if a else "")

        answers: list[dict[str, Any]] = []
        areas: list[dict[str, Any]] = []

        def section_context(section) -> dict[str, Any]:
            questions = []
            for item in (i for i in section.items if i.kind == "question"):
                observed = sorted(observations_by_item.get(item.id, []), key=lambda o: o.created)
                notes = [
                    {
                        "text": text(o.text),
                        "source": self.source_note(
                            [sources[s] for s in o.source_ids if s in sources]
                        ),
                    }
                    for o in observed
                ]
                ans = answer_of(item)
                questions.append(
                    {"text": text(item.text), "observations": self.ticking(notes), **ans}
                )
                answers.append({"question": text(item.text), **ans})
            control_points = [
                {"text": text(i.text), "target": text(i.target), "comment": ans["reasoning"], **ans}
                for i in section.items
                if i.kind == "control_point"
                for ans in [answer_of(i)]
            ]
            kpis = [self.kpi(i, answer_of(i)) for i in section.items if i.kind == "kpi"]
            analyses = []
            for i in (i for i in section.items if i.kind == "analysis"):
                a = assessments.get(i.id)
                reply = text(a.reasoning) if a and a.reasoning.strip() else w["not_answered"]
                analyses.append({"text": text(i.text), "answer": reply})
            cited = [
                clean(t.criteria[c].title)
                for i in section.items
                for c in i.criteria
                if c in t.criteria
            ]
            cited = list(dict.fromkeys(cited))
            own = None
            if section.assessed:
                a = audit.assessment(section.id)
                own = self.answer_on(
                    t.section_scale(section), a.value if a else "", a.reasoning if a else ""
                )
                areas.append({"area": text(section.title), **own})
            return {
                "id": section.id,
                "title": text(section.title),
                "intro": text(section.intro),
                "criteria": cited,
                "criteria_text": w["chapter_criteria"].replace("{criteria}", join(cited, w["and"]))
                if cited
                else "",
                "questions": questions,
                "control_points": control_points,
                "kpis": kpis,
                "analyses": analyses,
                "assessment": own,
            }

        chapters = []
        grouping = list(t.chapters)
        if grouping:
            for chapter in grouping:
                chapters.append(
                    {
                        "id": chapter.id,
                        "title": text(chapter.title),
                        "intro": text(chapter.intro),
                        "grouped": True,
                        "sections": [section_context(s) for s in chapter.sections],
                    }
                )
        else:
            for section in t.sections:
                one = section_context(section)
                chapters.append(
                    {
                        "id": section.id,
                        "title": one["title"],
                        "intro": one["intro"],
                        "grouped": False,
                        "sections": [{**one, "intro": ""}],
                    }
                )
        overall_scale = t.overall()
        overall = self.answer_on(overall_scale, meta.overall_value, "") if overall_scale else None
        report_progress(0.12, "chapters")

        # Every source of the register, cited or not; never the names of those
        # interviewed (personal data, `store.sources.personal_fields`).
        interviews = list(
            dict.fromkeys(
                ", ".join(p for p in (clean(s.role).strip(), clean(s.unit).strip()) if p)
                for s in sources.values()
                if s.kind == "interview" and s.role
            )
        )
        documents = list(
            dict.fromkeys(
                clean(s.title).strip()
                + (f", {long_date(s.date, self.language)}" if s.date else "")
                + (
                    f", {w['reference']} {clean(s.reference).strip()}"
                    if s.reference.strip()
                    else ""
                )
                for s in sources.values()
                if s.kind == "document" and s.title
            )
        )
        municipality = clean(meta.municipality).strip()
        if auditors and municipality and committee:
            commission = (
                w["commission"]
                .replace("{auditors}", auditors)
                .replace("{municipality}", municipality)
                .replace("{committee}", lower_first(committee))
            )
        else:
            commission = w["commission_short"]
        day = self.report_date or meta.report_date or date.today().isoformat()
        draft = unfinished(audit)
        purpose = text(meta.purpose or t.purpose)
        report_progress(0.15, "context")
        return {
            "labels": w,
            "language": self.language,
            "title": text(meta.title),
            "municipality": municipality,
            "committee": committee,
            "year": clean(meta.year).strip(),
            "auditors": auditors,
            "report_date": long_date(day, self.language),
            "report_date_iso": day,
            "draft": bool(draft),
            "unfinished": draft.lines(),
            "summary": {
                "commission": commission,
                "overall": text(meta.overall_assessment),
                "answers": answers,
            },
            "background": text(meta.background),
            "purpose": purpose,
            "method": text(meta.method or t.method),
            "questions": [text(q.text) for q in t.questions()],
            "criteria": [
                {"title": clean(c.title), "text": text(c.text)} for c in t.criteria.values()
            ],
            "chapters": chapters,
            "overall_assessment": text(meta.overall_assessment),
            "overall": overall,
            "answers": answers,
            "recommendations": recommendations,
            "recommendations_related": related,
            "areas": areas,
            "recommendations_lead": lead,
            "interviews": interviews,
            "documents": documents,
        }

    def kpi(self, item: Item, ans: dict[str, Any]) -> dict[str, Any]:
        w = self.words
        periods = list(item.periods) or [self.audit.meta.year or "—"]
        breakdowns = list(item.breakdowns) or ["total"]
        values = self.audit.kpi_values(item.id)
        rows = [
            {
                "label": w.get(f"breakdown_{b}", b),
                "cells": [clean(values.get((p, b), "")) for p in periods],
            }
            for b in breakdowns
        ]
        unit = f" ({clean(item.unit)})" if item.unit else ""
        return {
            "title": text(item.text) + unit,
            "periods": [clean(p) for p in periods],
            "rows": rows,
            "target": clean(item.kpi_target),
            "comment": ans["reasoning"],
            **ans,
        }


def build_context(
    audit: Audit, progress: Progress | None = None, report_date: str = ""
) -> dict[str, Any]:
    """The template context of an audit (see the module docstring)."""
    return ContextBuilder(audit, progress, report_date).build()
