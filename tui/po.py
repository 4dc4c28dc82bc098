"""Read gettext `.po` catalogues into stdlib `gettext` translations, no tools needed.

The `.po` files in `tui/locale/` are the source of truth. Instead of shipping
compiled `.mo` files that can go stale (and needing GNU msgfmt or Babel to make
them), the catalogue is compiled in memory when the app starts: this module
parses the `.po` text, writes the `.mo` bytes exactly as CPython's
`Tools/i18n/msgfmt.py` does, and hands them to `gettext.GNUTranslations`. So
lookups, fallbacks and the `Plural-Forms` header are the standard library's,
and a catalogue of a few hundred messages compiles in a millisecond or two.
Babel (a test dependency only) reads the same files in a test, so the two
readers cannot drift.
"""

from __future__ import annotations

import array
import ast
import gettext
import io
import struct
from dataclasses import dataclass, field
from pathlib import Path


class PoError(ValueError):
    """A `.po` file that cannot be read, with file and line."""


@dataclass
class PoMessage:
    """One entry of a `.po` file."""

    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    fuzzy: bool = False
    line: int = 0

    @property
    def forms(self) -> list[str]:
        """The translated texts: one, or one per plural form."""
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)]


def read_po(path: Path) -> list[PoMessage]:
    """Parse a `.po` file; the header is the entry with the empty msgid."""
    return parse_po(path.read_text(encoding="utf-8"), str(path))


def parse_po(text: str, name: str = "<po>") -> list[PoMessage]:
    """Parse `.po` text (msgid, msgid_plural, msgstr, msgstr[n], comments, flags)."""
    messages: list[PoMessage] = []
    current: PoMessage | None = None
    comments: list[str] = []
    fuzzy = False
    section = ""  # which string the continuation lines extend

    def finish() -> None:
        nonlocal current
        if current is not None:
            messages.append(current)
            current = None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if current is not None and section != "comment":
                finish()
            section = "comment"
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#."):
                comments.append(line[2:].strip())
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or not section or section == "comment":
                raise PoError(f"{name}:{number}: a string outside an entry")
            value = _string(line, name, number)
            if section == "msgid":
                current.msgid += value
            elif section == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + value
            elif section == "msgstr":
                current.msgstr += value
            else:
                index = int(section[7:-1])
                current.msgstr_plural[index] += value
            continue
        value = _string(rest.strip(), name, number)
        if keyword == "msgid":
            finish()
            current = PoMessage(value, comments=comments, fuzzy=fuzzy, line=number)
            comments, fuzzy = [], False
        elif current is None:
            raise PoError(f"{name}:{number}: {keyword} before msgid")
        elif keyword == "msgid_plural":
            current.msgid_plural = value
        elif keyword == "msgstr":
            current.msgstr = value
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            try:
                current.msgstr_plural[int(keyword[7:-1])] = value
            except ValueError:
                raise PoError(f"{name}:{number}: bad plural index {keyword}") from None
        else:
            raise PoError(f"{name}:{number}: unknown keyword {keyword!r}")
        section = keyword
    finish()
    return messages


def _string(token: str, name: str, number: int) -> str:
    """One quoted C-style string of a `.po` line, unescaped."""
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise PoError(f"{name}:{number}: expected a quoted string, got {token!r}")
    if "\\" not in token:
        return token[1:-1]  # nothing to unescape: the common case, and much faster
    try:
        # .po escapes are C escapes: \" \\ \n \t; Python literal rules cover them.
        return ast.literal_eval(token)
    except (ValueError, SyntaxError):
        raise PoError(f"{name}:{number}: bad string {token}") from None


def compile_mo(messages: list[PoMessage]) -> bytes:
    """The `.mo` bytes of the messages (fuzzy and untranslated entries left out).

    The layout is GNU gettext's, written as CPython's Tools/i18n/msgfmt.py does:
    header, the table of original strings, the table of translations, then the
    strings themselves, keys sorted.
    """
    catalogue: dict[bytes, bytes] = {}
    for m in messages:
        if m.fuzzy and m.msgid:
            continue
        forms = m.forms
        if not all(forms) and m.msgid:
            continue
        key = m.msgid if m.msgid_plural is None else f"{m.msgid}\0{m.msgid_plural}"
        catalogue[key.encode()] = "\0".join(forms).encode()
    keys = sorted(catalogue)
    ids = strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for k in keys:
        offsets.append((len(ids), len(k), len(strs), len(catalogue[k])))
        ids += k + b"\0"
        strs += catalogue[k] + b"\0"
    keystart = 7 * 4 + 16 * len(keys)
    valuestart = keystart + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    return header + array.array("i", koffsets + voffsets).tobytes() + ids + strs


def load_translations(path: Path) -> gettext.GNUTranslations:
    """A stdlib translation object for one `.po` file."""
    return gettext.GNUTranslations(io.BytesIO(compile_mo(read_po(path))))
