"""Rewrite `Binding(..., t("key"))` in class bodies to `Binding(..., N_("key"))`.

Code written before the catalogues translated binding descriptions when the
class was defined. Run on the files of a merged branch:

    python -m tui.locale.bindings_to_keys tui/screens/*.py tui/widgets/*.py

Every `t("...")` call inside a class-level assignment (BINDINGS and the like)
becomes `N_("...")`, and `N_` is added to the file's `from tui.i18n import`.
The app translates `N_` keys per widget at run time (tui/textual_i18n.py).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def class_level_t_calls(tree: ast.AST) -> list[ast.Call]:
    """`t(...)` calls inside assignments in class bodies."""
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for stmt in node.body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign):
                for call in ast.walk(stmt):
                    if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "t":
                        calls.append(call)
    return calls


def rewrite(source: str) -> str:
    """The source with class-level t() calls turned into N_() and N_ imported."""
    tree = ast.parse(source)
    calls = class_level_t_calls(tree)
    if not calls:
        return source
    lines = source.splitlines(keepends=True)
    # Replace from the end so earlier offsets stay valid; `t` is one character.
    for call in sorted(calls, key=lambda c: (c.func.lineno, c.func.col_offset), reverse=True):
        row, col = call.func.lineno - 1, call.func.col_offset
        line = lines[row]
        lines[row] = line[:col] + "N_" + line[col + 1 :]
    out = "".join(lines)
    for node in ast.parse(out).body:
        if isinstance(node, ast.ImportFrom) and node.module == "tui.i18n":
            names = {alias.name for alias in node.names}
            if "N_" not in names:
                old = ast.get_source_segment(out, node) or ""
                new = "from tui.i18n import " + ", ".join(["N_", *sorted(names)])
                out = out.replace(old, new, 1)
            break
    else:
        out = out.replace("\n\n", "\n\nfrom tui.i18n import N_\n", 1)
    return out


def main(argv: list[str]) -> int:
    for name in argv:
        path = Path(name)
        source = path.read_text(encoding="utf-8")
        new = rewrite(source)
        if new != source:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
