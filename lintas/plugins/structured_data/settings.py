"""Link previews and JSON-LD settings, with their defaults."""

from __future__ import annotations

from lintas.core.config import setting

SETTINGS = (
    setting(
        "STRUCTURED_DATA_LOGO",
        "img/logo.png",
        str,
        doc="publisher logo under the theme's static files (Google: at least 112x112)",
    ),
    setting(
        "STRUCTURED_DATA_DEFAULT_IMAGE",
        "img/social-default.jpg",
        str,
        doc="link preview of pages without a photo",
    ),
    setting("STRUCTURED_DATA_HOME_LABEL", "Beranda", str, doc="first BreadcrumbList item"),
    setting("STRUCTURED_DATA_SAME_AS", [], list, doc="the portal's profiles elsewhere (sameAs)"),
    setting("OG_LOCALE", "id_ID", str, doc="og:locale"),
    setting("TWITTER_SITE", None, str, type(None), doc="e.g. '@lintastotabuan'"),
    setting(
        "PRESS_GUIDELINE_SLUG",
        "pedoman-media-siber",
        str,
        type(None),
        doc="the page of Dewan Pers' Pedoman Pemberitaan Media Siber, linked from every footer",
    ),
    setting(
        "STRUCTURED_DATA_SKIP_PAGES",
        ["404"],
        list,
        doc="page_name of pages without canonical URL or previews",
    ),
)
