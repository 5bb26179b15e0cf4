"""Settings of the article model itself (the newsroom rules in ``lintas.core``):
read by the core and by every plugin that shows a story. A portal's
``pelicanconf.py`` sets the values that are its own (sections, regions,
authors); the defaults are here and nowhere else."""

from __future__ import annotations

from .config import setting

SETTINGS = (
    setting("NEWSROOM_CATEGORIES", [], list, doc="the portal's sections, in menu order"),
    setting("ADVERTORIAL_CATEGORY", "Advertorial", str, doc="the section of paid stories"),
    setting("ADVERTORIAL_LABEL", "Advertorial", str, doc="label on paid stories everywhere"),
    setting("NEWSROOM_REGIONS", [], list, doc="regions a story may name in Region:"),
    setting(
        "NEWSROOM_AUTHORS",
        {},
        dict,
        doc="name → {code, bio}: the reporters a story may credit",
    ),
    setting(
        "NEWSROOM_DEFAULT_AUTHOR", None, str, type(None), doc="credited when Author: is absent"
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
        "NEWSROOM_NOW",
        None,
        str,
        type(None),
        doc="freeze the build clock, e.g. '2016-09-03 12:00' (the LINTAS_NOW variable wins)",
    ),
    setting("DATE_LOCALE", "id", str, doc="Babel locale of dates; never the OS locale"),
    setting("TIMEZONE_LABEL", "WITA", str, doc="shown after times"),
    setting("UI_LANGUAGE", "id", str, doc="gettext catalog of the theme and the messages"),
)
