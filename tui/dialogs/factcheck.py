"""Record an observation's fact check: confirmed, or corrected with the correction, who and when.

`f` on an observation opens it. Ctrl+S saves the answer beside the observation
(its text is left as it is); Ctrl+T saves and also writes the correction into
the observation's text, so the report carries the corrected fact (the history
keeps the old text). Everything goes through the `Audit` methods.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static, TextArea

from store import Audit, Observation, Source, StoreError, records
from store.factcheck import STATUSES
from store.records import FactCheckStatus
from tui.errors import describe
from tui.i18n import N_, t
from tui.safe_text import plain

# The label of each status, by key (literal keys, so the catalogue test sees them).
STATUS_KEYS: dict[str, str] = {
    "not_sent": "factcheck_not_sent",
    "sent": "factcheck_sent",
    "confirmed": "factcheck_confirmed",
    "corrected": "factcheck_corrected",
}


class FactCheckDialog(ModalScreen[bool]):
    """The fact check of one observation; dismissed with True when something was saved."""

    DEFAULT_CSS = """
    FactCheckDialog {
        align: center middle;
    }
    FactCheckDialog #factcheck {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $accent;
        background: $surface;
    }
    FactCheckDialog #factcheck-title {
        text-style: bold;
        color: $accent;
        width: 100%;
    }
    FactCheckDialog #factcheck-observation {
        color: $text-muted;
        height: auto;
        max-height: 2;
    }
    FactCheckDialog RadioSet {
        layout: horizontal;
        width: 100%;
    }
    FactCheckDialog RadioSet > RadioButton {
        width: auto;
    }
    FactCheckDialog #factcheck-row {
        height: auto;
    }
    FactCheckDialog #factcheck-who-box {
        width: 1fr;
        height: auto;
    }
    FactCheckDialog #factcheck-date-box {
        width: 16;
        height: auto;
    }
    FactCheckDialog TextArea {
        height: 4;
    }
    FactCheckDialog #factcheck-message {
        color: $error;
        height: auto;
        width: 100%;
    }
    FactCheckDialog .hint {
        color: $text-muted;
        height: auto;
        width: 100%;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", N_("cancel"), id="factcheck.cancel"),
        Binding("ctrl+s", "save", N_("factcheck_save"), priority=True, id="factcheck.save"),
        Binding("ctrl+t", "save(True)", N_("factcheck_apply"), priority=True, id="factcheck.apply"),
    ]

    def __init__(self, audit: Audit, observation: Observation):
        super().__init__()
        self.audit = audit
        self.observation = observation

    def compose(self) -> ComposeResult:
        check = self.audit.fact_check(self.observation.id)
        status = check.check_status if check is not None else "not_sent"
        who = check.checked_by if check is not None else ""
        if not who:  # the interviewee the note cites, as a start
            cited = [self.audit.get(Source, s) for s in self.observation.source_ids]
            who = next((s.role for s in cited if s is not None and s.kind == "interview"), "")
        preview = " ".join(self.observation.text.split())
        with Vertical(id="factcheck"):
            yield Label(t("factcheck_title"), id="factcheck-title")
            yield Static(plain(preview), id="factcheck-observation")
            with RadioSet(id="factcheck-status"):
                for key in STATUSES:
                    yield RadioButton(t(STATUS_KEYS[key]), value=key == status, name=key)
            with Horizontal(id="factcheck-row"):
                with Vertical(id="factcheck-who-box"):
                    yield Label(t("factcheck_who"))
                    yield Input(who, id="factcheck-who", max_length=255)
                with Vertical(id="factcheck-date-box"):
                    yield Label(t("factcheck_date"))
                    yield Input(
                        (check.checked_on if check is not None else "") or records.now()[:10],
                        id="factcheck-date",
                        max_length=10,
                    )
            yield Label(t("factcheck_correction"))
            yield TextArea(
                check.correction if check is not None else "",
                id="factcheck-correction",
                soft_wrap=True,
            )
            sent = check.sent_on if check is not None else ""
            yield Label(
                t("factcheck_hint") + (" " + t("factcheck_sent_on", date=sent) if sent else ""),
                classes="hint",
                id="factcheck-hint",
            )
            yield Label("", id="factcheck-message")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @property
    def status(self) -> FactCheckStatus:
        """The status chosen in the dialog."""
        pressed = self.query_one(RadioSet).pressed_button
        name = pressed.name if pressed is not None else None
        return next((s for s in STATUSES if s == name), "not_sent")

    @on(RadioSet.Changed)
    def _status_changed(self) -> None:
        if self.status == "corrected":
            self.query_one("#factcheck-correction", TextArea).focus()

    def action_save(self, apply: bool = False) -> None:
        """Save the answer; with `apply`, also write the correction into the observation."""
        message = self.query_one("#factcheck-message", Label)
        if apply and self.status != "corrected":
            message.update(t("factcheck_apply_needs_correction"))
            return
        try:
            self.audit.set_fact_check(
                self.observation.id,
                self.status,
                correction=self.query_one("#factcheck-correction", TextArea).text,
                checked_by=self.query_one("#factcheck-who", Input).value,
                checked_on=self.query_one("#factcheck-date", Input).value,
            )
            if apply:
                self.audit.apply_correction(self.observation.id)
        except StoreError as exc:
            message.update(plain(describe(exc)))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)
