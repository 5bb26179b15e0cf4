"""sitemap.xml (every public page), the Google News sitemap, robots.txt."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from lxml import etree

from .config import SyndicationConfig
from .text import one_line

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def w3c_datetime(moment: datetime, config: SyndicationConfig) -> str:
    """``2016-09-02T09:30:00+08:00``: W3C datetime with the site's offset."""
    return moment.astimezone(config.timezone).isoformat(timespec="seconds")


def _tostring(root: etree._Element) -> bytes:
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _sub(parent: etree._Element, ns: str, name: str, text: str | None = None):
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


def _urlset(entries: list[tuple[str, datetime | None]], config: SyndicationConfig) -> bytes:
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for path, lastmod in entries:
        node = _sub(root, SITEMAP_NS, "url")
        _sub(node, SITEMAP_NS, "loc", config.url(path))
        if lastmod is not None:
            _sub(node, SITEMAP_NS, "lastmod", w3c_datetime(lastmod, config))
    return _tostring(root)


def render_sitemaps(
    pages: Mapping[str, datetime | None], config: SyndicationConfig
) -> dict[str, bytes]:
    """``pages`` maps site-relative URL paths (``""`` is the home page) to their
    last change. Returns ``{output path: bytes}``: one sitemap, or an index and
    its parts when there are more URLs than one sitemap may hold."""
    entries = sorted(pages.items())
    if len(entries) <= config.sitemap_max_urls:
        return {config.sitemap_path: _urlset(entries, config)}
    stem = config.sitemap_path.rsplit(".", 1)[0]
    files: dict[str, bytes] = {}
    index = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    size = config.sitemap_max_urls
    for number, start in enumerate(range(0, len(entries), size), start=1):
        chunk = entries[start : start + size]
        path = f"{stem}-{number}.xml"
        files[path] = _urlset(chunk, config)
        node = _sub(index, SITEMAP_NS, "sitemap")
        _sub(node, SITEMAP_NS, "loc", config.url(path))
        dates = [d for _, d in chunk if d is not None]
        if dates:
            _sub(node, SITEMAP_NS, "lastmod", w3c_datetime(max(dates), config))
    files[config.sitemap_path] = _tostring(index)
    return files


def news_articles(articles: Iterable, now: datetime, config: SyndicationConfig) -> list:
    """Articles for the news sitemap: published within the window before ``now``
    (the build clock), no advertorials, newest first, at most the configured count."""
    since = now - config.news_sitemap_window
    chosen = [
        article
        for article in articles
        if since <= article.date <= now and not getattr(article, "is_advertorial", False)
    ]
    chosen.sort(key=lambda a: (a.date, a.url), reverse=True)
    return chosen[: config.news_sitemap_max_urls]


def render_news_sitemap(articles: Iterable, config: SyndicationConfig) -> bytes:
    """Google News sitemap of ``articles`` (see :func:`news_articles`); empty is valid."""
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for article in articles:
        node = _sub(root, SITEMAP_NS, "url")
        _sub(node, SITEMAP_NS, "loc", config.url(article.url))
        news = _sub(node, NEWS_NS, "news")
        publication = _sub(news, NEWS_NS, "publication")
        _sub(publication, NEWS_NS, "name", config.sitename)
        _sub(publication, NEWS_NS, "language", config.language)
        _sub(news, NEWS_NS, "publication_date", w3c_datetime(article.date, config))
        _sub(news, NEWS_NS, "title", one_line(article.title))
    return _tostring(root)


def render_robots(config: SyndicationConfig) -> bytes:
    lines = [
        "User-agent: *",
        "Disallow:",
        "",
        f"Sitemap: {config.url(config.sitemap_path)}",
        f"Sitemap: {config.url(config.news_sitemap_path)}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
