"""One language at a time: the catalogues are complete, and the app shows one language.

The catalogues (`tui/locale/*/LC_MESSAGES/*.po`) must hold every message in
both languages with the same placeholders and all plural forms, no message may
be unused, and every text Textual itself shows must have Swedish. The app is
driven in-process in both languages after every screen module has been
imported, so the language is proven to be chosen at run time.
"""

from __future__ import annotations

import ast
import errno
import importlib
import io
import pkgutil
import string
from pathlib import Path

import pytest
import textual
from babel.messages.pofile import read_po as babel_read_po
from rich.console import Console
from textual.binding import Binding
from textual.notifications import Notify
from textual.widgets import Static

import tui
import tui.screens
from tests.tui_helpers import open_first_audit, settle, type_text
from tui import i18n
from tui.app import make_app
from tui.errors import describe
from tui.po import PoError, parse_po, read_po

LOCALE = Path(tui.__file__).parent / "locale"
OURS = {lang: LOCALE / lang / "LC_MESSAGES" / "granska.po" for lang in i18n.LANGUAGES}
TEXTUAL_SV = LOCALE / "sv" / "LC_MESSAGES" / "textual.po"
SOURCE_ROOTS = [Path(tui.__file__).parent, Path(tui.__file__).parent.parent / "granska"]

# Keys built at run time: the prefix, and where the key is made.
DYNAMIC_KEYS = {
    "col_": "tui/screens/home.py: the columns of the audit list, t(key) over a table",
    "field_": "tui/screens/history.py: t(f'field_{field}') for a record's field",
    "conflict_": "tui/screens/merge.py: t(f'conflict_{key}') for the table's columns",
    "direction_": "tui/screens/audit.py: t(f'direction_{item.direction}') of a KPI",
    "breakdown_": "tui/screens/audit.py: t(f'breakdown_{b}') of a KPI's breakdown",
    "error_": "tui/errors.py: describe() shows t('error_' + exc.code)",
    "who_": "tui/errors.py: t(f'who_{k}') names a lock holder's user, host and pid",
    "review_state_": "tui/screens/dashboard.py, tui/dialogs/review.py: a review state's name",
    "review_on_": "tui/dialogs/review.py: t(f'review_on_{c.target_kind}') before a comment",
    "gap_": "tui/screens/dashboard.py: t(f'gap_{key}') names a list of store/gaps.py",
}


def messages(path: Path) -> dict[str, list[str]]:
    return {m.msgid: m.forms for m in read_po(path) if m.msgid}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(autouse=True)
def swedish_again():
    yield
    i18n.set_language("sv")


# -- the catalogues --------------------------------------------------------------------


def test_every_message_is_in_both_languages_with_the_same_placeholders():
    sv, en = messages(OURS["sv"]), messages(OURS["en"])
    assert sv.keys() == en.keys(), sv.keys() ^ en.keys()
    for key in sv:
        assert all(sv[key]) and all(en[key]), f"{key}: an empty translation"
        wanted = placeholders(sv[key][0])
        for form in [*sv[key], *en[key]]:
            assert placeholders(form) == wanted, f"{key}: {form!r} has other placeholders"


def test_plural_entries_have_every_form_of_their_language():
    for lang, path in OURS.items():
        entries = read_po(path)
        header = entries[0].msgstr
        assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header, lang
        plural = [m for m in entries if m.msgid_plural is not None]
        assert plural, "counts use plural entries"
        for m in plural:
            assert sorted(m.msgstr_plural) == [0, 1], f"{lang} {m.msgid}"
            assert all("{n}" in form for form in m.forms), f"{lang} {m.msgid}: {{n}} missing"


def test_counts_take_the_plural_form_that_fits():
    i18n.set_language("sv")
    assert i18n.tn("import_added", 1) == "1 ny post"
    assert i18n.tn("import_added", 3) == "3 nya poster"
    assert i18n.tn("import_conflicts", 0) == "0 konflikter"
    assert i18n.STRINGS["sv"]["yes"] == "Ja"  # the old dict, read from the catalogues
    i18n.set_language("en")
    assert i18n.tn("import_added", 1) == "1 new record"
    assert i18n.tn("import_taken", 2) == "2 changes"


def test_our_po_reader_agrees_with_babel():
    for path in [*OURS.values(), TEXTUAL_SV]:
        with path.open("rb") as f:
            theirs = {
                m.id if isinstance(m.id, str) else m.id[0]: (
                    [m.string] if isinstance(m.string, str) else list(m.string)
                )
                for m in babel_read_po(f)
                if m.id
            }
        assert messages(path) == theirs, path


def test_the_po_reader_handles_escapes_continuations_and_fuzzy_entries():
    text = (
        'msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, fuzzy\nmsgid "skip"\nmsgstr "not yet"\n\n'
        'msgid "long"\nmsgstr ""\n"first \\"line\\"\\n"\n"second"\n'
    )
    entries = {m.msgid: m for m in parse_po(text)}
    assert entries["long"].msgstr == 'first "line"\nsecond'
    assert entries["skip"].fuzzy
    with pytest.raises(PoError, match=r"<po>:2:"):
        parse_po('msgid "a"\nmsgstx "b"\n')


def _source_strings() -> tuple[set[str], set[str]]:
    """String constants in the code, and the keys passed literally to t/tn/N_."""
    constants: set[str] = set()
    called: set[str] = set()
    for root in SOURCE_ROOTS:
        for path in root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    constants.add(node.value)
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in {"t", "tn", "N_"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    called.add(node.args[0].value)
    return constants, called


def test_no_message_is_unused_and_every_key_the_code_asks_for_exists():
    keys = set(messages(OURS["sv"]))
    constants, called = _source_strings()
    assert called - keys == set(), "keys used in the code but missing from granska.po"
    unused = {
        key
        for key in keys - constants
        if not any(key.startswith(prefix) for prefix in DYNAMIC_KEYS)
    }
    assert unused == set(), "messages nobody uses (or add the prefix to DYNAMIC_KEYS)"


def _textual_texts() -> set[str]:
    """Every binding description, tooltip and group title Textual's own classes declare."""
    for module in pkgutil.iter_modules(textual.widgets.__path__):
        if not module.name.startswith("__"):
            importlib.import_module(f"textual.widgets.{module.name}")
    importlib.import_module("textual.command")
    from textual.dom import DOMNode

    texts = {"palette", "Open the command palette"}  # App.__init__'s palette binding
    pending = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls.__module__.startswith("textual."):
            continue
        if cls.__dict__.get("BINDING_GROUP_TITLE"):
            texts.add(cls.BINDING_GROUP_TITLE)
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                texts |= {binding.description, binding.tooltip}
            elif len(binding) > 2:
                texts.add(binding[2])
    return texts - {""}


def test_every_text_textual_shows_has_swedish_and_none_is_stale():
    swedish = messages(TEXTUAL_SV)
    shown = _textual_texts()
    assert shown - swedish.keys() == set(), "Textual texts without Swedish"
    assert swedish.keys() - shown == set(), "Swedish for texts this Textual no longer has"
    assert not swedish.keys() & set(messages(OURS["sv"])), "a key and a Textual text collide"


def test_texts_from_a_branch_written_for_the_old_dict_are_added_to_both_catalogues(tmp_path):
    import shutil

    from tui.locale.add_strings import add, strings_of

    shutil.copytree(LOCALE, tmp_path / "locale")
    base = {"sv": {"yes": "Ja", "no": "Nej"}, "en": {"yes": "Yes", "no": "No"}}
    branch = strings_of(
        "STRINGS = {'sv': {'yes': 'Ja!', 'no': 'Nej', 'ny_nyckel': 'Rad 1\\nRad \"2\"'},"
        " 'en': {'yes': 'Yes', 'no': 'No', 'ny_nyckel': 'Line 1\\nLine \"2\"'}}"
    )
    added, changed = add(branch, base, tmp_path / "locale")
    assert (added, changed) == (["ny_nyckel"], ["yes"])
    sv = messages(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "granska.po")
    en = messages(tmp_path / "locale" / "en" / "LC_MESSAGES" / "granska.po")
    assert sv["ny_nyckel"] == ['Rad 1\nRad "2"'] and en["ny_nyckel"] == ['Line 1\nLine "2"']
    assert sv["yes"] == ["Ja"]  # a changed text is reported, not overwritten


def test_class_level_t_calls_of_an_older_branch_become_keys():
    from tui.locale.bindings_to_keys import rewrite

    before = (
        "from textual.binding import Binding\n"
        "from tui.i18n import t\n\n\n"
        "class Pane:\n"
        "    BINDINGS = [\n"
        '        Binding("a", "add", t("add")),\n'
        '        Binding("d", "delete",\n                t("delete"), show=False),\n'
        "    ]\n\n"
        "    def label(self):\n"
        '        return t("add")\n'
    )
    after = rewrite(before)
    assert "from tui.i18n import N_, t\n" in after
    assert 'Binding("a", "add", N_("add"))' in after and 'N_("delete"), show=False' in after
    assert 'return t("add")' in after  # text shown at run time stays t()
    assert rewrite(after) == after


# -- errors at the UI's edge -----------------------------------------------------------


class CodedError(Exception):
    def __init__(self, message: str, code: str | None = None, /, **params: object):
        super().__init__(message)
        self.code = code
        self.params = params


def test_errors_with_a_code_are_translated_and_others_keep_their_message():
    locked = CodedError(
        "x is open elsewhere", "locked", path="/w/x.granska.json", pid=7, host="lap", user=None
    )
    i18n.set_language("sv")
    assert describe(locked).startswith("x.granska.json är öppen i en annan Granska (dator lap,")
    assert "process 7)" in describe(locked)
    newer = CodedError("newer", "newer_schema", file="y.granska.json", version=9, supported=4)
    assert describe(newer).startswith("y.granska.json är skriven av en nyare Granska (filversion 9")
    i18n.set_language("en")
    assert describe(locked).startswith("x.granska.json is open in another Granska (computer lap,")
    nameless = CodedError("x is open elsewhere", "locked", path="/w/x.granska.json", pid=None)
    assert "(a process that left no name)" in describe(nameless)
    # Unknown code, no code, or parameters that do not fit: the engine's own message.
    assert describe(CodedError("odd", code="never_heard_of")) == "odd"
    assert describe(CodedError("plain")) == "plain"
    assert describe(CodedError("mismatch", code="corrupt", path="/w/z.json")) == "mismatch"


def test_os_errors_are_named_in_the_interface_language():
    full = OSError(errno.ENOSPC, "No space left on device", "/data/ystad.granska.json")
    i18n.set_language("sv")
    assert describe(full) == "ystad.granska.json: disken är full"
    assert describe(OSError(errno.EACCES, "Permission denied")) == "åtkomst nekad"
    i18n.set_language("en")
    assert describe(full) == "ystad.granska.json: the disk is full"
    assert describe(OSError(errno.EIO, "Input/output error")) == "Input/output error"


# -- the app in one language, whatever was imported first ------------------------------


def _import_every_screen() -> None:
    for module in pkgutil.iter_modules(tui.screens.__path__):
        importlib.import_module(f"tui.screens.{module.name}")


def _text(renderable) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _shown_bindings(app) -> set[str]:
    return {active.binding.description for active in app.screen.active_bindings.values()}


@pytest.mark.parametrize("first,chosen", [("sv", "en"), ("en", "sv")])
async def test_the_language_is_chosen_at_run_time_after_every_screen_is_imported(
    demo_path: Path, workspace: Path, first: str, chosen: str
):
    from tui.widgets.footer import KeysFooter

    i18n.set_language(first)
    _import_every_screen()
    app = make_app(workspace, language=chosen)
    expected = {
        "en": {"New audit", "Refresh", "Help"},
        "sv": {"Ny granskning", "Uppdatera", "Hjälp"},
    }
    other = "sv" if chosen == "en" else "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = {key.description for key in app.screen.query_one(KeysFooter).keys}
        assert expected[chosen] <= footer, footer
        assert not expected[other] & footer
        await open_first_audit(pilot)
        assert i18n.t("add_observation") in _shown_bindings(app)
        await pilot.press("f1")
        await settle(pilot)
        help_text = _text(app.screen.query_one("#help-keys", Static).content)
        for key in ("back", "add_observation", "assess", "help"):
            assert i18n.t(key) in help_text
        assert ("Tillbaka" in help_text) is (chosen == "sv")
        await pilot.press("ctrl+q")


async def _palette_prompts(pilot) -> list[str]:
    from textual.command import CommandList

    await pilot.pause(0.6)
    options = pilot.app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@pytest.mark.parametrize("lang", ["sv", "en"])
async def test_the_command_palette_and_system_commands_speak_the_language(
    demo_path: Path, workspace: Path, lang: str
):
    from textual.command import CommandInput

    titles = {
        "sv": ("Sök bland kommandon…", "Inga träffar", ["Färgtema", "Tangenter", "Skärmbild"]),
        "en": ("Search for commands…", "No matches found", ["Theme", "Keys", "Screenshot"]),
    }
    placeholder, no_matches, system = titles[lang]
    app = make_app(workspace, language=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.screen.query_one(CommandInput).placeholder == placeholder
        prompts = " | ".join(await _palette_prompts(pilot))
        for title in [*system, i18n.t("cmd_quit"), i18n.t("cmd_export")]:
            assert title in prompts
        if lang == "sv":
            assert "Theme" not in prompts and "Quit" not in prompts and "Keys" not in prompts
        await type_text(pilot, "zzqqxx")
        assert no_matches in " | ".join(await _palette_prompts(pilot))
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, system[0])  # the theme picker, a palette of its own
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(CommandInput).placeholder == i18n.t("theme_placeholder")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")


async def test_the_key_panel_and_textual_widgets_speak_swedish(demo_path: Path, workspace: Path):
    from textual.widgets._key_panel import BindingsTable

    app = make_app(workspace, language="sv")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("b")  # the assessment: a Select
        await settle(pilot)
        await pilot.press("enter")  # its menu is open
        await settle(pilot)
        assert "Stäng menyn" in _shown_bindings(app)
        assert "Dismiss menu" not in _shown_bindings(app)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await type_text(pilot, "Tangenter")
        await pilot.pause(0.6)
        await pilot.press("enter")  # the palette's "Keys": Textual's key panel
        await settle(pilot)
        rows = _text(app.screen.query_one(BindingsTable).render_bindings_table())
        assert "Stäng menyn" in rows or "Visa menyn" in rows, rows
        assert "Show menu" not in rows
        await pilot.press("ctrl+q")


async def test_notifications_of_textual_and_counts_are_in_the_language(
    demo_path: Path, workspace: Path, tmp_path: Path
):
    from store import open_audit
    from tests.store_helpers import colleague_copy

    theirs = colleague_copy(demo_path, tmp_path)
    copy = open_audit(theirs, author="kollega")
    copy.add_observation("analys-prognos", "Kollegans nya iakttagelse.")
    copy.close()
    notes: list[str] = []

    def hook(message) -> None:
        if isinstance(message, Notify):
            notes.append(f"{message.notification.title}: {message.notification.message}")

    (Path.home() / "Downloads").mkdir(parents=True)  # where Textual saves a screenshot
    app = make_app(workspace, language="sv")
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await open_first_audit(pilot)
        await pilot.press("ctrl+c")  # Textual's "do you want to quit?"
        await pilot.press("ctrl+p")
        await type_text(pilot, "Skärmbild")
        await pilot.pause(0.6)
        await pilot.press("enter")  # Textual's screenshot, saved and announced
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("i")
        await type_text(pilot, str(theirs))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert any(n.startswith("Vill du avsluta?: Tryck [b]ctrl+q[/b]") for n in notes), notes
    assert any("1 ny post" in n and "0 konflikter" in n for n in notes), notes
    assert any(n.startswith("Skärmbild: Skärmbilden är sparad: ") for n in notes), notes
    assert not any("Screenshot" in n for n in notes)


def test_make_app_without_a_language_is_swedish_or_granska_lang(monkeypatch, workspace):
    i18n.set_language("en")
    make_app(workspace)
    assert i18n.language() == "sv"
    monkeypatch.setenv("GRANSKA_LANG", "en")
    make_app(workspace)
    assert i18n.language() == "en"


def test_no_class_binds_text_when_it_is_defined():
    # A t(...) call in a class body runs at import, in whatever language was set then;
    # bindings and other class-level texts declare keys with N_ instead.
    for path in Path(tui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for stmt in node.body:
                if not isinstance(stmt, ast.Assign | ast.AnnAssign):
                    continue
                for call in ast.walk(stmt):
                    if isinstance(call, ast.Call) and getattr(call.func, "id", "") in {"t", "tn"}:
                        raise AssertionError(f"{path.name}: {node.name} calls t() at import")
