"""Starting a new audit: the template and what the audit is."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from checklists import Template
from tui.i18n import N_, t
from tui.safe_text import plain


def origin(template: Template) -> str:
    """Where a template comes from, for display."""
    return t("bundled") if template.source == "bundled" else template.source


class NewAuditScreen(ModalScreen[dict | None]):
    """Asks for template, title, municipality, committee, year and auditors."""

    BINDINGS = [
        Binding("escape", "cancel", N_("cancel"), id="new_audit.cancel"),
        Binding("ctrl+s", "create", N_("create"), id="new_audit.create"),
    ]

    def __init__(self, templates: list[Template]):
        super().__init__()
        self.templates = templates

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="new-audit"):
            yield Label(t("new_audit"), classes="dialog-title")
            with Grid(classes="form"):
                yield Label(t("template"))
                yield Select(
                    [
                        (plain(f"{tp.title} (v{tp.version}, {origin(tp)})"), tp.id)
                        for tp in self.templates
                    ],
                    value=self.templates[0].id,
                    allow_blank=False,
                    id="template",
                    compact=True,
                )
                for key in ("title", "municipality", "committee", "year", "auditors"):
                    yield Label(t(key))
                    yield Input(
                        id=key,
                        max_length=200,
                        compact=True,
                        placeholder=t("auditors_hint") if key == "auditors" else "",
                    )
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("create"), id="create", variant="primary", compact=True)
                yield Button(t("cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "auditors":
            self.action_create()
        else:
            self.focus_next()

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        """Create the audit from what was typed."""
        values: dict[str, object] = {
            key: self.query_one(f"#{key}", Input).value.strip()
            for key in ("title", "municipality", "committee", "year")
        }
        if not values["title"]:
            self.query_one("#error", Label).update(t("title_required"))
            self.query_one("#title", Input).focus()
            return
        auditors = self.query_one("#auditors", Input).value
        values["auditors"] = tuple(a.strip() for a in auditors.split(",") if a.strip())
        values["template"] = self.query_one("#template", Select).value
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without creating anything."""
        self.dismiss(None)
