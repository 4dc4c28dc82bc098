"""The architecture holds: no Textual below tui/, and the wheel carries its data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_checklists_store_report_never_import_textual():
    code = (
        "import sys, checklists, checklists.library, store, report, granska.demo, granska.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(len(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "0"


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
