"""A workspace's report settings: `granska.toml` in the workspace folder.

    [report]
    template = "mallar/firma.docx"   # a Word template, relative to the workspace
    style = "firma-stilar.docx"      # or only a Word file's styles
    mode = "0640"                    # file mode of written reports (default 0600)

Options on the command line win over these.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from report.errors import ExportError
from report.files import DEFAULT_MODE, parse_mode

FILE = "granska.toml"
KEYS = ("template", "style", "mode")


@dataclass(frozen=True)
class ReportSettings:
    """What the workspace says about reports."""

    template: Path | None = None
    style: Path | None = None
    mode: int = DEFAULT_MODE


def load_settings(workspace: Path | None) -> ReportSettings:
    """The [report] settings of a workspace; defaults when it has none."""
    if workspace is None:
        return ReportSettings()
    path = Path(workspace) / FILE
    if not path.is_file():
        return ReportSettings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ExportError(f"{path}: {exc}") from None
    report = data.get("report", {})
    if not isinstance(report, dict):
        raise ExportError(f"{path}: [report] must be a table of settings")
    for key in report:
        if key not in KEYS:
            raise ExportError(
                f"{path}: [report] unknown setting '{key}' (known: {', '.join(KEYS)})"
            )

    def file(key: str) -> Path | None:
        value = report.get(key)
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise ExportError(f"{path}: [report] {key} must be a file name in quotes")
        target = Path(value).expanduser()
        return target if target.is_absolute() else Path(workspace) / target

    mode = report.get("mode")
    try:
        parsed = parse_mode(mode if isinstance(mode, str | int) else None)
    except ExportError as exc:
        raise ExportError(f"{path}: [report] {exc}") from None
    return ReportSettings(template=file("template"), style=file("style"), mode=parsed)
