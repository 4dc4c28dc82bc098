"""The command line: works without a terminal UI, and bad input is one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from granska import __version__

ROOT = Path(__file__).parents[1]


def granska(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "granska.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_version():
    result = granska("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"granska {__version__}"


def test_list_and_export(demo_path: Path, workspace: Path, tmp_path: Path):
    listed = granska("list", "--workspace", str(workspace))
    assert "Granskning av kommunens arbetsmarknadsinsatser" in listed.stdout
    assert "3/4 assessed" in listed.stdout
    out = tmp_path / "rapport.docx"
    result = granska(
        "export", "granskning", "--out", str(out), env={"GRANSKA_HOME": str(workspace)}
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == out
    assert docx.Document(str(out)).tables


def test_an_audit_is_named_by_a_word_of_its_title_or_municipality(demo_path: Path, workspace: Path):
    from store import StoreError, find_audit
    from tests.store_helpers import new_audit

    assert find_audit(workspace, "ystad") == demo_path  # as the README's examples say
    assert find_audit(workspace, "ARBETSMARKNAD") == demo_path
    new_audit(workspace).close()  # a second audit, also of Ystad: the word must not pick one
    with pytest.raises(StoreError) as caught:
        find_audit(workspace, "ystad")
    assert caught.value.code == "ambiguous"


def test_bad_input_is_one_line_without_traceback(demo_path: Path, workspace: Path, tmp_path: Path):
    before = demo_path.read_bytes()
    cases = [
        ("export", "granskning", "--out", str(tmp_path / "missing" / "r.docx")),
        ("export", "no-such-audit", "--out", str(tmp_path / "r.docx")),
    ]
    for args in cases:
        result = granska(*args, "--workspace", str(workspace))
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("granska: "), result.stderr
        assert "Traceback" not in result.stderr
    assert demo_path.read_bytes() == before
    corrupt = workspace / "trasig-00000000.granska.json"
    corrupt.write_text("{not json")
    result = granska(
        "export", "trasig", "--out", str(tmp_path / "r.docx"), "--workspace", str(workspace)
    )
    assert result.returncode == 1 and "cannot be read" in result.stderr
    assert "Traceback" not in result.stderr
    assert corrupt.read_text() == "{not json"


def test_a_bad_workspace_is_one_line(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = granska("--workspace", str(blocker / "ws"))
    assert result.returncode == 1
    assert result.stderr.startswith("granska: cannot create the workspace")
    assert "Traceback" not in result.stderr
