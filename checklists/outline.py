"""A template's outline as plain text: what `granska checklists show` prints.

A firm writing its own template sees the shape it gets — chapters, areas with
their own assessment, items under the template's names for them, the scales with
their titles, meanings and colours — without starting an audit.
"""

from __future__ import annotations

from checklists.model import Section, Template


def outline(t: Template) -> str:
    """The template's outline, its chapters and sections numbered from 1."""
    lines = [f"{t.title} ({t.id}, version {t.version}, {t.kind}, {t.language})"]
    if t.description:
        lines.append(t.description)
    lines.append("")
    for scale in t.scales.values():
        lines.append(f"scale {scale.id}" + (f": {scale.title}" if scale.title else ""))
        for v in scale.values:
            colour = f", {v.colour}" if v.colour else ""
            lines.append(f"  {v.id}: {v.label} ({v.meaning}{colour})")
    overall = t.overall()
    if overall is not None:
        lines.append(f"overall assessment on scale {overall.id}")
    lines.append("")
    if t.chapters:
        for n, chapter in enumerate(t.chapters, start=1):
            lines.append(f"{n} {chapter.title}")
            for k, section in enumerate(chapter.sections, start=1):
                lines.extend(_section(t, f"{n}.{k}", section, "  "))
    else:
        for n, section in enumerate(t.sections, start=1):
            lines.extend(_section(t, str(n), section, ""))
    return "\n".join(lines) + "\n"


def _section(t: Template, number: str, section: Section, indent: str) -> list[str]:
    own = f"  [assessed on {section.scale}]" if section.assessed else ""
    lines = [f"{indent}{number} {section.title}{own}"]
    for k, item in enumerate(section.items, start=1):
        lines.append(f"{indent}  {number}.{k} {t.kind_name(item.kind)}: {item.text}")
    return lines
