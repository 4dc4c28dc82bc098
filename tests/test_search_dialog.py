"""The search dialog (issue 10), driven with a Pilot like a user: /, type, Enter, Esc.

Proves that / and Ctrl+F (also inside a field) open it, that results follow the
typing, that Enter lands on the item (and on the observation in its list), that
a match typed without å ä ö is found, and that text from the audit is shown as
text, never as markup.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from store import open_audit
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.dialogs.search import SearchDialog
from tui.screens.audit import AuditScreen


def audit_screen(app) -> AuditScreen:
    assert isinstance(app.screen, AuditScreen)
    return app.screen


def dialog(app) -> SearchDialog:
    assert isinstance(app.screen, SearchDialog)
    return app.screen


async def test_slash_type_enter_goes_to_the_observation_found(demo_path: Path, workspace: Path):
    audit = open_audit(demo_path, read_only=True)
    [target] = [o for o in audit.observations("uppfoljning-insatser") if "Accorda" in o.text]
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        assert audit_screen(app).item is not None
        assert audit_screen(app).item.id == "samarbete-af"
        await pilot.press("slash")
        await settle(pilot)
        await type_text(pilot, "accorda")
        await settle(pilot)
        [first, *_] = dialog(app).results
        assert (first.kind, first.record_id) == ("observation", target.id)
        await pilot.press("enter")
        await settle(pilot)
        screen = audit_screen(app)
        assert screen.item is not None and screen.item.id == "uppfoljning-insatser"
        assert screen.items.cursor_node is not None
        assert screen.items.cursor_node.data == "uppfoljning-insatser"
        assert screen.observations.highlighted is not None
        assert screen.observations.highlighted.id == target.id
        assert screen.focused is screen.observations


async def test_a_query_without_a_ring_or_umlauts_finds_the_question(
    demo_path: Path, workspace: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("slash")
        await type_text(pilot, "genomfors analyser")  # "Genomförs analyser och prognoser ..."
        await settle(pilot)
        results = dialog(app).results
        assert results and results[0].kind == "item" and results[0].item_id == "analys-prognos"
        assert not results[0].exact
        await pilot.press("enter")
        await settle(pilot)
        screen = audit_screen(app)
        assert screen.item is not None and screen.item.id == "analys-prognos"
        assert screen.focused is screen.items


async def test_ctrl_f_while_writing_a_note_files_it_and_goes_to_the_match(
    demo_path: Path, workspace: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await type_text(pilot, "Anteckning under intervjun")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        await type_text(pilot, "accorda")
        await pilot.press("enter")
        await settle(pilot)
        screen = audit_screen(app)
        assert screen.item is not None and screen.item.id == "uppfoljning-insatser"
        assert not screen.writing
        notes = [o.text for o in app.session.audit.observations("samarbete-af")]
        assert "Anteckning under intervjun" in notes


async def test_ctrl_f_opens_search_from_inside_a_field_and_esc_closes_it(
    demo_path: Path, workspace: Path
):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("b")  # the assessment: focus is in a field
        await settle(pilot)
        before = audit_screen(app).item
        await pilot.press("ctrl+f")
        await settle(pilot)
        dialog(app)
        await type_text(pilot, "prognos")
        await pilot.press("escape")
        await settle(pilot)
        assert audit_screen(app).item == before


async def test_results_follow_the_typing_and_say_how_many_more(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("slash")
        await type_text(pilot, "a")
        await settle(pilot)
        many = len(dialog(app).results)
        await type_text(pilot, "rbetsförmedlingen")
        await settle(pilot)
        few = dialog(app).results
        assert 0 < len(few) < many
        assert all(
            "arbetsförmedlingen" in r.snippet.casefold()
            for r in few  # every word shown is in its snippet
        )
        await type_text(pilot, " xyzzy")
        await settle(pilot)
        assert dialog(app).results == []
        status = app.screen.query_one("#search-status").render()
        assert "Inga träffar" in str(status)


async def test_a_new_note_is_found_by_the_next_search(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await type_text(pilot, "Helt ny uppgift om Xylofonprojektet.")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # from the list back to the tree
        await pilot.press("slash")
        await type_text(pilot, "xylofon")
        await settle(pilot)
        [found] = dialog(app).results
        assert found.kind == "observation" and found.item_id == "samarbete-af"


@pytest.mark.parametrize("text", ["[bold]fet[/bold] och [/x] trasig", "\x1b[2J rensa"])
async def test_markup_and_control_characters_in_a_note_are_shown_as_text(
    demo_path: Path, workspace: Path, text: str
):
    audit = open_audit(demo_path)
    audit.add_observation("samarbete-af", f"Markering {text} Zebrafink.")
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zebrafink")
        await settle(pilot)
        [found] = dialog(app).results
        option = app.screen.query_one("#search-results").get_option_at_index(0)
        shown = str(option.prompt)
        assert "\x1b" not in shown
        if "[bold]" in text:
            assert "[bold]fet[/bold]" in shown and "[/x]" in shown
        await pilot.press("enter")
        await settle(pilot)
        assert audit_screen(app).observations.highlighted is not None
        assert audit_screen(app).observations.highlighted.id == found.record_id


async def test_at_most_fifty_results_are_listed_and_the_rest_counted(
    demo_path: Path, workspace: Path
):
    audit = open_audit(demo_path)
    for n in range(60):
        audit.add_observation("andamalsenliga-insatser", f"Protokoll nummer {n} granskat.")
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("slash")
        await type_text(pilot, "protokoll")
        await settle(pilot)
        assert len(dialog(app).results) == 50
        assert app.screen.query_one("#search-results").option_count == 50
        status = str(app.screen.query_one("#search-status").render())
        assert status.startswith("10 träffar till")


async def test_a_slash_typed_in_a_note_is_text_not_search(demo_path: Path, workspace: Path):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("a")
        await type_text(pilot, "och/eller")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("escape")
        await settle(pilot)
        notes = [o.text for o in app.session.audit.observations("samarbete-af")]
        assert "och/eller" in notes


async def test_a_recommendation_tied_to_no_question_opens_the_recommendations(
    demo_path: Path, workspace: Path
):
    from tui.screens.recommendations import RecommendationsScreen

    audit = open_audit(demo_path)
    audit.add_recommendation("Inför en gemensam Kvittensrutin.")
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kvittens")
        await settle(pilot)
        [found] = dialog(app).results
        assert found.kind == "recommendation" and found.item_id is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecommendationsScreen)
