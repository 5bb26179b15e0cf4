"""structured_data: canonical URLs, Open Graph / Twitter cards and JSON-LD.

Data is prepared here, in Python, and printed by
``lintas/theme/templates/_head_metadata.html`` through one Jinja global,
``head_metadata()``, which returns a ``HeadMetadata`` for whatever page is
being rendered:

- articles: ``NewsArticle`` (``AdvertiserContentArticle`` for advertorials)
  with the lead photo's 16:9, 4:3 and 1:1 crops, a ``BreadcrumbList``,
  ``og:type=article`` with the 1200x630 social image (both made and published
  by lintas/plugins/photos, see ``images.py``; the site's default image when the
  story has no photo); built when the article's page is rendered, so an
  incremental build that keeps a page makes none of it;
- pages: ``BreadcrumbList`` and ``og:type=website``;
- the home page: ``Organization`` and ``WebSite`` with a ``SearchAction``;
- every other listing: a canonical URL and ``og:type=website``.
"""

from __future__ import annotations

from jinja2 import pass_context
from pelican import signals
from pelican.contents import Article

from . import head
from .config import SiteFacts, absolute, read_facts
from .head import HeadMetadata


class _BuildState:
    def __init__(self, settings: dict):
        self.settings = settings
        self.site: SiteFacts | None = None


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


def _article_metadata(article: Article) -> HeadMetadata:
    site = _state.site
    facts = head.article_facts(article, site, _state.settings["NEWSROOM_AUTHORS"])
    return head.for_article(facts, site)


def _write_page(generator, content) -> None:  # noqa: ARG001 - signal signature
    content.head_metadata = head.for_page(content, _state.site)


def _listing_title(ctx) -> tuple[str, bool]:
    settings = _state.settings
    site_name = settings["SITENAME"]
    if ctx.get("page_name") == "index":
        articles_page = ctx.get("articles_page")
        is_first = articles_page is None or articles_page.is_front
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
    signals.page_generator_write_page.connect(_write_page)


__all__ = ["HeadMetadata", "head_metadata", "register"]
