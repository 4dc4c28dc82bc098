"""From an audit to the report file: context, template, finish, write, and PDF if asked.

`build_report` makes the document in memory (timed in two steps, building and
saving, for `bench/report_bench.py`); `export_report` writes it. Progress is
reported through one callback, `progress(fraction, step)`, which may raise to
cancel: the app's export worker uses it for its progress bar and cancel key.
"""

from __future__ import annotations

import copy
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from report.context import build_context, unfinished
from report.errors import ExportError, NotFinal
from report.files import DEFAULT_MODE, check_destination, output_path, write_file
from report.finish import number_headings_and_fill_toc, set_language, set_properties, set_settings
from report.labels import lang_tag
from report.render import DEFAULT_TEMPLATE, open_template, read_docx, render
from store import Audit
from store.audit import default_author

Progress = Callable[[float, str], None]


@dataclass
class Built:
    """A rendered report in memory, with what the caller should know about it."""

    data: bytes
    unfinished: list[str]
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    headings: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class Exported:
    """A written report."""

    path: Path
    unfinished: list[str]
    notes: list[str] = field(default_factory=list)
    pdf: Path | None = None

    def __fspath__(self) -> str:
        return str(self.path)

    def __str__(self) -> str:
        return str(self.path)


def _style_ids(document) -> set[str]:
    ids = set()
    parts = [document.element] + [
        rel.target_part.element
        for rel in document.part.rels.values()
        if rel.reltype.endswith(("/header", "/footer"))
    ]
    for element in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            for node in element.iter(qn(tag)):
                ids.add(node.get(qn("w:val")))
    return ids


def apply_styles(template: DocxTemplate, style_source: Path) -> list[str]:
    """Use the styles (and heading numbering) of a firm's Word file in the template.

    Styles the template needs and the file lacks are taken from Granska's own
    template, and the returned notes say which.
    """
    from docx import Document

    try:
        source = Document(read_docx(style_source))
    except ExportError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for bad files
        raise ExportError(f"{style_source}: not a usable Word style source ({exc})") from None
    document = template.docx
    needed = _style_ids(document)
    ours = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
    theirs = copy.deepcopy(source.styles.element)
    present = {s.get(qn("w:styleId")) for s in theirs.findall(qn("w:style"))}
    supplied = sorted(sid for sid in needed if sid not in present and sid in ours)
    for sid in supplied:
        theirs.append(copy.deepcopy(ours[sid]))
        based = ours[sid].find(qn("w:basedOn"))
        while based is not None and based.get(qn("w:val")) not in present:
            parent_id = based.get(qn("w:val"))
            if parent_id not in ours or parent_id in supplied:
                break
            theirs.append(copy.deepcopy(ours[parent_id]))
            present.add(parent_id)
            based = ours[parent_id].find(qn("w:basedOn"))
    document.part._styles_part._element = theirs
    _merge_numbering(document, source)
    notes = []
    if supplied:
        names = ", ".join(supplied)
        notes.append(f"{style_source.name} lacks the style(s) {names}; Granska's own were used")
    return notes


def _merge_numbering(document, source) -> None:
    """Their numbering definitions, plus ours for the styles taken from our template."""
    try:
        theirs = source.part.numbering_part.element
    except (NotImplementedError, KeyError):
        return
    ours = document.part.numbering_part.element
    their_nums = {n.get(qn("w:numId")) for n in theirs.findall(qn("w:num"))}
    their_abstract = {a.get(qn("w:abstractNumId")) for a in theirs.findall(qn("w:abstractNum"))}
    merged = copy.deepcopy(theirs)
    first_num = merged.find(qn("w:num"))
    for abstract in ours.findall(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) not in their_abstract:
            if first_num is not None:
                first_num.addprevious(copy.deepcopy(abstract))
            else:
                merged.append(copy.deepcopy(abstract))
    for num in ours.findall(qn("w:num")):
        if num.get(qn("w:numId")) not in their_nums:
            merged.append(copy.deepcopy(num))
    document.part.numbering_part._element = merged


def build_report(
    audit: Audit,
    *,
    template: Path | None = None,
    style_source: Path | None = None,
    progress: Progress | None = None,
    report_date: str = "",
) -> Built:
    """Render the audit's report in memory; ExportError (or TemplateProblem) says why not."""
    report_progress = progress or (lambda fraction, step: None)
    started = time.perf_counter()
    t = audit.template
    context = build_context(audit, report_progress, report_date)
    path = Path(template) if template else DEFAULT_TEMPLATE
    tpl = open_template(path)
    notes = apply_styles(tpl, Path(style_source)) if style_source else []
    render(tpl, context, path.name, report_progress)
    report_progress(0.8, "finish")
    document = tpl.docx
    headings = number_headings_and_fill_toc(document)
    report_progress(0.84, "properties")
    set_settings(document)
    set_language(document, lang_tag(t))
    meta = audit.meta
    set_properties(
        document,
        title=context["title"],
        author=context["auditors"],
        subject=" – ".join(x for x in (context["municipality"], context["committee"]) if x),
        modified_by=default_author(),
        language=t.language,
        keywords=t.title,
    )
    built_at = time.perf_counter()
    report_progress(0.86, "save")
    buffer = io.BytesIO()
    document.save(buffer)
    saved_at = time.perf_counter()
    report_progress(0.95, "write")
    if not (report_date or meta.report_date):
        notes.append(f"the audit has no report date; today ({context['report_date_iso']}) is used")
    return Built(
        data=buffer.getvalue(),
        unfinished=context["unfinished"],
        notes=notes,
        timings={"build": built_at - started, "save": saved_at - built_at},
        headings=headings,
    )


def export_report(
    audit: Audit,
    out: Path | str | None,
    *,
    template: Path | None = None,
    style_source: Path | None = None,
    progress: Progress | None = None,
    mode: int = DEFAULT_MODE,
    report_date: str = "",
    final: bool = False,
    pdf: bool = False,
) -> Exported:
    """Write the report to `out` atomically (mode 0600 unless asked), and a PDF if asked."""
    path = output_path(out)
    check_destination(path)
    if final:
        blockers = unfinished(audit).lines()
        if blockers:
            raise NotFinal(blockers)
    built = build_report(
        audit,
        template=template,
        style_source=style_source,
        progress=progress,
        report_date=report_date,
    )
    write_file(path, built.data, mode)
    exported = Exported(path=path, unfinished=built.unfinished, notes=built.notes)
    if pdf:
        from report.pdf import convert_to_pdf

        exported.pdf = convert_to_pdf(path, mode=mode)
    if progress:
        progress(1.0, "done")
    return exported
