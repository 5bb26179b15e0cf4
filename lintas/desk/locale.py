"""The desk's words, from the gettext catalog ``desk.po``.

Decap CMS has no Indonesian locale. Every string of its interface is a
message of the ``desk`` domain (``lintas/theme/translations/<lang>/
LC_MESSAGES/desk.po``) whose context is ``decap.<key>``, its place in Decap's
locale object (``decap.app.header.content``); the desk's own strings (field
labels, the photo forms, the problems pane) have the context ``lintas.<key>``.
``scripts/vendor_decap.py`` adds Decap's strings when Decap is upgraded.

At serve time the catalog is read as it is (no compiled ``.mo`` needed) and
turned into the object ``CMS.registerLocale()`` takes. An untranslated string
is left out: Decap falls back to its own English for it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "theme" / "translations"
DOMAIN = "desk"
DECAP = "decap."
LINTAS = "lintas."


@cache
def _messages(language: str) -> dict[str, tuple[str, str]]:
    """context → (English, translation or "") for one language."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        path = TRANSLATIONS / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=None)
    return {
        message.context: (message.id, message.string or "")
        for message in catalog
        if message.context and message.id and not message.fuzzy
    }


def decap_locale(language: str) -> dict:
    """Decap's nested locale object with every translated string of ``language``."""
    tree: dict = {}
    for context, (_english, translated) in _messages(language).items():
        if not context.startswith(DECAP) or not translated:
            continue
        *parents, leaf = context[len(DECAP) :].split(".")
        node = tree
        for name in parents:
            node = node.setdefault(name, {})
        node[leaf] = translated
    return tree


def desk_strings(language: str) -> dict[str, str]:
    """The desk's own strings, ``lintas.<key>`` → text (English when untranslated)."""
    return {
        context[len(LINTAS) :]: translated or english
        for context, (english, translated) in _messages(language).items()
        if context.startswith(LINTAS)
    }


def translator(language: str):
    """``_("field.title")`` → the desk string of that key in ``language``."""
    strings = desk_strings(language)

    def translate(key: str) -> str:
        try:
            return strings[key]
        except KeyError:
            raise KeyError(f"desk.po has no message with context 'lintas.{key}'") from None

    return translate
