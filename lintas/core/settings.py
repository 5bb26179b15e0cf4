"""Settings of the article model itself (the newsroom rules in ``lintas.core``):
read by the core and by every plugin that shows a story. A portal's
``pelicanconf.py`` sets the values that are its own (sections, regions,
authors) — or, better, writes them as content (``content/authors/``,
``content/sections/``, ``content/regions/``: ``lintas.core.directory``); the
defaults are here and nowhere else."""

from __future__ import annotations

from .config import setting

SETTINGS = (
    setting(
        "NEWSROOM_CATEGORIES",
        [],
        list,
        doc="the portal's sections, in menu order (content/sections/ replaces it)",
    ),
    setting("ADVERTORIAL_CATEGORY", "Advertorial", str, doc="the section of paid stories"),
    setting("ADVERTORIAL_LABEL", "Advertorial", str, doc="label on paid stories everywhere"),
    setting(
        "NEWSROOM_REGIONS",
        [],
        list,
        doc="regions a story may name in Region: (content/regions/ replaces it)",
    ),
    setting(
        "NEWSROOM_AUTHORS",
        {},
        dict,
        doc="name → {code, role, bio, photo, …}: the reporters a story may credit "
        "(content/authors/ replaces it)",
    ),
    setting(
        "NEWSROOM_DIRECTORY",
        None,
        str,
        type(None),
        doc="folder holding authors/, sections/, regions/ (default: the content folder)",
    ),
    setting(
        "NEWSROOM_DESCRIPTIONS",
        {},
        dict,
        doc="section or region name → its Description: (from content/sections/, regions/)",
    ),
    setting(
        "NEWSROOM_STRICT",
        False,
        bool,
        doc="True (publish): a story with a problem is held back (its last good version "
        "stays online) and `lintas build` exits 3; False: warn, leave it out",
    ),
    setting(
        "NEWSROOM_LAST_GOOD_DIR",
        ".terbit",
        str,
        doc="folder inside PATH keeping the last published version of every story "
        "(lintas.core.holdback); a build input, keep it with the content",
    ),
    setting(
        "NEWSROOM_PREVIEW",
        False,
        bool,
        doc="set by `lintas serve` only: drafts and embargoed stories are rendered, marked, "
        "at their future address (never in a strict build)",
    ),
    setting(
        "LIVE_OUTPUT_PATH",
        "",
        str,
        doc="set by `lintas build`: the output folder its staging folder (OUTPUT_PATH) "
        "replaces; empty when Pelican writes OUTPUT_PATH in place",
    ),
    setting(
        "NEWSROOM_NOW",
        None,
        str,
        type(None),
        doc="freeze the build clock, e.g. '2016-09-03 12:00' (the LINTAS_NOW variable wins)",
    ),
    setting("DATE_LOCALE", "id", str, doc="Babel locale of dates; never the OS locale"),
    setting("TIMEZONE_LABEL", "WITA", str, doc="shown after times"),
    setting("UI_LANGUAGE", "id", str, doc="gettext catalog of the theme (the site's language)"),
    setting(
        "MESSAGES_LANGUAGE",
        "id",
        str,
        doc="language of the messages to editors (problems, preview, lintas check/new): id or en",
    ),
)
