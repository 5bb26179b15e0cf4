"""Open Graph and Twitter card tags: what WhatsApp, Facebook and X show when a
link is shared.

Each tag is (attribute, key, value): Open Graph uses ``<meta property>``,
Twitter ``<meta name>``. Repeated keys (``article:tag``) are repeated tags.
"""

from __future__ import annotations

from .config import ImageRef, SiteFacts
from .jsonld import ArticleFacts, iso_local

MetaTag = tuple[str, str, str]


def _image_tags(image: ImageRef) -> list[MetaTag]:
    tags: list[MetaTag] = [("property", "og:image", image.url)]
    if image.url.startswith("https://"):
        tags.append(("property", "og:image:secure_url", image.url))
    tags += [
        ("property", "og:image:type", image.mime),
        ("property", "og:image:width", str(image.width)),
        ("property", "og:image:height", str(image.height)),
    ]
    if image.alt:
        tags.append(("property", "og:image:alt", image.alt))
    return tags


def _twitter(title: str, description: str, image: ImageRef, site: SiteFacts) -> list[MetaTag]:
    tags: list[MetaTag] = [
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image.url),
    ]
    if image.alt:
        tags.append(("name", "twitter:image:alt", image.alt))
    if site.twitter_site:
        tags.append(("name", "twitter:site", site.twitter_site))
    return tags


def article_tags(article: ArticleFacts, site: SiteFacts, title: str) -> list[MetaTag]:
    """``title`` is what a preview shows: advertorials carry their label in it."""
    tags: list[MetaTag] = [
        ("property", "og:site_name", site.site_name),
        ("property", "og:locale", site.og_locale),
        ("property", "og:type", "article"),
        ("property", "og:title", title),
        ("property", "og:description", article.description),
        ("property", "og:url", article.url),
        *_image_tags(article.social_image),
        ("property", "article:published_time", iso_local(article.published, site.timezone)),
        ("property", "article:modified_time", iso_local(article.modified, site.timezone)),
        ("property", "article:section", article.section),
    ]
    tags += [("property", "article:author", person.url) for person in article.authors]
    tags += [("property", "article:tag", tag) for tag in article.tags]
    tags += _twitter(title, article.description, article.social_image, site)
    return tags


def website_tags(
    title: str, description: str, url: str, site: SiteFacts, image: ImageRef | None = None
) -> list[MetaTag]:
    """Pages that are not articles: the home page, listings, static pages."""
    image = image or site.default_image
    return [
        ("property", "og:site_name", site.site_name),
        ("property", "og:locale", site.og_locale),
        ("property", "og:type", "website"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        *_image_tags(image),
        *_twitter(title, description, image, site),
    ]
