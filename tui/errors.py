"""Errors from the store, the checklist loader and the export, in the interface language.

The engine below `tui/` speaks English (the CLI prints its messages as they
are). An error that carries a `code` and `params` (`StoreError(message,
code="locked", name=..., who=...)`) is shown as the catalogue's
`error_<code>` with those parameters; an operating-system error by its errno;
anything else, or a code whose text does not fit the parameters, as its own
English message. Every place in the UI that shows an error uses `describe`.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from pathlib import Path

from tui.i18n import has, t

# errno -> catalogue key of the reason, for the OS errors a user can act on.
OS_REASONS = {
    errno.ENOSPC: "os_no_space",
    errno.EDQUOT: "os_no_space",
    errno.EACCES: "os_permission",
    errno.EPERM: "os_permission",
    errno.ENOENT: "os_not_found",
    errno.EROFS: "os_read_only_fs",
}


def describe(exc: BaseException) -> str:
    """What went wrong, for the user, in the current language."""
    code = getattr(exc, "code", None)
    params = getattr(exc, "params", None)
    if isinstance(code, str) and code and has(f"error_{code}"):
        values = dict(params) if isinstance(params, Mapping) else {}
        try:
            return t(f"error_{code}", **values)
        except (KeyError, IndexError, ValueError):
            pass  # the catalogue's placeholders do not fit this error: say it in English
    if isinstance(exc, OSError):
        return _describe_os_error(exc)
    return str(exc) or type(exc).__name__


def _describe_os_error(exc: OSError) -> str:
    key = OS_REASONS.get(exc.errno or 0)
    reason = t(key) if key else (exc.strerror or str(exc))
    if exc.filename:
        return t("error_os", name=Path(str(exc.filename)).name, reason=reason)
    return reason
