"""The one error shape: every data problem is an Issue with a code, a file and a line.

Input: issues yielded by the load, validate and verdict stages.
Output: a Report that sorts them and prints them compiler-style:
    claims/efficacy.yaml:12: error [unknown-reference] claim 'x' cites 'y', which ...
Issue codes: defined by the stages that emit them; each stage's docstring lists its own.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    """How bad an issue is: errors stop the build, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in the data, at a file and line (line 0 means the whole file)."""

    file: Path
    line: int
    code: str
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def format(self, root: Path | None = None) -> str:
        """Return the compiler-style line, with the path relative to root when possible."""
        shown = self.file
        if root is not None:
            try:
                shown = self.file.resolve().relative_to(root.resolve())
            except ValueError:
                shown = self.file
        return f"{shown}:{self.line}: {self.severity.value} [{self.code}] {self.message}"


@dataclass
class Report:
    """All issues of one run, sorted by file and line."""

    issues: list[Issue] = field(default_factory=list)

    def extend(self, issues: Iterable[Issue]) -> None:
        """Add issues from one check."""
        self.issues.extend(issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(sorted(set(self.issues)))

    def __len__(self) -> int:
        return len(set(self.issues))

    @property
    def errors(self) -> list[Issue]:
        """The issues of severity error, sorted."""
        return [i for i in self if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        """The issues of severity warning, sorted."""
        return [i for i in self if i.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        """True when the run must stop: any error, or any warning under strict."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def summary(self) -> str:
        """One line counting errors and warnings."""
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"
