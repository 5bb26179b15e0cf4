"""reader_theme: the Python side of the reader theme (``theme/``).

- Jinja filters: the dateline inside the first paragraph, author initials;
- per story: related articles (tags, then category) and newer/older neighbours;
- the editors' curation in force at the build clock: the front page's pinned
  lead (``front_headline``, ``Headline-Until``) and the editors' picks
  (``editor_picks``, ``Pick-Until``) on the home page and the article sidebar;
- region pages, /wilayah/<slug>/ with /halaman/N/ pagination, and /wilayah/;
- list pages numbered from the oldest story (``pagination.py``);
- rel="sponsored" on advertorials' outbound links, registered in the newsroom
  reader's Markdown chain (see ``sponsored.py``);
- the theme's CSS/JS under content-hashed names and the Jinja global
  ``asset()`` that links them (``assets.py``);
- the brand: masthead logo and every icon plus the web manifest, made from the
  files ``BRAND_LOGO``/``BRAND_ICON`` name (``brand.py``).

Signals: ``initialized`` (filters, globals, the brand files made and checked
before any page is read), ``article_generator_finalized`` (related stories,
neighbours, regions, the section lists, the curation), ``article_writer_finalized`` (region
pages), ``finalized`` (hashed assets and brand files written into the output).

Presentation only: the article rules stay in ``lintas.core``.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from lintas.core.messages import msg
from lintas.core.outputs import RESERVE_OUTPUTS, Reserved, list_pages
from lintas.core.rules import build_clock
from lintas.core.schedule import SCHEDULED_CHANGES

from . import brand, pagination
from .assets import ThemeAssets
from .filters import FILTERS
from .listing import (
    Region,
    category_sections,
    front_curation,
    group_regions,
    section_latest,
    set_neighbours,
)
from .related_cache import cached_related_articles
from .sponsored import SponsoredLinksExtension


class _Build:
    """What one build of the theme publishes besides the pages."""

    def __init__(self, settings: dict):
        self.assets = ThemeAssets(Path(settings["THEME"]) / "static")
        self.brand = brand.render(settings)  # fails the build early on a bad icon
        width, height = brand.logo_size(settings)
        self.logo = {
            "src": settings["BRAND_LOGO"],
            "width": width,
            "height": height,
        }


_build: _Build | None = None


@pass_context
def asset(ctx, relative: str) -> str:
    """URL of a theme CSS/JS file under its content-hashed name (a Jinja global)."""
    return f"{ctx['SITEURL']}/{ctx['THEME_STATIC_DIR']}/{_build.assets.name(relative)}"


def brand_logo() -> dict:
    """The masthead logo: ``src`` under the theme's static folder, width, height."""
    return _build.logo


def _initialized(pelican) -> None:
    global _build
    settings = pelican.settings
    _build = _Build(settings)
    pagination.install()
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), **FILTERS}
    settings["JINJA_GLOBALS"] = {
        **settings.get("JINJA_GLOBALS", {}),
        "asset": asset,
        "brand_logo": brand_logo,
    }


# When this build's pins and picks end (answered to SCHEDULED_CHANGES).
_curation_ends: list = []


def _scheduled_changes(settings: dict, now) -> list:  # noqa: ARG001 - the signal's sender
    """The front page changes when a pin or a pick ends (``valid_until``)."""
    return [moment for moment in _curation_ends if moment > now]


def _article_generator_finalized(generator) -> None:
    settings = generator.settings
    articles = generator.articles
    cache_name = settings.get("THEME_RELATED_CACHE")
    related = cached_related_articles(
        articles,
        settings["THEME_RELATED_ARTICLES"],
        Path(settings["CACHE_PATH"], cache_name) if cache_name else None,
    )
    sidebar = section_latest(articles, settings["THEME_SECTION_LATEST"])
    for article in articles:
        article.related_articles = related[id(article)]
        article.section_latest = sidebar[id(article)]
    set_neighbours(articles)
    curation = front_curation(articles, build_clock(settings), settings["THEME_EDITOR_PICKS"])
    # A pin or a pick expires by itself: the moments the front page changes.
    _curation_ends[:] = [
        moment
        for article in articles
        for moment in (
            getattr(article, "headline_until", None),
            getattr(article, "pick_until", None),
        )
        if moment
    ]
    generator.context["front_headline"] = curation.headline
    generator.context["editor_picks"] = curation.picks
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


def _finalized(pelican) -> None:
    output = Path(pelican.settings["OUTPUT_PATH"])
    _build.assets.publish(output / pelican.settings["THEME_STATIC_DIR"])
    for relative, data in _build.brand.files.items():
        destination = output / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not destination.is_file() or destination.read_bytes() != data:
            temporary = destination.with_name(f".{destination.name}.tmp-{os.getpid()}")
            temporary.write_bytes(data)
            os.replace(temporary, destination)


def _reserve_outputs(settings: dict, articles: list) -> list[Reserved]:
    """The region pages (and their older pages) and the list of regions."""
    found: list[Reserved] = []
    names = sorted({a.region for a in articles if getattr(a, "region", None)})
    for name in names:
        region = Region(name, settings)
        what = msg("the region page of '%(name)s'", name=name)
        found += list_pages(settings, "region", region.save_as, what)
    if settings["REGIONS_SAVE_AS"]:
        found.append(Reserved(settings["REGIONS_SAVE_AS"], msg("the list of regions")))
    found += brand.reserved()
    return found


def register() -> None:
    RESERVE_OUTPUTS.connect(_reserve_outputs)
    SCHEDULED_CHANGES.connect(_scheduled_changes)
    signals.initialized.connect(_initialized)
    signals.article_generator_finalized.connect(_article_generator_finalized)
    signals.article_writer_finalized.connect(_write_regions)
    signals.finalized.connect(_finalized)


__all__ = ["Region", "SponsoredLinksExtension", "register"]
