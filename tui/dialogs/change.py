"""One change of the history read whole: the field's label, who and when, before and after."""

from __future__ import annotations

from typing import Any

from tui.dialogs.values import ValuesDialog
from tui.fields import FieldValues, field_label
from tui.i18n import t


class ChangeDialog(ValuesDialog[None]):
    """A history row opened: the value before and after the change, in full, wrapped."""

    def __init__(self, entry: dict[str, Any], change: dict[str, Any], names: FieldValues):
        field = str(change.get("field", ""))
        item_id = str(entry.get("item_id", "") or "")
        table = str(entry.get("table", ""))
        when = str(entry.get("ts", ""))[:16].replace("T", " ")
        super().__init__(
            field_label(field, table),
            [names.question(item_id), f"{when} · {entry.get('author', '')}"],
            [
                (t("old"), names.full(field, change.get("old"), item_id, table)),
                (t("new"), names.full(field, change.get("new"), item_id, table)),
            ],
        )
