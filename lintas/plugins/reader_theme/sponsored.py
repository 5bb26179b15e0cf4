"""rel="sponsored" on the outbound links of advertorials (Google's rule for paid
links; Dewan Pers PPMS 6a keeps paid content recognisable).

A Python-Markdown extension in the newsroom reader's chain, so the article
page and the feeds carry the same markup and nothing re-parses written pages.
The reader sets ``md.newsroom_context`` (header of the file being converted)
before each conversion; that is how we know the story is an advertorial.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SPONSORED = "sponsored"
# After "inline" (20), which turns [text](url) into <a>, and after raw inline
# HTML has been stashed; before "prettify" (10).
PRIORITY = 15
_OPENING_A = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
# name="value", name='value' or name=value; not the tail of data-name=.
_ATTRIBUTE = r"""(?<![\w-]){name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""


def is_outbound(href: str, own_host: str) -> bool:
    """An absolute http(s) or protocol-relative link to another host."""
    parts = urlsplit(href.strip())
    if parts.scheme not in ("http", "https", "") or not parts.netloc:
        return False
    return parts.hostname != own_host


def add_rel(rel: str | None, value: str = SPONSORED) -> str:
    tokens = (rel or "").split()
    if value not in (t.lower() for t in tokens):
        tokens.append(value)
    return " ".join(tokens)


def _attribute_match(tag: str, name: str) -> re.Match | None:
    return re.search(_ATTRIBUTE.format(name=name), tag, re.IGNORECASE)


def _attribute(tag: str, name: str) -> str | None:
    """An attribute's value in an opening tag (quoted either way, or bare)."""
    match = _attribute_match(tag, name)
    return None if match is None else next(g for g in match.groups() if g is not None)


def mark_raw_html(fragment: str, own_host: str) -> str:
    """The same rule for anchors an editor typed as raw HTML in the Markdown."""

    def fix(match: re.Match) -> str:
        tag = match.group(0)
        href = _attribute(tag, "href")
        if href is None or not is_outbound(href, own_host):
            return tag
        rel = _attribute_match(tag, "rel")
        if rel is None:
            return f'{tag[:-1].rstrip()} rel="{SPONSORED}">'
        current = next((g for g in rel.groups() if g is not None), "")
        return tag[: rel.start()] + f'rel="{add_rel(current)}"' + tag[rel.end() :]

    return _OPENING_A.sub(fix, fragment)


class SponsoredLinks(Treeprocessor):
    def __init__(self, md: Markdown, category: str, own_host: str):
        super().__init__(md)
        self.category = category.strip().lower()
        self.own_host = own_host

    def is_advertorial(self) -> bool:
        context = getattr(self.md, "newsroom_context", None)
        header = getattr(context, "header", {}) or {}
        return header.get("category", "").strip().lower() == self.category

    def run(self, root: etree.Element) -> None:
        if not self.is_advertorial():
            return
        for anchor in root.iter("a"):
            if is_outbound(anchor.get("href", ""), self.own_host):
                anchor.set("rel", add_rel(anchor.get("rel")))
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str) and "<a" in block.lower():
                stash[index] = mark_raw_html(block, self.own_host)


class SponsoredLinksExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "advertorial_category": ["Advertorial", "category whose stories are paid"],
            "site_url": ["", "the portal's own URL: links to it are not outbound"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # Markdown's API names
        own_host = urlsplit(self.getConfig("site_url")).hostname or ""
        md.treeprocessors.register(
            SponsoredLinks(md, self.getConfig("advertorial_category"), own_host),
            "newsroom_sponsored_links",
            PRIORITY,
        )


def makeExtension(**kwargs) -> SponsoredLinksExtension:  # Markdown's API names
    return SponsoredLinksExtension(**kwargs)
