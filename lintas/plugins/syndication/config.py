"""The syndication settings, read once from Pelican's settings.

The settings and their defaults are declared in ``settings.py``; the defaults
here only keep a bare Pelican settings dict (unit tests) working.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

MIME_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
SITEMAP_PERIODS = {"year": "%Y", "month": "%Y-%m"}  # SITEMAP_PERIOD → strftime
FORMAT_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}

DEFAULT_FILES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
DEFAULT_DIRS = {
    "site": "feed/",
    "news": "feed/berita/",
    "category": "kategori/{slug}/feed/",
    "tag": "topik/{slug}/feed/",
    "author": "penulis/{slug}/feed/",
    "region": "wilayah/{slug}/feed/",
}


@dataclass(frozen=True)
class SyndicationConfig:
    siteurl: str
    sitename: str
    site_description: str
    site_author: str
    publisher: str
    language: str
    timezone: ZoneInfo
    advertorial_label: str
    max_items: int = 50
    max_feed_bytes: int = 2_000_000
    max_item_bytes: int = 1_000_000
    workers: int | None = None  # processes rendering feeds; None: every CPU
    parallel_min: int = 40  # feeds to render before more processes pay
    websub_hub: str | None = None
    files: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FILES))
    dirs: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_DIRS))
    title_format: str = "{site} — {section}"
    region_url: str | None = None  # the region page, when the theme has one
    # The brand images aggregators show beside the feed, as paths under the
    # theme's static folder (None: none). Square icon: RSS <image>, Atom <icon>,
    # JSON Feed icon/favicon; logo: Atom <logo>. The build fails when a named
    # file is not in the output (see ``brand_urls``).
    icon: str | None = "img/icon-512.png"
    logo: str | None = "img/logo.png"
    theme_static_dir: str = "theme"
    sitemap_path: str = "sitemap.xml"  # the sitemap index robots.txt names
    # The pages under the index: stories by the period they were published in
    # (a past period's file stays as it is), everything else in one file.
    sitemap_period: str = "year"  # "year" or "month"
    sitemap_period_path: str = "sitemap-{period}.xml"
    sitemap_pages_path: str = "sitemap-halaman.xml"
    news_sitemap_path: str = "sitemap-berita.xml"
    news_sitemap_window: timedelta = timedelta(days=2)
    news_sitemap_max_urls: int = 1000
    sitemap_max_urls: int = 50_000
    sitemap_exclude: tuple[str, ...] = ("404.html",)
    robots_path: str = "robots.txt"

    def url(self, path: str) -> str:
        """Absolute URL of a site-relative path (``kategori/x/`` → ``https://…/kategori/x/``)."""
        return f"{self.siteurl}/{path.lstrip('/')}"

    @property
    def home_url(self) -> str:
        return f"{self.siteurl}/"

    def static_path(self, relative: str | None) -> str | None:
        """Output path of a file under the theme's static folder (None stays None)."""
        return f"{self.theme_static_dir}/{relative}" if relative else None

    @property
    def icon_url(self) -> str | None:
        return self.url(self.static_path(self.icon)) if self.icon else None

    @property
    def logo_url(self) -> str | None:
        return self.url(self.static_path(self.logo)) if self.logo else None


# Optional settings: name in pelicanconf.py → (field, conversion). A missing
# setting (or None) keeps the dataclass default above.
_OPTIONAL = {
    "FEED_MAX_ITEMS": ("max_items", int),
    "FEED_MAX_BYTES": ("max_feed_bytes", int),
    "FEED_MAX_ITEM_BYTES": ("max_item_bytes", int),
    "FEED_WORKERS": ("workers", int),
    "FEED_PARALLEL_MIN": ("parallel_min", int),
    "WEBSUB_HUB": ("websub_hub", lambda v: str(v) or None),
    "FEED_TITLE_FORMAT": ("title_format", str),
    "REGION_URL": ("region_url", lambda v: v or None),
    "THEME_STATIC_DIR": ("theme_static_dir", lambda v: str(v).strip("/")),
    "SITEMAP_SAVE_AS": ("sitemap_path", str),
    "SITEMAP_PERIOD": ("sitemap_period", str),
    "SITEMAP_PERIOD_SAVE_AS": ("sitemap_period_path", str),
    "SITEMAP_PAGES_SAVE_AS": ("sitemap_pages_path", str),
    "NEWS_SITEMAP_SAVE_AS": ("news_sitemap_path", str),
    "NEWS_SITEMAP_WINDOW_HOURS": ("news_sitemap_window", lambda v: timedelta(hours=float(v))),
    "NEWS_SITEMAP_MAX_URLS": ("news_sitemap_max_urls", int),
    "SITEMAP_MAX_URLS": ("sitemap_max_urls", int),
    "SITEMAP_EXCLUDE": ("sitemap_exclude", tuple),
    "ROBOTS_SAVE_AS": ("robots_path", str),
}


def read_config(settings: dict) -> SyndicationConfig:
    """Build the config from Pelican settings; refuse values that would break feeds."""
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    if not siteurl.startswith(("http://", "https://")):
        # Feeds, sitemaps and robots.txt are read off-site: relative URLs are useless there.
        raise ValueError(f"SITEURL must be an absolute http(s) URL for feeds, got {siteurl!r}")
    optional = {
        attr: convert(settings[name])
        for name, (attr, convert) in _OPTIONAL.items()
        if settings.get(name) is not None
    }
    # Brand images: here None (or "") means "no image", not "the default".
    for name, attr in (("FEED_ICON", "icon"), ("FEED_LOGO", "logo")):
        if name in settings:
            optional[attr] = str(settings[name] or "").lstrip("/") or None
    config = SyndicationConfig(
        siteurl=siteurl,
        sitename=settings["SITENAME"],
        site_description=settings.get("SITE_DESCRIPTION") or settings["SITENAME"],
        site_author=settings.get("AUTHOR") or settings["SITENAME"],
        publisher=settings.get("PUBLISHER_NAME") or settings["SITENAME"],
        language=settings.get("DEFAULT_LANG", "id"),
        timezone=ZoneInfo(settings.get("TIMEZONE", "UTC")),
        advertorial_label=settings.get("ADVERTORIAL_LABEL", "Advertorial"),
        files={**DEFAULT_FILES, **settings.get("FEED_FILES", {})},
        dirs={**DEFAULT_DIRS, **settings.get("FEED_DIRS", {})},
        **optional,
    )
    if config.max_items < 1 or config.max_feed_bytes < config.max_item_bytes:
        raise ValueError("FEED_MAX_ITEMS must be ≥ 1 and FEED_MAX_BYTES ≥ FEED_MAX_ITEM_BYTES")
    if config.sitemap_period not in SITEMAP_PERIODS:
        raise ValueError(
            f"SITEMAP_PERIOD is {config.sitemap_period!r} — use one of "
            f"{', '.join(map(repr, SITEMAP_PERIODS))}"
        )
    if "{period}" not in config.sitemap_period_path:
        raise ValueError(
            "SITEMAP_PERIOD_SAVE_AS must contain {period}, e.g. 'sitemap-{period}.xml'"
        )
    return config
