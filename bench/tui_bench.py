"""Audit screen benchmark: what an auditor waits for, at 0 to 10,000 observations.

Run:  .venv/bin/python bench/tui_bench.py  [--quick]

Drives the real app with Textual's Pilot at 120x40 on an audit of the labour-market
template whose observations are spread over its four questions (each holds a
quarter of them) and prints a table of medians, in milliseconds:

  1st open  the first open of the audit: every record is validated (store/validated.py)
  open      Enter on the home screen until the audit screen is laid out and drawn (the
            file was validated whole before: its records are not checked again)
  next      the next-question key until the next question is drawn
  file      the key that closes the note editor until the list shows the new note
  key       one keystroke in the reasoning field until it is drawn
  listview  reference, same run: a stock Textual ListView mounting and drawing the
            same question's observations (a quarter of the audit) as two-line items

and, once, the start of the app: the `granska` command in a new process on a
terminal (a pty of 120x40) until its home screen shows the audit's title, beside a
stock Textual app with a DataTable started and timed the same way.

"Drawn" means the screen's pending layout and repaint were done: the bench calls
the screen's update step itself instead of waiting for the refresh timer, so the
numbers are work, not timer ticks.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # benchhome, also when imported as bench.tui_bench

from benchhome import isolated_home  # noqa: E402,F401 - the benches' shared temporary HOME
from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input, ListItem, ListView, Static  # noqa: E402

from checklists.library import load_library  # noqa: E402
from store import create_audit  # noqa: E402
from store.records import Observation  # noqa: E402

SIZE = (120, 40)
TEXT = (
    "Intervjuade uppger att samarbetet med Arbetsförmedlingen främst sker i enskilda ärenden "
    "och att det saknas ett skriftligt samverkansavtal, vilket gör arbetet personbundet. "
) * 2
FIRST = "samarbete-af"


def make_workspace(folder: Path, n: int) -> Path:
    """A workspace holding one audit of n observations spread over the four questions."""
    folder.mkdir(parents=True)
    template = load_library().get("arbetsmarknadsinsatser")
    audit = create_audit(folder, template, title=f"Bench {n}", municipality="Ystads kommun")
    source = audit.add_source("interview", role="Enhetschef", date="2026-01-01")
    items = [q.id for q in template.questions()]
    for i in range(n):
        stamp = f"2026-01-01T10:{i // 600 % 60:02d}:{i // 10 % 60:02d}+01:00"
        obs = Observation(
            item_id=items[i % len(items)],
            text=f"{i}. {TEXT[: 150 + i % 80]}",
            source_ids=(source.id,),
            created=stamp,
            updated=stamp,
            author="bench",
        )
        audit.file.put(Observation.TABLE, obs.id, obs.to_doc())
    audit.file.flush()
    audit.close()
    return folder


# -- observing the app (works on the old screen and the new one) ----------------------


def shown_item(app: App) -> str | None:
    item = getattr(app.screen, "item", None)
    return getattr(item, "id", None)


def listed_count(app: App) -> int:
    """How many observations the audit screen's list holds."""
    screen = app.screen
    try:
        from tui.widgets.observations import ObservationList

        return screen.query_one(ObservationList).count
    except Exception:  # noqa: BLE001 - the screen before the rewrite
        return len(screen.query_one("#observations", ListView).children)


async def until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 120) -> None:
    """Wait until the condition holds, then do the screen's pending layout and repaint."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there")
        await asyncio.sleep(0.0005)
    await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()


async def send_key(pilot: Pilot, key: str) -> None:
    """Deliver one key to the app as the terminal would, without Pilot's idle waits.

    `Pilot.press` sleeps until the process looks idle (at least 2 x 20 ms per key),
    which would swamp what is measured here; the bench delivers the key itself and
    `until` then waits for the result and draws it.
    """
    app = pilot.app
    char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


def has_binding(app: App, key: str) -> bool:
    return any(key in b.key.split(",") for b in app.screen.BINDINGS if hasattr(b, "key"))


async def next_question(pilot: Pilot, forward: bool = True) -> None:
    """Move to the next (or previous) question, with the screen's own key for it."""
    app = pilot.app
    before = shown_item(app)
    if has_binding(app, "ctrl+down"):
        await send_key(pilot, "ctrl+down" if forward else "ctrl+up")
    else:  # the old screen: arrow keys in the tree, section rows included
        while shown_item(app) == before:
            await pilot.press("down" if forward else "up")
    await until(pilot, lambda: shown_item(app) != before)


async def measure_app(workspace: Path, repeat: int) -> dict[str, float]:
    from tui.app import make_app

    times: dict[str, list[float]] = {"first": [], "open": [], "next": [], "file": [], "key": []}
    app = make_app(workspace, language="sv")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        for attempt in range(repeat + 1):
            start = time.perf_counter()
            await send_key(pilot, "enter")
            await until(pilot, lambda: shown_item(app) == FIRST)
            times["open" if attempt else "first"].append(time.perf_counter() - start)
            await pilot.press("escape")
            await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("enter")
        await until(pilot, lambda: shown_item(app) == FIRST)
        for _ in range(repeat):
            start = time.perf_counter()
            await next_question(pilot)
            times["next"].append(time.perf_counter() - start)
            await next_question(pilot, forward=False)
        audit = app.session.audit
        for k in range(repeat):
            before = len(audit.observations(FIRST))
            await pilot.press("a")
            await pilot.press(*"notering", "space", *str(k))
            start = time.perf_counter()
            await send_key(pilot, "escape")
            await until(pilot, lambda b=before: listed_count(app) == b + 1)
            times["file"].append(time.perf_counter() - start)
        await pilot.press("b", "tab")
        for _ in range(repeat):
            text = app.focused.text if hasattr(app.focused, "text") else ""
            start = time.perf_counter()
            await send_key(pilot, "k")
            await until(pilot, lambda t=text: getattr(app.focused, "text", "") != t)
            times["key"].append(time.perf_counter() - start)
            await pilot.pause(0.05)
        await pilot.press("ctrl+q")
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


class ListViewApp(App[None]):
    """The reference: a stock ListView of the same two-line items."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        yield ListView()

    async def fill(self) -> None:
        view = self.query_one(ListView)
        await view.extend(
            ListItem(Static(f"{i}. {TEXT[: 150 + i % 80]}\n— intervju: Enhetschef, 2026-01-01"))
            for i in range(self.count)
        )


class InputApp(App[None]):
    """The floor: a stock Input, one keystroke until it is drawn."""

    def compose(self) -> ComposeResult:
        yield Input()


async def measure_floor(repeat: int) -> float:
    """One key into a stock `Input` until drawn: what any Textual keystroke costs."""
    times = []
    app = InputApp()
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.pause(0.05)
        for _ in range(repeat):
            before = field.value
            start = time.perf_counter()
            await send_key(pilot, "k")
            await until(pilot, lambda b=before: field.value != b)
            times.append(time.perf_counter() - start)
            await pilot.pause(0.02)
    return statistics.median(times) * 1000


async def measure_listview(count: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        app = ListViewApp(count)
        async with app.run_test(size=SIZE) as pilot:
            start = time.perf_counter()
            await app.fill()
            await until(pilot, lambda: True)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


REFERENCE_APP = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header


class Reference(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Titel", "Kommun", "Senast ändrad")
        table.add_row("Reference table", "Ystads kommun", "2026-01-01")


Reference().run()
"""


def time_to_text(command: list[str], marker: bytes, timeout: float = 60) -> float:
    """A new process in a terminal of 120x40 (a pty) until `marker` is drawn (seconds).

    The process is then asked to quit (Ctrl+Q) and killed if it does not.
    """
    import fcntl
    import pty
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True
    )
    os.close(slave)
    elapsed: float | None = None
    tail = b""
    try:
        while elapsed is None and time.perf_counter() - start < timeout:
            if not select.select([master], [], [], 0.2)[0]:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            tail = tail[-len(marker) :] + chunk
            if marker in tail:
                elapsed = time.perf_counter() - start
        os.write(master, b"\x11")  # Ctrl+Q
        quit_by = time.perf_counter() + 10
        while proc.poll() is None and time.perf_counter() < quit_by:
            if select.select([master], [], [], 0.1)[0]:
                with contextlib.suppress(OSError):
                    os.read(master, 1 << 16)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    if elapsed is None:
        raise RuntimeError(f"{' '.join(command)} never drew {marker!r}")
    return elapsed


def measure_start(workspace: Path, title: str, repeat: int) -> tuple[float, float]:
    """The `granska` command started in a terminal until its home screen shows the audit's
    title, and a stock Textual app with a DataTable until it shows its row (medians, ms)."""
    ours, stock = [], []
    for _ in range(repeat):
        command = [sys.executable, "-m", "granska.cli", "--workspace", str(workspace)]
        ours.append(time_to_text(command, title.encode()))
        stock.append(time_to_text([sys.executable, "-c", REFERENCE_APP], b"Reference table"))
    return statistics.median(ours) * 1000, statistics.median(stock) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    parser.add_argument("--sizes", help="comma-separated observation counts")
    args = parser.parse_args()
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    else:
        sizes = [0, 40] if args.quick else [0, 500, 2_000, 10_000]
    with isolated_home() as root:
        print("Audit screen at 120x40, Pilot-driven (median, ms)")
        header = (
            f"{'observations':>12} | {'1st open':>8} | {'open':>8} | {'next':>8} | {'file':>8} | "
            f"{'key':>8} | {'listview':>9}"
        )
        print(header)
        print("-" * len(header))
        for n in sizes:
            repeat = 1 if args.quick else (3 if n >= 10_000 else 7)
            workspace = make_workspace(root / f"n{n}", n)
            result = asyncio.run(measure_app(workspace, repeat))
            reference = asyncio.run(measure_listview(n // 4, 1 if n >= 2_000 else repeat))
            print(
                f"{n:>12,} | {result['first']:>8.1f} | {result['open']:>8.1f} | "
                f"{result['next']:>8.1f} | "
                f"{result['file']:>8.1f} | {result['key']:>8.1f} | {reference:>9.1f}",
                flush=True,
            )
        started, stock = measure_start(
            root / f"n{sizes[-1]}", f"Bench {sizes[-1]}", 1 if args.quick else 7
        )
        floor = asyncio.run(measure_floor(3 if args.quick else 15))
        print()
        print(f"{'measure':<44} | {'median ms':>9} | target")
        print(f"{'-' * 44}-+-{'-' * 9}-+-------")
        print(f"{'start to the first screen (granska, a pty)':<44} | {started:>9.1f} | < 500")
        print(f"{'reference: a stock DataTable app, same way':<44} | {stock:>9.1f} |")
        print(f"{'reference: one key in a stock Input':<44} | {floor:>9.1f} |")
        print("targets: next < 100 and file < 50 at 2,000; open < 300 at 10,000")


if __name__ == "__main__":
    main()
