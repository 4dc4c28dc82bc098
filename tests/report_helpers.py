"""Reading a written report back with python-docx: outline, tables, parts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from report import outline


def reopen(path) -> docx.document.Document:
    return docx.Document(str(path))


def h1(document) -> list[str]:
    """The chapter headings as a reader sees them (style numbers included)."""
    return [
        text
        for text, p in zip(outline(document), _heading_paragraphs(document), strict=True)
        if p == 1
    ]


def _heading_paragraphs(document) -> list[int]:
    from report.finish import _headings

    return [level for _p, level, _n, _off in _headings(document)]


def body_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def table_rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def all_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


def row_flags(table) -> list[tuple[bool, bool]]:
    """(repeated header, cannot split) per row."""
    out = []
    for row in table.rows:
        tr_pr = row._tr.trPr
        out.append(
            (
                tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None,
                tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None,
            )
        )
    return out
