"""Typed objects a checklist template is validated into."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Meaning = Literal[
    "positive", "partial", "negative", "not_applicable", "not_measurable", "not_assessed"
]
MEANINGS: tuple[str, ...] = (
    "positive",
    "partial",
    "negative",
    "not_applicable",
    "not_measurable",
    "not_assessed",
)
# A value with one of these meanings concludes an item: "Ej tillämplig" and
# "Ej mätbart" are answers; only "Ej bedömd" (not_assessed) is not.
CONCLUDING_MEANINGS: frozenset[str] = frozenset(MEANINGS) - {"not_assessed"}
# Colours a scale value may name (CSS names, so a terminal and Word agree on them),
# each with its #rrggbb; anything else must be #rrggbb.
COLOUR_HEX: dict[str, str] = {
    "green": "#008000",
    "lightgreen": "#90EE90",
    "yellow": "#FFFF00",
    "orange": "#FFA500",
    "red": "#FF0000",
    "darkred": "#8B0000",
    "grey": "#808080",
    "blue": "#0000FF",
    "lightblue": "#ADD8E6",
    "purple": "#800080",
    "black": "#000000",
    "white": "#FFFFFF",
}
COLOUR_NAMES: tuple[str, ...] = tuple(COLOUR_HEX)
ItemKind = Literal["question", "control_point", "kpi", "analysis"]
ITEM_KINDS: tuple[str, ...] = ("question", "control_point", "kpi", "analysis")
TEMPLATE_KINDS: tuple[str, ...] = ("audit", "follow_up")


@dataclass(frozen=True)
class ScaleValue:
    """One step of a scale: Ja, Delvis, Nej, ..."""

    id: str
    label: str
    meaning: str
    colour: str = ""

    @property
    def hex(self) -> str:
        """The colour as #RRGGBB ('' when the value has none)."""
        return COLOUR_HEX.get(self.colour, self.colour.upper())

    @property
    def concludes(self) -> bool:
        """Whether choosing this value is a conclusion (not "Ej bedömd")."""
        return self.meaning in CONCLUDING_MEANINGS


@dataclass(frozen=True)
class Scale:
    """An ordered set of values an item is assessed on."""

    id: str
    title: str
    values: tuple[ScaleValue, ...]

    def value(self, value_id: str | None) -> ScaleValue | None:
        """The value with this id, or None."""
        for v in self.values:
            if v.id == value_id:
                return v
        return None


@dataclass(frozen=True)
class Criterion:
    """A law, regulation or council decision an item is judged against."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Item:
    """One thing to answer in a section; `kind` says which fields matter."""

    id: str
    kind: str
    text: str
    guidance: str = ""
    probe: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    scale: str = ""
    # control point
    target: str = ""
    quality_area: str = ""
    data_source: str = ""
    # KPI
    unit: str = ""
    direction: str = ""
    kpi_target: str = ""
    periods: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """An area of the audit: an intro, the criteria summary and its items.

    `scale` is set when the section carries its own assessment on that scale
    (`assessment: {scale: ...}` in YAML); the assessment is stored like an
    item's, under the section's id.
    """

    id: str
    title: str
    intro: str = ""
    items: tuple[Item, ...] = ()
    scale: str = ""

    @property
    def assessed(self) -> bool:
        """Whether the section has an assessment of its own."""
        return bool(self.scale)


@dataclass(frozen=True)
class Chapter:
    """A grouping of sections (e.g. "Styrning" over several areas), with an intro."""

    id: str
    title: str
    intro: str = ""
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Template:
    """A validated checklist template."""

    id: str
    version: int
    title: str
    language: str
    kind: str
    description: str
    scales: dict[str, Scale]
    criteria: dict[str, Criterion]
    sections: tuple[Section, ...]
    default_scale: str = ""
    purpose: str = ""
    method: str = ""
    report: dict[str, str] = field(default_factory=dict)
    chapters: tuple[Chapter, ...] = ()
    overall_scale: str = ""
    kind_names: dict[str, str] = field(default_factory=dict)
    source: str = ""
    yaml_text: str = field(default="", repr=False, compare=False)

    def items(self) -> list[Item]:
        """Every item of every section, in order."""
        return [item for s in self.sections for item in s.items]

    def item(self, item_id: str) -> Item | None:
        """The item with this id, or None."""
        for item in self.items():
            if item.id == item_id:
                return item
        return None

    def section_of(self, item_id: str) -> Section | None:
        """The section that holds the item with this id."""
        for s in self.sections:
            if any(i.id == item_id for i in s.items):
                return s
        return None

    def section(self, section_id: str) -> Section | None:
        """The section with this id, or None."""
        for s in self.sections:
            if s.id == section_id:
                return s
        return None

    def chapter_of(self, section_id: str) -> Chapter | None:
        """The chapter that groups the section with this id (None without chapters)."""
        for c in self.chapters:
            if any(s.id == section_id for s in c.sections):
                return c
        return None

    def assessed_sections(self) -> list[Section]:
        """The sections that carry an assessment of their own, in order."""
        return [s for s in self.sections if s.assessed]

    def section_scale(self, section: Section) -> Scale | None:
        """The scale a section's own assessment is on (None when it has none)."""
        return self.scales.get(section.scale) if section.scale else None

    def overall(self) -> Scale | None:
        """The scale of the overall assessment, when the template grades it."""
        return self.scales.get(self.overall_scale) if self.overall_scale else None

    def kind_name(self, kind: str) -> str:
        """What this template calls an item kind: "Kontrollområde", "Revisionsfråga"...

        `kind_names:` wins, then the older `report:` key of the same name, then the
        default of the template's language.
        """
        from checklists.reporttext import default_text

        return (
            self.kind_names.get(kind) or self.report.get(kind) or default_text(self.language, kind)
        )

    def questions(self) -> list[Item]:
        """The audit questions, in order."""
        return [i for i in self.items() if i.kind == "question"]

    def scale_for(self, item: Item) -> Scale | None:
        """The scale an item is assessed on."""
        return self.scales.get(item.scale or self.default_scale)

    def text(self, key: str) -> str:
        """A report chapter title or fixed sentence, from the template or the defaults."""
        from checklists.reporttext import default_text

        if key in ITEM_KINDS:
            return self.kind_name(key)
        return self.report.get(key) or default_text(self.language, key)
