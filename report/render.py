"""Fill a Word template with an audit: docxtpl for the words, python-docx for the rest.

The split:

- **docxtpl** (Jinja inside Word) renders what a firm shapes in Word or
  LibreOffice: the order and titles of chapters, fonts, logo, header, footer,
  tables and their rows, the colour of a scale value in a cell
  (`{% cellbg a.fill %}`). Text goes in escaped (autoescape); the answer with
  its bold, coloured label goes in as docxtpl `RichText`, the one place where
  run formatting comes from data.
- **python-docx** builds the bundled template itself (`report.make_template`)
  and finishes the rendered document where Word needs structure, not words:
  the table of contents filled in, heading numbers where the styles do not
  number, language, page and document properties (`report.finish`).

A template is checked before it is used: Jinja syntax errors, unknown filters
and placeholders the context does not hold are reported with the placeholder
and where it sits (paragraph text or table, and the text around it), never
as a traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import meta as jinja_meta
from lxml import etree

from report.errors import ExportError, TemplateProblem

DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
)
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "default.docx"


def read_docx(path: Path) -> io.BytesIO:
    """A .docx, .dotx or Word-compatible file saved by LibreOffice, as a .docx in memory.

    A .dotx differs from a .docx only in the content type of its main part;
    python-docx refuses it, so the type is rewritten here.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise ExportError(f"{path}: larger than 50 MB; not a report template")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExportError(f"{path}: is a folder, not a Word file") from None
    except OSError as exc:
        raise ExportError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        types = zin.read("[Content_Types].xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, ValueError):
        raise ExportError(f"{path}: not a Word file (.docx or .dotx)") from None
    if not any(kind in types for kind in TEMPLATE_TYPES):
        return io.BytesIO(data)
    for kind in TEMPLATE_TYPES:
        types = types.replace(kind, DOCUMENT_TYPE)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = types.encode() if info.filename == "[Content_Types].xml" else zin.read(info)
            zout.writestr(info, body)
    out.seek(0)
    return out


_SPECIAL = re.compile("[\a\t\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)


class GranskaTemplate(DocxTemplate):
    """docxtpl's template with its listing pass run only where it has work.

    docxtpl turns \\a, \\n, \\t, \\f in rendered text into paragraphs, breaks and
    tabs by running three regular expressions with callbacks over every
    paragraph and run of the document; for 100,000 observations that pass alone
    took most of the export. Only paragraphs holding one of those characters
    need it.
    """

    progress = None  # set by render(): (fraction, step) -> None, may raise to cancel
    docx: Any  # docxtpl's python-docx Document
    _rendered_root: Any = None

    _reported = 0.0

    def _report(self, fraction: float, step: str) -> None:
        """Progress for the whole document's passes (headers and footers pass again)."""
        if self.progress is not None and fraction > self._reported:
            self._reported = fraction
            self.progress(fraction, step)

    def resolve_listing(self, xml: str) -> str:
        self._report(0.72, "paragraphs")
        if not _SPECIAL.search(xml):
            return xml
        base = super().resolve_listing

        def one(m: re.Match[str]) -> str:
            text = m.group(0)
            return base(text) if _SPECIAL.search(text) else text

        return _PARAGRAPH.sub(one, xml)

    def fix_tables(self, xml: str):
        """Parse the rendered body inside a copy of the document element, at once.

        docxtpl parses the body on its own and then moves it into the document
        (`map_tree`), which costs lxml a walk over every node; parsing it in
        place with python-docx's parser does not. Table grids are fixed after
        `{%tc %}` column loops as docxtpl does.
        """
        from docx.oxml.parser import parse_xml

        self._report(0.76, "parse")
        document: Any = self.docx
        shell = etree.tostring(document._element, encoding="unicode")
        start, end = shell.index("<w:body"), shell.rindex("</w:body>") + len("</w:body>")
        try:
            root = parse_xml(shell[:start] + xml + shell[end:])
        except etree.XMLSyntaxError:  # what docxtpl's recovering parser would mend
            return super().fix_tables(xml)
        body = root.find(_W + "body")
        for table in body.iter(_W + "tbl"):
            _fix_grid(table)
        self._rendered_root = root
        return body

    def fix_docpr_ids(self, tree) -> None:
        """Renumber drawing ids as docxtpl does (its XPath call does not suit python-docx's
        element classes)."""
        for element in tree.iter(_WP + "docPr"):
            self.docx_ids_index += 1
            element.set("id", str(self.docx_ids_index))

    def map_tree(self, tree) -> None:
        root: Any = getattr(self, "_rendered_root", None)
        if root is None or root.find(_W + "body") is not tree:
            super().map_tree(tree)
            return
        document: Any = self.docx
        part = document.part
        part._element = root
        self.docx = part.document
        self._rendered_root = None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _fix_grid(table) -> None:
    """Make the grid hold as many columns as the widest row, keeping the table's width."""
    grid = table.find(_W + "tblGrid")
    if grid is None:
        return
    columns = grid.findall(_W + "gridCol")

    def span(cell) -> int:
        pr = cell.find(_W + "tcPr")
        gs = pr.find(_W + "gridSpan") if pr is not None else None
        return int(gs.get(_W + "val")) if gs is not None else 1

    widest = max(
        (sum(span(c) for c in row.findall(_W + "tc")) for row in table.iter(_W + "tr")),
        default=len(columns),
    )
    if widest == len(columns) or widest == 0:
        return
    total = sum(float(c.get(_W + "w") or 0) for c in columns)
    for c in columns:
        grid.remove(c)
    for _ in range(widest):
        etree.SubElement(grid, _W + "gridCol", {_W + "w": str(int(total / widest))})


def environment() -> jinja2.Environment:
    """Jinja as the report uses it: escaped text, unknown names are errors."""
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def open_template(path: Path) -> DocxTemplate:
    """A docxtpl template from a Word file; a file Word cannot open is an ExportError."""
    source = read_docx(path)
    template = GranskaTemplate(source)
    try:
        template.init_docx()
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for bad files
        raise ExportError(f"{path}: not a usable Word file ({exc})") from None
    return template


def _located(template: DocxTemplate) -> list[tuple[str, str]]:
    """The template's parts as (where, patched XML): body, headers, footers."""
    parts = [("body", template.patch_xml(template.get_xml()))]
    for uri, name in ((template.HEADER_URI, "header"), (template.FOOTER_URI, "footer")):
        for _key, part in template.get_headers_footers(uri):
            parts.append((name, template.patch_xml(template.get_part_xml(part))))
    # docxtpl renders with one <w:p> per line; Jinja's line numbers count those lines
    return [(where, re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)) for where, xml in parts]


def _where(xml: str, lineno: int | None, needle: str = "") -> str:
    """'in a table cell: "…text…"' for a line of the patched XML (docxtpl puts one <w:p>
    per line) or for the first place `needle` occurs."""
    lines = xml.splitlines()
    index = None
    if needle:
        for n, line in enumerate(lines):
            if re.search(r"\b" + re.escape(needle) + r"\b", re.sub(r"<[^>]+>", "", line)):
                index = n
                break
    if index is None and lineno is not None:
        index = min(max(lineno - 1, 0), len(lines) - 1)
    if index is None:
        return ""
    before = "\n".join(lines[:index])  # the paragraph starts its line
    in_table = before.count("<w:tbl>") + before.count("<w:tbl ") > before.count("</w:tbl>")
    snippet = re.sub(r"<[^>]+>", "", lines[index]).strip()
    snippet = snippet if len(snippet) <= 70 else snippet[:67] + "…"
    paragraph = sum(1 for line in lines[: index + 1] if line.startswith("<w:p"))
    kind = "a table cell" if in_table else f"paragraph {paragraph}"
    return f"in {kind}: “{snippet}”"


def check_template(template: DocxTemplate, context: dict[str, Any], name: str) -> None:
    """Refuse a template whose placeholders cannot be filled, naming each and where."""
    env = environment()
    problems: list[str] = []
    for where, xml in _located(template):
        try:
            parsed = env.parse(xml)
            env.compile(xml)  # unknown filters and tests are found when compiling
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                f"{name}: {where}: template error: {exc.message} {_where(xml, exc.lineno)}"
            )
            continue
        for unknown in sorted(jinja_meta.find_undeclared_variables(parsed) - set(context)):
            problems.append(
                f"{name}: {where}: unknown placeholder '{unknown}' {_where(xml, None, unknown)}"
            )
    if problems:
        raise TemplateProblem(problems)


def render(template: DocxTemplate, context: dict[str, Any], name: str, progress=None) -> None:
    """Fill the template in place; a placeholder that fails is a TemplateProblem."""
    check_template(template, context, name)
    if isinstance(template, GranskaTemplate):
        template.progress = progress
    try:
        template.render(context, environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        where = _template_line(exc)
        parts = _located(template)
        located = _where(parts[0][1], where) if where else ""
        raise TemplateProblem([f"{name}: unknown placeholder: {exc.message} {located}"]) from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem([f"{name}: template error: {exc}"]) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise TemplateProblem([f"{name}: a placeholder cannot be filled: {exc}"]) from None


def _template_line(exc: BaseException) -> int | None:
    """The line of the Jinja template a runtime error happened on, from its traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
