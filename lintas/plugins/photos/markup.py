"""The HTML of photos: ``<picture>``, figures and galleries, from planned renditions.

Pure string building over data we hold (no HTML parsing). Every value that came
from an editor is escaped here; the callers mark the result safe.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .plan import Rendition
from .publish import media_url

FALLBACK_FORMATS = ("jpeg", "png")  # what <img> itself carries (png: photos with alpha)


@dataclass(frozen=True)
class PlannedPhoto:
    """A photo's srcset renditions, decided before any pixel is rendered."""

    renditions: tuple[Rendition, ...]  # plan order: formats in config order, widths ascending
    fallback_width: int  # the preferred width of <img src> (PHOTOS_FALLBACK_WIDTH)

    def of_format(self, fmt: str) -> list[Rendition]:
        return [r for r in self.renditions if r.format == fmt]

    @property
    def fallback_format(self) -> str:
        return next(r.format for r in self.renditions if r.format in FALLBACK_FORMATS)

    @property
    def source_formats(self) -> list[str]:
        """Formats for <source> elements, most capable first (config order)."""
        return list(
            dict.fromkeys(r.format for r in self.renditions if r.format not in FALLBACK_FORMATS)
        )

    @property
    def fallback(self) -> Rendition:
        """The <img src>: the widest fallback rendition not wider than the preferred
        width; the narrowest one when all are wider."""
        files = self.of_format(self.fallback_format)
        fitting = [r for r in files if r.width <= self.fallback_width]
        return fitting[-1] if fitting else files[0]

    @property
    def largest(self) -> Rendition:
        return self.of_format(self.fallback_format)[-1]


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def srcset(renditions: Sequence[Rendition], url_prefix: str) -> str:
    return ", ".join(f"{media_url(r, url_prefix)} {r.width}w" for r in renditions)


def picture(
    photo: PlannedPhoto, alt: str, sizes: str, url_prefix: str, *, lead: bool = False
) -> str:
    """``<picture>`` with one ``<source>`` per modern format and the fallback ``<img>``.

    ``lead``: the first photo a reader sees (LCP): fetched early, never lazy.
    """
    parts = ["<picture>"]
    for fmt in photo.source_formats:
        files = photo.of_format(fmt)
        parts.append(
            f'<source type="{files[0].mime_type}" srcset="{_attr(srcset(files, url_prefix))}"'
            f' sizes="{_attr(sizes)}">'
        )
    fallback = photo.fallback
    loading = ' fetchpriority="high"' if lead else ' loading="lazy" decoding="async"'
    parts.append(
        f'<img src="{_attr(media_url(fallback, url_prefix))}"'
        f' srcset="{_attr(srcset(photo.of_format(photo.fallback_format), url_prefix))}"'
        f' sizes="{_attr(sizes)}" width="{fallback.width}" height="{fallback.height}"'
        f' alt="{_attr(alt)}"{loading}>'
    )
    parts.append("</picture>")
    return "".join(parts)


def figcaption(caption: str, credit: str, credit_label: Callable[[str], str]) -> str:
    """Caption and credit as the theme prints them (``<span class="credit">``)."""
    bits = []
    if caption:
        bits.append(html.escape(caption, quote=False))
    if credit:
        bits.append(f'<span class="credit">{html.escape(credit_label(credit), quote=False)}</span>')
    return f"<figcaption>{' '.join(bits)}</figcaption>" if bits else ""


def figure(picture_html: str, caption_html: str) -> str:
    return f'<figure class="photo">{picture_html}{caption_html}</figure>'


def gallery_item(picture_html: str, caption_html: str, largest_url: str) -> str:
    """Without JavaScript the photo is a plain link to its largest rendition."""
    return (
        f'<figure class="gallery__item"><a class="gallery__link" href="{_attr(largest_url)}">'
        f"{picture_html}</a>{caption_html}</figure>"
    )


def gallery(items: Sequence[str]) -> str:
    return f'<figure class="gallery">\n{chr(10).join(items)}\n</figure>'
