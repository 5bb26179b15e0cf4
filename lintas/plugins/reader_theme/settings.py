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
