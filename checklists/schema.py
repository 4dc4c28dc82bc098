"""The JSON Schema of the checklist language, for editors with a YAML language server.

`granska checklists schema` writes it; `checklists/schema.json` is the shipped copy
(a test keeps the two equal). Put this line at the top of a template to use it:

    # yaml-language-server: $schema=<path to schema.json>
"""

from __future__ import annotations

import json
from typing import Any

from checklists.loader import ID_RE
from checklists.model import ITEM_KINDS, MEANINGS, TEMPLATE_KINDS
from checklists.reporttext import REPORT_KEYS

TEXT = {"type": ["string", "number"], "minLength": 1}
TEXTS = {"oneOf": [TEXT, {"type": "array", "items": TEXT}]}
ID = {"type": "string", "pattern": ID_RE.pattern}

ITEM_KEYS: dict[str, list[str]] = {
    "question": ["probe", "documents", "criteria", "scale"],
    "control_point": ["target", "quality_area", "data_source", "criteria", "scale"],
    "kpi": ["unit", "direction", "target", "periods", "breakdowns", "scale"],
    "analysis": [],
}


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a checklist template."""
    item_properties: dict[str, Any] = {
        "kind": {"enum": list(ITEM_KINDS), "default": "question"},
        "id": ID,
        "text": TEXT,
        "guidance": TEXT,
        "probe": TEXTS,
        "documents": TEXTS,
        "criteria": TEXTS,
        "scale": ID,
        "target": TEXT,
        "quality_area": TEXT,
        "data_source": TEXT,
        "unit": TEXT,
        "direction": {"enum": ["higher", "lower"]},
        "periods": TEXTS,
        "breakdowns": TEXTS,
    }
    per_kind = [
        {
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}
            if kind != "question"
            else {"properties": {"kind": {"const": "question"}}},
            "then": {"propertyNames": {"enum": ["kind", "id", "text", "guidance", *keys]}},
        }
        for kind, keys in ITEM_KEYS.items()
    ]
    per_kind.append(
        {
            "if": {"not": {"required": ["kind"]}},
            "then": {"propertyNames": {"enum": ["id", "text", "guidance", *ITEM_KEYS["question"]]}},
        }
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Granska checklist template",
        "type": "object",
        "required": ["id", "version", "title", "kind", "sections"],
        "additionalProperties": False,
        "properties": {
            "id": ID,
            "version": {"type": "integer", "minimum": 1},
            "title": TEXT,
            "language": {"enum": ["sv", "en"]},
            "kind": {"enum": list(TEMPLATE_KINDS)},
            "description": TEXT,
            "purpose": TEXT,
            "method": TEXT,
            "default_scale": ID,
            "report": {
                "type": "object",
                "additionalProperties": False,
                "properties": {key: TEXT for key in sorted(REPORT_KEYS)},
            },
            "scales": {"type": "array", "items": {"$ref": "#/$defs/scale"}},
            "criteria": {"type": "array", "items": {"$ref": "#/$defs/criterion"}},
            "sections": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/section"}},
        },
        "$defs": {
            "scale": {
                "type": "object",
                "required": ["id", "values"],
                "additionalProperties": False,
                "properties": {
                    "id": ID,
                    "title": TEXT,
                    "values": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["id", "label", "meaning"],
                            "additionalProperties": False,
                            "properties": {
                                "id": ID,
                                "label": TEXT,
                                "meaning": {"enum": list(MEANINGS)},
                                "colour": TEXT,
                            },
                        },
                    },
                },
            },
            "criterion": {
                "type": "object",
                "required": ["id", "title", "text"],
                "additionalProperties": False,
                "properties": {"id": ID, "title": TEXT, "text": TEXT},
            },
            "section": {
                "type": "object",
                "required": ["id", "title", "items"],
                "additionalProperties": False,
                "properties": {
                    "id": ID,
                    "title": TEXT,
                    "intro": TEXT,
                    "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}},
                },
            },
            "item": {
                "type": "object",
                "required": ["id", "text"],
                "properties": item_properties,
                "allOf": per_kind,
            },
        },
    }


def schema_text() -> str:
    """The schema as the JSON text that is shipped."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
