"""The sitemaps and robots.txt.

- ``sitemap.xml`` is a sitemap index (the file robots.txt names). It lists
  ``sitemap-halaman.xml`` (every page that is not a story), one
  ``sitemap-<period>.xml`` per year (or month) of stories, and the Google News
  sitemap ``sitemap-berita.xml`` while it has stories.
- Every file is valid against the sitemaps.org 0.9 XSDs and Google's news
  sitemap XSD in every state: a ``<urlset>`` needs at least one ``<url>``, so
  a file with nothing to list is not written (tests/syndication/xsd/).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from .config import SITEMAP_PERIODS, SyndicationConfig
from .output import last_change
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


@dataclass(frozen=True)
class SitemapFile:
    path: str  # site-relative output path
    data: bytes
    lastmod: datetime | None  # the newest lastmod of its URLs


def _chunks(path: str, entries: list, size: int) -> list[tuple[str, list]]:
    """``entries`` in files of at most ``size`` URLs: ``path``, then ``stem-2.xml``…"""
    stem, dot, ext = path.rpartition(".")
    out = []
    for number, start in enumerate(range(0, len(entries), size), start=1):
        name = path if number == 1 else f"{stem}-{number}{dot}{ext}"
        out.append((name, entries[start : start + size]))
    return out


def render_sitemaps(
    pages: Mapping[str, datetime | None],
    config: SyndicationConfig,
    published: Mapping[str, datetime] | None = None,
) -> list[SitemapFile]:
    """The sitemap files under the index (see :func:`render_sitemap_index`).

    ``pages`` maps site-relative URL paths (``""`` is the home page) to their
    last change; ``published`` the story pages among them to their publication
    date. Stories go to one file per period they were published in (a past
    period's file changes only when one of its stories is edited), every
    other page to the pages file; a file over ``sitemap_max_urls`` continues in
    ``…-2.xml``. No file is ever empty (an empty ``<urlset/>`` is invalid)."""
    published = published or {}
    strftime = SITEMAP_PERIODS[config.sitemap_period]
    groups: dict[str, list] = {}
    for path, lastmod in sorted(pages.items()):
        date = published.get(path)
        if date is None:
            name = config.sitemap_pages_path
        else:
            period = date.astimezone(config.timezone).strftime(strftime)
            name = config.sitemap_period_path.format(period=period)
        groups.setdefault(name, []).append((path, lastmod))
    if not groups:  # no page recorded at all: the home page still exists
        groups[config.sitemap_pages_path] = [("", None)]
    # The pages file first, then the periods oldest first: a stable order.
    order = sorted(groups, key=lambda name: (name != config.sitemap_pages_path, name))
    files = []
    for name in order:
        for path, chunk in _chunks(name, groups[name], config.sitemap_max_urls):
            dates = [d for _, d in chunk if d is not None]
            files.append(SitemapFile(path, _urlset(chunk, config), max(dates, default=None)))
    return files


def render_sitemap_index(files: Iterable[SitemapFile], config: SyndicationConfig) -> bytes:
    """The sitemap index robots.txt names: every sitemap file that has URLs."""
    index = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for file in files:
        node = _sub(index, SITEMAP_NS, "sitemap")
        _sub(node, SITEMAP_NS, "loc", config.url(file.path))
        if file.lastmod is not None:
            _sub(node, SITEMAP_NS, "lastmod", w3c_datetime(file.lastmod, config))
    if len(index) == 0:
        raise ValueError("a sitemap index needs at least one sitemap")
    return _tostring(index)


def sitemap_pattern(config: SyndicationConfig) -> re.Pattern:
    """The output paths this plugin may write sitemaps to (the index aside):
    to remove the ones a build no longer writes."""
    chunk = r"(?:-\d+)?"

    def template(path: str, variable: str = "") -> str:
        stem, dot, ext = path.rpartition(".")
        stem = re.escape(stem).replace(re.escape("{period}"), variable)
        return f"{stem}{chunk}{re.escape(dot + ext)}"

    names = [
        template(config.sitemap_pages_path),
        template(config.sitemap_period_path, r"\d{4}(?:-\d{2})?"),
        re.escape(config.news_sitemap_path),
    ]
    return re.compile(f"^(?:{'|'.join(names)})$")


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


def render_news_sitemap(articles: Iterable, config: SyndicationConfig) -> SitemapFile | None:
    """Google News sitemap of ``articles`` (see :func:`news_articles`); None when
    there are none: an empty ``<urlset/>`` is invalid, so the file is left out
    (and out of the index) until a story is published again."""
    articles = list(articles)
    if not articles:
        return None
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
    newest = max(last_change(article) or article.date for article in articles)
    return SitemapFile(config.news_sitemap_path, _tostring(root), newest)


def render_robots(config: SyndicationConfig) -> bytes:
    """Names the sitemap index only: the news sitemap comes and goes with the
    news (listed in the index while it has stories)."""
    lines = [
        "User-agent: *",
        "Disallow:",
        "",
        f"Sitemap: {config.url(config.sitemap_path)}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
