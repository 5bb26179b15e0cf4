"""syndication: the feeds partner portals and aggregators read, and the sitemaps.

- RSS 2.0 and Atom 1.0 (feedgen) for the site, the news-only feed (no
  advertorials), every category, tag, author and region; JSON Feed 1.1 for
  the site and the news feed. Paths: ``FEED_DIRS`` in ``pelicanconf.py``.
  Every feed shows the brand icon and logo (``FEED_ICON``, ``FEED_LOGO``).
- The sitemap index ``sitemap.xml`` over every page Pelican wrote (stories
  per year or month) and the Google News sitemap while it has stories;
  ``robots.txt`` naming the index.

Signals: ``all_generators_finalized`` builds the feed catalog from the article
list and hands it to templates as ``SYNDICATION`` (autodiscovery links, the
Feeds page); ``content_written`` records every page for the sitemap;
``finalized`` writes feeds and sitemaps into the (staged) output and, as the
last handler of all, checks that the brand images the feeds name are there.
"""

from __future__ import annotations

import logging
from pathlib import Path

from blinker import signal
from pelican import signals
from pelican.generators import ArticlesGenerator

from lintas.core.catalogs import translations_for
from lintas.core.dates import make_filters
from lintas.core.messages import Text, msg
from lintas.core.outputs import RESERVE_OUTPUTS, Reserved
from lintas.core.rules import build_clock

from .catalog import FeedCatalog, build_catalog
from .config import SyndicationConfig, read_config
from .feeds import RENDERERS, fit
from .items import FeedItem, ItemBuilder
from .output import WrittenPages, last_change, write_bytes
from .parallel import FeedJob, render_feeds
from .sitemaps import (
    news_articles,
    render_news_sitemap,
    render_robots,
    render_sitemap_index,
    render_sitemaps,
    sitemap_pattern,
)

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
    # Connected now, after every plugin registered its own handlers, so that it
    # runs last at ``finalized``: other plugins write files there (the theme's
    # generated icons), and the check must see the output as it will be
    # published. Connecting again on a later build keeps this place.
    signals.finalized.connect(_check_brand_images)


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


class MissingBrandImage(Exception):
    """A feed would name an image the built site does not have."""


def check_brand_images(config: SyndicationConfig, output: Path) -> None:
    """Fail the build when the feeds name an icon or logo the output lacks
    (run after every ``finalized`` handler: see ``_initialized``)."""
    for setting, relative in (("FEED_ICON", config.icon), ("FEED_LOGO", config.logo)):
        path = config.static_path(relative)
        if path is not None and not (output / path).is_file():
            raise MissingBrandImage(
                f"{setting}: the feeds would show {path}, which is not in the built site — "
                f"add {relative} to the theme's static folder, or set {setting} to an image "
                f"that is there (or to None: no image)"
            )


def remove_stale_sitemaps(output: Path, config: SyndicationConfig, written: set[str]) -> None:
    """Sitemap files an earlier build wrote into this folder and this one did not
    (the news sitemap once its stories age, a part no longer needed)."""
    pattern = sitemap_pattern(config)
    folder = (output / config.sitemap_path).parent
    prefix = "" if folder == output else folder.relative_to(output).as_posix() + "/"
    for file in folder.glob("*.xml"):
        relative = prefix + file.name
        if pattern.match(relative) and relative not in written and file.is_file():
            file.unlink()


def _check_brand_images(pelican) -> None:
    if _state is not None:
        check_brand_images(_state.config, Path(pelican.settings["OUTPUT_PATH"]))


def _finalized(pelican) -> None:
    state = _state
    config = state.config
    output = Path(pelican.settings["OUTPUT_PATH"])
    sitemaps = render_sitemaps(state.written.pages, config, state.written.published)
    now = build_clock(state.settings)
    news = news_articles(state.articles, now, config)
    news_sitemap = render_news_sitemap(news, config)
    if news_sitemap is not None:
        sitemaps.append(news_sitemap)
    extra = {file.path: file.data for file in sitemaps}
    extra[config.sitemap_path] = render_sitemap_index(sitemaps, config)
    extra[config.robots_path] = render_robots(config)
    if len(extra) != len(sitemaps) + 2:
        raise ValueError(
            "sitemap paths collide — SITEMAP_SAVE_AS, SITEMAP_PAGES_SAVE_AS, "
            "SITEMAP_PERIOD_SAVE_AS, NEWS_SITEMAP_SAVE_AS and ROBOTS_SAVE_AS must differ"
        )
    state.written.check_free(state.catalog.paths + list(extra))
    feeds = write_feeds(state, output)
    for path, data in extra.items():
        write_bytes(output, path, data)
    remove_stale_sitemaps(output, config, set(extra))
    logger.info(
        "syndication: %d feed files, %d pages in %d sitemaps, %d in the news sitemap",
        feeds,
        len(state.written.pages),
        len(sitemaps),
        len(news),
    )


def _reserve_outputs(settings: dict, articles: list) -> list[Reserved]:
    """The feed folders, the sitemaps and robots.txt (lintas/core/outputs.py)."""
    config = read_config(settings)
    catalog = build_catalog(articles, config, str, settings)
    # Two feeds in one folder are two reservations of one path: the core refuses them.
    found = [Reserved(spec.directory, _feeds_of(spec.kind, spec.name)) for spec in catalog.specs]
    found += [
        Reserved(config.sitemap_path, msg("the sitemap")),
        Reserved(config.news_sitemap_path, msg("the news sitemap")),
        Reserved(config.robots_path, "robots.txt"),
    ]
    return found


def _feeds_of(kind: str, name: str) -> Text:
    """The feeds of one kind, for messages (lintas/core/outputs.py)."""
    if kind == "site":
        return msg("the feeds of the whole site")
    if kind == "news":
        return msg("the feeds of news without advertorials")
    if kind == "category":
        return msg("the feeds of the category '%(name)s'", name=name)
    if kind == "tag":
        return msg("the feeds of the tag '%(name)s'", name=name)
    if kind == "author":
        return msg("the feeds of the author '%(name)s'", name=name)
    if kind == "region":
        return msg("the feeds of the region '%(name)s'", name=name)
    return msg("the %(kind)s feeds of '%(name)s'", kind=kind, name=name or kind)


def register() -> None:
    RESERVE_OUTPUTS.connect(_reserve_outputs)
    signals.initialized.connect(_initialized)
    signals.all_generators_finalized.connect(_all_generators_finalized)
    signals.content_written.connect(_content_written)
    signals.finalized.connect(_finalized)
