"""The building blocks the checklist language is declared with (`checklists/language.py`).

Each rule does two things: `check` walks a parsed YAML value, reports problems
through a `Report` and returns the cleaned value (or `INVALID`); `schema` gives the
JSON Schema of the same rule. Written by hand rather than validating with a
JSON Schema library because the auditor gets messages in the language's own terms
("section x: unknown key 'titel' (did you mean 'title'?)") with line and column,
which a generic validator's errors do not give; the schema is generated from the
same rules, so the two cannot drift.
"""

from __future__ import annotations

import difflib
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Protocol

from checklists.model import COLOUR_NAMES

ID_PATTERN = "^[a-z0-9][a-z0-9_.-]*$"
ID_RE = re.compile(ID_PATTERN)
COLOUR_PATTERN = "^#[0-9A-Fa-f]{6}$"
COLOUR_RE = re.compile(COLOUR_PATTERN)
NON_BLANK = "\\S"

Mark = tuple[int, int]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


class Report(Protocol):
    """Where a node reports a problem."""

    def add(self, mark: Mark, message: str) -> None: ...


def kind_of(value: Any) -> str:
    """A word for what a YAML value is, for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def hint(value: Any, choices: Any) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    match = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def marks_of(value: Any, count: int, mark: Mark) -> list[Mark]:
    """Where each element of a parsed list is (the list's own mark when unknown)."""
    marks = getattr(value, "item_marks", None)
    return list(marks) if marks is not None else [mark] * count


class Node(ABC):
    """One rule of the language: it checks a parsed value and says itself as JSON Schema."""

    @abstractmethod
    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        """The checked value (or INVALID), reporting each problem found."""

    @abstractmethod
    def schema(self) -> dict[str, Any]:
        """The rule as a JSON Schema fragment."""


def _is_text(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, str | int | float)


@dataclass(frozen=True)
class Text(Node):
    """Text (a number is taken as its text). `blank` allows an empty value."""

    blank: bool = False

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        if not _is_text(value):
            report.add(mark, f"{where}: expected text, got {kind_of(value)}")
            return INVALID
        text = str(value).strip()
        if not text and not self.blank:
            report.add(mark, f"{where}: must not be empty")
            return INVALID
        return text

    def schema(self) -> dict[str, Any]:
        if self.blank:
            return {"type": ["string", "number"]}
        return {"type": ["string", "number"], "pattern": NON_BLANK}


@dataclass(frozen=True)
class Texts(Node):
    """One text or a list of texts, none of them empty."""

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        if _is_text(value):
            value, marks = [value], [mark]
        elif isinstance(value, list):
            marks = marks_of(value, len(value), mark)
        else:
            report.add(mark, f"{where}: expected a list, got {kind_of(value)}")
            return INVALID
        out = [
            _TEXT.check(v, m, f"{where}[{i + 1}]", report)
            for i, (v, m) in enumerate(zip(value, marks, strict=True))
        ]
        return INVALID if INVALID in out else tuple(out)

    def schema(self) -> dict[str, Any]:
        return {"oneOf": [_TEXT.schema(), {"type": "array", "items": _TEXT.schema()}]}


@dataclass(frozen=True)
class Ident(Node):
    """An id: lower-case letters, digits, '-', '_' and '.'."""

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        if not isinstance(value, str) or not ID_RE.search(value):
            shown = repr(value) if isinstance(value, str) else kind_of(value)
            report.add(
                mark,
                f"{where}: {shown} is not a valid id "
                "(lower-case letters, digits, '-', '_' and '.', starting with a letter or digit)",
            )
            return INVALID
        return value.rstrip("\n")

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN}


@dataclass(frozen=True)
class Choice(Node):
    """One of a fixed set of words."""

    choices: tuple[str, ...]

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        if isinstance(value, str) and value in self.choices:
            return value
        report.add(
            mark,
            f"{where}: expected one of {', '.join(self.choices)}"
            + (hint(value, self.choices) if isinstance(value, str) else ""),
        )
        return INVALID

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}


@dataclass(frozen=True)
class Colour(Node):
    """A colour: a name from COLOUR_NAMES or #rrggbb."""

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        if isinstance(value, str) and (value in COLOUR_NAMES or COLOUR_RE.search(value)):
            return value.rstrip("\n")
        report.add(
            mark,
            f"{where}: {value!r} is not a colour: use #rrggbb or one of {', '.join(COLOUR_NAMES)}"
            + (hint(value, COLOUR_NAMES) if isinstance(value, str) else ""),
        )
        return INVALID

    def schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"enum": list(COLOUR_NAMES)},
                {"type": "string", "pattern": COLOUR_PATTERN},
            ]
        }


@dataclass(frozen=True)
class Whole(Node):
    """A whole number of at least `minimum` (2.0 is 2, as in JSON)."""

    minimum: int = 1

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        number = value
        if isinstance(value, float) and value.is_integer():
            number = int(value)
        if isinstance(number, bool) or not isinstance(number, int) or number < self.minimum:
            report.add(mark, f"{where}: expected a whole number of {self.minimum} or more")
            return INVALID
        return number

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum}


@dataclass(frozen=True)
class Many(Node):
    """A list of elements of one kind."""

    of: Node
    min_items: int = 0

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        if not isinstance(value, list):
            report.add(mark, f"{where}: expected a list, got {kind_of(value)}")
            return INVALID
        if len(value) < self.min_items:
            report.add(mark, f"{where}: must not be empty")
        out = []
        for i, (element, m) in enumerate(
            zip(value, marks_of(value, len(value), mark), strict=True)
        ):
            out.append(self.of.check(element, m, f"{where}[{i + 1}]", report))
        return [v for v in out if v is not INVALID]

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "array", "items": self.of.schema()}
        if self.min_items:
            result["minItems"] = self.min_items
        return result


@dataclass(frozen=True)
class Checked:
    """A mapping that passed its rule: the cleaned values, and where each key was."""

    values: dict[str, Any]
    mark: Mark
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]
    where: str
    element_marks: dict[str, list[Mark]] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key, INVALID)
        return default if value is INVALID else value

    def at(self, key: str, index: int | None = None) -> Mark:
        """Where the value of a key (or its element) is; the mapping's mark when absent."""
        if index is not None and index < len(self.element_marks.get(key, [])):
            return self.element_marks[key][index]
        return self.value_marks.get(key, self.mark)


@dataclass(frozen=True)
class Record(Node):
    """A mapping with known keys.

    `name` labels problems: a list element is called "<name> <its id>", a mapping
    under a key "<parent>.<key>". `one_of` lists groups of keys of which exactly
    one must be given.
    """

    name: str
    required: dict[str, Node]
    optional: dict[str, Node] = field(default_factory=dict)
    one_of: tuple[tuple[str, ...], ...] = ()
    description: str = ""
    nested: bool = False  # named after its parent too: "scale s value ja"

    def label(self, value: dict[str, Any], where: str) -> str:
        if self.name.startswith(".") or not self.name:
            return where
        name = f"{self.name} {value.get('id', '?')}"
        return f"{where.rsplit('.', 1)[0]} {name}" if self.nested else name

    def fields(self) -> dict[str, Node]:
        return {**self.required, **self.optional}

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        if not isinstance(value, dict):
            report.add(mark, f"{where}: expected a mapping, got {kind_of(value)}")
            return INVALID
        here = self.label(value, where)
        node_mark = getattr(value, "mark", mark)
        key_marks = getattr(value, "key_marks", {})
        value_marks = getattr(value, "value_marks", {})
        fields = self.fields()
        for key in value:
            if key not in fields:
                report.add(
                    key_marks.get(key, node_mark),
                    f"{here}: unknown key {key!r}{hint(key, sorted(fields))}",
                )
        for key in self.required:
            if key not in value:
                report.add(node_mark, f"{here}: missing required key {key!r}")
        for group in self.one_of:
            given = [k for k in group if k in value]
            if not given:
                alternatives = " or ".join(repr(k) for k in group)
                report.add(node_mark, f"{here}: missing required key {alternatives}")
            elif len(given) > 1:
                report.add(
                    key_marks.get(given[1], node_mark),
                    f"{here}: give {' or '.join(repr(k) for k in group)}, not both",
                )
        values = {
            key: node.check(
                value[key],
                value_marks.get(key, node_mark),
                self.child_where(here, key, node),
                report,
            )
            for key, node in fields.items()
            if key in value
        }
        elements = {
            key: marks_of(value[key], len(value[key]), value_marks.get(key, node_mark))
            for key in values
            if isinstance(value[key], list)
        }
        return Checked(values, node_mark, dict(key_marks), dict(value_marks), here, elements)

    @staticmethod
    def child_where(here: str, key: str, node: Node) -> str:
        return f"{here}.{key}"

    def schema(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "object"}
        if self.description:
            result["description"] = self.description
        if self.required:
            result["required"] = list(self.required)
        result["additionalProperties"] = False
        result["properties"] = {key: node.schema() for key, node in self.fields().items()}
        if len(self.one_of) == 1:
            result["oneOf"] = [{"required": [k]} for k in self.one_of[0]]
        elif self.one_of:
            result["allOf"] = [{"oneOf": [{"required": [k]} for k in g]} for g in self.one_of]
        return result


@dataclass(frozen=True)
class Ref(Node):
    """A named part of the schema ($defs), checked by its node."""

    name: str
    node: Node

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        return self.node.check(value, mark, where, report)

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.name}"}


@dataclass(frozen=True)
class ItemRule(Node):
    """An item: its `kind` (default: the first of `per_kind`) decides which keys it may have."""

    required: dict[str, Node]
    common: dict[str, Node]
    per_kind: dict[str, dict[str, Node]]

    def rule(self, kind: str) -> Record:
        return Record(kind, self.required, {**self.common, **self.per_kind[kind]})

    def check(self, value: Any, mark: Mark, where: str, report: Report) -> Any:
        if not isinstance(value, dict):
            report.add(mark, f"{where}: expected a mapping, got {kind_of(value)}")
            return INVALID
        default = next(iter(self.per_kind))
        kind = value.get("kind", default)
        if not isinstance(kind, str) or kind not in self.per_kind:
            marks = getattr(value, "value_marks", {})
            report.add(
                marks.get("kind", getattr(value, "mark", mark)),
                f"item {value.get('id', '?')}: kind must be one of {', '.join(self.per_kind)}"
                + (hint(kind, self.per_kind) if isinstance(kind, str) else ""),
            )
            checked = self.rule(default).check(
                {k: v for k, v in value.items() if k != "kind"}, mark, where, report
            )
            return INVALID if checked is INVALID else checked
        checked = self.rule(kind).check(value, mark, where, report)
        if isinstance(checked, Checked):
            checked.values["kind"] = kind
        return checked

    def schema(self) -> dict[str, Any]:
        properties: dict[str, Any] = {k: node.schema() for k, node in self.required.items()}
        for key, node in self.common.items():
            properties[key] = node.schema()
        for keys in self.per_kind.values():
            for key, node in keys.items():
                properties.setdefault(key, node.schema())
        per_kind = []
        for kind, keys in self.per_kind.items():
            allowed = [*self.required, *self.common, *keys]
            condition: dict[str, Any] = {"properties": {"kind": {"const": kind}}}
            if kind != next(iter(self.per_kind)):
                condition["required"] = ["kind"]
            per_kind.append({"if": condition, "then": {"propertyNames": {"enum": allowed}}})
        allowed = [
            "id",
            "text",
            *(k for k in self.common if k != "kind"),
            *self.per_kind["question"],
        ]
        per_kind.append(
            {"if": {"not": {"required": ["kind"]}}, "then": {"propertyNames": {"enum": allowed}}}
        )
        return {
            "type": "object",
            "required": list(self.required),
            "properties": properties,
            "allOf": per_kind,
        }


_TEXT = Text()
