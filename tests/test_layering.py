"""The architecture holds: no Textual below tui/, and the wheel carries its data files."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _printed(code: str) -> str:
    """What a fresh Python process running `code` prints (a clean `sys.modules`)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return result.stdout.strip()


def test_checklists_store_report_never_import_textual():
    code = (
        "import sys, checklists, checklists.library, store, report, granska.demo, granska.cli\n"
        "import store.audit, store.merge, store.review, store.gaps, store.search, store.recovery\n"
        "import report.export, report.factcheck\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(len(bad))"
    )
    assert _printed(code) == "0"


def test_the_first_screen_is_drawn_before_the_engine_is_imported():
    """Start imports what the home screen needs; the store's engine (the audit, the
    journal, merge, search) and the templates' loader wait for the first open."""
    code = (
        "import sys, granska.cli, granska.demo, tui.app, tui.screens.home\n"
        "heavy = ('store.audit', 'store.durable', 'store.merge', 'store.search', 'yaml',\n"
        "         'checklists.loader', 'tui.screens.audit', 'docx')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    assert _printed(code) == "[]"


def test_the_engine_is_imported_while_the_auditor_reads_the_list(tmp_path: Path):
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from tui.app import make_app\n"
        "async def main():\n"
        f"    app = make_app(Path({str(tmp_path / 'ws')!r}))\n"
        "    async with app.run_test() as pilot:\n"
        "        before = 'tui.screens.audit' in sys.modules\n"
        "        for _ in range(200):\n"
        "            await pilot.pause(0.05)\n"
        "            await app.workers.wait_for_complete()\n"
        "            if 'store.audit' in sys.modules and 'tui.screens.audit' in sys.modules:\n"
        "                break\n"
        "        print(before, app.screen.query_one('#audits').row_count,\n"
        "              'tui.screens.audit' in sys.modules, 'store.audit' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "c")}
    from granska.demo import ensure_demo

    ensure_demo(tmp_path / "ws")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "1", "True", "True"]


def test_the_wheel_carries_stylesheet_templates_and_demo(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("granska-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tui/app.tcss" in names
    assert "checklists/bundled/arbetsmarknadsinsatser.yaml" in names
    assert "granska/demo/arbetsmarknad.yaml" in names
    assert not any(n.startswith("tests/") for n in names)
