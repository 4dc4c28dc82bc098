"""The numbers of a template's items (1.2, or 2.1.3 under chapters): one scheme.

The item tree, search results, the interview screen, the inbox and the history all
name an item by this number; it lives with the template so that each of them (and
the store's search, below the UI) reads the same one.
"""

from __future__ import annotations

from checklists.model import Template


def item_numbers(template: Template) -> dict[str, str]:
    """Every item's number, and that of every section assessed on its own.

    The same scheme as `ItemTree`: sections numbered in order (under chapters:
    chapter.section), items within a section after a dot.
    """
    numbers: dict[str, str] = {}

    def section(prefix: str, sec) -> None:
        if sec.assessed:
            numbers[sec.id] = prefix
        for k, item in enumerate(sec.items, start=1):
            numbers[item.id] = f"{prefix}.{k}"

    if template.chapters:
        for n, chapter in enumerate(template.chapters, start=1):
            for k, sec in enumerate(chapter.sections, start=1):
                section(f"{n}.{k}", sec)
    else:
        for n, sec in enumerate(template.sections, start=1):
            section(str(n), sec)
    return numbers
