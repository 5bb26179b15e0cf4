"""structured_data: canonical URLs, Open Graph / Twitter cards and JSON-LD.

Data is prepared here, in Python, and printed by
``theme/templates/_head_metadata.html`` through one Jinja global,
``head_metadata()``, which returns a ``HeadMetadata`` for whatever page is
being rendered:

- articles: ``NewsArticle`` (``AdvertiserContentArticle`` for advertorials)
  with 16:9, 4:3 and 1:1 images, a ``BreadcrumbList``, ``og:type=article``
  with the photos plugin's 1200x630 social image; built when the article's
  page is rendered, i.e. after every generator, the photos plugin included,
  has finished its context (the crops are made on the first
  ``article_generator_write_article``);
- pages: ``BreadcrumbList`` and ``og:type=website``;
- the home page: ``Organization`` and ``WebSite`` with a ``SearchAction``;
- every other listing: a canonical URL and ``og:type=website``.
"""

from __future__ import annotations

import logging

from jinja2 import pass_context
from pelican import signals
from pelican.contents import Article

from . import head
from .config import SiteFacts, absolute, read_facts
from .head import HeadMetadata
from .images import CropMaker

logger = logging.getLogger(__name__)


class _BuildState:
    def __init__(self, settings: dict):
        self.settings = settings
        self.site: SiteFacts | None = None
        self.crops: CropMaker | None = None


_state: _BuildState | None = None


def _press_guideline_url(generators, settings: dict) -> str | None:
    slug = settings.get("PRESS_GUIDELINE_SLUG")
    for generator in generators:
        for page in getattr(generator, "pages", ()):
            if getattr(page, "slug", None) == slug:
                return absolute(settings["SITEURL"].rstrip("/"), page.url)
    return None


def _initialized(pelican) -> None:
    global _state
    _state = _BuildState(pelican.settings)
    pelican.settings["JINJA_GLOBALS"] = {
        **pelican.settings.get("JINJA_GLOBALS", {}),
        "head_metadata": head_metadata,
    }


def _all_generators_finalized(generators) -> None:
    settings = _state.settings
    _state.site = read_facts(settings, _press_guideline_url(generators, settings))
    _state.crops = CropMaker(settings, _state.site)


def _article_metadata(article: Article) -> HeadMetadata:
    site = _state.site
    crops = _state.crops
    facts = head.article_facts(
        article,
        site,
        _state.settings["NEWSROOM_AUTHORS"],
        crops.crops_for(article),
        social_fallback=crops.social_for(article),
    )
    return head.for_article(facts, site)


def _write_article(generator, content) -> None:  # noqa: ARG001 - signal signature
    if _state.crops is not None and not _state.crops.prepared:
        # First article written: every generator is done, so every article's
        # lead photo is known; render all crops at once (cached, in parallel).
        _state.crops.prepare(generator.articles + generator.translations)
    # The article's own metadata is made when its page is rendered (head_metadata()
    # below): an incremental build keeps most pages and needs none of it.


def _write_page(generator, content) -> None:  # noqa: ARG001 - signal signature
    content.head_metadata = head.for_page(content, _state.site)


def _listing_title(ctx) -> tuple[str, bool]:
    settings = _state.settings
    site_name = settings["SITENAME"]
    if ctx.get("page_name") == "index":
        articles_page = ctx.get("articles_page")
        is_first = articles_page is None or articles_page.number == 1
        return f"{site_name} — {settings.get('SITE_TAGLINE', '')}".rstrip(" —"), is_first
    for key in ("category", "tag", "author", "region"):
        item = ctx.get(key)
        if item is not None and getattr(item, "name", None):
            return f"{item.name} — {site_name}", False
    return site_name, False


@pass_context
def head_metadata(ctx) -> HeadMetadata | None:
    """The metadata of the page being rendered (a Jinja global)."""
    if _state is None or _state.site is None:
        return None
    article = ctx.get("article")
    if isinstance(article, Article):
        return getattr(article, "head_metadata", None) or _article_metadata(article)
    page = ctx.get("page")
    if page is not None and hasattr(page, "url") and hasattr(page, "title"):
        return getattr(page, "head_metadata", None) or head.for_page(page, _state.site)
    output_file = ctx.get("output_file")
    # An error page answers for every missing URL: it has no canonical URL.
    if not output_file or ctx.get("page_name") in _state.settings.get(
        "STRUCTURED_DATA_SKIP_PAGES", ()
    ):
        return None
    title, is_home = _listing_title(ctx)
    return head.for_listing(output_file, title, _state.site, is_home=is_home)


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.all_generators_finalized.connect(_all_generators_finalized)
    signals.article_generator_write_article.connect(_write_article)
    signals.page_generator_write_page.connect(_write_page)


__all__ = ["HeadMetadata", "head_metadata", "register"]
