"""Jinja filters of the reader theme: presentation only, no article rules."""

from __future__ import annotations

import re
import zlib

from markupsafe import Markup

# The first paragraph of a story body as Python-Markdown writes it.
_FIRST_PARAGRAPH = re.compile(r"<p>")
AVATAR_TONES = 6  # lintas/theme/static/css: .avatar--0 … .avatar--5


def with_dateline(content: str, place: str | None, source: str) -> Markup:
    """Put the dateline inside the first paragraph, as the portal prints it:

    ``<p><strong>Kotamobagu, Lintas Totabuan</strong> – Upaya …``

    ``content`` is the body HTML our Markdown pipeline produced; only its first
    ``<p>`` is located, nothing else is parsed. A body that opens with a photo
    still gets the dateline in its first paragraph of text.
    """
    body = Markup(content or "")
    if not place:
        return body
    label = Markup('<strong class="dateline">{}, {}</strong> – ').format(place, source)
    match = _FIRST_PARAGRAPH.search(body)
    if match is None:
        return Markup("<p>{}</p>").format(label) + body
    return Markup(body[: match.end()]) + label + Markup(body[match.end() :])


def initials(name: str) -> str:
    """``"Rahmat Mokodompit"`` → ``"RM"``: the text of an author's avatar."""
    words = [w for w in re.split(r"\s+", str(name).strip()) if w and w[0].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def avatar_tone(name: str) -> int:
    """A stable colour slot for an author's avatar (same name, same colour)."""
    return zlib.crc32(str(name).encode("utf-8")) % AVATAR_TONES


def srcset_upto(srcset: str, needed: int) -> str:
    """The candidates of a ``w``-descriptor srcset up to the first that is at least
    ``needed`` pixels wide: a thumbnail never needs the 1600w rendition, and
    every candidate left out is ~100 bytes less HTML per card."""
    kept = []
    for candidate in (c.strip() for c in srcset.split(",") if c.strip()):
        kept.append(candidate)
        descriptor = candidate.split()[-1]
        if (
            descriptor.endswith("w")
            and descriptor[:-1].isdigit()
            and int(descriptor[:-1]) >= needed
        ):
            break
    return ", ".join(kept)


def rendition_for(photo, needed: int) -> str:
    """URL of the smallest rendition of a lead photo at least ``needed`` pixels
    wide (the widest there is when none is), WebP first: a search result's
    thumbnail. Empty when the story has no photo."""
    if not photo:
        return ""
    srcsets = [srcset for mime, srcset in photo.sources if mime == "image/webp"]
    srcset = srcsets[0] if srcsets else photo.srcset
    kept = srcset_upto(srcset, needed) if srcset else ""
    return kept.rsplit(",", 1)[-1].split()[0] if kept else photo.src


FILTERS = {
    "rendition_for": rendition_for,
    "srcset_upto": srcset_upto,
    "with_dateline": with_dateline,
    "initials": initials,
    "avatar_tone": avatar_tone,
}
