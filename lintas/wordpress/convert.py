"""WordPress post HTML → the Markdown Lintas editors write.

The HTML → Markdown part is ``markdownify`` (on BeautifulSoup with lxml); what
is kept here is only what is WordPress's own or Lintas's own:

- WordPress: classic-editor text without ``<p>`` (``autop``), block-editor
  comments, the ``[caption]``, ``[gallery]`` and ``[embed]`` shortcodes (other
  shortcodes are removed and reported), oEmbed blocks and auto-embedded URLs,
  lazy-loading ``data-src`` attributes, attachment alt texts.
- Lintas: photos are ``![alt](file "caption")`` in a paragraph of their own
  (several in one paragraph: a gallery), copied into the bundle by the caller's
  resolver; embeds become ``!embed[https://…]`` in a paragraph of their own;
  headings are ``##``–``####`` (the headline is the page's ``<h1>``); nested
  lists are indented four spaces (Python-Markdown); text that would read as
  Markdown (``2016. Tahun…``, ``*kata*``) stays text; nothing that runs code
  or frames another site is kept (the newsroom reader refuses it).

Whatever is not converted faithfully becomes a :class:`Note` for the report.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import ATX, SPACES, MarkdownConverter

from lintas.core.frontmatter import strip_control_characters
from lintas.plugins.embeds.platforms import parse_embed_url  # what the newsroom accepts

from .wxr import Attachment

# --- notes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """One thing the import could not do faithfully: a message kind of
    ``report.MESSAGES`` and its values."""

    kind: str
    values: tuple[tuple[str, str], ...] = ()

    def value(self, name: str) -> str:
        return dict(self.values).get(name, "")


@dataclass
class Notes:
    items: list[Note] = field(default_factory=list)
    dropped_tags: set[str] = field(default_factory=set)
    unwrapped_tags: set[str] = field(default_factory=set)
    embeds: list[str] = field(default_factory=list)

    def add(self, kind: str, **values: object) -> None:
        note = Note(kind, tuple((k, str(v)) for k, v in values.items()))
        if note not in self.items:
            self.items.append(note)

    def all(self) -> list[Note]:
        extra = []
        if self.unwrapped_tags:
            tags = ", ".join(f"<{t}>" for t in sorted(self.unwrapped_tags))
            extra.append(Note("unwrapped", (("tags", tags),)))
        if self.dropped_tags:
            tags = ", ".join(f"<{t}>" for t in sorted(self.dropped_tags))
            extra.append(Note("dropped", (("tags", tags),)))
        return self.items + extra


# --- text helpers -----------------------------------------------------------------


def plain(markup: str) -> str:
    """Text of an HTML snippet, entities decoded, whitespace collapsed."""
    if not markup.strip():
        return ""
    return one_line(BeautifulSoup(markup, "lxml").get_text())


def one_line(text: str) -> str:
    return " ".join(strip_control_characters(html.unescape(text)).replace("\xa0", " ").split())


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
LINE_START_MARKER = re.compile(r"^(\s*)(?:([#>+-])|(\d+)\.)(?=\s)")


def escape_text(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def _protect_marker(match: re.Match) -> str:
    """``- x`` → ``\\- x``, ``2016. x`` → ``2016\\. x``: text, not a list or a heading."""
    lead, symbol, number = match.groups()
    return f"{lead}\\{symbol}" if symbol else f"{lead}{number}\\."


# --- WordPress: autop and shortcodes -------------------------------------------------

EMBED_TAG = "lintas-embed"  # our own elements in the tree markdownify walks
MARKDOWN_TAG = "lintas-markdown"
AUTOP_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|section|article|"
    rf"iframe|script|style|form|dl|address|aside|{EMBED_TAG})\b",
    re.IGNORECASE,
)
AUTOP_BLOCK_END = re.compile(
    r"</(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|section|article|"
    rf"{EMBED_TAG})>\s*$",
    re.IGNORECASE,
)
SHORTCODE = re.compile(r"\[(?P<close>/?)(?P<name>[a-z][a-z0-9_-]*)(?P<attrs>(?:\s[^\]]*)?)\]")
SHORTCODE_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
CAPTION_IMAGE = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE)
BLOCK_EMBED = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[a-z-]+)?\s+(\{.*?\})\s*/?-->.*?<!--\s*/wp:(?:core-)?embed(?:/[a-z-]+)?\s*-->",
    re.DOTALL,
)


def shortcode_attributes(text: str) -> dict[str, str]:
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


# --- embeds ---------------------------------------------------------------------------

EMBED_HOSTS = re.compile(
    r"^(?:www\.|m\.|mobile\.|vm\.)?(?:youtube\.com|youtu\.be|youtube-nocookie\.com|instagram\.com|"
    r"tiktok\.com|twitter\.com|x\.com|facebook\.com|fb\.watch)$",
    re.IGNORECASE,
)
YOUTUBE_EMBED = re.compile(r"^/embed/([A-Za-z0-9_-]{6,})")


def embed_url(url: str) -> str | None:
    """The public URL of a YouTube/Instagram/TikTok/X/Facebook item, from its
    page URL or its embed (iframe) URL; None for anything else."""
    url = html.unescape(url.strip())
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not EMBED_HOSTS.match(parts.hostname or ""):
        return None
    host = (parts.hostname or "").lower()
    if "youtube" in host:
        found = YOUTUBE_EMBED.match(parts.path)
        if found:
            return f"https://www.youtube.com/watch?v={found[1]}"
    if "facebook.com" in host and parts.path.startswith("/plugins/"):
        target = parse_qs(parts.query).get("href", [""])[0]
        return embed_url(target) if target else None
    if "instagram.com" in host or "tiktok.com" in host:  # the query is tracking only
        path = parts.path.rstrip("/").removesuffix("/embed")
        return f"https://{host}{path}" + ("/" if "instagram" in host else "")
    return url.replace(" ", "%20")


# --- the converter ------------------------------------------------------------------

HEADING_LEVELS = {1: 2, 2: 2, 3: 3, 4: 4, 5: 4, 6: 4}
# Left out with their content: they run code, frame other sites, or are forms.
DROPPED = (
    "script", "style", "iframe", "object", "embed", "video", "audio", "form", "noscript",
    "svg", "canvas", "input", "button", "select", "textarea", "template",
)  # fmt: skip
# Converted by markdownify, or only containers: no note.
CONVERTED = {
    "p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote", "img", "h1", "h2",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "pre", "code",
    "div", "span", "section", "article", "main", "header", "footer", "figure", "figcaption",
    "html", "body", "[document]", EMBED_TAG, MARKDOWN_TAG,
}  # fmt: skip
IMAGE_SOURCE_ATTRIBUTES = ("src", "data-orig-file", "data-lazy-src", "data-src")
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
BARE_URL = re.compile(r"^https?://\S+$")

ImageResolver = Callable[[str, str], "str | None"]  # (url, "image"|"cover") → bundle file name


class WordPressMarkdown(MarkdownConverter):
    """markdownify with Lintas's photo, embed, heading and list rules."""

    def __init__(self, converter: Converter):
        super().__init__(
            heading_style=ATX,
            bullets="-",
            newline_style=SPACES,
            escape_asterisks=False,  # escape() below does all of it
            escape_underscores=False,
            escape_misc=False,
            strip_document=None,
            bs4_options="lxml",
        )
        self.wp = converter

    def escape(self, text: str, parent_tags) -> str:  # noqa: ARG002
        return escape_text(text.replace("\xa0", " ")) if text else ""

    def process_text(self, el, parent_tags=None) -> str:
        text = super().process_text(el, parent_tags)
        previous = el.previous_sibling
        at_line_start = previous is None or (isinstance(previous, Tag) and previous.name == "br")
        if at_line_start and el.parent is not None and el.parent.name in ("p", "li", "body", "div"):
            text = LINE_START_MARKER.sub(_protect_marker, text)
        return text

    def process_tag(self, node, parent_tags=None) -> str:
        if node.name not in CONVERTED and node.name not in DROPPED:
            self.wp.notes.unwrapped_tags.add(node.name)
        return super().process_tag(node, parent_tags)

    def convert_hN(self, n, el, text, parent_tags) -> str:
        level = HEADING_LEVELS.get(n, 4)
        if level != n:
            self.wp.notes.add("heading_level", tag=f"h{n}", level=level)
        return super().convert_hN(level, el, text, parent_tags)

    def convert_hr(self, el, text, parent_tags) -> str:  # noqa: ARG002
        self.wp.notes.add("hr")
        return ""

    def convert_a(self, el, text, parent_tags) -> str:
        href = (el.get("href") or "").strip()
        if not href or href.startswith("#") or not text.strip() or text.strip().startswith("!["):
            return text  # an anchor, or a photo linked to its own file
        el["href"] = href.replace(" ", "%20").replace(")", "%29")
        return super().convert_a(el, text, parent_tags)

    def convert_li(self, el, text, parent_tags) -> str:  # noqa: ARG002
        """Like markdownify's, with the four-space indentation Python-Markdown needs."""
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = int(parent["start"]) if str(parent.get("start", "")).isdigit() else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}. "
        else:
            bullet = "- "
        lines = text.split("\n")
        rest = [f"    {line}" if line.strip() else "" for line in lines[1:]]
        return "\n".join([bullet + lines[0], *rest]) + "\n"

    def convert_img(self, el, text, parent_tags) -> str:  # noqa: ARG002
        line = self.wp.image_line(el)
        return f"\n\n{line}\n\n" if line else ""

    def convert_p(self, el, text, parent_tags) -> str:
        if _only_images(el):  # one photo, or a gallery: one paragraph
            lines = [self.wp.image_line(img) for img in el.find_all("img")]
            joined = "\n".join(line for line in lines if line)
            return f"\n\n{joined}\n\n" if joined else ""
        return super().convert_p(el, text, parent_tags)

    def convert_lintas_embed(self, el, text, parent_tags) -> str:  # noqa: ARG002
        return f"\n\n!embed[{el['data-url']}]\n\n"

    def convert_lintas_markdown(self, el, text, parent_tags) -> str:  # noqa: ARG002
        return f"\n\n{el['data-markdown']}\n\n"


def _only_images(element: Tag) -> bool:
    found = False
    for node in element.descendants:
        if isinstance(node, NavigableString):
            if node.strip():
                return False
        elif node.name == "img":
            found = True
        elif node.name not in ("a", "br", "span"):
            return False
    return found


class Converter:
    """One post's conversion: ``convert(html)`` → Markdown; ``notes`` says what it
    could not do faithfully, ``notes.embeds`` every embed written."""

    def __init__(
        self,
        resolve_image: ImageResolver,
        attachments: dict[str, Attachment],
        notes: Notes | None = None,
        fallback_alt: str = "",
        post_id: str = "",
        children: list[Attachment] | None = None,
    ):
        self.resolve_image = resolve_image
        self.attachments = attachments
        self.notes = notes if notes is not None else Notes()
        self.fallback_alt = fallback_alt
        self.post_id = post_id
        self.children = children or []  # for [gallery] without ids: the post's attachments
        self._lines: dict[tuple[str, str, str], str | None] = {}

    # Text before HTML: block comments, shortcodes, paragraphs.

    def convert(self, content: str) -> str:
        text = BLOCK_EMBED.sub(self._block_embed, content)
        text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)  # block-editor markers
        text = autop(self.expand_shortcodes(text))
        if not text.strip():
            return ""
        soup = BeautifulSoup(f"<body>{text}</body>", "lxml")
        self._prepare(soup)
        markdown = WordPressMarkdown(self).convert_soup(soup)
        return tidy(markdown)

    def _embed_element(self, url: str) -> str:
        if parse_embed_url(url) is None:  # the newsroom would refuse the line: a link
            self.notes.add("embed_unsupported", url=url)
            return f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>'
        self.notes.embeds.append(url)
        self.notes.add("embed", url=url)
        return f'<{EMBED_TAG} data-url="{html.escape(url)}"></{EMBED_TAG}>'

    def _block_embed(self, match: re.Match) -> str:
        try:
            url = json.loads(match[1]).get("url", "")
        except ValueError:
            url = ""
        found = embed_url(url) if url else None
        if found:
            return self._embed_element(found)
        return match[0]  # another provider: the figure inside is handled like any HTML

    def expand_shortcodes(self, text: str) -> str:
        text = re.sub(
            r"\[caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/caption\]",
            self._caption,
            text,
            flags=re.DOTALL,
        )
        text = re.sub(r"\[gallery(?P<attrs>[^\]]*)\]", self._gallery, text)
        text = re.sub(
            r"\[embed(?P<attrs>[^\]]*)\](?P<url>.*?)\[/embed\]", self._embed_shortcode, text
        )
        text = re.sub(
            r"\[(?:youtube|instagram|tiktok|tweet)[= ](?P<url>[^\]\s]+)[^\]]*\]",
            self._embed_shortcode,
            text,
        )
        closed = {m["name"] for m in SHORTCODE.finditer(text) if m["close"]}
        return SHORTCODE.sub(lambda m: self._other_shortcode(m, closed), text)

    def _embed_shortcode(self, match: re.Match) -> str:
        raw = match["url"].strip().strip("\"'")
        found = embed_url(raw) or (raw if BARE_URL.match(raw) else None)
        if not found:
            self.notes.add("shortcode", name="embed")
            return ""
        return "\n\n" + self._embed_element(found) + "\n\n"

    def _caption(self, match: re.Match) -> str:
        inner = match["inner"]
        image = CAPTION_IMAGE.search(inner)
        caption = CAPTION_IMAGE.sub("", inner).strip()
        caption = caption or shortcode_attributes(match["attrs"]).get("caption", "")
        if not image:
            self.notes.add("caption_without_image")
            return f"<p>{caption}</p>"
        return f"<figure>{image.group(0)}<figcaption>{caption}</figcaption></figure>"

    def _gallery(self, match: re.Match) -> str:
        attributes = shortcode_attributes(match["attrs"])
        ids = [i.strip() for i in attributes.get("ids", attributes.get("include", "")).split(",")]
        ids = [i for i in ids if i]
        if not ids:  # [gallery] alone: every image attached to the post (or to post id=)
            parent = attributes.get("id", self.post_id)
            if parent == self.post_id:
                ids = [a.id for a in self.children]
            else:
                ids = [a.id for a in self.attachments.values() if a.parent == parent]
        items = []
        for attachment_id in ids:
            attachment = self.attachments.get(attachment_id)
            if attachment is None:
                self.notes.add("gallery_missing", id=attachment_id)
                continue
            items.append(
                f'<figure><img src="{html.escape(attachment.url)}" '
                f'alt="{html.escape(attachment.alt)}">'
                f"<figcaption>{html.escape(plain(attachment.caption))}</figcaption></figure>"
            )
        if not items:
            self.notes.add("gallery_empty")
            return ""
        return "<figure>" + "".join(items) + "</figure>"

    def _other_shortcode(self, match: re.Match, closed: set[str]) -> str:
        # "[baca juga]" in a sentence is text; a shortcode has attributes or a closing tag.
        if match["name"] not in closed and "=" not in match["attrs"]:
            return match.group(0)
        if not match["close"]:
            self.notes.add("shortcode", name=match["name"])
        return ""  # the text between [x] and [/x] stays

    # The HTML tree, before markdownify walks it.

    def _prepare(self, soup: BeautifulSoup) -> None:
        self._embeds(soup)
        for element in soup.find_all(DROPPED):
            if element.parent is None:
                continue  # inside one already removed
            self.notes.dropped_tags.add(element.name)
            source = element.get("src") or element.get("data")
            if source:
                self.notes.add("dropped_source", tag=element.name, url=source)
            element.decompose()
        for figure in soup.find_all("figure"):
            if figure.parent is None or figure.find_parent("figure") is not None:
                continue
            self._replace(soup, figure, self._figure(figure))

    def _replace(self, soup: BeautifulSoup, element: Tag, markdown: str) -> None:
        if not markdown:
            element.decompose()
            return
        replacement = soup.new_tag(MARKDOWN_TAG, attrs={"data-markdown": markdown})
        element.replace_with(replacement)

    def _embeds(self, soup: BeautifulSoup) -> None:
        """iframes of the known providers, their blockquote snippets, and URLs
        standing alone in a paragraph (WordPress embeds those by itself)."""

        def swap(element: Tag, url: str) -> None:
            markup = BeautifulSoup(self._embed_element(url), "html.parser")
            element.replace_with(markup)

        for frame in soup.find_all("iframe"):
            url = embed_url(frame.get("src") or "")
            if url:
                swap(frame, url)
        for quote in soup.find_all(["blockquote", "div"]):
            if quote.parent is None:
                continue
            classes = set(quote.get("class") or [])
            url = None
            if "instagram-media" in classes:
                url = quote.get("data-instgrm-permalink")
            elif "tiktok-embed" in classes:
                url = quote.get("cite")
            elif classes & {"fb-post", "fb-video"}:
                url = quote.get("data-href")
            elif classes & {"twitter-tweet", "twitter-video"}:
                links = [a.get("href", "") for a in quote.find_all("a")]
                url = next((h for h in reversed(links) if "/status/" in h), None)
            elif "wp-block-embed__wrapper" in classes:
                url = quote.get_text().strip()
            url = embed_url(url) if url else None
            if url:
                target = (
                    quote.find_parent("figure") if "wp-block-embed__wrapper" in classes else None
                )
                swap(target or quote, url)
        for paragraph in soup.find_all("p"):
            text = paragraph.get_text().strip()
            links = paragraph.find_all("a")
            if not BARE_URL.match(text) or paragraph.find(["img", EMBED_TAG]):
                continue
            if links and (len(links) > 1 or links[0].get("href", "").strip() != text):
                continue
            url = embed_url(text)
            if url:
                swap(paragraph, url)

    def _figure(self, element: Tag) -> str:
        """A figure with its caption, or a gallery of figures (one paragraph of photos,
        then the gallery's own caption)."""
        inner = element.find_all("figure")
        groups = inner or [element]
        lines = []
        for figure in groups:
            caption_element = figure.find("figcaption", recursive=False)
            if caption_element is None and not inner:
                caption_element = figure.find("figcaption")
            caption = one_line(caption_element.get_text(" ")) if caption_element else ""
            for number, img in enumerate(figure.find_all("img")):
                line = self.image_line(img, caption if number == 0 else "")
                if line:
                    lines.append(line)
        out = ["\n".join(lines)] if lines else []
        own = [c for c in element.find_all("figcaption", recursive=False) if c.get_text().strip()]
        if inner or (not lines and own):
            out += [escape_text(one_line(c.get_text(" "))) for c in own]
        return "\n\n".join(out)

    def image_line(self, element: Tag, caption: str = "") -> str | None:
        """``![alt](file "caption")`` for an <img>, the file copied into the bundle."""
        source = next(
            (
                element.get(a)
                for a in IMAGE_SOURCE_ATTRIBUTES
                if element.get(a) and not element.get(a).startswith("data:")
            ),
            "",
        )
        key = (source, caption, element.get("alt") or "")
        if key in self._lines:
            return self._lines[key]
        line = self._image_line(element, source, caption)
        self._lines[key] = line
        return line

    def _image_line(self, element: Tag, source: str, caption: str) -> str | None:
        if not source:
            self.notes.add("img_without_src")
            return None
        name = self.resolve_image(source, "image")
        if name is None:
            return None
        alt = one_line(element.get("alt") or "")
        if not alt:
            known = WP_IMAGE_CLASS.search(" ".join(element.get("class") or []))
            attachment = self.attachments.get(known.group(1)) if known else None
            alt = one_line(attachment.alt if attachment else "") or caption or self.fallback_alt
            self.notes.add("no_alt", name=name, alt=alt)
        # In the title, '"' would end it and '|' would start a photo credit.
        caption = caption.replace('"', "'").replace("|", "/")
        title = f' "{caption}"' if caption else ""
        target = f"<{name}>" if " " in name else name
        return f"![{escape_text(alt)}]({unquote(target)}{title})"


def tidy(markdown: str) -> str:
    """Blank lines between blocks, no trailing spaces except a hard break's two."""
    lines = markdown.replace("\r", "").split("\n")
    out: list[str] = []
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if (not out or not out[-1]) and re.match(r"^ {1,3}\S", line):
            line = line.lstrip(" ")  # a paragraph's first line: never an accidental indent
        stripped = line.rstrip()
        if line.endswith("  ") and stripped and following.strip():
            out.append(stripped + "  ")
        else:
            out.append(stripped)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
    return text + "\n" if text else ""
