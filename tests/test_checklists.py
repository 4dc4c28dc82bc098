"""The template language: the bundled library validates; bad input names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklists import ChecklistError, parse_template
from checklists.library import BUNDLED_DIR, load_library
from granska.cli import main

GOOD = """\
id: mini
version: 2
title: Mini
kind: audit
scales:
  - id: s
    values:
      - {id: ja, label: Ja, meaning: positive}
      - {id: nej, label: Nej, meaning: negative}
criteria:
  - {id: kl, title: Kommunallag, text: Nämnden ska ...}
sections:
  - id: sec
    title: Avsnitt
    items:
      - id: q1
        text: Fungerar det?
        criteria: [kl]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ChecklistError) as info:
        parse_template(text, "t.yaml")
    return [str(p) for p in info.value.problems]


def test_every_bundled_template_validates():
    library = load_library()
    assert library.problems == []
    ids = {t.id for t in library.offered()}
    assert "arbetsmarknadsinsatser" in ids
    for path in BUNDLED_DIR.glob("*.yaml"):
        assert parse_template(path.read_bytes(), str(path)).sections


def test_seed_004_template_has_its_four_questions_and_scale():
    t = load_library().get("arbetsmarknadsinsatser")
    assert [q.id for q in t.questions()] == [
        "samarbete-af",
        "andamalsenliga-insatser",
        "uppfoljning-insatser",
        "analys-prognos",
    ]
    scale = t.scale_for(t.questions()[0])
    assert [v.label for v in scale.values] == ["Ja", "Delvis", "Till viss del", "Nej", "Ej bedömd"]
    assert all(q.probe and q.criteria for q in t.questions())
    assert len(t.criteria) == 5


def test_a_good_template_loads_with_defaults():
    t = parse_template(GOOD)
    assert (t.id, t.version, t.language, t.default_scale) == ("mini", 2, "sv", "s")
    assert t.text("summary") == "Sammanfattning"
    assert t.item("q1").criteria == ("kl",)


def test_unknown_key_names_line_and_suggests():
    bad = GOOD.replace("    title: Avsnitt", "    titel: Avsnitt")
    found = problems(bad)
    assert any(
        p.startswith("t.yaml:14:5:") and "unknown key 'titel'" in p and "did you mean 'title'" in p
        for p in found
    ), found
    assert any("missing required key 'title'" in p for p in found)


def test_unknown_criterion_and_duplicate_id():
    bad = GOOD.replace("criteria: [kl]", "criteria: [kx]") + "      - {id: q1, text: Igen}\n"
    found = problems(bad)
    assert any(":18:" in p and "unknown criterion 'kx'" in p for p in found), found
    assert any(":19:" in p and "duplicate id 'q1'" in p for p in found), found


def test_empty_text_wrong_type_and_meaning():
    bad = (
        GOOD.replace("title: Mini", "title: ''")
        .replace("meaning: negative", "meaning: negativ")
        .replace("version: 2", "version: two")
    )
    found = problems(bad)
    assert any(":3:" in p and "must not be empty" in p for p in found)
    assert any(":2:" in p and "version" in p for p in found)
    assert any(":9:" in p and "did you mean 'negative'" in p for p in found)


def test_tabs_non_utf8_size_and_broken_yaml():
    assert problems(GOOD.replace("  - id: sec", "\t- id: sec"))[0].startswith("t.yaml:13:1: tab")
    with pytest.raises(ChecklistError) as info:
        parse_template("id: x\ntitle: \xe5\n".encode("latin-1"), "t.yaml")
    assert str(info.value.problems[0]).startswith("t.yaml:2:8:")
    with pytest.raises(ChecklistError, match="larger than"):
        parse_template(b"#" * 2_000_000, "t.yaml")
    assert problems("id: [unclosed\n")[0].startswith("t.yaml:2:1: invalid YAML")
    assert "must be a mapping" in problems("- a\n- b\n")[0]


def test_cli_validate_reports_every_problem(tmp_path: Path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        GOOD.replace("criteria: [kl]", "criteria: [kx]").replace("kind: audit", "kind: revision")
    )
    assert main(["checklists", "validate", str(good)]) == 0
    assert main(["checklists", "validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{good}: ok" in out
    assert any(line.startswith(f"{bad}:4:7:") for line in out), out
    assert any(line.startswith(f"{bad}:18:") for line in out), out


def test_user_template_with_higher_version_is_offered(tmp_path: Path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (BUNDLED_DIR / "arbetsmarknadsinsatser.yaml").read_text(encoding="utf-8")
    (folder / "mine.yaml").write_text(text.replace("version: 1", "version: 3"), encoding="utf-8")
    library = load_library([folder])
    offered = library.get("arbetsmarknadsinsatser")
    assert offered.version == 3 and offered.source == str(folder / "mine.yaml")
    assert main(["checklists", "list", "--checklists", str(folder)]) == 0
    assert "arbetsmarknadsinsatser\t3\t" in capsys.readouterr().out
