"""YAML alias bombs are refused fast, with file:line:column, wherever YAML is read.

A "billion laughs" file is a few hundred bytes whose aliases repeat one anchor into
billions of values; before the alias budget it ran for minutes and died of memory.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from checklists import ChecklistError, parse_template
from checklists.library import load_library
from checklists.yamlsafe import ALIAS_BUDGET
from granska.cli import main
from store import StoreError, create_audit, list_audits, open_audit
from tests.test_checklists import GOOD

LAUGHS = """\
x0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
x1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
x2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
x3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
x4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
x5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
x6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
x7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
x8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
"""

# The bomb is the id of a section and of an item: the loader names both in its
# messages, which is where the expansion used to happen.
BOMB_AS_ID = (
    LAUGHS
    + """\
id: bomb
version: 1
title: Bomb
kind: audit
scales:
  - id: s
    values:
      - {id: ja, label: Ja, meaning: positive}
sections:
  - id: *a8
    title: Avsnitt
    items:
      - id: *a8
        text: Fungerar det?
"""
)


def test_an_alias_bomb_as_an_id_is_refused_in_well_under_a_second():
    start = time.perf_counter()
    with pytest.raises(ChecklistError) as info:
        parse_template(BOMB_AS_ID, "bomb.yaml")
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0
    (problem,) = info.value.problems
    # The alias that crosses the budget: the first `*a3`, on line 5 (x4), column 10.
    assert str(problem).startswith("bomb.yaml:5:10: ")
    assert f"aliases repeat more than {ALIAS_BUDGET} values" in str(problem)


def test_a_merge_key_bomb_is_refused_too():
    levels = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}"]
    for n in range(1, 9):
        levels.append(f"m{n}: &m{n} {{<<: [{', '.join([f'*m{n - 1}'] * 9)}]}}")
    start = time.perf_counter()
    with pytest.raises(ChecklistError) as info:
        parse_template("\n".join(levels) + "\n", "merge.yaml")
    assert time.perf_counter() - start < 1.0
    assert "aliases repeat more than" in str(info.value)


def test_aliases_within_the_budget_still_work():
    text = GOOD.replace("criteria: [kl]", "criteria: &refs [kl]") + (
        "      - id: q2\n        text: Och detta?\n        criteria: *refs\n"
    )
    template = parse_template(text, "t.yaml")
    assert [item.criteria for item in template.items()] == [("kl",), ("kl",)]


def test_a_recursive_alias_is_a_message_not_a_crash():
    with pytest.raises(ChecklistError) as info:
        parse_template("id: &a [*a]\n", "loop.yaml")
    assert str(info.value).startswith("loop.yaml:")


def test_the_validator_cli_reports_the_bomb_on_one_line(tmp_path: Path, capsys):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB_AS_ID, encoding="utf-8")
    start = time.perf_counter()
    assert main(["checklists", "validate", str(path)]) == 1
    assert time.perf_counter() - start < 1.0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{path}:5:10: invalid YAML: aliases repeat more than {ALIAS_BUDGET} values "
        "(write the values out, or use fewer aliases)"
    ]


def bombed_audit(folder: Path) -> Path:
    """An audit whose own copy of the template is an alias bomb."""
    template = load_library().get("arbetsmarknadsinsatser")
    audit = create_audit(folder, replace(template, yaml_text=BOMB_AS_ID), title="Bombad")
    path = audit.path
    audit.close()
    return path


def test_an_audit_whose_template_copy_is_a_bomb_is_listed_with_an_error(workspace: Path):
    path = bombed_audit(workspace)
    start = time.perf_counter()
    (summary,) = list_audits(workspace)
    assert time.perf_counter() - start < 1.0
    assert summary.path == str(path)
    assert "template copy is damaged" in summary.error
    assert "aliases repeat more than" in summary.error


def test_opening_that_audit_says_the_template_copy_is_damaged(workspace: Path):
    path = bombed_audit(workspace)
    audit = open_audit(path, read_only=True)
    try:
        start = time.perf_counter()
        with pytest.raises(StoreError, match="template copy is damaged"):
            audit.template  # noqa: B018 - the property parses the copy
        assert time.perf_counter() - start < 1.0
    finally:
        audit.close()


def test_granska_list_shows_that_audit_with_its_error(workspace: Path, capsys):
    path = bombed_audit(workspace)
    start = time.perf_counter()
    assert main(["list", "--workspace", str(workspace)]) == 0
    assert time.perf_counter() - start < 1.0
    out = capsys.readouterr().out
    assert path.name in out and "template copy is damaged" in out


async def test_the_app_lists_that_audit_and_opening_it_says_the_copy_is_damaged(
    workspace: Path,
):
    from tests.screen_text import screen_text
    from tests.tui_helpers import settle
    from tui.app import make_app
    from tui.screens.home import HomeScreen

    path = bombed_audit(workspace)
    app = make_app(workspace, language="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        start = time.perf_counter()
        await settle(pilot)
        assert path.name in screen_text(app)  # listed (by file name, with its error)
        await pilot.press("enter")
        await settle(pilot)
        assert time.perf_counter() - start < 5.0  # the whole app round, loaded machine
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Cannot open" in text or "cannot open" in text.lower(), text
        assert "aliases repeat more than" in text.replace("\n", " ")
