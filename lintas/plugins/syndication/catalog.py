"""Which feeds exist, where they live, and which articles each one carries.

Built once per build from the article list (``all_generators_finalized``);
templates read it for autodiscovery links and the Feeds page, the writers for
the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from pelican.urlwrappers import URLWrapper

from .config import FORMAT_LABELS, MIME_TYPES, SyndicationConfig

KINDS = ("site", "news", "category", "tag", "author", "region")
SITE_FORMATS = ("rss", "atom", "json")
SECTION_FORMATS = ("rss", "atom")


@dataclass(frozen=True)
class FeedLink:
    """One ``<link rel="alternate">``: what templates print."""

    url: str
    mime: str
    title: str
    format: str
    label: str  # "RSS", "Atom", "JSON Feed"


@dataclass(frozen=True)
class FeedSpec:
    kind: str
    slug: str  # "" for the site and news feeds
    name: str  # the category, tag, author or region name; "" for site/news
    title: str
    description: str
    home_url: str  # the page the feed belongs to (the channel <link>)
    directory: str  # site-relative folder, e.g. "kategori/ekonomi/feed/"
    formats: tuple[str, ...]
    config: SyndicationConfig = field(repr=False, compare=False)

    def path(self, fmt: str) -> str:
        return self.directory + self.config.files[fmt]

    def url(self, fmt: str) -> str:
        return self.config.url(self.path(fmt))

    def link(self, fmt: str) -> FeedLink:
        return self._links[fmt]

    @property
    def links(self) -> list[FeedLink]:
        return list(self._links.values())

    @cached_property
    def _links(self) -> dict[str, FeedLink]:
        # Every page of the site asks for these: build them once.
        out = {}
        for fmt in self.formats:
            label = FORMAT_LABELS[fmt]
            title = f"{self.title} ({label})"
            out[fmt] = FeedLink(self.url(fmt), MIME_TYPES[fmt], title, fmt, label)
        return out


class Region(URLWrapper):
    """A region name as Pelican slugs it: the same class name as the reader
    theme's region pages, so REGION_REGEX_SUBSTITUTIONS applies to both."""


def _is_advertorial(article) -> bool:
    return bool(getattr(article, "is_advertorial", False))


def _newest_first(articles: Iterable, urls: dict[int, str]) -> list:
    """Newest first; the URL breaks ties so reading order never matters."""
    return sorted(articles, key=lambda a: (a.date, urls[id(a)]), reverse=True)


class FeedCatalog:
    """Every feed of the site, with its articles newest first."""

    def __init__(self, config: SyndicationConfig, settings: dict, articles: Iterable = ()):
        self.config = config
        self._settings = settings
        # Pelican computes article.url on every access: once per article is enough.
        self._urls = {id(article): article.url for article in articles}
        self.specs: list[FeedSpec] = []
        self.articles: dict[tuple[str, str], list] = {}
        self._by_key: dict[tuple[str, str], FeedSpec] = {}
        self._region_slugs: dict[str, str] = {}

    def add(self, spec: FeedSpec, articles: Iterable) -> None:
        key = (spec.kind, spec.slug)
        if key in self._by_key:
            raise ValueError(f"two {spec.kind} feeds share the slug '{spec.slug}'")
        self._by_key[key] = spec
        self.specs.append(spec)
        self.articles[key] = _newest_first(articles, self._urls)

    def get(self, kind: str, slug: str = "") -> FeedSpec | None:
        return self._by_key.get((kind, slug))

    def items_of(self, spec: FeedSpec) -> list:
        return self.articles[(spec.kind, spec.slug)]

    def of_kind(self, kind: str) -> list[FeedSpec]:
        return [spec for spec in self.specs if spec.kind == kind]

    @property
    def paths(self) -> list[str]:
        return [spec.path(fmt) for spec in self.specs for fmt in spec.formats]

    def region_slug(self, name: str) -> str:
        # Asked for on every article page: slugify once per region name.
        if name not in self._region_slugs:
            self._region_slugs[name] = Region(name, self._settings).slug
        return self._region_slugs[name]

    # -- for templates ------------------------------------------------------

    def autodiscovery(
        self, article=None, category=None, tag=None, author=None, region=None
    ) -> list[FeedLink]:
        """The feeds that fit a page: the site's everywhere, plus on an article
        its category, region, authors and tags (RSS), on a listing page that
        listing's feed (RSS and Atom)."""
        site = self.get("site")
        links = list(site.links) if site else []
        if article is not None:
            wanted = [("category", getattr(article.category, "slug", ""))]
            if getattr(article, "region", None):
                wanted.append(("region", self.region_slug(article.region)))
            wanted += [("author", a.slug) for a in getattr(article, "authors", None) or []]
            wanted += [("tag", t.slug) for t in getattr(article, "tags", None) or []]
            for kind, slug in wanted:
                spec = self.get(kind, slug)
                if spec is not None:
                    links.append(spec.link("rss"))
            return links
        for kind, value in (
            ("category", category),
            ("tag", tag),
            ("author", author),
            ("region", region),
        ):
            if value is None:
                continue
            # A region is a plain string on articles, a Region on region pages.
            slug = self.region_slug(value) if isinstance(value, str) else value.slug
            spec = self.get(kind, slug)
            if spec is not None:
                links += spec.links
        return links


def build_catalog(
    articles: list,
    config: SyndicationConfig,
    gettext: Callable[[str], str],
    settings: dict,
) -> FeedCatalog:
    """All feeds for the published ``articles`` (drafts and embargoed ones are
    never in Pelican's article list)."""
    _ = gettext
    catalog = FeedCatalog(config, settings, articles)
    dirs = config.dirs

    def section_title(section: str) -> str:
        return config.title_format.format(site=config.sitename, section=section)

    catalog.add(
        FeedSpec(
            "site",
            "",
            "",
            config.sitename,
            config.site_description,
            config.home_url,
            dirs["site"],
            SITE_FORMATS,
            config,
        ),
        articles,
    )
    catalog.add(
        FeedSpec(
            "news",
            "",
            "",
            section_title(_("News (no advertorials)")),
            _("News from %(site)s for aggregators and partners, without advertorials.")
            % {"site": config.sitename},
            config.home_url,
            dirs["news"],
            SITE_FORMATS,  # JSON Feed too: partners' tickers read it in the browser
            config,
        ),
        [a for a in articles if not _is_advertorial(a)],
    )

    groups: dict[str, dict[str, tuple[object, list]]] = {"category": {}, "tag": {}, "author": {}}
    for article in articles:
        members = [("category", article.category)]
        members += [("tag", tag) for tag in getattr(article, "tags", None) or []]
        members += [("author", author) for author in getattr(article, "authors", None) or []]
        for kind, wrapper in members:
            groups[kind].setdefault(wrapper.slug, (wrapper, []))[1].append(article)

    labels = {
        "category": (_("Category: %(name)s"), _("Latest articles in the %(name)s category")),
        "tag": (_("Topic: %(name)s"), _("Latest articles on %(name)s")),
        "author": (_("Author: %(name)s"), _("Latest articles by %(name)s")),
        "region": (_("Region: %(name)s"), _("Latest news from %(name)s")),
    }
    for kind in ("category", "tag", "author"):
        section, description = labels[kind]
        for slug, (wrapper, members) in sorted(
            groups[kind].items(), key=lambda item: item[1][0].name.casefold()
        ):
            catalog.add(
                FeedSpec(
                    kind,
                    slug,
                    wrapper.name,
                    section_title(section % {"name": wrapper.name}),
                    description % {"name": wrapper.name},
                    config.url(wrapper.url),
                    dirs[kind].format(slug=slug),
                    SECTION_FORMATS,
                    config,
                ),
                members,
            )

    # Regions in the configured order (west to east as editors know them).
    by_region: dict[str, list] = {}
    for article in articles:
        if getattr(article, "region", None):
            by_region.setdefault(article.region, []).append(article)
    ordered = list(settings.get("NEWSROOM_REGIONS", []))
    ordered += sorted(name for name in by_region if name not in ordered)
    section, description = labels["region"]
    for name in ordered:
        if name not in by_region:
            continue
        slug = catalog.region_slug(name)
        home = config.url(config.region_url.format(slug=slug)) if config.region_url else None
        catalog.add(
            FeedSpec(
                "region",
                slug,
                name,
                section_title(section % {"name": name}),
                description % {"name": name},
                home or config.home_url,
                dirs["region"].format(slug=slug),
                SECTION_FORMATS,
                config,
            ),
            by_region[name],
        )

    return catalog
