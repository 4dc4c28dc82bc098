"""Writing one observation under the question it belongs to, citing its source; saved as typed.

The editor is a pane of the audit screen, not a dialog over it: the question and
its guidance stay in view above it, even at 80x24. While a note is being typed it
is stored marked unfinished; closing the editor (Esc) clears the mark, so a note
cut off by a crash comes back saying so.

A new source's date is today unless changed, and is checked when the source is
created (`store.sources.check_date`): a bad date is said next to the field and
the editor stays open until it is put right (or the new source's name cleared).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select

from checklists import Item
from store import Audit, Observation, StoreError
from store.sources import today
from tui.errors import describe
from tui.i18n import N_, t
from tui.safe_text import plain
from tui.ui_state import UiState
from tui.widgets.autosave import AutosaveTextArea

NEW_INTERVIEW = "__new_interview__"
NEW_DOCUMENT = "__new_document__"


class NoteEditor(Vertical):
    """Edits an observation's text and source; posts `Closed` with its id when done."""

    DEFAULT_CSS = """
    NoteEditor {
        height: 1fr;
        min-height: 6;
        max-height: 16;
        border: round $accent;
        border-subtitle-color: $text-muted;
        border-title-color: $accent;
        border-title-style: bold;
        padding: 0 1;
    }
    NoteEditor #obs-text {
        height: 1fr;
        min-height: 1;
        background: $boost;
    }
    NoteEditor #source-row, NoteEditor #new-source {
        height: 1;
    }
    NoteEditor #source-label {
        width: auto;
        margin-right: 2;
        color: $text-muted;
    }
    NoteEditor #source {
        width: 1fr;
    }
    NoteEditor #source SelectCurrent, NoteEditor #new-source Input {
        background: $boost;
    }
    NoteEditor #source-name {
        width: 1fr;
        min-width: 8;
    }
    NoteEditor #source-date {
        /* the placeholder "Datum (ÅÅÅÅ-MM-DD)" whole, and the cursor */
        width: 20;
        margin-left: 1;
    }
    NoteEditor.-narrow #source-date {
        width: 12;
    }
    NoteEditor #source-error {
        display: none;
        width: 1fr;
        height: auto;
        color: $error;
    }
    """

    BINDINGS = [Binding("escape", "close", N_("close_note"), id="audit.close_note")]

    @dataclass
    class Closed(Message):
        """The editor closed; the observation filed (None when it was left empty)."""

        item_id: str
        observation_id: str | None

    def __init__(self, audit: Audit, ui_state: UiState, **kwargs) -> None:
        super().__init__(**kwargs)
        self.audit = audit
        self.ui_state = ui_state
        self.item: Item | None = None
        self.observation: Observation | None = None

    def compose(self) -> ComposeResult:
        yield AutosaveTextArea("", id="obs-text", save=self._save_text, compact=True)
        with Horizontal(id="source-row"):
            yield Label(t("source"), id="source-label")
            yield Select([], prompt=t("no_source"), id="source", compact=True)
        with Horizontal(id="new-source"):
            yield Input(id="source-name", placeholder=t("role"), compact=True)
            yield Input(
                id="source-date",
                placeholder=t("date"),
                max_length=10,
                restrict=r"[0-9-]*",
                compact=True,
            )
        yield Label("", id="source-error")

    @property
    def text_area(self) -> AutosaveTextArea:
        return self.query_one("#obs-text", AutosaveTextArea)

    @property
    def source_select(self) -> Select[str]:
        return self.query_one("#source", Select)

    def open(self, item: Item, observation: Observation | None, number: str = "") -> None:
        """Start writing a new note on an item, or edit one."""
        self.item = item
        self.observation = observation
        self.border_title = (
            f"{t('observation')} – {number}".strip(" –") if number else t("observation")
        )
        with self.prevent(Select.Changed):
            self.source_select.set_options(self._source_options())
            self.source_select.value = self._initial_source()
        self.border_subtitle = t("note_hint")
        self.text_area.reset(observation.text if observation else "")
        self._show_new_source_fields()
        self.display = True
        self.text_area.focus()

    # -- source -------------------------------------------------------------------

    def _source_options(self) -> list[tuple[str | Text, str]]:
        options: list[tuple[str | Text, str]] = [
            (plain(f"{t(s.kind)}: {s.label()}"), s.id) for s in self.audit.sources()
        ]
        return options + [(t("new_interview"), NEW_INTERVIEW), (t("new_document"), NEW_DOCUMENT)]

    def _initial_source(self) -> str:
        if self.observation is not None:
            return self.observation.source_ids[0] if self.observation.source_ids else NEW_INTERVIEW
        last = self.ui_state.get(self.audit.meta.id, "last_source")
        known = {s.id for s in self.audit.sources()}
        return last if last in known else NEW_INTERVIEW

    def on_resize(self) -> None:
        # Narrow (60x15): the date keeps only its format as placeholder, the name the rest.
        narrow = self.size.width < 44
        self.set_class(narrow, "-narrow")
        self.date_input.placeholder = t("date_format" if narrow else "date")

    @property
    def date_input(self) -> Input:
        """The new source's date (today unless changed)."""
        return self.query_one("#source-date", Input)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#source-error", Label)
        error.update(message)
        error.display = bool(message)

    def _show_new_source_fields(self) -> None:
        value = self.source_select.value
        self.query_one("#new-source").display = value in (NEW_INTERVIEW, NEW_DOCUMENT)
        if not self.date_input.value:
            self.date_input.value = today()
        self._show_error("")
        self.query_one("#source-name", Input).placeholder = t(
            "doc_title" if value == NEW_DOCUMENT else "role"
        )

    @on(Select.Changed, "#source")
    def _source_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_new_source_fields()
        if self.observation is not None:
            self._persist()

    @on(Input.Submitted)
    def _source_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "source-name":
            self.date_input.focus()
        elif self._create_source() is not False:
            self.text_area.focus()

    @on(Input.Changed, "#source-date")
    def _date_changed(self) -> None:
        self._show_error("")

    def _create_source(self) -> str | None | bool:
        """Create the source typed in the new-source fields; returns its id, None when
        none is typed, False when its date is refused (said next to the field)."""
        kind = {NEW_INTERVIEW: "interview", NEW_DOCUMENT: "document"}.get(
            str(self.source_select.value)
        )
        name = self.query_one("#source-name", Input).value.strip()
        if kind is None or not name:
            return None
        date = self.date_input.value.strip()
        try:
            source = (
                self.audit.add_source("interview", role=name, date=date)
                if kind == "interview"
                else self.audit.add_source("document", title=name, date=date)
            )
        except StoreError as exc:
            self._show_error(describe(exc))
            self.date_input.focus()
            return False
        with self.prevent(Select.Changed):
            self.source_select.set_options(self._source_options())
            self.source_select.value = source.id
        self.query_one("#source-name", Input).value = ""
        self.date_input.value = ""
        self._show_new_source_fields()
        if self.observation is not None:
            self._persist()
        return source.id

    def _chosen_sources(self) -> tuple[str, ...]:
        value = self.source_select.value
        if isinstance(value, str) and value not in (NEW_INTERVIEW, NEW_DOCUMENT):
            return (value,)
        return ()

    # -- saving --------------------------------------------------------------------

    def _save_text(self, text: str) -> None:
        self._persist(text)

    def _persist(self, text: str | None = None, *, finished: bool = False) -> None:
        """Save the text and source. An empty field never empties a saved note: undo
        (Ctrl+Z) or a select-all slip must not turn a note into nothing; `d` deletes."""
        if self.item is None or self.audit.read_only:
            return
        if text is None:
            text = self.text_area.text
        sources = self._chosen_sources()
        if sources:
            self.ui_state.set(self.audit.meta.id, "last_source", sources[0])
        if self.observation is None:
            if not text.strip():
                return
            self.observation = self.audit.save(
                Observation(
                    item_id=self.item.id,
                    text=text,
                    source_ids=sources,
                    unfinished=not finished,
                )
            )
            return
        if text.strip():
            self.observation.text = text
        self.observation.source_ids = sources
        self.observation.unfinished = not finished
        self.observation = self.audit.save(self.observation)

    def save_now(self) -> None:
        """Save what is typed (still unfinished): used on quit, hang-up and suspend."""
        self.text_area.save_now()

    def action_close(self) -> None:
        """File the note and close (Esc)."""
        self.close()

    def close(self) -> bool:
        """File the note and close; False (and still open) while a new source's date
        is refused. A note left empty that was never saved is not created; one that
        was saved keeps its last text (deleting is `d`, after asking)."""
        if self.item is None:
            return True
        self.text_area.save_now()  # the text is safe whatever the source's date
        if self._create_source() is False:
            return False
        self._persist(self.text_area.text, finished=True)
        observation = self.observation
        if observation is not None and not self.text_area.text.strip():
            self.app.notify(t("note_kept"), timeout=8)
        # The screen hides the pane when it hears `Closed`, together with what it
        # shows instead: one layout pass for the whole change, not two.
        self.post_message(self.Closed(self.item.id, observation.id if observation else None))
        self.item, self.observation = None, None
        return True

    @property
    def is_open(self) -> bool:
        """Whether a note is being written (between `open` and `close`)."""
        return self.item is not None
