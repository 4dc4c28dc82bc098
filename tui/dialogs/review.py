"""Review of one question: its state, comments and answers, and the sign-off."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from checklists import Item
from store import Audit, Comment, Observation, StoreError
from store.review import STATES
from tui.errors import describe
from tui.i18n import N_, t
from tui.safe_text import plain
from tui.session import AuditSession


def _one_line(text: str, width: int) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: max(1, width - 1)] + "…"


class ReviewDialog(ModalScreen[None]):
    """The review of a question: 1-4 set its state, n comments, a answers, r resolves, s signs.

    Opened from the observation list, new comments are on the highlighted
    observation; otherwise on the question. The dialog shows the comments on
    the question, on its observations and on the recommendations tied to it.
    """

    DEFAULT_CSS = """
    ReviewDialog #review-comments {
        height: auto;
        max-height: 9;
    }
    ReviewDialog #review-states {
        height: 1;
    }
    ReviewDialog #review-signoff {
        height: auto;  /* a stale sign-off of one's own change takes two lines at 80 */
    }
    """

    BINDINGS = [
        Binding("escape", "close", N_("close"), id="review.close"),
        Binding(
            "1",
            "state('not_started')",
            N_("review_set_state"),
            show=False,
            id="review.state_not_started",
        ),
        Binding(
            "2",
            "state('in_progress')",
            N_("review_set_state"),
            show=False,
            id="review.state_in_progress",
        ),
        Binding(
            "3",
            "state('ready_for_review')",
            N_("review_set_state"),
            show=False,
            id="review.state_ready_for_review",
        ),
        Binding(
            "4", "state('reviewed')", N_("review_set_state"), show=False, id="review.state_reviewed"
        ),
        Binding("s", "sign_off", N_("review_sign_off"), id="review.sign_off"),
        Binding("w", "withdraw_sign_off", N_("review_withdraw"), id="review.withdraw_sign_off"),
        Binding("n", "comment", N_("review_comment"), id="review.comment"),
        Binding("a", "answer", N_("review_answer"), id="review.answer"),
        Binding("r", "resolve", N_("review_resolve"), id="review.resolve"),
    ]

    def __init__(
        self,
        audit: Audit,
        item: Item,
        number: str = "",
        observation: Observation | None = None,
    ) -> None:
        super().__init__()
        self.audit = audit
        self.item = item
        self.number = number
        self.observation = observation
        """The observation new comments are on (None: on the question)."""
        self.reply_to = ""
        """The comment being answered ('' while writing a new comment)."""
        self._comments: list[Comment] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="review"):
            title = t("review_title", number=self.number, text=_one_line(self.item.text, 60))
            yield Label(plain(title), classes="dialog-title")
            yield Static("", id="review-states")
            yield Static("", id="review-signoff")
            yield DataTable(id="review-comments", cursor_type="row", show_header=False)
            yield Input(id="review-text")
            yield Label(t("review_hint"), classes="hint")
            yield Label("", id="review-message", classes="error")

    @property
    def table(self) -> DataTable:
        return self.query_one("#review-comments", DataTable)

    @property
    def field(self) -> Input:
        return self.query_one("#review-text", Input)

    def on_mount(self) -> None:
        self.table.add_column("", key="mark")
        self.table.add_column("", key="who")
        self.table.add_column("", key="text")
        self.field.display = False
        self._fill()
        session = self._session
        if session is not None and session.changed is not None:
            session.changed.subscribe(self, self._audit_changed)
        self.table.focus()

    @property
    def _session(self) -> AuditSession | None:
        return getattr(self.app, "session", None)

    def _audit_changed(self, session: AuditSession) -> None:
        if self.is_attached and session.audit is self.audit:
            self._fill()

    # -- drawing ----------------------------------------------------------------------------

    def _fill(self) -> None:
        state = self.audit.review_states().get(self.item.id, "not_started")
        line = Text()
        for n, name in enumerate(STATES, start=1):
            chosen = name == state
            line.append(f" {n} {t(f'review_state_{name}')} ", "reverse bold" if chosen else "dim")
            line.append(" ")
        self.query_one("#review-states", Static).update(line)
        self.query_one("#review-signoff", Static).update(self._signoff_text())
        keep = self.table.cursor_row
        self._comments = self.audit.comments(self.item.id)
        self.table.clear()
        width = max(20, min(self.app.size.width, 100) - 24)
        for c in self._comments:
            mark = "✓" if c.resolved else ("↳" if c.reply_to else "○")
            on_other = c.target_kind != "question" and not c.reply_to
            text = (t(f"review_on_{c.target_kind}") if on_other else "") + c.text
            if c.resolved and not c.reply_to:
                text += " " + t("review_resolved_by", who=c.resolved_by)
            who = plain(_one_line(c.written_by, 12))
            self.table.add_row(mark, who, plain(_one_line(text, width)))
        if not self._comments:
            self.table.add_row("", "", t("review_no_comments"))
        self.table.move_cursor(row=min(keep, max(0, len(self._comments) - 1)))

    _signed = False

    def _signoff_text(self) -> Text:
        status = self.audit.sign_off_status(self.item.id)
        if self._signed != (status is not None):
            self._signed = status is not None
            self.refresh_bindings()
        if status is None:
            return Text(t("review_not_signed"), "dim")
        s = status.signoff
        text = Text(t("review_signed", who=s.signed_by, when=s.signed_at[:16].replace("T", " ")))
        if s.own_change:
            text.append(" · " + t("review_own_change"), "italic")
        if status.stale:
            text.append(" · " + t("review_stale"), "bold yellow")
        if not self.audit.read_only:
            text.append(" · " + t("review_withdraw_hint"), "dim")
        return text

    def _say(self, message: str) -> None:
        self.query_one("#review-message", Label).update(plain(message))

    def _current(self) -> Comment | None:
        if not self._comments:
            return None
        return self._comments[max(0, min(self.table.cursor_row, len(self._comments) - 1))]

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("state", "sign_off", "comment", "answer", "resolve"):
            return not self.audit.read_only
        if action == "withdraw_sign_off":  # shown only while there is a sign-off
            return not self.audit.read_only and self._signed
        return True

    def action_state(self, state: str) -> None:
        """Set the question's review state."""
        self.audit.set_review_state(self.item.id, state)

    def action_sign_off(self) -> None:
        """Sign off the question as it is now."""
        self.audit.sign_off(self.item.id)

    def action_withdraw_sign_off(self) -> None:
        """Withdraw the question's sign-off (it is ready for review again)."""
        if self.audit.withdraw_sign_off(self.item.id) is not None:
            self._say(t("review_withdrawn"))

    def _write(self, reply_to: str) -> None:
        self.reply_to = reply_to
        key = "review_answer_placeholder" if reply_to else "review_comment_placeholder"
        self.field.placeholder = t(key)
        self.field.value = ""
        self.field.display = True
        self.field.focus()

    def action_comment(self) -> None:
        """Write a new comment (on the observation it was opened on, else the question)."""
        self._write("")

    def action_answer(self) -> None:
        """Answer the highlighted comment."""
        current = self._current()
        if current is not None:
            self._write(current.id)

    def action_resolve(self) -> None:
        """Resolve the highlighted comment's thread, or reopen it when resolved."""
        current = self._current()
        if current is None:
            return
        first = self.audit.get(Comment, current.reply_to) if current.reply_to else current
        self.audit.resolve_comment(current.id, resolved=not (first or current).resolved)

    @on(Input.Submitted, "#review-text")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.observation is not None:
            kind, target = "observation", self.observation.id
        else:
            kind, target = "question", self.item.id
        try:
            self.audit.add_comment(kind, target, event.value, reply_to=self.reply_to)
        except StoreError as exc:
            self._say(describe(exc))
            return
        self._say("")
        self.field.display = False
        self.table.focus()

    def action_close(self) -> None:
        """Leave the text field; from elsewhere, close the dialog."""
        if self.focused is self.field:
            self.field.display = False
            self.table.focus()
        else:
            self.dismiss(None)
