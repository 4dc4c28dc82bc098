"""What is delivered: the Word report, built from an audit; no UI."""

from report.errors import ExportError, NotFinal, TemplateProblem
from report.export import Built, Exported, build_report, export_report
from report.finish import outline
from report.render import DEFAULT_TEMPLATE
from report.text import clean

__all__ = [
    "DEFAULT_TEMPLATE",
    "Built",
    "ExportError",
    "Exported",
    "NotFinal",
    "TemplateProblem",
    "build_report",
    "clean",
    "export_report",
    "outline",
]
