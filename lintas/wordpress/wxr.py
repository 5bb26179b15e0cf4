"""Streaming reader of a WordPress export (WXR, any version 1.0–1.2).

The export is read with ``lxml.etree.iterparse`` and every element is cleared
once handled, so memory stays flat in the number of posts (a 50,000-post
export: BENCHMARKS.md "WordPress import"). Two passes over the file:

1. :func:`scan` keeps what posts refer to — authors, categories, tags,
   attachments (a featured image or a gallery may come after the post that
   uses it) — and counts the items, for the progress bar.
2. :func:`items` yields the posts and pages one at a time.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

WP_NAMESPACE = "http://wordpress.org/export/"  # + "1.0/", "1.1/", "1.2/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


def _kind(namespace: str | None) -> str:
    if not namespace:
        return ""
    if namespace.startswith(WP_NAMESPACE):
        return "excerpt" if "/excerpt/" in namespace else "wp"
    return {CONTENT_NAMESPACE: "content", DC_NAMESPACE: "dc"}.get(namespace, namespace)


def _key(element) -> str:
    name = etree.QName(element)
    kind = _kind(name.namespace)
    return f"{kind}:{name.localname}" if kind else name.localname


def _fields(element) -> dict[str, list]:
    """Children by ``kind:localname`` (``wp:post_id``, ``content:encoded``, ``title``),
    whatever WXR version's namespace URI they carry."""
    found: dict[str, list] = {}
    for child in element:
        if isinstance(child.tag, str):
            found.setdefault(_key(child), []).append(child)
    return found


def _text(fields: dict[str, list], key: str) -> str:
    items = fields.get(key)
    return (items[0].text or "").strip() if items else ""


@dataclass(slots=True)
class Attachment:
    id: str
    url: str
    relative_file: str  # _wp_attached_file: "2016/09/foto.jpg"
    alt: str
    caption: str  # HTML of the excerpt
    parent: str
    link: str  # the attachment page
    slug: str


@dataclass(slots=True)
class Term:
    id: str
    slug: str  # nicename, percent-decoded
    name: str
    parent: str = ""  # parent's slug (categories)


@dataclass(slots=True)
class Author:
    id: str
    login: str
    display_name: str


@dataclass
class Item:
    """One post or page (or another post type, reported and skipped)."""

    id: str
    type: str
    title: str
    slug: str  # wp:post_name, percent-decoded
    status: str
    date_local: str
    date_gmt: str
    creator: str
    content: str
    excerpt: str
    link: str
    parent: str
    categories: list[tuple[str, str]]  # (name, nicename)
    tags: list[tuple[str, str]]  # (name, nicename)
    meta: dict[str, str]
    old_slugs: list[str] = field(default_factory=list)  # _wp_old_slug: renamed in WordPress


@dataclass
class Site:
    """What pass 1 learned: everything posts refer to, and the counts."""

    base_url: str = ""
    authors: dict[str, Author] = field(default_factory=dict)  # by login
    categories: dict[str, Term] = field(default_factory=dict)  # by slug
    tags: dict[str, Term] = field(default_factory=dict)  # by slug
    attachments: dict[str, Attachment] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)  # post id → its attachments
    counts: Counter = field(default_factory=Counter)  # item type → number
    permalink_shapes: Counter = field(default_factory=Counter)

    def category_path(self, slug: str) -> str:
        """``parent/child`` as WordPress puts it in /category/…/ and %category%."""
        parts, seen = [], set()
        while slug and slug not in seen:
            seen.add(slug)
            parts.append(slug)
            term = self.categories.get(slug)
            slug = term.parent if term else ""
        return "/".join(reversed(parts))

    @property
    def permalink_structure(self) -> str | None:
        """The structure most published posts' links follow, e.g.
        ``/%year%/%monthnum%/%day%/%postname%/``; None when the links are plain ``/?p=123``."""
        for shape, _count in self.permalink_shapes.most_common():
            if shape:
                return shape
        return None


def _parser_options() -> dict:
    return {
        "huge_tree": True,
        "resolve_entities": False,
        "no_network": True,
        "remove_blank_text": False,
    }


def _release(element) -> None:
    """Free a handled element and the siblings before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _iter_elements(path: Path, tags: tuple[str, ...]) -> Iterator:
    context = etree.iterparse(str(path), events=("end",), tag=tags, **_parser_options())
    saw_channel = False
    for _event, element in context:
        local = etree.QName(element).localname
        if local == "channel":
            saw_channel = True
            continue
        yield element
    if not saw_channel:
        raise ValueError(f"{path} is not a WordPress export (no <channel>)")


def _meta(fields: dict[str, list]) -> tuple[dict[str, str], list[str]]:
    meta, old_slugs = {}, []
    for entry in fields.get("wp:postmeta", []):
        entry_fields = _fields(entry)
        key = _text(entry_fields, "wp:meta_key")
        value = _text(entry_fields, "wp:meta_value")
        if key == "_wp_old_slug":
            old_slugs.append(unquote(value))
        else:
            meta[key] = value
    return meta, old_slugs


SCAN_TAGS = (
    "channel",
    "item",
    "{*}author",
    "{*}category",
    "{*}tag",
    "{*}base_site_url",
    "{*}base_blog_url",
)


def scan(path: Path) -> Site:
    """Pass 1. Raises ``etree.XMLSyntaxError``/``OSError``/``ValueError`` when unreadable."""
    site = Site()
    for element in _iter_elements(path, SCAN_TAGS):
        key = _key(element)
        parent = element.getparent()
        in_channel = parent is not None and etree.QName(parent).localname == "channel"
        if key in ("wp:base_site_url", "wp:base_blog_url") and in_channel:
            # The blog's address (base_blog_url) is where its permalinks start.
            if key == "wp:base_blog_url" or not site.base_url:
                site.base_url = (element.text or "").strip() or site.base_url
            continue
        if not in_channel and key != "item":
            continue  # an item's own <category>: read with the item
        fields = _fields(element)
        if key == "wp:author":
            login = _text(fields, "wp:author_login")
            site.authors[login] = Author(
                _text(fields, "wp:author_id"),
                login,
                _text(fields, "wp:author_display_name") or login,
            )
        elif key == "wp:category":
            slug = unquote(_text(fields, "wp:category_nicename"))
            site.categories[slug] = Term(
                _text(fields, "wp:term_id"),
                slug,
                html.unescape(_text(fields, "wp:cat_name")),
                unquote(_text(fields, "wp:category_parent")),
            )
        elif key == "wp:tag":
            slug = unquote(_text(fields, "wp:tag_slug"))
            site.tags[slug] = Term(
                _text(fields, "wp:term_id"), slug, html.unescape(_text(fields, "wp:tag_name"))
            )
        elif key == "item":
            kind = _text(fields, "wp:post_type")
            site.counts[kind] += 1
            if kind == "attachment":
                meta, _old = _meta(fields)
                attachment_id = _text(fields, "wp:post_id")
                site.attachments[attachment_id] = Attachment(
                    id=attachment_id,
                    url=_text(fields, "wp:attachment_url"),
                    relative_file=meta.get("_wp_attached_file", ""),
                    alt=meta.get("_wp_attachment_image_alt", ""),
                    caption=_text(fields, "excerpt:encoded"),
                    parent=_text(fields, "wp:post_parent"),
                    link=_text(fields, "link"),
                    slug=unquote(_text(fields, "wp:post_name")),
                )
                parent = _text(fields, "wp:post_parent")
                if parent and parent != "0":
                    site.children.setdefault(parent, []).append(attachment_id)
            elif kind == "post" and _text(fields, "wp:status") == "publish":
                site.permalink_shapes[_shape(_item(fields), site)] += 1
            _release(element)
            continue
        _release(element)
    return site


def _item(fields: dict[str, list]) -> Item:
    meta, old_slugs = _meta(fields)
    categories, tags = [], []
    for term in fields.get("category", []):
        pair = ((term.text or "").strip(), unquote(term.get("nicename", "")))
        if term.get("domain") == "category":
            categories.append(pair)
        elif term.get("domain") == "post_tag":
            tags.append(pair)
    return Item(
        id=_text(fields, "wp:post_id"),
        type=_text(fields, "wp:post_type"),
        title=_text(fields, "title"),
        slug=unquote(_text(fields, "wp:post_name")),
        status=_text(fields, "wp:status"),
        date_local=_text(fields, "wp:post_date"),
        date_gmt=_text(fields, "wp:post_date_gmt"),
        creator=_text(fields, "dc:creator"),
        content=_text(fields, "content:encoded"),
        excerpt=_text(fields, "excerpt:encoded"),
        link=_text(fields, "link"),
        parent=_text(fields, "wp:post_parent"),
        categories=categories,
        tags=tags,
        meta=meta,
        old_slugs=old_slugs,
    )


def items(path: Path) -> Iterator[Item]:
    """Pass 2: every item that is not an attachment, in the export's order."""
    for element in _iter_elements(path, ("channel", "item")):
        fields = _fields(element)
        if _text(fields, "wp:post_type") != "attachment":
            yield _item(fields)
        _release(element)


# --- permalinks -------------------------------------------------------------------

WP_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$")


def permalink_values(item: Item, site: Site) -> dict[str, str]:
    """The values WordPress puts into a permalink structure for one post."""
    values = {"%post_id%": item.id, "%postname%": item.slug, "%pagename%": item.slug}
    date = WP_DATE.match(item.date_local)
    if date:
        for name, value in zip(
            ("year", "monthnum", "day", "hour", "minute", "second"), date.groups(), strict=True
        ):
            values[f"%{name}%"] = value
    if item.categories:
        # WordPress takes the category with the lowest term id.
        def term_order(pair: tuple[str, str]) -> int:
            term = site.categories.get(pair[1])
            return int(term.id) if term and term.id.isdigit() else 1 << 30

        first = min(item.categories, key=term_order)[1]
        values["%category%"] = site.category_path(first)
    author = site.authors.get(item.creator)
    values["%author%"] = author_nicename(author.login if author else item.creator)
    return values


def author_nicename(login: str) -> str:
    """WordPress's ``user_nicename`` (``sanitize_title`` of the login), near enough."""
    return re.sub(r"[^a-z0-9_-]+", "-", login.lower()).strip("-")


def render_structure(structure: str, values: dict[str, str]) -> str | None:
    """``/%year%/%monthnum%/%postname%/`` with one post's values; None when the
    post lacks a value the structure needs."""
    out = structure
    for token in re.findall(r"%[a-z_]+%", structure):
        if not values.get(token):
            return None
        out = out.replace(token, values[token])
    return out if out.startswith("/") else "/" + out


def _shape(item: Item, site: Site) -> str:
    """The permalink structure one post's ``<link>`` follows ('' for ``/?p=123``)."""
    path = unquote(urlsplit(item.link).path)
    base = unquote(urlsplit(site.base_url).path).rstrip("/")
    if base and path.startswith(base):
        path = path[len(base) :]
    if not path.strip("/"):
        return ""
    values = permalink_values(item, site)
    category = values.get("%category%")
    if category and f"/{category}/" in f"/{path.strip('/')}/":
        path = f"/{path.strip('/')}/".replace(f"/{category}/", "/%category%/", 1)[:-1] + (
            "/" if path.endswith("/") else ""
        )
    segments = []
    for segment in path.strip("/").split("/"):
        if segment.startswith("%"):
            pass
        elif item.slug and item.slug in segment:
            segment = segment.replace(item.slug, "%postname%")
            if item.id:  # /42-festival.html: the id beside the slug
                segment = re.sub(rf"(?<![0-9%]){item.id}(?![0-9])", "%post_id%", segment)
        elif segment == item.id:
            segment = "%post_id%"
        else:
            for token in ("%year%", "%monthnum%", "%day%", "%author%"):
                if segment == values.get(token):
                    segment = token
                    break
        segments.append(segment)
    return "/" + "/".join(segments) + ("/" if path.endswith("/") else "")
