"""Python-Markdown extension: ``!embed[URL]`` paragraphs become click-to-load facades.

    !embed[https://www.youtube.com/watch?v=dQw4w9WgXcQ]
    !embed[https://www.instagram.com/reel/C0dEfGhIjKl/ | Suasana pasar pagi](poster.jpg)

One block processor (``EmbedBlockProcessor``, registered as ``lintas_embed``)
turns a paragraph made of such lines into, for each line::

    <figure class="embed embed--youtube">
      <a class="embed__link" href="https://www.youtube.com/watch?v=…"
         data-embed-src="https://www.youtube-nocookie.com/embed/…?autoplay=1"
         data-embed-title="YouTube">
        <p><img src="poster.jpg" alt="…"></p>        (only with a poster)
        <span class="embed__play">Putar video YouTube</span>
      </a>
      <figcaption>Suasana pasar pagi</figcaption>
    </figure>

The facade *is* a link to the post: nothing is requested from the platform
until a reader taps, when ``theme/static/js/embed.js`` swaps in the iframe.
Without scripts (feeds strip them and every ``class``/``data-*``) it stays a
plain link with the poster inside. The poster is a photo of the bundle, made
into renditions by the photos plugin (its paragraph of one image is what that
plugin turns into a figure); without one the facade is drawn by CSS alone —
never the platform's own thumbnail, which would be a request to it.

A line that is not a supported post address, or an ``!embed[`` that shares
its paragraph with text, is a problem at its ``index.md`` line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor

from lintas.core.messages import Text, msg

from .platforms import parse_embed_url

PROCESSOR_NAME = "lintas_embed"
# After "code" (80): an indented !embed[ line stays an example in a code block.
# Before "hashheader" (70) and "paragraph" (10).
PRIORITY = 75
SOURCE_PRIORITY = 41  # before normalize_whitespace (30): the lines as written
MARKER = "!embed["
EMBED_LINE = re.compile(
    r"^!embed\[\s*(?P<url>[^\s\]|]+)\s*(?:\|\s*(?P<caption>[^\]]*?)\s*)?\]"
    r"(?:\(\s*(?P<poster><[^>\n]+>|[^\s()]+)\s*\))?\s*$"
)
EXTRAS_KEY = "has_embeds"

# Editor messages (lintas.core.messages: rendered in MESSAGES_LANGUAGE).
HINT_UNSUPPORTED = msg(
    "paste the address of the post itself, e.g. !embed[https://www.youtube.com/watch?v=…]"
)
MESSAGE_NOT_ALONE = msg("an embed must stand alone in its paragraph")
HINT_NOT_ALONE = msg("put it on a line of its own, e.g. !embed[URL | caption](poster.jpg)")
HINT_POSTER_URL = msg(
    "copy the photo next to index.md and give its file name: !embed[URL](poster.jpg)"
)


def message_unsupported(url: str) -> Text:
    return msg(
        "'%(url)s' is not the address of a YouTube, Instagram, TikTok, X or Facebook post",
        url=url,
    )


def message_poster_url(poster: str) -> Text:
    return msg(
        "the poster of an embed must be a photo of the article's folder, not '%(poster)s'",
        poster=poster,
    )


class _SourceLines(Preprocessor):
    """Keep the lines as written: problems name the line of each embed."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.embed_source_lines = list(lines)
        self.md.embed_cursor = 0
        return lines


class EmbedBlockProcessor(BlockProcessor):
    def __init__(self, parser, labels: dict[str, str]):
        super().__init__(parser)
        self.labels = labels

    def test(self, parent: etree.Element, block: str) -> bool:  # noqa: ARG002 - its signature
        return MARKER in block

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        lines = [line.strip() for line in block.strip().split("\n")]
        matches = [EMBED_LINE.match(line) for line in lines]
        ctx = getattr(self.parser.md, "newsroom_context", None)
        if not all(matches):
            self._report(ctx, MESSAGE_NOT_ALONE, HINT_NOT_ALONE)
            paragraph = etree.SubElement(parent, "p")
            paragraph.text = block.strip()
            return True
        for match in matches:
            line = self._line(ctx)
            embed = parse_embed_url(match["url"])
            if embed is None:
                self._report(ctx, message_unsupported(match["url"]), HINT_UNSUPPORTED, line)
                continue
            poster = (match["poster"] or "").strip("<>").strip()
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/", poster, re.IGNORECASE):
                self._report(ctx, message_poster_url(poster), HINT_POSTER_URL, line)
                continue
            self._facade(parent, embed, match["caption"] or "", poster)
            if ctx is not None:
                ctx.extras[EXTRAS_KEY] = True
        return True

    def _facade(self, parent: etree.Element, embed, caption: str, poster: str) -> None:
        figure = etree.SubElement(
            parent,
            "figure",
            {
                "class": f"embed embed--{embed.platform}"
                + (" embed--portrait" if embed.portrait else "")
            },
        )
        label = self.labels["video" if embed.video else "post"] % {"platform": embed.name}
        link = etree.SubElement(
            figure,
            "a",
            {
                "class": "embed__link",
                "href": embed.link,
                "data-embed-src": embed.frame,
                "data-embed-title": label,
            },
        )
        if poster:
            # A paragraph of one image: the photos plugin makes it a responsive figure.
            image = etree.SubElement(etree.SubElement(link, "p"), "img")
            image.set("src", poster)
            image.set("alt", caption or label)
        play = etree.SubElement(link, "span", {"class": "embed__play"})
        play.text = label
        if caption:
            etree.SubElement(figure, "figcaption").text = caption

    def _line(self, ctx) -> int:
        """The file line of the next ``!embed[`` (embeds are met in document order)."""
        md = self.parser.md
        lines = getattr(md, "embed_source_lines", [])
        first = ctx.body_first_line if ctx is not None else 1
        for index in range(getattr(md, "embed_cursor", 0), len(lines)):
            if MARKER in lines[index]:
                md.embed_cursor = index + 1
                return first + index
        return first

    def _report(self, ctx, message: Text, hint: Text, line: int | None = None) -> None:
        if line is None:
            line = self._line(ctx)
        if ctx is not None:
            ctx.report(line, message, hint)


class EmbedExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "video_label": ["Play the %(platform)s video", "facade text of a video"],
            "post_label": ["Show the %(platform)s post", "facade text of a post"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        labels = {"video": self.getConfig("video_label"), "post": self.getConfig("post_label")}
        md.preprocessors.register(_SourceLines(md), "embed_source_lines", SOURCE_PRIORITY)
        md.parser.blockprocessors.register(
            EmbedBlockProcessor(md.parser, labels), PROCESSOR_NAME, PRIORITY
        )


def makeExtension(**kwargs) -> EmbedExtension:
    return EmbedExtension(**kwargs)
