"""Text from files is shown, never executed: the one sanitiser for what reaches a terminal.

A title, a note or a source name can come from a colleague's copy or a template file.
Printed raw, an escape sequence in it clears the screen, retitles the terminal window
or hides a link; a bidi override turns the rest of the line around; in Textual a
"[bold]" or a stray "[/x]" is read as markup (and a stray closing tag crashes the
screen). This module has no Textual in it, so the command line uses it too:

- `shown(text)`: control characters made visible (ESC as "␛", C1 and bidi overrides
  as "�"), line breaks and tabs as spaces unless `multiline`.
- `plain(text)`: the same as a Rich `Text`, which Textual widgets draw as it is,
  never as markup (Label, Static, DataTable cells, Tree labels, Select prompts).
- `UNSAFE`: the characters that must never reach the terminal raw; the app's line
  filter removes any that a widget still lets through (tui/app.py).
"""

from __future__ import annotations

import re

from rich.text import Text

# Embeddings, overrides and isolates reorder what follows them ("Trojan Source").
_BIDI = "\u202a-\u202e\u2066-\u2069"
# C0 controls, DEL, C1 controls (0x9b is a one-byte CSI on some terminals), bidi.
UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")


def _picture(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode's control pictures: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def shown(text: object, *, multiline: bool = False) -> str:
    """Text safe to show on a terminal: nothing in it is a control sequence."""
    value = "" if text is None else str(text)
    value = _LINE_BREAK.sub("\n" if multiline else " ", value)
    if multiline:
        return "\n".join(UNSAFE.sub(_picture, line) for line in value.split("\n"))
    return UNSAFE.sub(_picture, value)


def plain(text: object, *, multiline: bool = False, style: str = "") -> Text:
    """`shown(text)` as a Rich Text: Textual draws it as it is, never as markup."""
    return Text(shown(text, multiline=multiline), style=style, end="")
