"""Messages for editors (problems, the preview's terminal and banner, ``lintas
check``, ``lintas new``), translated when they are shown.

A message is written once, in English, as a gettext msgid with named
placeholders, and travels as a :class:`Text` (msgid + values) until something
shows it: ``str(text)`` renders it in the messages language of the build
(``MESSAGES_LANGUAGE``, Indonesian by default), ``text.render("en")`` in any
other. So one problem can be printed in Indonesian in the terminal and compared
in English in a test, and a value that is itself a message (a photo's problem
inside "photo 'x.jpg': …") is translated too.

The catalog is the ``editor`` domain next to the theme's own
(``lintas/theme/translations/<lang>/LC_MESSAGES/editor.po``, always the
packaged one: these messages belong to the engine, not to a portal's theme).
English needs no catalog: the msgids are English. Mark a message with
``msg("…")`` (or ``msgn`` for a count); ``pybabel extract -k msg -k msgn:1,2``
finds them (docs/content-format.md, "Messages").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalogs import load_translations

DOMAIN = "editor"
CATALOGS = Path(__file__).resolve().parent.parent / "theme" / "translations"
DEFAULT_LANGUAGE = "id"
SOURCE_LANGUAGE = "en"  # the msgids' own language: no catalog needed

_language = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Text:
    """A message not yet translated: a msgid and its values."""

    msgid: str
    params: tuple[tuple[str, object], ...] = ()
    plural: str | None = None  # with ``count``: ngettext
    count: int | None = None

    def render(self, language: str | None = None) -> str:
        language = language or _language
        translations = load_translations(CATALOGS, language, DOMAIN)
        if self.plural is not None:
            text = translations.ngettext(self.msgid, self.plural, self.count or 0)
        else:
            text = translations.gettext(self.msgid)
        if not self.params:
            return text
        return text % {
            name: value.render(language) if isinstance(value, Text) else value
            for name, value in self.params
        }

    def __str__(self) -> str:
        return self.render()


def msg(msgid: str, **params: object) -> Text:
    """``msg("unknown author '%(name)s'", name=name)``: rendered when shown."""
    return Text(msgid, tuple(sorted(params.items())))


def msgn(singular: str, plural: str, count: int, **params: object) -> Text:
    """A message with a count (``%(count)d``), singular or plural as the language says."""
    values = {"count": count, **params}
    return Text(singular, tuple(sorted(values.items())), plural, count)


def render(value: object, language: str | None = None) -> str:
    """A :class:`Text` in ``language`` (default: the build's); anything else as is
    (an editor's value, a file name, a number)."""
    return value.render(language) if isinstance(value, Text) else str(value)


def set_language(language: str) -> None:
    """The language every message renders in from now on (per process)."""
    global _language
    _language = language or DEFAULT_LANGUAGE


def current_language() -> str:
    return _language


def use_settings(settings: dict) -> None:
    """Render in the portal's ``MESSAGES_LANGUAGE``."""
    set_language(settings.get("MESSAGES_LANGUAGE", DEFAULT_LANGUAGE))


class MessageError(Exception):
    """An error whose message is a :class:`Text`: ``str()`` renders it in the
    build's language, ``render(language)`` in any."""

    def __init__(self, message: Text):
        self.message = message
        super().__init__(message)

    def render(self, language: str | None = None) -> str:
        return render(self.message, language)

    def __str__(self) -> str:
        return self.render()


def say(message: Text | str) -> str:
    """Render for the terminal now (a CLI's own lines)."""
    return render(message)
