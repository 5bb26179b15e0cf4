"""Article HTML made fit for feed readers and partner portals.

Readers render ``content:encoded`` out of our page: relative URLs point
nowhere, ``<picture>``/``srcset`` markup is dropped or mangled by SimplePie
and FreshRSS, and scripts, handlers and inline styles are stripped (or the
whole feed flagged) by validators. So, on the HTML we produced ourselves:

- ``<picture>`` becomes its plain ``<img>`` (the JPEG fallback rendition),
  keeping ``src``, ``width``, ``height`` and ``alt``;
- captions (``<figcaption>``) are kept as plain text;
- every ``href``/``src`` is made absolute against the article's URL, as a
  browser on the article page would resolve it; other schemes go;
- scripts, embeds, forms, comments, ``on*`` handlers, ``style``, ``class``,
  responsive-image and ``data-*`` attributes go.
"""

from __future__ import annotations

import html
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from .text import clean, one_line

# Removed with everything inside them.
DROP_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "object",
        "embed",
        "applet",
        "frame",
        "frameset",
        "link",
        "meta",
        "base",
        "form",
        "input",
        "button",
        "select",
        "textarea",
    }
)
# Attributes a feed reader has no use for (responsive images, lazy loading,
# our CSS hooks) or must never get (inline styles).
DROP_ATTRIBUTES = frozenset(
    {"style", "class", "srcset", "sizes", "loading", "fetchpriority", "decoding"}
)
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster", "longdesc"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def _text_of(element: etree._Element) -> str:
    return " ".join(part.strip() for part in element.itertext() if part.strip())


def _absolute(value: str, base_url: str) -> str | None:
    """``value`` resolved against ``base_url``, or None for unsafe schemes."""
    resolved = urljoin(base_url, value.strip())
    return resolved if urlsplit(resolved).scheme.lower() in SAFE_SCHEMES else None


def _replace(old: etree._Element, new: etree._Element) -> None:
    """Put ``new`` (possibly a descendant of ``old``) where ``old`` was."""
    new.getparent().remove(new)
    new.tail = old.tail
    old.getparent().replace(old, new)


def _remove(element: etree._Element) -> None:
    """Remove ``element`` and its children but keep the text that follows it."""
    element.drop_tree()


def _parse(fragment: str) -> etree._Element:
    return lxml_html.fragment_fromstring(clean(fragment) or "<p></p>", create_parent="div")


def html_to_text(fragment: str | None) -> str:
    """The plain text of an HTML fragment, on one line (feed descriptions)."""
    if not fragment or not fragment.strip():
        return ""
    root = _parse(fragment)
    for element in list(root.iter(*DROP_ELEMENTS)):
        _remove(element)
    return one_line(" ".join(root.itertext()))


def sanitize_html(fragment: str | None, base_url: str) -> str:
    """``fragment`` cleaned for feeds; ``base_url`` is the article's absolute URL."""
    if not fragment or not fragment.strip():
        return ""
    root = _parse(fragment)

    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(node)
    for element in list(root.iter(*DROP_ELEMENTS)):
        _remove(element)
    # An embedded player cannot run in a reader; leave a link to it.
    for frame in list(root.iter("iframe")):
        source = _absolute(frame.get("src", ""), base_url) if frame.get("src") else None
        if source:
            link = lxml_html.Element("a", href=source)
            link.text = frame.get("title") or source
            frame.addprevious(link)
        _remove(frame)

    # <picture> → its <img>. libxml2 does not know <source> is void and nests
    # the <img> inside it, so look for the <img> anywhere below.
    for picture in list(root.iter("picture")):
        image = next(picture.iter("img"), None)
        if image is None:
            _remove(picture)
        else:
            _replace(picture, image)
    for source in list(root.iter("source")):
        source.drop_tag()  # a <source> of <video>/<audio>; its children stay

    for caption in root.iter("figcaption"):
        text = _text_of(caption)
        for child in list(caption):
            caption.remove(child)
        caption.text = text

    for element in root.iter(etree.Element):
        for name in list(element.attrib):
            lowered = name.lower()
            if (
                lowered in DROP_ATTRIBUTES
                or lowered.startswith("on")
                or lowered.startswith("data-")
            ):
                del element.attrib[name]
            elif lowered in URL_ATTRIBUTES:
                absolute = _absolute(element.attrib[name], base_url)
                if absolute is None:
                    del element.attrib[name]
                else:
                    element.attrib[name] = absolute
        if element.tag == "img" and "alt" not in element.attrib:
            element.attrib["alt"] = ""

    parts = [html.escape(root.text or "", quote=False)]
    parts += [etree.tostring(child, method="html", encoding="unicode") for child in root]
    return "".join(parts).strip()
