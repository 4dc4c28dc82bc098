"""The workspace: a folder of audit files, with a small index for fast listing."""

from __future__ import annotations

import contextlib
import json
import os
import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from store.atomic import BACKUPS, atomic_write, backup_paths
from store.errors import MissingAudit, StoreError, disk_error

if TYPE_CHECKING:
    from checklists import Template
    from store.audit import Audit
    from store.durable import DurableFile

# Listing the workspace (the home screen at start) needs none of the engine: the
# functions that open or create an audit import it when called (`store/__init__`).

SUFFIX = ".granska.json"
INDEX = ".index.json"


def default_workspace() -> Path:
    """GRANSKA_HOME, else the user's data folder."""
    env = os.environ.get("GRANSKA_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("granska", appauthor=False))


def ensure_workspace(folder: Path) -> Path:
    """Create the workspace folder (owner only) if needed; fail with a clear message."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        error = disk_error(folder, exc, "create the workspace")
        raise StoreError(
            f"cannot create the workspace {folder}: {exc.strerror}",
            error.code,
            path=str(folder),
            reason=exc.strerror,
        ) from None
    if not folder.is_dir():
        raise StoreError(
            f"the workspace {folder} is not a folder", "not_a_folder", path=str(folder)
        )
    return folder


def slugify(text: str) -> str:
    """A file-name-safe form of a title."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:40] or "granskning"


@dataclass
class AuditSummary:
    """What the home screen shows of an audit, without opening it."""

    path: str
    id: str
    title: str
    municipality: str
    committee: str
    year: str
    template: str
    assessed: int
    questions: int
    updated: str
    error: str = ""
    changed: str = ""
    """The newest change to any record of the audit (`Audit.last_change`): what "last
    changed" means to a user, who edits notes and assessments far more than the title."""


def audit_files(folder: Path) -> list[Path]:
    """The audit files of a workspace, and those that are missing beside their backups."""
    found = {p for p in folder.glob(f"*{SUFFIX}") if p.is_file()}
    for n in range(1, BACKUPS + 1):
        for backup in folder.glob(f"*{SUFFIX}.bak{n}"):
            found.add(backup.with_name(backup.name[: -len(f".bak{n}")]))
    return sorted(found)


def _stamp(path: Path) -> list[int]:
    out = []
    for p in (path, path.with_name(path.name + ".journal")):
        try:
            st = p.stat()
            out += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            out += [0, 0]
    return out


def summarise(path: Path) -> AuditSummary:
    """Open an audit read-only and summarise it; a damaged or missing one says so in `error`."""
    if not path.exists():
        error = str(MissingAudit(path, backup_paths(path)))
        return AuditSummary(str(path), "", path.name, "", "", "", "", 0, 0, "", error=error)
    try:
        audit = open_audit(path, read_only=True)
        meta = audit.meta
        assessed, questions = audit.assessed_count()
        return AuditSummary(
            str(path),
            meta.id,
            meta.title,
            meta.municipality,
            meta.committee,
            meta.year,
            meta.template_title,
            assessed,
            questions,
            meta.updated,
            changed=audit.last_change() or meta.updated,
        )
    except StoreError as exc:
        return AuditSummary(str(path), "", path.name, "", "", "", "", 0, 0, "", error=str(exc))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        reason = f"{path.name}: cannot be read ({type(exc).__name__})"
        return AuditSummary(str(path), "", path.name, "", "", "", "", 0, 0, "", error=reason)


_SUMMARY_TYPES = {f.name: (int if f.type == "int" else str) for f in fields(AuditSummary)}


def _cached(entry: object, stamp: list[int]) -> AuditSummary | None:
    """The summary in an index entry when the entry is well-formed and its stamp is current."""
    if not isinstance(entry, dict) or entry.get("stamp") != stamp:
        return None
    summary = entry.get("summary")
    if not isinstance(summary, dict) or set(summary) != set(_SUMMARY_TYPES):
        return None  # written by another version, or damaged: read the audit again
    if not all(
        isinstance(summary[k], t) and not isinstance(summary[k], bool)
        for k, t in _SUMMARY_TYPES.items()
    ):
        return None
    return AuditSummary(**summary)


def list_audits(folder: Path) -> list[AuditSummary]:
    """Summaries of every audit, newest change first; only changed files are re-read.

    The index is only a cache: an entry that does not look exactly like a summary
    is ignored and the audit read again.
    """
    index_path = folder / INDEX
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}
    if not isinstance(index, dict):
        index = {}
    fresh: dict[str, dict] = {}
    out: list[AuditSummary] = []
    for path in audit_files(folder):
        stamp = _stamp(path)
        summary = _cached(index.get(path.name), stamp)
        if summary is not None:
            summary.path = str(path)
        else:
            summary = summarise(path)
        fresh[path.name] = {"stamp": stamp, "summary": asdict(summary)}
        out.append(summary)
    if fresh != index:
        with contextlib.suppress(OSError):
            atomic_write(index_path, json.dumps(fresh, ensure_ascii=False).encode())
    # Newest change first; ties (and damaged files, which have no stamp) in a fixed order.
    out.sort(key=lambda s: (s.title.casefold(), s.path))
    out.sort(key=lambda s: s.changed or s.updated, reverse=True)
    return out


def create_audit(
    folder: Path,
    template: Template,
    *,
    title: str,
    municipality: str = "",
    committee: str = "",
    year: str = "",
    auditors: tuple[str, ...] = (),
    author: str | None = None,
) -> Audit:
    """Start a new audit from a template; it keeps its own copy of the template."""
    from store.durable import DurableFile, journal_paths
    from store.records import new_id

    ensure_workspace(folder)
    audit_id = new_id()
    path = folder / f"{slugify(title)}-{audit_id[:8]}{SUFFIX}"
    leftovers = [path.with_name(path.name + ext) for ext in (".lock", ".owner")]
    try:
        file = DurableFile(path, create=True)
    except StoreError:
        for p in leftovers:  # a new name: nobody else can be using its lock
            with contextlib.suppress(OSError):
                p.unlink()
        raise
    try:
        return _fill_new(
            file, template, audit_id, title, municipality, committee, year, auditors, author
        )
    except BaseException as exc:
        # Nothing of it was ever shown as saved: remove the half-made audit and its lock.
        file.abandon()
        for p in (path, *journal_paths(path), *leftovers):
            with contextlib.suppress(OSError):
                p.unlink()
        if isinstance(exc, OSError):
            raise disk_error(path, exc, "create the audit") from None
        raise


def _fill_new(
    file: DurableFile,
    template: Template,
    audit_id: str,
    title: str,
    municipality: str,
    committee: str,
    year: str,
    auditors: tuple[str, ...],
    author: str | None,
) -> Audit:
    from store import records as rec
    from store.audit import META_ID, TEMPLATE_TABLE, Audit, default_author
    from store.records import AuditMeta

    file.put(
        TEMPLATE_TABLE,
        "template",
        {
            "yaml": template.yaml_text,
            "source": template.source,
            "id": template.id,
            "version": template.version,
        },
    )
    meta = AuditMeta(
        id=audit_id,
        title=title,
        municipality=municipality,
        committee=committee,
        year=year,
        auditors=tuple(auditors),
        template_id=template.id,
        template_version=template.version,
        template_title=template.title,
        purpose=template.purpose,
        method=template.method,
    )
    file.put(
        AuditMeta.TABLE,
        META_ID,
        {
            **meta.to_doc(),
            "created": rec.now(),
            "updated": rec.now(),
            "author": author or default_author(),
        },
    )
    audit = Audit(file, author)
    file.flush()
    return audit


def find_audit(folder: Path, ref: str) -> Path:
    """The audit file named by a path, a file name, an id or the start of either, or,
    failing those, a word of its title or municipality (when only one audit has it)."""
    candidate = Path(ref).expanduser()
    if candidate.suffix == ".json" and candidate.is_file():
        return candidate
    files = audit_files(folder) if folder.is_dir() else []
    exact = [p for p in files if p.name in (ref, ref + SUFFIX)]
    if exact:
        return exact[0]
    matches = [p for p in files if p.name.startswith(ref)]
    if not matches and ref:
        listed = list_audits(folder)
        matches = [Path(s.path) for s in listed if s.id.startswith(ref)]
        if not matches:  # a word of its title or municipality: "ystad", "arbetsmarknad"
            word = ref.casefold()
            matches = [
                Path(s.path)
                for s in listed
                if word in s.title.casefold() or word in s.municipality.casefold()
            ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise StoreError(
            f"no audit {ref!r} in {folder} (see 'granska list')", "no_such_audit", ref=ref
        )
    names = ", ".join(p.name for p in matches[:5])
    raise StoreError(f"{ref!r} matches more than one audit: {names}", "ambiguous", ref=ref)


def open_audit(path: Path, *, read_only: bool = False, author: str | None = None) -> Audit:
    """Open an audit file for writing (or read-only)."""
    from store.audit import Audit
    from store.durable import DurableFile
    from store.validate import check_change
    from store.validated import Stamps

    file = DurableFile(path, read_only=read_only, check=check_change, stamps=Stamps())
    try:
        return Audit(file, author)
    except BaseException:
        file.close()
        raise
