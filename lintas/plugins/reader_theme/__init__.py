"""reader_theme: the Python side of the reader theme (``theme/``).

- Jinja filters: the dateline inside the first paragraph, author initials;
- per story: related articles (tags, then category) and newer/older neighbours;
- region pages, /wilayah/<slug>/ with /halaman/N/ pagination, and /wilayah/;
- list pages numbered from the oldest story (``pagination.py``);
- rel="sponsored" on advertorials' outbound links, registered in the newsroom
  reader's Markdown chain (see ``sponsored.py``).

Presentation only: the article rules stay in ``lintas.core``.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from . import pagination
from .filters import FILTERS
from .listing import Region, category_sections, group_regions, set_neighbours
from .related_cache import cached_related_articles
from .sponsored import SponsoredLinksExtension


def _initialized(pelican) -> None:
    settings = pelican.settings
    pagination.install()
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}


def _article_generator_finalized(generator) -> None:
    settings = generator.settings
    articles = generator.articles
    cache_name = settings.get("THEME_RELATED_CACHE")
    related = cached_related_articles(
        articles,
        settings["THEME_RELATED_ARTICLES"],
        Path(settings["CACHE_PATH"], cache_name) if cache_name else None,
    )
    for article in articles:
        article.related_articles = related[id(article)]
    set_neighbours(articles)
    generator.context["regions"] = group_regions(articles, settings["NEWSROOM_REGIONS"], settings)
    generator.context["category_sections"] = category_sections(
        generator.context["categories"], settings["NEWSROOM_CATEGORIES"]
    )


def _write_regions(generator, writer) -> None:
    settings = generator.settings
    regions = generator.context.get("regions", [])
    relative = settings["RELATIVE_URLS"]
    template = generator.get_template("region")
    for region, articles in regions:
        writer.write_file(
            region.save_as,
            template,
            generator.context,
            relative_urls=relative,
            region=region,
            articles=articles,
            dates=articles,
            template_name="region",
            page_name=region.page_name,
            url=region.url,
            blog=True,
        )
    if settings.get("REGIONS_SAVE_AS"):
        writer.write_file(
            settings["REGIONS_SAVE_AS"],
            generator.get_template("regions"),
            generator.context,
            relative_urls=relative,
            template_name="regions",
            url=settings["REGIONS_URL"],
            blog=True,
        )


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.article_generator_finalized.connect(_article_generator_finalized)
    signals.article_writer_finalized.connect(_write_regions)


__all__ = ["Region", "SponsoredLinksExtension", "register"]
