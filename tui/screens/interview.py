"""Interview mode: the question in view, a large note field, Enter files, the next question.

The auditor types while the interviewee talks. Enter files the note as an
observation on the question shown, citing the interview, and the field clears
only once the note is on disk (the journal line written and fsynced: a flush on
the UI thread, well under a millisecond on a laptop disk, see bench/). A note
being typed is saved as it is typed, marked unfinished, like the audit
screen's notes, so quitting or a crash mid-sentence loses nothing.

Keys, also inside the field: Ctrl+↓ / Alt+N next question, Ctrl+↑ / Alt+P
previous, Ctrl+G go to a question by number or text, Ctrl+B file to the inbox,
F2 guidance, Tab to this interview's notes (Enter edits, m moves, d deletes),
Ctrl+O or Esc ends the interview with a summary.
"""

from __future__ import annotations

import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Collapsible, Static

from checklists import Item
from checklists.numbering import item_numbers
from store import Observation, StoreError
from store.inbox import INBOX
from tui.errors import describe
from tui.i18n import N_, t, tn
from tui.safe_text import plain, shown
from tui.screens.base import GranskaScreen
from tui.session import AuditSession
from tui.widgets.footer import KeysFooter
from tui.widgets.interview_notes import InterviewNotes
from tui.widgets.item_detail import facts_text, guidance_text
from tui.widgets.note_field import NoteField
from tui.widgets.observations import ObservationList
from tui.widgets.status import SaveStatus

INBOX_CHOICE = "inbox:"  # the jump dialog's entry for the inbox (an option id must be text)


class InterviewScreen(GranskaScreen[str | None]):
    """One interview: notes filed on the question shown, citing the interview source.

    Dismisses with the id of the last question shown, for the audit screen.
    """

    BINDINGS = [
        Binding("ctrl+o", "end", N_("interview_end"), priority=True, id="interview.end"),
        Binding(
            "ctrl+down,alt+n", "next_item", N_("next_item"), priority=True, id="interview.next_item"
        ),
        Binding(
            "ctrl+up,alt+p",
            "previous_item",
            N_("previous_item"),
            priority=True,
            id="interview.previous_item",
        ),
        Binding("ctrl+g", "jump", N_("jump"), priority=True, id="interview.jump"),
        Binding("f2", "guidance", N_("guidance_toggle"), priority=True, id="interview.guidance"),
        Binding("escape", "escape", N_("interview_end"), show=False, id="interview.escape"),
    ]

    DEFAULT_CSS = """
    InterviewScreen #iv-head {
        height: 1;
        background: $panel;
        padding: 0 1;
    }
    InterviewScreen #iv-where {
        width: 1fr;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    InterviewScreen #iv-clock {
        width: auto;
        text-style: bold;
        margin-left: 1;
    }
    InterviewScreen #iv-question {
        height: auto;
        max-height: 2;
        padding: 0 1;
        text-style: bold;
    }
    InterviewScreen #iv-guidance {
        padding: 0;
        margin: 0;
        border: none;
        height: auto;
    }
    InterviewScreen #iv-guidance Contents {
        padding: 0 0 0 1;
        height: auto;
    }
    InterviewScreen #iv-guidance-scroll {
        height: auto;
        max-height: 4;
        scrollbar-size-vertical: 1;
    }
    InterviewScreen NoteField {
        height: 1fr;
        min-height: 8;
    }
    InterviewScreen NoteField:focus {
        border: round $accent;
    }
    InterviewScreen InterviewNotes {
        height: 1fr;
        min-height: 4;
    }
    """

    item: reactive[Item | None] = reactive(None, init=False)
    """The question notes are filed on; setting it shows it."""

    editing: reactive[Observation | None] = reactive(None, init=False)
    """A note of this interview opened from the list to be changed (None: a new note)."""

    def __init__(self, source_id: str, item_id: str | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        self.start_item_id = item_id
        self.started = time.monotonic()
        self.notes_filed: dict[str, Observation] = {}
        """This interview's notes by id, in the order they were filed. Read from the audit
        once, when the screen opens; after that only this screen changes the audit while it
        is shown, and it updates this with each record it saves, so a redraw after a note
        reads nothing (at 2,000 observations re-reading them cost more than the filing)."""
        self.draft: Observation | None = None
        """The new note as saved while it is typed (unfinished), until it is filed."""
        self._select_next: str | None = None

    # -- composing ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="iv-head"):
            yield Static("", id="iv-where")
            yield Static("", id="iv-clock")
        yield Static("", id="iv-question")
        with Collapsible(title=t("guidance"), id="iv-guidance", collapsed=False):
            with VerticalScroll(id="iv-guidance-scroll"):
                yield Static("", id="iv-guidance-text")
        yield NoteField("", save=self._save_draft, id="iv-note")
        yield InterviewNotes(id="iv-notes")
        yield SaveStatus(id="status")
        yield KeysFooter()

    @property
    def note_field(self) -> NoteField:
        return self.query_one(NoteField)

    @property
    def notes(self) -> InterviewNotes:
        return self.query_one(InterviewNotes)

    def on_mount(self) -> None:
        template = self.audit.template
        self.numbers = item_numbers(template)
        self.questions = [i for i in template.items() if i.kind != "analysis"]
        source = next((s for s in self.audit.sources() if s.id == self.source_id), None)
        self.source_label = source.label() if source is not None else ""
        self.query_one(SaveStatus).set_context(f"{t('interview_mode')}: {self.source_label}")
        # Notes already citing this interview (an interview resumed) are its notes too.
        self.notes_filed = {
            o.id: o for o in self.audit.observations() if self.source_id in o.source_ids
        }
        self.notes.label_of = self._label_of
        self.notes.empty_text = t("interview_no_notes")
        ids = [i.id for i in self.questions]
        start = self.start_item_id if self.start_item_id in ids else (ids[0] if ids else None)
        if start is not None:
            self.item = template.item(start)
        self._tick()
        self.set_interval(1.0, self._tick)
        self._show_notes()
        if self.session.changed is not None:
            self.session.changed.subscribe(self, self._audit_changed)
        self.note_field.focus()

    # -- drawing ------------------------------------------------------------------------

    @property
    def minutes(self) -> int:
        """Whole minutes since the interview began."""
        return int(time.monotonic() - self.started) // 60

    def _tick(self) -> None:
        minutes = self.minutes
        clock = self.query_one("#iv-clock", Static)
        clock.update(f"⏱ {minutes // 60}:{minutes % 60:02d}", layout=minutes >= 600)

    def watch_item(self, item: Item | None) -> None:
        if item is None:
            return
        number = self.numbers.get(item.id, "")
        position = [i.id for i in self.questions].index(item.id) + 1
        where = t(
            "interview_where", source=self.source_label, n=position, total=len(self.questions)
        )
        self.query_one("#iv-where", Static).update(plain(where))
        self.query_one("#iv-question", Static).update(plain(f"{number} {item.text}".strip()))
        guidance = guidance_text(self.audit.template, item)
        facts = facts_text(item)
        if facts and guidance:
            facts.append("\n\n")
        body = facts + guidance if facts else guidance
        self.query_one("#iv-guidance-text", Static).update(body)
        self.query_one("#iv-guidance").display = bool(body)
        self.query_one("#iv-guidance-scroll", VerticalScroll).scroll_home(animate=False)
        self._title_field()
        self.granska.ui_state.set(self.audit.meta.id, "last_item", item.id, write=False)

    def watch_editing(self) -> None:
        self._title_field()

    def _title_field(self) -> None:
        field = self.note_field
        if self.editing is not None:
            field.border_title = t("interview_editing", where=self._where(self.editing.item_id))
            field.border_subtitle = t("interview_editing_hint")
        else:
            number = self.numbers.get(self.item.id, "") if self.item else ""
            field.border_title = t("interview_note_on", number=number)
            field.border_subtitle = t("interview_note_hint")

    def _where(self, item_id: str) -> str:
        if item_id == INBOX:
            return t("inbox")
        return self.numbers.get(item_id, "") or item_id

    def _label_of(self, obs: Observation) -> str:
        if obs.item_id == INBOX:
            return t("inbox")
        item = self.audit.template.item(obs.item_id)
        text = item.text if item is not None else obs.item_id
        return shown(f"{self.numbers.get(obs.item_id, '')} {text}".strip())

    def _show_notes(self, select_id: str | None = None) -> None:
        """This interview's notes (not the one being typed), filed order."""
        listed = list(self.notes_filed.values())
        keep = select_id is None and self.notes.cursor >= 0
        self.notes.show(listed, {}, select_id=select_id, keep_cursor=keep)
        self.notes.border_title = tn("interview_notes_title", len(listed))

    def _audit_changed(self, session: AuditSession) -> None:
        """The one refresh path: a filed, moved or deleted note redraws the list."""
        if self.granska.session is not session or not self.is_attached:
            return
        self._show_notes(select_id=self._select_next)
        self._select_next = None

    # -- filing -----------------------------------------------------------------------------

    def _save_draft(self, text: str) -> None:
        """Autosave while typing: the note so far, marked unfinished (never emptied)."""
        if self.audit.read_only or not text.strip():
            return
        if self.editing is not None:
            self.editing.text = text
            self.editing = self.audit.save(self.editing)
            self.notes_filed[self.editing.id] = self.editing
            return
        if self.item is None:
            return
        record = self.draft or Observation(
            item_id=self.item.id, source_ids=(self.source_id,), unfinished=True
        )
        record.text = text
        self.draft = self.audit.save(record)

    @on(NoteField.Filed)
    def _filed(self, event: NoteField.Filed) -> None:
        event.stop()
        self.file_note(event.text, to_inbox=event.to_inbox)

    def file_note(self, text: str, *, to_inbox: bool = False) -> Observation | None:
        """File the note and clear the field once it is on disk; returns the note filed.

        On a save error the text stays in the field (the note is kept in memory and
        the writer keeps trying); Enter again files the same note, never a copy.
        """
        if self.audit.read_only or not text.strip() or self.item is None:
            return None
        record = self.editing or self.draft
        if record is None:
            record = Observation(source_ids=(self.source_id,))
        if self.editing is None or to_inbox:
            record.item_id = INBOX if to_inbox else self.item.id
        record.text, record.unfinished = text, False
        try:
            saved = self.audit.save(record)
        except StoreError as exc:
            self.notify(describe(exc), severity="error", timeout=10)
            return None
        if self.editing is not None:
            self.editing = saved
        else:
            self.draft = saved
        try:
            self.session.flush()  # on disk (journal written and fsynced) before the field clears
        except (StoreError, OSError) as exc:
            self.notify(t("interview_not_on_disk", error=describe(exc)), severity="error")
            return None
        self.notes_filed[saved.id] = saved
        self.draft, self.editing = None, None
        self.note_field.reset("")
        self._select_next = saved.id
        if to_inbox:
            self.notify(t("interview_to_inbox"), timeout=3)
        return saved

    # -- this interview's notes ------------------------------------------------------------

    @on(ObservationList.EditRequested)
    def _edit(self, event: ObservationList.EditRequested) -> None:
        event.stop()
        if self.audit.read_only:
            return
        field = self.note_field
        field.save_now()  # a note being typed is kept (unfinished) before another opens
        if self.draft is not None:  # listed with its mark, to be opened and filed later
            self.notes_filed.setdefault(self.draft.id, self.draft)
            self.draft = None
            self._show_notes()
        self.editing = event.observation
        field.reset(event.observation.text)
        field.focus()

    @on(InterviewNotes.MoveRequested)
    def _move(self, event: InterviewNotes.MoveRequested) -> None:
        event.stop()
        if not self.audit.read_only:
            self._ask_move(event.observation)

    @work
    async def _ask_move(self, obs: Observation) -> None:
        from tui.dialogs.jump import JumpDialog

        entries = [(INBOX_CHOICE, "0", t("inbox")), *self._entries()]
        target = await self.app.push_screen_wait(JumpDialog(entries))
        if not target:
            return
        try:
            moved = self.audit.move_observation(obs.id, INBOX if target == INBOX_CHOICE else target)
            self.notes_filed[moved.id] = moved
        except StoreError as exc:
            self.notify(describe(exc), severity="error")
            return
        self._select_next = moved.id
        if self.editing is not None and self.editing.id == moved.id:
            self.editing = moved

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
            if self.editing is not None and self.editing.id == obs.id:
                self.editing = None
                self.note_field.reset("")
            self.notes_filed.pop(obs.id, None)
            self.audit.delete(obs)

    # -- moving between questions ----------------------------------------------------------

    def _entries(self) -> list[tuple[str, str, str]]:
        return [(i.id, self.numbers.get(i.id, ""), i.text) for i in self.questions]

    def _go(self, item_id: str) -> None:
        item = self.audit.template.item(item_id)
        if item is not None:
            self.item = item

    def _step(self, step: int) -> None:
        ids = [i.id for i in self.questions]
        if self.item is None or not ids:
            return
        index = ids.index(self.item.id) if self.item.id in ids else 0
        self._go(ids[max(0, min(len(ids) - 1, index + step))])

    def action_next_item(self) -> None:
        """The next question; the field keeps what is typed."""
        self._step(+1)

    def action_previous_item(self) -> None:
        """The previous question; the field keeps what is typed."""
        self._step(-1)

    def action_jump(self) -> None:
        """Go to a question by number or by part of its text."""
        from tui.dialogs.jump import JumpDialog

        def go(item_id: str | None) -> None:
            if item_id:
                self._go(item_id)
            self.note_field.focus()

        self.app.push_screen(JumpDialog(self._entries()), go)

    def action_guidance(self) -> None:
        """Open or close the question's guidance."""
        guidance = self.query_one("#iv-guidance", Collapsible)
        guidance.collapsed = not guidance.collapsed

    # -- ending ---------------------------------------------------------------------------

    def action_escape(self) -> None:
        """Esc: stop editing a note; otherwise end the interview (after the summary)."""
        if self.editing is not None:
            self.note_field.save_now()
            self.editing = None
            self.note_field.reset("")
            self.note_field.focus()
        else:
            self.action_end()

    def action_end(self) -> None:
        """Show the summary; ending it returns to the audit on the last question."""
        self._end()

    @work(exclusive=True, group="interview-end")
    async def _end(self) -> None:
        from tui.dialogs.interview_summary import InterviewSummaryDialog, summarise

        self.note_field.save_now()
        if self.draft is not None:  # typed, not filed: kept, marked unfinished
            self.notes_filed.setdefault(self.draft.id, self.draft)
            self.draft = None
            self.note_field.reset("")
        notes = list(self.notes_filed.values())
        summary = summarise(self.questions, self.numbers, notes, self.minutes)
        title = t("interview_summary_title", source=self.source_label)
        if await self.app.push_screen_wait(InterviewSummaryDialog(summary, title)):
            self.granska.save_all_fields()
            self.dismiss(self.item.id if self.item is not None else None)
        else:
            self.note_field.focus()
