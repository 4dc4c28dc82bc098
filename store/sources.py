"""The source register's rules: which fields a source has, what a date may be, who cites it.

`Audit.update_source`, `Audit.add_source`, `Audit.delete_source` and
`Audit.source_usage` are the facade; the checks live here so that the app, the
command line and a test all meet the same rules:

- An interview's date is a real date, YYYY-MM-DD; a document's is a real date
  or just a year (YYYY). Empty is allowed (not known). Anything else is refused
  with a StoreError, code "bad_date" (params `date`, `kind`).
- Only the register's own fields can be edited (`EDITABLE`); the kind of a
  source is fixed once it exists.
- A source that an observation cites cannot be deleted (code "source_in_use",
  param `count`): merge it into another instead.
- Fields marked `personal` in `store.records.Source` (the names of those
  interviewed) are personal data: the app labels them so and the report never
  prints them (`personal_fields`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from store import records
from store.errors import StoreError
from store.records import Source

EDITABLE = frozenset({"role", "unit", "present", "names", "title", "date", "reference"})
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"\d{4}")


def personal_fields() -> frozenset[str]:
    """The fields of a source that hold personal data (never printed in the report)."""
    return frozenset(f.name for f in dataclasses.fields(Source) if f.metadata.get("personal"))


def check_date(kind: str, value: str) -> str:
    """The date as stored (stripped), or a StoreError "bad_date" saying it is not one.

    Interviews: YYYY-MM-DD, a day that exists. Documents: that, or a year YYYY.
    """
    text = value.strip()
    if not text:
        return ""
    if kind == "document" and _YEAR.fullmatch(text) and int(text) >= 1000:
        return text
    m = _DAY.fullmatch(text)
    if m:
        try:
            date(int(m[1]), int(m[2]), int(m[3]))
            return text
        except ValueError:
            pass
    wanted = "YYYY-MM-DD or YYYY" if kind == "document" else "YYYY-MM-DD"
    raise StoreError(
        f"{text!r} is not a date ({wanted}, a day that exists)",
        code="bad_date_document" if kind == "document" else "bad_date",
        date=text,
        kind=kind,
    )


def edited(source: Source, fields: dict[str, Any]) -> Source:
    """A copy of `source` with `fields` changed, each checked; raises StoreError when not."""
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in EDITABLE:
            raise StoreError(
                f"{name!r} is not a field of a source that can be edited",
                code="not_source_field",
                field=name,
            )
        if not isinstance(value, str):
            raise StoreError(f"{name!r} must be text", code="not_source_field", field=name)
        changes[name] = value.strip()
    if "date" in changes:
        changes["date"] = check_date(source.kind, changes["date"])
    return dataclasses.replace(source, **changes)


def filled_from(keep: Source, duplicate: Source) -> dict[str, str]:
    """The fields the kept source lacks and the duplicate has (a join loses nothing)."""
    return {
        name: getattr(duplicate, name)
        for name in sorted(EDITABLE)
        if not getattr(keep, name) and getattr(duplicate, name)
    }


def usage(source_ids: Iterable[str], cited: Iterable[Iterable[str]]) -> dict[str, int]:
    """How many observations cite each source: `cited` holds each live observation's ids."""
    counts = dict.fromkeys(source_ids, 0)
    for ids in cited:
        for sid in set(ids):
            if sid in counts:
                counts[sid] += 1
    return counts


def today() -> str:
    """Today's date, YYYY-MM-DD: the default date of a new source (tests freeze the clock)."""
    return records.now()[:10]
