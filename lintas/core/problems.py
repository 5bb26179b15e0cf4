"""Validation problems, reported the one way editors see everywhere:

content/articles/x/index.md:3: what is wrong — what to do
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

# An error keeps the file out of a preview build and stops a publish build; a
# warning is only reported: the story still goes out (e.g. a headline longer
# than search engines show).
Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root when possible
    line: int  # 1-based; 0 when the problem has no line (e.g. a missing file)
    message: str  # what is wrong
    hint: str = ""  # what to do
    severity: Severity = ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        tail = f" — {self.hint}" if self.hint else ""
        label = "warning: " if self.is_warning else ""
        return f"{where}: {label}{self.message}{tail}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that hold a file back (warnings never do)."""
    return [p for p in problems if not p.is_warning]


@dataclass
class ArticleContext:
    """What a Markdown extension needs to know about the file it converts.

    The newsroom reader sets ``md.newsroom_context`` to one of these before each
    conversion; extensions append to ``problems`` instead of raising.
    """

    source_path: str  # absolute path of index.md (or a page's .md)
    display_path: str  # the path shown in messages
    header: dict[str, str]  # raw header values, lower-case keys
    header_lines: dict[str, int]  # header key -> line number
    body_first_line: int  # line number of the first body line in the file
    problems: list[Problem] = field(default_factory=list)
    # Filled by extensions for later plugins (e.g. photos found in the body).
    extras: dict[str, object] = field(default_factory=dict)

    def report(self, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.display_path, line, message, hint))


class ContentError(Exception):
    """Raised to stop a strict (publish) build; the message lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = [str(p) for p in self.problems]
        super().__init__(
            f"{len(lines)} content problem(s); nothing was published:\n" + "\n".join(lines)
        )


class ProblemLog:
    """The problems of one build that keep stories out of it (or, in a strict
    build, refuse it): found by the newsroom while reading, and by any plugin
    after reading (photos checks the photo files on every build). The newsroom
    opens a new log on ``initialized``; plugins report into the current one."""

    def __init__(self) -> None:
        self.blocking: list[Problem] = []

    def report(self, problems: list[Problem]) -> None:
        """Log each problem as the reader's are logged, and count it as blocking.
        The caller leaves the file out of a preview build itself; never called
        for drafts."""
        for problem in problems:
            _logger.warning("%s", problem)
        self.blocking.extend(errors(problems))  # a warning never holds a story back


_logger = logging.getLogger("lintas.problems")
_current = ProblemLog()


def open_log() -> ProblemLog:
    """A fresh log for a new build (the newsroom calls it on ``initialized``)."""
    global _current
    _current = ProblemLog()
    return _current


def report_problems(problems: list[Problem]) -> None:
    """Report blocking problems into the current build's log."""
    _current.report(problems)
