"""The observations of one item, drawn line by line: the cost follows the screen, not the audit.

A stock `ListView` mounts a widget per note (2.1 s for 500 two-line notes). This is
a `ScrollView` on Textual's line API: each observation is wrapped once per width
and kept in a cache keyed by what it shows, and `render_line` draws only the rows
that are on screen.

Notes are laid out (wrapped, to know where each starts) only as far down as the
list has been shown, scrolled or moved to; the height of the rest is estimated
from the notes laid out so far, so the scroll bar is about right at once and
exact when the list has been seen to its end. A question of 2,500 notes opens
at the cost of the first screenful (wrapping them all took 30-50 ms).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store import Observation
from tui.i18n import N_, t
from tui.safe_text import shown

# Anything but printable Latin (one cell each; newlines are handled apart) is
# wrapped word by word with real cell widths.
_NOT_SIMPLE = re.compile("[^\n\u0020-\u007e\u00a0-\u02ff]")

# How many notes are laid out at a time when the list needs more of them.
_CHUNK = 32

# What one observation shows, and the width it is wrapped at: the cache key.
_Key = tuple[str, str, bool, int, str]


def wrap(text: str, width: int) -> list[str]:
    """Word wrap by terminal cells (Rich's wrap is ~8x slower for a long list).

    Text whose characters are all one cell wide (Swedish included) is cut at the
    last space that fits, found with `rfind`: the cost is per line, not per word.
    """
    width = max(width, 4)
    if _NOT_SIMPLE.search(text):
        return _wrap_words(text, width)
    out: list[str] = []
    for paragraph in text.split("\n"):
        start, end = 0, len(paragraph)
        while end - start > width:
            cut = paragraph.rfind(" ", start, start + width + 1)
            if cut <= start:  # one word longer than the line
                out.append(paragraph[start : start + width])
                start += width
            else:
                out.append(paragraph[start:cut])
                start = cut + 1
        out.append(paragraph[start:])
    return out


def _wrap_words(text: str, width: int) -> list[str]:
    """Greedy word wrap for text with wide or zero-width characters."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split(" "):
            size = cell_len(word)
            if used and used + 1 + size > width:
                out.append(line)
                line, used = word, size
            elif used:
                line, used = f"{line} {word}", used + 1 + size
            else:
                line, used = word, size
            if used > width:
                *full, line = chop_cells(line, width)
                out.extend(full)
                used = cell_len(line)
        out.append(line)
    return out


@dataclass(frozen=True)
class _Line:
    text: str
    kind: str  # "text" | "source" | "warning" | "gap"
    mark: str = ""  # the fact-check mark drawn after the text ("✎ rättad")


class ObservationList(ScrollView, can_focus=True):
    """The item's observations with their sources; Enter edits, d deletes.

    A note without a source, and a note that was being typed when the app stopped,
    carry a visible warning line: neither may pass silently.
    """

    DEFAULT_CSS = """
    ObservationList {
        height: 1fr;
        min-height: 4;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        padding: 0 0 0 1;
    }
    ObservationList:focus {
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
    }
    ObservationList > .observations--cursor {
        background: $block-cursor-blurred-background;
    }
    ObservationList:focus > .observations--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    ObservationList > .observations--source {
        color: $text-muted;
    }
    ObservationList > .observations--warning {
        color: $warning;
        text-style: bold;
    }
    ObservationList > .observations--empty {
        color: $text-muted;
    }
    ObservationList > .observations--checked {
        color: $success;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = {
        "observations--cursor",
        "observations--source",
        "observations--warning",
        "observations--empty",
        "observations--checked",
    }

    BINDINGS = [
        Binding("up", "cursor(-1)", show=False, id="audit.observation_up"),
        Binding("down", "cursor(1)", show=False, id="audit.observation_down"),
        Binding("home", "first", show=False, id="audit.observation_first"),
        Binding("end", "last", show=False, id="audit.observation_last"),
        Binding("pageup", "page(-1)", show=False, id="audit.observation_page_up"),
        Binding("pagedown", "page(1)", show=False, id="audit.observation_page_down"),
        Binding("enter,e", "edit", N_("edit_observation"), id="audit.edit_observation"),
        Binding("delete,d", "delete", N_("delete_observation"), id="audit.delete_observation"),
        Binding("f", "factcheck", N_("factcheck_key"), id="audit.factcheck"),
    ]

    cursor: reactive[int] = reactive(-1, init=False)
    """The index of the highlighted observation (-1: none)."""

    @dataclass
    class EditRequested(Message):
        """Enter on an observation."""

        observation: Observation

    @dataclass
    class DeleteRequested(Message):
        """d on an observation."""

        observation: Observation

    @dataclass
    class FactCheckRequested(Message):
        """f on an observation: record its fact check (confirmed, corrected)."""

        observation: Observation

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._observations: list[Observation] = []
        self._sources: dict[str, str] = {}
        self._wrapped: dict[str, tuple[_Key, list[_Line]]] = {}
        # What each note was drawn from, before escaping and joining: when it is the
        # same, the lines are reused without building the key (a long list relaid
        # out after one change costs a dict lookup per note, not a regex).
        self._drawn_from: dict[str, tuple[object, ...]] = {}
        self._labels = 0  # bumped when the source labels change
        self._starts: list[int] = []  # first line of each observation laid out so far
        self._end = 0  # the line after the last observation laid out
        self._cited: dict[tuple[str, int], list[_Line]] = {}
        self._width = 0
        self._checks: Mapping[str, str] = {}
        self.empty_text = ""
        self.label_of: Callable[[Observation], str] | None = None
        """What the line under each note says; None: the sources it cites."""

    # -- content ------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """How many observations the list holds."""
        return len(self._observations)

    @property
    def observations(self) -> list[Observation]:
        """The observations shown, in order."""
        return list(self._observations)

    @property
    def highlighted(self) -> Observation | None:
        """The observation under the cursor."""
        if 0 <= self.cursor < len(self._observations):
            return self._observations[self.cursor]
        return None

    def show(
        self,
        observations: list[Observation],
        sources: dict[str, str],
        *,
        select_id: str | None = None,
        keep_cursor: bool = False,
        checks: Mapping[str, str] | None = None,
    ) -> None:
        """Show these observations (sources: id -> label); highlight `select_id` if given.

        `checks` maps an observation id to its fact-check status; a confirmed or
        corrected observation is marked on its source line.
        """
        current = self.highlighted.id if keep_cursor and self.highlighted else None
        self._observations = observations
        if sources != self._sources:
            self._labels += 1
        self._sources = sources
        self._checks = checks or {}
        self._relayout(None if keep_cursor else 0)
        wanted = select_id or current
        index = next((i for i, o in enumerate(observations) if o.id == wanted), None)
        if index is None:
            index = min(self.cursor, len(observations) - 1) if keep_cursor else 0
        if not observations:
            index = -1
        if index == self.cursor:
            self.refresh()
        self.cursor = index
        if select_id is not None and index >= 0:
            self.call_after_refresh(self._scroll_to_cursor, True)
        elif not keep_cursor:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.border_title = t("observations_count", count=len(observations))

    def visible_ids(self) -> list[str]:
        """The observations with at least one line in view."""
        top, bottom = (
            self.scroll_offset.y,
            self.scroll_offset.y + self.scrollable_content_region.height,
        )
        self._lay_out_lines(bottom)
        self._update_size()
        return [
            obs.id
            for obs, start in zip(self._observations, self._starts, strict=False)
            if start < bottom and start + len(self._lines(obs)) - 1 > top
        ]

    def lines_of(self, observation_id: str) -> list[str]:
        """The lines an observation is drawn with (its text, source and marks)."""
        for obs in self._observations:
            if obs.id == observation_id:
                return [line.text + line.mark for line in self._lines(obs)]
        return []

    def select(self, observation_id: str) -> None:
        """Highlight an observation and scroll it into view."""
        for index, obs in enumerate(self._observations):
            if obs.id == observation_id:
                self.cursor = index
                self.call_after_refresh(self._scroll_to_cursor, True)
                return

    def _key(self, obs: Observation, width: int) -> _Key:
        if self.label_of is not None:
            cited = self.label_of(obs)
        else:
            cited = "; ".join(self._sources[s] for s in obs.source_ids if s in self._sources)
        mark = {"confirmed": "factcheck_mark_confirmed", "corrected": "factcheck_mark_corrected"}
        status = self._checks.get(obs.id, "")
        return (
            obs.text,
            cited,
            bool(getattr(obs, "unfinished", False)),
            width,
            t(mark[status]) if status in mark else "",
        )

    def _lines(self, obs: Observation) -> list[_Line]:
        """The observation's wrapped lines, from the cache when it shows the same.

        Checked first against what the note was drawn from (cheap: no joining of
        source labels); the key then holds the raw text: comparing it is cheap,
        making it safe to show is not, so that is done only when a note is wrapped
        anew.
        """
        raw = (
            obs.text,
            obs.source_ids,
            obs.item_id,
            obs.unfinished,
            self._width,
            self._labels,
            self._checks.get(obs.id, ""),
        )
        cached = self._wrapped.get(obs.id)
        if cached is not None and self._drawn_from.get(obs.id) == raw:
            return cached[1]
        key = self._key(obs, self._width)
        self._drawn_from[obs.id] = raw
        if cached is not None and cached[0] == key:
            return cached[1]
        raw_text, raw_cited, unfinished, width, mark = key
        # Shown, never executed: control characters made visible (tui/safe_text.py).
        text, cited = shown(raw_text.strip(), multiline=True), shown(raw_cited)
        lines = [_Line(line, "text") for line in wrap(text, width)]
        if cited:
            lines += self._source_lines(cited, width)
        else:
            lines.append(_Line(f"⚠ {t('no_source_mark')}", "warning"))
        if mark:
            last = lines[-1]
            if cell_len(last.text) + 2 + cell_len(mark) <= width:
                lines[-1] = _Line(last.text, last.kind, f"  {mark}")
            else:
                lines.append(_Line("", "source", mark))
        if unfinished:
            lines.append(_Line(f"⚠ {t('unfinished_mark')}", "warning"))
        lines.append(_Line("", "gap"))
        self._wrapped[obs.id] = (key, lines)
        return lines

    def _source_lines(self, cited: str, width: int) -> list[_Line]:
        """A source line, wrapped once per width (many notes cite the same interview)."""
        key = (cited, width)
        lines = self._cited.get(key)
        if lines is None:
            lines = self._cited[key] = [_Line(line, "source") for line in wrap(f"— {cited}", width)]
        return lines

    def _relayout(self, top: int | None = None) -> None:
        """Lay the notes out again from the top, as far down as the screen will show
        (from `top`, or where the list is scrolled to now)."""
        width = self.scrollable_content_region.width
        self._width = width
        self._starts, self._end = [], 0
        if width <= 0:
            self.virtual_size = Size(0, 0)
            return
        self._lay_out_lines((self.scroll_offset.y if top is None else top) + self.size.height)
        self._update_size()
        self.refresh()

    def _lay_out_to(self, index: int) -> None:
        """Lay out the notes up to and including `index` (each wrapped, from the cache)."""
        starts, end = self._starts, self._end
        for obs in self._observations[len(starts) : index + 1]:
            starts.append(end)
            end += len(self._lines(obs))
        self._end = end

    def _lay_out_lines(self, line: int) -> None:
        """Lay out notes until `line` falls within one (or every note is laid out)."""
        count = len(self._observations)
        while self._end <= line and len(self._starts) < count and self._width > 0:
            self._lay_out_to(len(self._starts) + _CHUNK - 1)

    def _update_size(self) -> None:
        """The list's height: exact for the notes laid out, estimated for the rest."""
        if self._width <= 0:
            return
        laid, rest = len(self._starts), len(self._observations) - len(self._starts)
        per_note = self._end / laid if laid else 3
        size = Size(self._width, self._end + round(per_note * rest))
        if size != self.virtual_size:
            self.virtual_size = size

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        self._lay_out_lines(round(new_value) + self.size.height)
        self._update_size()
        super().watch_scroll_y(old_value, new_value)

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._relayout()
            self._scroll_to_cursor(False)

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line_no = self.scroll_offset.y + y
        if not self._observations:
            if y == 0 and self.empty_text:
                style = self.get_component_rich_style("observations--empty")
                return Strip([Segment(self.empty_text[:width], style)]).adjust_cell_length(
                    width, self.rich_style
                )
            return Strip.blank(width, self.rich_style)
        if line_no >= self._end and len(self._starts) < len(self._observations):
            self._lay_out_lines(line_no)  # drawn before a scroll was heard of
            self.call_later(self._update_size)
        index = bisect_right(self._starts, line_no) - 1
        if index < 0 or index >= len(self._starts):
            return Strip.blank(width, self.rich_style)
        lines = self._lines(self._observations[index])
        offset = line_no - self._starts[index]
        if offset >= len(lines):
            return Strip.blank(width, self.rich_style)
        line = lines[offset]
        base = self.rich_style
        if line.kind == "source":
            base = base + self.get_component_rich_style("observations--source")
        elif line.kind == "warning":
            base = base + self.get_component_rich_style("observations--warning")
        if index == self.cursor and line.kind != "gap":
            base = base + self.get_component_rich_style("observations--cursor")
        segment_style: Style = base
        segments = [Segment(line.text, segment_style)]
        if line.mark:
            checked = self.get_component_rich_style("observations--checked")
            segments.append(Segment(line.mark, base + checked))
        return Strip(segments).adjust_cell_length(width, base)

    # -- the cursor ---------------------------------------------------------------------

    def watch_cursor(self, previous: int, cursor: int) -> None:
        for index in (previous, cursor):
            if 0 <= index < len(self._starts):  # laid out: it may be on screen
                height = len(self._lines(self._observations[index]))
                self.refresh_lines(self._starts[index], height)
        self._scroll_to_cursor(False)

    def _scroll_to_cursor(self, animate: bool) -> None:
        if not (0 <= self.cursor < len(self._observations)) or self._width <= 0:
            return
        self._lay_out_to(self.cursor)
        self._update_size()
        top = self._starts[self.cursor]
        height = len(self._lines(self._observations[self.cursor])) - 1
        self.scroll_to_region(
            Region(0, top, 1, max(height, 1)), animate=animate, force=True, x_axis=False
        )

    def action_cursor(self, step: int) -> None:
        """Move the highlight up or down one observation."""
        if self._observations:
            self.cursor = max(0, min(len(self._observations) - 1, self.cursor + step))

    def action_first(self) -> None:
        """The first observation."""
        if self._observations:
            self.cursor = 0

    def action_last(self) -> None:
        """The last observation."""
        if self._observations:
            self.cursor = len(self._observations) - 1

    def action_page(self, direction: int) -> None:
        """About a screen of observations up or down."""
        if not self._observations:
            return
        self._lay_out_to(max(self.cursor, 0))
        line = self._starts[max(self.cursor, 0)] + direction * max(self.size.height - 1, 1)
        self._lay_out_lines(line)
        self._update_size()
        index = bisect_right(self._starts, max(line, 0)) - 1
        self.cursor = max(0, min(len(self._observations) - 1, index))

    def action_edit(self) -> None:
        """Edit the highlighted observation."""
        if self.highlighted is not None:
            self.post_message(self.EditRequested(self.highlighted))

    def action_factcheck(self) -> None:
        """Record the highlighted observation's fact check (the screen opens the dialog)."""
        if self.highlighted is not None:
            self.post_message(self.FactCheckRequested(self.highlighted))

    def action_delete(self) -> None:
        """Delete the highlighted observation (the screen asks first)."""
        if self.highlighted is not None:
            self.post_message(self.DeleteRequested(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        line = self.scroll_offset.y + event.y
        self._lay_out_lines(line)
        self._update_size()
        index = bisect_right(self._starts, line) - 1
        if 0 <= index < len(self._starts):
            self.cursor = index
