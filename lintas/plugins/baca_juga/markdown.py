"""Python-Markdown extension: ``!baca[slug]`` alone in a paragraph names
another story to read ("Baca juga").

Stories are read one by one, so the Markdown pass cannot know whether the
story named exists: the block processor (``BacaBlockProcessor``, registered
as ``lintas_baca``) writes a placeholder ``<aside data-baca="N"></aside>`` and
records ``(reference, line)`` in ``ctx.extras["baca_refs"]``; the plugin
resolves them once every story is known (``__init__.py``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor

from lintas.core.messages import msg

PROCESSOR_NAME = "lintas_baca"
PRIORITY = 74  # after "code" (80), before "hashheader" (70) and "paragraph" (10)
SOURCE_PRIORITY = 42
MARKER = "!baca["
BACA_LINE = re.compile(r"^!baca\[\s*(?P<ref>[^\]\s]+)\s*\]\s*$")
PLACEHOLDER_ATTRIBUTE = "data-baca"
EXTRAS_KEY = "baca_refs"

# Editor messages (lintas.core.messages: rendered in MESSAGES_LANGUAGE).
MESSAGE_NOT_ALONE = msg("a 'baca juga' link must stand alone in its paragraph")
HINT_NOT_ALONE = msg("put it on a line of its own: !baca[folder-name-of-the-story]")


class _SourceLines(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.baca_source_lines = list(lines)
        self.md.baca_cursor = 0
        return lines


class BacaBlockProcessor(BlockProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:  # noqa: ARG002 - its signature
        return MARKER in block

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        lines = [line.strip() for line in block.strip().split("\n")]
        matches = [BACA_LINE.match(line) for line in lines]
        ctx = getattr(self.parser.md, "newsroom_context", None)
        if not all(matches) or ctx is None:
            if ctx is not None:
                ctx.report(self._line(ctx), MESSAGE_NOT_ALONE, HINT_NOT_ALONE)
            etree.SubElement(parent, "p").text = block.strip()
            return True
        refs = list(ctx.extras.get(EXTRAS_KEY, ()))
        for match in matches:
            refs.append((match["ref"], self._line(ctx)))
            etree.SubElement(parent, "aside", {PLACEHOLDER_ATTRIBUTE: str(len(refs) - 1)})
        ctx.extras[EXTRAS_KEY] = tuple(refs)
        return True

    def _line(self, ctx) -> int:
        md = self.parser.md
        lines = getattr(md, "baca_source_lines", [])
        for index in range(getattr(md, "baca_cursor", 0), len(lines)):
            if MARKER in lines[index]:
                md.baca_cursor = index + 1
                return ctx.body_first_line + index
        return ctx.body_first_line


class BacaExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_SourceLines(md), "baca_source_lines", SOURCE_PRIORITY)
        md.parser.blockprocessors.register(BacaBlockProcessor(md.parser), PROCESSOR_NAME, PRIORITY)


def makeExtension(**kwargs) -> BacaExtension:
    return BacaExtension(**kwargs)
