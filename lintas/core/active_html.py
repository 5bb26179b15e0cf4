"""Refuse markup in an article body that runs code, embeds another site, or
styles the page inline.

Markdown passes raw HTML through untouched, so an editor pasting from a CMS or
a social network can bring along ``<script>``, an ``onclick=`` handler, an
``<iframe>`` or a ``javascript:`` link. On our pages the Content-Security-Policy
(deploy/nginx.conf) blocks them, which leaves a broken story and a console
error; in feeds they reach every reader app, and the W3C validator and Google
News reject the feed. So they are content problems, with the line to fix.

The converted body HTML is checked, not the Markdown source: markup inside
code spans and code blocks has already been escaped into text there, so
showing ``<script>`` as an example in an article stays possible.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .messages import Text, msg

# Elements that execute, embed, submit or restyle; none has a place in a story.
ACTIVE_ELEMENTS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "form",
        "meta",
        "link",
        "style",
        "svg",
        "math",
    }
)
# Attributes whose value is a URL the browser may follow or load.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "data", "background", "xlink:href"}
)
# URL schemes that run code (or smuggle a document) instead of loading a resource.
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
# Cheap test before parsing: nearly every body has none of these.
_SUSPECT = re.compile(
    r"<\s*(?:" + "|".join(sorted(ACTIVE_ELEMENTS)) + r")\b|\son[a-z]+\s*=|\sstyle\s*="
    r"|(?:java|vb)script\s*:|data\s*:\s*text/html",
    re.IGNORECASE,
)
# Browsers ignore ASCII whitespace and control characters inside a scheme.
_SCHEME_NOISE = re.compile(r"[\x00-\x20]+")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (what to tell the editor, text to look for in the source to find the line)
        self.found: list[tuple[Text, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_ELEMENTS:
            self.found.append((msg("the body holds raw HTML <%(tag)s>", tag=tag), f"<{tag}"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((msg("the body holds an '%(name)s' attribute", name=name), name))
            elif name == "style":
                self.found.append((msg("the body holds a 'style' attribute"), "style"))
            elif name in URL_ATTRIBUTES and value:
                url = _SCHEME_NOISE.sub("", value).lower()
                if url.startswith(ACTIVE_SCHEMES):
                    shown = value.strip()[:40]
                    self.found.append(
                        (
                            msg("the body links to '%(url)s'", url=shown),
                            value.strip().split(":", 1)[0] + ":",
                        )
                    )

    handle_startendtag = handle_starttag


def find_active_html(body_html: str) -> list[tuple[Text, str]]:
    """``(message, needle)`` for each active construct in converted body HTML."""
    if not _SUSPECT.search(body_html):
        return []
    finder = _Finder()
    finder.feed(body_html)
    finder.close()
    return finder.found


def source_line(body: str, first_line: int, needle: str) -> int:
    """The file line where ``needle`` first occurs in the body (case-insensitive);
    the body's first line when it cannot be found (e.g. an entity-encoded scheme)."""
    lowered = needle.lower()
    for offset, line in enumerate(body.split("\n")):
        if lowered in line.lower():
            return first_line + offset
    return first_line


HINT = msg(
    "remove it: the site and its feeds carry text, photos and links only "
    "(a video or a post: !embed[its address] on a line of its own)"
)
