"""Writing one observation and citing its source; saved as typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from checklists import Item
from store import Audit, Observation
from tui.i18n import N_, t
from tui.safe_text import plain
from tui.widgets.autosave import AutosaveTextArea
from tui.widgets.status import SaveStatus

NEW_INTERVIEW = "__new_interview__"
NEW_DOCUMENT = "__new_document__"

if TYPE_CHECKING:
    from tui.app import GranskaApp


class ObservationScreen(ModalScreen[str | None]):
    """Edits an observation's text and source; dismisses with its id (None if none is left)."""

    BINDINGS = [Binding("escape", "close", N_("close"))]

    @property
    def granska(self) -> GranskaApp:
        """The app, typed (as Posting's `cast("Posting", self.app)`)."""
        return cast("GranskaApp", self.app)

    def __init__(self, audit: Audit, item: Item, observation: Observation | None):
        super().__init__()
        self.audit = audit
        self.item = item
        self.observation = observation

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="observation"):
            yield Label(plain(f"{t('observation')} – {self.item.text}"), classes="dialog-title")
            yield AutosaveTextArea(
                self.observation.text if self.observation else "",
                id="obs-text",
                save=self._save_text,
            )
            yield Label(t("source"))
            yield Select(
                self._source_options(),
                prompt=t("no_source"),
                id="source",
                value=self._initial_source(),
            )
            with Horizontal(id="new-source"):
                yield Input(id="source-name", placeholder=t("role"))
                yield Input(
                    id="source-date", placeholder=t("date"), max_length=10, restrict=r"[0-9-]*"
                )
            yield Label(t("autosave_hint"), classes="hint")
            yield SaveStatus(id="status")

    def _source_options(self) -> list[tuple[str | Text, str]]:
        options = [(plain(f"{t(s.kind)}: {s.label()}"), s.id) for s in self.audit.sources()]
        return options + [(t("new_interview"), NEW_INTERVIEW), (t("new_document"), NEW_DOCUMENT)]

    def _initial_source(self) -> str:
        if self.observation and self.observation.source_ids:
            return self.observation.source_ids[0]
        last = getattr(self.app, "last_source_id", None)
        known = {s.id for s in self.audit.sources()}
        return last if last in known else NEW_INTERVIEW

    def on_mount(self) -> None:
        self._show_new_source_fields()
        self.query_one("#obs-text").focus()

    # -- source -------------------------------------------------------------------

    def _show_new_source_fields(self) -> None:
        value = self.query_one("#source", Select).value
        fields = self.query_one("#new-source")
        fields.display = value in (NEW_INTERVIEW, NEW_DOCUMENT)
        self.query_one("#source-name", Input).placeholder = t(
            "doc_title" if value == NEW_DOCUMENT else "role"
        )

    @on(Select.Changed, "#source")
    def _source_changed(self) -> None:
        self._show_new_source_fields()
        self._persist()

    @on(Input.Submitted)
    def _source_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "source-name":
            self.query_one("#source-date", Input).focus()
        else:
            self._create_source()
            self.query_one("#obs-text").focus()

    def _create_source(self) -> str | None:
        """Create the source typed in the new-source fields; returns its id."""
        select = self.query_one("#source", Select)
        kind = {NEW_INTERVIEW: "interview", NEW_DOCUMENT: "document"}.get(str(select.value))
        name = self.query_one("#source-name", Input).value.strip()
        if kind is None or not name:
            return None
        date = self.query_one("#source-date", Input).value.strip()
        source = (
            self.audit.add_source("interview", role=name, date=date)
            if kind == "interview"
            else self.audit.add_source("document", title=name, date=date)
        )
        with self.prevent(Select.Changed):
            select.set_options(self._source_options())
            select.value = source.id
        self.query_one("#source-name", Input).value = ""
        self.query_one("#source-date", Input).value = ""
        self._show_new_source_fields()
        self._persist()
        return source.id

    def _chosen_sources(self) -> tuple[str, ...]:
        value = self.query_one("#source", Select).value
        if isinstance(value, str) and value not in (NEW_INTERVIEW, NEW_DOCUMENT):
            return (value,)
        return ()

    # -- saving --------------------------------------------------------------------

    def _save_text(self, text: str) -> None:
        self._persist(text)

    def _persist(self, text: str | None = None) -> None:
        """Save the text and source. An empty field never empties a saved note: undo
        (Ctrl+Z) or a select-all slip must not turn a note into nothing; `d` deletes."""
        if text is None:
            text = self.query_one("#obs-text", AutosaveTextArea).text
        sources = self._chosen_sources()
        if sources:
            self.granska.last_source_id = sources[0]
        if self.observation is None:
            if not text.strip():
                return
            self.observation = self.audit.add_observation(self.item.id, text, sources)
            return
        if text.strip():
            self.observation.text = text
        self.observation.source_ids = sources
        self.observation = self.audit.save(self.observation)

    def action_close(self) -> None:
        """Save and close. A note left empty that was never saved is not created; one
        that was saved keeps its last text (deleting a note is `d`, after asking)."""
        self._create_source()
        area = self.query_one("#obs-text", AutosaveTextArea)
        area.save_now()
        self._persist(area.text)
        if self.observation is not None and not area.text.strip():
            self.app.notify(t("note_kept"), timeout=8)
        self.dismiss(self.observation.id if self.observation else None)
