"""The checklist language, declared once.

The loader checks a parsed template against `TEMPLATE` below and the JSON Schema
(`checklists/schema.json`, `granska checklists schema`) is generated from the
same declaration, so the two cannot drift. What a schema cannot say — references
between parts (a criterion, a scale) and ids that must be unique — is checked in
`checklists/loader.py`. A differential Hypothesis test holds the loader and the
generated schema together. The rules themselves are in `checklists/rules.py`.
"""

from __future__ import annotations

from typing import Any

from checklists.model import ITEM_KINDS, MEANINGS, TEMPLATE_KINDS
from checklists.reporttext import REPORT_KEYS
from checklists.rules import (
    ID_RE,
    INVALID,
    Checked,
    Choice,
    Colour,
    Ident,
    ItemRule,
    Many,
    Mark,
    Node,
    Record,
    Ref,
    Report,
    Text,
    Texts,
    Whole,
    hint,
    kind_of,
)

__all__ = ["ID_RE", "INVALID", "Checked", "Mark", "check_template", "hint"]

TEXT = Text()
OPTIONAL_TEXT = Text(blank=True)
ID = Ident()

SCALE_VALUE = Record(
    "value",
    {"id": ID, "label": TEXT, "meaning": Choice(MEANINGS)},
    {"colour": Colour()},
    nested=True,
)
SCALE = Record(
    "scale",
    {"id": ID, "values": Many(SCALE_VALUE, min_items=1)},
    {"title": OPTIONAL_TEXT},
    description="An ordered set of values an item, a section or the audit is assessed on.",
)
CRITERION = Record("criterion", {"id": ID, "title": TEXT, "text": TEXT})
ITEM = ItemRule(
    required={"id": ID, "text": TEXT},
    common={"kind": Choice(ITEM_KINDS), "guidance": OPTIONAL_TEXT},
    per_kind={
        "question": {
            "probe": Texts(),
            "documents": Texts(),
            "criteria": Texts(),
            "scale": ID,
        },
        "control_point": {
            "target": OPTIONAL_TEXT,
            "quality_area": OPTIONAL_TEXT,
            "data_source": OPTIONAL_TEXT,
            "criteria": Texts(),
            "scale": ID,
        },
        "kpi": {
            "unit": OPTIONAL_TEXT,
            "direction": Choice(("higher", "lower")),
            "target": OPTIONAL_TEXT,
            "periods": Texts(),
            "breakdowns": Texts(),
            "scale": ID,
        },
        "analysis": {},
    },
)
SECTION_ASSESSMENT = Record(
    ".assessment",
    {},
    {"scale": ID},
    description="The section carries its own assessment, on this scale (default: default_scale).",
)
SECTION = Record(
    "section",
    {"id": ID, "title": TEXT, "items": Many(Ref("item", ITEM), min_items=1)},
    {"intro": OPTIONAL_TEXT, "assessment": SECTION_ASSESSMENT},
)
CHAPTER = Record(
    "chapter",
    {"id": ID, "title": TEXT, "sections": Many(Ref("section", SECTION), min_items=1)},
    {"intro": OPTIONAL_TEXT},
    description="A grouping of sections, e.g. 'Styrning' over its areas.",
)
OVERALL = Record(
    ".overall",
    {"scale": ID},
    description="The overall assessment is graded on this scale (besides its text).",
)
KIND_NAMES = Record(
    ".kind_names",
    {},
    {kind: TEXT for kind in ITEM_KINDS},
    description="What the template calls each item kind, e.g. question: Kontrollområde.",
)
REPORT = Record(
    ".report",
    {},
    {key: TEXT for key in sorted(REPORT_KEYS)},
    description="Report chapter titles and fixed sentences that differ from the defaults.",
)
TEMPLATE = Record(
    "",
    {"id": ID, "version": Whole(1), "title": TEXT, "kind": Choice(TEMPLATE_KINDS)},
    {
        "language": Choice(("sv", "en")),
        "description": OPTIONAL_TEXT,
        "purpose": OPTIONAL_TEXT,
        "method": OPTIONAL_TEXT,
        "default_scale": ID,
        "overall": OVERALL,
        "kind_names": KIND_NAMES,
        "report": REPORT,
        "scales": Many(Ref("scale", SCALE)),
        "criteria": Many(Ref("criterion", CRITERION)),
        "chapters": Many(Ref("chapter", CHAPTER), min_items=1),
        "sections": Many(Ref("section", SECTION), min_items=1),
    },
    one_of=(("sections", "chapters"),),
)
DEFS: dict[str, Node] = {
    "scale": SCALE,
    "criterion": CRITERION,
    "chapter": CHAPTER,
    "section": SECTION,
    "item": ITEM,
}


def check_template(root: Any, report: Report) -> Any:
    """The cleaned template (a `Checked`), or INVALID when it is not a mapping."""
    if not isinstance(root, dict):
        report.add((1, 1), f"the template must be a mapping, got {kind_of(root)}")
        return INVALID
    return TEMPLATE.check(root, (1, 1), "template", report)
