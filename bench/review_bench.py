"""Review benchmark: the dashboard's gaps and the tree's review marks at 2,000 observations.

Run:  .venv/bin/python bench/review_bench.py  [--quick]

Prints a table of medians, measured in the same run:
  item_states    Audit.item_states(), what the tree already reads after every edit (reference)
  review_marks   Audit.review_marks(), what the tree reads in addition (with ten sign-offs)
  review_gaps    Audit.review_gaps(), everything the dashboard shows
  dashboard      opening the dashboard in the app (Pilot, 80x24) until it is drawn
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checklists.library import load_library  # noqa: E402
from store import create_audit  # noqa: E402


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def seed(folder: Path, n: int):
    template = load_library().get("arbetsmarknadsinsatser")
    audit = create_audit(folder, template, title="Bänk", municipality="Ystad")
    items = [i.id for i in audit.template.items()]
    src = audit.add_source("interview", role="Enhetschef", date="2024-03-01")
    for k in range(n):
        sources = [src.id] if k % 3 else []
        audit.add_observation(items[k % len(items)], f"Iakttagelse {k} " * 12, sources)
    for k in range(10):
        audit.add_comment("question", items[k % len(items)], f"Kommentar {k}")
    for item in items:
        audit.sign_off(item)
    audit.add_observation(items[0], "Efter signering.")
    audit.flush()
    return audit


async def open_dashboard(folder: Path) -> float:
    from tui.app import make_app

    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("o")
        await pilot.pause()
        took = (time.perf_counter() - start) * 1000
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n, repeat = (500, 5) if args.quick else (2000, 15)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        audit = seed(folder, n)
        rows = [
            ("item_states", median_ms(audit.item_states, repeat)),
            ("review_marks", median_ms(audit.review_marks, repeat)),
            ("review_gaps", median_ms(audit.review_gaps, repeat)),
        ]
        audit.close()
        rows.append(("dashboard", asyncio.run(open_dashboard(folder))))
    print(f"{n} observations, medians of {repeat} runs (dashboard: one run)")
    print(f"{'what':<14}{'ms':>10}")
    for name, ms in rows:
        print(f"{name:<14}{ms:>10.1f}")


if __name__ == "__main__":
    main()
