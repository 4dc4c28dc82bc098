"""The end of an interview: how long it took, notes per question, questions not yet touched."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from checklists import Item
from store import Observation
from store.inbox import INBOX
from tui.i18n import N_, t, tn
from tui.safe_text import plain


@dataclass(frozen=True)
class Summary:
    """What an interview produced."""

    minutes: int
    per_question: list[tuple[str, str, int]]  # (number, text, notes), in template order
    untouched: list[tuple[str, str]]  # (number, text) of questions without a note
    inbox: int  # notes left in the inbox
    total: int


def summarise(
    questions: Iterable[Item],
    numbers: dict[str, str],
    notes: Iterable[Observation],
    minutes: int,
) -> Summary:
    """Count this interview's notes per question; the questions it did not touch."""
    notes = list(notes)
    counts = Counter(o.item_id for o in notes)
    per_question, untouched = [], []
    for item in questions:
        number = numbers.get(item.id, "")
        if counts.get(item.id):
            per_question.append((number, item.text, counts[item.id]))
        else:
            untouched.append((number, item.text))
    return Summary(minutes, per_question, untouched, counts.get(INBOX, 0), len(notes))


def summary_text(summary: Summary) -> Text:
    """The summary as plain text lines (question texts are shown, never read as markup)."""
    lines: list[Text] = [
        Text(
            t("interview_duration", minutes=summary.minutes)
            + " · "
            + tn("interview_notes_total", summary.total)
        )
    ]
    lines.append(Text(""))
    lines.append(Text(t("interview_per_question"), style="bold"))
    for number, text, count in summary.per_question:
        lines.append(Text.assemble(f"{count:>3}  ", plain(f"{number} {text}")))
    if not summary.per_question:
        lines.append(Text(t("interview_none"), style="dim"))
    if summary.inbox:
        lines.append(Text(f"{summary.inbox:>3}  {t('inbox')}", style="bold"))
    lines.append(Text(""))
    lines.append(Text(t("interview_untouched"), style="bold"))
    for number, text in summary.untouched:
        lines.append(Text.assemble("  ○  ", plain(f"{number} {text}")))
    if not summary.untouched:
        lines.append(Text(t("interview_none"), style="dim"))
    return Text("\n").join(lines)


class InterviewSummaryDialog(ModalScreen[bool]):
    """The summary; Enter ends the interview (True), Esc goes back to it (False)."""

    DEFAULT_CSS = """
    InterviewSummaryDialog #interview-summary {
        width: 76;
    }
    InterviewSummaryDialog VerticalScroll {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS = [
        Binding(
            "escape",
            "answer(False)",
            N_("interview_continue"),
            id="interview_summary.continue_interview",
        ),
        Binding(
            "enter", "answer(True)", N_("interview_end"), show=False, id="interview_summary.end"
        ),
    ]

    def __init__(self, summary: Summary, title: str) -> None:
        super().__init__()
        self.summary = summary
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="interview-summary"):
            yield Label(plain(self.title_text), classes="dialog-title")
            with VerticalScroll():
                yield Static(summary_text(self.summary), id="summary-text")
            with Horizontal(classes="buttons"):
                yield Button(t("interview_end"), id="end", variant="primary")
                yield Button(t("interview_continue"), id="continue")

    def on_mount(self) -> None:
        self.query_one("#end", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "end")

    def action_answer(self, end: bool) -> None:
        """End the interview, or go back to it."""
        self.dismiss(end)
