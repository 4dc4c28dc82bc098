"""Interview mode benchmark: Enter until the note field is empty and ready again.

Run:  .venv/bin/python bench/interview_bench.py  [--quick]

Drives the real app with Textual's Pilot at 120x40 on an audit of the labour-market
template whose observations all cite one interview (so the interview's own list
holds every one of them: the worst case for it), and prints medians in ms:

  field     Enter in interview mode until the field is empty, focused and drawn: the
            note saved, its journal line written and fsynced (the field clears only
            after that), the screen's layout and repaint done (target < 50 at 2,000)
  list      the same Enter until the interview's list shows the new note
  flush     of `field`, the durable write alone (Audit.flush on the UI thread)
  screen    reference, same run: the audit screen's way of filing (Esc closes the
            note editor) until its list shows the new note (not waiting for disk)
  key       reference, same run: one keystroke in the note field until it is drawn
            (the floor any key costs on this machine, with the Pilot's own overhead)
  raw       reference, same run: Audit.add_observation + Audit.flush, no UI at all
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


from tui_bench import (  # noqa: E402
    FIRST,
    SIZE,
    isolated_home,
    make_workspace,
    send_key,
    until,
)


def _timed_flush(audit, spent: list[float]) -> None:
    """Wrap the audit's flush so the bench can tell the fsync's share of a filing."""
    original = audit.flush

    def flush() -> int:
        start = time.perf_counter()
        try:
            return original()
        finally:
            spent.append(time.perf_counter() - start)

    audit.flush = flush


async def measure(workspace: Path, repeat: int) -> dict[str, float]:
    from tui.app import make_app
    from tui.screens.interview import InterviewScreen
    from tui.widgets.observations import ObservationList

    times: dict[str, list[float]] = {
        "field": [],
        "list": [],
        "flush": [],
        "screen": [],
        "key": [],
    }
    app = make_app(workspace, language="sv")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await until(pilot, lambda: getattr(getattr(app.screen, "item", None), "id", "") == FIRST)
        audit = app.session.audit

        # Reference: the audit screen's note editor, closed with Esc.
        for k in range(repeat):
            before = app.screen.query_one(ObservationList).count
            await pilot.press("a", *"notering", "space", *str(k))
            start = time.perf_counter()
            await send_key(pilot, "escape")
            await until(
                pilot, lambda b=before: app.screen.query_one(ObservationList).count == b + 1
            )
            times["screen"].append(time.perf_counter() - start)
        await pilot.press("escape")  # the list, then the tree

        await pilot.press("n")
        await until(pilot, lambda: type(app.screen).__name__ == "StartInterviewDialog")
        await pilot.press("enter")  # the audit's interview (every note cites it)
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen))
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        flushes: list[float] = []
        _timed_flush(audit, flushes)
        for k in range(repeat):
            await pilot.press(*"anteckning", "space")
            await pilot.pause(0.05)
            text = screen.note_field.text
            start = time.perf_counter()
            await send_key(pilot, str(k % 10))
            await until(pilot, lambda t=text: screen.note_field.text != t)
            times["key"].append(time.perf_counter() - start)
            before = screen.notes.count
            flushes.clear()
            start = time.perf_counter()
            await send_key(pilot, "enter")
            await until(
                pilot,
                lambda: screen.note_field.text == "" and screen.focused is screen.note_field,
            )
            times["field"].append(time.perf_counter() - start)
            times["flush"].append(sum(flushes))
            await until(pilot, lambda b=before: screen.notes.count == b + 1)
            times["list"].append(time.perf_counter() - start)
        await pilot.press("ctrl+q")
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def measure_raw(workspace: Path, repeat: int) -> float:
    """Audit.add_observation + Audit.flush, no UI (median, ms)."""
    from store import open_audit

    [path] = workspace.glob("*.granska.json")
    audit = open_audit(path)
    times = []
    for k in range(repeat):
        start = time.perf_counter()
        audit.add_observation(FIRST, f"rå anteckning {k}")
        audit.flush()
        times.append(time.perf_counter() - start)
    audit.close()
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repetitions")
    args = parser.parse_args()
    sizes = [0, 40] if args.quick else [0, 2_000]
    repeat = 3 if args.quick else 15
    with isolated_home() as root:
        print("Interview mode at 120x40, Pilot-driven (median, ms)")
        header = (
            f"{'observations':>12} | {'field':>7} | {'list':>7} | {'flush':>7} | "
            f"{'screen':>7} | {'key':>7} | {'raw':>7}"
        )
        print(header)
        print("-" * len(header))
        for n in sizes:
            workspace = make_workspace(root / f"n{n}", n)
            result = asyncio.run(measure(workspace, repeat))
            raw = measure_raw(workspace, repeat)
            print(
                f"{n:>12,} | {result['field']:>7.1f} | {result['list']:>7.1f} | "
                f"{result['flush']:>7.2f} | {result['screen']:>7.1f} | {result['key']:>7.1f} | "
                f"{raw:>7.2f}",
                flush=True,
            )
        print("target: field < 50 at 2,000 observations")


if __name__ == "__main__":
    main()
