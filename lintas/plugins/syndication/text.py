"""Text that is safe to hand to feedgen, lxml and JSON readers."""

from __future__ import annotations

import re

# Everything XML 1.0 forbids (C0 controls but tab/newline/return, lone
# surrogates, U+FFFE/U+FFFF) plus DEL and the C1 controls, which are legal XML
# but meaningless in news text and flagged by feed validators. feedgen raises
# ValueError on the C0 ones; text pasted from Word carries \x0b.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """``text`` without the characters that break XML feeds."""
    return _UNSAFE.sub("", text or "")


def one_line(text: str | None) -> str:
    """Cleaned text with runs of whitespace (newlines too) folded to one space."""
    return _SPACES.sub(" ", clean(text)).strip()
