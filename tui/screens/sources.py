"""The source register: every interview held and document studied, with how often each is cited.

Reached with `c` from the audit screen or from the command palette. Keys: `n` a
new interview, `o` a new document, Enter edits (a form), `j` joins the source
with another copy of it, `d` deletes a source no observation cites, `a` attaches
a file to a document (copied into the evidence folder with its checksum), `v`
opens it with the system's viewer after checking the checksum, Esc back.

The table follows the session's one announcement of a change (`changed`): an
edit in the form, a join, a delete, or a colleague's copy merged in all redraw
it the same way; nothing here refreshes by hand.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from store import Source, StoreError
from tui.errors import describe
from tui.i18n import N_, t, tn
from tui.screens.base import GranskaScreen
from tui.session import AuditSession
from tui.widgets.footer import KeysFooter
from tui.widgets.source_table import SourceTable
from tui.widgets.status import SaveStatus

EDIT_ACTIONS = {"new_interview", "new_document", "join", "delete", "attach"}


class SourcesScreen(GranskaScreen[str | None]):
    """Lists, adds, edits, joins and deletes the audit's sources.

    Dismissed with an interview's id when the auditor starts interview mode with
    it (`i`), else with None.
    """

    BINDINGS = [
        Binding("escape", "back", N_("back"), id="sources.back"),
        Binding("n", "new_interview", N_("source_new_interview"), id="sources.new_interview"),
        Binding("o", "new_document", N_("source_new_document"), id="sources.new_document"),
        Binding("j", "join", N_("sources_join"), id="sources.join"),
        Binding(
            "i", "start_interview", N_("sources_start_interview"), id="sources.start_interview"
        ),
        Binding("d,delete", "delete", N_("delete"), id="sources.delete"),
        Binding("a", "attach", N_("sources_attach"), id="sources.attach"),
        Binding("v", "open_evidence", N_("sources_open_evidence"), id="sources.open_evidence"),
    ]

    DEFAULT_CSS = """
    SourcesScreen #sources-empty {
        padding: 1 2;
        color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("sources_title"), classes="screen-title")
        yield SourceTable(id="sources")
        yield Static(t("sources_empty"), id="sources-empty")
        yield SaveStatus(id="status")
        yield KeysFooter()

    @property
    def table(self) -> SourceTable:
        return self.query_one(SourceTable)

    def on_mount(self) -> None:
        self._draw()
        if self.session.changed is not None:
            self.session.changed.subscribe(self, self._audit_changed)
        self.table.focus()

    def _audit_changed(self, session: AuditSession) -> None:
        """The one refresh path: whatever changed the audit, redraw the register."""
        if self.granska.session is session and self.is_attached:
            self._draw()

    def _draw(self, select_id: str | None = None) -> None:
        sources = self.audit.sources()
        self.table.show(sources, self.audit.source_usage(), select_id)
        self.table.display = bool(sources)
        self.query_one("#sources-empty").display = not sources
        counts = tn("sources_count", len(sources))
        self.query_one(SaveStatus).set_context(f"{self.audit.meta.title} · {counts}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.granska.session is None:
            return True
        if action in EDIT_ACTIONS and self.audit.read_only:
            return False
        if action in ("join", "delete") and self.table.selected is None:
            return False
        if action == "attach":
            selected = self.table.selected
            return selected is not None and selected.kind == "document"
        if action == "open_evidence":
            selected = self.table.selected
            return selected is not None and bool(selected.evidence)
        if action == "start_interview":
            selected = self.table.selected
            return (
                selected is not None and selected.kind == "interview" and not self.audit.read_only
            )
        return True

    # -- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the audit."""
        self.dismiss(None)

    def action_start_interview(self) -> None:
        """Interview mode with the selected interview as the source of every note."""
        selected = self.table.selected
        if selected is not None and selected.kind == "interview":
            self.dismiss(selected.id)

    def action_new_interview(self) -> None:
        """Add an interview (role, unit, date, who was present, names)."""
        self._open_form("interview", None)

    def action_new_document(self) -> None:
        """Add a document (title, date or year, reference)."""
        self._open_form("document", None)

    @on(SourceTable.EditRequested)
    def _edit_requested(self, event: SourceTable.EditRequested) -> None:
        source = next((s for s in self.table.sources if s.id == event.source_id), None)
        if source is not None:
            self._open_form(source.kind, source)

    def _open_form(self, kind: str, source: Source | None) -> None:
        from tui.dialogs.source_form import SourceForm

        if self.audit.read_only:
            return

        def saved(source_id: str | None) -> None:
            if source_id:
                self._draw(select_id=source_id)  # the announcement redraws too; this aims

        self.app.push_screen(SourceForm(self.audit, kind, source), saved)

    @work(exclusive=True, group="sources-join")
    async def action_join(self) -> None:
        """Join the selected source with another copy of it; choose which one stays."""
        from tui.dialogs.join_sources import KeepSourceDialog, PickCopyDialog

        source = self.table.selected
        if source is None:
            return
        usage = self.audit.source_usage()
        others = [s for s in self.table.sources if s.kind == source.kind and s.id != source.id]
        if not others:
            self.notify(t("join_none", kind=t(source.kind)), severity="warning")
            return
        other_id = await self.app.push_screen_wait(PickCopyDialog(source, others, usage))
        other = next((s for s in others if s.id == other_id), None)
        if other is None:
            return
        keep_id = await self.app.push_screen_wait(KeepSourceDialog(source, other, usage))
        if keep_id is None:
            return
        duplicate_id = other.id if keep_id == source.id else source.id
        try:
            moved = self.audit.merge_sources(keep_id, duplicate_id)
        except StoreError as exc:
            self.notify(describe(exc), severity="error")
            return
        kept = self.audit.get(Source, keep_id)
        self._draw(select_id=keep_id)
        self.notify(tn("join_done", moved, source=kept.label() if kept else ""))

    @work(exclusive=True, group="sources-delete")
    async def action_delete(self) -> None:
        """Delete the selected source, after asking; one that is cited is explained, kept."""
        from tui.screens.confirm import ConfirmScreen

        source = self.table.selected
        if source is None:
            return
        count = self.audit.source_usage().get(source.id, 0)
        if count:
            self.notify(tn("source_in_use", count), severity="warning", timeout=8)
            return
        question = f"{t('confirm_delete_source')}\n\n{t(source.kind)}: {source.label()}"
        if not await self.app.push_screen_wait(ConfirmScreen(question)):
            return
        try:
            self.audit.delete_source(source.id)
        except StoreError as exc:
            self.notify(describe(exc), severity="error")

    def action_attach(self) -> None:
        """Attach a file to the selected document (a path field; ~ is expanded)."""
        from tui.dialogs.attach import AttachDialog

        source = self.table.selected
        if source is None or source.kind != "document" or self.audit.read_only:
            return

        def attached(source_id: str | None) -> None:
            if source_id:
                self._draw(select_id=source_id)
                done = self.audit.get(Source, source_id)
                self.notify(t("attach_done", name=done.evidence_name if done else ""))

        self.app.push_screen(AttachDialog(self.audit, source), attached)

    def action_open_evidence(self) -> None:
        """Open the selected document's file with the system's viewer, its checksum checked."""
        source = self.table.selected
        if source is not None and source.evidence:
            self._open_evidence(source.id)

    @work(thread=True, exclusive=True, group="sources-open-evidence")
    def _open_evidence(self, source_id: str) -> None:
        from tui import viewer

        try:
            path = self.audit.evidence_path(source_id)
            started = viewer.open_file(path)
        except (StoreError, OSError) as exc:
            self.app.call_from_thread(self.notify, describe(exc), severity="error", timeout=8)
            return
        if started:
            self.app.call_from_thread(self.notify, t("evidence_opened", name=path.name))
        else:
            self.app.call_from_thread(
                self.notify, t("evidence_no_viewer", path=str(path)), severity="warning", timeout=10
            )
