"""Problems found in records, reported the way compilers do: ``file:line:column: message``.

Every stage appends to one list instead of raising, so a contributor sees every
problem of every file in one run (the habit of check-jsonschema and compilers).
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

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ProblemList(list):
    """A list of :class:`Problem` with a helper to add one."""

    def add(self, file: str, line: int, column: int, message: str, hint: str = "") -> None:
        self.append(Problem(file, max(line, 1), max(column, 1), message, hint))

    def sorted(self) -> list[Problem]:
        return sorted(set(self), key=lambda p: (p.file, p.line, p.column, p.message))
