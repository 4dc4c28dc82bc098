"""The JSON Schema of the checklist language, for editors with a YAML language server.

Generated from the declaration in `checklists/language.py` — the same one the
loader checks against — so the schema and the loader cannot drift.
`granska checklists schema` writes it; `checklists/schema.json` is the shipped copy
(a test keeps the two equal). Put this line at the top of a template to use it:

    # yaml-language-server: $schema=<path to schema.json>
"""

from __future__ import annotations

import json
from typing import Any

from checklists.language import DEFS, TEMPLATE


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a checklist template."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Granska checklist template",
        **TEMPLATE.schema(),
        "$defs": {name: node.schema() for name, node in DEFS.items()},
    }


def schema_text() -> str:
    """The schema as the JSON text that is shipped."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
