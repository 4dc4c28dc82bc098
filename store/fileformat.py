"""The audit file's format: TinyDB's JSON (tables of documents), written stably and checksummed.

Since schema version 2 the file is laid out for diff tools, one document per line:

    {
    "_granska": {
    "format": {"checksum":"<sha256>","generation":7,"schema_version":2,"seq":1234}
    },
    "audit": {
    "audit": {"author":"…","created":"…",…}
    },
    "observations": {
    "<uuid>": {…},
    "<uuid>": {…}
    }
    }

Tables are in name order (`_granska` first), documents in the order they were
first saved (so "oldest first" survives a compaction), keys within a document
sorted. It is plain JSON: TinyDB reads it as it is.

The format record holds the schema version, the last change sequence the file
holds (`seq`), the file's `generation` (one more at each compaction; the
journal beside it names the generation it continues) and `checksum`: the
SHA-256 of the file's bytes with the 64 hex digits of the checksum itself
written as zeros. Any changed byte is detected; a file whose checksum does not
hold is damaged. Files of schema version 1 and older carry no checksum and are
migrated on their first writable open.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2
FORMAT_TABLE = "_granska"
FORMAT_ID = "format"

Doc = dict[str, Any]
Data = dict[str, dict[str, Doc]]

_ZEROS = b"0" * 64
_KEY = b'"checksum":"'


class FormatDamage(ValueError):
    """The bytes are not a readable audit file; the message says why."""


@dataclass
class Header:
    """What a file's format record says about it."""

    schema_version: int
    seq: int
    generation: int
    checksum: str | None


def valid_data(data: Any) -> bool:
    """Whether parsed JSON has the shape of an audit: tables of documents."""
    return isinstance(data, dict) and all(
        isinstance(rows, dict) and all(isinstance(d, dict) for d in rows.values())
        for rows in data.values()
    )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def serialise(
    data: Data, *, seq: int, generation: int, schema_version: int = SCHEMA_VERSION
) -> bytes:
    """The file's bytes for `data`; its format record gets this version, `seq`, `generation`."""
    fmt = dict(data.get(FORMAT_TABLE, {}).get(FORMAT_ID) or {})
    fmt.update(schema_version=schema_version, seq=seq, generation=generation, checksum="0" * 64)
    tables = [FORMAT_TABLE] + sorted(t for t in data if t != FORMAT_TABLE)
    parts = ["{\n"]
    for t_index, table in enumerate(tables):
        rows = dict(data.get(table, {}))
        if table == FORMAT_TABLE:
            rows = {FORMAT_ID: fmt, **{k: v for k, v in rows.items() if k != FORMAT_ID}}
        parts.append(json.dumps(table, ensure_ascii=False) + ": {\n")
        last = len(rows) - 1
        for d_index, (doc_id, doc) in enumerate(rows.items()):
            comma = "," if d_index < last else ""
            parts.append(f"{json.dumps(doc_id, ensure_ascii=False)}: {_dumps(doc)}{comma}\n")
        parts.append("}" + ("," if t_index < len(tables) - 1 else "") + "\n")
    parts.append("}\n")
    raw = "".join(parts).encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest().encode()
    at = raw.index(_KEY + _ZEROS) + len(_KEY)
    return raw[:at] + digest + raw[at + 64 :]


def recorded_checksum(raw: bytes) -> str | None:
    """The checksum `raw` records, unverified (for bytes `serialise` just made)."""
    at = raw.find(_KEY)
    if at < 0:
        return None
    recorded = raw[at + len(_KEY) : at + len(_KEY) + 64].decode("ascii", "replace")
    return recorded if len(recorded) == 64 and recorded != "0" * 64 else None


def checksum_holds(raw: bytes) -> str | None:
    """The checksum recorded in `raw` when it matches its bytes; None when absent or wrong."""
    at = raw.find(_KEY)
    if at < 0:
        return None
    at += len(_KEY)
    recorded = raw[at : at + 64]
    if len(recorded) != 64:
        return None
    digest = hashlib.sha256(raw[:at] + _ZEROS + raw[at + 64 :]).hexdigest()
    return digest if digest.encode() == recorded else None


def _count(fmt: dict[str, Any], key: str, default: int) -> int:
    value = fmt.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise FormatDamage(f"its format record has an unreadable {key} ({str(value)[:20]!r})")
    return value


def parse(raw: bytes) -> tuple[Data, Header]:
    """The data and format record of an audit file; FormatDamage says what is wrong.

    A file that declares a checksum must match it; files of schema version 2 up
    to this version must declare one. (A newer version keeps this rule; a newer
    file without a checksum is refused by the version check instead.)
    """
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FormatDamage("it is not UTF-8 text") from None
    except ValueError as exc:
        raise FormatDamage(str(exc).split("\n")[0][:120]) from None
    if not valid_data(data):
        raise FormatDamage("not an audit file: not tables of documents")
    fmt = data.get(FORMAT_TABLE, {}).get(FORMAT_ID)
    if not isinstance(fmt, dict):
        raise FormatDamage("not a Granska audit file: it has no format record")
    recorded = fmt.get("checksum")
    if recorded is not None:
        if not isinstance(recorded, str) or checksum_holds(raw) != recorded:
            raise FormatDamage("its checksum does not match its contents: the file is damaged")
    version = _count(fmt, "schema_version", 0)
    if 2 <= version <= SCHEMA_VERSION and recorded is None:
        raise FormatDamage("its checksum is missing: the file is damaged")
    header = Header(
        schema_version=version,
        seq=_count(fmt, "seq", 0),
        generation=_count(fmt, "generation", 0),
        checksum=recorded,
    )
    return data, header


def peek_generation(path: Path) -> int | None:
    """The generation an audit file's format record names, read from its first lines only.

    Cheap and unverified: enough to tell whether another writer compacted it.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return None
    found = re.search(rb'"generation":(\d{1,18})', head)
    return int(found.group(1)) if found else None
