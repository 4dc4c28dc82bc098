"""One search across an audit: questions, observations, sources, recommendations.

Swedish-aware and fast enough to run on every keystroke:

- Folding (`fold`): case-insensitive (`str.casefold`), accents dropped (é finds e,
  ü finds u), but å, ä and ö stay letters of their own, as in the Swedish
  alphabet; the Nordic variants æ and ø count as ä and ö. Decomposed input
  (a + combining ring) folds like the precomposed letter.
- A second, looser folding (`loose`) also turns å and ä into a and ö into o, so a
  search typed on a keyboard without them (`atgard`) still finds `åtgärd`.
- A query is split into words; a record matches when every word occurs in one
  of its fields, anywhere in the field (a substring, not only a word's start:
  Swedish writes compounds, and "avtal" should find "samverkansavtal").
- Two tiers: "exact" (every word found at the folding above) ranks before
  "loose" (found only when a, o in the query may stand for å, ä, ö in the text;
  an å, ä or ö typed in the query is always that letter). Within a tier, by
  the field's weight (a question's text first, then observations, ...), then
  in the order the index holds them (template order; observations per item,
  oldest first): a stable ranking.

`SearchIndex.build(audit)` reads the audit once (the app rebuilds it after an
announced change, when a search is next made); `index.search(query, limit)`
then costs one pass over prepared strings. A new kind of record is one more
function in `INDEXERS` (see `_comments` for where review comments go).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from checklists import Template
    from store.audit import Audit

ResultKind = Literal["item", "observation", "source", "recommendation", "comment"]

# Field weights: lower ranks first within a tier.
WEIGHTS: dict[str, int] = {
    "item_text": 0,
    "observation": 1,
    "recommendation": 2,
    "comment": 3,
    "source": 4,
    "item_guidance": 5,
}

# -- folding ---------------------------------------------------------------------------

_KEEP = {"å", "ä", "ö"}
_NORDIC = {"æ": "ä", "ø": "ö"}
_RING, _DIAERESIS = "\u030a", "\u0308"
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold_char(ch: str) -> str:
    """One already casefolded character, folded (one character, or '' for a lone mark)."""
    if ch in _KEEP:
        return ch
    if ch in _NORDIC:
        return _NORDIC[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept if len(kept) == 1 else ch


def _table() -> dict[int, str]:
    """Precomposed letters (Latin, Greek, Cyrillic, Vietnamese ...) to their folded form."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x2000):
        ch = chr(code)
        if unicodedata.combining(ch):
            continue
        folded = _fold_char(ch)
        if folded != ch and len(folded) == 1:
            table[code] = folded
    return table


_TABLE = _table()
_LOOSE = str.maketrans({"å": "a", "ä": "a", "ö": "o"})


@dataclass(frozen=True, slots=True)
class Folded:
    """A text folded for searching, and where each of its characters came from.

    `offsets` is None when the folding kept every character in place (the usual
    case); otherwise `offsets[i]` is the index in the original text of folded
    character `i`, with one more entry for the end of the text.
    """

    text: str
    offsets: tuple[int, ...] | None = None

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text that the folded span [start, end) came from."""
        if self.offsets is None:
            return start, end
        offsets = self.offsets
        # A span ends where the next folded character's origin begins (so a dropped
        # accent after the last letter is inside it), but never ends inside one
        # original character that folded to several (ß -> ss).
        last = offsets[end - 1] if end > start else offsets[start]
        stop = offsets[end] if offsets[end] > last else last + 1
        return offsets[start], stop


def fold_text(text: str) -> Folded:
    """Fold for the exact tier, keeping track of positions (see the module docstring)."""
    lowered = text.casefold()
    if len(lowered) == len(text) and not _COMBINING.search(lowered):
        return Folded(lowered.translate(_TABLE))  # one character for one: same positions
    out: list[str] = []
    offsets: list[int] = []
    for index, original in enumerate(text):
        if unicodedata.combining(original):
            # A combining mark: a ring on a makes å, a diaeresis on a / o makes ä / ö;
            # any other mark is dropped (é written as e + accent folds to e).
            if out and original in (_RING, _DIAERESIS):
                joined = unicodedata.normalize("NFC", out[-1] + original)
                if joined in _KEEP:
                    out[-1] = joined
            continue
        for ch in original.casefold():
            folded = _TABLE.get(ord(ch)) or _fold_char(ch)
            if folded:
                out.append(folded)
                offsets.append(index)
    offsets.append(len(text))
    return Folded("".join(out), tuple(offsets))


def fold(text: str) -> str:
    """The exact-tier folding: casefolded, accents dropped, å ä ö kept (æ -> ä, ø -> ö)."""
    return fold_text(text).text


def loose(folded: str) -> str:
    """The loose folding of an already folded text: å, ä -> a and ö -> o."""
    return folded.translate(_LOOSE)


def query_words(query: str) -> list[str]:
    """A query's folded words, each once, longest first (the rarest usually)."""
    words = dict.fromkeys(fold(query).split())
    return sorted(words, key=len, reverse=True)


def _loose_pattern(word: str) -> re.Pattern[str]:
    """A folded query word where a may be å or ä and o may be ö; åäö stay themselves."""
    parts = []
    for ch in word:
        if ch == "a":
            parts.append("[aåä]")
        elif ch == "o":
            parts.append("[oö]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


# -- the index ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable field of one record."""

    kind: ResultKind
    record_id: str
    item_id: str | None
    number: str
    field: str
    weight: int
    text: str
    folded: Folded
    loose: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A record that matched: where to jump, and a snippet with the matches marked.

    `spans` are (start, end) character offsets into `snippet`. `exact` is False
    for a match only the loose folding found (`atgard` for `åtgärd`).
    """

    kind: ResultKind
    record_id: str
    item_id: str | None
    number: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    exact: bool
    field: str


@dataclass
class Hits:
    """What a search found: the first `limit` results and how many there were in all."""

    results: list[SearchResult] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        """How many matches are not in `results`."""
        return self.total - len(self.results)


Row = tuple[ResultKind, str, str | None, str, str]
"""(kind, record id, item id to jump to, field name, text): one searchable field."""

Indexer = Callable[["Audit", dict[str, str]], Iterator[Row]]
"""The rows of one kind of record; gets the audit and the item numbers in tree
order (item id -> "2.1")."""


def _items(audit: Audit, numbers: dict[str, str]) -> Iterator[Row]:
    for item in audit.template.items():
        yield "item", item.id, item.id, "item_text", item.text
        guidance = "\n".join(part for part in (item.guidance, *item.probe) if part)
        if guidance:
            yield "item", item.id, item.id, "item_guidance", guidance


def _observations(audit: Audit, numbers: dict[str, str]) -> Iterator[Row]:
    order = {item_id: n for n, item_id in enumerate(numbers)}
    observations = sorted(
        audit.observations(), key=lambda o: (order.get(o.item_id, len(order)), o.created)
    )
    for obs in observations:
        yield "observation", obs.id, obs.item_id or None, "observation", obs.text


def _sources(audit: Audit, numbers: dict[str, str]) -> Iterator[Row]:
    # A source jumps to the first item (in tree order) with an observation citing it.
    first: dict[str, str] = {}
    order = {item_id: n for n, item_id in enumerate(numbers)}
    for obs in audit.observations():
        for source_id in obs.source_ids:
            known = first.get(source_id)
            if known is None or order.get(obs.item_id, 1 << 30) < order.get(known, 1 << 30):
                first[source_id] = obs.item_id
    for source in audit.sources():
        text = " · ".join(
            part for part in (source.role, source.title, source.date, source.reference) if part
        )
        yield "source", source.id, first.get(source.id), "source", text


def _recommendations(audit: Audit, numbers: dict[str, str]) -> Iterator[Row]:
    for rec in audit.recommendations():
        target = next((i for i in rec.item_ids if i in numbers), None)
        yield "recommendation", rec.id, target, "recommendation", rec.text


def _comments(audit: Audit, numbers: dict[str, str]) -> Iterator[Row]:
    """Review comments: the extension point for the "comment" kind.

    There is no comment record yet (the review workflow adds one). When it
    exists, yield ("comment", comment.id, <the item it is on>, "comment",
    comment.text) for each live comment here; nothing else needs to change.
    """
    return iter(())


INDEXERS: tuple[Indexer, ...] = (_items, _observations, _recommendations, _sources, _comments)


def item_numbers(template: Template) -> dict[str, str]:
    """Every item's number as the tree shows it ('2.1', or '1.2.3' with chapters), in order."""
    numbers: dict[str, str] = {}

    def section(number: str, sec) -> None:
        if sec.assessed:
            numbers[sec.id] = number
        for k, item in enumerate(sec.items, start=1):
            numbers[item.id] = f"{number}.{k}"

    if template.chapters:
        for n, chapter in enumerate(template.chapters, start=1):
            for k, sec in enumerate(chapter.sections, start=1):
                section(f"{n}.{k}", sec)
    else:
        for n, sec in enumerate(template.sections, start=1):
            section(str(n), sec)
    return numbers


class SearchIndex:
    """Every searchable field of an audit, folded once; searched many times."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries

    @classmethod
    def build(cls, audit: Audit, indexers: tuple[Indexer, ...] = INDEXERS) -> SearchIndex:
        """Read the audit's records and fold their texts (once per change of the audit)."""
        numbers = item_numbers(audit.template)
        entries = []
        for indexer in indexers:
            for kind, record_id, item_id, field_name, text in indexer(audit, numbers):
                if not text:
                    continue
                folded = fold_text(text)
                entries.append(
                    Entry(
                        kind=kind,
                        record_id=record_id,
                        item_id=item_id,
                        number=numbers.get(item_id or "", ""),
                        field=field_name,
                        weight=WEIGHTS.get(field_name, len(WEIGHTS)),
                        text=text,
                        folded=folded,
                        loose=loose(folded.text),
                    )
                )
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = 50, width: int = 70) -> Hits:
        """The records matching every word of the query, best first (see module docstring).

        Returns at most `limit` results with snippets of about `width` characters,
        and the number of matching records in all. An empty query finds nothing.
        """
        words = query_words(query)
        if not words:
            return Hits()
        loose_words = [loose(w) for w in words]
        # (tier, weight, position) for each record's best field.
        best: dict[tuple[str, str], tuple[int, int, int]] = {}
        for position, entry in enumerate(self.entries):
            folded = entry.folded.text
            if all(w in folded for w in words):
                tier = 0
            elif all(w in entry.loose for w in loose_words):
                tier = 1  # a candidate: checked below, where å ä ö typed must match
            else:
                continue
            key = (entry.kind, entry.record_id)
            rank = (tier, entry.weight, position)
            if key not in best or rank < best[key]:
                best[key] = rank
        patterns = [_loose_pattern(w) for w in words]
        ranked = sorted(best.values())
        results: list[SearchResult] = []
        total = 0
        for tier, _weight, position in ranked:
            entry = self.entries[position]
            if tier == 1 and not all(p.search(entry.folded.text) for p in patterns):
                continue  # e.g. "ö" typed, and the text has only "o"
            total += 1
            if len(results) < limit:
                results.append(_result(entry, words if tier == 0 else patterns, tier, width))
        return Hits(results, total)


def _result(
    entry: Entry, words: list[str] | list[re.Pattern[str]], tier: int, width: int
) -> SearchResult:
    folded = entry.folded
    spans: list[tuple[int, int]] = []
    for word in words:
        pattern = word if isinstance(word, re.Pattern) else re.compile(re.escape(word))
        for match in pattern.finditer(folded.text):
            if match.end() > match.start():
                spans.append(folded.original(match.start(), match.end()))
    spans.sort()
    snippet, shifted = make_snippet(entry.text, spans, width)
    return SearchResult(
        kind=entry.kind,
        record_id=entry.record_id,
        item_id=entry.item_id,
        number=entry.number,
        snippet=snippet,
        spans=shifted,
        exact=tier == 0,
        field=entry.field,
    )


def make_snippet(
    text: str, spans: list[tuple[int, int]], width: int = 70
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About `width` characters of the text around its first span, on one line.

    Every whitespace character becomes one space (positions stay), so spans are
    moved only by the cut; "…" marks a cut at either end. Returns the snippet and
    the spans that fall inside it, as offsets into it (overlaps merged).
    """
    flat = "".join(" " if ch.isspace() else ch for ch in text)
    width = max(width, 10)
    first = spans[0][0] if spans else 0
    # Some context before the first match, but no shorter a snippet than the text allows.
    start = max(0, min(first - width // 4, len(flat) - width + 1))
    if start > 0:  # start at a word's beginning when one is near
        space = flat.rfind(" ", max(0, start - 10), start)
        if space >= 0:
            start = space + 1
    end = min(len(flat), start + width - (1 if start > 0 else 0))
    if end < len(flat):
        end -= 1  # room for the "…"
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    snippet = prefix + flat[start:end] + suffix
    shift = len(prefix) - start
    out: list[tuple[int, int]] = []
    for a, b in spans:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        a, b = a + shift, b + shift
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return snippet, tuple(out)
