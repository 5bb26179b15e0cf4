"""gettext catalogs, loaded straight from their ``.po`` sources.

The theme's catalogs (``lintas/theme/translations/<lang>/LC_MESSAGES/messages.po``)
are compiled in memory when first asked for (Babel: ~5 ms per catalog), so no
``.mo`` file is ever written: an installed engine needs no build step, and
nothing in the source tree changes under a running preview server.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def N_(msgid: str) -> str:
    """Marks a msgid of the theme catalog for ``pybabel extract`` (babel.cfg)
    where it is defined; it is translated where it is used."""
    return msgid


def catalog_dir(settings: dict) -> Path:
    """The theme's catalogs (the packaged theme, or the portal's THEME)."""
    return Path(settings["THEME"]) / "translations"


@functools.cache
def _load(folder: str, language: str, domain: str, mtime_ns: int) -> NullTranslations:  # noqa: ARG001
    po_path = Path(folder) / language / "LC_MESSAGES" / f"{domain}.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=domain)


def load_translations(folder: str | Path, language: str, domain: str = DOMAIN) -> NullTranslations:
    """The catalog of ``language`` in ``folder``; ``NullTranslations`` (the
    msgids themselves) when there is none. Memoized per file version."""
    po_path = Path(folder) / language / "LC_MESSAGES" / f"{domain}.po"
    try:
        mtime = po_path.stat().st_mtime_ns
    except FileNotFoundError:
        return NullTranslations()
    return _load(str(folder), language, domain, mtime)


def translations_for(settings: dict) -> NullTranslations:
    """The theme's catalog in the portal's UI_LANGUAGE."""
    return load_translations(catalog_dir(settings), settings["UI_LANGUAGE"])
