"""The audit's sections and items as a tree; the cursor moves from item to item."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from checklists import Item, Section
from checklists.numbering import item_numbers
from store import Audit
from tui.i18n import t
from tui.safe_text import plain, shown
from tui.session import ItemState
from tui.widgets.colours import scale_colour


def area_item(template, section_id: str) -> Item | None:
    """A section with an assessment of its own, as an item of the tree (None otherwise)."""
    area = template.section(section_id)
    if area is None or not area.assessed:
        return None
    return Item(area.id, "question", area.title, guidance=area.intro, scale=area.scale)


MARKERS: dict[ItemState, str] = {"empty": "○", "observations": "◐", "assessed": "●"}
# Review, after the state marker: ready for review, reviewed, signed off but changed since.
REVIEW_MARKS: dict[str, tuple[str, str]] = {
    "ready_for_review": ("»", "bold cyan"),
    "reviewed": ("✓", "bold green"),
    "stale": ("!", "bold yellow"),
}


class ItemTree(Tree[str]):
    """Sections and their numbered items, each marked with its state and assessment colour.

    Section rows are headings only: the cursor steps over them, so the item under
    the cursor is always the item shown beside the tree.
    """

    DEFAULT_CSS = """
    ItemTree {
        width: 34%;
        min-width: 24;
        max-width: 48;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0;
        overflow-x: hidden;
    }
    ItemTree:focus {
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
    }
    """

    BINDINGS = [
        Binding("up", "cursor_up", show=False, id="audit.tree_up"),
        Binding("down", "cursor_down", show=False, id="audit.tree_down"),
    ]

    @dataclass
    class ItemHighlighted(Message):
        """The cursor is on another item."""

        item_id: str

    @dataclass
    class ItemChosen(Message):
        """Enter on an item: the user wants to work on it."""

        item_id: str

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._numbers: dict[str, str] = {}
        self._leaves: dict[str, TreeNode[str]] = {}
        self._drawn: dict[str, Text] = {}

    def on_mount(self) -> None:
        self.border_title = t("pane_items")

    # -- building and marking -------------------------------------------------------

    def build(self, audit: Audit, states: dict[str, ItemState]) -> None:
        """(Re)build the tree from the audit's template copy, with removed items last."""
        self.clear()
        self._leaves.clear()
        self._drawn.clear()
        template = audit.template
        self._numbers = item_numbers(template)
        if template.chapters:
            for chapter in template.chapters:
                title = f"{self._numbers[chapter.id]} {chapter.title}"
                node = self.root.add(plain(title), data=None, expand=True)
                for section in chapter.sections:
                    self._add_section(node, section)
        else:
            for section in template.sections:
                self._add_section(self.root, section)
        orphans = audit.orphan_item_ids()
        if orphans:
            node = self.root.add(t("removed_items"), data=None, expand=True)
            for item_id in orphans:
                removed = audit.removed_item(item_id)
                text = removed.text if removed else item_id
                node.add_leaf(plain(f"✕ {text}", style="dim"), data=item_id)
        self.mark(audit, states)

    def _add_section(self, parent: TreeNode[str], section: Section) -> None:
        """A section row (a stop of its own when the area has its own assessment), its items."""
        if section.assessed:
            node = parent.add("", data=section.id, expand=True)
            self._leaves[section.id] = node
        else:
            title = f"{self._numbers[section.id]} {section.title}"
            node = parent.add(plain(title), data=None, expand=True)
        for item in section.items:
            self._leaves[item.id] = node.add_leaf("", data=item.id)

    def mark(self, audit: Audit, states: dict[str, ItemState]) -> None:
        """Set each item's marker and review mark; only labels that changed are redrawn."""
        template = audit.template
        review = audit.review_marks(dict(states))
        for item_id, leaf in self._leaves.items():
            item = template.item(item_id) or area_item(template, item_id)
            if item is None:
                continue
            label = self._label(audit, item, states.get(item_id, "empty"), review.get(item_id))
            if self._drawn.get(item_id) != label:
                self._drawn[item_id] = label
                leaf.set_label(label)

    def _label(self, audit: Audit, item: Item, state: ItemState, review: str | None) -> Text:
        style = "bold green" if state == "assessed" else ""
        if state == "assessed":
            scale = audit.template.scale_for(item)
            assessment = audit.assessment(item.id)
            value = scale.value(assessment.value) if scale and assessment else None
            style = f"bold {scale_colour(value)}".strip() if scale_colour(value) else style
        text = shown(f"{self._numbers[item.id]} {item.text}")
        if review not in REVIEW_MARKS:
            return Text.assemble((f"{MARKERS[state]} ", style), text)
        mark, mark_style = REVIEW_MARKS[review]
        return Text.assemble((MARKERS[state], style), (f"{mark} ", mark_style), text)

    # -- where the cursor is -------------------------------------------------------------

    @property
    def item_ids(self) -> list[str]:
        """The template's items in tree order (removed items not included)."""
        return list(self._leaves)

    def number(self, item_id: str) -> str:
        """The item's number as shown, e.g. '2.1' ('' for a removed item)."""
        return self._numbers.get(item_id, "")

    def select_item(self, item_id: str) -> None:
        """Put the cursor on an item (no message if it is already there)."""
        node = self._leaves.get(item_id) or self._find(item_id)
        if node is None or self.cursor_node is node:
            return
        if node.line < 0:  # not laid out yet
            self.call_after_refresh(self.select_item, item_id)
            return
        self.move_cursor(node, animate=False)

    def _find(self, item_id: str) -> TreeNode[str] | None:
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.data == item_id:
                return node
            stack.extend(node.children)
        return None

    def _step(self, direction: int) -> None:
        line = self.cursor_line
        while 0 <= line + direction <= self.last_line:
            line += direction
            node = self.get_node_at_line(line)
            if node is not None and node.data is not None:
                self.cursor_line = line
                self.scroll_to_line(line, animate=False)
                return
        if direction < 0:  # at the first item: show its section heading too
            self.scroll_home(animate=False)

    def action_cursor_up(self) -> None:
        """The item above, skipping section rows."""
        self._step(-1)

    def action_cursor_down(self) -> None:
        """The item below, skipping section rows."""
        self._step(+1)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.ItemHighlighted(event.node.data))
        elif event.node.children:  # a click on a section row: its first item
            self.call_after_refresh(self.move_cursor, event.node.children[0])

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.ItemChosen(event.node.data))
