"""The rendered report made whole with python-docx: contents, numbers, language, properties.

Word fills a table of contents only when it updates fields, so the entries are
written here (with bookmarks on the headings and PAGEREF fields for the page
numbers) and `updateFields` asks Word to refresh them on opening; the PDF route
lets LibreOffice refresh them (`report.pdf`). Heading numbers come from the
heading styles when they number; when a firm's styles do not, the numbers are
typed into the headings here, never both.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from report.labels import LANG_TAGS
from report.oxml import _el

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


# -- styles: outline level and numbering through the basedOn chain -------------------


class StyleInfo:
    """Outline level and numbering of each paragraph style, inherited along basedOn."""

    def __init__(self, document: DocxDocument):
        self.styles = {}
        for style in document.styles.element.findall(qn("w:style")):
            if style.get(qn("w:type")) == "paragraph":
                self.styles[style.get(qn("w:styleId"))] = style
        self.default = next(
            (sid for sid, s in self.styles.items() if s.get(qn("w:default")) in ("1", "true")),
            "Normal",
        )
        self._cache: dict[str, tuple[int | None, str | None]] = {}

    def resolve(self, style_id: str | None) -> tuple[int | None, str | None]:
        """(outline level 0-8 or None, numId or None) of a style."""
        style_id = style_id or self.default
        if style_id in self._cache:
            return self._cache[style_id]
        level: int | None = None
        num: str | None = None
        seen = set()
        sid: str | None = style_id
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            style = self.styles[sid]
            ppr = style.find(qn("w:pPr"))
            if ppr is not None:
                outline = ppr.find(qn("w:outlineLvl"))
                if level is None and outline is not None:
                    level = int(outline.get(qn("w:val"), "9"))
                numpr = ppr.find(qn("w:numPr"))
                if num is None and numpr is not None and numpr.find(qn("w:numId")) is not None:
                    num = numpr.find(qn("w:numId")).get(qn("w:val"))
            based = style.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None
        self._cache[style_id] = (level, num)
        return level, num

    def numbers_headings(self) -> bool:
        """Whether the Heading 1 style numbers itself."""
        _, num = self.resolve("Heading1")
        return num not in (None, "0")


def _paragraph_heading(p, info: StyleInfo) -> tuple[int, bool] | None:
    """(level 1-3, numbered by its style) of a heading paragraph, or None."""
    ppr = p.find(qn("w:pPr"))
    style_id = None
    own_level = own_num = None
    if ppr is not None:
        ps = ppr.find(qn("w:pStyle"))
        style_id = ps.get(qn("w:val")) if ps is not None else None
        outline = ppr.find(qn("w:outlineLvl"))
        if outline is not None:
            own_level = int(outline.get(qn("w:val"), "9"))
        numpr = ppr.find(qn("w:numPr"))
        if numpr is not None and numpr.find(qn("w:numId")) is not None:
            own_num = numpr.find(qn("w:numId")).get(qn("w:val"))
    level, num = info.resolve(style_id)
    level = own_level if own_level is not None else level
    if level is None or level > 2:
        return None
    num = own_num if own_num is not None else num
    explicit_off = own_num == "0"
    return level + 1, (num not in (None, "0")) if not explicit_off else False


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


# -- headings and the table of contents ------------------------------------------------


def _headings(document: DocxDocument):
    """(paragraph, level, numbered by style, numbering switched off) of each heading.

    Only paragraphs that can be headings (a style with an outline level, or an
    outline level of their own) are looked at: an XPath query in C, not a Python
    loop over every paragraph of a large report.
    """
    info = StyleInfo(document)

    def level(sid: str | None) -> int:
        found = info.resolve(sid)[0]
        return 9 if found is None else found

    ids = [sid for sid in info.styles if level(sid) <= 2]
    test = " or ".join(f"w:pPr/w:pStyle/@w:val='{sid}'" for sid in ids if "'" not in sid)
    query = f".//w:p[{test + ' or ' if test else ''}w:pPr/w:outlineLvl]"
    for p in document.element.body.xpath(query):
        found = _paragraph_heading(p, info)
        if found is None:
            continue
        ppr = p.find(qn("w:pPr"))
        off = ppr is not None and any(x.get(qn("w:val")) == "0" for x in ppr.iter(qn("w:numId")))
        yield p, found[0], found[1], off


def outline(document: DocxDocument) -> list[str]:
    """The headings (levels 1-3) as a reader sees them: '3.1 Iakttagelser'.

    Numbers that the heading styles produce are added; typed numbers are already
    in the text.
    """
    counters = [0, 0, 0]
    out = []
    for p, level, numbered, _off in _headings(document):
        text = _text(p).strip()
        if numbered:
            counters[level - 1] += 1
            counters[level:] = [0] * (3 - level)
            text = ".".join(str(c) for c in counters[:level]) + " " + text
        out.append(text)
    return out


def number_headings_and_fill_toc(document: DocxDocument) -> list[tuple[int, str, str]]:
    """Bookmark and number the headings; write the contents. Returns (level, number, text)."""
    typed = not StyleInfo(document).numbers_headings()
    counters = [0, 0, 0]
    entries: list[tuple[int, str, str, str]] = []
    for n, (p, level, numbered, off) in enumerate(list(_headings(document))):
        text = _text(p).strip()
        if not text:
            continue
        number = ""
        if numbered or (typed and not off):
            counters[level - 1] += 1
            counters[level:] = [0] * (3 - level)
            number = ".".join(str(c) for c in counters[:level])
            if typed:
                run = _run(number + " ")
                first_run = p.find(qn("w:r"))
                if first_run is not None:
                    first_run.addprevious(run)
                else:
                    p.append(run)
        name = f"_Toc{100000 + n}"
        start = _el("w:bookmarkStart", id=str(9000 + n), name=name)
        end = _el("w:bookmarkEnd", id=str(9000 + n))
        first = p.find(qn("w:r"))
        if first is not None:
            first.addprevious(start)
        else:
            p.append(start)
        p.append(end)
        entries.append((level, number, text, name))
    _fill_toc(document.element.body, entries)
    return [(lvl, num, txt) for lvl, num, txt, _ in entries]


def _toc_field(body):
    """The paragraphs of the TOC field, from the one holding its code to its end."""
    starts = body.xpath(".//w:p[w:r/w:instrText[starts-with(normalize-space(.), 'TOC')]]")
    if not starts:
        return None
    first = starts[0]
    field = []
    depth = 0
    p = first
    while p is not None:
        if p.tag == qn("w:p"):
            field.append(p)
            for fld in p.iter(qn("w:fldChar")):
                kind = fld.get(qn("w:fldCharType"))
                if kind == "begin":
                    depth += 1
                elif kind == "end":
                    depth -= 1
                    if depth == 0:
                        return field
        p = p.getnext()
    return None


def _run(text: str, *, tab: bool = False):
    run = _el("w:r")
    if tab:
        run.append(_el("w:tab"))
    if text:
        t = _el("w:t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
    return run


def _fld(kind: str):
    run = _el("w:r")
    run.append(_el("w:fldChar", fldCharType=kind))
    return run


def _instr(code: str):
    run = _el("w:r")
    instr = _el("w:instrText")
    instr.text = f" {code} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(instr)
    return run


def _fill_toc(body, entries: list[tuple[int, str, str, str]]) -> None:
    field = _toc_field(body)
    if not field:
        return
    first = field[0]
    code = " ".join(x.text or "" for x in first.iter(qn("w:instrText"))).strip()
    levels = re.search(r'\\o\s+"(\d)-(\d)"', code)
    low, high = (int(levels[1]), int(levels[2])) if levels else (1, 3)
    new = []
    for level, number, text, anchor in entries:
        if not low <= level <= high:
            continue
        p = _el("w:p")
        ppr = _el("w:pPr")
        ppr.append(_el("w:pStyle", val=f"TOC{level}"))
        p.append(ppr)
        link = _el("w:hyperlink", anchor=anchor, history="1")
        if number:
            link.append(_run(number))
            link.append(_run(" "))
        link.append(_run(text))
        link.append(_run("", tab=True))
        link.append(_fld("begin"))
        link.append(_instr(f"PAGEREF {anchor} \\h"))
        link.append(_fld("separate"))
        link.append(_run(""))
        link.append(_fld("end"))
        p.append(link)
        new.append(p)
    if not new:
        p = _el("w:p")
        p.append(_run(""))
        new.append(p)
    head = [_fld("begin"), _instr(code), _fld("separate")]
    anchor_at = new[0].find(qn("w:pPr"))
    for run in reversed(head):
        if anchor_at is not None:
            anchor_at.addnext(run)
        else:
            new[0].insert(0, run)
    new[-1].append(_fld("end"))
    parent = first.getparent()
    index = parent.index(first)
    for p in field:
        p.getparent().remove(p)
    for offset, p in enumerate(new):
        parent.insert(index + offset, p)


# -- language, settings, properties ----------------------------------------------------


def set_language(document: DocxDocument, tag: str) -> None:
    """The language Word spell-checks in, in the styles and the settings."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _el("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = _el("w:rPr")
        rpr_default.append(rpr)
    for lang in list(rpr.findall(qn("w:lang"))):
        rpr.remove(lang)
    rpr.append(_el("w:lang", val=tag, eastAsia=tag, bidi="ar-SA"))
    for lang in styles.iter(qn("w:lang")):
        if lang.getparent() is not rpr and lang.get(qn("w:val")):
            lang.set(qn("w:val"), tag)
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), tag)
    swedish = tag.startswith("sv")
    for name, value in (
        ("w:decimalSymbol", "," if swedish else "."),
        ("w:listSeparator", ";" if swedish else ","),
    ):
        element = settings.find(qn(name))
        if element is not None:
            element.set(qn("w:val"), value)


def set_settings(document: DocxDocument) -> None:
    """Word 2013+ layout (no compatibility mode) and fields refreshed on opening."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = _el("w:compat")
        settings.append(compat)
    mode = None
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            mode = setting
    if mode is None:
        mode = _el(
            "w:compatSetting",
            name="compatibilityMode",
            uri="http://schemas.microsoft.com/office/word",
        )
        compat.append(mode)
    mode.set(qn("w:val"), "15")
    if settings.find(qn("w:updateFields")) is None:
        update = _el("w:updateFields", val="true")
        # schema order: updateFields comes early, right after the view/zoom group
        anchor = None
        for tag in ("w:zoom", "w:view", "w:writeProtection"):
            anchor = settings.find(qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addnext(update)
        else:
            settings.insert(0, update)


def drop_thumbnail(document: DocxDocument) -> None:
    """python-docx's default template carries a thumbnail of another document."""
    package = document.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype == THUMBNAIL:
            del package.rels[key]


def set_properties(
    document: DocxDocument,
    *,
    title: str,
    author: str,
    subject: str,
    modified_by: str,
    language: str,
    keywords: str = "",
) -> None:
    """Core and app properties of this report, nothing left from a template."""
    now = datetime.now(UTC).replace(microsecond=0)
    props = document.core_properties
    props.title = title[:255]
    props.author = author[:255]
    props.subject = subject[:255]
    props.last_modified_by = modified_by[:255]
    props.language = LANG_TAGS.get(language, language)
    props.keywords = keywords[:255]
    props.comments = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.revision = 1
    props.created = props.modified = now
    app = next(
        (p for p in document.part.package.iter_parts() if str(p.partname) == "/docProps/app.xml"),
        None,
    )
    if app is not None:
        app._blob = (
            b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/docPropsVTypes">'
            b"<Template></Template><TotalTime>0</TotalTime>"
            b"<Application>Granska</Application><DocSecurity>0</DocSecurity>"
            b"<ScaleCrop>false</ScaleCrop>"
            b"<Company></Company>"
            b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            b"<HyperlinksChanged>false</HyperlinksChanged>"
            b"</Properties>"
        )
    drop_thumbnail(document)
