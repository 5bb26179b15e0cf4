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


# A caption "ends" on a full stop, question or exclamation mark or ellipsis,
# possibly inside closing quotes or brackets: ``… kata "Ayo."`` or ``(2016).``
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]»]*$")


def caption_with_credit(caption: str, credit: str) -> str:
    """``caption`` and its (labelled) ``credit`` as one line of plain text.

    Pages set the credit apart with style; plain text needs punctuation, or
    ``Warga antre di pasar Foto: Humas`` reads as one sentence. A caption that
    does not end a sentence gets a full stop before the credit.
    """
    caption, credit = one_line(caption), one_line(credit)
    if not caption or not credit:
        return caption or credit
    if not _ENDS_SENTENCE.search(caption):
        caption += "."
    return f"{caption} {credit}"
