"""The JSON Schema is shipped and agrees with the loader; the loader survives any input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checklists import ChecklistError, Template, parse_template
from checklists.library import BUNDLED_DIR
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
