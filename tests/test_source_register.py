"""The source register in the store: edit, check dates, count citations, delete, merge.

Every record is read back through `Audit` (reopened from disk where it matters),
and the report is exported and opened again to see what a reader sees.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report import export_report
from store import Source, StoreError, open_audit
from store.sources import personal_fields
from tests.report_helpers import all_parts, reopen
from tests.store_helpers import base_and_copy, new_audit


def test_a_source_is_edited_and_read_back_after_reopening(tmp_path: Path):
    audit = new_audit(tmp_path)
    source = audit.add_source("interview", role="Enhetschef", date="2026-03-01")
    audit.update_source(
        source.id,
        role=" Enhetschef ",
        unit="Arbetsmarknadsenheten",
        present="Två revisorer",
        names="Anna Andersson",
        date="2026-03-02",
    )
    path = audit.path
    audit.close()
    again = open_audit(path, read_only=True)
    [read] = again.sources()
    assert (read.role, read.unit, read.present, read.names, read.date) == (
        "Enhetschef",
        "Arbetsmarknadsenheten",
        "Två revisorer",
        "Anna Andersson",
        "2026-03-02",
    )
    fields = {c["field"] for h in again.history() for c in h["changes"]}
    assert {"unit", "present", "names", "date"} <= fields
    again.close()


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-3-1", "1 mars 2026", "2026", "20260301"])
def test_an_interview_date_must_be_a_real_day(tmp_path: Path, bad: str):
    audit = new_audit(tmp_path)
    source = audit.add_source("interview", role="Chef", date="2026-03-01")
    with pytest.raises(StoreError) as caught:
        audit.update_source(source.id, date=bad)
    assert caught.value.code == "bad_date" and caught.value.params["date"] == bad
    with pytest.raises(StoreError):
        audit.add_source("interview", role="Ny", date=bad)
    assert audit.get(Source, source.id).date == "2026-03-01"
    assert [s.role for s in audit.sources()] == ["Chef"]
    audit.close()


def test_a_document_may_have_a_year_or_a_day_but_not_a_bad_date(tmp_path: Path):
    audit = new_audit(tmp_path)
    doc = audit.add_source("document", title="Plan", date="2021", reference="KS 2021/12")
    assert doc.date == "2021" and doc.reference == "KS 2021/12"
    assert audit.update_source(doc.id, date="2021-06-30").date == "2021-06-30"
    with pytest.raises(StoreError) as caught:
        audit.update_source(doc.id, date="21")
    assert caught.value.code == "bad_date_document"
    assert audit.get(Source, doc.id).date == "2021-06-30"
    audit.close()


def test_only_the_register_fields_can_be_edited(tmp_path: Path):
    audit = new_audit(tmp_path)
    source = audit.add_source("interview", role="Chef")
    with pytest.raises(StoreError) as caught:
        audit.update_source(source.id, kind="document")
    assert caught.value.code == "not_source_field"
    with pytest.raises(StoreError) as missing:
        audit.update_source("nope", role="x")
    assert missing.value.code == "no_source"
    audit.close()


def test_usage_counts_live_observations_in_one_pass(tmp_path: Path):
    audit = new_audit(tmp_path)
    a = audit.add_source("interview", role="A")
    b = audit.add_source("document", title="B")
    unused = audit.add_source("interview", role="C")
    audit.add_observation("samarbete-af", "1", [a.id, b.id])
    audit.add_observation("samarbete-af", "2", [a.id])
    gone = audit.add_observation("samarbete-af", "3", [b.id])
    audit.delete(gone)
    assert audit.source_usage() == {a.id: 2, b.id: 1, unused.id: 0}
    audit.close()


def test_a_cited_source_cannot_be_deleted_an_uncited_one_can(tmp_path: Path):
    audit = new_audit(tmp_path)
    cited = audit.add_source("interview", role="A")
    unused = audit.add_source("interview", role="B")
    audit.add_observation("samarbete-af", "1", [cited.id])
    with pytest.raises(StoreError) as caught:
        audit.delete_source(cited.id)
    assert caught.value.code == "source_in_use" and caught.value.params["count"] == 1
    audit.delete_source(unused.id)
    assert [s.id for s in audit.sources()] == [cited.id]
    audit.close()


def test_joining_duplicates_keeps_what_only_the_duplicate_knew(tmp_path: Path):
    audit = new_audit(tmp_path)
    keep = audit.add_source("interview", role="Chef", date="2026-03-01")
    dup = audit.save(Source(kind="interview", role="Chef", date="2026-03-01", unit="IFO"))
    audit.add_observation("samarbete-af", "1", [dup.id])
    assert audit.merge_sources(keep.id, dup.id) == 1
    assert audit.get(Source, keep.id).unit == "IFO"
    assert audit.source_usage() == {keep.id: 1}
    audit.close()


def test_a_colleagues_copy_carries_the_new_fields(tmp_path: Path):
    mine_path, theirs_path, _ = base_and_copy(tmp_path)
    mine = open_audit(mine_path)
    source = mine.add_source("interview", role="Chef", date="2026-03-01")
    mine.close()
    shutil.copy(mine_path, theirs_path)  # both laptops have the source; each edits it
    theirs = open_audit(theirs_path)
    theirs.update_source(source.id, unit="Socialförvaltningen", names="Anna A")
    theirs.close()
    mine = open_audit(mine_path)
    mine.update_source(source.id, present="Revisor B")
    result = mine.import_copy(theirs_path)
    assert result.conflicts == []
    merged = mine.get(Source, source.id)
    assert (merged.unit, merged.names, merged.present) == (
        "Socialförvaltningen",
        "Anna A",
        "Revisor B",
    )
    mine.close()


def test_an_old_source_without_the_new_fields_reads_with_them_empty(tmp_path: Path):
    audit = new_audit(tmp_path)
    doc = {"id": "old-source", "kind": "interview", "role": "Chef", "date": "2020-01-01"}
    audit.file.put(Source.TABLE, "old-source", doc)  # as an older Granska wrote it
    path = audit.path
    audit.close()
    again = open_audit(path)
    assert again.problems == []
    [read] = again.sources()
    assert (read.unit, read.present, read.names) == ("", "", "")
    again.update_source(read.id, unit="IFO")
    assert again.get(Source, read.id).unit == "IFO"
    again.close()


def test_the_report_lists_unit_and_reference_but_never_names(demo_path: Path, tmp_path: Path):
    assert personal_fields() == {"names"}
    audit = open_audit(demo_path)
    interview = next(s for s in audit.sources() if s.role.startswith("Enhetschef"))
    audit.update_source(interview.id, unit="Socialförvaltningen", names="Hemlig Person")
    audit.add_source("document", title="Delegationsordning", date="2021", reference="SN 2021/7")
    out = export_report(audit, tmp_path / "r.docx")
    audit.close()
    paragraphs = [p.text for p in reopen(out).paragraphs]
    listed = paragraphs[paragraphs.index("Intervjuade funktioner") :]
    assert (
        "Enhetschef för arbetsmarknadsenheten och försörjningsenheten, Socialförvaltningen"
        in listed
    )
    assert "Delegationsordning, 2021, dnr SN 2021/7" in listed
    assert not any("Hemlig" in xml for xml in all_parts(out).values())
