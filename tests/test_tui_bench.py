"""The audit screen benchmark stays runnable (its numbers are read by people, not asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_tui_benchmark_runs_and_prints_its_table(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "bench/tui_bench.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={"BENCH_DIR": str(tmp_path), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [c.strip() for c in lines[1].split("|")[1:3]] == ["1st open", "open"]
    rows = [line for line in lines if line.strip().startswith(("0 ", "40 "))]
    assert len(rows) == 2 and all(len(r.split("|")) == 7 for r in rows)
    assert any("start to the first screen" in line for line in lines)
    assert any("a stock DataTable app" in line for line in lines)
