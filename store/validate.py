"""What may come into an audit: every document checked against the type it claims to be.

Everything that reaches an audit from outside the running app (a colleague's
copy, a replayed journal line, a migrated file, the file itself when opened)
passes through here. The checks are derived, not written per field:

- Each `Record` subclass in `store/records.py` with a `TABLE` names a table, and
  each of its dataclass fields says by its type what a value must be: `str`,
  `int`, `bool`, `float`, `tuple[str, ...]`, `list[...]`, `dict[str, ...]`,
  `X | None`, `Literal[...]`, a nested dataclass, or `Any` (any plain JSON
  within the limits below). A field another module adds to a record is
  checked without editing this file.
- The bookkeeping tables (history, conflicts, template copy, quarantine) are
  declared the same way in `store/shapes.py`.

Limits, by field name (a field may declare its own with
`field(metadata={"max_len": n})`):

- `id`, and each element of a `*_ids` field: 1 to 128 characters, no control
  characters; the document's key in its table is the same id (the audit
  record's key is "audit").
- `*_id`, `table`, `field`: at most 128 characters, no control characters.
- `created`, `updated`, `ts`: empty or an ISO 8601 time, at most 64 characters.
- `title`, `municipality`, `committee`: at most 1,000 characters (the form
  keeps 200; the export cuts Word's 255-character properties itself).
- `role`, `year`, `author`, `kind`, `date`, `period`, `breakdown`,
  `template_title`, `unit`, and the elements of other `tuple[str, ...]`
  fields: at most 255 characters.
- Any other text: at most 1,000,000 characters. All text must be valid Unicode
  (no lone surrogates, which cannot be written as UTF-8).
- Whole numbers within +-2**53 (what every JSON reader keeps exactly); `bool`
  is not a number and a number is not a `bool`.
- Lists at most 10,000 elements; `_rev` change chains at most 100,000 ids of at
  most 64 characters each.
- Fields a record does not declare (written, say, by a newer Granska) are kept
  when they are plain values (text, number, true/false, null, or a list of
  those) with a name of at most 128 characters; anything nested is refused.
- Missing fields take their defaults (older files lack newer fields), except
  a record's `id` and the fields a shape declares without a default.
- Unknown tables are refused.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import types
import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Union

from store import shapes
from store.errors import StoreError
from store.fileformat import FORMAT_TABLE
from store.records import Record

META_TABLE = "audit"
META_ID = "audit"

ID_LEN = 128
REV_LEN = 64
STAMP_LEN = 64
SHORT_TEXT = 255
LONG_TEXT = 1_000_000
MAX_INT = 2**53
MAX_LIST = 10_000
MAX_CHAIN = 100_000
ANY_DEPTH = 4
ANY_NODES = 100_000

SHORT_FIELDS = frozenset(
    {
        "role",
        "year",
        "author",
        "kind",
        "date",
        "period",
        "breakdown",
        "template_title",
        "unit",
    }
)
# Names: the new-audit form keeps 200 characters and the export cuts Word's 255-character
# properties itself (tests/test_edge_inputs.py), so a longer name is allowed but bounded.
NAME_TEXT = 1_000
NAME_FIELDS = frozenset({"title", "municipality", "committee"})
STAMP_FIELDS = frozenset({"created", "updated", "ts"})
REF_FIELDS = frozenset({"table", "field"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Problem:
    """Why one document may not come in: where it is, which field, what is wrong."""

    table: str
    record_id: str  # cut to 60 characters, for messages
    field: str
    message: str
    key: Any = dataclasses.field(default=None, compare=False, repr=False)
    """The document's key in its table, whole (set by `scan`), to find the document by."""

    def __str__(self) -> str:
        where = f"{self.table} record {self.record_id!r}" if self.record_id else self.table
        return (
            f"{where}: field {self.field!r} {self.message}"
            if self.field
            else (f"{where}: {self.message}")
        )

    def params(self) -> dict[str, str]:
        """The parts of the problem, for a translated message."""
        return {
            "table": self.table,
            "record_id": self.record_id,
            "field": self.field,
            "problem": self.message,
        }


# -- values ----------------------------------------------------------------------------


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__


def _bad_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _text(limit: int, *, ident: bool = False, required: bool = False, stamp: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if (
            type(value) is str
            and len(value) <= limit
            and not stamp
            and not required
            and (value.isascii() if not ident else value.isascii() and not _CONTROL.search(value))
        ):
            return None  # the common case, quickly: short plain text
        if not isinstance(value, str):
            return f"must be text, not {_kind_of(value)}"
        if len(value) > limit:
            return f"is {len(value):,} characters long; at most {limit:,} are allowed"
        if required and not value.strip():
            return "must not be empty"
        if ident and _CONTROL.search(value):
            return "holds control characters"
        if _bad_unicode(value):
            return "is not valid Unicode text"
        if stamp and value:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                return f"must be a date and time (ISO 8601), not {value[:40]!r}"
        return None

    return check


def _int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number, not {_kind_of(value)}"
    if abs(value) > MAX_INT:
        return "is a number too large to keep exactly"
    return None


def _float(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number, not {_kind_of(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    if isinstance(value, int) and abs(value) > MAX_INT:
        return "is a number too large to keep exactly"
    return None


def _bool(value: Any) -> str | None:
    if not isinstance(value, bool):
        return f"must be true or false, not {_kind_of(value)}"
    return None


def _scalar(value: Any) -> str | None:
    """A plain JSON value: text, number, true/false or null."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return _text(LONG_TEXT)(value)
    if isinstance(value, int | float):
        return _float(value)
    return f"must be a plain value, not {_kind_of(value)}"


def any_json(value: Any, depth: int = ANY_DEPTH) -> str | None:
    """Whether `value` is plain JSON within the limits, nested at most `depth` deep."""
    stack = [(value, 0)]
    nodes = 0
    while stack:
        node, level = stack.pop()
        nodes += 1
        if nodes > ANY_NODES:
            return f"holds more than {ANY_NODES:,} values"
        if isinstance(node, list | tuple | dict):
            if level >= depth:
                return f"is nested more than {depth} levels deep"
            if len(node) > MAX_LIST:
                return f"holds more than {MAX_LIST:,} elements"
            if isinstance(node, dict):
                for key, item in node.items():
                    if not isinstance(key, str) or len(key) > ID_LEN or _bad_unicode(key):
                        return "has a field name that is not short text"
                    stack.append((item, level + 1))
            else:
                stack.extend((item, level + 1) for item in node)
            continue
        problem = _scalar(node)
        if problem:
            return problem
    return None


def _sequence(element: Check) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list | tuple):
            return f"must be a list, not {_kind_of(value)}"
        if len(value) > MAX_LIST:
            return f"holds {len(value):,} elements; at most {MAX_LIST:,} are allowed"
        for n, item in enumerate(value):
            problem = element(item)
            if problem:
                return f"element {n + 1} {problem}"
        return None

    return check


def _mapping(element: Check) -> Check:
    key_check = _text(ID_LEN, ident=True)

    def check(value: Any) -> str | None:
        if not isinstance(value, dict):
            return f"must be a set of fields, not {_kind_of(value)}"
        if len(value) > MAX_LIST:
            return f"holds {len(value):,} entries; at most {MAX_LIST:,} are allowed"
        for key, item in value.items():
            if key_check(key):
                return f"has an entry name that is not short text ({str(key)[:40]!r})"
            problem = element(item)
            if problem:
                return f"entry {key!r} {problem}"
        return None

    return check


def _literal(options: tuple[Any, ...]) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool | int | str | None) and any(
            value == o and type(value) is type(o) for o in options
        ):
            return None
        shown = ", ".join(repr(o) for o in options)
        return f"must be one of {shown}, not {str(value)[:40]!r}"

    return check


def _union(checks: list[Check], nullable: bool) -> Check:
    def check(value: Any) -> str | None:
        if value is None and nullable:
            return None
        problems = [c(value) for c in checks]
        if any(p is None for p in problems):
            return None
        return problems[0] if problems else f"must be empty (null), not {_kind_of(value)}"

    return check


def _text_limit(name: str, metadata: Any) -> Check:
    limit = (metadata or {}).get("max_len")
    if name == "id":
        return _text(limit or ID_LEN, ident=True, required=True)
    if name.endswith("_id") or name in REF_FIELDS:
        return _text(limit or ID_LEN, ident=True)
    if name in STAMP_FIELDS:
        return _text(limit or STAMP_LEN, stamp=True)
    if name in SHORT_FIELDS:
        return _text(limit or SHORT_TEXT)
    if name in NAME_FIELDS:
        return _text(limit or NAME_TEXT)
    return _text(limit or LONG_TEXT)


def _element_text(name: str) -> Check:
    if name.endswith("_ids"):
        return _text(ID_LEN, ident=True, required=True)
    if name.endswith("_rev"):
        return _text(REV_LEN, ident=True)
    return _text(SHORT_TEXT)


def _for_type(tp: Any, name: str, metadata: Any = None) -> Check:
    """The check of a value declared with type `tp` in a field called `name`."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is str:
        return _text_limit(name, metadata)
    if tp is bool:
        return _bool
    if tp is int:
        return _int
    if tp is float:
        return _float
    if origin in (Union, types.UnionType):
        nullable = type(None) in args
        return _union([_for_type(a, name, metadata) for a in args if a is not type(None)], nullable)
    if origin is Literal:
        return _literal(args)
    if origin in (tuple, list):
        element = args[0] if args else Any
        inner = _element_text(name) if element is str else _for_type(element, name)
        return _sequence(inner)
    if origin is dict:
        return _mapping(_for_type(args[1], name) if len(args) == 2 else any_json)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        shape = shape_check(tp)

        def nested(value: Any) -> str | None:
            found = shape(value)
            return None if found is None else (f"{found[0]!r} {found[1]}" if found[0] else found[1])

        return nested
    return any_json


_field_name = _text(ID_LEN, ident=True)


def _rev(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"must be a set of change chains, not {_kind_of(value)}"
    for key, chain in value.items():
        if _field_name(key):
            return "names a field that is not short text"
        if not isinstance(chain, list) or len(chain) > MAX_CHAIN:
            return f"chain of {key!r} must be a list of at most {MAX_CHAIN:,} change ids"
        # One pass over plain strings: this runs for every field of every record at open.
        if not all(type(item) is str and len(item) <= REV_LEN for item in chain):
            return f"chain of {key!r} holds a change id that is not short text"
        joined = "".join(chain)
        if _CONTROL.search(joined) or (not joined.isascii() and _bad_unicode(joined)):
            return f"chain of {key!r} holds a change id that is not plain text"
    return None


def _unchecked(value: Any) -> str | None:
    return None


@functools.cache
def shape_check(cls: type) -> Callable[[Any], tuple[str, str] | None]:
    """The check of a document of dataclass `cls`: None, or (field, what is wrong)."""
    hints = typing.get_type_hints(cls)
    fields: list[tuple[str, Check, bool]] = []
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.name == "id" and issubclass(cls, Record):
            required = True  # a record without its id would get a new one: a different record
        if f.metadata.get("unchecked"):
            fields.append((f.name, _unchecked, required))
            continue
        fields.append((f.name, _for_type(hints[f.name], f.name, f.metadata), required))
    names = {name for name, _, _ in fields}
    allow_rev = issubclass(cls, Record)

    def check(doc: Any) -> tuple[str, str] | None:
        if not isinstance(doc, dict):
            return "", f"must be a set of fields, not {_kind_of(doc)}"
        for name, field_check, required in fields:
            if name not in doc:
                if required:
                    return name, "is missing"
                continue
            problem = field_check(doc[name])
            if problem:
                return name, problem
        for key, value in doc.items():
            if key in names:
                continue
            if key == "_rev" and allow_rev:
                problem = _rev(value)
            elif not isinstance(key, str) or len(key) > ID_LEN or _bad_unicode(key):
                return str(key)[:40], "is not a field name (too long or not text)"
            elif isinstance(value, list):
                problem = _sequence(_scalar)(value)
            else:
                problem = _scalar(value)
            if problem:
                return key, f"(not a field of this record) {problem}"
        return None

    return check


# -- documents and tables -----------------------------------------------------------------


def record_tables() -> dict[str, type[Record]]:
    """Every record table by name, from the `Record` subclasses that declare a TABLE."""
    found: dict[str, type[Record]] = {}
    pending = list(Record.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.TABLE:
            found.setdefault(cls.TABLE, cls)
    return found


SHAPE_TABLES: dict[str, type] = {
    shapes.HISTORY_TABLE: shapes.HistoryEntry,
    shapes.CONFLICT_TABLE: shapes.Conflict,
    shapes.TEMPLATE_TABLE: shapes.TemplateCopy,
    shapes.QUARANTINE_TABLE: shapes.Quarantined,
}


def known_table(table: str) -> bool:
    """Whether an audit may hold a table of this name."""
    return table == FORMAT_TABLE or table in SHAPE_TABLES or table in record_tables()


_key_check = _text(ID_LEN, ident=True, required=True)


def check_doc(
    table: str, key: Any, doc: Any, tables: dict[str, type[Record]] | None = None
) -> Problem | None:
    """Why one document may not be stored under `table`/`key`, or None when it may.

    `tables` is `record_tables()`, passed in by callers that check many documents.
    """
    shown = str(key)[:60]
    if _key_check(key):
        return Problem(table, shown, "", f"has a record key that is not an id ({_key_check(key)})")
    if table == FORMAT_TABLE:
        ok = isinstance(doc, dict) and any_json(doc) is None
        return None if ok else Problem(table, shown, "", "is not a format record")
    cls = (tables if tables is not None else record_tables()).get(table) or SHAPE_TABLES.get(table)
    if cls is None:
        return Problem(table, shown, "", "is in a table an audit does not have")
    found = shape_check(cls)(doc)
    if found is not None:
        return Problem(table, shown, found[0], found[1])
    if table == META_TABLE:
        if key != META_ID:
            return Problem(table, shown, "", f"the audit table holds one record, keyed {META_ID!r}")
        try:  # the audit id seeds the ids every laptop derives (assessments, conflicts)
            uuid.UUID(doc["id"])
        except (KeyError, ValueError):
            return Problem(table, shown, "id", "must be a UUID (the audit's id)")
    elif table == shapes.TEMPLATE_TABLE:
        if key != "template":
            return Problem(table, shown, "", "the template table holds one copy, keyed 'template'")
    elif doc.get("id") != key:
        return Problem(table, shown, "id", f"differs from the record's key ({shown!r})")
    return None


def check_change(table: str, doc_id: str, doc: dict[str, Any] | None) -> str | None:
    """For the journal replay: why this change may not be applied, or None when it may."""
    if not isinstance(table, str) or not known_table(table):
        return f"a change to table {str(table)[:60]!r}, which an audit does not have"
    if doc is None:
        return None if _key_check(doc_id) is None else f"{table}: a deletion of a bad key"
    problem = check_doc(table, doc_id, doc)
    return None if problem is None else str(problem)


def scan(data: Any) -> list[Problem]:
    """Every document of an audit's data that fails its checks (for the file at open)."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [Problem("", "", "", "is not a set of tables")]
    tables = record_tables()
    for table, rows in data.items():
        if not isinstance(rows, dict):
            problems.append(Problem(str(table), "", "", "is not a table of records"))
            continue
        for key, doc in rows.items():
            problem = check_doc(table, key, doc, tables)
            if problem is not None:
                problems.append(dataclasses.replace(problem, key=key))
    return problems


def check_copy(data: Any) -> None:
    """Refuse a colleague's copy whole, naming the first bad record and field."""
    if not isinstance(data, dict):
        raise StoreError(
            "their copy is refused (nothing was merged): it is not an audit file",
            code="bad_copy",
            table="",
            record_id="",
            field="",
            problem="not an audit file",
        )
    for table, rows in data.items():
        problem: Problem | None
        if not isinstance(table, str) or not known_table(table):
            problem = Problem(str(table)[:60], "", "", "is a table an audit does not have")
        elif not isinstance(rows, dict):
            problem = Problem(table, "", "", "is not a table of records")
        else:
            tables = record_tables()
            problem = next(
                (p for key, doc in rows.items() if (p := check_doc(table, key, doc, tables))),
                None,
            )
        if problem is not None:
            raise StoreError(
                f"their copy is refused (nothing was merged): {problem}",
                code="bad_copy",
                **problem.params(),
            )
