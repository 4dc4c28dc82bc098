"""Start an interview: choose an interview already in the audit, or create its source here.

Kept apart from the audit screen so the source register can offer the same
dialog. It dismisses with the interview source's id, or None when cancelled.
"""

from __future__ import annotations

import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from store import Audit, StoreError, records
from tui.errors import describe
from tui.i18n import N_, t
from tui.safe_text import plain


class StartInterviewDialog(ModalScreen[str | None]):
    """The audit's interviews (newest first) and fields for a new one: role and date."""

    DEFAULT_CSS = """
    StartInterviewDialog #start-interview {
        width: 70;
    }
    StartInterviewDialog OptionList {
        height: auto;
        max-height: 8;
        margin-bottom: 1;
    }
    StartInterviewDialog #new-row {
        height: auto;
    }
    StartInterviewDialog #interview-role {
        width: 2fr;
    }
    StartInterviewDialog #interview-date {
        width: 1fr;
        margin-left: 1;
    }
    StartInterviewDialog #interview-error {
        color: $error;
        height: auto;
    }
    """

    BINDINGS = [Binding("escape", "cancel", N_("cancel"), id="start_interview.cancel")]

    def __init__(self, audit: Audit) -> None:
        super().__init__()
        self.audit = audit
        self.interviews = [s for s in reversed(audit.sources()) if s.kind == "interview"]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="start-interview"):
            yield Label(t("interview_start_title"), classes="dialog-title")
            if self.interviews:
                yield Label(t("interview_existing"), classes="muted")
                yield OptionList(
                    *[Option(plain(s.label()), id=s.id) for s in self.interviews],
                    id="interviews",
                )
            yield Label(t("interview_new"), classes="muted")
            with Horizontal(id="new-row"):
                yield Input(id="interview-role", placeholder=t("role"), max_length=255)
                yield Input(
                    records.now()[:10],
                    id="interview-date",
                    placeholder=t("date"),
                    max_length=10,
                    restrict=r"[0-9-]*",
                )
            yield Label("", id="interview-error")
            yield Label(t("interview_start_hint"), classes="hint")

    def on_mount(self) -> None:
        if self.interviews:
            options = self.query_one(OptionList)
            options.highlighted = 0
            options.focus()
        else:
            self.query_one("#interview-role", Input).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#interview-role")
    def _role_done(self) -> None:
        self.query_one("#interview-date", Input).focus()

    @on(Input.Submitted, "#interview-date")
    def _date_done(self) -> None:
        role = self.query_one("#interview-role", Input).value.strip()
        error = self.query_one("#interview-error", Label)
        if not role:
            error.update(t("interview_role_missing"))
            self.query_one("#interview-role", Input).focus()
            return
        date = self.query_one("#interview-date", Input).value.strip()
        if date and not _is_date(date):
            error.update(t("interview_date_bad"))
            self.query_one("#interview-date", Input).focus()
            return
        try:
            source = self.audit.add_source("interview", role=role, date=date)
        except StoreError as exc:
            error.update(plain(describe(exc)))
            return
        self.dismiss(source.id)

    def action_cancel(self) -> None:
        """Close without starting."""
        self.dismiss(None)


def _is_date(text: str) -> bool:
    """Whether text is a date as YYYY-MM-DD."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
