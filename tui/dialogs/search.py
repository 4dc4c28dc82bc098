"""Search the whole audit: a field, and the records that match it as you type.

The matching and ranking are the store's (`store.search`); this dialog shows
the first results (at most `SHOWN`, with a line saying how many more there are),
each as its kind, the number of its item and a one-line snippet with the match
marked. Enter returns the highlighted result; the audit screen jumps to it.
Texts come from files and colleagues' copies: they are shown, never read as
markup (tui/safe_text.py).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from store import SearchIndex, SearchResult
from store.search import ResultKind
from tui.i18n import N_, t, tn
from tui.safe_text import shown

SHOWN = 50
"""At most this many results are listed; the rest are counted."""

KIND_KEYS: dict[ResultKind, str] = {
    "item": N_("search_kind_item"),
    "observation": N_("search_kind_observation"),
    "source": N_("search_kind_source"),
    "recommendation": N_("search_kind_recommendation"),
    "comment": N_("search_kind_comment"),
}

MARK = "bold underline"
NUMBER_WIDTH = 7  # "1.2.10 " fits


def result_line(result: SearchResult, kind_width: int) -> Text:
    """One result as a line: the item's number, the kind, the snippet with its marks."""
    snippet = Text(shown(result.snippet), end="", style="" if result.exact else "italic")
    for start, end in result.spans:
        snippet.stylize(MARK, start, end)
    return Text.assemble(
        (f"{result.number:<{NUMBER_WIDTH}}", "bold"),
        (f"{t(KIND_KEYS[result.kind]):<{kind_width}} ", "dim"),
        snippet,
        end="",
    )


class SearchDialog(ModalScreen[SearchResult | None]):
    """A search field over the audit and its best matches; Enter goes to the highlighted one."""

    # The dialog's size is set in on_mount: the app's `.dialog` rules outrank DEFAULT_CSS.
    DEFAULT_CSS = """
    SearchDialog #search-results {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    SearchDialog #search-status {
        height: 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", N_("cancel"), id="search.cancel"),
        Binding("down", "move(1)", show=False, priority=True, id="search.down"),
        Binding("up", "move(-1)", show=False, priority=True, id="search.up"),
        Binding("pagedown", "move(10)", show=False, priority=True, id="search.page_down"),
        Binding("pageup", "move(-10)", show=False, priority=True, id="search.page_up"),
    ]

    def __init__(self, index: SearchIndex, query: str = ""):
        super().__init__()
        self.index = index
        self.initial = query
        self.results: list[SearchResult] = []
        """The results listed, in order (the option ids are their positions)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="search"):
            yield Label(t("search_title"), classes="dialog-title")
            yield Input(self.initial, id="search-query", placeholder=t("search_placeholder"))
            yield OptionList(id="search-results")
            yield Label("", id="search-status")

    def on_mount(self) -> None:
        # A steady size while the results come and go under the field.
        box = self.query_one("#search")
        box.styles.height = "90%"
        box.styles.padding = (0, 1)
        self.query_one(Input).focus()
        self._fill(self.initial)

    @property
    def options(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    def _snippet_width(self) -> int:
        """Room for the snippet on one line of the list (the dialog may not be laid out yet)."""
        width = self.options.scrollable_content_region.width
        if width <= 0:
            width = min(100, self.app.size.width) - 8
        # The number, the kind and a space, and a column spare for a scrollbar.
        return max(20, width - NUMBER_WIDTH - self._kind_width() - 2)

    def _kind_width(self) -> int:
        return max(len(t(key)) for key in KIND_KEYS.values())

    def _fill(self, query: str) -> None:
        options = self.options
        options.clear_options()
        hits = self.index.search(query, SHOWN, width=self._snippet_width())
        self.results = hits.results
        kind_width = self._kind_width()
        options.add_options(
            Option(result_line(result, kind_width), id=str(n))
            for n, result in enumerate(hits.results)
        )
        if hits.results:
            options.highlighted = 0
        status = self.query_one("#search-status", Label)
        if not query.strip():
            status.update(t("search_hint"))
        elif not hits.results:
            status.update(t("search_none"))
        elif hits.more:
            status.update(tn("search_more", hits.more))
        else:
            status.update(tn("search_count", hits.total))

    @on(Input.Changed, "#search-query")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        highlighted = self.options.highlighted
        if highlighted is not None and 0 <= highlighted < len(self.results):
            self.dismiss(self.results[highlighted])

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.results[event.option_index])

    def action_move(self, step: int) -> None:
        """Highlight another result while typing."""
        options = self.options
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)
