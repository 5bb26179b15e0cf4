"""RSS 2.0 and Atom 1.0 through feedgen 1.0.0, JSON Feed 1.1 through json.

Each rule below answers a reader or validator problem (see
``news-requirements.md``, "Feeds"):

- the self link is added first and the home page last: feedgen writes the
  RSS channel ``<link>`` from the last ``link()`` call;
- items are sorted newest first and added with ``order="append"``
  (``add_entry`` prepends by default);
- the guid is the permalink with ``isPermaLink="true"``, set by ``guid()``
  alone (``id()`` afterwards would overwrite it with ``isPermaLink="false"``);
- dates keep the site timezone, so RFC 822 dates read ``+0800``;
- ``lastBuildDate``/``updated`` is the newest item's date, never the clock:
  two builds of the same content give the same bytes;
- Atom gets ``type="html"`` content and no enclosure links: feedgen 1.0.0
  drops ``rel`` on entry links, so an enclosure would become a second
  alternate link;
- a feed stays under ``max_feed_bytes`` by dropping its oldest items;
- RSS titles are ambiguous (plain text or HTML, readers differ): the W3C
  validator warns unless ``&`` and ``<`` in them are written as hexadecimal
  character references (``&#x26;``, ``&#x3C;``). lxml writes ``&amp;`` and
  ``&lt;``, so the serialised RSS is rewritten inside ``<title>`` elements
  (:func:`hex_title_references`); the XML means the same either way;
- the brand images: RSS ``<image>`` and Atom ``<icon>`` the square icon, Atom
  ``<logo>`` the logo, JSON Feed ``icon``/``favicon`` the icon.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from datetime import datetime

from feedgen.feed import FeedGenerator

from .catalog import FeedSpec
from .config import MIME_TYPES, SyndicationConfig
from .extensions import (
    DctermsEntryExtension,
    DctermsExtension,
    HubExtension,
    MediaEntryExtension,
    MediaExtension,
)
from .items import FeedItem

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
Renderer = Callable[[FeedSpec, Sequence[FeedItem], SyndicationConfig, datetime], bytes]


def newest_date(items: Sequence[FeedItem], fallback: datetime) -> datetime:
    """When the feed last changed: its newest item's update (the clock never enters)."""
    return max((item.updated for item in items), default=fallback)


def _feed_generator(
    spec: FeedSpec, fmt: str, items: Sequence[FeedItem], config: SyndicationConfig, fallback
) -> FeedGenerator:
    fg = FeedGenerator()
    fg.register_extension("media", MediaExtension, MediaEntryExtension)
    fg.register_extension("hub", HubExtension, None)
    if fmt == "rss":
        fg.load_extension("dc", atom=False)
        fg.register_extension("dcterms", DctermsExtension, DctermsEntryExtension, atom=False)

    fg.title(spec.title)
    fg.description(spec.description)  # RSS <description>; Atom <subtitle>
    fg.id(spec.url(fmt))
    fg.link(href=spec.url(fmt), rel="self", type=MIME_TYPES[fmt])
    fg.link(href=spec.home_url, rel="alternate", type="text/html")  # last: the RSS <link>
    fg.language(config.language)
    fg.author(name=config.site_author, uri=config.home_url)
    fg.rights(f"© {config.publisher}")  # also the RSS <copyright>
    fg.updated(newest_date(items, fallback))
    fg.hub.hub(config.websub_hub)
    if fmt == "rss" and config.icon_url:
        # No width/height: RSS allows at most 144×400 and assumes 88×31 when
        # they are absent; readers scale the image either way.
        fg.image(url=config.icon_url, title=spec.title, link=spec.home_url)
    if fmt == "atom":
        # Set after any image(): feedgen's image() also overwrites the Atom logo.
        fg.icon(config.icon_url)
        fg.logo(config.logo_url)

    for item in items:  # already newest first
        entry = fg.add_entry(order="append")
        entry.title(item.title)
        entry.link(href=item.url)
        entry.guid(item.url, permalink=True)
        # The summary is plain text; escaped once more it is valid HTML for
        # readers that render <description> as HTML (most do).
        description = html.escape(item.summary, quote=False)
        entry.description(description, isSummary=True)
        entry.summary(description, type="html")
        if item.content_html:
            entry.content(item.content_html, type="html")
        entry.published(item.published)
        entry.updated(item.updated)
        for person in item.authors:
            entry.author(name=person.name, uri=person.url)
            if fmt == "rss":
                entry.dc.dc_creator(person.name)  # RSS <author> must be an e-mail address
        for name in item.categories:
            entry.category(term=name)
        if item.image is not None:
            entry.media.image(item.image)
            if fmt == "rss" and item.image.length:
                entry.enclosure(item.image.url, str(item.image.length), item.image.mime)
        if fmt == "rss":
            entry.dcterms.modified(item.updated)
    return fg


# An RSS <title> as lxml writes it: no attributes, escaped text, no markup inside.
_RSS_TITLE = re.compile(rb"<title>([^<]*)</title>")
_HEX_REFERENCES = ((b"&amp;", b"&#x26;"), (b"&lt;", b"&#x3C;"))


def hex_title_references(rss: bytes) -> bytes:
    """``&amp;``/``&lt;`` inside every ``<title>`` of serialised RSS written as
    ``&#x26;``/``&#x3C;``: the same characters to any XML parser, and what the
    W3C validator asks for plain text. lxml escapes ``<`` in text, so a title's
    content never holds a ``<`` of its own and the pattern cannot overrun it."""

    def rewrite(match: re.Match) -> bytes:
        text = match.group(1)
        for entity, reference in _HEX_REFERENCES:
            text = text.replace(entity, reference)
        return b"<title>" + text + b"</title>"

    return _RSS_TITLE.sub(rewrite, rss)


def render_rss(
    spec: FeedSpec, items: Sequence[FeedItem], config: SyndicationConfig, fallback: datetime
) -> bytes:
    data = _feed_generator(spec, "rss", items, config, fallback).rss_str(pretty=True)
    return hex_title_references(data)


def render_atom(
    spec: FeedSpec, items: Sequence[FeedItem], config: SyndicationConfig, fallback: datetime
) -> bytes:
    return _feed_generator(spec, "atom", items, config, fallback).atom_str(pretty=True)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def render_json(
    spec: FeedSpec, items: Sequence[FeedItem], config: SyndicationConfig, fallback: datetime
) -> bytes:
    """JSON Feed 1.1 (feedgen cannot write it)."""
    del fallback  # JSON Feed has no feed-level date
    feed: dict = {
        "version": JSON_FEED_VERSION,
        "title": spec.title,
        "home_page_url": spec.home_url,
        "feed_url": spec.url("json"),
        "description": spec.description,
        "language": config.language,
        "authors": [{"name": config.site_author, "url": config.home_url}],
    }
    if config.icon_url:
        # JSON Feed 1.1: icon 512×512, favicon "not smaller than 64×64": one square icon.
        feed["icon"] = config.icon_url
        feed["favicon"] = config.icon_url
    if config.websub_hub:
        feed["hubs"] = [{"type": "WebSub", "url": config.websub_hub}]
    entries = []
    for item in items:
        entry: dict = {"id": item.url, "url": item.url, "title": item.title}
        if item.content_html:
            entry["content_html"] = item.content_html
        else:
            entry["content_text"] = item.summary
        entry["summary"] = item.summary
        if item.image is not None:
            entry["image"] = item.image.url
        entry["date_published"] = _iso(item.published)
        entry["date_modified"] = _iso(item.updated)
        entry["authors"] = [{"name": p.name, "url": p.url} for p in item.authors]
        entry["tags"] = list(item.categories)
        entry["language"] = config.language
        if item.is_advertorial:
            # JSON Feed has no paid-content flag; custom objects start with "_".
            entry["_advertorial"] = {"label": config.advertorial_label, "sponsor": item.sponsor}
        entries.append(entry)
    feed["items"] = entries
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


RENDERERS: dict[str, Renderer] = {"rss": render_rss, "atom": render_atom, "json": render_json}


def fit(
    render: Callable[[Sequence[FeedItem]], bytes],
    items: Sequence[FeedItem],
    max_items: int,
    max_bytes: int,
) -> tuple[bytes, int]:
    """Render at most ``max_items`` items in at most ``max_bytes``, dropping the
    oldest first. Returns the bytes and how many items they hold."""
    kept = list(items[:max_items])
    data = render(kept)
    while len(data) > max_bytes and kept:
        # Items are of similar size: guess the count that fits, then re-check.
        estimate = int(len(kept) * max_bytes / len(data))
        kept = kept[: min(len(kept) - 1, estimate)]
        data = render(kept)
    return data, len(kept)
