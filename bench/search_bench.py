"""Search benchmark: one query over an audit of 10,000 observations (issue 10: < 50 ms).

Run:  .venv/bin/python bench/search_bench.py  [--quick] [--n 10000]

Prints a table of medians. For each query, in one run over the same texts:
  granska   `SearchIndex.search(query, 50)`: both tiers, ranked, 50 snippets marked
  naive     `query.lower() in text.lower()` over every text (no accents, no åäö-less
            tier, no ranking, no snippets): the floor a plain loop gives
and the time to build the index (once per change of the audit), beside the time
to read the observations out of the audit.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checklists.library import load_library  # noqa: E402
from store import SearchIndex, create_audit  # noqa: E402
from store.records import Observation  # noqa: E402

COMMON = (
    "det och att som med för på är av till en ett i har inte sker främst enskilda ärenden "
    "nämnden följer upp insatserna månadsvis deltagare registreras statistiken tidigare "
    "varit felaktig enhetschefen kostnaderna ekonomiskt bistånd arbetsträning språkpraktik "
    "jobbcoacher kartläggning uppföljning styrning kontroll målen analys utfall uppger "
    "intervjuade verksamheten handläggare kommunen enheten beslut rutiner dokumenteras"
).split()
# Rarer words: each in a few percent of the texts, as a term an auditor looks for.
RARE = (
    "åtgärd åtgärder samverkansavtal personbundet Arbetsförmedlingen årsredovisningen "
    "prognos café résumé överenskommelse Accorda"
).split()
QUERIES = [
    ("exact", "åtgärd"),
    ("without åäö", "atgard"),
    ("multi-word", "samverkan personbundet"),
    ("common word", "kommunen"),
    ("no hit", "xyzzy"),
    ("one letter", "s"),
]


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def make_audit(folder: Path, n: int):
    """An audit with n observations of 30-70 words drawn from WORDS (seeded)."""
    rng = random.Random(10)
    template = load_library().get("arbetsmarknadsinsatser")
    audit = create_audit(folder, template, title=f"Bench {n}", municipality="Ystads kommun")
    source = audit.add_source("interview", role="Enhetschef", date="2026-01-01")
    items = [q.id for q in template.questions()]
    for i in range(n):
        text = " ".join(
            rng.choice(RARE) if rng.random() < 0.01 else rng.choice(COMMON)
            for _ in range(rng.randint(30, 70))
        )
        obs = Observation(
            item_id=items[i % len(items)],
            text=text[0].upper() + text[1:] + ".",
            source_ids=(source.id,),
            created="2026-01-01T10:00:00+01:00",
            updated="2026-01-01T10:00:00+01:00",
            author="bench",
        )
        audit.file.put(Observation.TABLE, obs.id, obs.to_doc())  # setup only: fast, no history
    audit.file.flush()
    return audit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 observations, fewer runs")
    parser.add_argument("--n", type=int, default=10_000, help="observations in the audit")
    args = parser.parse_args()
    n = 1_000 if args.quick else args.n
    repeat = 5 if args.quick else 21
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        audit = make_audit(Path(tmp), n)
        read = median_ms(audit.observations, max(3, repeat // 4))
        build = median_ms(lambda: SearchIndex.build(audit), max(3, repeat // 4))
        index = SearchIndex.build(audit)
        texts = [e.text for e in index.entries]
        print(f"Search over {n:,} observations ({len(texts):,} texts; median ms)")
        print(f"{'query':<36} | {'hits':>6} | {'granska':>8} | {'naive':>8}")
        print(f"{'-' * 36}-+-{'-' * 6}-+-{'-' * 8}-+-{'-' * 8}")
        for name, query in QUERIES:
            hits = index.search(query, 50).total
            ours = median_ms(lambda q=query: index.search(q, 50), repeat)  # type: ignore[misc]

            def naive(q: str = query) -> list[str]:
                q = q.lower()
                return [t for t in texts if q in t.lower()]

            ref = median_ms(naive, repeat)
            label = f"{name} ({query})"
            print(f"{label:<36} | {hits:>6,} | {ours:>8.1f} | {ref:>8.1f}")
        print()
        print(f"{'once per change of the audit':<36} | {'median ms':>9}")
        print(f"{'-' * 36}-+-{'-' * 9}")
        print(f"{'build the index':<36} | {build:>9.1f}")
        print(f"{'of which: read the observations':<36} | {read:>9.1f}")
        audit.close()


if __name__ == "__main__":
    main()
