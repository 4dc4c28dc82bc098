"""Key names as a user writes them and as Textual sends them, and which need AltGr.

A keys file may say "[", "left_square_bracket", "Esc" or "Ctrl+n"; Textual
matches a binding by its own name of the key ("left_square_bracket",
"escape", "ctrl+n"), so every key a file names is normalised here first, and a
name Textual would never send is refused (it would silently do nothing).
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from textual.keys import KEY_TO_UNICODE_NAME, REPLACED_KEYS, Keys, _character_to_key

MODIFIERS = ("ctrl", "alt", "shift", "super", "meta", "hyper")
# Named keys Textual sends (besides characters, which are checked by their Unicode name).
NAMED_KEYS = frozenset(
    k.value
    for k in Keys
    if "+" not in k.value and "-" not in k.value and not k.value.startswith("<")
)

# Characters that need AltGr on a Swedish (Finnish, Norwegian, German...) keyboard:
# AltGr+2 @, +3 £, +4 $, +5 €, +7 {, +8 [, +9 ], +0 }, ++ \, +< |, +¨ ~, +m µ.
ALTGR_CHARACTERS = "@£$€{[]}\\|~µ"
ALTGR_KEYS = frozenset(_character_to_key(c) for c in ALTGR_CHARACTERS)


def needs_altgr(key: str) -> bool:
    """Whether a key (Textual's name, with or without modifiers) needs AltGr on a
    Swedish keyboard."""
    base = key.rpartition("+")[2] if len(key) > 1 else key
    return base in ALTGR_KEYS or base in ALTGR_CHARACTERS


def _character_of(name: str) -> str | None:
    """The character a key name stands for ("left_square_bracket" -> "["), if any."""
    name = REPLACED_KEYS.get(name, name)
    try:
        return unicodedata.lookup(KEY_TO_UNICODE_NAME.get(name, name.replace("_", " ").upper()))
    except KeyError:
        return None


def normalise_key(key: str) -> str | None:
    """Textual's name for one key as a user may write it, or None if it is no key.

    "[" and "left_square_bracket" both give "left_square_bracket"; "Ctrl+N" gives
    "ctrl+N" (Textual's Ctrl+Shift+N); "Esc"/"Escape" give "escape".
    """
    key = key.strip()
    if not key:
        return None
    if len(key) == 1:
        return _character_to_key(key) if key.isprintable() and not key.isspace() else None
    if key.endswith("++"):  # "ctrl++": the plus key with a modifier
        parts = [*key[:-2].split("+"), "+"]
    else:
        parts = key.split("+")
    *mods, base = parts
    mods = [m.lower() for m in mods]
    if any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return None
    if len(base) == 1:
        if not base.isprintable() or base.isspace():
            return None
        if mods == ["shift"] and base.isalpha():  # Textual sends Shift+A as "A"
            mods, base = [], base.upper()
        base = _character_to_key(base)
    elif base.lower() in NAMED_KEYS or base.lower() == "esc":
        base = "escape" if base.lower() == "esc" else base.lower()
    else:
        char = _character_of(base.lower())
        if char is None or len(char) != 1 or not char.isprintable():
            return None
        base = _character_to_key(char)
    return "+".join([*mods, base])


def key_suggestion(key: str) -> str:
    """The named key closest to what was written ("ctrl+escpe" -> "ctrl+escape"), or ""."""
    names = sorted(NAMED_KEYS | {"esc"})
    base = key.strip().rpartition("+")[2].lower()
    found = difflib.get_close_matches(base, names, n=1)
    return key.strip()[: len(key.strip()) - len(base)] + found[0] if found else ""


# Modifiers that make a key type nothing into a text field (shift does not).
COMMAND_MODIFIERS = ("ctrl", "alt", "super", "meta", "hyper")


def types_nothing(key: str) -> bool:
    """Whether a (normalised) key leaves a text field alone: it has ctrl, alt... or is an
    F key. A priority binding on any other key would take it away from the text."""
    *mods, base = key.split("+")
    return any(m in COMMAND_MODIFIERS for m in mods) or bool(re.fullmatch(r"f\d+", base))
