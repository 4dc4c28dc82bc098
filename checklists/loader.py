"""Load checklist templates from YAML and validate them into typed objects.

Every problem is reported as `file:line:column: message`; the loader collects
all of them instead of stopping at the first, and never raises anything but
`ChecklistError` for bad input.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from checklists.model import (
    ITEM_KINDS,
    MEANINGS,
    TEMPLATE_KINDS,
    Criterion,
    Item,
    Scale,
    ScaleValue,
    Section,
    Template,
)
from checklists.reporttext import REPORT_KEYS
from checklists.yamlsafe import BudgetLoader

MAX_BYTES = 1_000_000
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a template, with where it is."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ChecklistError(Exception):
    """A template that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Map(dict):
    """A mapping that remembers where it and each of its keys and values are."""

    mark: tuple[int, int] = (1, 1)
    key_marks: dict[str, tuple[int, int]]
    value_marks: dict[str, tuple[int, int]]


class _List(list):
    """A sequence that remembers where it and each of its elements are."""

    mark: tuple[int, int] = (1, 1)
    item_marks: list[tuple[int, int]]


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Loader(BudgetLoader):
    """SafeLoader that keeps line and column of every mapping, key and element.

    Aliases are held to a budget (checklists/yamlsafe.py): no alias bomb gets through.
    """


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.mark = _pos(node)
    result.key_marks = {}
    result.value_marks = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_marks[key] = _pos(key_node)
        result.value_marks[key] = _pos(value_node)
    return result


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> _List:
    result = _List(loader.construct_object(child, deep=True) for child in node.value)
    result.mark = _pos(node)
    result.item_marks = [_pos(child) for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


class _Validator:
    """Walks the parsed YAML, collecting problems and building typed objects."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, mark: tuple[int, int], message: str) -> None:
        self.problems.append(Problem(self.file, mark[0], mark[1], message))

    # -- field helpers -----------------------------------------------------------

    def keys(self, node: _Map, where: str, required: set[str], optional: set[str]) -> None:
        allowed = required | optional
        for key in node:
            if key not in allowed:
                hint = difflib.get_close_matches(key, sorted(allowed), n=1)
                extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.add(node.key_marks[key], f"{where}: unknown key {key!r}{extra}")
        for key in sorted(required - set(node)):
            self.add(node.mark, f"{where}: missing required key {key!r}")

    def text(self, node: _Map, key: str, where: str, *, required: bool = False) -> str:
        if key not in node:
            return ""
        value = node[key]
        mark = node.value_marks[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(mark, f"{where}.{key}: expected text, got {_kind(value)}")
            return ""
        text = str(value).strip()
        if required and not text:
            self.add(mark, f"{where}.{key}: must not be empty")
        return text

    def ident(self, node: _Map, key: str, where: str) -> str:
        value = self.text(node, key, where, required=True)
        if value and not ID_RE.match(value):
            self.add(
                node.value_marks[key],
                f"{where}.{key}: {value!r} is not a valid id "
                "(lower-case letters, digits, '-', '_' and '.')",
            )
        return value

    def texts(self, node: _Map, key: str, where: str) -> tuple[str, ...]:
        if key not in node:
            return ()
        value = node[key]
        if isinstance(value, str):
            value = _List([value])
            value.mark = node.value_marks[key]
            value.item_marks = [node.value_marks[key]]
        if not isinstance(value, list):
            self.add(node.value_marks[key], f"{where}.{key}: expected a list, got {_kind(value)}")
            return ()
        out: list[str] = []
        for i, element in enumerate(value):
            mark = value.item_marks[i] if isinstance(value, _List) else node.value_marks[key]
            if isinstance(element, bool) or not isinstance(element, str | int | float):
                self.add(mark, f"{where}.{key}[{i + 1}]: expected text, got {_kind(element)}")
            elif not str(element).strip():
                self.add(mark, f"{where}.{key}[{i + 1}]: must not be empty")
            else:
                out.append(str(element).strip())
        return tuple(out)

    def maps(self, node: _Map, key: str, where: str, *, required: bool = False) -> list[_Map]:
        if key not in node:
            return []
        value = node[key]
        if not isinstance(value, list):
            self.add(node.value_marks[key], f"{where}.{key}: expected a list, got {_kind(value)}")
            return []
        if required and not value:
            self.add(node.value_marks[key], f"{where}.{key}: must not be empty")
        out: list[_Map] = []
        for i, element in enumerate(value):
            if isinstance(element, _Map):
                out.append(element)
            else:
                self.add(
                    value.item_marks[i],
                    f"{where}.{key}[{i + 1}]: expected a mapping, got {_kind(element)}",
                )
        return out

    # -- the template --------------------------------------------------------------

    def template(self, root: Any, source: str) -> Template | None:
        if not isinstance(root, _Map):
            self.add((1, 1), f"the template must be a mapping, got {_kind(root)}")
            return None
        self.keys(
            root,
            "template",
            {"id", "version", "title", "kind", "sections"},
            {
                "language",
                "description",
                "scales",
                "criteria",
                "default_scale",
                "purpose",
                "method",
                "report",
            },
        )
        tid = self.ident(root, "id", "template")
        version = root.get("version", 1)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.add(
                root.value_marks.get("version", root.mark),
                "template.version: expected a whole number of 1 or more",
            )
            version = 1
        title = self.text(root, "title", "template", required=True)
        language = self.text(root, "language", "template") or "sv"
        if language not in ("sv", "en"):
            self.add(root.value_marks["language"], "template.language: expected 'sv' or 'en'")
        kind = self.text(root, "kind", "template")
        if "kind" in root and kind not in TEMPLATE_KINDS:
            self.add(
                root.value_marks["kind"],
                f"template.kind: expected one of {', '.join(TEMPLATE_KINDS)}",
            )

        scales = self.scales(root)
        criteria = self.criteria(root)
        default_scale = self.text(root, "default_scale", "template")
        if default_scale and default_scale not in scales:
            self.add(
                root.value_marks["default_scale"],
                f"template.default_scale: unknown scale {default_scale!r}"
                + _hint(default_scale, scales),
            )
        if not default_scale and len(scales) == 1:
            default_scale = next(iter(scales))
        report = self.report(root)
        sections = self.sections(root, scales, criteria, default_scale)
        if self.problems:
            return None
        return Template(
            id=tid,
            version=version,
            title=title,
            language=language,
            kind=kind,
            description=self.text(root, "description", "template"),
            scales=scales,
            criteria=criteria,
            sections=tuple(sections),
            default_scale=default_scale,
            purpose=self.text(root, "purpose", "template"),
            method=self.text(root, "method", "template"),
            report=report,
            source=source,
        )

    def scales(self, root: _Map) -> dict[str, Scale]:
        scales: dict[str, Scale] = {}
        for node in self.maps(root, "scales", "template"):
            where = f"scale {node.get('id', '?')}"
            self.keys(node, where, {"id", "values"}, {"title"})
            sid = self.ident(node, "id", where)
            if sid in scales:
                self.add(node.value_marks["id"], f"{where}: duplicate scale id {sid!r}")
            values: list[ScaleValue] = []
            seen: set[str] = set()
            for vnode in self.maps(node, "values", where, required=True):
                vwhere = f"{where} value {vnode.get('id', '?')}"
                self.keys(vnode, vwhere, {"id", "label", "meaning"}, {"colour"})
                vid = self.ident(vnode, "id", vwhere)
                if vid in seen:
                    self.add(vnode.value_marks["id"], f"{vwhere}: duplicate value id {vid!r}")
                seen.add(vid)
                meaning = self.text(vnode, "meaning", vwhere, required=True)
                if meaning and meaning not in MEANINGS:
                    self.add(
                        vnode.value_marks["meaning"],
                        f"{vwhere}.meaning: expected one of {', '.join(MEANINGS)}"
                        + _hint(meaning, MEANINGS),
                    )
                values.append(
                    ScaleValue(
                        vid,
                        self.text(vnode, "label", vwhere, required=True),
                        meaning,
                        self.text(vnode, "colour", vwhere),
                    )
                )
            scales[sid] = Scale(sid, self.text(node, "title", where), tuple(values))
        return scales

    def criteria(self, root: _Map) -> dict[str, Criterion]:
        criteria: dict[str, Criterion] = {}
        for node in self.maps(root, "criteria", "template"):
            where = f"criterion {node.get('id', '?')}"
            self.keys(node, where, {"id", "title", "text"}, set())
            cid = self.ident(node, "id", where)
            if cid in criteria:
                self.add(node.value_marks["id"], f"{where}: duplicate criterion id {cid!r}")
            criteria[cid] = Criterion(
                cid,
                self.text(node, "title", where, required=True),
                self.text(node, "text", where, required=True),
            )
        return criteria

    def report(self, root: _Map) -> dict[str, str]:
        if "report" not in root:
            return {}
        node = root["report"]
        if not isinstance(node, _Map):
            self.add(root.value_marks["report"], "template.report: expected a mapping")
            return {}
        self.keys(node, "template.report", set(), set(REPORT_KEYS))
        return {
            k: self.text(node, k, "template.report", required=True)
            for k in node
            if k in REPORT_KEYS
        }

    def sections(
        self,
        root: _Map,
        scales: dict[str, Scale],
        criteria: dict[str, Criterion],
        default_scale: str,
    ) -> list[Section]:
        sections: list[Section] = []
        seen_ids: dict[str, str] = {}
        for node in self.maps(root, "sections", "template", required=True):
            where = f"section {node.get('id', '?')}"
            self.keys(node, where, {"id", "title", "items"}, {"intro"})
            sid = self.ident(node, "id", where)
            if sid in seen_ids:
                self.add(node.value_marks["id"], f"{where}: duplicate id {sid!r}")
            seen_ids[sid] = "section"
            items = [
                self.item(inode, scales, criteria, default_scale, seen_ids)
                for inode in self.maps(node, "items", where, required=True)
            ]
            sections.append(
                Section(
                    sid,
                    self.text(node, "title", where, required=True),
                    self.text(node, "intro", where),
                    tuple(items),
                )
            )
        return sections

    def item(
        self,
        node: _Map,
        scales: dict[str, Scale],
        criteria: dict[str, Criterion],
        default_scale: str,
        seen_ids: dict[str, str],
    ) -> Item:
        kind = self.text(node, "kind", "item") or "question"
        where = f"{kind} {node.get('id', '?')}"
        common = {"kind", "guidance"}
        optional = {
            "question": {"probe", "documents", "criteria", "scale"},
            "control_point": {"target", "quality_area", "data_source", "criteria", "scale"},
            "kpi": {"unit", "direction", "target", "periods", "breakdowns", "scale"},
            "analysis": set(),
        }
        if kind not in ITEM_KINDS:
            self.add(
                node.value_marks.get("kind", node.mark),
                f"{where}: kind must be one of {', '.join(ITEM_KINDS)}" + _hint(kind, ITEM_KINDS),
            )
            kind = "question"
        self.keys(node, where, {"id", "text"}, common | optional[kind])
        iid = self.ident(node, "id", where)
        if iid in seen_ids:
            self.add(node.value_marks["id"], f"{where}: duplicate id {iid!r}")
        seen_ids[iid] = kind
        refs = self.texts(node, "criteria", where)
        for i, ref in enumerate(refs):
            if ref not in criteria:
                mark = (
                    node["criteria"].item_marks[i]
                    if isinstance(node["criteria"], _List)
                    else node.value_marks["criteria"]
                )
                self.add(
                    mark, f"{where}.criteria: unknown criterion {ref!r}" + _hint(ref, criteria)
                )
        scale = self.text(node, "scale", where)
        if scale and scale not in scales:
            self.add(
                node.value_marks["scale"],
                f"{where}.scale: unknown scale {scale!r}" + _hint(scale, scales),
            )
        if kind in ("question", "control_point", "kpi") and not scale and not default_scale:
            self.add(node.mark, f"{where}: no scale given and the template has no default_scale")
        direction = self.text(node, "direction", where)
        if direction and direction not in ("higher", "lower"):
            self.add(
                node.value_marks["direction"], f"{where}.direction: expected 'higher' or 'lower'"
            )
        target = self.text(node, "target", where)
        return Item(
            id=iid,
            kind=kind,
            text=self.text(node, "text", where, required=True),
            guidance=self.text(node, "guidance", where),
            probe=self.texts(node, "probe", where),
            documents=self.texts(node, "documents", where),
            criteria=refs,
            scale=scale,
            target=target if kind == "control_point" else "",
            quality_area=self.text(node, "quality_area", where),
            data_source=self.text(node, "data_source", where),
            unit=self.text(node, "unit", where),
            direction=direction,
            kpi_target=target if kind == "kpi" else "",
            periods=self.texts(node, "periods", where),
            breakdowns=self.texts(node, "breakdowns", where),
        )


def _kind(value: Any) -> str:
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
    return type(value).__name__


def _hint(value: str, choices: Any) -> str:
    match = difflib.get_close_matches(value, [str(c) for c in choices], n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def parse_template(text: str | bytes, file: str = "<template>", source: str = "") -> Template:
    """Validate template text into a Template, or raise ChecklistError with every problem."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise ChecklistError([Problem(file, 1, 1, f"file is larger than {MAX_BYTES} bytes")])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = text[: exc.start].count(b"\n") + 1
            column = exc.start - (text.rfind(b"\n", 0, exc.start) + 1) + 1
            raise ChecklistError(
                [Problem(file, line, column, "the file is not UTF-8 text (save it as UTF-8)")]
            ) from None
    if len(text) > MAX_BYTES:
        raise ChecklistError([Problem(file, 1, 1, f"file is larger than {MAX_BYTES} bytes")])
    text = text.removeprefix("\ufeff")
    problems = []
    for n, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            problems.append(
                Problem(file, n, line.index("\t") + 1, "tab character: indent YAML with spaces")
            )
    if problems:
        raise ChecklistError(problems)
    try:
        root = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = exc.problem or exc.context or "invalid YAML"
        raise ChecklistError([Problem(file, line, column, f"invalid YAML: {message}")]) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise ChecklistError([Problem(file, 1, 1, f"invalid YAML: {exc}")]) from None
    validator = _Validator(file)
    template = validator.template(root, source)
    if template is None:
        raise ChecklistError(validator.problems)
    return replace(template, yaml_text=text)


def load_template(path: Path, source: str = "") -> Template:
    """Read and validate a template file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ChecklistError([Problem(str(path), 1, 1, f"cannot read: {exc.strerror}")]) from None
    return parse_template(data, str(path), source or str(path))
