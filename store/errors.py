"""The store's errors: an English message for the command line, a code and parameters for the UI.

Every error raised by the store carries a stable snake_case `code` and the
`params` needed to say the same thing in another language, so the UI can
translate it while the CLI prints the message as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class StoreError(Exception):
    """A problem with an audit file, with a message fit for the user.

    `code` names the problem (e.g. "locked", "corrupt", "disk_full"); `params`
    holds what the message mentions (paths as text, numbers, names).
    """

    default_code = "store_error"

    def __init__(self, message: str, code: str | None = None, **params: Any):
        super().__init__(message)
        self.message = message
        self.code: str = code or self.default_code
        self.params: dict[str, Any] = params


class CannotWrite(StoreError):
    """The audit can be read but not written here (locked, or no permission)."""

    default_code = "cannot_write"


class AuditNotWritable(CannotWrite):
    """The audit file or its folder is read-only for this user."""

    default_code = "not_writable"


class AuditLocked(CannotWrite):
    """Another process is writing this audit."""

    default_code = "locked"

    def __init__(self, path: Path, owner: dict[str, Any], code: str | None = None):
        self.path = path
        self.owner = owner
        who = ", ".join(
            f"{k} {owner[k]}" for k in ("pid", "host", "user") if owner.get(k) is not None
        )
        if code == "lock_lost":
            message = (
                f"{path.name}: another Granska ({who or 'unknown process'}) took over this audit's "
                "lock; nothing more is saved here. Close this window; the edits already saved are "
                "in the audit"
            )
        else:
            message = (
                f"{path.name} is open in another Granska ({who or 'a process that left no name'}); "
                "close it there or open this audit read-only"
            )
        super().__init__(
            message,
            code or self.default_code,
            path=str(path),
            pid=owner.get("pid"),
            host=owner.get("host"),
            user=owner.get("user"),
        )


class CorruptAudit(StoreError):
    """The audit file cannot be read, or is missing beside its backups; it is left untouched.

    `backups` lists the backups that recovery may use, newest first.
    """

    default_code = "corrupt"

    def __init__(self, path: Path, reason: str, backups: list[Path], code: str | None = None):
        self.path = path
        self.reason = reason
        self.backups = backups
        hint = f"; newest backup: {backups[0].name}" if backups else ""
        super().__init__(
            f"{path}: cannot be read ({reason}){hint}",
            code or self.default_code,
            path=str(path),
            reason=reason,
            backup=backups[0].name if backups else "",
        )


class MissingAudit(CorruptAudit):
    """The audit file is gone but its backups or journal are beside it: recovery is offered."""

    default_code = "missing"

    def __init__(self, path: Path, backups: list[Path]):
        super().__init__(path, "the file is missing; its backups remain", backups, "missing")


def disk_error(path: Path, exc: OSError, doing: str) -> StoreError:
    """A StoreError for an OSError met while `doing` something to `path` (full disk, no access)."""
    import errno

    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        code = "disk_full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        code = "not_writable"
    else:
        code = "io_error"
    return StoreError(f"{path}: cannot {doing} ({reason})", code, path=str(path), reason=reason)
