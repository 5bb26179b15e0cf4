"""Slugs: the stable part of an article's URL and feed guid."""

from __future__ import annotations

import re

from unidecode import unidecode

MAX_SLUG_LENGTH = 80


def slugify_title(title: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """``"Pemkot Kotamobagu Teken MoU 'Smart City'!"`` → ``pemkot-kotamobagu-teken-mou-smart-city``.

    ASCII only (transliterated), cut on a word boundary; ``"artikel"`` when
    nothing usable is left (a title of only emoji, say).
    """
    ascii_text = unidecode(title).lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]
    return slug or "artikel"
