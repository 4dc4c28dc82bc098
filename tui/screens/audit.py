"""The audit screen: the item tree, and beside it the item, its observations and assessment.

The screen composes widgets and routes their messages; what it shows follows two
things only: `item` (a reactive: its watcher draws the item) and the session's
`changed` announcement (marks, counts, lists and fields re-read once per change).

Keys, by where the focus is:
- anywhere, also inside a field: Ctrl+↓ / Alt+N next question, Ctrl+↑ / Alt+P
  previous, Ctrl+G go to a question, Ctrl+F search (also / outside fields),
  F2 the tree, Esc leaves the field;
- the tree (a pane without a field): the single-letter commands;
- the observation list: its own keys (Enter, d) and a, b;
- Esc in the tree leaves the audit.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Header, Static

from checklists import Item, Template
from store import Observation, SearchResult
from tui.i18n import N_, t
from tui.screens.audit_commands import AuditCommands
from tui.session import AuditSession
from tui.widgets.assessment import AssessmentEditor
from tui.widgets.footer import KeysFooter
from tui.widgets.item_detail import ItemDetail
from tui.widgets.item_tree import ItemTree, area_item
from tui.widgets.kpi_grid import KpiGrid
from tui.widgets.note_editor import NoteEditor
from tui.widgets.observations import ObservationList
from tui.widgets.status import SaveStatus

EDIT_ACTIONS = {
    "upgrade_template",
    "add_observation",
    "assess",
    "import_copy",
    "interview",
}
# Single-letter commands: from the tree; from the observation list only these two.
LETTER_ACTIONS = {
    "add_observation",
    "assess",
    "recommendations",
    "overall",
    "texts",
    "history",
    "export",
    "import_copy",
    "conflicts",
    "upgrade_template",
    "guidance",
    "review",
    "review_dashboard",
    "interview",
    "inbox",
    "sources",
}
LIST_LETTERS = {"add_observation", "assess", "review"}


class AuditScreen(AuditCommands):
    """Moves through the audit's items; observations and assessment of the selected one."""

    BINDINGS = [
        Binding("escape", "leave", N_("back"), id="audit.back"),
        Binding("a", "add_observation", N_("add_observation"), id="audit.add_observation"),
        Binding("b", "assess", N_("assess"), id="audit.assess"),
        Binding(
            "ctrl+down,alt+n", "next_item", N_("next_item"), priority=True, id="audit.next_item"
        ),
        Binding(
            "ctrl+up,alt+p",
            "previous_item",
            N_("previous_item"),
            priority=True,
            id="audit.previous_item",
        ),
        Binding("ctrl+g", "jump", N_("jump"), priority=True, id="audit.jump"),
        Binding("ctrl+f", "search", N_("search"), show=False, priority=True, id="audit.search"),
        Binding(
            "slash", "search", N_("search"), show=False, key_display="/", id="audit.search_slash"
        ),
        Binding(
            "f2", "focus_tree", N_("jump_tree"), show=False, priority=True, id="audit.focus_tree"
        ),
        Binding("v", "guidance", N_("guidance_toggle"), show=False, id="audit.guidance"),
        Binding("r", "recommendations", N_("recommendations"), id="audit.recommendations"),
        Binding("s", "overall", N_("overall"), id="audit.overall"),
        Binding("t", "texts", N_("audit_texts"), show=False, id="audit.texts"),
        Binding("h", "history", N_("history"), show=False, id="audit.history"),
        Binding("x", "export", N_("export"), id="audit.export"),
        Binding("i", "import_copy", N_("import"), show=False, id="audit.import_copy"),
        Binding("k", "conflicts", N_("conflicts"), show=False, id="audit.conflicts"),
        Binding(
            "u", "upgrade_template", N_("upgrade_template"), show=False, id="audit.upgrade_template"
        ),
        Binding("m", "review", N_("review"), show=False, id="audit.review"),
        Binding(
            "o", "review_dashboard", N_("review_dashboard"), show=False, id="audit.review_dashboard"
        ),
        Binding("n", "interview", N_("interview_mode"), show=False, id="audit.interview"),
        Binding("l", "inbox", N_("inbox"), show=False, id="audit.inbox"),
        Binding("c", "sources", N_("sources"), show=False, id="audit.sources"),
    ]

    DEFAULT_CSS = """
    AuditScreen #audit-body {
        height: 1fr;
    }
    AuditScreen #detail {
        width: 1fr;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    AuditScreen ItemDetail {
        max-height: 45%;
        overflow-y: auto;
        padding: 0 1;
    }
    AuditScreen ObservationList.-beside-editor {
        min-height: 2;
    }
    AuditScreen #template-notice {
        height: 1;
        padding: 0 1;
        background: $warning 30%;
    }
    """

    item: reactive[Item | None] = reactive(None, init=False)
    """The item shown beside the tree; setting it draws it."""

    # -- composing --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="template-notice")
        with Horizontal(id="audit-body"):
            yield ItemTree(id="items")
            with Vertical(id="detail"):
                yield ItemDetail(id="item-detail")
                yield KpiGrid(self.audit, id="kpi")
                yield ObservationList(id="observations")
                yield AssessmentEditor(self.audit, id="assessment")
        yield SaveStatus(id="status")
        yield KeysFooter()

    @property
    def items(self) -> ItemTree:
        return self.query_one(ItemTree)

    @property
    def observations(self) -> ObservationList:
        return self.query_one(ObservationList)

    @property
    def assessment(self) -> AssessmentEditor:
        return self.query_one(AssessmentEditor)

    @property
    def kpi(self) -> KpiGrid:
        return self.query_one(KpiGrid)

    @property
    def note_editor(self) -> NoteEditor | None:
        """The note editor pane, once it has been opened (it is mounted on first use)."""
        found = self.query(NoteEditor)
        return found.first() if found else None

    @property
    def writing(self) -> bool:
        """Whether a note is being written."""
        return self.note_editor is not None and self.note_editor.is_open

    @property
    def template(self) -> Template:
        return self.audit.template

    def on_mount(self) -> None:
        meta = self.audit.meta
        self.granska.sub_title = f"{meta.title} – {meta.municipality}".strip(" –")
        self.kpi.display = False
        self.observations.empty_text = t("no_observations")
        if self.audit.read_only:
            self.query_one(SaveStatus).show("read_only")
        self._show_template_notice()
        if not self.granska.library_loaded:
            self._read_library()
        self._build()
        if self.session.changed is not None:
            self.session.changed.subscribe(self, self._audit_changed)
        self.items.focus()

    def _build(self) -> None:
        states = self.session.item_states()
        self.items.build(self.audit, states)
        self._show_counts(states)
        self._drawn_template = self.template
        ids = self.items.item_ids
        last = self.granska.ui_state.get(self.audit.meta.id, "last_item")
        if self.item is not None and self._item(self.item.id) is not None:
            last = self.item.id  # a template upgrade: stay where you are
        first = next((i for i in ids if self.template.item(i) is not None), None)
        start = last if last and self._item(last) is not None else first
        if start is not None:
            self.item = self._item(start)
            self.items.select_item(start)

    def _item(self, item_id: str) -> Item | None:
        return (
            self.template.item(item_id)
            or area_item(self.template, item_id)
            or self.audit.removed_item(item_id)
        )

    def is_area(self, item: Item | None) -> bool:
        """Whether the item shown is a section's own assessment (it takes no observations)."""
        return item is not None and area_item(self.template, item.id) is not None

    # -- drawing --------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether the audit this screen shows is still open (messages may arrive late)."""
        return self.granska.session is not None and self.is_attached

    def watch_item(self, item: Item | None) -> None:
        if item is None or not self.is_open:
            return
        number = self.items.number(item.id)
        self.query_one(ItemDetail).show(self.template, item, number)
        self.assessment.show(item)
        self.kpi.display = item.kind == "kpi"
        if item.kind == "kpi":
            self.kpi.show(item)
        self._show_observations()
        self.granska.ui_state.set(self.audit.meta.id, "last_item", item.id, write=False)

    def _show_observations(self, select_id: str | None = None, keep: bool = False) -> None:
        item = self.item
        if item is None:
            return
        listed = self.session.observations(item.id)
        # An analysis prompt takes no observations; show any it got (a merge) so they
        # can be read and deleted, never hidden.
        self.observations.display = (item.kind != "analysis" and not self.is_area(item)) or bool(
            listed
        )
        sources = {s.id: f"{t(s.kind)}: {s.label()}" for s in self.audit.sources()}
        checks = self.session.fact_check_statuses()
        self.observations.show(
            listed, sources, select_id=select_id, keep_cursor=keep, checks=checks
        )

    def _show_counts(self, states: dict) -> None:
        assessed = sum(state == "assessed" for state in states.values())
        meta = self.audit.meta
        counts = t("summary_counts", assessed=assessed, total=len(states))
        self.query_one(SaveStatus).set_context(f"{meta.committee or meta.title} · {counts}")

    def _audit_changed(self, session: AuditSession) -> None:
        """The one refresh path: whatever changed the audit, redraw what shows it."""
        if self.granska.session is not session:
            return
        if not self.is_current:
            # Covered (interview mode, a dialog, an import): redraw once when shown again,
            # not after every note filed on the screen above.
            self._stale = True
            return
        if self.template is not self._drawn_template:  # a template upgrade
            self._build()
        states = session.item_states()
        self.items.mark(self.audit, states)
        self._show_counts(states)
        self._show_observations(select_id=self._select_next, keep=True)
        self._select_next = None
        self.assessment.sync()
        if self.kpi.display:
            self.kpi.sync()

    _select_next: str | None = None
    _drawn_template: Template | None = None
    _stale = False

    def on_screen_resume(self) -> None:
        if self._stale and self.is_open:
            self._stale = False
            self._audit_changed(self.session)

    @work(thread=True, exclusive=True, group="library")
    def _read_library(self) -> None:
        """Read the templates on offer off the UI thread, then offer a newer version."""
        self.granska.library  # noqa: B018 - loads and keeps it
        self.app.call_from_thread(self._show_template_notice)

    def _newer_template(self):
        """The offered template when it is newer than the audit's copy, else None."""
        if not self.granska.library_loaded or self.granska.session is None:
            return None
        meta = self.audit.meta
        newest = self.granska.library.get(meta.template_id)
        if newest is not None and newest.version > meta.template_version:
            return newest
        return None

    def _show_template_notice(self) -> None:
        if not self.is_open:
            return  # the audit was closed before the templates were read
        notice = self.query_one("#template-notice", Static)
        newer = None if self.audit.read_only else self._newer_template()
        notice.update(t("template_newer", version=newer.version) if newer else "")
        notice.display = newer is not None

    # -- routing the widgets' messages --------------------------------------------------

    @on(ItemTree.ItemHighlighted)
    def _item_highlighted(self, event: ItemTree.ItemHighlighted) -> None:
        if not self.is_open:
            return  # a message that arrived after the audit was closed
        self.item = self._item(event.item_id)

    @on(ItemTree.ItemChosen)
    def _item_chosen(self, event: ItemTree.ItemChosen) -> None:
        if self.observations.display and self.observations.count:
            self.observations.focus()
        else:
            self.action_assess()

    @on(ObservationList.EditRequested)
    async def _edit_requested(self, event: ObservationList.EditRequested) -> None:
        if self.item is not None and not self.audit.read_only:
            await self._open_editor(event.observation)

    @on(ObservationList.DeleteRequested)
    def _delete_requested(self, event: ObservationList.DeleteRequested) -> None:
        from tui.screens.confirm import ConfirmScreen, delete_observation_question

        obs = event.observation
        if self.audit.read_only:
            return

        def answer(ok: bool | None) -> None:
            if ok:
                self.audit.delete(obs)

        self.app.push_screen(ConfirmScreen(delete_observation_question(obs.text)), answer)

    @on(ObservationList.FactCheckRequested)
    def _factcheck_requested(self, event: ObservationList.FactCheckRequested) -> None:
        from tui.dialogs.factcheck import FactCheckDialog

        if not self.audit.read_only:
            self.app.push_screen(FactCheckDialog(self.audit, event.observation))

    @on(NoteEditor.Closed)
    def _note_closed(self, event: NoteEditor.Closed) -> None:
        # On the list, not the screen: a class on the screen restyles every widget
        # (70 ms at 120x40), a class on the list restyles the list.
        self.observations.remove_class("-beside-editor")
        if self.note_editor is not None and not self.note_editor.is_open:
            self.note_editor.display = False
        self.assessment.display = True
        if event.observation_id is not None:
            if self.session.announcing:
                self._select_next = event.observation_id  # the redraw will highlight it
            else:
                self.observations.select(event.observation_id)
        if self.observations.display:
            self.observations.focus()
        else:
            self.items.focus()

    # -- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.granska.session is None:
            return True
        if action in EDIT_ACTIONS and self.audit.read_only:
            return False
        if action in LETTER_ACTIONS:
            focused = self.focused
            if isinstance(focused, ObservationList):
                if action not in LIST_LETTERS:
                    return False
            elif not isinstance(focused, ItemTree) and focused is not None:
                return False
        if action == "upgrade_template":
            return self._newer_template() is not None
        if action == "add_observation":
            return (
                self.item is not None
                and self.item.kind != "analysis"
                and not self.is_area(self.item)
            )
        return True

    def action_leave(self) -> None:
        """Esc: leave the field for the tree; from the tree, leave the audit."""
        if isinstance(self.focused, ItemTree) or self.focused is None:
            self.action_home()
        else:
            self.items.focus()

    def action_home(self) -> None:
        """Close the audit and go back to the list."""
        self.granska.save_all_fields()
        self.granska.ui_state.write()
        if self.granska.close_session():
            self.app.pop_screen()

    def _move(self, step: int) -> None:
        if self.writing and self.note_editor is not None and not self.note_editor.close():
            return  # its new source's date is refused: said there, put right first
        ids = self.items.item_ids
        if self.item is None or not ids:
            return
        index = ids.index(self.item.id) if self.item.id in ids else -1
        target = ids[max(0, min(len(ids) - 1, index + step))]
        self.item = self._item(target)
        self.items.select_item(target)

    def action_next_item(self) -> None:
        """The next question, from anywhere."""
        self._move(+1)

    def action_previous_item(self) -> None:
        """The previous question, from anywhere."""
        self._move(-1)

    def action_jump(self) -> None:
        """Go to a question by number or by part of its text."""
        from tui.dialogs.jump import JumpDialog

        entries = [(i.id, self.items.number(i.id), i.text) for i in self.template.items()]

        def go(item_id: str | None) -> None:
            if item_id:
                if self.writing and self.note_editor is not None and not self.note_editor.close():
                    return
                self.item = self._item(item_id)
                self.items.select_item(item_id)

        self.app.push_screen(JumpDialog(entries), go)

    def action_search(self) -> None:
        """Search the whole audit; Enter on a result goes to its item (and observation)."""
        from tui.dialogs.search import SearchDialog

        self.app.push_screen(SearchDialog(self.session.search_index()), self.show_result)

    def show_result(self, result: SearchResult | None) -> None:
        """Go to where a search result is: its item, and there the observation it is."""
        if result is None:
            return
        item = self._item(result.item_id) if result.item_id else None
        if item is None:
            if result.kind == "recommendation":
                self.action_recommendations()
            else:
                self.notify(t("search_no_item"))
            return
        if self.writing and self.note_editor is not None:
            self.note_editor.action_close()
        self.item = item
        self.items.select_item(item.id)
        if result.kind == "observation" and self.observations.display:
            self.observations.select(result.record_id)
            self.observations.focus()
        else:
            self.items.focus()

    def action_focus_tree(self) -> None:
        """Move focus to the question tree."""
        self.items.focus()

    def action_guidance(self) -> None:
        """Open or close the guidance of the item."""
        self.query_one(ItemDetail).toggle_guidance()

    async def action_add_observation(self) -> None:
        """Write a new observation on the selected question."""
        if self.item is not None and not self.audit.read_only:
            await self._open_editor(None)

    async def _open_editor(self, observation: Observation | None) -> None:
        assert self.item is not None
        editor = self.note_editor
        if editor is None:
            editor = NoteEditor(self.audit, self.granska.ui_state, id="note-editor")
            await self.query_one("#detail").mount(editor)
        self.assessment.save_now()
        self.assessment.display = False
        self.observations.add_class("-beside-editor")
        editor.open(self.item, observation, self.items.number(self.item.id))

    def action_interview(self) -> None:
        """Start an interview (tui/screens/interview.py) on the selected question."""
        from tui.dialogs.start_interview import StartInterviewDialog

        def chosen(source_id: str | None) -> None:
            if source_id:
                self.action_start_interview_with(source_id)

        self.granska.save_all_fields()
        self.app.push_screen(StartInterviewDialog(self.audit), chosen)

    def action_start_interview_with(self, source_id: str) -> None:
        """Interview mode with this interview as the source, on the selected question;
        back here on the question the interview ended on."""
        from tui.screens.interview import InterviewScreen

        def ended(item_id: str | None) -> None:
            if item_id and self._item(item_id) is not None:
                self.item = self._item(item_id)
                self.items.select_item(item_id)
            self.items.focus()

        self.granska.save_all_fields()
        start = self.item.id if self.item is not None else None
        self.app.push_screen(InterviewScreen(source_id, start), ended)

    def action_inbox(self) -> None:
        """Sort the notes filed without a question (tui/dialogs/inbox.py)."""
        from tui.dialogs.inbox import InboxDialog

        self.app.push_screen(InboxDialog(self.audit))

    def action_assess(self) -> None:
        """Move to the assessment of the selected item (the text, for an analysis)."""
        self.assessment.focus_value()
