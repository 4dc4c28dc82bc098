"""The errors of the report layer: each message says what and where, in one line."""

from __future__ import annotations


class ExportError(Exception):
    """The report could not be written; the message says why and where."""


class TemplateProblem(ExportError):
    """A Word template whose placeholders cannot be filled; one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class NotFinal(ExportError):
    """A final report was asked for, but parts of the audit are unfinished."""

    def __init__(self, blockers: list[str]):
        self.blockers = blockers
        super().__init__("the report is not final: " + "; ".join(blockers))
