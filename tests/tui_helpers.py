"""Helpers for driving the app with a Pilot the way a user types."""

from __future__ import annotations

from textual.pilot import Pilot

NAMED = {
    " ": "space",
    ",": "comma",
    ".": "full_stop",
    "-": "minus",
    "/": "slash",
    "?": "question_mark",
    ":": "colon",
    "_": "underscore",
}


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text key by key."""
    await pilot.press(*[NAMED.get(ch, ch) for ch in text])


async def settle(pilot: Pilot) -> None:
    """Let messages, timers and workers run."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_first_audit(pilot: Pilot) -> None:
    """From the home screen, open the highlighted audit and wait for its screen."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
