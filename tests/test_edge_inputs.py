"""Edges that gave a traceback where a message belongs (issue 7 item 6, outside the store):
`--out ""`, long titles and names at export, a full disk on the first run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from textual.widgets import Input

from granska.cli import main
from tests.store_helpers import new_audit
from tests.tui_helpers import open_first_audit, settle, type_text
from tui.app import make_app
from tui.screens.audit import AuditScreen
from tui.screens.export import ExportScreen

ROOT = Path(__file__).parents[1]


def test_export_with_an_empty_out_is_a_message(workspace: Path, capsys):
    new_audit(workspace, "Granskning").close()
    assert main(["export", "granskning", "--workspace", str(workspace), "--out", ""]) == 1
    err = capsys.readouterr().err
    [line] = err.splitlines()  # one line, no traceback
    assert line.startswith("granska: ") and "--out" in line


def test_long_title_municipality_and_committee_export(workspace: Path, tmp_path: Path, capsys):
    # The longest a record allows (store/validate.py: 255 each); municipality plus
    # committee is then 400 characters, more than Word's properties hold.
    title = ("Lång titel " * 30)[:255]
    audit = new_audit(workspace, title)
    audit.update_meta(municipality="K" * 200, committee="N" * 200)
    audit.close()
    out = tmp_path / "r.docx"
    assert main(["export", "lang", "--workspace", str(workspace), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    document = docx.Document(str(out))
    # Word's properties hold 255 characters; the title page has the whole title.
    assert document.core_properties.title == title.strip()
    subject = document.core_properties.subject
    assert len(subject) <= 255 and subject.startswith("K" * 200)
    assert any(p.text.strip() == title.strip() for p in document.paragraphs)


async def test_new_audit_form_with_long_names_then_export(workspace: Path, tmp_path: Path):
    app = make_app(workspace, language="en")
    out = tmp_path / "lang.docx"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "T" * 210)  # the form keeps 200
        await pilot.press("enter")
        await type_text(pilot, "M" * 200)
        await pilot.press("enter")
        await type_text(pilot, "C" * 80)
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert app.session.audit.meta.title == "T" * 200
        await pilot.press("x", "ctrl+u")
        await type_text(pilot, str(out))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)  # exported and closed, no crash
    subject = docx.Document(str(out)).core_properties.subject
    assert len(subject) <= 255 and subject.startswith("M" * 200)


async def test_export_with_an_empty_path_in_the_app_is_a_message(workspace: Path):
    new_audit(workspace).close()
    app = make_app(workspace, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        await pilot.press("x", "ctrl+u", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        message = str(app.screen.query_one("#export-message").render())
        assert message == "Write the name of the .docx file to create."
        assert app.screen.query_one(Input).value == ""


FIRST_RUN_ON_A_FULL_DISK = textwrap.dedent("""
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), hard))
    from granska.cli import main
    sys.exit(main(["--workspace", sys.argv[2]]))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="resource.setrlimit is POSIX")
@pytest.mark.parametrize("limit", [150, 20_000, 38_000])
def test_the_first_run_on_a_full_disk_is_one_line(tmp_path: Path, limit: int):
    result = subprocess.run(
        [sys.executable, "-c", FIRST_RUN_ON_A_FULL_DISK, str(limit), str(tmp_path / "ny")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HOME": str(tmp_path / "home")},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("granska: ") and "ny" in line, line


def test_the_first_run_where_no_folder_can_be_made_is_one_line(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = subprocess.run(
        [sys.executable, "-m", "granska.cli", "--workspace", str(blocker / "ws")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("granska: cannot create the workspace")
