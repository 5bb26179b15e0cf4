"""The reader theme's settings (region pages, related stories, home blocks)."""

from __future__ import annotations

from lintas.core.config import setting

SETTINGS = (
    setting("REGION_URL", "wilayah/{slug}/", str, doc="a region's page"),
    setting("REGION_SAVE_AS", "wilayah/{slug}/index.html", str, doc="its output file"),
    setting("REGIONS_URL", "wilayah/", str, doc="the list of regions"),
    setting("REGIONS_SAVE_AS", "wilayah/index.html", str, doc="its output file"),
    setting("THEME_RELATED_ARTICLES", 4, int, doc="under a story: by shared tags, then section"),
    setting(
        "THEME_RELATED_CACHE",
        "related-articles.pickle",
        str,
        type(None),
        doc="the last ranking (in CACHE_PATH), reused while no date, tag or section changed",
    ),
    setting("THEME_HOME_SECTION_ARTICLES", 4, int, doc="per section block on the home page"),
    setting("THEME_HOME_ADVERTORIALS", 3, int, doc="the separate, labelled advertorial block"),
    setting("THEME_ERROR_LATEST", 5, int, doc="headlines offered on the 404 page"),
    setting(
        "THEME_SECTION_DESCRIPTIONS",
        {},
        dict,
        doc="section name -> a sentence under its heading and in its meta description;"
        " without one: 'The latest … news from …'",
    ),
    setting("THEME_SECTION_LATEST", 5, int, doc="an article's sidebar: more from its section"),
    setting(
        "THEME_EDITOR_PICKS",
        5,
        int,
        doc="at most this many stories with Pick-Until in 'Pilihan editor' (home, sidebar)",
    ),
    setting(
        "THEME_SEARCH_THUMBNAIL_WIDTH",
        240,
        int,
        doc="search results' 5rem thumbnails: the smallest rendition this wide (3x)",
    ),
    # The brand (brand.py): every icon and the web manifest are made at build time.
    setting("BRAND_LOGO", "img/logo.svg", str, doc="masthead logo, an SVG with width/height"),
    setting(
        "BRAND_ICON",
        "img/brand-icon.png",
        str,
        doc="ONE square PNG (≥ 512 px): favicon.ico, PNG icons, apple-touch-icon",
    ),
    setting("BRAND_COLOR", "#a51d24", str, doc="theme-color, manifest, apple-touch-icon backdrop"),
    setting("BRAND_BACKGROUND", "#ffffff", str, doc="the manifest's splash background"),
)
DIRECT_TEMPLATES = ("404",)  # at the output root, for the web server's error_page
PAGINATED_TEMPLATES = ("region", "period_archives")


def markdown_extensions(settings: dict) -> dict[str, dict]:
    """rel="sponsored" on advertorials' outbound links; the own host comes from
    the final SITEURL (publishconf.py overrides it)."""
    return {
        "lintas.plugins.reader_theme.sponsored": {
            "advertorial_category": settings["ADVERTORIAL_CATEGORY"],
            "site_url": settings["SITEURL"],
        }
    }
