"""Evidence: the file a document source carries (a PDF, a spreadsheet), kept beside the audit.

`Audit.attach_evidence`, `Audit.evidence_path` and the evidence part of
`Audit.import_copy` are the facade; the rules live here:

- Only a document source carries a file (StoreError "evidence_not_document").
- The file must exist, be a regular file and be at most `MAX_BYTES`
  ("evidence_missing", "evidence_too_large").
- It is copied atomically (temporary file, fsync, rename, folder fsync) into
  the audit's evidence folder, `<audit file stem>.evidence/`, as
  `<sha256[:16]>-<safe original name>`, readable by its owner only (0600).
  The source records the stored name, the original name and the checksum.
- Evidence is never deleted: attaching another file keeps the old one.
- Opening verifies the checksum first ("evidence_damaged", "evidence_missing").
- A colleague's evidence comes along with a merge of their copy: each file
  their folder has and ours lacks is checked against its checksum (the one
  their source records, else the name's prefix) before it is copied; a bad one
  is refused and named, never copied.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.atomic import fsync_dir
from store.errors import StoreError, disk_error

MAX_BYTES = 200 * 1024 * 1024
_CHUNK = 1 << 20
_STORED = re.compile(r"([0-9a-f]{16})-[^/\\]+")
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass
class CarriedEvidence:
    """What merging a copy did with its evidence files: names copied and refused (with why)."""

    copied: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def folder(audit_path: Path) -> Path:
    """The evidence folder of the audit file `audit_path`: `<stem>.evidence` beside it."""
    return audit_path.with_name(f"{audit_path.stem}.evidence")


def safe_name(name: str) -> str:
    """A file name safe in every file system: letters, digits, `.`, `-`, `_`, spaces; short."""
    text = _UNSAFE.sub("_", name).strip(" .") or "file"
    if len(text) > 80:
        stem, dot, ext = text.rpartition(".")
        text = (stem[: 80 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else text[:80]
    return text


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_source_file(path: Path) -> Path:
    """`path` (with ~ expanded) if it is a regular file small enough to attach; else StoreError."""
    p = Path(os.path.expanduser(str(path)))
    if not p.is_file():
        raise StoreError(
            f"{p}: no such file to attach", code="evidence_missing", path=str(p), file=p.name
        )
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise StoreError(
            f"{p.name} is {size // (1024 * 1024)} MB; at most {MAX_BYTES // (1024 * 1024)} MB",
            code="evidence_too_large",
            file=p.name,
            mb=size // (1024 * 1024),
            limit=MAX_BYTES // (1024 * 1024),
        )
    return p


def store_file(audit_path: Path, source: Path, stored_as: str = "") -> tuple[str, str]:
    """Copy `source` into the evidence folder; returns (stored name, sha256).

    The stored name is `stored_as`, else `<sha256[:16]>-<safe name of source>`.
    Copied to a temporary file while hashing, fsynced, then renamed; a file
    of the same name (the same content) already there is kept as it is.
    """
    target_dir = folder(audit_path)
    try:
        target_dir.mkdir(mode=0o700, exist_ok=True)
        tmp = target_dir / f".tmp-{os.getpid()}-{threading.get_ident()}"
        digest = hashlib.sha256()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            name = stored_as or f"{sha[:16]}-{safe_name(source.name)}"
            os.replace(tmp, target_dir / name)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        fsync_dir(target_dir)
    except OSError as exc:
        raise disk_error(target_dir, exc, "store the evidence file") from exc
    return name, sha


def verified(audit_path: Path, name: str, sha256: str) -> Path:
    """The stored evidence file `name`, after checking it still has checksum `sha256`."""
    path = folder(audit_path) / name
    if not name or not path.is_file():
        raise StoreError(
            f"the evidence file {name!r} is missing from {folder(audit_path).name}",
            code="evidence_missing",
            file=name,
        )
    if sha256_of(path) != sha256:
        raise StoreError(
            f"the evidence file {name!r} has changed since it was attached (checksum differs)",
            code="evidence_damaged",
            file=name,
        )
    return path


def carry(ours: Path, theirs: Path, recorded: Iterable[dict[str, Any]]) -> CarriedEvidence:
    """Copy the evidence files of their copy (`theirs`, its audit file) that ours lacks.

    `recorded` are their source records: a file one of them names must match
    the full checksum it records; any other must match its name's prefix.
    """
    result = CarriedEvidence()
    theirs_dir = folder(theirs)
    if not theirs_dir.is_dir() or folder(ours).resolve() == theirs_dir.resolve():
        return result
    checksums = {
        str(d.get("evidence")): str(d.get("evidence_sha256") or "")
        for d in recorded
        if isinstance(d, dict) and d.get("evidence")
    }
    for path in sorted(theirs_dir.iterdir()):
        m = _STORED.fullmatch(path.name)
        if m is None or path.is_symlink() or not path.is_file():
            continue
        if (folder(ours) / path.name).exists():
            continue
        try:
            if path.stat().st_size > MAX_BYTES:
                result.refused.append((path.name, "too large"))
                continue
            sha = sha256_of(path)
        except OSError as exc:
            result.refused.append((path.name, exc.strerror or str(exc)))
            continue
        wanted = checksums.get(path.name)
        if (wanted and sha != wanted) or not sha.startswith(m[1]):
            result.refused.append((path.name, "checksum differs"))
            continue
        name, copied_sha = store_file(ours, path, stored_as=path.name)
        if copied_sha != sha:  # changed while copied: our fresh copy is not evidence
            with contextlib.suppress(OSError):
                (folder(ours) / name).unlink()
            result.refused.append((path.name, "changed while copied"))
            continue
        result.copied.append(path.name)
    return result
