"""Notes listed with the question each is on (or "inbox"): Enter edits, m moves, d deletes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message

from store import Observation
from tui.i18n import N_
from tui.widgets.observations import ObservationList


class InterviewNotes(ObservationList):
    """The observation list (line API), each note labelled with where it is filed.

    Set `label_of` to say what the line under a note shows. Adds `m`, which
    posts `MoveRequested`; Enter and d post the list's own messages.
    """

    BINDINGS = [Binding("m", "move", N_("move_note"), id="interview.move_note")]

    @dataclass
    class MoveRequested(Message):
        """m on a note: move it to another question (or to the inbox)."""

        observation: Observation

    def action_move(self) -> None:
        """Move the highlighted note (the screen asks where to)."""
        if self.highlighted is not None:
            self.post_message(self.MoveRequested(self.highlighted))
