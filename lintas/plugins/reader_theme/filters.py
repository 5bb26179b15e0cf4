"""Jinja filters of the reader theme: presentation only, no article rules."""

from __future__ import annotations

import math
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


_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(rem|em|vw|px)")


def _scaled_length(length: str, scale: float) -> str:
    """A CSS length of ``sizes`` times ``scale``: ``7.5rem`` × 1.2 → ``9rem``."""
    if scale == 1:
        return length
    plain = _LENGTH.fullmatch(length)
    if plain:
        hundredths = math.ceil(round(float(plain.group(1)) * scale * 100, 6))  # never narrower
        return f"{hundredths / 100:g}{plain.group(2)}"
    inner = length[len("calc(") : -1] if length.startswith("calc(") else length
    return f"calc(({inner}) * {scale:.4g})"


def cover_sizes(slots: list[tuple[str, str, float]], photo, needed: int) -> tuple[str, int]:
    """``sizes`` of a photo drawn with ``object-fit: cover``, and the widest
    rendition worth listing (``needed`` pixels, likewise scaled).

    ``slots`` are the layout's (media condition, box width, box aspect ratio), as
    lintas.css sizes the box. A photo wider than its box (a 16:10 photo in a 4:3
    thumbnail) is drawn wider than the box, its sides cut off: the browser must
    pick its rendition for that drawn width, or 3x phones get a blurred one.
    """
    aspect = photo.width / photo.height if photo and photo.height else 0
    parts, widest = [], 1.0
    for media, length, box_aspect in slots:
        scale = round(max(1.0, aspect / box_aspect), 3)
        widest = max(widest, scale)
        parts.append(f"{media} {_scaled_length(length, scale)}".strip())
    return ", ".join(parts), round(needed * widest)


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
    "cover_sizes": cover_sizes,
    "rendition_for": rendition_for,
    "srcset_upto": srcset_upto,
    "with_dateline": with_dateline,
    "initials": initials,
    "avatar_tone": avatar_tone,
}
