"""Store benchmark: time to durably save one edit, to open an audit, to list a workspace.

Run:  .venv/bin/python bench/store_bench.py  [--quick]

Prints a table of medians. Compares, in one run and on the same disk:
  granska   Audit.save() of one changed observation + flush (journal append + fsync)
  tinydb    TinyDB's default JSONStorage: Table.update() of one document
  floor     appending one ~620-byte line to a file and fsyncing it
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchhome, imported as bench.x too

from benchhome import isolated_home  # noqa: E402
from tinydb import TinyDB  # noqa: E402

from checklists.library import load_library  # noqa: E402
from store import create_audit, list_audits, open_audit  # noqa: E402
from store.records import Observation, new_id  # noqa: E402

TEXT = (
    "Intervjuade uppger att samarbetet med Arbetsförmedlingen främst sker i enskilda ärenden "
    "och att det saknas ett skriftligt samverkansavtal, vilket gör arbetet personbundet. "
) * 3  # with the other fields an observation is about 620 bytes of JSON


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def make_audit(folder: Path, n: int):
    template = load_library().get("arbetsmarknadsinsatser")
    audit = create_audit(folder, template, title=f"Bench {n}", municipality="Ystads kommun")
    source = audit.add_source("interview", role="Enhetschef", date="2026-01-01")
    items = [q.id for q in template.questions()]
    for i in range(n):
        obs = Observation(
            item_id=items[i % len(items)],
            text=TEXT[: 380 + i % 20],
            source_ids=(source.id,),
            created="2026-01-01T10:00:00+01:00",
            updated="2026-01-01T10:00:00+01:00",
            author="bench",
        )
        audit.file.put(Observation.TABLE, obs.id, obs.to_doc())
    audit.file.flush()
    audit.file.compact()
    return audit


def bench_granska(folder: Path, n: int, repeat: int) -> float:
    audit = make_audit(folder, n)
    target = audit.observations()[n // 2]
    counter = iter(range(10**9))

    def edit() -> None:
        target.text = f"{TEXT[:380]} {next(counter)}"
        audit.save(target)
        audit.file.flush()

    result = median_ms(edit, repeat)
    audit.close()
    return result


def bench_tinydb(folder: Path, n: int, repeat: int) -> float:
    path = folder / f"tinydb-{n}.json"
    db = TinyDB(path)
    table = db.table("observations")
    table.insert_multiple(
        {
            "id": new_id(),
            "item_id": "q",
            "text": TEXT[:380],
            "source_ids": [new_id()],
            "created": "2026-01-01T10:00:00+01:00",
            "updated": "2026-01-01T10:00:00+01:00",
            "author": "bench",
            "deleted": False,
        }
        for _ in range(n)
    )
    doc_id = n // 2
    counter = iter(range(10**9))

    def edit() -> None:
        table.update({"text": f"{TEXT[:380]} {next(counter)}"}, doc_ids=[doc_id])

    result = median_ms(edit, repeat)
    db.close()
    return result


def bench_floor(folder: Path, repeat: int) -> float:
    line = (TEXT[:600] + "\n").encode()
    fd = os.open(folder / "floor.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def edit() -> None:
        os.write(fd, line)
        os.fsync(fd)

    try:
        return median_ms(edit, repeat)
    finally:
        os.close(fd)


def bench_open(folder: Path, n: int, repeat: int) -> tuple[float, float]:
    """The first open (every record validated) and the median of the next ones (the
    file was validated whole before: `store/validated.py`)."""
    audit = make_audit(folder, n)
    path = audit.path
    audit.close()

    def open_close() -> None:
        a = open_audit(path)
        a.observations("samarbete-af")
        a.file.close(compact=False)  # measure opening, not the compaction on close

    gc.collect()  # the audit just made is garbage now: not the first open's cost
    first = median_ms(open_close, 1)
    return first, median_ms(open_close, repeat)


def bench_list(folder: Path, audits: int, repeat: int) -> tuple[float, float]:
    template = load_library().get("arbetsmarknadsinsatser")
    for i in range(audits):
        a = create_audit(folder, template, title=f"Granskning {i}", municipality="Kommun")
        for q in template.questions()[:2]:
            a.add_observation(q.id, TEXT[:300])
            a.set_assessment(q.id, "delvis", "Motivering.")
        a.close()
    cold = median_ms(lambda: list_audits(folder), 1)
    warm = median_ms(lambda: list_audits(folder), repeat)
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repetitions")
    args = parser.parse_args()
    sizes = [100, 1_000] if args.quick else [100, 1_000, 10_000, 50_000]
    with isolated_home() as root:
        floor = bench_floor(root, 200)
        print("Time to durably save one edit (median, ms)")
        print(f"{'observations':>12} | {'granska':>9} | {'tinydb':>9} | {'floor':>7}")
        print(f"{'-' * 12}-+-{'-' * 9}-+-{'-' * 9}-+-{'-' * 7}")
        for n in sizes:
            folder = root / f"n{n}"
            folder.mkdir()
            g = bench_granska(folder, n, 50)
            tdb = bench_tinydb(folder, n, 5 if n >= 10_000 else 20)
            print(f"{n:>12,} | {g:>9.2f} | {tdb:>9.2f} | {floor:>7.2f}")
        print()
        n_open = 1_000 if args.quick else 10_000
        folder = root / "open"
        folder.mkdir()
        first, opened = bench_open(folder, n_open, 5)
        folder = root / "list"
        folder.mkdir()
        n_list = 20 if args.quick else 200
        cold, warm = bench_list(folder, n_list, 5)
        print(f"{'measure':<44} | {'median ms':>9} | target")
        print(f"{'-' * 44}-+-{'-' * 9}-+-------")
        print(f"{f'open an audit of {n_open:,} observations':<44} | {opened:>9.1f} | < 300")
        print(f"{'  the first time (every record validated)':<44} | {first:>9.1f} |")
        print(f"{f'list {n_list} audits, index warm':<44} | {warm:>9.1f} | < 300")
        print(f"{f'list {n_list} audits, no index (first run)':<44} | {cold:>9.1f} |")


if __name__ == "__main__":
    main()
