"""The home screen: the audits of the workspace, and starting a new one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from store import (
    AuditLocked,
    CannotWrite,
    CorruptAudit,
    StoreError,
    create_audit,
    list_audits,
)
from store.workspace import AuditSummary
from tui.errors import describe
from tui.i18n import N_, t
from tui.widgets.fit_table import FitColumn, FitTable
from tui.widgets.footer import KeysFooter
from tui.widgets.status import SaveStatus

if TYPE_CHECKING:
    from tui.app import GranskaApp


class HomeScreen(Screen):
    """Lists the audits in the workspace; opens one or starts a new one."""

    BINDINGS = [
        Binding("enter", "open_audit", N_("open"), show=True, id="home.open_audit"),
        Binding("n", "new_audit", N_("new_audit"), id="home.new_audit"),
        Binding("f5", "refresh", N_("refresh"), id="home.refresh"),
        Binding("q", "app.quit", N_("quit"), id="home.quit"),
    ]

    @property
    def granska(self) -> GranskaApp:
        """The app, typed (as Posting's `cast("Posting", self.app)`)."""
        return cast("GranskaApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("home_title"), id="home-title", classes="screen-title")
        yield FitTable(id="audits")
        yield Static("", id="home-empty")
        yield SaveStatus(id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.app.sub_title = str(self.granska.workspace)
        self._audits: list[AuditSummary] = []
        self._opened: tuple[str, str] | None = None
        self.query_one("#status", SaveStatus).set_context(
            f"{t('workspace')}: {self.granska.workspace}"
        )
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.app.sub_title = str(self.granska.workspace)
        # Back from an audit: once the list is read again, the cursor goes to that audit
        # wherever its new change moved it.
        self._load(self._opened)
        self._opened = None

    def action_refresh(self) -> None:
        """Re-read the workspace in the background."""
        self._load(None)

    @work(thread=True, exclusive=True, group="home-list")
    def _load(self, opened: tuple[str, str] | None) -> None:
        try:
            audits = list_audits(self.granska.workspace) if self.granska.workspace.is_dir() else []
        except Exception as exc:  # noqa: BLE001 - the list must not take the app down
            self.app.call_from_thread(self.notify, describe(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._fill, audits, opened)

    @work(thread=True, exclusive=True, group="home-prepare")
    def _prepare(self) -> None:
        """Import what opening an audit needs while the auditor reads the list.

        The home screen is drawn before the audit screen, the store's engine and the
        templates' loader are imported (about 80 ms); without this the first Enter
        would wait for them. A module being imported here when Enter comes is
        finished here first (Python's import lock), never imported twice.
        """
        import tui.screens.audit  # noqa: F401 - the audit screen, its widgets and the store
        import tui.session  # noqa: F401

    def on_resize(self) -> None:
        if getattr(self, "_audits", None):
            self._fill(self._audits)

    def _columns(self, width: int, audits: list[AuditSummary]) -> list[FitColumn]:
        """The columns that fit: the title takes what the others leave.

        The template's name is shown only where the titles still fit beside it.
        """
        head = [FitColumn("col_title", t("col_title"))]
        tail = [
            FitColumn("col_municipality", t("col_municipality"), 20),
            FitColumn("col_committee", t("col_committee"), 20),
            FitColumn("col_assessed", t("col_assessed"), 9),
            FitColumn("col_updated", f"{t('col_updated')} ▼", 18),
        ]

        def widest(cap: int, label: str, values: list[str]) -> int:
            return min(cap, max([len(label)] + [len(v) for v in values]))

        used = sum(
            widest(c.cap or 0, c.label, [self._values(s)[c.key] for s in audits]) + 2 for c in tail
        )
        titles = max([len(self._values(s)["col_title"]) for s in audits] + [0])
        template = FitColumn("col_template", t("col_template"), 28)
        template_width = widest(28, template.label, [s.template for s in audits]) + 2
        if width - used - template_width - 4 >= min(titles, 48):
            tail.insert(2, template)
        return head + tail

    @staticmethod
    def _values(s: AuditSummary) -> dict[str, str]:
        changed = s.changed or s.updated
        return {
            "col_title": s.title if not s.error else Path(s.path).name,
            "col_municipality": s.municipality if not s.error else s.error,
            "col_committee": s.committee,
            "col_template": s.template,
            "col_assessed": f"{s.assessed}/{s.questions}" if not s.error else "",
            "col_updated": changed[:16].replace("T", " "),
        }

    def _fill(self, audits: list[AuditSummary], opened: tuple[str, str] | None = None) -> None:
        """Show the audits, newest change first; the cursor stays on its audit, or goes to
        `opened` (id, path): the audit just closed, at its new place in the list."""
        self._audits = audits
        table = self.query_one("#audits", FitTable)
        select = None
        if opened is not None:
            audit_id, path = opened
            paths = [s.path for s in audits]
            same_id = [s.path for s in audits if audit_id and s.id == audit_id]
            select = path if path in paths else (same_id[0] if same_id else None)
        columns = self._columns(self.size.width, audits)
        rows = [
            (s.path, [self._values(s)[c.key] for c in columns])
            for s in audits  # titles and names come from files: FitTable shows them as text
        ]
        table.set_rows(columns, rows, select=select)
        empty = self.query_one("#home-empty", Static)
        empty.update("" if audits else t("no_audits"))
        empty.display = not audits
        table.display = bool(audits)
        if audits:
            table.focus()
        if "tui.screens.audit" not in sys.modules:
            self.call_after_refresh(self._prepare)  # once the list is on screen

    @on(DataTable.RowSelected, "#audits")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_path(Path(str(event.row_key.value)))

    def action_open_audit(self) -> None:
        """Open the highlighted audit."""
        key = self.query_one("#audits", FitTable).current_key()
        if key is not None:
            self.open_path(Path(key))

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
                from store import recover_audit  # the engine, loaded when needed

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
        self._opened = (session.audit.meta.id, str(path))
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
