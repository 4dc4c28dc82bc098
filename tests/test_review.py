"""Review: question states, comments, sign-offs, the dashboard's lists, merge and report."""

from __future__ import annotations

from pathlib import Path

import pytest

from granska.cli import main
from store import Observation, StoreError, open_audit
from store.gaps import GAP_LISTS
from store.merge import read_copy
from store.validate import check_copy
from tests.report_helpers import body_text, reopen
from tests.store_helpers import base_and_copy, new_audit


def _ids(entries) -> list[str]:
    return [e.record_id or e.item_id for e in entries]


# -- states ---------------------------------------------------------------------------------


def test_a_state_is_derived_from_the_work_until_someone_sets_it(workspace: Path):
    audit = new_audit(workspace)
    assert set(audit.review_states().values()) == {"not_started"}
    audit.add_observation("samarbete-af", "Avtal saknas.")
    assert audit.review_states()["samarbete-af"] == "in_progress"
    audit.set_review_state("samarbete-af", "ready_for_review")
    audit.set_review_state("analys-prognos", "not_started")
    states = audit.review_states()
    assert states["samarbete-af"] == "ready_for_review"
    assert states["analys-prognos"] == "not_started"
    assert audit.review_marks() == {"samarbete-af": "ready_for_review"}


def test_a_wrong_state_or_question_is_refused(workspace: Path):
    audit = new_audit(workspace)
    with pytest.raises(StoreError) as bad_state:
        audit.set_review_state("samarbete-af", "done")
    assert bad_state.value.code == "bad_review_state"
    with pytest.raises(StoreError) as bad_item:
        audit.set_review_state("finns-inte", "reviewed")
    assert bad_item.value.code == "no_item"


# -- comments -------------------------------------------------------------------------------


def test_comments_are_answered_and_resolved_as_a_thread(workspace: Path):
    audit = new_audit(workspace)
    obs = audit.add_observation("samarbete-af", "Avtal saknas.")
    rec = audit.add_recommendation("Teckna avtal.", ["samarbete-af"])
    first = audit.add_comment("observation", obs.id, "Källa?")
    audit.add_comment("recommendation", rec.id, "Skarpare formulering.")
    answer = audit.add_comment("", "", "Intervju med enhetschef.", reply_to=first.id)
    assert (answer.reply_to, answer.target_kind, answer.item_id) == (
        first.id,
        "observation",
        "samarbete-af",
    )
    assert answer.written_by == "testare"
    texts = [c.text for c in audit.comments("samarbete-af")]
    assert texts == ["Källa?", "Intervju med enhetschef.", "Skarpare formulering."]
    assert len(audit.review_gaps().lists["open_comments"]) == 2

    audit.author = "granskningsledare"
    audit.resolve_comment(answer.id)  # resolving an answer resolves its thread
    resolved = audit.comments("samarbete-af")[0]
    assert (resolved.resolved, resolved.resolved_by) == (True, "granskningsledare")
    assert resolved.resolved_at
    assert [e.text for e in audit.review_gaps().lists["open_comments"]] == ["Skarpare formulering."]
    audit.resolve_comment(first.id, resolved=False)
    assert len(audit.review_gaps().lists["open_comments"]) == 2


def test_a_comment_needs_text_and_a_target_that_exists(workspace: Path):
    audit = new_audit(workspace)
    for args, code in [
        (("question", "samarbete-af", "  "), "empty_comment"),
        (("observation", "saknas", "Hm"), "no_comment_target"),
        (("question", "saknas", "Hm"), "no_item"),
        (("section", "samarbete-af", "Hm"), "bad_comment_target"),
    ]:
        with pytest.raises(StoreError) as err:
            audit.add_comment(*args)
        assert err.value.code == code
    assert audit.comments() == []


def test_comments_never_reach_the_report(workspace: Path):
    from report.export import export_report

    audit = new_audit(workspace)
    obs = audit.add_observation("samarbete-af", "Avtal saknas med Arbetsförmedlingen.")
    rec = audit.add_recommendation("Teckna avtal.", ["samarbete-af"])
    audit.set_assessment("samarbete-af", "nej", "Inget avtal finns.")
    audit.add_comment("question", "samarbete-af", "HEMLIGKOMMENTAR fraga")
    audit.add_comment("observation", obs.id, "HEMLIGKOMMENTAR iakttagelse")
    audit.add_comment("recommendation", rec.id, "HEMLIGKOMMENTAR rekommendation")
    audit.sign_off("samarbete-af")
    out = export_report(audit, workspace / "rapport.docx")
    text = body_text(reopen(out.path))
    assert "Avtal saknas med Arbetsförmedlingen." in text  # the report has the work
    assert "HEMLIGKOMMENTAR" not in text
    import zipfile

    with zipfile.ZipFile(out.path) as docx:
        for name in docx.namelist():
            assert b"HEMLIGKOMMENTAR" not in docx.read(name), name


# -- sign-off -------------------------------------------------------------------------------


def test_a_sign_off_goes_stale_on_a_change_and_fresh_when_signed_again(workspace: Path):
    audit = new_audit(workspace, "Signering")
    obs = audit.add_observation("samarbete-af", "Avtal saknas.")
    audit.set_assessment("samarbete-af", "nej", "Inget avtal.")
    audit.author = "ledare"
    signed = audit.sign_off("samarbete-af")
    assert (signed.signed_by, signed.own_change) == ("ledare", False)
    assert audit.review_states()["samarbete-af"] == "reviewed"
    status = audit.sign_off_status("samarbete-af")
    assert status is not None and not status.stale
    assert audit.review_marks()["samarbete-af"] == "reviewed"

    audit.author = "revisor"
    obs.text = "Avtal saknas sedan 2022."
    audit.save(obs)
    assert audit.sign_off_status("samarbete-af").stale
    assert audit.review_marks()["samarbete-af"] == "stale"
    assert _ids(audit.review_gaps().lists["stale_signoffs"]) == [signed.id]
    audit.add_comment("question", "samarbete-af", "Kommentarer ändrar inget innehåll")
    audit.set_review_state("uppfoljning-insatser", "reviewed")  # nor another question's state

    audit.author = "ledare"
    again = audit.sign_off("samarbete-af")
    assert not audit.sign_off_status("samarbete-af").stale
    assert audit.review_gaps().lists["stale_signoffs"] == []
    assert again.own_change is False  # the last change was the auditor's

    for change in (
        lambda: audit.set_assessment("samarbete-af", "nej", "Ändrad motivering."),
        lambda: audit.add_recommendation("Ny rekommendation.", ["samarbete-af"]),
        lambda: audit.delete(audit.get(Observation, obs.id)),
    ):
        audit.sign_off("samarbete-af")
        change()
        assert audit.sign_off_status("samarbete-af").stale


def test_signing_off_ones_own_last_change_is_allowed_and_marked(workspace: Path):
    audit = new_audit(workspace)
    audit.author = "ledare"
    audit.add_observation("samarbete-af", "Egen iakttagelse.")
    signed = audit.sign_off("samarbete-af")
    assert signed.own_change is True
    assert audit.sign_off_status("samarbete-af").signoff.own_change
    audit.author = "revisor"
    audit.add_observation("samarbete-af", "Revisorns iakttagelse.")
    audit.author = "ledare"
    assert audit.sign_off("samarbete-af").own_change is False


def test_a_sign_off_can_be_withdrawn_and_the_question_is_ready_for_review_again(
    tmp_path: Path,
):
    audit = new_audit(tmp_path / "a", "Signering")
    audit.add_observation("samarbete-af", "Avtal saknas.")
    audit.author = "ledare"
    signed = audit.sign_off("samarbete-af")
    assert audit.withdraw_sign_off("analys-prognos") is None  # nothing to withdraw there
    withdrawn = audit.withdraw_sign_off("samarbete-af")
    assert withdrawn is not None and withdrawn.id == signed.id
    assert audit.sign_off_status("samarbete-af") is None
    assert audit.review_states()["samarbete-af"] == "ready_for_review"
    assert "samarbete-af" not in [e.item_id for e in audit.review_gaps().lists["stale_signoffs"]]
    [withdrawal] = [
        h
        for h in audit.history()
        if h["record_id"] == signed.id
        and {"field": "deleted", "old": False, "new": True} in h["changes"]
    ]
    assert withdrawal["author"] == "ledare"  # the history says who withdrew it
    path = audit.path
    audit.close()

    again = open_audit(path)  # withdrawn on disk too
    assert again.sign_off_status("samarbete-af") is None
    assert again.sign_off("samarbete-af").signed_by == "testare"  # and it can be signed again
    assert again.review_states()["samarbete-af"] == "reviewed"
    again.close()


# -- the dashboard --------------------------------------------------------------------------


def test_every_dashboard_list_finds_its_kind_of_gap_and_nothing_else(workspace: Path):
    audit = new_audit(workspace)
    src = audit.add_source("interview", role="Enhetschef", date="2024-03-01")
    # samarbete-af: observed with a source, assessed with reasoning, signed off then changed
    good = audit.add_observation("samarbete-af", "Avtal finns.", [src.id])
    audit.set_assessment("samarbete-af", "ja", "Avtal finns och följs.")
    signoff = audit.sign_off("samarbete-af")
    good.text = "Avtal finns sedan 2021."
    audit.save(good)
    # andamalsenliga-insatser: an observation without a source; assessed without reasoning
    loose = audit.add_observation("andamalsenliga-insatser", "Ingen källa.")
    audit.set_assessment("andamalsenliga-insatser", "delvis", "")
    # uppfoljning-insatser: an unfinished observation (with a source), no assessment
    draft = audit.add_observation("uppfoljning-insatser", "Halvskriv", [src.id])
    draft.unfinished = True
    audit.save(draft)
    # analys-prognos: nothing at all
    comment = audit.add_comment("question", "uppfoljning-insatser", "Saknar siffror.")
    resolved = audit.add_comment("question", "samarbete-af", "Klart?")
    audit.resolve_comment(resolved.id)
    tied = audit.add_recommendation("Följ upp.", ["uppfoljning-insatser"])
    orphan = audit.add_recommendation("Allmän rekommendation.", [])
    gone = audit.add_recommendation("Om en borttagen fråga.", ["fanns-forr"])
    audit.set_review_state("andamalsenliga-insatser", "ready_for_review")
    audit.close()
    # a merge conflict: the same observation's text changed on two laptops
    theirs_path = workspace / "b" / audit.path.name
    theirs_path.parent.mkdir()
    import shutil

    shutil.copy(audit.path, theirs_path)
    theirs = open_audit(theirs_path, author="kollega")
    t_obs = theirs.get(Observation, loose.id)
    t_obs.text = "Kollegans text."
    theirs.save(t_obs)
    theirs.close()
    audit = open_audit(audit.path)
    m_obs = audit.get(Observation, loose.id)
    m_obs.text = "Min text."
    audit.save(m_obs)
    [conflict] = audit.merge_copy(read_copy(theirs_path)).conflicts

    gaps = audit.review_gaps()
    assert list(gaps.lists) == list(GAP_LISTS)
    assert _ids(gaps.lists["no_observations"]) == ["analys-prognos"]
    assert _ids(gaps.lists["no_assessment"]) == ["uppfoljning-insatser", "analys-prognos"]
    assert _ids(gaps.lists["no_reasoning"]) == ["andamalsenliga-insatser"]
    assert _ids(gaps.lists["no_source"]) == [loose.id]
    assert _ids(gaps.lists["unfinished"]) == [draft.id]
    # a note filed without a question waits in the inbox
    loose_note = audit.add_observation("", "Ska sorteras.")
    assert _ids(audit.review_gaps().lists["inbox"]) == [loose_note.id]
    # fact check: the one confirmed observation is off the list, the others are on it
    audit.set_fact_check(good.id, "confirmed")
    checked = audit.review_gaps().lists["not_fact_checked"]
    assert good.id not in _ids(checked) and {loose.id, draft.id} <= set(_ids(checked))
    assert _ids(gaps.lists["open_comments"]) == [comment.id]
    assert gaps.lists["open_comments"][0].item_id == "uppfoljning-insatser"
    assert _ids(gaps.lists["stale_signoffs"]) == [signoff.id]
    assert gaps.lists["stale_signoffs"][0].item_id == "samarbete-af"
    assert _ids(gaps.lists["loose_recommendations"]) == [orphan.id, gone.id]
    assert tied.id not in _ids(gaps.lists["loose_recommendations"])
    assert _ids(gaps.lists["conflicts"]) == [conflict.id]
    assert gaps.lists["no_source"][0].item_id == "andamalsenliga-insatser"

    progress = {p.section_id: p.counts for p in gaps.progress}
    assert progress["organisation"] == {
        "not_started": 0,
        "in_progress": 0,
        "ready_for_review": 0,
        "reviewed": 1,
    }
    assert progress["insatser"]["ready_for_review"] == 1
    assert progress["insatser"]["in_progress"] == 1
    assert progress["analys-prognoser"]["not_started"] == 1
    audit.close()


def test_an_empty_audit_lists_every_question_as_unobserved_and_unassessed(workspace: Path):
    audit = new_audit(workspace)
    gaps = audit.review_gaps()
    everything = [i.id for i in audit.template.items()]
    assert _ids(gaps.lists["no_observations"]) == everything
    assert _ids(gaps.lists["no_assessment"]) == everything
    assert all(
        gaps.lists[k] == [] for k in GAP_LISTS if k not in ("no_observations", "no_assessment")
    )


def test_cli_review_prints_one_line_per_gap(workspace: Path, capsys):
    audit = new_audit(workspace)
    audit.add_observation("samarbete-af", "Utan källa.")
    audit.add_comment("question", "analys-prognos", "Öppen fråga.")
    audit.close()
    assert main(["review", "--workspace", str(workspace), audit.path.name]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("no_source\t") and "Utan källa." in line for line in out)
    assert any(line.startswith("open_comments\t") and "Öppen fråga." in line for line in out)
    assert any(line.startswith("progress\t") for line in out)
    assert main(["review", "--workspace", str(workspace), "saknas"]) == 1


# -- merging two laptops' review work ---------------------------------------------------------


def test_review_states_comments_and_sign_offs_merge_from_both_sides(tmp_path: Path):
    mine_path, theirs_path, ids = base_and_copy(tmp_path)
    base = open_audit(mine_path, author="jag")
    shared = base.add_comment("question", "samarbete-af", "Gemensam kommentar.")
    base.close()
    import shutil

    shutil.copy(mine_path, theirs_path)

    theirs = open_audit(theirs_path, author="kollega")
    theirs.set_review_state("samarbete-af", "ready_for_review")
    theirs.set_review_state("analys-prognos", "reviewed")
    their_comment = theirs.add_comment("observation", ids[0], "Kollegans kommentar.")
    theirs.add_comment("", "", "Kollegans svar.", reply_to=shared.id)
    theirs.sign_off("uppfoljning-insatser")
    theirs.sign_off("andamalsenliga-insatser")
    theirs.close()

    mine = open_audit(mine_path, author="jag")
    mine.set_review_state("samarbete-af", "reviewed")  # both changed it: a conflict
    my_comment = mine.add_comment("question", "analys-prognos", "Min kommentar.")
    mine.resolve_comment(shared.id)
    mine.sign_off("andamalsenliga-insatser")  # both signed it off: conflicts
    check_copy(read_copy(theirs_path))  # their review records pass validation
    result = mine.merge_copy(read_copy(theirs_path))

    states = mine.review_states()
    assert states["analys-prognos"] == "reviewed"  # theirs, taken
    assert states["samarbete-af"] == "reviewed"  # mine, until the conflict is settled
    texts = {c.text for c in mine.comments()}
    assert texts == {
        "Gemensam kommentar.",
        "Kollegans kommentar.",
        "Kollegans svar.",
        "Min kommentar.",
    }
    thread = mine.comments("samarbete-af")
    assert [c.text for c in thread][:2] == ["Gemensam kommentar.", "Kollegans svar."]
    assert thread[0].resolved  # my resolution kept; their answer joined the thread
    assert their_comment.id in {c.id for c in mine.comments()}
    assert my_comment.id in {c.id for c in mine.comments()}
    status = mine.sign_off_status("uppfoljning-insatser")
    assert status is not None and status.signoff.signed_by == "kollega" and not status.stale

    fields = {(c.table, c.field) for c in result.conflicts}
    assert ("review_states", "state") in fields
    assert ("signoffs", "signed_by") in fields
    assert all(c.table in ("review_states", "signoffs") for c in result.conflicts)
    assert _ids(mine.review_gaps().lists["conflicts"]) == [c.id for c in mine.conflicts()]
    for conflict in mine.conflicts():
        mine.resolve(conflict, "theirs")
    assert mine.review_states()["samarbete-af"] == "ready_for_review"
    assert mine.sign_off_status("andamalsenliga-insatser").signoff.signed_by == "kollega"
    again = mine.merge_copy(read_copy(theirs_path))
    assert (again.added, again.taken, again.conflicts) == (0, 0, [])
    mine.close()


def test_a_copy_with_a_bad_review_record_is_refused_whole(tmp_path: Path):
    mine_path, theirs_path, _ = base_and_copy(tmp_path)
    data = read_copy(theirs_path)
    data["review_states"] = {"x": {"id": "x", "item_id": "samarbete-af", "state": "klar"}}
    data["comments"] = {"c": {"id": "c", "target_kind": "question", "text": "ok"}}
    mine = open_audit(mine_path)
    with pytest.raises(StoreError) as err:
        mine.merge_copy(data)
    assert err.value.code == "bad_copy"
    assert "state" in str(err.value)
    assert mine.comments() == []
    mine.close()


@pytest.mark.slow
def test_the_review_benchmark_runs_and_prints_its_table(tmp_path: Path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "bench/review_bench.py", "--quick"],
        cwd=Path(__file__).parents[1],
        capture_output=True,
        text=True,
        timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "GRANSKA_AUTHOR": "bänk"},
    )
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()[2:]]
    assert names == ["item_states", "review_marks", "review_gaps", "dashboard"]
