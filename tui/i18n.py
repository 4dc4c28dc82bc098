"""Interface text: Swedish by default, English available, chosen at run time.

The catalogues are stdlib gettext `.po` files, the one source of truth:

- `tui/locale/<lang>/LC_MESSAGES/granska.po` (sv and en): Granska's own texts.
  The msgid is a key (`"add_observation"`), the msgstr the text. Counts have
  plural entries (`msgid_plural`, `msgstr[0]`, `msgstr[1]`).
- `tui/locale/sv/LC_MESSAGES/textual.po`: Swedish for the texts Textual itself
  shows (key descriptions such as "Dismiss menu"); the msgid is Textual's
  English, so English needs no catalogue.

They are compiled in memory on first use (`tui/po.py`), so there is no build
step and no stale `.mo`.

The rules (tests/test_i18n.py enforces them):

1. Text shown to the user goes through `t("key", name=value)`, or
   `tn("key", n, name=value)` for a count (`{n}` is filled in). Call them
   when the text is shown (in `compose`, `on_mount`, a handler), never at
   import or class definition time.
2. Key bindings and other class-level text declare the key, marked with
   `N_`: `Binding("a", "add_observation", N_("add_observation"))`. The app
   translates every widget's binding descriptions, tooltips, group titles
   and `HELP` when the widget is registered (`tui/textual_i18n.py`, the one
   place that touches Textual's bindings map), so Footer, the key panel and
   the help screen show the language of the running app, whatever the import
   order.
3. A new key goes into both `granska.po` files with the same `{placeholders}`.
   A key built at run time (`t(f"breakdown_{name}")`) must be listed in
   `DYNAMIC_KEYS` of tests/test_i18n.py, with the code that builds it.
4. Errors from store, loader and export are shown through
   `tui.errors.describe(exc)`, which translates an error's `code`.

The language is `set_language("en")` (the CLI's `--lang`, `make_app(language=)`)
or the environment variable GRANSKA_LANG; Swedish otherwise.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

from tui.po import load_translations

LANGUAGES = ("sv", "en")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "granska"
TEXTUAL_DOMAIN = "textual"


def default_language() -> str:
    """GRANSKA_LANG if it names a language Granska has, else Swedish."""
    env = os.environ.get("GRANSKA_LANG", "")
    return env if env in LANGUAGES else "sv"


_language = default_language()


def set_language(language: str | None) -> None:
    """Choose the interface language ('sv' or 'en'); None keeps the current one."""
    global _language
    if language:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        _language = language


def language() -> str:
    """The current interface language."""
    return _language


@cache
def catalogue(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalogue of a language (an empty one if that domain has no file)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return gettext.NullTranslations()
    return load_translations(path)


def N_(key: str) -> str:  # gettext's conventional name for "mark now, translate later"
    """Mark a key for translation where the text is declared, not shown (bindings)."""
    return key


def has(key: str) -> bool:
    """Whether the catalogue of the current language has `key`."""
    if not key:
        return False
    translations = catalogue(_language)
    # gettext answers a missing key with the key itself.
    return translations.gettext(key) != key or translations.ngettext(key, key, 2) != key


def t(key: str, /, **values: object) -> str:
    """The interface text for `key` in the current language, `{names}` filled in."""
    text = catalogue(_language).gettext(key)
    return text.format(**values) if values else text


def tn(key: str, n: int, /, **values: object) -> str:
    """The text for `key` in the plural form that fits `n`; `{n}` and `{names}` filled in."""
    text = catalogue(_language).ngettext(key, key, n)
    return text.format(n=n, **values)


def translate(text: str) -> str:
    """A declared text in the current language: a Granska key, or Textual's own English."""
    if not text:
        return text
    own = catalogue(_language).gettext(text)
    if own != text:
        return own
    return catalogue(_language, TEXTUAL_DOMAIN).gettext(text)


def __getattr__(name: str) -> object:
    # STRINGS was the dict these texts lived in; code written against it still works
    # while it is merged. New code uses has() and t().
    if name == "STRINGS":
        return {
            lang: {k: v for k, v in catalogue(lang)._catalog.items() if isinstance(k, str) and k}  # type: ignore[attr-defined]
            for lang in LANGUAGES
        }
    raise AttributeError(name)
