"""Python-Markdown extension: photos alone in a paragraph become figures and galleries.

    ![alt](foto.jpg "caption | credit")          → a figure with a caption
    ![a](1.jpg "…") ![b](2.jpg "…") ![c](3.jpg)   → a gallery (one paragraph, images only)

Registered through ``MARKDOWN["extension_configs"]["photos.figures"]`` and run by
the newsroom reader, which sets ``md.newsroom_context`` (an ArticleContext) before
each conversion. Without that context (any other Markdown use) images are left
alone.

The output is a stable placeholder, ``<figure data-photo-block="N">`` holding the
plain ``<img>`` elements as written; ``ctx.extras["photo_refs"]`` records every
photo (see ``refs.PhotoRef``). Nothing depends on the photo files' bytes, so a
cached read stays valid; ``site.py`` swaps each placeholder for the final
``<picture>`` markup on every build.

Problems are reported the newsroom way, with the line in ``index.md``:
Python-Markdown keeps no line numbers, so each image is found again in the
source text (``_LineFinder``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension, Markdown
from markdown.inlinepatterns import IMAGE_LINK_RE, ImageInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from lintas.core.messages import msg

from .config import RenditionConfig
from .memo import shared_index
from .refs import (
    COVER_BLOCK,
    EXTRAS_KEY,
    PhotoRef,
    check_photo_file,
    for_cover,
    relative_path,
    split_title,
)

BLOCK_ATTRIBUTE = "data-photo-block"  # the placeholder's only attribute (see site.py)
# Before every built-in preprocessor (normalize_whitespace is 30): the lines as written.
SOURCE_PRIORITY = 40
# Python-Markdown's own image pattern priority: ours replaces it under the same name.
IMAGE_PRIORITY = 150
# After "inline" (20) has made the <img> elements, before "prettify" (10).
TREE_PRIORITY = 18
_RAW_IMAGE = re.compile(r"<\s*(?:img|picture)\b", re.IGNORECASE)


class _SourceLines(Preprocessor):
    """Keep the text as the editor wrote it: the line finder searches it."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.photo_source_lines = list(lines)
        return lines


class _ImageProcessor(ImageInlineProcessor):
    """``![alt](src "title")`` with a stricter title rule than Python-Markdown's.

    Python-Markdown ends a title at any quote followed by ``)``, so a caption such
    as ``"Bupati membuka (resmi) pameran 'Expo')"`` loses its tail. Here a title
    opened by ``"`` ends only at ``")``; other forms fall back to the original.
    """

    RE_STRICT = re.compile(
        r"""\(\s*(<[^<>\n]*>|[^\s<>()]+)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')?\s*\)"""
    )

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        match = self.RE_STRICT.match(data, pos=index)
        if match is None:
            return super().getLink(data, index)
        href = match.group(1)
        if href.startswith("<"):
            href = href[1:-1]
        title = match.group(2) if match.group(2) is not None else match.group(3)
        if title is not None:
            title = self.RE_TITLE_CLEAN.sub(" ", self.unescape(title.strip()))
        return self.unescape(href).strip(), title, match.end(0), True


class _LineFinder:
    """The source line of each image, taken in document order.

    Searches for ``](src`` (or ``](<src``, or ``![alt]`` for reference-style
    images) from just after the previous image, so a photo used twice gets the
    line of each use.
    """

    def __init__(self, lines: list[str], first_line: int):
        self.text = "\n".join(lines)
        self.first_line = first_line
        self.cursor = 0

    def line_of(self, src: str, alt: str) -> int:
        # Plain string searches: a pattern compiled per image (each name is new to
        # re's cache) took 4.3 s of reading 10,000 stories.
        for start in (self.cursor, 0):
            # The file name first: ``![alt`` is only a fallback.
            found = self._link_to(src, start) if src else None
            if found is None and alt:
                at = self.text.find("![" + alt, start)
                found = None if at < 0 else (at, at + 2 + len(alt))
            if found is not None:
                self.cursor = found[1]
                return self.first_line + self.text.count("\n", 0, found[0])
        return self.first_line

    def _link_to(self, src: str, start: int) -> tuple[int, int] | None:
        """Where the first ``](src`` at or after ``start`` begins and ends: the
        regular expression ``\\]\\(\\s*<?src``, searched for by hand."""
        text = self.text
        at = text.find(src, start)
        while at >= 0:
            begin = at - 1 if at > start and text[at - 1] == "<" else at
            while begin > start and text[begin - 1].isspace():
                begin -= 1
            if begin - 2 >= start and text[begin - 2 : begin] == "](":
                return begin - 2, at + len(src)
            at = text.find(src, at + 1)
        return None


def _only_images(paragraph: etree.Element) -> bool:
    if (paragraph.text or "").strip() or not len(paragraph):
        return False
    return all(child.tag == "img" and not (child.tail or "").strip() for child in paragraph)


class _FigureProcessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: PhotoFiguresExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        ctx = getattr(self.md, "newsroom_context", None)
        if ctx is None:
            return
        finder = _LineFinder(getattr(self.md, "photo_source_lines", []), ctx.body_first_line)
        lines = {
            id(img): finder.line_of(img.get("src", ""), img.get("alt", ""))
            for img in root.iter("img")
        }
        folder = Path(ctx.source_path).parent
        credit = ctx.header.get("photo-credit", "")
        refs: list[PhotoRef] = []
        placed: set[int] = set()

        targets = [
            (parent, child)
            for parent in root.iter()
            for child in parent
            if child.tag == "p" and _only_images(child)
        ]
        for block, (parent, paragraph) in enumerate(targets):
            images = list(paragraph)
            gallery = len(images) > 1
            figure = etree.Element("figure", {BLOCK_ATTRIBUTE: str(block)})
            figure.tail = paragraph.tail
            for img in images:
                placed.add(id(img))
                img.tail = None
                figure.append(img)
                ref = self._ref(ctx, folder, img, lines[id(img)], block, gallery, credit)
                if ref is not None:
                    refs.append(ref)
            parent.insert(list(parent).index(paragraph), figure)
            parent.remove(paragraph)

        for img in root.iter("img"):
            if id(img) not in placed:
                ctx.report(
                    lines[id(img)],
                    msg("photo '%(name)s' is inside a line of text", name=img.get("src", "")),
                    msg(
                        "put the photo on a line of its own, with a blank line before and after "
                        "(several photos in one paragraph make a gallery)"
                    ),
                )
        self._raw_images(ctx)
        written = {relative_path(img.get("src", ""))[0] for img in root.iter("img")}
        cover = self._cover(ctx, folder, written, credit)
        ctx.extras[EXTRAS_KEY] = (*refs, *([cover] if cover else []))

    def _ref(self, ctx, folder: Path, img, line: int, block: int, gallery: bool, credit: str):
        name = img.get("src", "")
        alt = (img.get("alt") or "").strip()
        problems = len(ctx.problems)
        if not alt:
            ctx.report(
                line,
                msg("photo '%(name)s' has no alt text", name=name),
                msg("describe what the photo shows: ![description](%(name)s)", name=name),
            )
        path, message, hint = relative_path(name)
        if path is None:
            ctx.report(line, message, hint)
            return None
        found, *rest = self._check(folder, name, path)
        if found is None:
            ctx.report(line, *rest)
        if len(ctx.problems) > problems:
            return None
        caption, photo_credit = split_title(img.get("title"), credit)
        return PhotoRef(name, path, alt, caption, photo_credit, line, block, gallery)

    def _check(self, folder: Path, name: str, path: str):
        config = self.extension.rendition_config()
        cache_dir = self.extension.getConfig("cache_dir")
        index = shared_index(cache_dir) if cache_dir else None
        return check_photo_file(folder, name, path, config, index)

    def _cover(self, ctx, folder: Path, written: set, credit: str) -> PhotoRef | None:
        """The ``Cover:`` photo when the body does not show it (the header lead only).

        The newsroom schema already reports a cover outside the folder or
        missing; here it is checked as a photo (damaged, too large, …).
        """
        name = ctx.header.get("cover", "")
        if not name:
            return None
        path, _message, _hint = relative_path(name)
        if path is None or path in written:
            return None
        line = ctx.header_lines.get("cover", 0)
        target = (folder / path).resolve()
        if folder.resolve() not in target.parents or not target.is_file():
            return None  # reported by the newsroom schema
        found, *rest = self._check(folder, name, path)
        if found is None:
            message, hint = rest
            ctx.report(line, for_cover(message), hint)
            return None
        # No alt text can be written for it: site.py uses the headline.
        return PhotoRef(name, path, "", "", split_title("", credit)[1], line, COVER_BLOCK, False)

    def _raw_images(self, ctx) -> None:
        """Raw ``<img>`` HTML would point at an original that is never published."""
        for raw in self.md.htmlStash.rawHtmlBlocks:
            if _RAW_IMAGE.search(str(raw)):
                lines = getattr(self.md, "photo_source_lines", [])
                offset = next((i for i, text in enumerate(lines) if _RAW_IMAGE.search(text)), 0)
                ctx.report(
                    ctx.body_first_line + offset,
                    msg("the body holds a raw HTML <img>"),
                    msg('write photos as ![description](foto.jpg "caption")'),
                )
                return


class PhotoFiguresExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "cache_dir": ["", "the photo cache folder (its memo of probed photos); '' for none"],
            "max_megapixels": [
                RenditionConfig.max_megapixels,
                "refuse photos above this many megapixels",
            ],
        }
        super().__init__(**kwargs)
        self._rendition_config: RenditionConfig | None = None

    def rendition_config(self) -> RenditionConfig:
        if self._rendition_config is None:
            self._rendition_config = RenditionConfig(
                max_megapixels=float(self.getConfig("max_megapixels"))
            )
        return self._rendition_config

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_SourceLines(md), "photo_source_lines", SOURCE_PRIORITY)
        md.inlinePatterns.register(_ImageProcessor(IMAGE_LINK_RE, md), "image_link", IMAGE_PRIORITY)
        md.treeprocessors.register(_FigureProcessor(md, self), "photo_figures", TREE_PRIORITY)


def makeExtension(**kwargs) -> PhotoFiguresExtension:
    return PhotoFiguresExtension(**kwargs)
