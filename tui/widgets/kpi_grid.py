"""A KPI's values: one field per period and breakdown, saved as typed."""

from __future__ import annotations

from collections.abc import Callable

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widget import Widget
from textual.widgets import Label

from checklists import Item
from store import Audit
from tui.i18n import has, t
from tui.widgets.autosave import AutosaveInput


class KpiGrid(Vertical):
    """The value grid of a KPI item; Esc in a cell leaves the cell (the screen decides)."""

    DEFAULT_CSS = """
    KpiGrid {
        height: auto;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0 1;
    }
    KpiGrid:focus-within {
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
    }
    KpiGrid Grid {
        height: auto;
        grid-gutter: 0 1;
        grid-rows: 1;
    }
    KpiGrid .kpi-head {
        text-style: bold;
    }
    KpiGrid .kpi-cell {
        width: 10;
    }
    """

    def __init__(self, audit: Audit, **kwargs) -> None:
        super().__init__(**kwargs)
        self.audit = audit
        self.item: Item | None = None

    def compose(self) -> ComposeResult:
        yield Grid(id="kpi-grid")

    def on_mount(self) -> None:
        self.border_title = t("kpi_values")

    @property
    def cells(self) -> list[AutosaveInput]:
        """The value fields, row by row."""
        return list(self.query(".kpi-cell").results(AutosaveInput))

    def show(self, item: Item) -> None:
        """Lay out the grid of a KPI."""
        self.item = item
        grid = self.query_one("#kpi-grid", Grid)
        grid.remove_children()
        periods = list(item.periods) or [self.audit.meta.year or "—"]
        breakdowns = list(item.breakdowns) or ["total"]
        grid.styles.grid_size_columns = len(periods) + 1
        grid.styles.grid_columns = " ".join(["18"] + ["10"] * len(periods))
        values = self.audit.kpi_values(item.id)
        cells: list[Widget] = [Label("")]
        cells += [Label(escape(p), classes="kpi-head") for p in periods]
        for b in breakdowns:
            name = t(f"breakdown_{b}") if has(f"breakdown_{b}") else b
            cells.append(Label(escape(name), classes="kpi-head"))
            for p in periods:
                cell = AutosaveInput(
                    values.get((p, b), ""),
                    save=self._saver(item.id, p, b),
                    compact=True,
                    disabled=self.audit.read_only,
                    classes="kpi-cell",
                )
                cell.kpi_key = (p, b)  # type: ignore[attr-defined]
                cells.append(cell)
        grid.mount_all(cells)

    def sync(self) -> None:
        """Show values changed elsewhere (a merge) in the cells not being typed in."""
        if self.item is None:
            return
        values = self.audit.kpi_values(self.item.id)
        for cell in self.cells:
            stored = values.get(cell.kpi_key, "")  # type: ignore[attr-defined]
            if not cell.has_focus and stored != cell.saved_text:
                cell.reset(stored)

    def _saver(self, item_id: str, period: str, breakdown: str) -> Callable[[str], None]:
        def save(value: str) -> None:
            if not self.audit.read_only:
                self.audit.set_kpi_value(item_id, period, breakdown, value)

        return save
