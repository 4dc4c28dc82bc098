"""The audit screen's commands that open other screens: texts, recommendations, export, ...

Kept apart from the screen's routing so that each module stays readable; the
screen class inherits them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.i18n import t
from tui.screens.base import GranskaScreen

if TYPE_CHECKING:
    from checklists import Item, Template
    from store.gaps import GapEntry
    from tui.widgets.item_tree import ItemTree
    from tui.widgets.observations import ObservationList


class AuditCommands(GranskaScreen[None]):
    """Actions of the audit screen that lead to another screen or dialog."""

    if TYPE_CHECKING:
        item: Item | None

        def _newer_template(self) -> Template | None: ...
        def _show_template_notice(self) -> None: ...
        def _item(self, item_id: str) -> Item | None: ...
        @property
        def items(self) -> ItemTree: ...
        @property
        def observations(self) -> ObservationList: ...

    def action_recommendations(self) -> None:
        """Open the recommendations."""
        from tui.screens.recommendations import RecommendationsScreen

        self.granska.save_all_fields()
        self.app.push_screen(RecommendationsScreen())

    def action_overall(self) -> None:
        """Edit the overall assessment: its text, and its value when the template grades it."""
        from tui.screens.text_edit import TextEditScreen

        scale = self.audit.template.overall()
        if scale is None:
            self._edit_meta_text("overall_assessment", t("overall"))
            return

        def save(text: str) -> None:
            self.audit.update_meta(overall_assessment=text)

        def save_value(value: str) -> None:
            self.audit.set_overall(value)

        self.app.push_screen(
            TextEditScreen(
                t("overall"),
                self.audit.meta.overall_assessment,
                save,
                read_only=self.audit.read_only,
                choices=[(v.label, v.id) for v in scale.values],
                value=self.audit.meta.overall_value,
                save_value=save_value,
            )
        )

    def action_texts(self) -> None:
        """Edit the background of the audit."""
        self._edit_meta_text("background", t("background"))

    def action_purpose(self) -> None:
        """Edit the purpose of the audit."""
        self._edit_meta_text("purpose", t("purpose"))

    def action_method(self) -> None:
        """Edit the method and scope of the audit."""
        self._edit_meta_text("method", t("method"))

    def _edit_meta_text(self, field: str, title: str) -> None:
        from tui.screens.text_edit import TextEditScreen

        def save(text: str) -> None:
            self.audit.update_meta(**{field: text})

        self.app.push_screen(
            TextEditScreen(
                title, getattr(self.audit.meta, field), save, read_only=self.audit.read_only
            )
        )

    def action_history(self) -> None:
        """Show who changed what on the selected question."""
        from tui.screens.history import HistoryScreen

        if self.item is not None:
            self.app.push_screen(HistoryScreen(self.audit, self.item))

    def action_sources(self) -> None:
        """Open the source register: interviews and documents, edit, join, delete."""
        from tui.screens.sources import SourcesScreen

        def chosen(source_id: str | None) -> None:
            if source_id:  # `i` on an interview: start interview mode with it
                self.call_later(self.run_action, f"start_interview_with({source_id!r})")

        self.granska.save_all_fields()
        self.app.push_screen(SourcesScreen(), chosen)

    def action_export(self) -> None:
        """Export the Word report."""
        from tui.screens.export import ExportScreen

        self.granska.save_all_fields()
        self.app.push_screen(ExportScreen(self.audit))

    def action_import_copy(self) -> None:
        """Merge a colleague's copy of this audit into it."""
        from tui.screens.merge import ConflictsScreen, ImportScreen

        self.granska.save_all_fields()

        def done(conflict_count: int | None) -> None:
            if conflict_count:
                self.app.push_screen(ConflictsScreen(self.audit))

        self.app.push_screen(ImportScreen(self.audit), done)

    def action_conflicts(self) -> None:
        """List the conflicts left by imports."""
        from tui.screens.merge import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.audit))

    def action_upgrade_template(self) -> None:
        """Take the newer version of the audit's template, after asking."""
        from tui.screens.confirm import ConfirmScreen

        newer = self._newer_template()
        if newer is None:
            return

        def answer(ok: bool | None) -> None:
            if not ok:
                return
            self.granska.save_all_fields()
            self.audit.upgrade_template(newer)  # the announcement rebuilds the tree
            self._show_template_notice()
            self.notify(t("upgraded", version=newer.version))

        self.app.push_screen(ConfirmScreen(t("upgrade_question", version=newer.version)), answer)

    # -- review -------------------------------------------------------------------------

    def action_review(self) -> None:
        """Review the selected question: state, comments, sign-off.

        From the observation list, new comments are on the highlighted observation.
        """
        from tui.dialogs.review import ReviewDialog
        from tui.widgets.observations import ObservationList

        if self.item is None:
            return
        self.granska.save_all_fields()
        observation = None
        if isinstance(self.focused, ObservationList):
            observation = self.focused.highlighted
        number = self.items.number(self.item.id)
        self.app.push_screen(ReviewDialog(self.audit, self.item, number, observation))

    def action_review_dashboard(self) -> None:
        """The review dashboard of the whole audit; its Enter jumps to the item."""
        from tui.screens.dashboard import ReviewDashboard

        self.granska.save_all_fields()
        numbers = {i: self.items.number(i) for i in self.items.item_ids}
        self.app.push_screen(ReviewDashboard(numbers), self.go_to_gap)

    def go_to_gap(self, entry: GapEntry | None) -> None:
        """Show what a dashboard entry is about: its question, observation, or screen."""
        if entry is None:
            return
        if entry.kind == "recommendation" or (entry.kind == "comment" and not entry.item_id):
            self.action_recommendations()
            return
        if entry.kind == "observation" and not entry.item_id:  # a note in the inbox
            self.call_later(self.run_action, "inbox")
            return
        item = self._item(entry.item_id) if entry.item_id else None
        if item is not None:
            self.item = item
            self.items.select_item(item.id)
            self.items.focus()
        if entry.kind == "observation" and item is not None:
            self.observations.select(entry.record_id)
            self.observations.focus()
        elif entry.kind == "comment" and item is not None:
            self.action_review()
        elif entry.kind == "conflict":
            self.action_conflicts()
