"""One feed item per article, computed once and shared by every feed it is in.

Reads the article model only (newsroom metadata, the photos plugin's
``lead_photo``); never the written pages.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .config import SyndicationConfig
from .sanitize import html_to_text, sanitize_html
from .text import caption_with_credit, one_line

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Image:
    url: str  # absolute; the same URL as the <img src> in the body
    width: int
    height: int
    length: int  # bytes of that very file
    mime: str
    alt: str
    caption: str
    credit: str


@dataclass(frozen=True)
class Person:
    name: str
    url: str


@dataclass(frozen=True)
class FeedItem:
    url: str  # the permalink; also the guid / Atom id / JSON Feed id, for ever
    title: str  # plain text, advertorials labelled
    summary: str  # plain text
    content_html: str  # sanitised, absolute URLs; "" when over the per-item limit
    published: datetime  # in the site timezone
    updated: datetime
    authors: tuple[Person, ...]
    categories: tuple[str, ...]  # category, tags, and the advertorial label
    image: Image | None
    is_advertorial: bool
    sponsor: str

    @property
    def sort_key(self) -> tuple[datetime, str]:
        return (self.published, self.url)


# The first paragraph of sanitised body HTML (nh3 writes attribute-free <p>
# unless the source had allowed attributes on it).
_FIRST_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>")


def with_dateline(body: str, dateline_html: str) -> str:
    """The dateline at the start of the body's first paragraph, as the page
    prints it: ``<p><strong>Kotamobagu, Lintas Totabuan</strong> – Upaya …``.
    A body without a paragraph gets one of its own in front."""
    label = f"<strong>{dateline_html}</strong> – "
    match = _FIRST_PARAGRAPH.search(body)
    if match is None:
        return f"<p>{label.rstrip()}</p>{body}"
    return body[: match.end()] + label + body[match.end() :]


def newest_first(items) -> list:
    """Newest first; the URL breaks ties so the order never depends on reading order."""
    return sorted(items, key=lambda item: item.sort_key, reverse=True)


def _unique(names) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = name.casefold()
        if name and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


class ItemBuilder:
    """Turns Pelican articles into :class:`FeedItem` objects.

    ``gettext`` is the theme catalog's (reader-facing text in the UI language);
    ``when`` formats a correction's time the way pages do (newsroom filters).
    """

    def __init__(
        self,
        config: SyndicationConfig,
        gettext: Callable[[str], str],
        when: Callable[[datetime], str],
        output_path: str | os.PathLike | None = None,
    ):
        self.config = config
        self._ = gettext
        self.when = when
        self.output_path = Path(output_path) if output_path else None

    def image(self, article) -> Image | None:
        """The lead photo as the photos plugin describes it, or None."""
        photo = getattr(article, "lead_photo", None)
        src = getattr(photo, "src", None) if photo is not None else None
        if not src:
            return None
        url = src if src.startswith(("http://", "https://")) else self.config.url(src)
        length = int(getattr(photo, "length", 0) or 0)
        if not length and self.output_path is not None:
            # The rendition is in the output by now: its size is the truth.
            rendition = self.output_path / src.lstrip("/")
            length = rendition.stat().st_size if rendition.is_file() else 0
        return Image(
            url=url,
            width=int(getattr(photo, "width", 0) or 0),
            height=int(getattr(photo, "height", 0) or 0),
            length=length,
            mime=getattr(photo, "mime", None) or "image/jpeg",
            alt=one_line(getattr(photo, "alt", "")),
            caption=one_line(getattr(photo, "caption", "")),
            credit=one_line(getattr(photo, "credit", "")),
        )

    def build(self, article) -> FeedItem:
        config = self.config
        url = config.url(article.url)
        published = article.date.astimezone(config.timezone)
        modified = getattr(article, "modified", None) or article.date
        updated = max(modified, article.date).astimezone(config.timezone)

        advertorial = bool(getattr(article, "is_advertorial", False))
        sponsor = one_line(getattr(article, "sponsor", "") or "")
        title = one_line(article.title)
        if advertorial:
            title = f"[{config.advertorial_label}] {title}"
        summary = html_to_text(getattr(article, "summary", "")) or one_line(article.title)

        image = self.image(article)
        content = self._content(article, url, image, advertorial, sponsor)
        if len(content.encode("utf-8")) > config.max_item_bytes:
            logger.warning(
                "%s: the article is over %d bytes; its feed items carry the summary only",
                getattr(article, "source_path", url),
                config.max_item_bytes,
            )
            content = ""

        authors = tuple(
            Person(one_line(author.name), config.url(author.url))
            for author in getattr(article, "authors", None) or []
        )
        category = getattr(article, "category", None)
        names = [category.name] if category is not None else []
        names += [tag.name for tag in getattr(article, "tags", None) or []]
        if advertorial:
            names.append(config.advertorial_label)
        return FeedItem(
            url=url,
            title=title,
            summary=summary,
            content_html=content,
            published=published,
            updated=updated,
            authors=authors,
            categories=_unique(one_line(name) for name in names),
            image=image,
            is_advertorial=advertorial,
            sponsor=sponsor,
        )

    def _content(
        self, article, url: str, image: Image | None, advertorial: bool, sponsor: str
    ) -> str:
        """The full text as partners republish it: disclosure, corrections, lead
        photo (when the body does not show it), dateline, body, byline."""
        _ = self._
        esc = html.escape
        body = sanitize_html(getattr(article, "content", ""), url)
        parts = []
        if advertorial:
            disclosure = _(
                "This article was paid for by %(sponsor)s. "
                "It is not a product of the %(site)s newsroom."
            ) % {"sponsor": sponsor, "site": self.config.sitename}
            parts.append(
                f"<p><strong>[{esc(self.config.advertorial_label)}]</strong> "
                f"{esc(one_line(disclosure))}</p>"
            )
        for correction in getattr(article, "corrections", None) or []:
            parts.append(
                f"<p><strong>{esc(_('Correction'))}</strong> "
                f"({esc(self.when(correction.date))}): {esc(one_line(correction.text))}</p>"
            )
        if image is not None and image.url not in body:
            parts.append(self._figure(image))
        dateline = one_line(getattr(article, "dateline", "") or "")
        if dateline:
            body = with_dateline(body, f"{esc(dateline)}, {esc(self.config.sitename)}")
        parts.append(body)
        byline = one_line(getattr(article, "byline", "") or "")
        if byline:
            parts.append(f"<p>({esc(byline)})</p>")
        return "\n".join(part for part in parts if part)

    def _figure(self, image: Image) -> str:
        _ = self._
        esc = html.escape
        size = f' width="{image.width}" height="{image.height}"' if image.width else ""
        credit = _("Photo: %(credit)s") % {"credit": image.credit} if image.credit else ""
        caption = caption_with_credit(image.caption, credit)  # as body captions read
        figcaption = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
        return (
            f'<figure><img src="{esc(image.url)}"{size} alt="{esc(image.alt)}">'
            f"{figcaption}</figure>"
        )
