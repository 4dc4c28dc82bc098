"""One decision a merge left, read whole: mine and theirs in full, settled with the same keys."""

from __future__ import annotations

from textual.binding import Binding

from store.merge import Conflict
from tui.dialogs.values import ValuesDialog
from tui.fields import FieldValues, field_label
from tui.i18n import N_, t

# The keys that settle each kind of decision (as on the list of conflicts).
CHOICES = {
    "field": ("mine", "theirs", "both"),
    "delete_edit": ("mine", "theirs"),
    "duplicate_source": ("join", "both"),
}

HINTS = {
    "field": "conflicts_hint",
    "delete_edit": "conflicts_hint_delete_edit",
    "duplicate_source": "conflicts_hint_duplicate_source",
}


def conflict_title(conflict: Conflict) -> str:
    """What the decision is about, in words: the field's label or the kind of decision."""
    if conflict.kind == "duplicate_source":
        return t("conflict_duplicate_source")
    if conflict.kind == "delete_edit":
        return t("conflict_delete_edit")
    return field_label(conflict.field, conflict.table)


def conflict_values(conflict: Conflict, names: FieldValues) -> tuple[str, str]:
    """Mine and theirs in words, whole."""
    if conflict.kind == "delete_edit":
        return tuple(  # type: ignore[return-value]
            t("conflict_deleted") if v else t("conflict_kept")
            for v in (conflict.mine, conflict.theirs)
        )
    if conflict.kind == "duplicate_source":
        return str(conflict.mine or ""), str(conflict.theirs or "")
    return (
        names.full(conflict.field, conflict.mine, conflict.item_id, conflict.table),
        names.full(conflict.field, conflict.theirs, conflict.item_id, conflict.table),
    )


class ConflictDialog(ValuesDialog[str | None]):
    """A conflict opened: both sides in full; m, o, b or j settle it and close the dialog."""

    BINDINGS = [
        Binding("m", "choose('mine')", N_("keep_mine"), id="conflict.choose_mine"),
        Binding("o", "choose('theirs')", N_("keep_theirs"), id="conflict.choose_theirs"),
        Binding("b", "choose('both')", N_("keep_both"), id="conflict.choose_both"),
        Binding("j", "choose('join')", N_("join_sources"), id="conflict.choose_join"),
    ]

    def __init__(self, conflict: Conflict, names: FieldValues):
        self.conflict = conflict
        mine, theirs = conflict_values(conflict, names)
        super().__init__(
            conflict_title(conflict),
            [names.question(conflict.item_id)],
            [(t("conflict_mine"), mine), (t("conflict_theirs"), theirs)],
            hint=t(HINTS[conflict.kind]),
        )

    def action_choose(self, choice: str) -> None:
        """Settle the decision this way when the key fits its kind; else only a bell."""
        if choice in CHOICES[self.conflict.kind]:
            self.dismiss(choice)
        else:
            self.app.bell()
