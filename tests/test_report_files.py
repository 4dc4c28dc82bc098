"""Report files: owner-only by default, atomic, no temporaries left, one-line errors (issue 7
items 6, 10 and 12), progress and cancel, workspace settings, LibreOffice missing."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from granska.cli import main
from report import ExportError, export_report
from store import open_audit


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_reports_are_owner_only_unless_asked(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path, read_only=True)
    os.umask(0o022)
    assert mode_of(export_report(audit, tmp_path / "a.docx").path) == 0o600
    assert mode_of(export_report(audit, tmp_path / "b.docx", mode=0o640).path) == 0o640


def test_the_workspace_setting_chooses_mode_and_template(demo_path, workspace, tmp_path, capsys):
    (workspace / "granska.toml").write_text('[report]\nmode = "0640"\n', encoding="utf-8")
    assert (
        main(
            [
                "export",
                "granskning",
                "--out",
                str(tmp_path / "r.docx"),
                "--workspace",
                str(workspace),
            ]
        )
        == 0
    )
    assert mode_of(tmp_path / "r.docx") == 0o640
    (workspace / "granska.toml").write_text('[report]\nmall = "x.docx"\n', encoding="utf-8")
    assert (
        main(
            [
                "export",
                "granskning",
                "--out",
                str(tmp_path / "s.docx"),
                "--workspace",
                str(workspace),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "granska.toml: [report] unknown setting 'mall'" in err


def test_an_empty_out_is_one_line(demo_path: Path, workspace: Path, capsys):
    assert main(["export", "granskning", "--out", "", "--workspace", str(workspace)]) == 1
    err = capsys.readouterr().err
    assert err == "granska: no file name given for the report (e.g. --out rapport.docx)\n"


def test_a_full_disk_is_one_line_and_leaves_nothing(
    demo_path, workspace, tmp_path, capsys, monkeypatch
):
    import store.durable

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.durable.os, "fsync", full)
    out = tmp_path / "r.docx"
    assert main(["export", "granskning", "--out", str(out), "--workspace", str(workspace)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"granska: {out}: cannot write (the disk is full)"
    assert "Traceback" not in err and "ZipFile" not in err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_temporaries_of_a_killed_export_are_removed_next_time(demo_path: Path, tmp_path: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"r.docx.tmp-{dead.pid}-1"
    stale.write_bytes(b"half a report")
    alive = tmp_path / f"r.docx.tmp-{os.getppid()}-1"  # another export still running
    alive.write_bytes(b"in progress")
    audit = open_audit(demo_path, read_only=True)
    export_report(audit, tmp_path / "r.docx")
    assert not stale.exists() and alive.exists()


def test_progress_reaches_the_end_and_a_cancel_leaves_nothing(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path, read_only=True)
    seen: list[float] = []
    export_report(audit, tmp_path / "r.docx", progress=lambda f, step: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 5

    class Cancelled(Exception):
        pass

    def cancel(fraction: float, step: str) -> None:
        if fraction > 0.5:
            raise Cancelled

    with pytest.raises(Cancelled):
        export_report(audit, tmp_path / "c.docx", progress=cancel)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("ws", "home")]
    assert leftovers == ["r.docx"]  # (home: the test's own user folders)


def test_pdf_without_libreoffice_is_a_clear_message(demo_path, tmp_path, monkeypatch):
    monkeypatch.setenv("GRANSKA_SOFFICE", str(tmp_path / "no-soffice"))
    audit = open_audit(demo_path, read_only=True)
    with pytest.raises(ExportError, match="PDF needs LibreOffice, which is not installed"):
        export_report(audit, tmp_path / "r.docx", pdf=True)
    assert (tmp_path / "r.docx").exists()  # the Word report is still there


def test_report_template_writes_a_copy_to_start_from(tmp_path: Path, capsys):
    from report import DEFAULT_TEMPLATE

    assert main(["report-template", "--out", str(tmp_path / "firma")]) == 0
    assert (tmp_path / "firma.docx").read_bytes() == DEFAULT_TEMPLATE.read_bytes()
    assert capsys.readouterr().out.strip() == str(tmp_path / "firma.docx")


def test_bad_destinations_are_clear_errors(demo_path: Path, tmp_path: Path):
    audit = open_audit(demo_path, read_only=True)
    with pytest.raises(ExportError, match="does not exist"):
        export_report(audit, tmp_path / "nope" / "r.docx")
    with pytest.raises(ExportError, match="is a folder"):
        export_report(audit, tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            # root ignores folder permissions; /proc refuses new files even to root
            with pytest.raises(ExportError, match="cannot write|not writable"):
                export_report(audit, Path("/proc/granska-report.docx"))
        else:
            with pytest.raises(ExportError, match="not writable"):
                export_report(audit, locked / "r.docx")
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_a_killed_export_leaves_no_temporary(signal_name: str, workspace: Path, tmp_path: Path):
    """Kill `granska export` at moments spread over its run: after SIGTERM nothing is left;
    after SIGKILL the next export removes what the killed one left. The report under its
    real name is always whole or absent."""
    import signal
    import time
    import zipfile

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from bench.store_bench import make_audit

    make_audit(workspace, 3000).close()
    out = tmp_path / "r.docx"
    command = [
        sys.executable,
        "-m",
        "granska.cli",
        "export",
        "bench",
        "--out",
        str(out),
        "--workspace",
        str(workspace),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    duration = time.perf_counter() - start
    out.unlink()
    for fraction in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(duration * fraction)
        proc.send_signal(getattr(signal, signal_name))
        proc.wait(timeout=60)
        if out.exists():
            with zipfile.ZipFile(out) as z:
                assert z.testzip() is None
        if signal_name == "SIGTERM":
            # 130: stopped mid-export; -15: before the handler was set or after it was done;
            # -2: the stop came after the CLI's handler had returned and Python ended on
            # the re-raised interrupt. In every case the temporaries are gone (below).
            assert proc.returncode in (0, 130, -15, -2), proc.stderr.read()
            assert not list(tmp_path.glob("*.tmp-*"))
        else:
            subprocess.run(command, check=True, capture_output=True, timeout=120)
            assert not list(tmp_path.glob("*.tmp-*"))
