"""Article HTML made fit for feed readers and partner portals.

What is safe is decided by ``nh3`` (the Ammonia sanitiser, html5ever's
parser): its allow-list of elements and attributes, and the URL schemes
below. Scripts, embeds, forms, comments, ``on*`` handlers, ``style``,
``class``, responsive-image and ``data-*`` attributes are not on that list.

What is ours is how our own pages become feed HTML, done on lxml before nh3:

- ``<picture>`` becomes its plain ``<img>`` (the JPEG fallback rendition),
  keeping ``src``, ``width``, ``height`` and ``alt`` (SimplePie and FreshRSS
  drop or mangle ``<picture>``/``srcset``);
- an embedded player (``<iframe>``) becomes a link to it;
- a ``<figcaption>`` becomes plain text, its credit set off from the caption
  by punctuation (:func:`text.caption_with_credit`): the page's credit is a
  styled ``<span>``, which feed readers show run into the caption;
- every ``<img>`` has an ``alt``; one without a usable ``src`` goes;
- every ``href``/``src``/``cite`` is made absolute against the article's URL,
  as a browser on the article page would resolve it (nh3's attribute filter).
"""

from __future__ import annotations

import html
from urllib.parse import urljoin, urlsplit

import nh3
from lxml import etree
from lxml import html as lxml_html

from .text import caption_with_credit, clean, one_line

# Removed with everything inside them: their text is not article text
# (nh3 strips other disallowed tags but keeps their text).
DROP_WITH_CONTENT = frozenset(
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
        "iframe",
        "form",
        "button",
        "select",
        "textarea",
        "title",
        "svg",
        "math",
    }
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
CREDIT_CLASS = "credit"  # photos plugin / theme: <span class="credit">Foto: …</span>


def _text_of(element: etree._Element) -> str:
    return one_line(" ".join(part.strip() for part in element.itertext() if part.strip()))


def _absolute(value: str, base_url: str) -> str | None:
    """``value`` resolved against ``base_url``, or None for unsafe schemes."""
    resolved = urljoin(base_url, value.strip())
    return resolved if urlsplit(resolved).scheme.lower() in SAFE_SCHEMES else None


def _replace(old: etree._Element, new: etree._Element) -> None:
    """Put ``new`` (possibly a descendant of ``old``) where ``old`` was."""
    new.getparent().remove(new)
    new.tail = old.tail
    old.getparent().replace(old, new)


def _parse(fragment: str) -> etree._Element:
    return lxml_html.fragment_fromstring(clean(fragment) or "<p></p>", create_parent="div")


def html_to_text(fragment: str | None) -> str:
    """The plain text of an HTML fragment, on one line (feed descriptions)."""
    if not fragment or not fragment.strip():
        return ""
    root = _parse(fragment)
    for element in list(root.iter(*DROP_WITH_CONTENT)):
        element.drop_tree()
    return one_line(" ".join(root.itertext()))


def _caption_text(caption: etree._Element) -> str:
    """A figcaption's text, the credit set off from the caption."""
    credits = [
        span for span in caption.iter("span") if CREDIT_CLASS in (span.get("class") or "").split()
    ]
    credit = " ".join(_text_of(span) for span in credits)
    for span in credits:
        span.drop_tree()  # keeps the text after it
    return caption_with_credit(_text_of(caption), credit)


def _our_markup(root: etree._Element, base_url: str) -> None:
    """Our page markup turned into what feed readers show well (see the module doc)."""
    for frame in list(root.iter("iframe")):
        source = _absolute(frame.get("src", ""), base_url) if frame.get("src") else None
        if source:
            link = lxml_html.Element("a", href=source)
            link.text = frame.get("title") or source
            frame.addprevious(link)
        frame.drop_tree()
    # libxml2 does not know <source> is void and nests the <img> inside it,
    # so look for the <img> anywhere below.
    for picture in list(root.iter("picture")):
        image = next(picture.iter("img"), None)
        if image is None:
            picture.drop_tree()
        else:
            _replace(picture, image)
    for caption in root.iter("figcaption"):
        text = _caption_text(caption)
        for child in list(caption):
            caption.remove(child)
        caption.text = text
    for image in list(root.iter("img")):
        if not _absolute(image.get("src") or "", base_url) or not image.get("src"):
            image.drop_tree()  # nh3 would keep it without its src: an empty box
        elif image.get("alt") is None:
            image.set("alt", "")


def _serialise(root: etree._Element) -> str:
    parts = [html.escape(root.text or "", quote=False)]
    parts += [etree.tostring(child, method="html", encoding="unicode") for child in root]
    return "".join(parts)


def sanitize_html(fragment: str | None, base_url: str) -> str:
    """``fragment`` cleaned for feeds; ``base_url`` is the article's absolute URL."""
    if not fragment or not fragment.strip():
        return ""
    root = _parse(fragment)
    _our_markup(root, base_url)

    def absolute_urls(_tag: str, attribute: str, value: str) -> str | None:
        # nh3 checks schemes before this filter and not after: ours checks again.
        return _absolute(value, base_url) if attribute in URL_ATTRIBUTES else value

    def nh3_clean(markup: str) -> str:
        return nh3.clean(
            markup,
            clean_content_tags=set(DROP_WITH_CONTENT),
            url_schemes=set(SAFE_SCHEMES),
            attribute_filter=absolute_urls,
            strip_comments=True,
            link_rel=None,  # a reader sets its own rel on links it shows
        )

    cleaned = nh3_clean(_serialise(root))
    if "<img" in cleaned:
        # Markup built to confuse parsers (libxml2 above, html5ever in nh3)
        # can leave nh3 an <img> our pass never saw: give it its alt, and let
        # nh3 judge the result once more.
        again = _parse(cleaned)
        unnamed = [image for image in again.iter("img") if image.get("alt") is None]
        for image in unnamed:
            image.set("alt", "")
        if unnamed:
            cleaned = nh3_clean(_serialise(again))
    return clean(cleaned).strip()
