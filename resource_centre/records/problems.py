"""Problems found in records, reported the way compilers do: ``file:line:column: message``.

Every stage appends to one list instead of raising, so a contributor sees every
problem of every file in one run (the habit of check-jsonschema and compilers).

Warnings (text that works but could be better, such as Khmer not in canonical form) are kept
apart, in ``ProblemList.warnings``: the list itself holds only errors, so everything that counts
problems (exit codes, strict builds, a record left out of the site) is unchanged by a warning.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        warning = "warning: " if self.severity == "warning" else ""
        text = f"{self.file}:{self.line}:{self.column}: {warning}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ProblemList(list):
    """A list of :class:`Problem` (errors) with a helper to add one, and the warnings beside it."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.warnings: list[Problem] = []

    def warn(self, file: str, line: int, column: int, message: str, hint: str = "") -> None:
        """A warning: reported by ``validate``, never an error (the record stays in the site)."""
        self.warnings.append(Problem(file, max(line, 1), max(column, 1), message, hint, "warning"))

    def sorted_warnings(self) -> list[Problem]:
        return sorted(set(self.warnings), key=lambda p: (p.file, p.line, p.column, p.message))

    def add(self, file: str, line: int, column: int, message: str, hint: str = "") -> None:
        self.append(Problem(file, max(line, 1), max(column, 1), message, hint))

    def sorted(self) -> list[Problem]:
        return sorted(set(self), key=lambda p: (p.file, p.line, p.column, p.message))
