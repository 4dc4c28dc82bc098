"""Search (issue 10): Swedish-aware folding, two tiers, ranking, snippets, the facade.

Proves: é finds e, case does not matter, å ä ö are letters of their own in the exact
tier, a query typed without them still finds them (after the exact matches), every
word of a query must match, results jump to the right item, and the marked spans
are where the match is.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from checklists.library import load_library
from store import SearchIndex, create_audit, open_audit
from store.search import fold, fold_text, loose, make_snippet

# -- folding --------------------------------------------------------------------------


def test_case_and_accents_fold_but_a_ring_a_umlaut_o_umlaut_stay():
    assert fold("ÉCOLE Café naïve Müller") == "ecole cafe naive muller"
    assert fold("ÅTGÄRD Öppen") == "åtgärd öppen"
    assert fold("Ærø") == "ärö"  # the Nordic variants count as ä and ö


def test_decomposed_letters_fold_like_precomposed_ones():
    decomposed = "a\u030atga\u0308rd e\u0301t o\u0308"  # å, ä, é and ö written as marks
    assert fold(decomposed) == "åtgärd et ö"


def test_a_letter_whose_casefold_adds_a_mark_folds_once_and_for_all():
    assert fold("İstanbul") == fold(fold("İstanbul")) == "istanbul"


def test_loose_folding_turns_a_ring_and_umlauts_into_plain_letters():
    assert loose(fold("Åtgärd Överenskommelse")) == "atgard overenskommelse"


def test_a_letter_that_folds_to_two_keeps_spans_on_the_original():
    folded = fold_text("Straße")
    assert folded.text == "strasse"
    start = folded.text.index("ss")
    assert folded.original(start, start + 2) == (4, 5)  # the ß
    assert folded.original(start, start + 1) == (4, 5)  # half of it is still the ß


@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def index_of(text: str) -> SearchIndex:
    """An index holding one observation with this text (no audit needed)."""
    empty_template = SimpleNamespace(chapters=(), sections=())
    only = (lambda reading: iter([("observation", "o1", "q1", "observation", text)]),)
    return SearchIndex.build(SimpleNamespace(template=empty_template), only)


@given(st.text())
def test_any_text_contains_each_of_its_own_words_folded(text):
    folded = fold(text)
    for word in text.split():
        assert fold(word) in folded


@given(st.text(min_size=1), st.data())
def test_any_word_of_a_text_finds_it_with_its_match_marked(text, data):
    words = [w for w in text.split() if fold(w).split()]
    if not words:
        return
    word = data.draw(st.sampled_from(words))
    hits = index_of(text).search(word, width=40)
    assert hits.total == 1
    [result] = hits.results
    assert result.exact and result.spans
    assert all(0 <= a < b <= len(result.snippet) for a, b in result.spans)


@given(st.text())
def test_every_folded_span_maps_inside_the_original(text):
    folded = fold_text(text)
    for start in range(len(folded.text)):
        a, b = folded.original(start, start + 1)
        assert 0 <= a < b <= len(text)


# -- an index over a small audit ---------------------------------------------------------


def make(workspace: Path):
    template = load_library().get("arbetsmarknadsinsatser")
    assert template is not None
    audit = create_audit(workspace, template, title="Sök", municipality="Ystad")
    first, second = [q.id for q in template.questions()][:2]
    return audit, first, second


def kinds_and_texts(index: SearchIndex, query: str) -> list[tuple[str, str, bool]]:
    """The observations found (the template's own texts left out), best first."""
    return [
        (r.kind, r.snippet, r.exact) for r in index.search(query).results if r.kind == "observation"
    ]


def test_an_accented_text_is_found_without_the_accent_and_the_other_way(workspace):
    audit, first, _ = make(workspace)
    audit.add_observation(first, "Mötet hölls på ett café.")
    audit.add_observation(first, "Ingen cafe här.")
    index = audit.search_index()
    found = kinds_and_texts(index, "CAFÉ")
    assert [t for _, t, exact in found] == ["Mötet hölls på ett café.", "Ingen cafe här."]
    assert all(exact for _, _, exact in found)


def test_a_query_without_a_ring_or_umlauts_finds_them_ranked_after_exact_matches(workspace):
    audit, first, _ = make(workspace)
    audit.add_observation(first, "Nämnden har vidtagit en åtgärd.")
    audit.add_observation(first, "Rubriken atgard utan prickar.")
    hits = audit.search_index().search("atgard")
    assert [(r.snippet, r.exact) for r in hits.results] == [
        ("Rubriken atgard utan prickar.", True),
        ("Nämnden har vidtagit en åtgärd.", False),
    ]
    loose_hit = hits.results[1]
    [(a, b)] = loose_hit.spans
    assert loose_hit.snippet[a:b] == "åtgärd"


def test_an_umlaut_typed_is_that_letter_in_every_tier(workspace):
    audit, first, _ = make(workspace)
    audit.add_observation(first, "En orsak.")
    audit.add_observation(first, "En ö i sjön.")
    index = audit.search_index()
    assert [t for _, t, _ in kinds_and_texts(index, "ö")] == ["En ö i sjön."]
    assert [t for _, t, _ in kinds_and_texts(index, "orsak")] == ["En orsak."]
    assert kinds_and_texts(index, "örsak") == []  # ö typed: "orsak" is not a match


def test_every_word_must_match_anywhere_in_the_field(workspace):
    audit, first, _ = make(workspace)
    audit.add_observation(first, "Det saknas ett samverkansavtal, arbetet är personbundet.")
    audit.add_observation(first, "Samverkan fungerar väl.")
    index = audit.search_index()
    [hit] = [r for r in index.search("avtal SAMVERKAN").results if r.kind == "observation"]
    assert hit.snippet.startswith("Det saknas")
    # "samverkan" and "avtal" touch in "samverkansavtal": two marks, both in the word
    assert [hit.snippet[a:b] for a, b in hit.spans] == ["samverkan", "avtal"]
    assert index.search("samverkan saknas inte").total == 0


def test_question_text_ranks_before_observations_then_recommendations(workspace):
    audit, first, second = make(workspace)
    question = audit.template.item(first)
    assert question is not None
    word = question.text.split()[0]
    audit.add_recommendation(f"{word} bör utvecklas.", [second])
    audit.add_observation(second, f"Om {word.lower()} sades mycket.")
    results = audit.search_index().search(word).results
    kinds = [r.kind for r in results]
    assert kinds.index("item") < kinds.index("observation") < kinds.index("recommendation")
    assert results[0].item_id == first and results[0].number == "1.1"


def test_results_say_where_to_jump(workspace):
    audit, first, second = make(workspace)
    source = audit.add_source("interview", role="Kommundirektör", date="2026-01-02")
    obs = audit.add_observation(second, "Uppgift från ledningen.", [source.id])
    rec = audit.add_recommendation("Inför en skriftlig kvartalsrutin.", [second])
    index = audit.search_index()
    [by_source] = index.search("kommundirektör").results
    assert (by_source.kind, by_source.record_id, by_source.item_id) == (
        "source",
        source.id,
        second,
    )
    [by_obs] = index.search("ledningen").results
    assert (by_obs.kind, by_obs.record_id, by_obs.item_id) == ("observation", obs.id, second)
    [by_rec] = index.search("skriftlig kvartal").results
    assert (by_rec.kind, by_rec.record_id, by_rec.item_id) == ("recommendation", rec.id, second)


def test_a_review_comment_and_its_answer_are_found_and_jump_to_their_question(workspace):
    audit, first, second = make(workspace)
    obs = audit.add_observation(second, "Uppgift från ledningen.")
    comment = audit.add_comment("observation", obs.id, "Stämmer siffran för åtgärden?")
    answer = audit.add_comment("observation", obs.id, "Ja, kontrollerad.", reply_to=comment.id)
    index = audit.search_index()
    [found] = index.search("atgarden").results
    assert (found.kind, found.record_id, found.item_id) == ("comment", comment.id, second)
    [found] = index.search("kontrollerad").results
    assert (found.kind, found.record_id) == ("comment", answer.id)
    audit.resolve_comment(comment.id)
    audit.delete(audit.comments()[0])
    assert [r.record_id for r in audit.search_index().search("atgarden").results] == []


def test_a_record_is_listed_once_however_many_of_its_fields_match(workspace):
    audit, first, _ = make(workspace)
    question = audit.template.item(first)
    assert question is not None and question.guidance
    word = fold(question.text.split()[-1].strip("?"))
    hits = audit.search_index().search(word)
    items = [r.record_id for r in hits.results if r.kind == "item"]
    assert len(items) == len(set(items))


def test_deleted_records_are_not_found_and_the_limit_counts_the_rest(workspace):
    audit, first, _ = make(workspace)
    gone = audit.add_observation(first, "Borttagen anteckning.")
    audit.delete(gone)
    for n in range(7):
        audit.add_observation(first, f"Anteckning nummer {n}.")
    hits = audit.search_index().search("anteckning", limit=5)
    assert len(hits.results) == 5 and hits.total == 7 and hits.more == 2
    assert all("Borttagen" not in r.snippet for r in hits.results)


def test_an_empty_query_finds_nothing(workspace):
    audit, _, _ = make(workspace)
    assert audit.search_index().search("   ").total == 0


def test_the_index_reads_the_audit_through_the_facade_after_reopening(workspace):
    audit, first, _ = make(workspace)
    audit.add_observation(first, "Sparad och öppnad igen.")
    path = audit.path
    audit.close()
    again = open_audit(path, read_only=True)
    assert again.search_index().search("oppnad").results[0].exact is False
    again.close()


# -- snippets -------------------------------------------------------------------------------


def test_a_snippet_is_one_line_around_the_first_match_with_its_marks():
    text = "Första raden.\n" + "ord " * 40 + "målet nås\ninte alls." + " mer" * 20
    start = text.index("målet")
    snippet, spans = make_snippet(text, [(start, start + 5)], width=40)
    assert "\n" not in snippet and len(snippet) <= 40
    assert snippet.startswith("…") and snippet.endswith("…")
    [(a, b)] = spans
    assert snippet[a:b] == "målet"


def test_a_short_text_is_its_own_snippet():
    assert make_snippet("Kort text.", [(0, 4)], 70) == ("Kort text.", ((0, 4),))


# -- the command line -------------------------------------------------------------------


def test_the_command_line_prints_one_line_per_match(demo_path, workspace, capsys):
    from granska.cli import main

    status = main(["search", "--workspace", str(workspace), "granskning", "arbetsformedlingen"])
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    rows = [line.split("\t") for line in out]
    assert all(len(row) == 3 for row in rows)
    assert rows[0][:2] == ["item", "1.1"] and "Arbetsförmedlingen" in rows[0][2]
    assert {row[0] for row in rows} >= {"item", "observation", "recommendation"}


def test_the_command_line_says_so_when_nothing_matches(demo_path, workspace, capsys):
    from granska.cli import main

    status = main(["search", "--workspace", str(workspace), "granskning", "xyzzy"])
    captured = capsys.readouterr()
    assert status == 1 and captured.out == ""
    assert captured.err.strip() == "granska: no matches"


# -- the benchmark --------------------------------------------------------------------------


def test_the_search_benchmark_runs_and_prints_its_table(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).parents[1]
    result = subprocess.run(
        [sys.executable, "bench/search_bench.py", "--quick"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"BENCH_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [c.strip() for c in lines[1].split("|")] == ["query", "hits", "granska", "naive"]
    rows = [line for line in lines if line.startswith(("exact", "without", "no hit"))]
    assert len(rows) == 3 and all(len(r.split("|")) == 4 for r in rows)
    assert any(line.startswith("build the index") for line in lines)
