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


def test_report_benchmark_runs_and_prints_its_split(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "bench/report_bench.py", "--quick", "--big", "1000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"BENCH_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [c.strip() for c in lines[0].split("|")][1:3] == ["build s", "save s"]
    assert any(line.strip().startswith("2,000 ") for line in lines)
    assert "1,000 observations exported in" in lines[-1] and "progress updates" in lines[-1]
