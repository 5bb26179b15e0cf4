"""syndication: the feeds partner portals and aggregators read, and the sitemaps.

- RSS 2.0 and Atom 1.0 (feedgen) for the site, the news-only feed (no
  advertorials), every category, tag, author and region; JSON Feed 1.1 for
  the site. Paths: ``FEED_DIRS`` in ``pelicanconf.py``.
- ``sitemap.xml`` of every page Pelican wrote, the Google News sitemap, and
  ``robots.txt`` naming both.

Signals: ``all_generators_finalized`` builds the feed catalog from the article
list and hands it to templates as ``SYNDICATION`` (autodiscovery links, the
Feeds page); ``content_written`` records every page for the sitemap;
``finalized`` writes feeds and sitemaps into the (staged) output.
"""

from __future__ import annotations

import logging
from pathlib import Path

from blinker import signal
from pelican import signals
from pelican.generators import ArticlesGenerator

from lintas.core.catalogs import translations_for
from lintas.core.dates import make_filters
from lintas.core.rules import build_clock

from .catalog import FeedCatalog, build_catalog
from .config import SyndicationConfig, read_config
from .feeds import RENDERERS, fit
from .items import FeedItem, ItemBuilder
from .output import WrittenPages, last_change, write_bytes
from .parallel import FeedJob, render_feeds
from .sitemaps import news_articles, render_news_sitemap, render_robots, render_sitemaps

logger = logging.getLogger(__name__)

CONTEXT_KEY = "SYNDICATION"
# plugins/incremental answers True when the previous build wrote this very file
# from the same inputs and it is already in place (nobody listening: render).
REUSE = signal("incremental.reuse")


def reused(path: str, *inputs) -> bool:
    return any(kept for _receiver, kept in REUSE.send(path, inputs=inputs))


class BuildState:
    """Per-build memory of the signal handlers (reset on ``initialized``)."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.config: SyndicationConfig = read_config(settings)
        self.gettext = translations_for(settings).gettext
        self.written = WrittenPages(settings["OUTPUT_PATH"], self.config.sitemap_exclude)
        self.catalog: FeedCatalog | None = None
        self.articles: list = []


_state: BuildState | None = None


def _initialized(pelican) -> None:
    global _state
    _state = BuildState(pelican.settings)


def _all_generators_finalized(generators) -> None:
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    # Pages are written after this signal; start their record afresh on every run.
    _state.written = WrittenPages(_state.settings["OUTPUT_PATH"], _state.config.sitemap_exclude)
    _state.articles = list(articles.articles)
    _state.catalog = build_catalog(_state.articles, _state.config, _state.gettext, _state.settings)
    # One context dict is shared by all generators: templates see the catalog.
    articles.context[CONTEXT_KEY] = _state.catalog


def _content_written(path, context=None) -> None:
    if _state is not None:
        _state.written.record(path, context or {})


def write_feeds(state: BuildState, output: Path) -> int:
    """Every feed of the catalog; returns how many feed files the output holds."""
    config = state.config
    # An empty feed (say, news-only when every story is paid) is as old as the
    # site's newest change; only a site without any article falls back to the clock.
    newest = max(filter(None, map(last_change, state.articles)), default=None)
    fallback = (newest or build_clock(state.settings)).astimezone(config.timezone)
    count = 0
    jobs: list[FeedJob] = []
    for spec in state.catalog.specs:
        chosen = state.catalog.items_of(spec)[: config.max_items]
        empty_date = None if chosen else fallback  # the only date not taken from the items
        formats = [f for f in spec.formats if not reused(spec.path(f), spec, f, chosen, empty_date)]
        count += len(spec.formats) - len(formats)
        if formats:
            jobs.append(FeedJob(spec, formats, chosen))
    renderer = FeedRenderer(state, output, fallback)
    for path, kept, total in render_feeds(renderer, jobs, config.workers, config.parallel_min):
        logger.warning(
            "%s: kept the newest %d of %d items to stay under %d bytes",
            path,
            kept,
            total,
            config.max_feed_bytes,
        )
    return count + sum(len(job.formats) for job in jobs)


class FeedRenderer:
    """Renders and writes feed files; one per process (its items are shared by
    the feeds it renders)."""

    def __init__(self, state: BuildState, output: Path, fallback) -> None:
        self.config = state.config
        self.output = output
        self.fallback = fallback
        self.builder = ItemBuilder(
            state.config, state.gettext, make_filters(state.settings)["tanggal_jam"], output
        )
        self.items: dict[int, FeedItem] = {}  # one item per article, shared by its feeds

    def item_of(self, article) -> FeedItem:
        key = id(article)  # the articles live for the whole build
        if key not in self.items:
            self.items[key] = self.builder.build(article)
        return self.items[key]

    def write(self, job: FeedJob) -> list[tuple[str, int, int]]:
        """Write ``job``'s files; (path, items kept, items) of those cut to size."""
        config = self.config
        feed_items = [self.item_of(a) for a in job.chosen]
        cut = []
        for fmt in job.formats:
            render = RENDERERS[fmt]
            data, kept = fit(
                lambda chosen, render=render, spec=job.spec: render(
                    spec, chosen, config, self.fallback
                ),
                feed_items,
                config.max_items,
                config.max_feed_bytes,
            )
            if kept < len(feed_items):
                cut.append((job.spec.path(fmt), kept, len(feed_items)))
            write_bytes(self.output, job.spec.path(fmt), data)
        return cut


def _finalized(pelican) -> None:
    state = _state
    config = state.config
    output = Path(pelican.settings["OUTPUT_PATH"])
    sitemaps = render_sitemaps(state.written.pages, config)
    now = build_clock(state.settings)
    news = news_articles(state.articles, now, config)
    extra = {
        **sitemaps,
        config.news_sitemap_path: render_news_sitemap(news, config),
        config.robots_path: render_robots(config),
    }
    state.written.check_free(state.catalog.paths + list(extra))
    feeds = write_feeds(state, output)
    for path, data in extra.items():
        write_bytes(output, path, data)
    logger.info(
        "syndication: %d feed files, %d pages in the sitemap, %d in the news sitemap",
        feeds,
        len(state.written.pages),
        len(news),
    )


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.all_generators_finalized.connect(_all_generators_finalized)
    signals.content_written.connect(_content_written)
    signals.finalized.connect(_finalized)
