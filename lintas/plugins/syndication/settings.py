"""The syndication plugin's settings (feeds, sitemaps, robots.txt), with their
defaults; ``config.py`` reads them once into a typed, frozen config."""

from __future__ import annotations

from lintas.core.config import setting

SETTINGS = (
    setting("FEED_MAX_ITEMS", 50, int, doc="newest items per feed"),
    setting(
        "FEED_MAX_BYTES", 2_000_000, int, doc="Google News: ≤ 2 MB per feed; oldest items go first"
    ),
    setting(
        "FEED_MAX_ITEM_BYTES",
        1_000_000,
        int,
        doc="Google News: ≤ 1 MB per article, else the summary only",
    ),
    setting("FEED_WORKERS", None, int, type(None), doc="feed render processes; None: every CPU"),
    setting(
        "FEED_PARALLEL_MIN",
        40,
        int,
        doc="feeds to render before forking pays (a cold build renders hundreds)",
    ),
    setting(
        "WEBSUB_HUB",
        None,
        str,
        type(None),
        doc="hub announced in every feed and pinged after a deploy; None: no hub",
    ),
    setting(
        "FEED_DIRS",
        None,
        dict,
        type(None),
        doc="folder of each kind of feed; None: feed/ below each list's own URL",
    ),
    setting(
        "FEED_FILES",
        {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"},
        dict,
        doc="file name of each feed format",
    ),
    setting("FEED_TITLE_FORMAT", "{site} — {section}", str, doc="e.g. 'Lintas — Kategori: X'"),
    setting("FEEDS_URL", "feeds/", str, doc="the Feeds page for partner editors"),
    setting("FEEDS_SAVE_AS", "feeds/index.html", str, doc="its output file"),
    setting(
        "FEED_ICON",
        "img/icon-512.png",
        str,
        type(None),
        doc="square icon under the theme's static folder: RSS <image>, Atom <icon>, "
        "JSON Feed icon/favicon; None: no icon (the build fails if it is not in the output)",
    ),
    setting(
        "FEED_LOGO",
        "img/logo.png",
        str,
        type(None),
        doc="logo under the theme's static folder: Atom <logo>; None: no logo",
    ),
    setting("SITEMAP_SAVE_AS", "sitemap.xml", str, doc="the sitemap index robots.txt names"),
    setting(
        "SITEMAP_PERIOD",
        "year",
        str,
        doc="stories in one sitemap per 'year' or 'month' of publication",
    ),
    setting(
        "SITEMAP_PERIOD_SAVE_AS",
        "sitemap-{period}.xml",
        str,
        doc="a period's sitemap ({period}: 2016 or 2016-09)",
    ),
    setting(
        "SITEMAP_PAGES_SAVE_AS",
        "sitemap-halaman.xml",
        str,
        doc="the sitemap of every page that is not a story",
    ),
    setting("SITEMAP_MAX_URLS", 50_000, int, doc="per sitemap file (sitemaps.org)"),
    setting(
        "SITEMAP_EXCLUDE", ["404.html"], list, tuple, doc="output paths (glob) that are not pages"
    ),
    setting(
        "NEWS_SITEMAP_SAVE_AS",
        "sitemap-berita.xml",
        str,
        doc="the Google News sitemap, written (and in the index) only while it has stories",
    ),
    setting("NEWS_SITEMAP_WINDOW_HOURS", 48, int, float, doc="Google News: the last two days only"),
    setting("NEWS_SITEMAP_MAX_URLS", 1000, int, doc="Google News: at most 1,000 URLs"),
    setting("ROBOTS_SAVE_AS", "robots.txt", str, doc="robots.txt"),
)
DIRECT_TEMPLATES = ("feeds",)


def feed_dirs(settings: dict) -> dict[str, str]:
    """Each list's feeds in a ``feed/`` folder below the list's own URL: paths
    can never collide, and a reader who knows a section's page knows its feed."""
    return {
        "site": "feed/",
        "news": "feed/berita/",  # news only, no advertorials: for aggregators
        "category": settings["CATEGORY_URL"] + "feed/",
        "tag": settings["TAG_URL"] + "feed/",
        "author": settings["AUTHOR_URL"] + "feed/",
        "region": settings["REGION_URL"] + "feed/",
    }


def assemble(settings: dict) -> None:
    if settings["FEED_DIRS"] is None:
        settings["FEED_DIRS"] = feed_dirs(settings)
