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
function in `INDEXERS`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from checklists.numbering import item_numbers

if TYPE_CHECKING:
    from store.audit import Audit
    from store.records import Observation

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

SEPARATOR = "\x00"
"""Between the texts of the index's joined haystacks; never part of a query word."""

# -- folding ---------------------------------------------------------------------------

_KEEP = {"å", "ä", "ö"}
_NORDIC = {"æ": "ä", "ø": "ö"}
_RING, _DIAERESIS = "\u030a", "\u0308"
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold_char(ch: str) -> str:
    """One already casefolded character, folded to one character (for the table)."""
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


@functools.cache
def _folding() -> tuple[dict[int, str], re.Pattern[str]]:
    """The folding table and the characters that need more than casefold.

    Built on first use, not at import: it walks 7,000 code points (20 ms), and the
    app's start must not wait for a search nobody has made yet. The characters are
    found by one regex scan, so a text with none of them (most Swedish text: å ä ö
    are not in it) costs two C-speed passes.
    """
    table = _table()
    special = re.compile(
        "[" + "".join(re.escape(chr(c)) for c in sorted(table)) + _COMBINING.pattern[1:-1] + "]"
    )
    return table, special


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


def _replace(match: re.Match[str]) -> str:
    return _folding()[0][ord(match.group())]


def fold_text(text: str) -> Folded:
    """Fold for the exact tier, keeping track of positions (see the module docstring)."""
    lowered = text.casefold()
    if len(lowered) == len(text):  # one character for one: positions stay
        if _folding()[1].search(lowered) is None:
            return Folded(lowered)
        if _COMBINING.search(lowered) is None:  # precomposed accents: é -> e in place
            return Folded(_folding()[1].sub(_replace, lowered))
    table = _folding()[0]
    out: list[str] = []
    offsets: list[int] = []
    for index, original in enumerate(text):
        if _COMBINING.match(original):
            # A combining mark: a ring on a makes å, a diaeresis on a / o makes ä / ö;
            # any other mark is dropped (é written as e + accent folds to e).
            if out and original in (_RING, _DIAERESIS):
                joined = unicodedata.normalize("NFC", out[-1] + original)
                if joined in _KEEP:
                    out[-1] = joined
            continue
        for ch in original.casefold():  # may be several (ß -> ss, İ -> i + dot)
            if _COMBINING.match(ch):
                continue
            out.append(table.get(ord(ch), ch))
            offsets.append(index)
    offsets.append(len(text))
    return Folded("".join(out), tuple(offsets))


def fold(text: str) -> str:
    """The exact-tier folding: casefolded, accents dropped, å ä ö kept (æ -> ä, ø -> ö)."""
    return fold_text(text).text


def loose(folded: str) -> str:
    """The loose folding of an already folded text: å, ä -> a and ö -> o."""
    return folded.replace("å", "a").replace("ä", "a").replace("ö", "o")


def query_words(query: str) -> list[str]:
    """A query's folded words, each once, longest first (the rarest usually)."""
    words = dict.fromkeys(fold(query.replace(SEPARATOR, " ")).split())
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


@dataclass
class Reading:
    """What the indexers read from the audit, each thing once per build."""

    audit: Audit
    numbers: dict[str, str]
    """Every item's number, in tree order (item id -> "2.1")."""
    _observations: list[Observation] | None = None

    @property
    def observations(self) -> list[Observation]:
        """The audit's live observations, in tree order, each item's oldest first."""
        if self._observations is None:
            order = {item_id: n for n, item_id in enumerate(self.numbers)}
            self._observations = sorted(
                self.audit.observations(),
                key=lambda o: (order.get(o.item_id, len(order)), o.created),
            )
        return self._observations


Indexer = Callable[[Reading], Iterator[Row]]
"""The searchable fields of one kind of record."""


def _items(reading: Reading) -> Iterator[Row]:
    for item in reading.audit.template.items():
        yield "item", item.id, item.id, "item_text", item.text
        guidance = "\n".join(part for part in (item.guidance, *item.probe) if part)
        if guidance:
            yield "item", item.id, item.id, "item_guidance", guidance


def _observations(reading: Reading) -> Iterator[Row]:
    for obs in reading.observations:
        yield "observation", obs.id, obs.item_id or None, "observation", obs.text


def _sources(reading: Reading) -> Iterator[Row]:
    # A source jumps to the first item (in tree order) with an observation citing it.
    first: dict[str, str] = {}
    for obs in reading.observations:
        for source_id in obs.source_ids:
            first.setdefault(source_id, obs.item_id)
    for source in reading.audit.sources():
        text = " · ".join(
            part for part in (source.role, source.title, source.date, source.reference) if part
        )
        yield "source", source.id, first.get(source.id), "source", text


def _recommendations(reading: Reading) -> Iterator[Row]:
    for rec in reading.audit.recommendations():
        target = next((i for i in rec.item_ids if i in reading.numbers), None)
        yield "recommendation", rec.id, target, "recommendation", rec.text


def _comments(reading: Reading) -> Iterator[Row]:
    """Review comments and their answers: each jumps to the question it concerns."""
    for comment in reading.audit.comments():
        yield "comment", comment.id, comment.item_id or None, "comment", comment.text


INDEXERS: tuple[Indexer, ...] = (_items, _observations, _recommendations, _sources, _comments)


class SearchIndex:
    """Every searchable field of an audit, folded once; searched many times.

    The folded texts are also joined (with SEPARATOR between them) into two
    haystacks, one per tier, so a query word is looked for by `str.find` over
    one string: the cost follows the number of hits, not a Python loop over
    every text.
    """

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._exact = SEPARATOR.join(e.folded.text for e in entries) + SEPARATOR
        self._loose = SEPARATOR.join(e.loose for e in entries) + SEPARATOR
        starts, at = [], 0
        for e in entries:
            starts.append(at)
            at += len(e.loose) + 1
        self._starts = starts

    @classmethod
    def build(cls, audit: Audit, indexers: tuple[Indexer, ...] = INDEXERS) -> SearchIndex:
        """Read the audit's records and fold their texts (once per change of the audit)."""
        numbers = item_numbers(audit.template)
        reading = Reading(audit, numbers)
        entries = []
        for indexer in indexers:
            for kind, record_id, item_id, field_name, text in indexer(reading):
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

    def _holding(self, haystack: str, word: str, within: set[int] | None) -> set[int]:
        """The positions of the entries whose text (in this haystack) contains the word."""
        found: set[int] = set()
        starts = self._starts
        last = len(starts) - 1
        at = haystack.find(word)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            if within is None or index in within:
                found.add(index)
            if index >= last:
                break
            at = haystack.find(word, starts[index + 1])  # one hit per entry is enough
        return found

    def _matching(self, haystack: str, words: list[str]) -> set[int]:
        """The entries holding every word (the longest, usually rarest, looked for first)."""
        found: set[int] | None = None
        for word in words:
            found = self._holding(haystack, word, found)
            if not found:
                return set()
        return found or set()

    def search(self, query: str, limit: int = 50, width: int = 70) -> Hits:
        """The records matching every word of the query, best first (see module docstring).

        Returns at most `limit` results with snippets of about `width` characters,
        and the number of matching records in all. An empty query finds nothing.
        """
        words = query_words(query)
        if not words:
            return Hits()
        exact = self._matching(self._exact, words)
        candidates = self._matching(self._loose, [loose(w) for w in words]) - exact
        patterns = [_loose_pattern(w) for w in words]
        if any(ch in word for word in words for ch in _KEEP):
            # An å, ä or ö typed must be that letter: "ö" does not find "o".
            candidates = {
                i
                for i in candidates
                if all(p.search(self.entries[i].folded.text) for p in patterns)
            }
        # Each record once, at its best field: (tier, weight, position).
        best: dict[tuple[str, str], tuple[int, int, int]] = {}
        for tier, positions in ((0, exact), (1, candidates)):
            for position in positions:
                entry = self.entries[position]
                key = (entry.kind, entry.record_id)
                rank = (tier, entry.weight, position)
                if key not in best or rank < best[key]:
                    best[key] = rank
        ranked = sorted(best.values())
        results = [
            _result(self.entries[position], words if tier == 0 else patterns, tier, width)
            for tier, _weight, position in ranked[:limit]
        ]
        return Hits(results, len(ranked))


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
    first, first_end = spans[0] if spans else (0, 0)
    # Some context before the first match, but no shorter a snippet than the text
    # allows, and the whole first match in it (room kept for "…" at both ends).
    start = max(0, min(first - width // 4, len(flat) - width + 1))
    start = max(start, first_end - (width - 2))
    if 0 < start < first:  # start at a word's beginning when one is near
        space = flat.find(" ", start - 1, min(first, start + 10))
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
