"""The assessment of an item on its scale, with reasoning; the answer of a control point, ..."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Select

from checklists import Item, Template
from store import Audit
from tui.i18n import t
from tui.widgets.autosave import AutosaveTextArea
from tui.widgets.colours import scale_colour

# (pane title, label above the text) by item kind
TITLES = {
    "question": ("assessment", "reasoning"),
    "control_point": ("answer", "comment"),
    "kpi": ("goal_attainment", "comment"),
    "analysis": ("analysis_text", ""),
}


class AssessmentEditor(Vertical):
    """A value on the template's scale (shown in its colour) and the reasoning, saved as typed."""

    DEFAULT_CSS = """
    AssessmentEditor {
        height: auto;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0 1;
    }
    AssessmentEditor:focus-within {
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
    }
    AssessmentEditor #value {
        width: 40;
        max-width: 100%;
    }
    AssessmentEditor #reasoning-label {
        color: $text-muted;
    }
    AssessmentEditor #reasoning {
        height: 5;
        min-height: 2;
        background: $boost;
    }
    """

    def __init__(self, audit: Audit, **kwargs) -> None:
        super().__init__(**kwargs)
        self.audit = audit
        self.item: Item | None = None

    def compose(self) -> ComposeResult:
        yield Select([], prompt=t("choose_value"), id="value", compact=True)
        yield Label(t("reasoning"), id="reasoning-label")
        yield AutosaveTextArea("", id="reasoning", save=self._save_reasoning, compact=True)

    def on_mount(self) -> None:
        if self.audit.read_only:
            self.reasoning.read_only = True
            self.select.disabled = True

    @property
    def select(self) -> Select[str]:
        return self.query_one("#value", Select)

    @property
    def reasoning(self) -> AutosaveTextArea:
        return self.query_one("#reasoning", AutosaveTextArea)

    def show(self, item: Item) -> None:
        """Show an item's assessment (the text of an analysis prompt)."""
        self.reasoning.save_now()  # belongs to the item shown until now
        self.item = item
        title, label = TITLES.get(item.kind, TITLES["question"])
        self.border_title = t(title)
        self.query_one("#reasoning-label", Label).update(t(label) if label else "")
        self.query_one("#reasoning-label").display = bool(label)
        self.select.display = item.kind != "analysis"
        with self.prevent(Select.Changed):
            self.select.set_options(options(self.audit.template, item))
        self.sync(force=True)

    def sync(self, *, force: bool = False) -> None:
        """Show what the audit holds now, unless it is what this editor saved last."""
        if self.item is None:
            return
        assessment = self.audit.assessment(self.item.id)
        value = assessment.value if assessment and assessment.value else None
        with self.prevent(Select.Changed):
            current = self.select.value if isinstance(self.select.value, str) else None
            if force or current != value:
                self.select.value = value if value is not None else Select.NULL
        reasoning = assessment.reasoning if assessment else ""
        if force or (reasoning != self.reasoning.saved_text):
            self.reasoning.reset(reasoning)

    def focus_value(self) -> None:
        """Focus the scale value (the text, for an analysis prompt)."""
        if self.item is not None and self.item.kind == "analysis":
            self.reasoning.focus()
        else:
            self.select.focus()

    def save_now(self) -> None:
        """Save the reasoning being typed."""
        self.reasoning.save_now()

    def _save_reasoning(self, text: str) -> None:
        if self.item is None or self.audit.read_only:
            return
        value = self.select.value
        current = self.audit.assessment(self.item.id)
        self.audit.set_assessment(
            self.item.id,
            value if isinstance(value, str) else (current.value if current else ""),
            text,
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.item is None or self.audit.read_only:
            return
        value = event.value if isinstance(event.value, str) else ""
        self.reasoning.save_now()
        self.audit.set_assessment(self.item.id, value, self.reasoning.text)


def options(template: Template, item: Item) -> list[tuple[Text, str]]:
    """The item's scale as choices, each with a dot in its colour when it has one."""
    scale = template.scale_for(item)
    out = []
    for value in scale.values if scale else ():
        colour = scale_colour(value)
        prompt = Text.assemble(("● ", colour), value.label) if colour else Text(value.label)
        out.append((prompt, value.id))
    return out
