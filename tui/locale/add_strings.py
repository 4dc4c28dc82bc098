"""Add texts written for the old `STRINGS` dict to the `.po` catalogues.

Branches started before the catalogues add keys to `STRINGS` in tui/i18n.py.
When such a branch is merged, keep the new tui/i18n.py and run

    python -m tui.locale.add_strings <branch>:tui/i18n.py

(or a file path). Only what the branch changed counts: for `<branch>:path`
the STRINGS of the merge base with HEAD are subtracted (keys that existed
there were moved into the catalogues or removed on purpose). Each new key is
appended to both `granska.po` files; keys the branch changed are listed, not
changed, so a deliberate edit on either side is not lost silently.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tui.i18n import LANGUAGES, LOCALE_DIR
from tui.po import read_po


def strings_of(source: str) -> dict[str, dict[str, str]]:
    """The STRINGS literal of a Python module's text."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "STRINGS":
            return ast.literal_eval(value)
    raise SystemExit("no STRINGS = {...} in that file")


def quote(text: str) -> str:
    """A .po string (split after each newline, as gettext tools write them)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    parts = escaped.split("\n")
    if len(parts) == 1:
        return f'"{escaped}"'
    lines = [p + "\\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(f'"{line}"' for line in lines)


def add(
    strings: dict[str, dict[str, str]],
    base: dict[str, dict[str, str]] | None = None,
    locale_dir: Path = LOCALE_DIR,
) -> tuple[list[str], list[str]]:
    """Append keys new since `base` to both catalogues; return (added, changed)."""
    base = base or {}
    paths = {lang: locale_dir / lang / "LC_MESSAGES" / "granska.po" for lang in LANGUAGES}
    known = {lang: {m.msgid: m.msgstr for m in read_po(p)} for lang, p in paths.items()}
    added: list[str] = []
    differing: list[str] = []
    for key in strings.get("sv", {}):
        if key in base.get("sv", {}):
            if any(strings.get(lang, {}).get(key) != base[lang].get(key) for lang in LANGUAGES):
                differing.append(key)
        elif key not in known["sv"]:
            added.append(key)
    for lang, path in paths.items():
        entries = [
            f"\nmsgid {quote(key)}\nmsgstr {quote(strings.get(lang, strings['sv'])[key])}\n"
            for key in added
        ]
        if entries:
            with path.open("a", encoding="utf-8") as f:
                f.write("".join(entries))
    return added, differing


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    where = argv[0]
    base = None
    if ":" in where and not Path(where).exists():
        source = _git("show", where)
        rev, path = where.split(":", 1)
        merge_base = _git("merge-base", "HEAD", rev).strip()
        try:
            base = strings_of(_git("show", f"{merge_base}:{path}"))
        except (subprocess.CalledProcessError, SystemExit):
            base = None  # the branch started after STRINGS was gone
    else:
        source = Path(where).read_text(encoding="utf-8")
    added, differing = add(strings_of(source), base)
    print(f"added {len(added)} keys: {' '.join(added)}")
    if differing:
        print(f"changed on that branch, check by hand: {' '.join(differing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
