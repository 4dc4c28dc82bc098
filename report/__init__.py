"""What is delivered: the Word report, built from an audit; no UI."""

from report.builder import ExportError, build_document, export_report
from report.text import clean

__all__ = ["ExportError", "build_document", "clean", "export_report"]
