"""PyYAML's complaints about indentation and quoting, said in plain words."""

from __future__ import annotations

import yaml


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def explain(exc: yaml.MarkedYAMLError, lines: list[str], line: int) -> str:
    """PyYAML's complaint about indentation or quoting, in plain words."""
    problem = exc.problem or exc.context or "invalid YAML"
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    above = next(
        (
            (n, lines[n - 1])
            for n in range(line - 1, 0, -1)
            if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")
        ),
        None,
    )
    if problem == "mapping values are not allowed here":
        if above and _indent(here) > _indent(above[1]) and not above[1].rstrip().endswith(":"):
            return (
                f"line {line}: this line is indented more than the key above it (line "
                f"{above[0]}) expects; give it the same indentation as that key"
            )
        return (
            f"line {line}: a text holds ': ' (a colon and a space); put the text in quotes, "
            f'like "Mål: fler i arbete"'
        )
    if problem.startswith("expected <block end>") and exc.context_mark is not None:
        start = exc.context_mark.line + 1
        return (
            f"line {line}: this line's indentation does not fit the block it is in "
            f"(from line {start}): the lines of one list or mapping start in the same "
            f"column, and '- ' lines and 'key:' lines cannot be mixed at one level"
        )
    if problem.startswith("expected ',' or '}'") or problem.startswith("expected ',' or ']'"):
        return (
            f"line {line}: inside {{ }} or [ ] a text with ',', ':', '?', '[' or '{{' "
            f"must be in quotes ({problem})"
        )
    if problem.startswith("could not find expected ':'"):
        return (
            f"line {line}: a key lacks its ':' or a text goes on over several lines without "
            f"being indented under its key"
        )
    return problem
