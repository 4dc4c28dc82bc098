"""A record's fields as the user knows them: by their label, with their values in words.

The store names fields as the code does (`reasoning`, `source_ids`); history,
conflicts and their detail dialogs show the catalogue's `field_<name>` label
instead, and values the way the rest of the app shows them: sources by their
label, a scale value by its label, questions by number and text, yes/no.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.i18n import has, t

if TYPE_CHECKING:
    from store import Audit

# Fields whose value is a yes/no flag.
FLAGS = {"deleted", "unfinished", "correction_applied", "resolved", "own_change"}


def field_label(field: str, table: str = "") -> str:
    """The user's name of a record field ("reasoning" -> "Motivering").

    A table may name a field its own way (`field_kpi_values_value`: a KPI's
    "Värde", where an assessment's `value` is its "Bedömning").
    """
    for key in (f"field_{table}_{field}", f"field_{field}"):
        if has(key):
            return t(key)
    return field.replace("_", " ").capitalize()


def one_line(text: str, width: int) -> str:
    """Text on one line, cut to `width` characters with an ellipsis."""
    text = " ".join(text.split())
    return text[: max(0, width - 1)] + "…" if len(text) > width else text


class FieldValues:
    """Shows the field values of one audit's records in words."""

    def __init__(self, audit: Audit):
        # Imported here: the home screen's tables use `one_line` at start, before
        # any audit (and the store's engine) is loaded.
        from checklists.numbering import item_numbers
        from store import Source

        self.template = audit.template
        self.sources = {s.id: s.label() for s in audit.all(Source)}
        self.numbers = item_numbers(self.template)  # as the tree numbers them

    def question(self, item_id: str) -> str:
        """An item or section by number and text ("1.1 Finns det …"), or "" when unknown."""
        item = self.template.item(item_id)
        if item is not None:
            return f"{self.numbers.get(item_id, '')} {item.text}".strip()
        section = self.template.section(item_id)
        if section is not None:
            return f"{self.numbers.get(item_id, '')} {section.title}".strip()
        return ""

    def full(self, field: str, value: object, item_id: str = "", table: str = "") -> str:
        """The whole value, as several lines where it has them."""
        if field in FLAGS:
            return t("yes") if value else t("no")
        if value is None:
            return ""
        if field == "kind" and value in ("interview", "document"):
            return t(str(value))
        if field == "check_status" and has(f"factcheck_{value}"):
            return t(f"factcheck_{value}")
        if field == "source_ids" and isinstance(value, list | tuple):
            return "\n".join(self.sources.get(str(v), t("field_unknown_source")) for v in value)
        if field == "item_ids" and isinstance(value, list | tuple):
            return "\n".join(self.question(str(v)) or str(v) for v in value)
        if field == "value" and item_id and table != "kpi_values":
            owner = self.template.item(item_id) or self.template.section(item_id)
            scale = None
            if owner is not None:
                scale = self.template.scales.get(owner.scale or self.template.default_scale)
            chosen = scale.value(str(value)) if scale is not None else None
            if chosen is not None:
                return chosen.label
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return str(value)

    def line(self, field: str, value: object, item_id: str = "", table: str = "") -> str:
        """The whole value on one line (a list's entries joined with commas)."""
        return self.full(field, value, item_id, table).replace("\n", ", ")
