"""Keys a user can remap: the binding ids, the settings files, and their checks.

Every binding declared in tui/ has a stable id, `<screen>.<name>`
(`audit.add_observation`, `home.new_audit`); `app.*` bindings work on every
screen. A user remaps them in a TOML file, as Posting's `keymap:` does:

    "audit.add_observation" = "n"          # one key
    "audit.assess" = "b,ctrl+b"            # or alternatives, comma-separated

Two files are read, both optional:

- `[keys]` in the workspace's `granska.toml` (beside `[report]`): keys a team
  agrees on for a shared workspace;
- `keys.toml` in the user's config folder (`granska keys` prints where): the
  person's own keyboard. **The user file wins** for a binding both name, because
  keys belong to the hands and the keyboard layout, not to the audits.

The result is applied with Textual's keymap API (`App.set_keymap`), so the
footer, the key panel and the help screen show the remapped keys. A file with
problems never stops the app: each problem (unknown id, with a "did you mean";
a key name Textual does not know; two actions on one key in the same screen)
is reported with its file and line, the line is not used, and the rest of the
file and the defaults apply.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import pkgutil
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import platformdirs
from textual.app import App
from textual.binding import Binding, BindingsMap, Keymap, KeymapApplyResult
from textual.dom import DOMNode
from textual.screen import Screen

from tui.i18n import t, tn, translate
from tui.key_names import key_suggestion, normalise_key, types_nothing

USER_FILE = "keys.toml"
WORKSPACE_FILE = "granska.toml"
GLOBAL_SCOPE = "app"

# The packages whose classes declare Granska's bindings (tui/__main__ starts the app:
# never imported here).
BINDING_PACKAGES = ("tui.screens", "tui.widgets", "tui.dialogs")
BINDING_MODULES = ("tui.app",)


def user_keys_file() -> Path:
    """The user's keys file (`keys.toml` in the user config folder)."""
    return Path(platformdirs.user_config_dir("granska", appauthor=False)) / USER_FILE


# -- the bindings Granska declares ------------------------------------------------


@dataclass(frozen=True)
class BindingInfo:
    """One of Granska's bindings, as declared."""

    id: str
    keys: tuple[str, ...]
    """Its default keys, normalised (Textual's names)."""
    action: str
    description: str
    """The catalogue key of its description (`N_`), or empty."""
    show: bool
    priority: bool
    """Checked before the focused widget: works even while typing in a field."""
    owner: str
    """The class that declares it (module.Class)."""

    @property
    def scope(self) -> str:
        """The screen it works on: the part of the id before the dot (`app`: all)."""
        return self.id.partition(".")[0]


def declaring_classes() -> Iterator[type[DOMNode]]:
    """Every app, screen, widget and dialog class in tui/ that declares BINDINGS."""
    names = list(BINDING_MODULES)
    for package_name in BINDING_PACKAGES:
        package = importlib.import_module(package_name)
        names += [m.name for m in pkgutil.iter_modules(package.__path__, package_name + ".")]
    for name in names:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, DOMNode) and "BINDINGS" in cls.__dict__:
                yield cls


def declared_bindings() -> Iterator[tuple[type[DOMNode], Binding | tuple[str, ...]]]:
    """(class, binding) for every binding declared in tui/, in declaration order."""
    for cls in declaring_classes():
        for binding in cls.__dict__["BINDINGS"]:
            yield cls, binding


@cache
def binding_table() -> dict[str, BindingInfo]:
    """Granska's bindings by id (bindings without an id are not remappable)."""
    table: dict[str, BindingInfo] = {}
    for cls, binding in declared_bindings():
        if not isinstance(binding, Binding) or binding.id is None:
            continue
        table[binding.id] = BindingInfo(
            id=binding.id,
            keys=tuple(normalise_key(k) or k for k in binding.key.split(",")),
            action=binding.action,
            description=binding.description,
            show=binding.show,
            priority=binding.priority,
            owner=f"{cls.__module__}.{cls.__qualname__}",
        )
    return table


@cache
def _reserved_keys() -> dict[str, str]:
    """Keys Textual itself binds on every screen, with what they do (English)."""
    ours = {k for info in binding_table().values() for k in info.keys}
    reserved: dict[str, str] = {}
    for binding in (*Screen.BINDINGS, *App.BINDINGS):
        if isinstance(binding, Binding):
            for key in binding.key.split(","):
                if key not in ours:
                    reserved[key] = binding.description or binding.action
    reserved[App.COMMAND_PALETTE_BINDING] = "command palette"
    return reserved


# -- problems ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyProblem:
    """A problem in a keys file: where, a code, and the values to say it with."""

    path: Path
    line: int
    code: str
    """unreadable, toml, not_table, unknown_id, bad_value, bad_key, typing_key or clash."""
    params: Mapping[str, str] = field(default_factory=dict)

    def detail(self) -> str:
        """What is wrong, in English (the CLI's language; the app translates the code)."""
        p = self.params
        if self.code == "unreadable":
            return f"cannot read ({p['reason']})"
        if self.code == "toml":
            return f"not valid TOML: {p['reason']}"
        if self.code == "not_table":
            return '[keys] must be a table of "binding.id" = "key" lines'
        if self.code == "unknown_id":
            hint = f" (did you mean '{p['suggestion']}'?)" if p.get("suggestion") else ""
            return f"unknown binding id '{p['id']}'{hint}; see: granska keys"
        if self.code == "bad_value":
            return f'\'{p["id"]}\': give the keys as text in quotes, e.g. "n" or "n,ctrl+n"'
        if self.code == "bad_key":
            hint = f" (did you mean '{p['suggestion']}'?)" if p.get("suggestion") else ""
            return f"'{p['id']}': '{p['key']}' is not a key name{hint}"
        if self.code == "typing_key":
            return (
                f"'{p['id']}' works even while you type in a field, so '{p['key']}' would "
                "never reach the text: give it ctrl+, alt+ or an F key"
            )
        if self.code == "clash":
            return (
                f"'{p['id']}': '{p['key']}' is already the key of '{p['other']}' "
                "on the same screen; this line is not used"
            )
        return self.code

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.detail()}"


@dataclass
class KeymapResult:
    """The keymap to apply and what was wrong on the way."""

    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, for `App.set_keymap`."""
    problems: list[KeyProblem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    """The files that were read (existing ones)."""
    sources: dict[str, Path] = field(default_factory=dict)
    """Binding id -> the file whose line set it."""

    def current_keys(self) -> dict[str, tuple[str, ...]]:
        """Every binding id and the keys it has now (remapped or default)."""
        return {
            bid: tuple(self.keymap[bid].split(",")) if bid in self.keymap else info.keys
            for bid, info in binding_table().items()
        }


def _line_of(text: str, binding_id: str, section: bool) -> int:
    """The line of `binding_id` in a TOML text (tomllib gives no lines): scan for it."""
    lines = text.splitlines()
    start = 0
    if section:
        for i, line in enumerate(lines):
            if re.match(r"\s*\[\s*keys\s*[\].]", line):
                start = i
                break
    full = re.compile(r"""\s*(["']?)""" + re.escape(binding_id) + r"""\1\s*=""")
    last = re.compile(r"""\s*(["']?)""" + re.escape(binding_id.rpartition(".")[2]) + r"""\1\s*=""")
    for pattern in (full, last):
        for i in range(start, len(lines)):
            if pattern.match(lines[i]):
                return i + 1
    return start + 1


def _flatten(table: Mapping[str, object], prefix: str = "") -> Iterator[tuple[str, object]]:
    # `audit.add_observation = "n"` without quotes is a dotted key in TOML, read as
    # {"audit": {"add_observation": "n"}}: both spellings name the same binding.
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, name + ".")
        else:
            yield name, value


@dataclass(frozen=True)
class _Entry:
    id: str
    keys: tuple[str, ...]
    path: Path
    line: int
    rank: int = 0
    """0 for the workspace's file, 1 for the user's (which wins)."""


def _read(path: Path, section: bool, problems: list[KeyProblem]) -> list[_Entry] | None:
    """The entries of one file (None if it does not exist)."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(KeyProblem(path, 1, "unreadable", {"reason": str(exc)}))
        return []
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else 1
        problems.append(KeyProblem(path, line, "toml", {"reason": str(exc)}))
        return []
    table: object = data.get("keys", {}) if section or "keys" in data else data
    if not isinstance(table, dict):
        problems.append(KeyProblem(path, _line_of(text, "keys", False), "not_table"))
        return []
    known = binding_table()
    entries = []
    for binding_id, value in _flatten(table):
        line = _line_of(text, binding_id, section)
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, list(known), n=1, cutoff=0.6)
            params = {"id": binding_id, "suggestion": close[0] if close else ""}
            problems.append(KeyProblem(path, line, "unknown_id", params))
            continue
        raw = value.split(",") if isinstance(value, str) else value
        if not isinstance(raw, list) or not raw or not all(isinstance(k, str) for k in raw):
            problems.append(KeyProblem(path, line, "bad_value", {"id": binding_id}))
            continue
        keys: list[str] = []
        for written in raw:
            key = normalise_key(written)
            if key is None:
                params = {"id": binding_id, "key": written.strip(), "suggestion": ""}
                params["suggestion"] = key_suggestion(written)
                problems.append(KeyProblem(path, line, "bad_key", params))
                break
            if known[binding_id].priority and not (
                types_nothing(key) or key in known[binding_id].keys
            ):
                params = {"id": binding_id, "key": key}
                problems.append(KeyProblem(path, line, "typing_key", params))
                break
            if key not in keys:
                keys.append(key)
        else:
            entries.append(_Entry(binding_id, tuple(keys), path, line, 0 if section else 1))
    return entries


def _clashes(entries: dict[str, _Entry], problems: list[KeyProblem]) -> dict[str, _Entry]:
    """The entries that put no two actions on one key of a screen; the others reported.

    Only keys a file moves a binding to count: the defaults may share a key where
    Textual picks the focused widget's (Esc closes the note editor, else leaves).
    """
    table = binding_table()
    accepted = dict(entries)
    while True:
        current = {
            bid: accepted[bid].keys if bid in accepted else i.keys for bid, i in table.items()
        }
        victims: dict[str, tuple[str, str]] = {}
        for scope in sorted({i.scope for i in table.values()} - {GLOBAL_SCOPE} or {GLOBAL_SCOPE}):
            on_key: dict[str, list[str]] = {}
            for bid, keys in current.items():
                if table[bid].scope in (scope, GLOBAL_SCOPE):
                    for key in keys:
                        on_key.setdefault(key, []).append(bid)
            for key, ids in on_key.items():
                moved = [b for b in ids if b in accepted and key not in table[b].keys]
                reserved = _reserved_keys().get(key)
                if not moved or (len(ids) < 2 and reserved is None):
                    continue
                # The workspace's line gives way to the user's; in one file, the later line.
                victim = max(moved, key=lambda b: (-accepted[b].rank, accepted[b].line))
                others = [b for b in ids if b != victim]
                victims.setdefault(victim, (key, others[0] if others else f"Textual: {reserved}"))
        if not victims:
            return accepted
        for bid, (key, other) in victims.items():
            entry = accepted.pop(bid)
            params = {"id": bid, "key": key, "other": other}
            problems.append(KeyProblem(entry.path, entry.line, "clash", params))


def load_keymap(workspace: Path | None, user_file: Path | None = None) -> KeymapResult:
    """The keymap of the workspace's `[keys]` and the user's `keys.toml` (user wins).

    Never raises for a bad file: its problems are in `problems`, its bad lines unused.
    """
    result = KeymapResult()
    entries: dict[str, _Entry] = {}
    sources = []
    if workspace is not None:
        sources.append((Path(workspace) / WORKSPACE_FILE, True))
    sources.append((user_file or user_keys_file(), False))
    for path, section in sources:
        if not path.is_file():
            continue
        if section and "keys" not in path.read_text(encoding="utf-8", errors="replace"):
            continue  # a granska.toml with only [report]: nothing to check
        read = _read(path, section, result.problems)
        if read is None:
            continue
        result.files.append(path)
        for entry in read:
            entries[entry.id] = entry  # the user's file is read last: it wins
    for bid, entry in (_clashes(entries, result.problems) if entries else {}).items():
        result.keymap[bid] = ",".join(entry.keys)
        result.sources[bid] = entry.path
    # In the order of the files and their lines, as an editor shows them.
    rank = {path: i for i, (path, _) in enumerate(sources)}
    result.problems.sort(key=lambda p: (rank.get(p.path, 0), p.line))
    return result


def has_keys_files(workspace: Path | None) -> bool:
    """Whether there is anything to read (so the app imports every screen only then)."""
    if user_keys_file().is_file():
        return True
    return workspace is not None and (Path(workspace) / WORKSPACE_FILE).is_file()


class KeymapInOrder(BindingsMap):
    """Textual's bindings map, but a remapped binding stays where it was declared.

    Textual's `apply_keymap` moves every remapped binding to the end of the map,
    so the footer listed it last and at 80 columns cut it off ("a New observation"
    remapped to "n" was no longer shown). This map puts the new keys where the old
    ones were; what is bound to what is Textual's doing, unchanged.
    """

    def copy(self) -> KeymapInOrder:
        """A copy of the same kind (Textual copies the map before applying the keymap)."""
        copy = KeymapInOrder()
        copy.key_to_bindings = self.key_to_bindings.copy()
        return copy

    def apply_keymap(self, keymap: Keymap) -> KeymapApplyResult:
        """Textual's `apply_keymap`, then the keys back in their declared order."""
        before = list(self.key_to_bindings.items())
        result = super().apply_keymap(keymap)
        after = self.key_to_bindings
        ordered: dict[str, list[Binding]] = {}
        for key, bindings in before:
            moved = {b.id for b in bindings if b.id is not None and b.id in keymap}
            if moved:
                for new_key, new_bindings in after.items():
                    if any(b.id in moved for b in new_bindings):
                        ordered.setdefault(new_key, new_bindings)
            elif key in after:
                ordered.setdefault(key, after[key])
        for key, bindings in after.items():
            ordered.setdefault(key, bindings)
        self.key_to_bindings = ordered
        return result


def keep_key_order(node: DOMNode) -> None:
    """Give a node the bindings map that keeps remapped keys in place (the app calls
    this for every node as it registers it, beside `translate_node`)."""
    if type(node._bindings) is BindingsMap:
        ordered = KeymapInOrder()
        ordered.key_to_bindings = node._bindings.key_to_bindings
        node._bindings = ordered


def bindings_with_keymap(node: DOMNode) -> BindingsMap:
    """A node's bindings with the app's keymap applied, as Textual applies it when a
    key is pressed (`Screen._binding_chain`): for views that list keys themselves."""
    bindings = node._bindings.copy()
    keymap = node.app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


def describe_problem(problem: KeyProblem) -> str:
    """One problem in the interface language, with its file and line."""
    p = problem.params
    if problem.code == "unreadable":
        detail = t("keys_unreadable", reason=p["reason"])
    elif problem.code == "toml":
        detail = t("keys_toml", reason=p["reason"])
    elif problem.code == "not_table":
        detail = t("keys_not_table")
    elif problem.code == "unknown_id" and p.get("suggestion"):
        detail = t("keys_unknown_id_suggest", id=p["id"], suggestion=p["suggestion"])
    elif problem.code == "unknown_id":
        detail = t("keys_unknown_id", id=p["id"])
    elif problem.code == "bad_value":
        detail = t("keys_bad_value", id=p["id"])
    elif problem.code == "bad_key" and p.get("suggestion"):
        detail = t("keys_bad_key_suggest", id=p["id"], key=p["key"], suggestion=p["suggestion"])
    elif problem.code == "bad_key":
        detail = t("keys_bad_key", id=p["id"], key=p["key"])
    elif problem.code == "typing_key":
        detail = t("keys_typing_key", id=p["id"], key=p["key"])
    elif problem.code == "clash":
        other = p["other"]
        if other == "Textual: command palette":
            other = f"Textual: {t('command_palette')}"
        elif other.startswith("Textual: "):  # Textual's own texts have Swedish too
            other = f"Textual: {translate(other.removeprefix('Textual: '))}"
        detail = t("keys_clash", id=p["id"], key=p["key"], other=other)
    else:
        detail = problem.detail()
    return t("keys_problem_at", file=str(problem.path), line=problem.line, detail=detail)


def describe_problems(problems: list[KeyProblem], limit: int = 5) -> str:
    """The problems of the keys files for one notification: the first few, then a count."""
    lines = [describe_problem(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(tn("keys_more_problems", len(problems) - limit))
    lines.append(t("keys_defaults_apply"))
    return "\n".join(lines)
