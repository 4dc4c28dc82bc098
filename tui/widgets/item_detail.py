"""What an item asks: its section, text, facts (target, unit, ...) and guidance."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Collapsible, Static

from checklists import Item, Template
from tui.i18n import t
from tui.safe_text import plain


class ItemDetail(Vertical):
    """The item's section, number and text, its facts and its guidance (collapsed)."""

    DEFAULT_CSS = """
    ItemDetail {
        height: auto;
    }
    ItemDetail #q-section {
        color: $text-muted;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ItemDetail #q-text {
        text-style: bold;
    }
    ItemDetail #item-facts {
        margin-top: 1;
    }
    ItemDetail #guidance {
        padding: 0;
        margin: 0;
        border: none;
    }
    ItemDetail #guidance Contents {
        padding: 0 0 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="q-section")
        yield Static("", id="q-text")
        yield Static("", id="item-facts")
        with Collapsible(title=t("guidance"), id="guidance", collapsed=True):
            yield Static("", id="guidance-text")

    def show(self, template: Template, item: Item, number: str) -> None:
        """Show an item (a removed item has no section)."""
        section = template.section_of(item.id)
        area = template.section(item.id)
        if area is not None and area.assessed:
            chapter = template.chapter_of(area.id)
            heading = f"{chapter.title} · {t('area')}" if chapter else t("area")
        elif section is not None:
            chapter = template.chapter_of(section.id)
            where = f"{chapter.title} › {section.title}" if chapter else section.title
            heading = f"{where} · {template.kind_name(item.kind)}"
        else:
            heading = t("removed_items")
        self.query_one("#q-section", Static).update(plain(heading))
        self.query_one("#q-text", Static).update(plain(f"{number} {item.text}".strip()))
        facts = facts_text(item)
        self.query_one("#item-facts", Static).update(facts)
        self.query_one("#item-facts").display = bool(facts)
        text = guidance_text(template, item)
        self.query_one("#guidance-text", Static).update(text)
        self.query_one("#guidance").display = bool(text)

    def toggle_guidance(self) -> None:
        """Open or close the guidance."""
        guidance = self.query_one("#guidance", Collapsible)
        guidance.collapsed = not guidance.collapsed


def facts_text(item: Item) -> Text:
    """The facts of a control point or KPI: target, quality area, unit, direction."""
    rows: list[tuple[str, str]] = []
    if item.kind == "control_point":
        rows = [
            ("target", item.target),
            ("quality_area", item.quality_area),
            ("data_source", item.data_source),
        ]
    elif item.kind == "kpi":
        direction = t(f"direction_{item.direction}") if item.direction else ""
        rows = [("kpi_target", item.kpi_target), ("unit", item.unit), ("direction", direction)]
    lines = [Text.assemble((f"{t(key)}: ", "bold"), value) for key, value in rows if value]
    return Text("\n").join(lines)


def guidance_text(template: Template, item: Item) -> Text:
    """The guidance, what to probe, documents to ask for and criteria (plain text, no markup)."""
    parts: list[Text] = []
    if item.guidance:
        parts.append(plain(item.guidance, multiline=True))

    def bullets(title: str, rows: list[Text]) -> Text:
        return Text("\n").join([Text(title, style="bold"), *[Text("• ") + r for r in rows]])

    if item.probe:
        parts.append(bullets(t("probe"), [plain(p) for p in item.probe]))
    if item.documents:
        parts.append(bullets(t("documents_to_ask"), [plain(d) for d in item.documents]))
    criteria = [template.criteria[c] for c in item.criteria if c in template.criteria]
    if criteria:
        rows = [plain(c.title, style="italic") + Text(": ") + plain(c.text) for c in criteria]
        parts.append(bullets(t("criteria"), rows))
    return Text("\n\n").join(parts)
