"""Validation problems, reported the one way editors see everywhere:

content/articles/x/index.md:3: what is wrong — what to do

A problem keeps its message untranslated (``lintas.core.messages.Text``): it is
rendered where it is shown, in the build's ``MESSAGES_LANGUAGE`` (``str()``) or
in any language (``render("en")``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

from .messages import Text, msg, msgn, render

# An error keeps the file out of a preview build and stops a publish build; a
# warning is only reported: the story still goes out (e.g. a headline longer
# than search engines show).
Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"
WARNING_LABEL = msg("warning: ")


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project root when possible
    line: int  # 1-based; 0 when the problem has no line (e.g. a missing file)
    message: Text | str  # what is wrong
    hint: Text | str = ""  # what to do
    severity: Severity = ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def render(self, language: str | None = None) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        hint = render(self.hint, language) if self.hint else ""
        tail = f" — {hint}" if hint else ""
        label = render(WARNING_LABEL, language) if self.is_warning else ""
        return f"{where}: {label}{render(self.message, language)}{tail}"

    def __str__(self) -> str:
        return self.render()

    @property
    def sort_key(self) -> tuple[str, int, str]:
        text = self.message.msgid if isinstance(self.message, Text) else self.message
        return (self.path, self.line, text)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key < other.sort_key


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

    def report(self, line: int, message: Text | str, hint: Text | str = "") -> None:
        self.problems.append(Problem(self.display_path, line, message, hint))


class ContentError(Exception):
    """Raised to stop a strict (publish) build; the message lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        # Rendered when shown (the build's language), one line per problem.
        lines = [str(p) for p in self.problems]
        heading = msgn(
            "%(count)d content problem; nothing was published:",
            "%(count)d content problems; nothing was published:",
            len(lines),
        )
        return "\n".join([str(heading), *lines])


class ProblemLog:
    """The problems of one build that keep stories out of it (or, in a strict
    build, refuse it): found by the newsroom while reading, and by any plugin
    after reading (photos checks the photo files on every build). The newsroom
    opens a new log on ``initialized``; plugins report into the current one."""

    def __init__(self) -> None:
        self.blocking: list[Problem] = []
        # Every file with a problem, blocking or not (a draft's too), for the
        # preview's desk page: path -> (title, problems).
        self.held_back: dict[str, tuple[str, list[Problem]]] = {}

    def note(self, path: str, title: str, problems: list[Problem]) -> None:
        """Remember a file left out of this build and why (logged by the caller)."""
        if problems:
            known_title, known = self.held_back.get(path, ("", []))
            self.held_back[path] = (title or known_title, [*known, *problems])

    def report(self, problems: list[Problem]) -> None:
        """Log each problem as the reader's are logged, and count it as blocking.
        The caller leaves the file out of a preview build itself; never called
        for drafts."""
        for problem in problems:
            _logger.warning("%s", problem)
            self.note(problem.path, "", [problem])
        self.blocking.extend(errors(problems))  # a warning never holds a story back


_logger = logging.getLogger("lintas.problems")
_current = ProblemLog()


def open_log() -> ProblemLog:
    """A fresh log for a new build (the newsroom calls it on ``initialized``)."""
    global _current
    _current = ProblemLog()
    return _current


def current_log() -> ProblemLog:
    """The log of the build under way (the preview's desk page reads it)."""
    return _current


def report_problems(problems: list[Problem]) -> None:
    """Report blocking problems into the current build's log."""
    _current.report(problems)
