"""The home screen: the audits of the workspace, and starting a new one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store import (
    AuditLocked,
    CannotWrite,
    CorruptAudit,
    StoreError,
    create_audit,
    list_audits,
    recover_audit,
)
from store.workspace import AuditSummary
from tui.errors import describe
from tui.i18n import N_, t
from tui.safe_text import plain
from tui.widgets.status import SaveStatus

if TYPE_CHECKING:
    from tui.app import GranskaApp


class HomeScreen(Screen):
    """Lists the audits in the workspace; opens one or starts a new one."""

    BINDINGS = [
        Binding("enter", "open_audit", N_("open"), show=True),
        Binding("n", "new_audit", N_("new_audit")),
        Binding("f5", "refresh", N_("refresh")),
        Binding("q", "app.quit", N_("quit")),
    ]

    @property
    def granska(self) -> GranskaApp:
        """The app, typed (as Posting's `cast("Posting", self.app)`)."""
        return cast("GranskaApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("home_title"), id="home-title", classes="screen-title")
        yield DataTable(id="audits", cursor_type="row", zebra_stripes=True)
        yield Static("", id="home-empty")
        yield SaveStatus(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.app.sub_title = str(self.granska.workspace)
        self._audits: list[AuditSummary] = []
        self.query_one("#status", SaveStatus).set_context(
            f"{t('workspace')}: {self.granska.workspace}"
        )
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.app.sub_title = str(self.granska.workspace)
        self.action_refresh()

    def action_refresh(self) -> None:
        """Re-read the workspace in the background."""
        self._load()

    @work(thread=True, exclusive=True, group="home-list")
    def _load(self) -> None:
        try:
            audits = list_audits(self.granska.workspace) if self.granska.workspace.is_dir() else []
        except Exception as exc:  # noqa: BLE001 - the list must not take the app down
            self.app.call_from_thread(self.notify, describe(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._fill, audits)

    def on_resize(self) -> None:
        if getattr(self, "_audits", None):
            self._fill(self._audits)

    def _columns(self, width: int) -> list[tuple[str, int | None]]:
        """The columns that fit: the title takes what the others leave."""
        wide = width >= 110
        fixed: list[tuple[str, int | None]] = [("col_municipality", 14), ("col_committee", 14)]
        if wide:
            fixed.append(("col_template", 24))
        fixed += [("col_assessed", len(t("col_assessed"))), ("col_updated", 16)]
        used = sum(w or 0 for _, w in fixed) + 2 * (len(fixed) + 1)
        return [("col_title", max(16, width - used - 2))] + fixed

    def _fill(self, audits: list[AuditSummary]) -> None:
        self._audits = audits
        table = self.query_one("#audits", DataTable)
        selected = None
        if table.row_count and table.cursor_row >= 0:
            selected = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        table.clear(columns=True)
        columns = self._columns(self.size.width)
        for key, width in columns:
            table.add_column(t(key), key=key, width=width)
        names = [key for key, _ in columns]
        for s in audits:
            values = {
                "col_title": s.title if not s.error else Path(s.path).name,
                "col_municipality": s.municipality if not s.error else s.error,
                "col_committee": s.committee,
                "col_template": s.template,
                "col_assessed": f"{s.assessed}/{s.questions}" if not s.error else "",
                "col_updated": s.updated[:16].replace("T", " "),
            }
            # Titles and names come from files: shown as text, never as markup.
            table.add_row(*[plain(values[n]) for n in names], key=s.path)
        if selected is not None:
            for index, row_key in enumerate(table.rows):
                if row_key.value == selected:
                    table.move_cursor(row=index)
        empty = self.query_one("#home-empty", Static)
        empty.update("" if audits else t("no_audits"))
        empty.display = not audits
        table.display = bool(audits)
        if audits:
            table.focus()

    @on(DataTable.RowSelected, "#audits")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_path(Path(str(event.row_key.value)))

    def action_open_audit(self) -> None:
        """Open the highlighted audit."""
        table = self.query_one("#audits", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        self.open_path(Path(str(key)))

    def open_path(self, path: Path, *, read_only: bool = False) -> None:
        """Open an audit; offer read-only when it cannot be written, a backup when damaged."""
        from tui.dialogs.busy import BusyDialog
        from tui.screens.audit import AuditScreen
        from tui.screens.confirm import ConfirmScreen

        try:
            session = self.granska.open_session(path, read_only=read_only)
            session.audit.template  # noqa: B018 - parse now, so a damaged copy fails here
        except AuditLocked as exc:  # another Granska has it: say who, offer to read it

            def read(ok: bool | None) -> None:
                if ok:
                    self.open_path(path, read_only=True)

            self.app.push_screen(BusyDialog(exc.path, exc.owner), read)
            return
        except CannotWrite as exc:

            def answer(ok: bool | None) -> None:
                if ok:
                    self.open_path(path, read_only=True)

            self.app.push_screen(
                ConfirmScreen(f"{describe(exc)}\n\n{t('open_read_only')}", title=t("locked_title")),
                answer,
            )
            return
        except CorruptAudit as exc:
            self.granska.close_session()
            if not exc.backups:
                self.notify(t("cannot_open", error=describe(exc)), severity="error", timeout=15)
                return

            def restore(ok: bool | None) -> None:
                if not ok:
                    return
                try:
                    result = recover_audit(path)
                except StoreError as error:
                    self.notify(
                        t("cannot_open", error=describe(error)), severity="error", timeout=15
                    )
                    return
                if not result.problems:  # every journal after the backup was replayed
                    self.notify(t("recovered", backup=result.backup.name), timeout=10)
                else:  # something was missing or damaged: say what
                    lost = "\n".join(str(p) for p in result.problems[:5])
                    self.notify(
                        t("recovered_losses", backup=result.backup.name, problems=lost),
                        severity="warning",
                        timeout=30,
                    )
                self.open_path(path)

            question = t("corrupt_question", error=describe(exc), backup=exc.backups[0].name)
            self.app.push_screen(ConfirmScreen(question, title=t("corrupt_title")), restore)
            return
        except StoreError as exc:
            self.granska.close_session()
            self.notify(t("cannot_open", error=describe(exc)), severity="error", timeout=10)
            return
        if session.audit.problems:  # opened, but something was damaged and dropped: say what
            found = "\n".join(str(p) for p in session.audit.problems[:5])
            self.notify(t("opened_with_problems", problems=found), severity="warning", timeout=30)
        self.app.push_screen(AuditScreen())

    def action_new_audit(self) -> None:
        """Start a new audit from a template."""
        from tui.screens.new_audit import NewAuditScreen

        templates = self.granska.library.offered()
        if not templates:
            self.notify(t("no_templates"), severity="error")
            return

        def created(values: dict | None) -> None:
            if not values:
                return
            template = self.granska.library.get(values.pop("template"))
            if template is None:  # the form offers only templates of the library
                return
            try:
                audit = create_audit(self.granska.workspace, template, **values)
            except StoreError as exc:
                self.notify(describe(exc), severity="error", timeout=10)
                return
            path = audit.path
            audit.close()
            self.notify(t("audit_created", title=values["title"]))
            self.open_path(path)

        self.app.push_screen(NewAuditScreen(templates), created)
