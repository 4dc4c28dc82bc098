"""Recommendations: a list, and an editor that ties each to audit questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Label, ListItem, ListView, SelectionList, Static

from store import Audit, Recommendation
from tui.i18n import N_, t
from tui.safe_text import plain, shown
from tui.widgets.autosave import AutosaveTextArea
from tui.widgets.footer import KeysFooter
from tui.widgets.status import SaveStatus

if TYPE_CHECKING:
    from tui.app import GranskaApp


class RecommendationsScreen(Screen[None]):
    """Lists the audit's recommendations; add, edit, delete."""

    BINDINGS = [
        Binding("escape", "back", N_("back"), id="recommendations.back"),
        Binding("a", "add", N_("add"), id="recommendations.add"),
        Binding("e", "edit", N_("edit"), id="recommendations.edit"),
        Binding("delete,d", "delete", N_("delete"), id="recommendations.delete"),
    ]

    @property
    def granska(self) -> GranskaApp:
        """The app, typed (as Posting's `cast("Posting", self.app)`)."""
        return cast("GranskaApp", self.app)

    @property
    def audit(self) -> Audit:
        """The open audit (this screen is only shown while one is open)."""
        assert self.granska.session is not None
        return self.granska.session.audit

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("recommendations"), classes="screen-title")
        yield ListView(id="recommendations")
        yield Static("", id="no-recommendations", classes="muted")
        yield SaveStatus(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._fill()
        self.query_one(ListView).focus()

    def _fill(self, select_id: str | None = None) -> None:
        view = self.query_one(ListView)
        self._items = self.audit.recommendations()
        questions = {i.id: i.text for i in self.audit.template.items()}
        view.clear()
        for n, rec in enumerate(self._items, start=1):
            about = "; ".join(questions.get(i, i) for i in rec.item_ids)
            body = plain(f"{n}. {rec.text.strip()}", multiline=True)
            if about:
                body.append(f"\n{t('related_questions')}: {shown(about)}", style="dim")
            view.append(ListItem(Static(body)))
        empty = self.query_one("#no-recommendations", Static)
        empty.update("" if self._items else t("no_recommendations"))
        empty.display = not self._items
        if self._items:
            view.index = 0
        for index, rec in enumerate(self._items):
            if rec.id == select_id:
                view.index = index

    def _selected(self) -> Recommendation | None:
        view = self.query_one(ListView)
        if view.index is None or not (0 <= view.index < len(self._items)):
            return None
        return self._items[view.index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "edit", "delete") and self.audit.read_only:
            return False
        return True

    def action_back(self) -> None:
        """Back to the audit."""
        self.dismiss(None)

    def action_add(self) -> None:
        """Write a new recommendation."""
        self.app.push_screen(RecommendationEditor(self.audit, None), self._fill)

    @on(ListView.Selected)
    def action_edit(self) -> None:
        """Edit the highlighted recommendation."""
        rec = self._selected()
        if rec is not None:
            self.app.push_screen(RecommendationEditor(self.audit, rec), self._fill)

    def action_delete(self) -> None:
        """Delete the highlighted recommendation, after asking."""
        from tui.screens.confirm import ConfirmScreen

        rec = self._selected()
        if rec is None:
            return

        def answer(ok: bool | None) -> None:
            if ok:
                self.audit.delete(rec)
                self._fill()

        self.app.push_screen(
            ConfirmScreen(f"{t('confirm_delete_recommendation')}\n\n{rec.text[:80]}"), answer
        )


class RecommendationEditor(ModalScreen[str | None]):
    """The text of a recommendation and the questions it concerns; saved as typed."""

    BINDINGS = [Binding("escape", "close", N_("close"), id="recommendation_editor.close")]

    def __init__(self, audit: Audit, rec: Recommendation | None):
        super().__init__()
        self.audit = audit
        self.rec = rec

    def compose(self) -> ComposeResult:
        chosen = set(self.rec.item_ids) if self.rec else set()
        with Vertical(classes="dialog wide", id="recommendation"):
            yield Label(t("recommendation"), classes="dialog-title")
            yield AutosaveTextArea(
                self.rec.text if self.rec else "", id="rec-text", save=self._save_text
            )
            yield Label(t("related_questions"))
            yield SelectionList[str](
                *[(plain(q.text), q.id, q.id in chosen) for q in self.audit.template.questions()],
                id="rec-items",
            )
            yield Label(t("autosave_hint"), classes="hint")
            yield SaveStatus(id="status")

    def on_mount(self) -> None:
        self.query_one("#rec-text").focus()

    def _save_text(self, text: str) -> None:
        self._persist(text)

    @on(SelectionList.SelectedChanged)
    def _items_changed(self) -> None:
        self._persist(self.query_one("#rec-text", AutosaveTextArea).text)

    def _persist(self, text: str) -> None:
        items = tuple(self.query_one("#rec-items", SelectionList).selected)
        if self.rec is None:
            if not text.strip():
                return
            self.rec = self.audit.add_recommendation(text, items)
            return
        self.rec.text, self.rec.item_ids = text, items
        self.rec = self.audit.save(self.rec)

    def action_close(self) -> None:
        """Save and close; a recommendation left empty is removed."""
        area = self.query_one("#rec-text", AutosaveTextArea)
        area.save_now()
        self._persist(area.text)
        if self.rec is not None and not self.rec.text.strip():
            self.audit.delete(self.rec)
            self.dismiss(None)
            return
        self.dismiss(self.rec.id if self.rec else None)
