"""The review dashboard: progress per section, and the lists of what is left; Enter jumps.

The lists come from `Audit.review_gaps()` (store/gaps.py), one row each with its
count; the entries of the highlighted list are shown beside it. Enter on an
entry dismisses the screen with that entry (a `GapEntry`), and the audit screen
routes it: selects the question, the observation, or opens what fits. Both
lists are DataTables, so an audit with thousands of gaps stays quick.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Static

from store.gaps import GapEntry, Gaps
from store.review import STATES
from tui.i18n import N_, t
from tui.safe_text import plain
from tui.screens.base import GranskaScreen
from tui.session import AuditSession
from tui.widgets.footer import KeysFooter


def _line(text: str, width: int) -> str:
    """Text on one line, cut to `width` characters."""
    one = " ".join(text.split())
    return one if len(one) <= width else one[: max(1, width - 1)] + "…"


class ReviewDashboard(GranskaScreen[GapEntry | None]):
    """What is left to review in the whole audit; dismisses with the entry to jump to."""

    BINDINGS = [
        Binding("escape", "close", N_("back"), id="dashboard.close"),
    ]

    DEFAULT_CSS = """
    ReviewDashboard #dashboard-progress {
        height: auto;
        max-height: 7;
    }
    ReviewDashboard #dashboard-body {
        height: 1fr;
    }
    ReviewDashboard #dashboard-lists {
        width: 36;
        height: 1fr;
        border: round $panel-lighten-2;
    }
    ReviewDashboard #dashboard-entries {
        width: 1fr;
        height: 1fr;
        border: round $panel-lighten-2;
    }
    ReviewDashboard #dashboard-lists:focus, ReviewDashboard #dashboard-entries:focus {
        border: round $accent;
    }
    """

    def __init__(self, numbers: dict[str, str] | None = None) -> None:
        super().__init__()
        self.numbers = numbers or {}
        """Each question's number as the tree shows it."""
        self._gaps: Gaps | None = None
        self._keys: list[str] = []
        self._entries: list[GapEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("dashboard_title"), classes="screen-title")
        yield DataTable(id="dashboard-progress", cursor_type="none", show_cursor=False)
        with Horizontal(id="dashboard-body"):
            yield DataTable(id="dashboard-lists", cursor_type="row")
            yield DataTable(id="dashboard-entries", cursor_type="row")
        yield KeysFooter()

    @property
    def progress_table(self) -> DataTable:
        return self.query_one("#dashboard-progress", DataTable)

    @property
    def lists(self) -> DataTable:
        return self.query_one("#dashboard-lists", DataTable)

    @property
    def entries(self) -> DataTable:
        return self.query_one("#dashboard-entries", DataTable)

    def on_mount(self) -> None:
        self.progress_table.add_column(t("dashboard_section"), key="section")
        for state in STATES:
            self.progress_table.add_column(t(f"review_state_short_{state}"), key=state)
        # The count first: at 80 columns a long list name must not push it out of view.
        self.lists.add_column("", key="count")
        self.lists.add_column(t("dashboard_list"), key="list")
        self.entries.add_column("", key="number")
        self.entries.add_column(t("dashboard_entry"), key="text")
        self.lists.border_title = t("dashboard_lists")
        self._fill()
        if self.session.changed is not None:
            self.session.changed.subscribe(self, self._audit_changed)
        self.lists.focus()

    def _audit_changed(self, session: AuditSession) -> None:
        if self.granska.session is session and self.is_attached:
            self._fill()

    def _fill(self) -> None:
        """Read the gaps again and show them, keeping the highlighted list."""
        self._gaps = gaps = self.audit.review_gaps()
        progress = self.progress_table
        progress.clear()
        for p in gaps.progress:
            progress.add_row(plain(_line(p.title, 30)), *(str(p.counts[s]) for s in STATES))
        keep = self.lists.cursor_row if self._keys else None
        self._keys = list(gaps.lists)
        self.lists.clear()
        for key, entries in gaps.lists.items():
            self.lists.add_row(Text(str(len(entries)), justify="right"), t(f"gap_{key}"), key=key)
        if keep is None:
            keep = next((n for n, k in enumerate(self._keys) if gaps.lists[k]), 0)
        self.lists.move_cursor(row=keep)
        self._show_entries()

    def _show_entries(self) -> None:
        """The entries of the highlighted list."""
        if self._gaps is None or not self._keys:
            return
        key = self._keys[max(0, min(self.lists.cursor_row, len(self._keys) - 1))]
        self._entries = self._gaps.lists[key]
        self.entries.border_title = t(f"gap_{key}")
        self.entries.clear()
        width = max(20, self.app.size.width - 50)
        for n, entry in enumerate(self._entries):
            number = self.numbers.get(entry.item_id, "")
            self.entries.add_row(number, plain(_line(entry.text, width)), key=str(n))
        if not self._entries:
            self.entries.add_row("", t("gap_none"))

    @on(DataTable.RowHighlighted, "#dashboard-lists")
    def _list_highlighted(self) -> None:
        self._show_entries()

    @on(DataTable.RowSelected, "#dashboard-lists")
    def _list_chosen(self) -> None:
        if self._entries:
            self.entries.focus()

    @on(DataTable.RowSelected, "#dashboard-entries")
    def _entry_chosen(self, event: DataTable.RowSelected) -> None:
        if self._entries and 0 <= event.cursor_row < len(self._entries):
            self.dismiss(self._entries[event.cursor_row])

    def action_close(self) -> None:
        """Back to the audit (from the entries: back to the lists first)."""
        if self.focused is self.entries:
            self.lists.focus()
        else:
            self.dismiss(None)
