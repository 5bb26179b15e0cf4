"""Small feedgen extensions for what feedgen 1.0.0 cannot write.

- Media RSS: feedgen's own ``media`` extension wraps ``media:content`` in a
  ``media:group`` (unless ``group=None``) and has no ``media:description`` or
  ``media:credit``. Ours writes one ``media:content`` (``medium="image"``,
  size, caption and credit) and one ``media:thumbnail`` directly under the item,
  with the namespace declared once at the feed root.
- WebSub: feedgen keeps only ``rel="self"`` among the channel links of an RSS
  feed; ``<atom:link rel="hub">`` needs an extension.
- ``dcterms:modified`` in RSS items: RSS 2.0 has no per-item updated date, so an
  edited article would look unchanged to readers that only compare dates.
"""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

MEDIA_NS = "http://search.yahoo.com/mrss/"
ATOM_NS = "http://www.w3.org/2005/Atom"
DCTERMS_NS = "http://purl.org/dc/terms/"


class MediaExtension(BaseExtension):
    """Feed level: only declares the ``media`` namespace at the root."""

    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}


class MediaEntryExtension(BaseEntryExtension):
    def __init__(self) -> None:
        self._image = None

    def image(self, image) -> None:
        """Set the item's image (a :class:`syndication.items.Image`)."""
        self._image = image

    def _extend(self, entry):
        image = self._image
        if image is None:
            return entry
        attributes = {"url": image.url, "medium": "image", "type": image.mime}
        if image.length:
            attributes["fileSize"] = str(image.length)
        size = {}
        if image.width and image.height:
            size = {"width": str(image.width), "height": str(image.height)}
        content = xml_elem(f"{{{MEDIA_NS}}}content", entry, **attributes, **size)
        if image.caption or image.alt:
            description = xml_elem(f"{{{MEDIA_NS}}}description", content, type="plain")
            description.text = image.caption or image.alt
        if image.credit:
            xml_elem(f"{{{MEDIA_NS}}}credit", content).text = image.credit
        # The same URL as media:content and the body: FreshRSS shows an image
        # twice when the thumbnail differs from the one already in the text.
        xml_elem(f"{{{MEDIA_NS}}}thumbnail", entry, url=image.url, **size)
        return entry

    def extend_rss(self, entry):
        return self._extend(entry)

    def extend_atom(self, entry):
        return self._extend(entry)


class HubExtension(BaseExtension):
    """``<atom:link rel="hub">`` (RSS) or ``<link rel="hub">`` (Atom), when a hub is set.

    No namespace of its own: feedgen declares ``atom`` on every RSS root.
    """

    def __init__(self) -> None:
        self._hub = None

    def hub(self, url: str | None) -> None:
        self._hub = url

    def extend_rss(self, feed):
        if self._hub:
            xml_elem(f"{{{ATOM_NS}}}link", feed[0], rel="hub", href=self._hub)
        return feed

    def extend_atom(self, feed):
        # feedgen writes Atom elements without a namespace under a root that
        # declares it as the default one; do the same.
        if self._hub:
            xml_elem("link", feed, rel="hub", href=self._hub)
        return feed


class DctermsExtension(BaseExtension):
    def extend_ns(self) -> dict[str, str]:
        return {"dcterms": DCTERMS_NS}


class DctermsEntryExtension(BaseEntryExtension):
    def __init__(self) -> None:
        self._modified = None

    def modified(self, moment) -> None:
        self._modified = moment

    def extend_rss(self, entry):
        if self._modified is not None:
            element = xml_elem(f"{{{DCTERMS_NS}}}modified", entry)
            element.text = self._modified.isoformat(timespec="seconds")
        return entry
