"""Search (Pagefind) settings, with their defaults."""

from __future__ import annotations

from lintas.core.config import setting

SETTINGS = (
    setting("SEARCH_INDEX_ENABLED", True, bool, doc="index the site with Pagefind"),
    setting(
        "SEARCH_INDEX_LANGUAGE",
        None,
        str,
        type(None),
        doc="Pagefind's stemmer language; None: DEFAULT_LANG (the <html lang>)",
    ),
    setting("SEARCH_INDEX_BUNDLE_DIR", "pagefind", str, doc="/pagefind/: the index and its UI"),
    setting(
        "SEARCH_INDEX_GLOB",
        "**/*.html",
        str,
        doc="pages Pagefind reads when the index is one bundle (CHUNK_ARTICLES = 0)",
    ),
    setting(
        "SEARCH_INDEX_CHUNK_ARTICLES",
        2000,
        int,
        doc=(
            "stories per Pagefind process (one year, or whole months of a large year): "
            "Pagefind 1.5.2 keeps every parsed page in memory (~170 kB per story); 0: one run"
        ),
    ),
    setting(
        "SEARCH_INDEX_NEWEST_MONTH_APART",
        True,
        bool,
        doc=(
            "the newest month is a bundle of its own: a new or edited recent story "
            "re-indexes a month, not a year (at 3,000 stories 1.7-2.6 s instead of 7.7 s); "
            "the reader's first search loads one more bundle (no cost measured)"
        ),
    ),
    setting("SEARCH_INDEX_EXCLUDE_SELECTORS", [], list, doc="parts of pages never indexed"),
    setting("SEARCH_URL", "cari/", str, doc="the search page (SearchAction points here)"),
    setting("SEARCH_SAVE_AS", "cari/index.html", str, doc="its output file"),
    setting("SEARCH_QUERY_PARAMETER", "q", str, doc="?q= of the search page"),
)
DIRECT_TEMPLATES = ("search",)


def assemble(settings: dict) -> None:
    if settings["SEARCH_INDEX_LANGUAGE"] is None:
        settings["SEARCH_INDEX_LANGUAGE"] = settings["DEFAULT_LANG"]
