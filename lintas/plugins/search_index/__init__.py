"""search_index: the Pagefind index of the built site.

Pagefind reads the HTML the theme wrote and writes its bundle (the index and
the search UI's JS/CSS) into ``<OUTPUT_PATH>/pagefind/``. It runs on
``finalized``, after every page is written, so it indexes the staging folder of
``lintas build`` and is swapped in with the rest of the site, or not at all.

What gets indexed is decided by the article template: only pages carrying
``data-pagefind-body`` are indexed, and inside them only what is not marked
``data-pagefind-ignore`` (the title and the body). Drafts and embargoed stories
are never written (``DRAFT_SAVE_AS = ""``), so Pagefind never sees them.

Pagefind 1.5.2 writes its filter index (Kategori, Tahun) in a random order each
run; ``canonical.py`` sorts it afterwards, so two builds of the same site give
the same bytes (tests/robustness/test_determinism.py).

Pagefind keeps every page it parsed in memory, so the articles are indexed in
chunks (a year each, cut by months past ``SEARCH_INDEX_CHUNK_ARTICLES``), one
Pagefind process and one bundle per chunk, which the search page merges into
one search (``indexer.py``, lintas/theme/static/js/search.js).

A chunk whose pages are the same files with the same bytes as in the live
output keeps its bundle: ``lintas build`` names the live output in
``LIVE_OUTPUT_PATH`` (its staging folder starts without an index),
and the bundle is hard-linked from there instead of being made again.
"""

from __future__ import annotations

import logging

from pelican import signals

from lintas.core.messages import msg
from lintas.core.outputs import RESERVE_OUTPUTS, Reserved

from .indexer import IndexStats, PagefindError, build_index, settings_from

logger = logging.getLogger(__name__)

# Articles written by this run, counted when the article generator is done; the
# index must hold at least that many pages or search silently misses stories.
_written_articles: int | None = None
# Where they (and the hidden ones, written with the same template) were written:
# what the chunks of the index are cut from.
_article_paths: list[str] | None = None


def _count_articles(generator) -> None:
    global _written_articles, _article_paths
    _written_articles = len(generator.articles) + len(generator.translations)
    _article_paths = [
        article.save_as
        for name in ("articles", "translations", "hidden_articles", "hidden_translations")
        for article in getattr(generator, name, ())
        if article.save_as
    ]


def _finalized(pelican) -> None:
    global _written_articles, _article_paths
    expected, _written_articles = _written_articles, None
    paths, _article_paths = _article_paths, None
    if not pelican.settings.get("SEARCH_INDEX_ENABLED", True):
        return
    settings = pelican.settings
    # Set by `lintas build` whether or not the incremental plugin runs: where
    # the bundles of the live site are (a build in place: OUTPUT_PATH itself).
    previous = settings.get("LIVE_OUTPUT_PATH") or settings["OUTPUT_PATH"]
    stats = build_index(settings["OUTPUT_PATH"], settings_from(settings), paths, previous)
    # Summed over every bundle: a story is in exactly one of them.
    if expected is not None and stats.pages < expected:
        message = (
            f"the search index holds {stats.pages} page(s) but {expected} article(s) "
            "were written: the article template must mark the story with "
            "data-pagefind-body"
        )
        # A template regression, not a content problem: refuse to publish it,
        # but let a preview build go on so the theme can be fixed while looking.
        if settings.get("NEWSROOM_STRICT"):
            raise PagefindError(message)
        logger.warning("%s", message)


def _reserve_outputs(settings: dict, articles: list) -> list[Reserved]:  # noqa: ARG001
    if not settings["SEARCH_INDEX_ENABLED"]:
        return []
    folder = settings["SEARCH_INDEX_BUNDLE_DIR"].strip("/") + "/"
    return [Reserved(folder, msg("the search index"))]


def register() -> None:
    RESERVE_OUTPUTS.connect(_reserve_outputs)
    signals.article_generator_finalized.connect(_count_articles)
    signals.finalized.connect(_finalized)


__all__ = ["IndexStats", "PagefindError", "build_index", "register", "settings_from"]
