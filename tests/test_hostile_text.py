"""Text from files is shown, never executed: no escape code, control character or
markup in a title, a note or a source name reaches the terminal as such.

Such text arrives with a colleague's copy (merge) or a template file; here it is
written through the store, as a merge would land it.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from granska.cli import main
from store import Audit
from tests.screen_text import screen_text
from tests.store_helpers import new_audit
from tests.tui_helpers import open_first_audit, settle
from tui.app import make_app
from tui.safe_text import UNSAFE, shown
from tui.screens.audit import AuditScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.history import HistoryScreen
from tui.screens.observation import ObservationScreen

TITLE = "\x1b]0;pwned\x07\x1b[2JEvil [bold]x[/bold]"
# Escape, BEL, C1 CSI, DEL, a bidi override and an isolate: none may reach the terminal.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_audit(folder: Path) -> Audit:
    audit = new_audit(folder, title=TITLE)
    audit.update_meta(
        municipality="Ystad\u202eRTL\x9b31m",
        committee="\x1b]8;;http://evil\x1b\\klicka\x1b]8;;\x1b\\ [/x]",
    )
    source = audit.add_source("interview", role="Chef [/b] \x1b[31m")
    audit.add_observation(
        "samarbete-af", "Anteckning \x1b[2J med [red]markup[/red] och [/x]", [source.id]
    )
    return audit


def test_shown_makes_controls_visible_and_keeps_text():
    assert shown(TITLE) == "␛]0;pwned␇␛[2JEvil [bold]x[/bold]"
    assert shown("a\u202eb\x9bc\x7f") == "a\ufffdb\ufffdc\u2421"
    assert shown("rad 1\nrad 2\r\n\trad 3") == "rad 1 rad 2  rad 3"
    assert shown("rad 1\r\nrad 2", multiline=True) == "rad 1\nrad 2"
    assert shown("Åsa Öberg – “bra”") == "Åsa Öberg – “bra”"


@given(st.text())
def test_nothing_unsafe_survives_shown(text: str):
    assert not UNSAFE.search(shown(text))
    assert not UNSAFE.search(shown(text, multiline=True).replace("\n", ""))
    safe = "".join(ch for ch in text if not UNSAFE.search(ch))
    if safe == text:  # text without controls is shown as it is
        assert shown(text) == text


def test_granska_list_prints_no_escape_codes(workspace: Path, capsys):
    hostile_audit(workspace).close()
    assert main(["list", "--workspace", str(workspace)]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out), repr(out)
    [line] = out.splitlines()
    fields = line.split("\t")
    assert fields[1] == "␛]0;pwned␇␛[2JEvil [bold]x[/bold]"
    assert fields[2] == "Ystad\ufffdRTL\ufffd31m"
    assert len(fields) == 6  # nothing in a field breaks the columns


def test_checklist_problems_print_no_escape_codes(tmp_path: Path, capsys):
    path = tmp_path / "t.yaml"
    path.write_text("id: x\n\x1b[2Jkey: 1\n", encoding="utf-8")
    assert main(["checklists", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out and not RAW.search(out), repr(out)


async def test_the_app_shows_hostile_text_as_text(workspace: Path):
    hostile_audit(workspace).close()
    app = make_app(workspace, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = screen_text(app)
        assert not RAW.search(home), repr(home)
        assert "␛]0;pwned␇␛[2JEvil [bold]x" in home  # markup shown, not applied

        await open_first_audit(pilot)
        assert isinstance(app.screen, AuditScreen)
        audit_screen = screen_text(app)
        assert not RAW.search(audit_screen), repr(audit_screen)
        assert "Anteckning ␛[2J med [red]markup[/red] och [/x]" in audit_screen
        assert "Chef [/b] ␛[31m" in audit_screen

        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        history = screen_text(app)
        assert not RAW.search(history) and "[red]markup[/red]" in history
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ObservationScreen)
        await pilot.press("tab", "enter")  # open the list of sources
        await settle(pilot)
        editor = screen_text(app)
        assert not RAW.search(editor) and "Chef [/b] ␛[31m" in editor
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = screen_text(app)
        assert not RAW.search(question) and "[red]markup[/red] och [/x]" in question


async def test_no_widget_lets_a_control_character_through(workspace: Path):
    """The app's line filter is the backstop for text a screen did not make safe."""
    app = make_app(workspace, language="en")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.sub_title = "\x1b]0;pwned\x07\x1b[2J\u202eraw"
        app.notify("\x1b[2J [/x] fil.json")
        await settle(pilot)
        text = screen_text(app)
        assert "]0;pwned" in text and "raw" in text
        assert not RAW.search(text), repr(text)
        assert "␛[2J [/x] fil.json" in text


async def test_template_text_with_brackets_is_text_everywhere(workspace: Path):
    """Template texts come from a file too: "[/x]" in a section title or a question
    crashed the tree, the history and the recommendation editor with a MarkupError."""
    from checklists import parse_template
    from checklists.library import BUNDLED_DIR
    from store import create_audit
    from tui.screens.recommendations import RecommendationEditor, RecommendationsScreen

    text = (BUNDLED_DIR / "arbetsmarknadsinsatser.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "title: Organisation och samarbete", 'title: "Organisation [/x] \\e]0;pwned\\a"'
    )
    text = text.replace(
        "text: Finns det ett etablerat samarbete med Arbetsförmedlingen?",
        "text: 'Finns [/b] ett [link=x]samarbete[/link]?'",
    )
    template = parse_template(text, "mall.yaml")
    create_audit(workspace, template, title="Mall med hakparenteser").close()
    app = make_app(workspace, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        assert isinstance(app.screen, AuditScreen)
        screen = screen_text(app)
        assert (
            "Organisation [/x]" in screen and "Finns [/b] ett [link=x]samarbete[/link]?" in screen
        )
        assert not RAW.search(screen)
        await pilot.press("h")
        await settle(pilot)
        assert "Finns [/b] ett" in screen_text(app)
        await pilot.press("escape", "r")
        await settle(pilot)
        assert isinstance(app.screen, RecommendationsScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, RecommendationEditor)
        assert "Finns [/b] ett [link=x]samarbete[/link]?" in screen_text(app)
