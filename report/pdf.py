"""The report as PDF, through LibreOffice when it is installed.

`soffice --convert-to pdf` alone lays out the table of contents as the .docx
carries it: LibreOffice does not update fields or indexes on conversion, so
the page numbers would be missing. Granska therefore runs a small LibreOffice
Basic macro (in a profile of its own, so a LibreOffice the user has open is
not disturbed) that opens the report hidden, updates every index twice (the
contents may push pages on), refreshes the page fields and stores the PDF.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import filelock
import platformdirs

from report.errors import ExportError
from report.files import DEFAULT_MODE, clean_stale_temporaries

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">REM Granska: update the table of contents, then store a PDF
Sub ExportPdf(inUrl As String, outUrl As String)
  On Error Goto Failed
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, args())
  For pass = 1 To 2
    idx = doc.getDocumentIndexes()
    For i = 0 To idx.getCount() - 1
      idx.getByIndex(i).update()
    Next
    doc.getTextFields().refresh()
  Next
  Dim f(0) As New com.sun.star.beans.PropertyValue
  f(0).Name = &quot;FilterName&quot;
  f(0).Value = &quot;writer_pdf_Export&quot;
  doc.storeToURL(outUrl, f())
  doc.close(True)
Failed:
  StarDesktop.terminate()
End Sub
</script:module>
"""

CANDIDATES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """LibreOffice's soffice: GRANSKA_SOFFICE, the PATH, or the usual install places."""
    env = os.environ.get("GRANSKA_SOFFICE")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in CANDIDATES if Path(c).exists()), None)


def _run(command: list[str], timeout: float) -> None:
    kwargs: dict[str, Any] = {"start_new_session": True} if os.name == "posix" else {}
    with subprocess.Popen(  # noqa: S603 - a fixed program with our own arguments
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs
    ) as proc:
        try:
            proc.wait(timeout=timeout)
        except BaseException:
            with contextlib.suppress(OSError):
                if os.name == "posix":
                    os.killpg(proc.pid, signal.SIGKILL)
                else:
                    proc.kill()
            proc.wait()
            raise


def _profile(soffice: str) -> Path:
    """Granska's own LibreOffice profile, with the macro in its Standard library."""
    profile = Path(platformdirs.user_cache_dir("granska", appauthor=False)) / "libreoffice"
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.exists():
        profile.mkdir(parents=True, exist_ok=True)
        _run(
            [
                soffice,
                "--headless",
                "--terminate_after_init",
                f"-env:UserInstallation={profile.as_uri()}",
            ],
            timeout=120,
        )
    if not module.parent.is_dir():
        raise ExportError("LibreOffice did not create its profile; cannot convert to PDF")
    if not module.exists() or module.read_text(encoding="utf-8") != MACRO:
        module.write_text(MACRO, encoding="utf-8")
    return profile


def _plain_conversion(soffice: str, docx_path: Path, tmp: Path, timeout: float) -> None:
    """`soffice --convert-to pdf` when the macro could not run (the contents then keep
    the entries Granska wrote, without page numbers)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="granska-pdf-") as folder:
        profile = Path(folder) / "profile"
        _run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(docx_path),
            ],
            timeout=timeout,
        )
        made = Path(folder) / (docx_path.stem + ".pdf")
        if made.exists():
            shutil.move(str(made), str(tmp))


def convert_to_pdf(docx_path: Path, *, mode: int = DEFAULT_MODE, timeout: float = 300) -> Path:
    """Write `<report>.pdf` next to the report; ExportError when LibreOffice is missing or fails."""
    soffice = find_soffice()
    if soffice is None:
        raise ExportError(
            "PDF needs LibreOffice, which is not installed (no 'soffice' found); the .docx "
            f"was written to {docx_path}. Install LibreOffice, or set GRANSKA_SOFFICE to its "
            "soffice program"
        )
    docx_path = Path(docx_path).resolve()
    out = docx_path.with_suffix(".pdf")
    clean_stale_temporaries(out)
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}-0")
    cache = Path(platformdirs.user_cache_dir("granska", appauthor=False))
    cache.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(cache / "libreoffice.lock"), timeout=timeout)
    try:
        with lock:
            profile = _profile(soffice)
            call = f'macro:///Standard.Module1.ExportPdf("{docx_path.as_uri()}","{tmp.as_uri()}")'
            _run(
                [
                    soffice,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation={profile.as_uri()}",
                    call,
                ],
                timeout=timeout,
            )
        if not tmp.exists() or tmp.stat().st_size == 0:
            _plain_conversion(soffice, docx_path, tmp, timeout)
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise ExportError(f"{out}: LibreOffice did not write the PDF")
        os.chmod(tmp, mode)
        os.replace(tmp, out)
    except subprocess.TimeoutExpired:
        raise ExportError(f"{out}: LibreOffice took longer than {timeout:.0f} s; stopped") from None
    except filelock.Timeout:
        raise ExportError(f"{out}: another PDF conversion is still running") from None
    except OSError as exc:
        raise ExportError(f"{out}: cannot write ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return out


if __name__ == "__main__":  # pragma: no cover - manual use
    print(convert_to_pdf(Path(sys.argv[1])))
