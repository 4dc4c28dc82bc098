"""Checklist templates: the YAML language, its loader and the bundled library."""

from checklists.loader import ChecklistError, Problem, load_template, parse_template
from checklists.model import Chapter, Criterion, Item, Scale, ScaleValue, Section, Template

__all__ = [
    "Chapter",
    "ChecklistError",
    "Criterion",
    "Item",
    "Problem",
    "Scale",
    "ScaleValue",
    "Section",
    "Template",
    "load_template",
    "parse_template",
]
