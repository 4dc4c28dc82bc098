"""What opening an audit found and dealt with: dropped journal lines, a missing journal.

A `Problem` is not an error: the audit opened, and this says what was not in
it and why, with a code and parameters for the UI to translate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from store.journal import Dropped


@dataclass(frozen=True)
class Problem:
    """One thing found wrong while opening an audit, and what was done about it."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


def describe_dropped(journal: str, dropped: Dropped) -> dict[str, Any]:
    """Keyword arguments for a Problem about a journal line that was not applied."""
    about = f" ({dropped.about})" if dropped.about else ""
    if dropped.reason == "cut_off":
        code = "journal_cut_off"
        text = (
            f"{journal} line {dropped.line}{about}: cut off by a crash before it was saved; dropped"
        )
    elif dropped.reason.startswith("refused: "):
        code = "change_refused"
        text = f"{journal} line {dropped.line}{about}: refused ({dropped.reason[9:]}); dropped"
    else:
        code = "journal_line_damaged"
        text = f"{journal} line {dropped.line}{about}: damaged (its checksum fails); dropped"
    return {
        "code": code,
        "message": text,
        "journal": journal,
        "line": dropped.line,
        "about": dropped.about,
        "reason": dropped.reason,
    }
