"""The one way auditor text reaches python-docx, and the writer that uses it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Text from the auditor with what XML cannot hold removed."""
    return _ILLEGAL.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n")


class DocWriter:
    """Adds headings, paragraphs and bullets to a document, always through `clean`."""

    def __init__(self, document: DocxDocument):
        self.doc = document

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(clean(text), level=level)

    def para(self, text: str, style: str | None = None, bold: bool = False) -> None:
        """One paragraph per blank-line-separated chunk of the text."""
        for chunk in clean(text).split("\n\n") if text else []:
            self.doc.add_paragraph(style=style).add_run(chunk.strip()).bold = bold

    def bullets(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.doc.add_paragraph(clean(line), style="List Bullet")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
