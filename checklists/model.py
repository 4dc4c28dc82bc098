"""Typed objects a checklist template is validated into."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Meaning = Literal["positive", "partial", "negative", "not_assessed"]
MEANINGS: tuple[str, ...] = ("positive", "partial", "negative", "not_assessed")
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
    """A chapter of the audit: an intro, the criteria summary and its items."""

    id: str
    title: str
    intro: str = ""
    items: tuple[Item, ...] = ()


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

    def questions(self) -> list[Item]:
        """The audit questions, in order."""
        return [i for i in self.items() if i.kind == "question"]

    def scale_for(self, item: Item) -> Scale | None:
        """The scale an item is assessed on."""
        return self.scales.get(item.scale or self.default_scale)

    def text(self, key: str) -> str:
        """A report chapter title or fixed sentence, from the template or the defaults."""
        from checklists.reporttext import default_text

        return self.report.get(key) or default_text(self.language, key)
