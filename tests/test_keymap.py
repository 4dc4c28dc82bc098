"""Keys work on a Swedish keyboard and can be remapped in a settings file (issue 8, item 14).

Every binding in tui/ has a stable id; no first key of a binding needs AltGr on
a Swedish keyboard; `keys.toml` (user) and `[keys]` in the workspace's
`granska.toml` remap them through Textual's keymap, so the app obeys, and the
footer and help show the new keys; a bad file is reported with file and line
and the defaults still work; `granska keys` lists the ids.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.notifications import Notify
from textual.widgets import Static

from granska.cli import main
from tests.tui_helpers import open_first_audit, settle
from tui.app import make_app
from tui.key_names import ALTGR_CHARACTERS, needs_altgr, normalise_key
from tui.keymap import binding_table, declared_bindings, load_keymap, user_keys_file
from tui.screens.audit import AuditScreen
from tui.widgets.footer import KeysFooter
from tui.widgets.note_editor import NoteEditor


def write_user_keys(text: str) -> Path:
    path = user_keys_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rendered(renderable) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def note_editor_open(app) -> bool:
    return any(editor.display for editor in app.screen.query(NoteEditor))


# -- the bindings as declared -------------------------------------------------------------


def test_every_binding_in_tui_has_a_unique_id_named_screen_dot_action():
    seen: dict[str, str] = {}
    for cls, binding in declared_bindings():
        where = f"{cls.__module__}.{cls.__qualname__}"
        assert isinstance(binding, Binding), f"{where}: {binding!r} is a tuple, give a Binding"
        assert binding.id is not None, f"{where}: {binding.key} -> {binding.action} has no id"
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", binding.id), binding.id
        assert binding.id not in seen, f"{binding.id} in {where} and {seen[binding.id]}"
        seen[binding.id] = where
    # The walk finds the classes of screens, widgets, dialogs and the app.
    assert {"app.quit", "home.new_audit", "audit.add_observation", "jump.cancel"} <= set(seen)
    assert "audit.edit_observation" in seen  # a widget's binding (ObservationList)


@pytest.mark.parametrize("char", list(ALTGR_CHARACTERS))
def test_the_altgr_check_knows_each_character_by_key_name_too(char: str):
    assert needs_altgr(char)
    name = normalise_key(char)
    assert name is not None and needs_altgr(name) and needs_altgr(f"ctrl+{name}")
    for plain in ("a", "n", "ctrl+n", "f1", "escape", "question_mark", "plus", "å", "ctrl+down"):
        assert not needs_altgr(plain)


def test_no_first_key_of_a_binding_needs_altgr_on_a_swedish_keyboard():
    offenders = []
    for cls, binding in declared_bindings():
        key = binding.key if isinstance(binding, Binding) else binding[0]
        first = key.split(",")[0].strip()
        if needs_altgr(first) or needs_altgr(normalise_key(first) or first):
            offenders.append(f"{cls.__qualname__}: {key!r}")
    assert not offenders, "give these a plain first key (keep the old one second): " + ", ".join(
        offenders
    )


# -- the settings files -------------------------------------------------------------------


def test_the_user_file_and_the_workspace_keys_table_are_read_and_the_user_wins(workspace: Path):
    (workspace / "granska.toml").write_text(
        '[report]\nmode = "0640"\n\n[keys]\n"audit.assess" = "g"\n"audit.export" = "ctrl+e"\n',
        encoding="utf-8",
    )
    user = write_user_keys('"audit.export" = "ctrl+o, y"\n"home.new_audit" = "N"\n')
    result = load_keymap(workspace)
    assert result.problems == []
    assert result.keymap == {
        "audit.assess": "g",
        "audit.export": "ctrl+o,y",
        "home.new_audit": "N",
    }
    assert result.sources["audit.export"] == user
    assert result.sources["audit.assess"] == workspace / "granska.toml"
    assert result.current_keys()["audit.add_observation"] == ("a",)


def test_keys_may_be_written_as_characters_names_lists_or_unquoted_dotted_ids(workspace: Path):
    write_user_keys(
        'audit.add_observation = "+"\n'  # unquoted: a dotted key in TOML
        '"audit.assess" = ["ctrl+b", "F6"]\n'
        '[recommendations]\nadd = "ctrl+E"\n'
    )
    result = load_keymap(workspace)
    assert result.problems == []
    assert result.keymap["audit.add_observation"] == "plus"
    assert result.keymap["audit.assess"] == "ctrl+b,f6"
    assert result.keymap["recommendations.add"] == "ctrl+E"


def test_each_problem_names_the_file_and_line_and_only_its_line_is_not_used(workspace: Path):
    path = write_user_keys(
        "# my keys\n"
        '"audit.add_observaton" = "n"\n'  # 2: typo
        '"audit.assess" = "ctrl+blah"\n'  # 3: no such key
        '"audit.export" = "b"\n'  # 4: b is assess's key on the audit screen
        '"audit.history" = 5\n'  # 5: not text
        '"home.new_audit" = "ctrl+p"\n'  # 6: Textual's command palette
        '"audit.overall" = "S"\n'  # 7: fine
    )
    result = load_keymap(workspace)
    lines = [str(p) for p in result.problems]
    assert lines == [
        f"{path}:2: unknown binding id 'audit.add_observaton' "
        "(did you mean 'audit.add_observation'?); see: granska keys",
        f"{path}:3: 'audit.assess': 'ctrl+blah' is not a key name",
        f"{path}:4: 'audit.export': 'b' is already the key of 'audit.assess' on the same screen;"
        " this line is not used",
        f'{path}:5: \'audit.history\': give the keys as text in quotes, e.g. "n" or "n,ctrl+n"',
        f"{path}:6: 'home.new_audit': 'ctrl+p' is already the key of 'Textual: command palette'"
        " on the same screen; this line is not used",
    ]
    assert result.keymap == {"audit.overall": "S"}


def test_a_key_of_another_screen_or_a_swap_is_no_clash(workspace: Path):
    write_user_keys(
        '"audit.add_observation" = "q"\n'  # q is home's "quit": another screen
        '"audit.assess" = "a"\n'  # a swap: a and b change places
        '"audit.edit_observation" = "enter,b"\n'
    )
    result = load_keymap(workspace)
    assert result.problems == []
    assert len(result.keymap) == 3


def test_between_the_two_files_the_workspace_line_gives_way(workspace: Path):
    (workspace / "granska.toml").write_text('[keys]\n"audit.export" = "g"\n', encoding="utf-8")
    write_user_keys('"audit.assess" = "g"\n')
    result = load_keymap(workspace)
    assert result.keymap == {"audit.assess": "g"}
    [problem] = result.problems
    assert problem.path == workspace / "granska.toml" and problem.line == 2


def test_a_file_that_is_not_toml_is_reported_at_its_line_and_nothing_applies(workspace: Path):
    path = write_user_keys('"audit.assess" = "g"\n"audit.export" = \n')
    result = load_keymap(workspace)
    [problem] = result.problems
    assert problem.code == "toml" and problem.line == 2 and problem.path == path
    assert result.keymap == {}


# -- the app ----------------------------------------------------------------------------


async def test_a_keys_file_remaps_add_observation_and_the_footer_and_help_show_it(
    demo_path: Path, workspace: Path
):
    write_user_keys('"audit.add_observation" = "w"\n')
    app = make_app(workspace, language="en")
    notes: list[Notify] = []
    async with app.run_test(size=(120, 40), message_hook=lambda m: notes.append(m)) as pilot:
        await open_first_audit(pilot)
        assert isinstance(app.screen, AuditScreen)
        footer = {key.description: key.key for key in app.screen.query_one(KeysFooter).keys}
        assert footer["New observation"] == "w"
        await pilot.press("f1")
        await settle(pilot)
        help_rows = rendered(app.screen.query_one("#help-keys", Static).content).splitlines()
        [row] = [r for r in help_rows if "New observation" in r]
        assert row.split() == ["w", "New", "observation"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert not note_editor_open(app)
        await pilot.press("w")
        await settle(pilot)
        assert note_editor_open(app)
        await pilot.press("escape")
        await settle(pilot)
    assert not [
        m for m in notes if isinstance(m, Notify) and m.notification.severity != "information"
    ]


async def test_a_bad_keys_file_is_said_in_a_notification_and_the_defaults_work(
    demo_path: Path, workspace: Path
):
    path = write_user_keys('"audit.add_observaton" = "w"\n"audit.assess" = "ctrl+blah"\n')
    app = make_app(workspace)  # Swedish
    notes: list[Notify] = []
    async with app.run_test(size=(120, 40), message_hook=lambda m: notes.append(m)) as pilot:
        await open_first_audit(pilot)
        warnings = [m.notification for m in notes if isinstance(m, Notify)]
        [warning] = [n for n in warnings if n.severity == "warning"]
        assert warning.title == "Fel i tangentinställningarna"
        assert f"{path}, rad 1: okänt id 'audit.add_observaton'" in warning.message
        assert "menade du 'audit.add_observation'?" in warning.message
        assert f"{path}, rad 2: 'audit.assess': 'ctrl+blah' är inget tangentnamn" in warning.message
        await pilot.press("a")
        await settle(pilot)
        assert note_editor_open(app)
        await pilot.press("escape")
        await settle(pilot)


# -- the command line ------------------------------------------------------------------


def test_granska_keys_lists_every_id_with_its_keys_and_description(workspace: Path, capsys):
    write_user_keys('"audit.add_observation" = "w"\n')
    assert main(["keys", "--workspace", str(workspace)]) == 0
    out = capsys.readouterr().out
    for binding_id in binding_table():
        assert f'"{binding_id}" = ' in out
    assert re.search(r'"audit.add_observation" = "w" +# New observation \[keys.toml\]', out)
    assert re.search(r'"home.new_audit" = "n" +# New audit\n', out)


def test_granska_keys_check_prints_one_line_per_problem_and_fails(workspace: Path, capsys):
    path = write_user_keys('"audit.add_observaton" = "w"\n')
    assert main(["keys", "--check", "--workspace", str(workspace)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{path}:1: unknown binding id 'audit.add_observaton' "
        "(did you mean 'audit.add_observation'?); see: granska keys"
    ]
    write_user_keys('"audit.add_observation" = "w"\n')
    assert main(["keys", "--check", "--workspace", str(workspace)]) == 0
    assert capsys.readouterr().out == f"{path}: ok\n"


def test_a_key_that_works_while_typing_must_type_nothing(workspace: Path):
    path = write_user_keys(
        '"audit.next_item" = "n"\n'  # works inside the note field: would eat every "n"
        '"audit.previous_item" = "ctrl+up,f7"\n'
        '"audit.jump" = "alt+g"\n'
    )
    result = load_keymap(workspace)
    assert [str(p) for p in result.problems] == [
        f"{path}:1: 'audit.next_item' works even while you type in a field, so 'n' would "
        "never reach the text: give it ctrl+, alt+ or an F key"
    ]
    assert result.keymap == {"audit.previous_item": "ctrl+up,f7", "audit.jump": "alt+g"}


def test_key_names_are_normalised_to_what_textual_sends():
    assert normalise_key("[") == "left_square_bracket"
    assert normalise_key("Esc") == "escape"
    assert normalise_key("Shift+a") == "A"
    assert normalise_key("ctrl++") == "ctrl+plus"
    assert normalise_key("ctrl+ö") == "ctrl+ö"
    assert normalise_key("backslash") == "backslash"
    for nonsense in ("", " ", "ctrl+", "hyperx+a", "ctrl+ctrl+a", "escpe", "f99x"):
        assert normalise_key(nonsense) is None, nonsense


async def _footer_of_audit_screen(workspace: Path) -> list[tuple[str, str]]:
    app = make_app(workspace, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        return [(key.key, key.description) for key in app.screen.query_one(KeysFooter).keys]


async def test_a_remapped_key_keeps_its_place_in_the_footer_at_80_columns(
    demo_path: Path, workspace: Path
):
    before = await _footer_of_audit_screen(workspace)
    assert ("a", "New observation") in before
    write_user_keys('"audit.add_observation" = "w"\n"audit.next_item" = "ctrl+n"\n')
    after = await _footer_of_audit_screen(workspace)
    # Textual's keymap alone moves remapped bindings to the end of the footer, where
    # 80 columns cut them off; here they stay where they were declared.
    expected = [
        {"a": "w", "ctrl+down": "ctrl+n"}.get(key, key)
        for key, _ in before
        if key != "alt+n"  # the second default key of next_item is replaced, not kept
    ]
    assert [key for key, _ in after] == expected
