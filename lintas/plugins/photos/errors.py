"""The one exception the rendition engine raises about a photo."""

from __future__ import annotations

from lintas.core.messages import Text, render


class PhotoError(Exception):
    """A photo the engine refuses, worded for the editor who supplied it.

    ``message`` says what is wrong, ``hint`` what to do; the plugin glue turns
    them into a ``lintas.core.problems.Problem`` with the article's file and line.
    They are messages (``lintas.core.messages``), translated when shown.
    Both travel through ``args`` so the error pickles across the process pool.
    """

    def __init__(self, message: Text | str, hint: Text | str = "") -> None:
        super().__init__(message, hint)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        message = render(self.message)
        return f"{message} — {render(self.hint)}" if self.hint else message
