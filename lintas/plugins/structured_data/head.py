"""Everything ``_head_metadata.html`` prints, decided here, per page kind.

The template only loops over ``HeadMetadata``: a canonical URL, meta tags and
JSON-LD blocks that are already safe to print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from . import jsonld, opengraph
from .config import SiteFacts, absolute
from .images import article_images
from .jsonld import ArticleFacts, PersonRef


@dataclass(frozen=True)
class HeadMetadata:
    canonical: str
    meta: tuple[opengraph.MetaTag, ...] = ()
    # Raw JSON-LD objects (for code and tests) and their script-safe text.
    json_ld: tuple[dict, ...] = ()
    json_ld_text: tuple[Markup, ...] = field(default=(), repr=False)

    @classmethod
    def build(
        cls, canonical: str, meta: list[opengraph.MetaTag], json_ld: list[dict] | None = None
    ) -> HeadMetadata:
        blocks = tuple(json_ld or ())
        # Markup: script_json escaped every "<", so autoescape must not touch it again.
        texts = tuple(Markup(jsonld.script_json(block)) for block in blocks)
        return cls(canonical, tuple(meta), blocks, texts)


def plain_text(html: str | None) -> str:
    """Text of an HTML fragment, entities decoded, whitespace collapsed."""
    return Markup(html or "").striptags()


def article_facts(article, site: SiteFacts, authors_info: dict) -> ArticleFacts:
    """Read what the metadata needs from a Pelican article, once."""
    images = article_images(article, site)
    authors = tuple(
        PersonRef(
            name=author.name,
            url=absolute(site.site_url, author.url),
            description=authors_info.get(author.name, {}).get("bio", ""),
        )
        for author in getattr(article, "authors", ())
    )
    content_text = plain_text(article.content)
    return ArticleFacts(
        url=absolute(site.site_url, article.url),
        # SEO-Title (newsroom): the shorter headline for search engines and link
        # previews; the page itself shows Title.
        title=getattr(article, "seo_title", None) or article.title,
        description=plain_text(getattr(article, "summary", "")) or site.description,
        published=article.date,
        modified=getattr(article, "modified", None) or article.date,
        section=article.category.name,
        section_url=absolute(site.site_url, article.category.url),
        tags=tuple(tag.name for tag in getattr(article, "tags", ())),
        authors=authors,
        images=images.structured,
        social_image=images.social,
        is_advertorial=bool(getattr(article, "is_advertorial", False)),
        sponsor=getattr(article, "sponsor", None),
        word_count=len(content_text.split()) or None,
    )


def for_article(facts: ArticleFacts, site: SiteFacts) -> HeadMetadata:
    title = f"{site.advertorial_label}: {facts.title}" if facts.is_advertorial else facts.title
    trail = [
        (site.home_label, f"{site.site_url}/"),
        (facts.section, facts.section_url),
        (facts.title, facts.url),
    ]
    return HeadMetadata.build(
        facts.url,
        opengraph.article_tags(facts, site, title),
        [jsonld.news_article(facts, site), jsonld.breadcrumbs(trail)],
    )


def for_page(page, site: SiteFacts) -> HeadMetadata:
    """A static page (Tentang kami, Pedoman Media Siber, ...)."""
    url = absolute(site.site_url, page.url)
    description = plain_text(getattr(page, "summary", "")) or site.description
    title = f"{page.title} — {site.site_name}"
    trail = [(site.home_label, f"{site.site_url}/"), (page.title, url)]
    return HeadMetadata.build(
        url,
        opengraph.website_tags(title, description, url, site),
        [jsonld.breadcrumbs(trail)],
    )


def for_listing(
    output_file: str, title: str, site: SiteFacts, is_home: bool = False
) -> HeadMetadata:
    """Home page, category/tag/author listings, archives, the search page."""
    path = output_file.replace("\\", "/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    url = absolute(site.site_url, path) if path else f"{site.site_url}/"
    blocks = jsonld.home_graph(site) if is_home else []
    return HeadMetadata.build(
        url, opengraph.website_tags(title, site.description, url, site), blocks
    )
