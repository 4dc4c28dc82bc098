"""The grown checklist language: chapters, section and overall assessments, kind names,
meanings and colours; duplicate ids name the first; YAML mistakes in plain words."""

from __future__ import annotations

import pytest

from checklists import ChecklistError, parse_template

GROWN = """\
id: grown
version: 1
title: Intern kontroll
kind: audit
default_scale: s
overall: {scale: helhet}
kind_names: {question: Kontrollområde, control_point: Kontrollmoment}
scales:
  - id: s
    values:
      - {id: ja, label: Ja, meaning: positive, colour: green}
      - {id: nej, label: Nej, meaning: negative, colour: "#C00000"}
      - {id: ej-tillampligt, label: Ej tillämpligt, meaning: not_applicable}
      - {id: ej-matbart, label: Ej mätbart, meaning: not_measurable}
  - id: helhet
    values:
      - {id: god, label: God, meaning: positive, colour: green}
      - {id: brister, label: Brister, meaning: negative, colour: red}
chapters:
  - id: styrning
    title: Styrning
    intro: Hur nämnden styr.
    sections:
      - id: mal
        title: Mål
        assessment: {}
        items:
          - {id: q1, text: "Finns mål?"}
  - id: uppfoljning
    title: Uppföljning
    sections:
      - id: rapport
        title: Rapportering
        assessment: {scale: helhet}
        items:
          - {id: q2, text: "Rapporteras det?"}
          - {id: kp1, kind: control_point, text: Protokoll finns}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ChecklistError) as info:
        parse_template(text, "t.yaml")
    return [str(p) for p in info.value.problems]


def test_chapters_group_sections_and_sections_carry_their_own_assessment():
    t = parse_template(GROWN)
    assert [(c.id, c.title, [s.id for s in c.sections]) for c in t.chapters] == [
        ("styrning", "Styrning", ["mal"]),
        ("uppfoljning", "Uppföljning", ["rapport"]),
    ]
    assert t.chapters[0].intro == "Hur nämnden styr."
    assert [s.id for s in t.sections] == ["mal", "rapport"]  # flat, in order
    assert [i.id for i in t.items()] == ["q1", "q2", "kp1"]
    assert t.chapter_of("rapport").id == "uppfoljning"
    assert t.section("mal").scale == "s"  # `assessment: {}` takes the default scale
    assert t.section_scale(t.section("rapport")).id == "helhet"
    assert [s.id for s in t.assessed_sections()] == ["mal", "rapport"]
    assert t.overall().id == "helhet"


def test_a_template_without_chapters_has_none_and_no_section_assessment():
    t = parse_template(
        GROWN.split("chapters:")[0]
        + "sections:\n  - {id: a, title: A, items: [{id: q, text: Q}]}\n"
    )
    assert t.chapters == () and t.assessed_sections() == []
    assert t.section("a").assessed is False and t.chapter_of("a") is None


def test_kind_names_are_the_templates_words_with_defaults_per_language():
    t = parse_template(GROWN)
    assert t.kind_name("question") == "Kontrollområde"
    assert t.text("question") == "Kontrollområde"  # the report's column uses it too
    assert t.kind_name("control_point") == "Kontrollmoment"
    assert t.kind_name("kpi") == "Nyckeltal"
    english = parse_template(GROWN.replace("kind: audit", "kind: audit\nlanguage: en"))
    assert english.kind_name("analysis") == "Analysis"
    old = parse_template(
        GROWN.replace(
            "kind_names: {question: Kontrollområde, control_point: Kontrollmoment}",
            "report: {question: Granskningsfråga}",
        )
    )
    assert old.kind_name("question") == "Granskningsfråga"  # the older report: key still works
    found = problems(GROWN.replace("control_point: Kontrollmoment", "kontrol_point: X"))
    assert any("unknown key 'kontrol_point'" in p and "'control_point'" in p for p in found)


def test_meanings_not_applicable_and_not_measurable_conclude():
    t = parse_template(GROWN)
    scale = t.scales["s"]
    assert scale.value("ej-tillampligt").concludes and scale.value("ej-matbart").concludes


def test_colours_are_names_or_hex_with_did_you_mean():
    found = problems(GROWN.replace("colour: green}", "colour: gren}", 1))
    assert found == [
        "t.yaml:11:56: scale s value ja.colour: 'gren' is not a colour: use #rrggbb or one of "
        "green, lightgreen, yellow, orange, red, darkred, grey, blue, lightblue, purple, "
        "black, white (did you mean 'green'?)"
    ]
    assert problems(GROWN.replace('"#C00000"', '"#C0000"'))[0].startswith("t.yaml:12:")
    scale = parse_template(GROWN).scales["s"]
    assert scale.value("nej").colour == "#C00000" and scale.value("nej").hex == "#C00000"
    assert scale.value("ja").hex == "#008000"  # a name has its #rrggbb for Word
    assert scale.value("ej-matbart").hex == ""


def test_references_of_the_new_keys_are_checked():
    found = problems(
        GROWN.replace("overall: {scale: helhet}", "overall: {scale: helhe}").replace(
            "assessment: {scale: helhet}", "assessment: {scale: hel}"
        )
    )
    assert any(p.startswith("t.yaml:6:18:") and "did you mean 'helhet'" in p for p in found)
    assert any(p.startswith("t.yaml:34:29:") and "unknown scale 'hel'" in p for p in found)
    no_default = GROWN.replace("default_scale: s\n", "")
    assert any("section mal.assessment: no scale given" in p for p in problems(no_default)), (
        problems(no_default)
    )


def test_sections_or_chapters_but_not_both_nor_neither():
    both = GROWN + "sections:\n  - {id: x, title: X, items: [{id: qx, text: Q}]}\n"
    assert any("give 'sections' or 'chapters', not both" in p for p in problems(both))
    neither = GROWN.split("chapters:")[0]
    assert any("missing required key 'sections' or 'chapters'" in p for p in problems(neither))


def test_a_duplicate_id_names_where_the_first_one_is():
    found = problems(GROWN.replace("id: q2", "id: q1").replace("id: rapport", "id: styrning"))
    assert "t.yaml:36:18: question q1: duplicate id 'q1' (the first is at t.yaml:28:18)" in found
    assert any(
        p.startswith("t.yaml:32:13: section styrning: duplicate id 'styrning'")
        and "t.yaml:20:9" in p
        for p in found
    ), found


def test_an_indentation_error_is_explained_in_plain_words():
    text = GROWN.replace("    intro: Hur nämnden styr.", "      intro: Hur nämnden styr.")
    assert problems(text)[0].startswith(
        "t.yaml:22:12: invalid YAML: line 22: this line is indented more than the key "
        "above it (line 21) expects"
    )
    colon = GROWN.replace("title: Intern kontroll", "title: Intern kontroll: nämnden")
    assert "put the text in quotes" in problems(colon)[0]
    mixed = GROWN.replace("        title: Mål\n", "       title: Mål\n")
    assert "line 25: this line's indentation does not fit the block" in problems(mixed)[0]


def test_empty_optional_text_and_float_version_mean_the_same_to_loader_and_schema():
    """Defect: the loader took `guidance: ''` that the schema refused, and the schema
    took `version: 2.0` that the loader refused."""
    t = parse_template(GROWN.replace('text: "Finns mål?"}', 'text: "Finns mål?", guidance: ""}'))
    assert t.item("q1").guidance == ""
    assert parse_template(GROWN.replace("version: 1", "version: 2.0")).version == 2
    assert any("version" in p for p in problems(GROWN.replace("version: 1", "version: 2.5")))
    assert any(
        "must not be empty" in p for p in problems(GROWN.replace("title: Styrning", "title: ' '"))
    )


def test_cli_show_gives_the_outline_with_description_scale_titles_and_kind_names(tmp_path, capsys):
    from granska.cli import main

    path = tmp_path / "grown.yaml"
    path.write_text(GROWN.replace("kind: audit", "kind: audit\ndescription: Om kontrollen."))
    assert main(["checklists", "show", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "Om kontrollen."
    assert "  ej-matbart: Ej mätbart (not_measurable)" in out
    assert "overall assessment on scale helhet" in out
    start = out.index("1 Styrning")
    assert out[start:] == [
        "1 Styrning",
        "  1.1 Mål  [assessed on s]",
        "    1.1.1 Kontrollområde: Finns mål?",
        "2 Uppföljning",
        "  2.1 Rapportering  [assessed on helhet]",
        "    2.1.1 Kontrollområde: Rapporteras det?",
        "    2.1.2 Kontrollmoment: Protokoll finns",
    ]
    assert main(["checklists", "show", "styrning-uppfoljning-kontroll"]) == 0
    assert "scale omrade: Bedömning per område" in capsys.readouterr().out
    assert main(["checklists", "show", "no-such-template"]) == 1
