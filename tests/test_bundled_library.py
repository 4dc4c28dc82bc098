"""Every bundled template validates, opens in the app, takes answers and exports."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from textual.widgets import Tree

from checklists.library import load_library
from store import create_audit, open_audit
from tests.tui_helpers import open_first_audit
from tui.app import make_app
from tui.screens.audit import AuditScreen

LIBRARY = load_library()
IDS = sorted(t.id for t in LIBRARY.offered())


def test_the_library_covers_the_seeds():
    assert IDS == [
        "arbetsmarknadsinsatser",
        "kpi-analys",
        "namndmal-indikatorer",
        "oppna-jamforelser-ekonomiskt-bistand",
        "styrning-uppfoljning-kontroll",
        "uppfoljning-rekommendationer",
    ]
    grown = LIBRARY.get("styrning-uppfoljning-kontroll")
    assert [c.title for c in grown.chapters] == ["Styrning", "Uppföljning och kontroll"]
    assert all(s.assessed for s in grown.sections) and len(grown.sections) == 4
    assert grown.overall().value("till-viss-del").label == "Till viss del säkerställt"
    assert grown.kind_name("question") == "Kontrollområde"
    kinds = {t.id: {i.kind for i in t.items()} for t in LIBRARY.offered()}
    assert kinds["oppna-jamforelser-ekonomiskt-bistand"] >= {"control_point", "kpi"}
    assert kinds["kpi-analys"] >= {"kpi", "analysis"}
    assert kinds["namndmal-indikatorer"] >= {"question", "kpi"}
    assert LIBRARY.get("uppfoljning-rekommendationer").kind == "follow_up"
    control = [
        i
        for i in LIBRARY.get("oppna-jamforelser-ekonomiskt-bistand").items()
        if i.kind == "control_point"
    ]
    assert len(control) >= 12 and all(
        i.target and i.quality_area and i.data_source for i in control
    )


@pytest.mark.parametrize("template_id", IDS)
async def test_template_opens_in_the_app_and_exports(template_id, workspace: Path, tmp_path):
    template = LIBRARY.get(template_id)
    audit = create_audit(
        workspace, template, title=f"Prov {template_id}", committee="Nämnden", year="2025"
    )
    path = audit.path
    audit.close()
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_audit(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        tree = screen.query_one(Tree)

        def rows(node):
            for child in node.children:
                yield child
                yield from rows(child)

        leaves = [n for n in rows(tree.root) if not n.children]
        assert len(leaves) == len(template.items())
        first = template.items()[0]
        await pilot.press("b")
        if first.kind == "analysis":
            await pilot.press("x", "y", "z")
        else:
            await pilot.press("enter", "down", "enter")  # the first value of its scale
        await pilot.press("f2")
        for _ in range(len(list(rows(tree.root)))):  # walk every row
            await pilot.press("down")
        await pilot.pause()
        await pilot.press("ctrl+q")
    audit = open_audit(path, read_only=True)
    assert audit.item_state(first.id) == "assessed"
    from report import export_report

    out = export_report(audit, tmp_path / f"{template_id}.docx")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for chapter in template.chapters:
        assert any(h.endswith(chapter.title) for h in headings), chapter.title
    if template.chapters:  # the sections sit one level down, under their chapter
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for section in template.sections:
        assert any(h.endswith(section.title) for h in headings), section.title
