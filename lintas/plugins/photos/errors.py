"""The one exception the rendition engine raises about a photo."""

from __future__ import annotations


class PhotoError(Exception):
    """A photo the engine refuses, worded for the editor who supplied it.

    ``message`` says what is wrong, ``hint`` what to do; the plugin glue turns
    them into a ``newsroom.problems.Problem`` with the article's file and line.
    Both travel through ``args`` so the error pickles across the process pool.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message
