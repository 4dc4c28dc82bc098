"""The benchmark stays runnable (its numbers are read by people, not asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_store_benchmark_runs_and_prints_its_table(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "bench/store_bench.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"BENCH_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split("|")[1].strip() == "granska"
    rows = [line for line in lines if line.strip().startswith(("100 ", "1,000 "))]
    assert len(rows) == 2 and all(len(r.split("|")) == 4 for r in rows)
    assert any("open an audit of 1,000 observations" in line for line in lines)
