"""The numbers of a template's items (1.2, or 2.1.3 under chapters): one scheme.

The item tree, search results, the interview screen, the inbox and the history all
name an item by this number; it lives with the template so that each of them (and
the store's search, below the UI) reads the same one.
"""

from __future__ import annotations

from checklists.model import Template


def item_numbers(template: Template) -> dict[str, str]:
    """The number of every item, section and chapter, by id (ids are unique in a template).

    Sections are numbered in order (under chapters: chapter.section), items within
    a section after a dot: 1, 1.2; under chapters 2, 2.1, 2.1.3. The item tree draws
    these numbers; everything else that names an item by number reads them here.
    """
    numbers: dict[str, str] = {}

    def section(prefix: str, sec) -> None:
        numbers[sec.id] = prefix
        for k, item in enumerate(sec.items, start=1):
            numbers[item.id] = f"{prefix}.{k}"

    if template.chapters:
        for n, chapter in enumerate(template.chapters, start=1):
            numbers[chapter.id] = str(n)
            for k, sec in enumerate(chapter.sections, start=1):
                section(f"{n}.{k}", sec)
    else:
        for n, sec in enumerate(template.sections, start=1):
            section(str(n), sec)
    return numbers
