"""What each page of the theme shows: the one place render keys are defined.

A page is rendered again only when its key changes. The key is the digest of

- the build-wide inputs (``Build.site``): settings, plugin code, gettext
  catalogs, theme static files, and what ``base.html`` prints on every page
  (section navigation, regions, static pages);
- the template and every template it extends, includes or imports;
- the page's own identity (output path, page name, URL);
- the parts listed below for its template, read from the same context the
  template gets.

The parts mirror ``theme/templates`` (and ``plugins/reader_theme``, which puts
``category_sections``, ``regions``, ``related_articles``, ``section_latest``,
the neighbours, ``front_headline`` and ``editor_picks`` in the context).
**When a template starts to read something new from the global context, add it
here**; the byte-for-byte tests in ``tests/scale`` compare an
incremental build with a clean one and catch what is missing. A template not
listed here has no key and is always rendered: slower, never wrong.

Article digests come in two sizes:

- *card*: everything a listing card, a neighbour link or a related-stories card
  can show, i.e. every attribute of the article except the body and its links
  to other articles. Editing a story's body changes its card only when its
  summary comes from the body;
- *page*: the card, the body, and the cards of its related stories, of its
  section's sidebar and of its neighbours. The head metadata (JSON-LD, Open
  Graph) is made from these and the settings by plugins/structured_data, so
  it needs no digest of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pelican.contents import Content

from lintas.core.digest import new_hash, stable_digest
from lintas.pelican_compat import content_html

from . import readercache

# Attributes of an article a card does not depend on: the body (its card digest
# takes ``summary`` instead), the web of links to other articles (their cards
# are added to the page digest), the page-only head metadata, and Pelican's
# plumbing (settings and the shared context are digested once per build).
PAGE_ONLY = frozenset(
    {
        "_content",
        "photos_source_html",  # photos plugin: the body before its markup
        "related_articles",
        "section_latest",
        "newer_article",
        "older_article",
        # plugins/structured_data: a function of the article, its photos and the
        # settings, all in the key already; hashing it again would be slower.
        "head_metadata",
    }
)
PLUMBING = frozenset({"settings", "_context", "translations", "metadata", "_summary"})
NOT_ON_CARDS = PAGE_ONLY | PLUMBING
# Pelican rewrites {filename}…/{static}… links in the body at render time from
# other objects' URLs; a body holding one is digested after that rewrite.
INTRASITE_LINK = re.compile(r"[{|](?:filename|static|attach|category|tag|author|index)[}|]")


class ArticleDigests:
    """Card and body digests of content objects, each computed once per build,
    and page digests made from them.

    Most stories are the same as in the last build. ``recall`` gives the last
    build's digests (``{source path: [origin, card, body]}``, kept only while
    the code key is the same): a story whose *origin* is unchanged, i.e. the
    same files (the reader cache's stamp of its bundle) and the same status,
    takes its card and body digests from there instead of being pickled and
    hashed again (0.2 s of every rebuild at 3,000 stories, BENCHMARKS.md).
    This holds because a card is made only from the story's own files, the
    settings and the code: what comes from other stories is not on a card
    (``PAGE_ONLY``), and a story whose summary or body links to another
    (``{filename}…``, whose URL can change) is always digested afresh.
    """

    def __init__(self, recall: Callable[[], Mapping[str, list]] = dict) -> None:
        self._cards: dict[int, str] = {}
        self._bodies: dict[int, str] = {}
        self._pages: dict[int, str] = {}
        self._recall = recall
        self._recalled: Mapping[str, list] | None = None
        self.remembered: dict[str, list] = {}  # for the next build

    def _origin(self, item: Content) -> str | None:
        stamp = readercache.stamps_taken.get(item.source_path)
        if stamp is None:
            return None
        # repr, not the pickler: a stamp is a tuple of names and numbers.
        h = new_hash()
        h.update(repr((type(item).__name__, stamp, getattr(item, "status", None))).encode())
        return h.hexdigest()

    def _digest(self, item: Content) -> None:
        """Fill ``_cards`` and ``_bodies`` for ``item``."""
        key = id(item)  # the objects live for the whole build
        origin = self._origin(item)
        if origin is not None:
            if self._recalled is None:
                self._recalled = self._recall()
            saved = self._recalled.get(item.source_path)
            if saved is not None and saved[0] == origin:
                self._cards[key], self._bodies[key] = saved[1], saved[2]
                self.remembered[item.source_path] = saved
                return
        state = vars(item)
        shown = [(k, state[k]) for k in sorted(state) if k not in NOT_ON_CARDS]
        card = stable_digest(type(item).__name__, item.url, item.summary, shown)
        body = content_html(item) or ""
        links = bool(INTRASITE_LINK.search(body))
        if links:
            # With the links' targets written out (absolute form: with
            # RELATIVE_URLS the page's own path, also in its key, does the rest).
            body = item.get_content(item.settings["SITEURL"])
        h = new_hash()
        h.update(body.encode("utf-8", "surrogatepass"))
        self._cards[key], self._bodies[key] = card, h.hexdigest()
        # Same origin, same text: a story remembered without links has none next
        # time either, so only stories that show another story's URL are left out.
        summary = getattr(item, "_summary", None)
        if origin is not None and not links and not (summary and INTRASITE_LINK.search(summary)):
            self.remembered[item.source_path] = [origin, card, self._bodies[key]]

    def card(self, item: Content) -> str:
        """Everything a card, a neighbour link or a related-stories card can show."""
        found = self._cards.get(id(item))
        if found is None:
            self._digest(item)
            found = self._cards[id(item)]
        return found

    def cards(self, items: Sequence[Content] | None) -> list[str]:
        return [self.card(item) for item in items or ()]

    def body(self, item: Content) -> str:
        """The story's HTML as templates and feeds get it."""
        found = self._bodies.get(id(item))
        if found is None:
            self._digest(item)
            found = self._bodies[id(item)]
        return found

    def feed_inputs(self, inputs: Sequence[Any]) -> list:
        """Inputs of a feed: each story as its card and body (a feed item shows
        no related stories or neighbours)."""

        def item(value: Any) -> Any:
            if isinstance(value, Content):
                return (self.card(value), self.body(value))
            if isinstance(value, list | tuple) and value and isinstance(value[0], Content):
                return [item(v) for v in value]
            return value

        return [item(value) for value in inputs]

    def page(self, item: Content) -> str:
        key = id(item)
        found = self._pages.get(key)
        if found is None:
            linked = []
            for name in ("related_articles", "section_latest", "newer_article", "older_article"):
                others = getattr(item, name, None)
                linked.append(self.cards([others] if isinstance(others, Content) else others))
            found = self._pages[key] = stable_digest(self.card(item), self.body(item), linked)
        return found


# --- the parts of each template ---------------------------------------------------

Parts = Callable[["PageView"], list]


class PageView:
    """One page about to be rendered: its local context, and the build's digests."""

    def __init__(self, context: Mapping[str, Any], digests: ArticleDigests):
        self.c = context
        self.d = digests

    def get(self, name: str, default: Any = None) -> Any:
        return self.c.get(name, default)

    def feeds(self, **which: Any) -> list:
        """The autodiscovery links ``_head_feeds.html`` prints (plugins/syndication)."""
        catalog = self.c.get("SYNDICATION")
        if not catalog:
            return []
        return [(f.url, f.mime, f.title) for f in catalog.autodiscovery(**which)]

    def feed_spec(self, kind: str, slug: str) -> list:
        """The "RSS feed" link a listing prints (``_macros.html`` ``feed_link``)."""
        catalog = self.c.get("SYNDICATION")
        spec = catalog.get(kind, slug) if catalog else None
        return [] if spec is None else [spec.title, [(f.url, f.format) for f in spec.links]]

    def listing(self) -> list:
        """``_macros.html`` ``listing``/``pagination``: the cards of this page and
        its neighbours' URLs. Archive pages (plugins/reader_theme/pagination.py)
        print no total, so a new story leaves them alone; a front page may show
        how many stories the whole list has (author.html)."""
        page = self.c.get("articles_page")
        if page is None:
            return [self.d.cards(self.c.get("articles"))]
        older = self.c.get("articles_next_page")
        newer = self.c.get("articles_previous_page")
        front = page.is_front
        return [
            front,
            page.number,
            page.paginator.count if front else None,
            newer.url if newer else None,
            older.url if older else None,
            self.d.cards(page.object_list),
        ]

    def taxonomy(self, kind: str) -> list:
        """A category, tag, author or region page: its own object, feeds and cards."""
        item = self.c[kind]
        return [
            item,
            item.url,
            self.feeds(**{kind: item}),
            self.feed_spec(kind, item.slug),
            self.listing(),
        ]


def _article(v: PageView) -> list:
    article = v.c["article"]
    # The sidebar's editors' picks (plugins/reader_theme): the same on every story.
    return [v.d.page(article), v.feeds(article=article), v.d.cards(v.c.get("editor_picks"))]


def _page(v: PageView) -> list:
    page = v.c["page"]
    return [v.d.page(page), v.feeds()]


def _index(v: PageView) -> list:
    parts = [v.feeds(), v.listing()]
    page = v.c.get("articles_page")
    if page is None or page.is_front:
        # The home page also shows the newest advertorials and, per section, the
        # newest stories not already on the page (index.html).
        settings_ads = v.c["THEME_HOME_ADVERTORIALS"]
        per_section = v.c["THEME_HOME_SECTION_ARTICLES"]
        shown = len(page.object_list) if page is not None else 0
        ads = [a for a in v.c["articles"] if getattr(a, "is_advertorial", False)]
        parts.append(v.d.cards(ads[:settings_ads]))
        # The editors' curation at the build clock (plugins/reader_theme).
        headline = v.c.get("front_headline")
        parts += [v.d.cards([headline] if headline else []), v.d.cards(v.c.get("editor_picks"))]
        for category, items in v.c.get("category_sections", ()):
            parts += [category, v.d.cards(items[: per_section + shown])]
    return parts


def _period(v: PageView) -> list:
    first = v.c["dates"][0].date
    return [(first.year, first.month), v.feeds(), v.listing()]


def _counted(name: str) -> Parts:
    """An index page of a taxonomy: every member with its URL and story count."""

    def parts(v: PageView) -> list:
        return [v.feeds(), [(item, item.url, len(items)) for item, items in v.c.get(name, ())]]

    return parts


def _archives(v: PageView) -> list:
    months = v.c.get("period_archives", {}).get("month", ())
    return [v.feeds(), [(m["url"], m["dates"][0].date, len(m["dates"])) for m in months]]


def _feeds(v: PageView) -> list:
    catalog = v.c.get("SYNDICATION")
    specs = catalog.specs if catalog else ()
    return [
        v.feeds(),
        [(s.kind, s.slug, s.name, s.title, s.description, s.links) for s in specs],
    ]


def _not_found(v: PageView) -> list:
    news = [a for a in v.c.get("articles", ()) if not getattr(a, "is_advertorial", False)]
    return [v.d.cards(news[: v.c["THEME_ERROR_LATEST"]])]


TEMPLATES: dict[str, Parts] = {
    "article": _article,
    "page": _page,
    "index": _index,
    "category": lambda v: [v.taxonomy("category")],
    "tag": lambda v: [v.taxonomy("tag")],
    "author": lambda v: [v.taxonomy("author")],  # + NEWSROOM_AUTHORS: in the settings
    "region": lambda v: [v.taxonomy("region")],
    "period_archives": _period,
    "archives": _archives,
    "categories": _counted("category_sections"),
    "tags": _counted("tags"),
    "authors": _counted("authors"),
    "regions": _counted("regions"),
    "feeds": _feeds,
    "search": lambda v: [v.feeds()],
    "404": _not_found,
}


def site_parts(context: Mapping[str, Any]) -> list:
    """What ``base.html`` prints on every page, beyond the settings: the section
    navigation, the regions in the footer, the static pages (footer links, and
    the press guideline's URL in every page's JSON-LD)."""
    return [
        [(c, c.url) for c, _items in context.get("category_sections", ())],
        [(r, r.url) for r, _items in context.get("regions", ())],
        [(p.title, p.url, getattr(p, "slug", "")) for p in context.get("pages", ())],
    ]


def parts_of(template: str, context: Mapping[str, Any], digests: ArticleDigests) -> list | None:
    """The parts of one page's key, or None when the template is not described."""
    parts = TEMPLATES.get(template)
    if parts is None:
        return None
    view = PageView(context, digests)
    return [
        context.get("output_file"),
        context.get("page_name"),
        context.get("url"),
        *parts(view),
    ]
