"""The JSON Schema is shipped and agrees with the loader; the loader survives any input."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checklists import ChecklistError, Template, parse_template
from checklists.language import check_template
from checklists.library import BUNDLED_DIR
from checklists.loader import _Loader
from checklists.schema import schema, schema_text
from granska.cli import main

SHIPPED = Path(__file__).parents[1] / "checklists" / "schema.json"
BUNDLED = sorted(BUNDLED_DIR.glob("*.yaml"))


def test_shipped_schema_is_current():
    assert SHIPPED.read_text(encoding="utf-8") == schema_text()
    jsonschema.Draft202012Validator.check_schema(schema())


def test_bundled_templates_satisfy_the_schema():
    validator = jsonschema.Draft202012Validator(schema())
    for path in BUNDLED:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert errors == [], (path.name, [e.message for e in errors[:3]])


def test_schema_rejects_what_the_loader_rejects():
    validator = jsonschema.Draft202012Validator(schema())
    data = yaml.safe_load(BUNDLED[0].read_text(encoding="utf-8"))
    data["sections"][0]["items"][0]["probes"] = ["a misspelt key"]
    assert list(validator.iter_errors(data))
    data["sections"][0]["items"][0].pop("probes")
    data["sections"][0]["items"][0]["kind"] = "kpi"
    data["sections"][0]["items"][0]["probe"] = ["not a KPI key"]
    assert list(validator.iter_errors(data))


# -- the differential test: the loader and the generated schema are one truth ------------

VALIDATOR = jsonschema.Draft202012Validator(schema())
BASES = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in BUNDLED]
KEYS = sorted(
    {"id", "version", "title", "kind", "sections", "chapters", "items", "intro", "assessment"}
    | {"scale", "overall", "kind_names", "report", "colour", "meaning", "label", "values"}
    | {"guidance", "probe", "target", "direction", "periods", "question", "summary", "titel"}
)
VALUES = st.one_of(
    st.sampled_from(
        ["", " ", "x", "Ja", 0, 1, -1, 2.0, 2.5, True, None, [], {}, ["a"], [""], [1, "b"]]
        + ["green", "gren", "#a1B2c3", "#a1b2c", "positive", "not_measurable", "not_assesed"]
        + ["question", "kpi", "control_point", "higher", "sv", "en", "audit", "follow_up"]
        + ["ja-delvis-nej", "ja", "q1", "ABC", "a b", "abc\n", {"scale": "ja-delvis-nej"}]
    ),
    st.text(max_size=8),
    st.integers(-3, 3),
)


class Collect:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, mark, message: str) -> None:
        self.problems.append(message)


def containers(value, path=()):
    """Every mapping and list in a parsed template, with its path."""
    if isinstance(value, dict | list):
        yield path, value
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            yield from containers(child, (*path, key))


@st.composite
def mutated_data(draw):
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        found = list(containers(data))
        _, target = draw(st.sampled_from(found))
        action = draw(st.sampled_from(["set", "set", "delete", "add", "empty"]))
        if isinstance(target, list):
            if not target or action == "empty":
                target.clear()
            elif action == "delete":
                del target[draw(st.integers(0, len(target) - 1))]
            else:
                target[draw(st.integers(0, len(target) - 1))] = draw(VALUES)
        elif action == "add" or not target:
            target[draw(st.sampled_from(KEYS))] = draw(VALUES)
        elif action == "delete":
            del target[draw(st.sampled_from(sorted(target)))]
        else:
            target[draw(st.sampled_from(sorted(target)))] = draw(VALUES)
    return data


def structure_ok(data) -> bool:
    collect = Collect()
    check_template(data, collect)
    return not collect.problems


@settings(max_examples=200, deadline=None)
@given(mutated_data())
def test_the_loader_accepts_the_shape_of_a_template_iff_the_schema_does(data):
    """The declaration the loader checks and the generated schema agree on every
    mutated template; the loader then only adds cross-references (unknown scale or
    criterion, duplicate ids, a scale needed with no default)."""
    assert structure_ok(data) == VALIDATOR.is_valid(data), [
        e.message for e in VALIDATOR.iter_errors(data)
    ][:3]
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True)
    try:
        parse_template(text, "fuzz.yaml")
        accepted = True
    except ChecklistError as exc:
        accepted = False
        if VALIDATOR.is_valid(data):
            assert all(CROSS_REFERENCE.search(p.message) for p in exc.problems), exc.problems
    assert not accepted or VALIDATOR.is_valid(data)


CROSS_REFERENCE = re.compile(r"unknown scale|unknown criterion|duplicate .*id|no scale given")


@settings(max_examples=150, deadline=None)
@given(st.deferred(lambda: mutated_template()))
def test_mutated_yaml_text_loader_and_schema_agree(text):
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - the loader's own SafeLoader
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError):
        return
    assert structure_ok(data) == VALIDATOR.is_valid(data)


def test_cli_writes_the_schema(tmp_path: Path, capsys):
    out = tmp_path / "schema.json"
    assert main(["checklists", "schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Granska checklist template"
    capsys.readouterr()
    assert main(["checklists", "schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema()


def check(text: str | bytes) -> None:
    """The loader's promise: a Template, or problems that each name a line."""
    try:
        template = parse_template(text, "fuzz.yaml")
    except ChecklistError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "fuzz.yaml"
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message
        return
    assert isinstance(template, Template)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_random_input_never_raises_anything_else(text):
    check(text)


@st.composite
def mutated_template(draw):
    lines = draw(st.sampled_from(BUNDLED)).read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(
            st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "replace"])
        )
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "insert":
            lines.insert(i, draw(st.text(max_size=40)))
        elif action == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        else:
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.text(min_size=1, max_size=5)) + lines[i][pos:]
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(mutated_template())
def test_mutated_templates_never_raise_anything_else(text):
    check(text)
