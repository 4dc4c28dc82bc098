"""One source of the register: an interview's role, unit, date, who was present and
names; a document's title, date or year, and reference. Saved when it closes.

Esc (or Enter in the last field) saves and closes: the store checks the fields
(`Audit.update_source`, `Audit.add_source`) and a refusal is said next to the
field it concerns, with the form still open, so nothing typed is lost. The
names of those interviewed are personal data, and the form says so beside them.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from store import Audit, Source, StoreError
from store.sources import personal_fields, today
from tui.errors import describe
from tui.i18n import N_, t
from tui.safe_text import plain

# The fields of each kind, in the order of the form, with their label keys.
FIELDS: dict[str, list[tuple[str, str]]] = {
    "interview": [
        ("role", "source_role"),
        ("unit", "source_unit"),
        ("date", "source_date"),
        ("present", "source_present"),
        ("names", "source_names"),
    ],
    "document": [
        ("title", "doc_title"),
        ("date", "source_date_or_year"),
        ("reference", "source_reference"),
    ],
}
NAME_FIELD = {"interview": "role", "document": "title"}
NEW_TITLE = {"interview": "source_new_interview", "document": "source_new_document"}
NEEDS_NAME = {"role": "source_needs_role", "title": "source_needs_title"}


class SourceForm(ModalScreen[str | None]):
    """Edits one source, or creates one of `kind`; dismisses with its id (None: none)."""

    DEFAULT_CSS = """
    SourceForm #source-form {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
    }
    SourceForm .form-row {
        height: 1;
        margin-top: 1;
    }
    SourceForm .form-label {
        width: 22;
        color: $text-muted;
    }
    SourceForm .form-row Input {
        width: 1fr;
        background: $boost;
    }
    SourceForm .form-row.-personal .form-label {
        color: $warning;
    }
    SourceForm .form-hint {
        margin-top: 1;
    }
    SourceForm .personal-note {
        color: $text-muted;
    }
    SourceForm .field-error {
        display: none;
        height: auto;
        width: 1fr;
        color: $error;
        margin-left: 22;
    }
    """

    BINDINGS = [
        Binding("escape", "save_close", N_("source_save_close"), id="source_form.save_close")
    ]

    def __init__(self, audit: Audit, kind: str, source: Source | None = None):
        super().__init__()
        self.audit = audit
        self.kind = source.kind if source is not None else kind
        self.source = source

    def compose(self) -> ComposeResult:
        personal = personal_fields()
        title = "source_edit" if self.source is not None else NEW_TITLE[self.kind]
        with Vertical(classes="dialog", id="source-form"):
            yield Label(t(title), classes="dialog-title")
            for name, label in FIELDS[self.kind]:
                value = getattr(self.source, name) if self.source is not None else ""
                if name == "date" and self.source is None:
                    value = today()
                row = "form-row -personal" if name in personal else "form-row"
                with Horizontal(classes=row):
                    yield Label(t(label), classes="form-label")
                    yield Input(
                        value,
                        id=f"field-{name}",
                        compact=True,
                        placeholder=t("date_format") if name == "date" else "",
                        max_length=10 if name == "date" else 0,
                        select_on_focus=False,
                    )
                yield Label("", id=f"error-{name}", classes="field-error")
                if name in personal:
                    yield Label(t("source_personal_note"), classes="personal-note")
            yield Label(t("source_form_hint"), classes="hint form-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#field-{name}", Input).value

    def _show_error(self, name: str, message: str) -> None:
        for label in self.query(".field-error").results(Label):
            shown = label.id == f"error-{name}"
            label.update(plain(message) if shown else "")
            label.display = shown and bool(message)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        error = self.query_one(f"#error-{name}", Label)
        if error.display:
            error.display = False

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input).results(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save_close()

    def action_save_close(self) -> None:
        """Save the source and close; a refused field keeps the form open, said beside it."""
        values = {name: self._value(name) for name, _ in FIELDS[self.kind]}
        name_field = NAME_FIELD[self.kind]
        if self.source is None and not any(v.strip() for k, v in values.items() if k != "date"):
            self.dismiss(None)  # nothing typed: no source
            return
        if not values[name_field].strip():
            self._show_error(name_field, t(NEEDS_NAME[name_field]))
            self.query_one(f"#field-{name_field}", Input).focus()
            return
        try:
            if self.source is None:
                saved = self.audit.add_source(self.kind, **values)
            else:
                saved = self.audit.update_source(self.source.id, **values)
        except StoreError as exc:
            field = "date" if exc.code.startswith("bad_date") else name_field
            self._show_error(field, describe(exc))
            self.query_one(f"#field-{field}", Input).focus()
            return
        self.dismiss(saved.id)
