"""The ads plugin's settings: where ads are kept, the slots, the network."""

from __future__ import annotations

from lintas.core.config import setting

# Each slot: the banner's box in CSS pixels (a banner's width/height ratio must
# match, so the box reserved for it is exactly its size: nothing shifts), and
# whether it sits below the fold (loading="lazy"). The templates place them:
# "beranda" on the home page, "artikel" inside a story, "rubrik" on section pages.
DEFAULT_SLOTS = {
    "beranda": {"width": 970, "height": 250, "lazy": True},
    "artikel": {"width": 300, "height": 250, "lazy": True},
    "rubrik": {"width": 970, "height": 250, "lazy": True},
}

SETTINGS = (
    setting(
        "ADS_PATH",
        "iklan",
        str,
        doc="the ads, as content: <PATH>/<ADS_PATH>/<slug>/index.md and the banner beside it",
    ),
    setting(
        "ADS_SLOTS",
        DEFAULT_SLOTS,
        dict,
        doc="slot name -> {'width', 'height' (CSS px), 'lazy'}; the templates place the slots",
    ),
    setting(
        "ADS_OUTPUT_DIR",
        "_iklan",
        str,
        doc="one fragment per slot (<dir>/<slot>.html, included by nginx SSI) and the banners",
    ),
    setting(
        "ADS_ARTICLE_PARAGRAPH",
        3,
        int,
        doc="the 'artikel' slot comes after this many paragraphs of a story (at its end "
        "when it has fewer)",
    ),
    setting(
        "ADS_BANNER_WIDTHS",
        (320, 480, 720, 970, 1280, 1940),
        tuple,
        list,
        doc="banner renditions (px); those up to twice the slot's width and the original's "
        "(720: a full-width banner on a 412 px phone at 1.75x, Lighthouse's)",
    ),
    setting(
        "ADS_NETWORK",
        None,
        dict,
        type(None),
        doc="a third-party ad network, or None (default: no request to any other site). "
        "{'script': 'https://…/ads.js', 'hosts': ['https://…']}: its script in every slot "
        "no own ad fills; the hosts must be added to the CSP (deploy/nginx.conf)",
    ),
)
