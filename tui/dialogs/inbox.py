"""The inbox: notes filed without a question during an interview, sorted afterwards.

A dialog over the audit screen rather than an entry in the item tree: the tree
shows template items with their states and numbers, and an inbox row would be
a special case in its building, marking, numbering and cursor (which skips
non-items), for a list that is empty most of the time. Here `m` moves the
highlighted note to a question (the jump dialog: number or text), `d` deletes
it after asking; the list is the line-API observation list, with each note's
source under it.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from checklists.numbering import item_numbers
from store import Audit, Observation, StoreError
from tui.errors import describe
from tui.i18n import N_, t
from tui.widgets.interview_notes import InterviewNotes
from tui.widgets.observations import ObservationList


class InboxDialog(ModalScreen[None]):
    """The inbox's notes; m moves one to a question, d deletes it, Esc closes."""

    DEFAULT_CSS = """
    InboxDialog #inbox {
        width: 90;
        height: 80%;
    }
    InboxDialog InterviewNotes {
        height: 1fr;
    }
    """

    BINDINGS = [Binding("escape", "close", N_("close"), id="inbox.close")]

    def __init__(self, audit: Audit) -> None:
        super().__init__()
        self.audit = audit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="inbox"):
            yield Label(t("inbox_title"), classes="dialog-title")
            yield InterviewNotes(id="inbox-notes")
            yield Label(t("inbox_hint"), classes="hint")

    @property
    def notes(self) -> InterviewNotes:
        return self.query_one(InterviewNotes)

    def on_mount(self) -> None:
        self.notes.empty_text = t("inbox_empty")
        self._fill()
        self.notes.focus()

    def _fill(self) -> None:
        sources = {s.id: f"{t(s.kind)}: {s.label()}" for s in self.audit.sources()}
        self.notes.show(self.audit.inbox(), sources, keep_cursor=self.notes.cursor >= 0)

    @on(InterviewNotes.MoveRequested)
    def _move(self, event: InterviewNotes.MoveRequested) -> None:
        event.stop()
        if not self.audit.read_only:
            self._ask_move(event.observation)

    @work
    async def _ask_move(self, obs: Observation) -> None:
        from tui.dialogs.jump import JumpDialog

        numbers = item_numbers(self.audit.template)
        entries = [
            (i.id, numbers.get(i.id, ""), i.text)
            for i in self.audit.template.items()
            if i.kind != "analysis"
        ]
        target = await self.app.push_screen_wait(JumpDialog(entries))
        if not target:
            return
        try:
            self.audit.move_observation(obs.id, target)
        except StoreError as exc:
            self.notify(describe(exc), severity="error")
        self._fill()

    @on(ObservationList.EditRequested)
    def _edit(self, event: ObservationList.EditRequested) -> None:
        event.stop()  # Enter moves, as m: an inbox note is edited once it is on a question
        if not self.audit.read_only:
            self._ask_move(event.observation)

    @on(ObservationList.DeleteRequested)
    def _delete(self, event: ObservationList.DeleteRequested) -> None:
        event.stop()
        if not self.audit.read_only:
            self._ask_delete(event.observation)

    @work
    async def _ask_delete(self, obs: Observation) -> None:
        from tui.screens.confirm import ConfirmScreen, delete_observation_question

        question = delete_observation_question(obs.text)
        if await self.app.push_screen_wait(ConfirmScreen(question)):
            self.audit.delete(obs)
            self._fill()

    def action_close(self) -> None:
        """Back to the audit."""
        self.dismiss(None)
