"""WordPress export (WXR) → Lintas article bundles.

``lintas import-wordpress`` is the CLI. Each post becomes
``<output>/<YYYY>/<MM>/<slug>/index.md`` with the photos it uses copied from
the WordPress uploads folder beside it. What cannot be converted faithfully is
never guessed at silently: it goes into the post's report.

Choices (see also docs/operations.md):

- Dates: ``wp:post_date_gmt`` (UTC) when present, else ``wp:post_date`` read
  in the WordPress site's timezone; written in the portal's timezone (WITA).
- A category that is not one of ``NEWSROOM_CATEGORIES`` (compared without
  case) is reported; when none of a post's categories maps, the first one is
  written anyway, so ``check_content.py`` stops the post until an editor picks
  a real one. Extra categories become tags.
- An author who is not in ``NEWSROOM_AUTHORS`` is written as WordPress named
  them and reported, rather than credited to someone else: attributing a story
  to the wrong journalist is worse than a post held back by the checker.
- An image that is not in the uploads folder is left out of the body (the post
  still passes the checker) and reported with the path that was looked for.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from lxml import etree
from lxml import html as lxml_html

from lintas.core.frontmatter import parse_front_matter, strip_control_characters
from lintas.core.schema import ARTICLE_FIELDS, SLUG_PATTERN
from lintas.core.slugs import slugify_title

# --- the WXR format ------------------------------------------------------------

WP_NAMESPACE = "http://wordpress.org/export/"  # + "1.0/", "1.1/", "1.2/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
NO_DATE = "0000-00-00 00:00:00"  # WordPress's "never" (drafts have no GMT date)
WP_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
UPLOADS_MARKER = "/wp-content/uploads/"
# WordPress's own default category: a placeholder, not a topic.
DEFAULT_WP_CATEGORIES = {"uncategorized", "tak-berkategori", "tanpa-kategori"}
# Resized copies WordPress makes: foto-300x200.jpg, and foto-scaled.jpg (5.3+).
SIZE_VARIANT = re.compile(r"-(?:\d+x\d+|scaled)(?=\.[A-Za-z0-9]+$)")
# Lazy-loading plugins keep the real address in one of these.
IMAGE_SOURCE_ATTRIBUTES = ("src", "data-orig-file", "data-lazy-src", "data-src")
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
HEADER_DATE_FORMAT = "%Y-%m-%d %H:%M"

# wp:status → what Lintas makes of it
PUBLISHED, DRAFT, SKIP = "published", "draft", "skip"
STATUS_MAP = {
    "publish": PUBLISHED,
    "future": PUBLISHED,  # a future Date is an embargo in Lintas
    "draft": DRAFT,
    "pending": DRAFT,
    "private": DRAFT,
    "trash": SKIP,
    "auto-draft": SKIP,
    "inherit": SKIP,
}


def _kind(namespace: str | None) -> str:
    if not namespace:
        return ""
    if namespace.startswith(WP_NAMESPACE):
        return "excerpt" if "/excerpt/" in namespace else "wp"
    return {CONTENT_NAMESPACE: "content", DC_NAMESPACE: "dc"}.get(namespace, namespace)


def _fields(element) -> dict[str, list]:
    """Children by ``kind:localname`` (``wp:post_id``, ``content:encoded``, ``title``),
    whatever WXR version's namespace URI they carry."""
    found: dict[str, list] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child)
        kind = _kind(name.namespace)
        found.setdefault(f"{kind}:{name.localname}" if kind else name.localname, []).append(child)
    return found


def _text(fields: dict[str, list], key: str) -> str:
    items = fields.get(key)
    return (items[0].text or "").strip() if items else ""


@dataclass
class Attachment:
    id: str
    url: str
    relative_file: str  # _wp_attached_file: "2016/09/foto.jpg"
    alt: str
    caption: str
    parent: str


@dataclass
class Post:
    id: str
    type: str
    title: str
    slug: str
    status: str
    date_local: str
    date_gmt: str
    creator: str
    content: str
    excerpt: str
    categories: list[tuple[str, str]]  # (name, nicename)
    tags: list[str]
    meta: dict[str, str]


@dataclass
class Export:
    authors: dict[str, str]  # login → display name
    posts: list[Post]
    attachments: dict[str, Attachment]


def parse_export(path: Path) -> Export:
    """Read a WXR file; raises ``etree.XMLSyntaxError``/``OSError`` when unreadable."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    channel = root.find("channel")
    if channel is None:
        raise ValueError(f"{path} is not a WordPress export (no <channel>)")
    authors = {}
    for author in channel:
        if isinstance(author.tag, str) and etree.QName(author).localname == "author":
            fields = _fields(author)
            login = _text(fields, "wp:author_login")
            authors[login] = _text(fields, "wp:author_display_name") or login
    posts, attachments = [], {}
    for item in channel.iter("item"):
        fields = _fields(item)
        meta = {
            _text(_fields(m), "wp:meta_key"): _text(_fields(m), "wp:meta_value")
            for m in fields.get("wp:postmeta", [])
        }
        post = Post(
            id=_text(fields, "wp:post_id"),
            type=_text(fields, "wp:post_type"),
            title=_text(fields, "title"),
            slug=_text(fields, "wp:post_name"),
            status=_text(fields, "wp:status"),
            date_local=_text(fields, "wp:post_date"),
            date_gmt=_text(fields, "wp:post_date_gmt"),
            creator=_text(fields, "dc:creator"),
            content=_text(fields, "content:encoded"),
            excerpt=_text(fields, "excerpt:encoded"),
            categories=[
                ((c.text or "").strip(), c.get("nicename", ""))
                for c in fields.get("category", [])
                if c.get("domain") == "category"
            ],
            tags=[
                (c.text or "").strip()
                for c in fields.get("category", [])
                if c.get("domain") == "post_tag"
            ],
            meta=meta,
        )
        if post.type == "attachment":
            attachments[post.id] = Attachment(
                id=post.id,
                url=_text(fields, "wp:attachment_url"),
                relative_file=meta.get("_wp_attached_file", ""),
                alt=meta.get("_wp_attachment_image_alt", ""),
                caption=_plain(post.excerpt),
                parent=_text(fields, "wp:post_parent"),
            )
        else:
            posts.append(post)
    return Export(authors, posts, attachments)


# --- small text helpers ---------------------------------------------------------


def _plain(markup: str) -> str:
    """Text of an HTML snippet, entities decoded, whitespace collapsed."""
    if not markup.strip():
        return ""
    text = lxml_html.fragment_fromstring(markup, create_parent="div").text_content()
    return _one_line(html.unescape(text))


def _one_line(text: str) -> str:
    return " ".join(strip_control_characters(text).replace("\xa0", " ").split())


# --- photos ---------------------------------------------------------------------


class Uploads:
    """The WordPress uploads folder, and the photos copied out of it into one bundle."""

    def __init__(self, root: Path | None):
        self.root = root.resolve() if root else None

    def relative_path(self, url: str) -> str | None:
        path = unquote(urlsplit(url).path)
        at = path.find(UPLOADS_MARKER)
        if at >= 0:
            return path[at + len(UPLOADS_MARKER) :]
        return None

    def find(self, relative: str) -> tuple[Path | None, Path | None]:
        """(file found, where the original was looked for); the original is
        preferred over WordPress's resized copies."""
        if self.root is None:
            return None, None
        original = SIZE_VARIANT.sub("", relative)
        for candidate in dict.fromkeys((original, relative)):
            path = (self.root / candidate).resolve()
            if self.root in path.parents and path.is_file():
                return path, self.root / original
        return None, self.root / original


class BundlePhotos:
    """Copies each source photo into the bundle once, under a safe file name."""

    def __init__(self, bundle: Path):
        self.bundle = bundle
        self.names: dict[Path, str] = {}

    def add(self, source: Path) -> str:
        if source in self.names:
            return self.names[source]
        suffix = source.suffix.lower()
        stem = slugify_title(SIZE_VARIANT.sub("", source.name).removesuffix(source.suffix))
        name, number = f"{stem}{suffix}", 2
        while name in self.names.values():
            name, number = f"{stem}-{number}{suffix}", number + 1
        self.bundle.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, self.bundle / name)
        self.names[source] = name
        return name


# --- HTML → Markdown --------------------------------------------------------------

# Blocks we convert; containers we walk through silently (page-builder noise).
HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
CONVERTED_HEADINGS = {"h2", "h3", "h4"}
TRANSPARENT_BLOCKS = {"div", "section", "article", "main", "header", "footer"}
TRANSPARENT_INLINE = {"span"}
BOLD, ITALIC = {"strong", "b"}, {"em", "i"}
# Dropped with their content: they run code, embed other sites, or are forms.
DROPPED = {
    "script", "style", "iframe", "object", "embed", "video", "audio", "form",
    "noscript", "svg", "canvas", "input", "button", "select", "textarea",
}  # fmt: skip
BLOCK_TAGS = {
    "p", "ul", "ol", "li", "blockquote", "figure", "figcaption", "table", "pre",
    "hr", "dl", "address", "aside", "nav", *HEADINGS, *TRANSPARENT_BLOCKS, *DROPPED,
}  # fmt: skip
AUTOP_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|section|article|"
    r"iframe|script|style|form|dl|address|aside)\b",
    re.IGNORECASE,
)
AUTOP_BLOCK_END = re.compile(
    r"</(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|section|article)>\s*$",
    re.IGNORECASE,
)
SHORTCODE = re.compile(r"\[(?P<close>/?)(?P<name>[a-z][a-z0-9_-]*)(?P<attrs>(?:\s[^\]]*)?)\]")
SHORTCODE_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
CAPTION_IMAGE = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE)
HARD_BREAK = "\ue000"  # stands for <br> until whitespace has been collapsed
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
LINE_START_MARKER = re.compile(r"^(\s*)(?:([#>+-])|(\d+)\.)(?=\s)")


def _escape(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def _protect_marker(match: re.Match) -> str:
    """``- x`` → ``\\- x``, ``2016. x`` → ``2016\\. x``: text, not a list or a heading."""
    lead, symbol, number = match.groups()
    return f"{lead}\\{symbol}" if symbol else f"{lead}{number}\\."


def _shortcode_attributes(text: str) -> dict[str, str]:
    return {m[1]: m[2] or m[3] or m[4] or "" for m in SHORTCODE_ATTRIBUTE.finditer(text)}


def autop(text: str) -> str:
    """WordPress stores classic-editor posts without <p>: a blank line is a
    paragraph, a single newline a line break (its ``wpautop()``, simplified)."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if AUTOP_BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append(f"<p>{_line_breaks(chunk.strip())}</p>")
    return "\n\n".join(out)


def _line_breaks(chunk: str) -> str:
    """A newline is a <br>, except next to a block tag or inside a tag spanning lines."""
    lines = chunk.split("\n")
    out = []
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        inside_tag = line.rfind("<") > line.rfind(">")
        beside_block = AUTOP_BLOCK_START.match(line) or AUTOP_BLOCK_END.search(line)
        if following is None or inside_tag or beside_block or AUTOP_BLOCK_START.match(following):
            out.append(line)
        else:
            out.append(line + "<br>")
    return "\n".join(out)


@dataclass
class Notes:
    """What one post's conversion could not do faithfully."""

    lines: list[str] = field(default_factory=list)
    dropped_tags: set[str] = field(default_factory=set)
    unwrapped_tags: set[str] = field(default_factory=set)

    def add(self, line: str) -> None:
        if line not in self.lines:
            self.lines.append(line)

    def all(self) -> list[str]:
        extra = []
        if self.unwrapped_tags:
            names = ", ".join(f"<{t}>" for t in sorted(self.unwrapped_tags))
            extra.append(f"not converted, text kept: {names}")
        if self.dropped_tags:
            names = ", ".join(f"<{t}>" for t in sorted(self.dropped_tags))
            extra.append(f"left out with their content: {names}")
        return self.lines + extra


ImageResolver = Callable[[str, str], "str | None"]  # (url, what) → file name in the bundle


class MarkdownConverter:
    """WordPress post HTML (with shortcodes) → the Markdown Lintas editors write."""

    def __init__(
        self,
        resolve_image: ImageResolver,
        attachments: dict[str, Attachment],
        notes: Notes,
        fallback_alt: str = "",
    ):
        self.resolve_image = resolve_image
        self.attachments = attachments
        self.notes = notes
        self.fallback_alt = fallback_alt
        self._post_id = ""  # for [gallery] without ids: the post's attachments

    # Shortcodes are text, not HTML: turn the ones we understand into HTML first.

    def expand_shortcodes(self, text: str) -> str:
        text = re.sub(
            r"\[caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/caption\]",
            self._caption,
            text,
            flags=re.DOTALL,
        )
        text = re.sub(r"\[gallery(?P<attrs>[^\]]*)\]", self._gallery, text)
        closed = {m["name"] for m in SHORTCODE.finditer(text) if m["close"]}
        return SHORTCODE.sub(lambda m: self._other_shortcode(m, closed), text)

    def _caption(self, match: re.Match) -> str:
        inner = match["inner"]
        image = CAPTION_IMAGE.search(inner)
        caption = CAPTION_IMAGE.sub("", inner).strip()
        caption = caption or _shortcode_attributes(match["attrs"]).get("caption", "")
        if not image:
            self.notes.add("a [caption] without an image: its text kept as a paragraph")
            return f"<p>{caption}</p>"
        return f"<figure>{image.group(0)}<figcaption>{caption}</figcaption></figure>"

    def _gallery(self, match: re.Match) -> str:
        attributes = _shortcode_attributes(match["attrs"])
        ids = [i.strip() for i in attributes.get("ids", attributes.get("include", "")).split(",")]
        ids = [i for i in ids if i]
        if not ids:  # [gallery] alone: every image attached to the post
            parent = attributes.get("id", self._post_id)
            ids = [a.id for a in self.attachments.values() if a.parent == parent]
        items = []
        for attachment_id in ids:
            attachment = self.attachments.get(attachment_id)
            if attachment is None:
                self.notes.add(f"[gallery]: attachment {attachment_id} is not in the export")
                continue
            items.append(
                f'<figure><img src="{html.escape(attachment.url)}" '
                f'alt="{html.escape(attachment.alt)}">'
                f"<figcaption>{html.escape(attachment.caption)}</figcaption></figure>"
            )
        if not items:
            self.notes.add("an empty [gallery] was left out")
            return ""
        return "<figure>" + "".join(items) + "</figure>"

    def _other_shortcode(self, match: re.Match, closed: set[str]) -> str:
        # "[baca juga]" in a sentence is text; a shortcode has attributes or a closing tag.
        if match["name"] not in closed and "=" not in match["attrs"]:
            return match.group(0)
        if not match["close"]:
            self.notes.add(f"shortcode [{match['name']}] not converted: left out")
        return ""  # the text between [x] and [/x] stays

    # HTML walk. Inline content is a list of tokens: ("text", md), ("break", ""),
    # ("image", md line), so images can leave the paragraph they sat in.

    def convert(self, content: str, post_id: str = "") -> str:
        self._post_id = post_id
        text = re.sub(r"<!--.*?-->", "", content, flags=re.DOTALL)  # block-editor markers
        text = autop(self.expand_shortcodes(text))
        if not text.strip():
            return ""
        root = lxml_html.fragment_fromstring(text, create_parent="div")
        return "\n\n".join(self.blocks(root)).strip() + "\n"

    def blocks(self, container) -> list[str]:
        out: list[str] = []
        pending: list[tuple[str, str]] = self._text_tokens(container.text)
        for child in container:
            tag = child.tag.lower() if isinstance(child.tag, str) else None
            if tag in BLOCK_TAGS:
                out += self._paragraphs(pending)
                pending = []
                out += self.block(child, tag)
            elif tag is not None:
                pending += self.inline(child, tag)
            pending += self._text_tokens(child.tail)
        return out + self._paragraphs(pending)

    def block(self, element, tag: str) -> list[str]:
        if tag == "p":
            return self._paragraphs(self._inline_children(element))
        if tag in HEADINGS:
            if tag not in CONVERTED_HEADINGS:
                self.notes.add(f"<{tag}> became a level-{HEADINGS[tag]} subheading")
            tokens = self._inline_children(element)
            text = " ".join(self._join_text([t for t in tokens if t[0] != "image"]).split())
            images = self._paragraphs([t for t in tokens if t[0] == "image"])
            return ([f"{'#' * HEADINGS[tag]} {text}"] if text else []) + images
        if tag in ("ul", "ol"):
            return self._list(element, ordered=tag == "ol")
        if tag == "li":  # a stray <li> outside a list
            return self._list_items([element], ordered=False)
        if tag == "blockquote":
            quoted = "\n\n".join(self.blocks(element))
            return ["\n".join(f"> {line}".rstrip() for line in quoted.split("\n"))]
        if tag == "figure":
            return self._figure(element)
        if tag in TRANSPARENT_BLOCKS:
            return self.blocks(element)
        if tag in DROPPED:
            self.notes.dropped_tags.add(tag)
            source = element.get("src") or element.get("data")
            if source:
                self.notes.add(f"<{tag}> {source} left out")
            return []
        if tag == "hr":
            self.notes.add("<hr> (a horizontal line) left out")
            return []
        # table, pre, dl, figcaption out of a figure, …: keep the words
        self.notes.unwrapped_tags.add(tag)
        if tag == "table":
            rows = [
                " · ".join(_one_line(c.text_content()) for c in row) for row in element.iter("tr")
            ]
            return [_escape(r) for r in rows if r.strip(" ·")]
        return self.blocks(element)

    def inline(self, element, tag: str) -> list[tuple[str, str]]:
        if tag == "br":
            return [("break", "")]
        if tag == "img":
            line = self.image(element)
            return [("image", line)] if line else []
        inner = self._inline_children(element)
        if tag in BOLD:
            return self._decorate(inner, "**")
        if tag in ITALIC:
            return self._decorate(inner, "*")
        if tag == "a":
            href = (element.get("href") or "").strip()
            if not href or href.startswith("#"):
                return inner
            return self._link(inner, href)
        if tag not in TRANSPARENT_INLINE:
            self.notes.unwrapped_tags.add(tag)
        return inner

    def image(self, element, caption: str = "") -> str | None:
        source = next(
            (
                element.get(a)
                for a in IMAGE_SOURCE_ATTRIBUTES
                if element.get(a) and not element.get(a).startswith("data:")
            ),
            "",
        )
        if not source:
            self.notes.add("an <img> without an address was left out")
            return None
        name = self.resolve_image(source, "image")
        if name is None:
            return None
        alt = _one_line(element.get("alt") or "")
        if not alt:
            known = WP_IMAGE_CLASS.search(element.get("class") or "")
            attachment = self.attachments.get(known.group(1)) if known else None
            alt = (attachment.alt if attachment else "") or caption or self.fallback_alt
            self.notes.add(
                f"image {name} had no alt text: used '{alt}' — describe the photo instead"
            )
        # In the title, '"' would end it and '|' would start a photo credit.
        caption = caption.replace('"', "'").replace("|", "/")
        title = f' "{caption}"' if caption else ""
        return f"![{_escape(alt)}]({name}{title})"

    # helpers

    def _inline_children(self, element) -> list[tuple[str, str]]:
        tokens = self._text_tokens(element.text)
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else None
            if tag in BLOCK_TAGS:  # a block inside inline content: keep its words
                if tag in DROPPED:
                    self.notes.dropped_tags.add(tag)
                else:
                    tokens += self._text_tokens(" ".join(self.blocks(child)), escape=False)
            elif tag is not None:
                tokens += self.inline(child, tag)
            tokens += self._text_tokens(child.tail)
        return tokens

    @staticmethod
    def _text_tokens(text: str | None, escape: bool = True) -> list[tuple[str, str]]:
        if not text:
            return []
        text = text.replace("\xa0", " ")
        return [("text", _escape(text) if escape else text)]

    @staticmethod
    def _wrap(text: str, before: str, after: str) -> str:
        core = text.strip()
        if not core:
            return text
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        return f"{lead}{before}{core}{after}{trail}"

    def _decorate(self, tokens, mark: str) -> list[tuple[str, str]]:
        return [(k, self._wrap(v, mark, mark) if k == "text" else v) for k, v in tokens]

    def _link(self, tokens, href: str) -> list[tuple[str, str]]:
        href = href.replace(" ", "%20").replace(")", "%29")
        out = []
        for kind, value in tokens:
            out.append((kind, self._wrap(value, "[", f"]({href})") if kind == "text" else value))
        return out

    @staticmethod
    def _join_text(tokens) -> str:
        """Text tokens → one paragraph: HTML whitespace rules, <br> as a hard break."""
        raw = "".join(HARD_BREAK if kind == "break" else value for kind, value in tokens)
        lines = [" ".join(line.split()) for line in raw.split(HARD_BREAK)]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        # A line that starts like a Markdown list, quote or heading is just text here.
        lines = [LINE_START_MARKER.sub(_protect_marker, line) for line in lines]
        return "  \n".join(lines)

    def _paragraphs(self, tokens) -> list[str]:
        """Text paragraphs and image paragraphs (several images: a gallery), in order."""
        out, run, images = [], [], []
        for kind, value in [*tokens, ("end", "")]:
            if kind == "image":
                if self._join_text(run):
                    out.append(self._join_text(run))
                run = []
                images.append(value)
                continue
            if images and (kind == "break" or (kind == "text" and not value.strip())):
                continue  # line breaks and spaces between the images of one gallery
            if images:
                out.append("\n".join(images))
                images = []
            if kind != "end":
                run.append((kind, value))
        if self._join_text(run):
            out.append(self._join_text(run))
        return out

    def _list(self, element, ordered: bool) -> list[str]:
        items = [c for c in element if isinstance(c.tag, str) and c.tag.lower() == "li"]
        return self._list_items(items, ordered)

    def _list_items(self, items, ordered: bool) -> list[str]:
        lines = []
        for number, item in enumerate(items, 1):
            marker = f"{number}. " if ordered else "- "
            body = "\n".join(self.blocks(item)) or ""
            first, *rest = body.split("\n") if body else [""]
            lines.append(marker + first)
            lines += [f"    {line}" if line else "" for line in rest]  # 4: Python-Markdown
        return ["\n".join(lines)] if lines else []

    def _figure(self, element) -> list[str]:
        inner = [f for f in element.iter("figure") if f is not element]
        groups = inner or [element]
        lines = []
        for figure in groups:
            caption_element = next(figure.iter("figcaption"), None)
            caption = (
                _one_line(caption_element.text_content()) if caption_element is not None else ""
            )
            for number, img in enumerate(figure.iter("img")):
                line = self.image(img, caption if number == 0 else "")
                if line:
                    lines.append(line)
        out = ["\n".join(lines)] if lines else []
        if inner:  # a gallery's own caption, under the photos
            own = [c for c in element if isinstance(c.tag, str) and c.tag == "figcaption"]
            out += [_escape(_one_line(c.text_content())) for c in own if c.text_content().strip()]
        return out


# --- one post → one bundle ----------------------------------------------------------


@dataclass
class PostReport:
    id: str
    title: str
    bundle: Path | None  # None: not written
    notes: list[str]


@dataclass
class ImportSettings:
    output: Path
    uploads: Path | None
    timezone: str  # the portal's (WITA)
    wp_timezone: str  # the WordPress site's, for dates without a GMT twin
    categories: list[str]
    authors: list[str]
    category_map: dict[str, str] = field(default_factory=dict)  # WP name (lower) → Lintas
    author_map: dict[str, str] = field(default_factory=dict)  # WP login/name (lower) → Lintas
    overwrite: bool = False

    @classmethod
    def from_pelican(cls, settings: dict, output: Path, uploads: Path | None, **extra):
        return cls(
            output=output,
            uploads=uploads,
            timezone=settings["TIMEZONE"],
            wp_timezone=extra.pop("wp_timezone", None) or settings["TIMEZONE"],
            categories=list(settings["NEWSROOM_CATEGORIES"]),
            authors=list(settings["NEWSROOM_AUTHORS"]),
            **extra,
        )


def post_date(post: Post, config: ImportSettings) -> datetime | None:
    local_zone = ZoneInfo(config.timezone)
    if post.date_gmt and post.date_gmt != NO_DATE:
        moment = datetime.strptime(post.date_gmt, WP_DATE_FORMAT).replace(tzinfo=ZoneInfo("UTC"))
        return moment.astimezone(local_zone)
    if post.date_local and post.date_local != NO_DATE:
        moment = datetime.strptime(post.date_local, WP_DATE_FORMAT)
        return moment.replace(tzinfo=ZoneInfo(config.wp_timezone)).astimezone(local_zone)
    return None


def _map_category(post: Post, config: ImportSettings, notes: Notes) -> tuple[str | None, list[str]]:
    """(Category, extra tags)."""
    by_key = {c.lower(): c for c in config.categories}
    by_slug = {slugify_title(c): c for c in config.categories}
    mapped, unmapped = [], []
    for name, nicename in post.categories:
        if (nicename or slugify_title(name)) in DEFAULT_WP_CATEGORIES:
            continue
        target = (
            config.category_map.get(name.lower())
            or by_key.get(name.lower())
            or by_slug.get(nicename or slugify_title(name))
        )
        (mapped if target else unmapped).append(target or html.unescape(name))
    mapped = list(dict.fromkeys(mapped))
    if mapped:
        category, extra = mapped[0], mapped[1:] + unmapped
        if extra:
            notes.add(f"Lintas has one category per article: {', '.join(extra)} kept as tags")
        return category, extra
    if unmapped:
        notes.add(
            f"category '{unmapped[0]}' is not one of NEWSROOM_CATEGORIES: written as is, "
            f"so check_content.py stops the post until an editor picks one of: "
            f"{', '.join(config.categories)}"
        )
        return unmapped[0], unmapped[1:]
    notes.add(
        f"no category: add 'Category:' (one of {', '.join(config.categories)}) "
        "before check_content.py will pass the post"
    )
    return None, []


def _map_author(post: Post, authors: dict[str, str], config: ImportSettings, notes: Notes) -> str:
    display = _one_line(html.unescape(authors.get(post.creator, post.creator)))
    for key in (post.creator.lower(), display.lower()):
        if key in config.author_map:
            return config.author_map[key]
    known = {a.lower(): a for a in config.authors}
    if display.lower() in known:
        return known[display.lower()]
    notes.add(
        f"author '{display}' is not in NEWSROOM_AUTHORS: written as is (check_content.py "
        "will stop the post); add them to pelicanconf.py or map them with --map-author"
    )
    return display


def _tags(names: list[str], notes: Notes) -> list[str]:
    """Tags as the newsroom accepts them: no ',' or ';' inside one, no '#' or brackets."""
    out: list[str] = []
    for raw in names:
        name = _one_line(html.unescape(raw))
        parts = [" ".join(re.sub(r"[\[\]#]", " ", p).split()) for p in re.split(r"[,;]", name)]
        parts = [p for p in parts if re.search(r"\w", p)]
        if parts != [name]:
            shown = ", ".join(f"'{p}'" for p in parts) or "nothing"
            notes.add(f"tag '{name}' became {shown}")
        out += [p for p in parts if p.lower() not in {t.lower() for t in out}]
    return out


def _slug(post: Post, title: str) -> str:
    wanted = unquote(post.slug).lower()
    return wanted if SLUG_PATTERN.match(wanted) else slugify_title(wanted or title)


def header_text(fields: list[tuple[str, str]]) -> str:
    """``Field: value`` lines in the order of ``ARTICLE_FIELDS``, one line each."""
    order = {name: index for index, name in enumerate(ARTICLE_FIELDS)}
    ordered = sorted(fields, key=lambda f: order[f[0]])
    return "".join(f"{name}: {_one_line(value)}\n" for name, value in ordered if value)


def _same_post(index: Path, title: str, date: datetime) -> bool:
    """Whether a bundle holds this post from an earlier run (same title and date)."""
    front = parse_front_matter(index.read_text(encoding="utf-8"))
    found = {f.key: f.value for f in front.fields}
    return found.get("title") == title and found.get("date") == f"{date:{HEADER_DATE_FORMAT}}"


class Importer:
    def __init__(self, export: Export, config: ImportSettings):
        self.export = export
        self.config = config
        self.uploads = Uploads(config.uploads)
        self.taken = {p.parent.name for p in config.output.rglob("index.md")}

    def run(self) -> list[PostReport]:
        reports = []
        for post in self.export.posts:
            report = self.import_post(post)
            if report is not None:
                reports.append(report)
        return reports

    def import_post(self, post: Post) -> PostReport | None:
        title = _one_line(_plain(post.title) or "")
        if post.type in ("nav_menu_item", "revision", "customize_changeset", "oembed_cache"):
            return None  # WordPress machinery, not content
        if post.type != "post":
            return PostReport(post.id, title, None, [f"a '{post.type}', not a post: not imported"])
        lintas_status = STATUS_MAP.get(post.status, DRAFT)
        if lintas_status == SKIP:
            return PostReport(post.id, title, None, [f"status '{post.status}': not imported"])
        notes = Notes()
        if post.status not in STATUS_MAP:
            notes.add(f"unknown status '{post.status}': imported as a draft")
        if post.status == "private":
            notes.add("a private post: imported as a draft")
        if not title:
            title = f"Tanpa judul ({post.id})"
            notes.add(f"no title: written as '{title}'")

        date = post_date(post, self.config)
        if date is None:
            date = datetime.now(ZoneInfo(self.config.timezone))
            lintas_status = DRAFT
            notes.add("no date in the export: dated now and imported as a draft")
        if post.status == "future":
            notes.add(f"scheduled post: an embargo until {date:{HEADER_DATE_FORMAT}}")

        wanted = _slug(post, title)
        month = self.config.output / f"{date:%Y}" / f"{date:%m}"
        slug, number = wanted, 2
        while True:
            bundle = month / slug
            if (bundle / "index.md").exists():
                if _same_post(bundle / "index.md", title, date):  # imported before
                    if not self.config.overwrite:
                        note = f"{bundle} exists: skipped (see --overwrite)"
                        return PostReport(post.id, title, None, [note])
                    break
            elif slug not in self.taken:
                break
            slug, number = f"{wanted}-{number}", number + 1
        if slug != wanted:
            notes.add(f"slug '{wanted}' is taken by another article: this one is '{slug}'")
        elif post.slug and unquote(post.slug).lower() != slug:
            notes.add(f"WordPress slug '{unquote(post.slug)}' became '{slug}'")
        self.taken.add(slug)

        photos = BundlePhotos(bundle)
        if bundle.exists() and self.config.overwrite:
            shutil.rmtree(bundle)

        def resolve(url: str, what: str) -> str | None:
            relative = self.uploads.relative_path(url)
            if relative is None:
                notes.add(f"{what} {url} is not in WordPress's uploads: left out")
                return None
            found, looked_for = self.uploads.find(relative)
            if found is None:
                where = f" (looked for {looked_for})" if looked_for else " (no --uploads folder)"
                notes.add(f"{what} {url} is missing from the uploads folder{where}: left out")
                return None
            return photos.add(found)

        converter = MarkdownConverter(resolve, self.export.attachments, notes, fallback_alt=title)
        body = converter.convert(post.content, post.id)
        if not body.strip():
            notes.add("the post has no text: check_content.py will stop it")

        category, extra_tags = _map_category(post, self.config, notes)
        fields = [
            ("Title", title),
            ("Date", f"{date:{HEADER_DATE_FORMAT}}"),
            ("Category", category or ""),
            ("Tags", ", ".join(_tags(post.tags + extra_tags, notes))),
            ("Author", _map_author(post, self.export.authors, self.config, notes)),
            ("Summary", _plain(post.excerpt)),
            ("Status", "draft" if lintas_status == DRAFT else ""),
        ]
        thumbnail = post.meta.get("_thumbnail_id")
        if thumbnail:
            attachment = self.export.attachments.get(thumbnail)
            if attachment is None:
                notes.add(f"featured image (attachment {thumbnail}) is not in the export")
            else:
                url = attachment.url or f"{UPLOADS_MARKER}{attachment.relative_file}"
                cover = resolve(url, "featured image")
                fields.append(("Cover", cover or ""))

        bundle.mkdir(parents=True, exist_ok=True)
        (bundle / "index.md").write_text(header_text(fields) + "\n" + body, encoding="utf-8")
        return PostReport(post.id, title, bundle, notes.all())


def import_export(path: Path, config: ImportSettings) -> list[PostReport]:
    """Convert every post of a WXR file into bundles under ``config.output``."""
    return Importer(parse_export(path), config).run()
