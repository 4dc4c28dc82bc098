"""Review in the app: the dashboard jumps to the item, the dialog sets state, comments, signs."""

from __future__ import annotations

from pathlib import Path

import pytest

from granska.demo import ensure_demo
from store import open_audit
from store.gaps import GAP_LISTS
from tests.screen_text import screen_text
from tests.store_helpers import new_audit
from tests.test_snapshots import keys
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.dialogs.review import ReviewDialog
from tui.screens.audit import AuditScreen
from tui.screens.dashboard import ReviewDashboard
from tui.widgets.item_tree import ItemTree
from tui.widgets.observations import ObservationList


def _seeded(workspace: Path) -> dict[str, str]:
    """An audit with an observation without a source on the third question, and a comment."""
    audit = new_audit(workspace)
    src = audit.add_source("interview", role="Enhetschef", date="2024-03-01")
    audit.add_observation("uppfoljning-insatser", "Med källa.", [src.id])
    loose = audit.add_observation("uppfoljning-insatser", "Utan källa.")
    comment = audit.add_comment("question", "andamalsenliga-insatser", "Stämmer detta?")
    audit.close()
    return {"loose": loose.id, "comment": comment.id}


async def _choose_list(pilot, key: str) -> None:
    """In the dashboard, move the list cursor to the list `key` and press Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, ReviewDashboard)
    target = list(GAP_LISTS).index(key)
    step = "down" if target > screen.lists.cursor_row else "up"
    while screen.lists.cursor_row != target:
        await pilot.press(step)
    await pilot.press("enter")
    await settle(pilot)


async def test_enter_on_a_dashboard_entry_selects_its_observation(workspace: Path):
    ids = _seeded(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDashboard)
        await _choose_list(pilot, "no_source")
        assert app.screen.focused is app.screen.entries
        assert app.screen.entries.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        assert screen.item is not None and screen.item.id == "uppfoljning-insatser"
        assert isinstance(screen.focused, ObservationList)
        assert screen.focused.highlighted is not None
        assert screen.focused.highlighted.id == ids["loose"]
        assert screen.items.cursor_node is not None
        assert screen.items.cursor_node.data == "uppfoljning-insatser"


async def test_enter_on_an_inbox_note_in_the_dashboard_opens_the_inbox(workspace: Path):
    from tui.dialogs.inbox import InboxDialog

    audit = new_audit(workspace)
    audit.add_observation("", "Noterat utan fråga.")
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("o")
        await settle(pilot)
        await _choose_list(pilot, "inbox")
        assert app.screen.entries.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InboxDialog)


async def test_enter_on_an_unobserved_question_selects_it_and_esc_goes_back(workspace: Path):
    _seeded(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("o")
        await settle(pilot)
        await _choose_list(pilot, "no_observations")
        await pilot.press("down", "enter")  # the second question without observations
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        assert screen.item is not None and screen.item.id == "andamalsenliga-insatser"
        assert isinstance(screen.focused, ItemTree)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)  # Esc closes without moving
        assert app.screen.item.id == "andamalsenliga-insatser"


async def test_an_open_comment_entry_opens_the_review_of_its_question(workspace: Path):
    _seeded(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("o")
        await settle(pilot)
        await _choose_list(pilot, "open_comments")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
        assert app.screen.item.id == "andamalsenliga-insatser"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)


async def test_the_review_dialog_sets_state_comments_answers_resolves_and_signs(workspace: Path):
    _seeded(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        await pilot.press("down", "down")  # the third question, with two observations
        await settle(pilot)
        assert screen.item is not None and screen.item.id == "uppfoljning-insatser"
        audit = app.session.audit
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
        await pilot.press("3")
        await settle(pilot)
        assert audit.review_states()["uppfoljning-insatser"] == "ready_for_review"
        await pilot.press("n")
        await type_text(pilot, "Saknar siffror")
        await pilot.press("enter")
        await settle(pilot)
        [comment] = audit.comments("uppfoljning-insatser")
        assert (comment.text, comment.target_kind, comment.written_by) == (
            "Saknar siffror",
            "question",
            "testare",
        )
        await pilot.press("a")
        await type_text(pilot, "Finns i bilaga")
        await pilot.press("enter")
        await settle(pilot)
        assert [c.reply_to for c in audit.comments("uppfoljning-insatser")] == ["", comment.id]
        await pilot.press("r")
        await settle(pilot)
        assert audit.comments("uppfoljning-insatser")[0].resolved
        await pilot.press("s")
        await settle(pilot)
        status = audit.sign_off_status("uppfoljning-insatser")
        assert status is not None and not status.stale
        assert audit.review_states()["uppfoljning-insatser"] == "reviewed"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        label = screen.items.cursor_node.label
        assert label.plain.startswith("◐✓ ")  # reviewed, and signed off

        audit.add_observation("uppfoljning-insatser", "Ändrat efter signering.")
        await settle(pilot)
        assert screen.items.cursor_node.label.plain.startswith("◐! ")  # stale
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.items.cursor_node.label.plain.startswith("◐✓ ")


async def test_a_sign_off_is_withdrawn_with_w_and_w_is_offered_only_when_signed(
    workspace: Path,
):
    _seeded(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        audit = app.session.audit
        await pilot.press("m")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReviewDialog)
        assert "w drar tillbaka" not in screen_text(app)  # nothing to withdraw
        await pilot.press("w")  # does nothing when not signed
        await pilot.press("s")
        await settle(pilot)
        assert audit.sign_off_status("samarbete-af") is not None
        assert "Signerad av testare" in screen_text(app)
        assert "w drar tillbaka" in screen_text(app)
        await pilot.press("w")
        await settle(pilot)
        assert audit.sign_off_status("samarbete-af") is None
        assert audit.review_states()["samarbete-af"] == "ready_for_review"
        text = screen_text(app)
        assert "Signeringen har dragits tillbaka" in text and "w drar tillbaka" not in text
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        assert "✓" not in screen.items.cursor_node.label.plain


async def test_from_the_observation_list_a_comment_is_on_the_observation(workspace: Path):
    ids = _seeded(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("down", "down", "enter")  # the third question's observations
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen) and isinstance(screen.focused, ObservationList)
        await pilot.press("down")
        assert screen.focused.highlighted.id == ids["loose"]
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "Vilken källa")
        await pilot.press("enter")
        await settle(pilot)
        [comment] = app.session.audit.comments("uppfoljning-insatser")
        assert (comment.target_kind, comment.target_id) == ("observation", ids["loose"])
        await pilot.press("n", "enter")  # an empty comment is refused with a message
        await settle(pilot)
        assert len(app.session.audit.comments()) == 2  # the seeded one and this one


# -- snapshots -------------------------------------------------------------------------------

LANGUAGES = ["sv", "en"]


@pytest.fixture
def reviewed_demo(snapshot_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo audit with review work: states, a comment thread, a sign-off gone stale."""
    home = snapshot_workspace.parent / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    path = ensure_demo(snapshot_workspace)
    assert path is not None
    audit = open_audit(path)
    first = audit.template.items()[0].id
    question = audit.add_comment("question", first, "Saknas en källa för avtalet?")
    audit.add_comment("", "", "Intervjun med enhetschefen.", reply_to=question.id)
    obs = audit.observations(first)[0]
    audit.add_comment("observation", obs.id, "Stämmer årtalet?")
    audit.set_review_state(first, "ready_for_review")
    second = audit.template.items()[1].id
    audit.sign_off(second)
    audit.add_observation(second, "Tillagd efter signeringen.")
    audit.close()
    return snapshot_workspace


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name,presses", [("dashboard", ("enter", "o")), ("review_dialog", ("enter", "m"))]
)
def test_review_screens(snap_compare, reviewed_demo, name, presses, language):
    app = make_app(reviewed_demo, language=language)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(*presses))


@pytest.mark.parametrize("language", LANGUAGES)
def test_review_dashboard_large(snap_compare, reviewed_demo, language):
    app = make_app(reviewed_demo, language=language)
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys("enter", "o", "enter"))
