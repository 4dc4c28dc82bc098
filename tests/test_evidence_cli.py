"""`granska attach AUDIT SOURCE FILE`, and `granska merge` naming the evidence it carried."""

from __future__ import annotations

from pathlib import Path

import pytest

from granska.cli import main
from store import open_audit
from tests.store_helpers import base_and_copy, new_audit


def test_attach_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    workspace = tmp_path / "ws"
    audit = new_audit(workspace, "Ekonomistyrning")
    doc = audit.add_source("document", title="Budget 2026")
    audit.add_source("interview", role="Ekonomichef")
    path = audit.path
    audit.close()
    file = tmp_path / "budget.xlsx"
    file.write_bytes(b"cells")
    ws = ["--workspace", str(workspace)]
    assert main(["attach", str(path), "budget 2026", str(file), *ws]) == 0
    assert "attached" in capsys.readouterr().out
    again = open_audit(path, read_only=True)
    assert again.evidence_path(doc.id).read_bytes() == b"cells"
    again.close()
    assert main(["attach", str(path), "Ekonomichef", str(file), *ws]) == 1
    assert "no document named 'Ekonomichef'" in capsys.readouterr().err
    assert main(["attach", str(path), "budget 2026", str(tmp_path / "none.pdf"), *ws]) == 1
    assert "none.pdf: no such file to attach" in capsys.readouterr().err


def test_merge_says_which_evidence_came_along(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    mine_path, theirs_path, _ = base_and_copy(tmp_path)
    theirs = open_audit(theirs_path)
    doc = theirs.add_source("document", title="Budget")
    (tmp_path / "b.pdf").write_bytes(b"pdf")
    theirs.attach_evidence(doc.id, tmp_path / "b.pdf")
    stored = theirs.get(type(doc), doc.id).evidence
    theirs.close()
    assert main(["merge", str(mine_path), str(theirs_path), "--workspace", str(tmp_path)]) == 0
    assert f"evidence file copied: {stored}" in capsys.readouterr().out
