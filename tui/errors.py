"""Errors from the store, the checklist loader and the export, in the interface language.

The engine below `tui/` speaks English (the CLI prints its messages as they
are). An error that carries a `code` and `params` (`StoreError(message,
"locked", path=..., pid=..., host=..., user=...)`) is shown as the
catalogue's `error_<code>` with those parameters, plus two derived here:
`name`, the file name of `path` or `file`, and `who`, the lock holder's user,
computer and process in words. An operating-system error is named by its
errno. Anything else, or a code whose text needs a parameter the error lacks,
is shown as its own English message. Every place in the UI that shows an
error uses `describe`.
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
        values = _derived(dict(params) if isinstance(params, Mapping) else {})
        try:
            return t(f"error_{code}", **values)
        except (KeyError, IndexError, ValueError):
            pass  # the catalogue's placeholders do not fit this error: say it in English
    if isinstance(exc, OSError):
        return _describe_os_error(exc)
    return str(exc) or type(exc).__name__


def _derived(params: dict[str, object]) -> dict[str, object]:
    """The error's parameters, with `name` and `who` added when it has what they need."""
    where = params.get("path") or params.get("file")
    if where and "name" not in params:
        params["name"] = Path(str(where)).name
    if "who" not in params and any(k in params for k in ("pid", "host", "user")):
        parts = [
            t(f"who_{k}", **{k: params[k]})
            for k in ("user", "host", "pid")
            if params.get(k) not in (None, "")
        ]
        params["who"] = ", ".join(parts) if parts else t("who_unknown")
    return params


def _describe_os_error(exc: OSError) -> str:
    key = OS_REASONS.get(exc.errno or 0)
    reason = t(key) if key else (exc.strerror or str(exc))
    if exc.filename:
        return t("error_os", name=Path(str(exc.filename)).name, reason=reason)
    return reason
