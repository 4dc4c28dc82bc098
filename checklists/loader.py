"""Load checklist templates from YAML and validate them into typed objects.

Every problem is reported as `file:line:column: message`; the loader collects
all of them instead of stopping at the first, and never raises anything but
`ChecklistError` for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from checklists.language import ID_RE, INVALID, Checked, Mark, check_template, hint
from checklists.model import (
    Chapter,
    Criterion,
    Item,
    Scale,
    ScaleValue,
    Section,
    Template,
)
from checklists.yaml_messages import explain
from checklists.yamlsafe import BudgetLoader

MAX_BYTES = 1_000_000
__all__ = ["ID_RE", "ChecklistError", "Problem", "load_template", "parse_template"]


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


class _Builder:
    """Checks a parsed template against the language and builds the typed objects.

    The shape of every part is checked by the declaration in `checklists/language.py`
    (which also gives the JSON Schema); this class adds only what a schema cannot
    say: references to scales and criteria, and ids that must be unique.
    """

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.ids: dict[str, Mark] = {}

    def add(self, mark: Mark, message: str) -> None:
        self.problems.append(Problem(self.file, mark[0], mark[1], message))

    def unique(self, node: Checked) -> str:
        """The node's id; a problem naming where the first one is when it is taken."""
        ident = node.get("id", "")
        if not ident:
            return ident
        first = self.ids.get(ident)
        if first is not None:
            self.add(
                node.at("id"),
                f"{node.where}: duplicate id {ident!r} "
                f"(the first is at {self.file}:{first[0]}:{first[1]})",
            )
        else:
            self.ids[ident] = node.at("id")
        return ident

    def scale_ref(self, node: Checked, key: str, scales: dict[str, Scale]) -> str:
        name = node.get(key, "")
        if name and name not in scales:
            self.add(
                node.at(key), f"{node.where}.{key}: unknown scale {name!r}" + hint(name, scales)
            )
        return name

    # -- the template --------------------------------------------------------------

    def template(self, root: Any, source: str) -> Template | None:
        checked = check_template(root, self)
        if checked is INVALID:
            return None
        scales = self.scales(checked.get("scales", []))
        criteria = self.criteria(checked.get("criteria", []))
        default_scale = self.scale_ref(checked, "default_scale", scales)
        if not default_scale and len(scales) == 1:
            default_scale = next(iter(scales))
        overall_scale = ""
        overall = checked.get("overall")
        if overall is not None:
            overall_scale = self.scale_ref(overall, "scale", scales)
        chapters: list[Chapter] = []
        sections: list[Section] = []
        for cnode in checked.get("chapters", []):
            self.unique(cnode)
            members = [
                self.section(snode, scales, criteria, default_scale)
                for snode in cnode.get("sections", [])
            ]
            sections.extend(members)
            chapters.append(
                Chapter(
                    cnode.get("id", ""),
                    cnode.get("title", ""),
                    cnode.get("intro", ""),
                    tuple(members),
                )
            )
        for snode in checked.get("sections", []):
            sections.append(self.section(snode, scales, criteria, default_scale))
        kind_names = checked.get("kind_names")
        report = checked.get("report")
        if self.problems:
            return None
        return Template(
            id=checked.get("id"),
            version=checked.get("version", 1),
            title=checked.get("title"),
            language=checked.get("language", "sv"),
            kind=checked.get("kind"),
            description=checked.get("description", ""),
            scales=scales,
            criteria=criteria,
            sections=tuple(sections),
            default_scale=default_scale,
            purpose=checked.get("purpose", ""),
            method=checked.get("method", ""),
            report=dict(report.values) if report is not None else {},
            chapters=tuple(chapters),
            overall_scale=overall_scale,
            kind_names=dict(kind_names.values) if kind_names is not None else {},
            source=source,
        )

    def scales(self, nodes: list[Checked]) -> dict[str, Scale]:
        scales: dict[str, Scale] = {}
        firsts: dict[str, Mark] = {}
        for node in nodes:
            sid = node.get("id", "")
            if sid in firsts:
                self.add(
                    node.at("id"),
                    f"{node.where}: duplicate scale id {sid!r} "
                    f"(the first is at {self.file}:{firsts[sid][0]}:{firsts[sid][1]})",
                )
            firsts.setdefault(sid, node.at("id"))
            values: list[ScaleValue] = []
            seen: dict[str, Mark] = {}
            for vnode in node.get("values", []):
                vid = vnode.get("id", "")
                if vid in seen:
                    self.add(
                        vnode.at("id"),
                        f"{node.where} {vnode.where}: duplicate value id {vid!r} "
                        f"(the first is at {self.file}:{seen[vid][0]}:{seen[vid][1]})",
                    )
                seen.setdefault(vid, vnode.at("id"))
                values.append(
                    ScaleValue(
                        vid,
                        vnode.get("label", ""),
                        vnode.get("meaning", ""),
                        vnode.get("colour", ""),
                    )
                )
            scales.setdefault(sid, Scale(sid, node.get("title", ""), tuple(values)))
        return scales

    def criteria(self, nodes: list[Checked]) -> dict[str, Criterion]:
        criteria: dict[str, Criterion] = {}
        firsts: dict[str, Mark] = {}
        for node in nodes:
            cid = node.get("id", "")
            if cid in firsts:
                self.add(
                    node.at("id"),
                    f"{node.where}: duplicate criterion id {cid!r} "
                    f"(the first is at {self.file}:{firsts[cid][0]}:{firsts[cid][1]})",
                )
                continue
            firsts[cid] = node.at("id")
            criteria[cid] = Criterion(cid, node.get("title", ""), node.get("text", ""))
        return criteria

    def section(
        self,
        node: Checked,
        scales: dict[str, Scale],
        criteria: dict[str, Criterion],
        default_scale: str,
    ) -> Section:
        sid = self.unique(node)
        scale = ""
        assessment = node.get("assessment")
        if assessment is not None:
            scale = self.scale_ref(assessment, "scale", scales) or default_scale
            if not scale and "scale" not in assessment.values:
                self.add(
                    node.at("assessment"),
                    f"{node.where}.assessment: no scale given and the template has no "
                    "default_scale",
                )
        items = [
            self.item(inode, scales, criteria, default_scale) for inode in node.get("items", [])
        ]
        return Section(sid, node.get("title", ""), node.get("intro", ""), tuple(items), scale)

    def item(
        self,
        node: Checked,
        scales: dict[str, Scale],
        criteria: dict[str, Criterion],
        default_scale: str,
    ) -> Item:
        kind = node.get("kind", "question")
        iid = self.unique(node)
        refs = node.get("criteria", ())
        for i, ref in enumerate(refs):
            if ref not in criteria:
                self.add(
                    node.at("criteria", i),
                    f"{node.where}.criteria: unknown criterion {ref!r}" + hint(ref, criteria),
                )
        scale = self.scale_ref(node, "scale", scales)
        if kind in ("question", "control_point", "kpi") and not scale and not default_scale:
            if "scale" not in node.values:
                self.add(
                    node.mark, f"{node.where}: no scale given and the template has no default_scale"
                )
        target = node.get("target", "")
        return Item(
            id=iid,
            kind=kind,
            text=node.get("text", ""),
            guidance=node.get("guidance", ""),
            probe=node.get("probe", ()),
            documents=node.get("documents", ()),
            criteria=refs,
            scale=scale,
            target=target if kind == "control_point" else "",
            quality_area=node.get("quality_area", ""),
            data_source=node.get("data_source", ""),
            unit=node.get("unit", ""),
            direction=node.get("direction", ""),
            kpi_target=target if kind == "kpi" else "",
            periods=node.get("periods", ()),
            breakdowns=node.get("breakdowns", ()),
        )


def parse_template(text: str | bytes, file: str = "<template>", source: str = "") -> Template:
    """Validate template text into a Template, or raise ChecklistError with every problem."""
    if isinstance(text, bytes):
        raw = text
        if len(raw) > MAX_BYTES:
            raise ChecklistError([Problem(file, 1, 1, f"file is larger than {MAX_BYTES} bytes")])
        raw = text
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise ChecklistError(
                [Problem(file, line, column, "the file is not UTF-8 text (save it as UTF-8)")]
            ) from None
    if len(text) > MAX_BYTES:
        raise ChecklistError([Problem(file, 1, 1, f"file is larger than {MAX_BYTES} bytes")])
    text = text.removeprefix("\ufeff")
    problems = []
    for n, row in enumerate(text.splitlines(), start=1):
        if "\t" in row:
            problems.append(
                Problem(file, n, row.index("\t") + 1, "tab character: indent YAML with spaces")
            )
    if problems:
        raise ChecklistError(problems)
    try:
        root = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = explain(exc, text.splitlines(), line)
        raise ChecklistError([Problem(file, line, column, f"invalid YAML: {message}")]) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise ChecklistError([Problem(file, 1, 1, f"invalid YAML: {exc}")]) from None
    builder = _Builder(file)
    template = builder.template(root, source)
    if template is None:
        raise ChecklistError(builder.problems)
    return replace(template, yaml_text=text)


def load_template(path: Path, source: str = "") -> Template:
    """Read and validate a template file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ChecklistError([Problem(str(path), 1, 1, f"cannot read: {exc.strerror}")]) from None
    return parse_template(data, str(path), source or str(path))
