"""schema.org JSON-LD for articles, pages and the home page.

Plain dicts built from plain values; ``script_json`` turns one into text that
is safe inside ``<script type="application/ld+json">``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from .config import ImageRef, SiteFacts

CONTEXT = "https://schema.org"
NEWS_TYPE = "NewsArticle"
# schema.org's type for paid content; Google reads it as sponsored (Dewan Pers PPMS 6a).
ADVERTORIAL_TYPE = "AdvertiserContentArticle"

# Inside a <script> element the HTML parser ends the element at "</script" and
# enters an escaped state at "<!--"; JSON allows any character as \uXXXX in a
# string, and < > & only ever occur inside strings, so escaping all three
# keeps every value intact and the element closed where we close it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(data: object) -> str:
    """``json.dumps`` made safe for an inline ``application/ld+json`` block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.translate(_SCRIPT_ESCAPES)


def iso_local(moment: datetime, timezone: str) -> str:
    """``2016-09-02T10:00:00+08:00``: a numeric offset, never a zone label."""
    return moment.astimezone(ZoneInfo(timezone)).isoformat(timespec="seconds")


def organization_id(site: SiteFacts) -> str:
    return f"{site.site_url}/#organization"


def website_id(site: SiteFacts) -> str:
    return f"{site.site_url}/#website"


def image_object(image: ImageRef) -> dict:
    return {
        "@type": "ImageObject",
        "url": image.url,
        "width": image.width,
        "height": image.height,
        "encodingFormat": image.mime,
    }


def organization(site: SiteFacts) -> dict:
    data = {
        "@type": "Organization",
        "@id": organization_id(site),
        "name": site.site_name,
        "legalName": site.publisher_name,
        "url": f"{site.site_url}/",
        "logo": image_object(site.logo),
    }
    if site.press_guideline_url:
        data["publishingPrinciples"] = site.press_guideline_url
    if site.same_as:
        data["sameAs"] = list(site.same_as)
    return data


@dataclass(frozen=True)
class PersonRef:
    name: str
    url: str  # absolute URL of the author page
    description: str = ""


@dataclass(frozen=True)
class ArticleFacts:
    """What the JSON-LD and the link preview of one article need."""

    url: str  # canonical, absolute
    title: str  # the headline: SEO-Title when the story has one, else Title
    description: str  # plain text
    published: datetime
    modified: datetime
    section: str  # category name
    section_url: str  # absolute
    tags: tuple[str, ...]
    authors: tuple[PersonRef, ...]
    images: tuple[ImageRef, ...]  # JSON-LD crops (16:9, 4:3, 1:1), widest first
    social_image: ImageRef  # the 1200x630 link-preview image
    is_advertorial: bool
    sponsor: str | None
    word_count: int | None


def news_article(article: ArticleFacts, site: SiteFacts) -> dict:
    data: dict = {
        "@context": CONTEXT,
        "@type": ADVERTORIAL_TYPE if article.is_advertorial else NEWS_TYPE,
        "@id": f"{article.url}#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": article.url},
        "url": article.url,
        "headline": article.title,
        "description": article.description,
        "inLanguage": site.language,
        "datePublished": iso_local(article.published, site.timezone),
        "dateModified": iso_local(article.modified, site.timezone),
        "articleSection": article.section,
        "author": [
            {
                "@type": "Person",
                "name": person.name,
                "url": person.url,
                **({"description": person.description} if person.description else {}),
            }
            for person in article.authors
        ],
        "publisher": organization(site),
        "isAccessibleForFree": True,
    }
    if article.images:
        data["image"] = [image_object(image) for image in article.images]
    if article.tags:
        data["keywords"] = list(article.tags)
    if article.word_count:
        data["wordCount"] = article.word_count
    if article.is_advertorial and article.sponsor:
        # Who paid, machine-readable as well as in the page's sponsor box.
        data["sponsor"] = {"@type": "Organization", "name": article.sponsor}
    return data


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """``trail`` is (name, absolute URL) from the home page to the current page."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def home_graph(site: SiteFacts) -> list[dict]:
    """The home page's Organization and WebSite (with the site search)."""
    website: dict = {
        "@context": CONTEXT,
        "@type": "WebSite",
        "@id": website_id(site),
        "url": f"{site.site_url}/",
        "name": site.site_name,
        "description": site.description,
        "inLanguage": site.language,
        "publisher": {"@id": organization_id(site)},
    }
    if site.search_url_template:
        website["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": site.search_url_template},
            "query-input": "required name=search_term_string",
        }
    return [{"@context": CONTEXT, **organization(site)}, website]
