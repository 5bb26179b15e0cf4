"""ui_language: install the theme's gettext catalog (Babel) into Jinja.

Templates say ``{{ _("Latest news") }}``; ``theme/translations/<lang>`` holds the
catalogs, compiled by ``scripts/compile_catalogs.py``.
"""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations
from pelican import signals


def catalog_dir(settings: dict) -> Path:
    return Path(settings["THEME"]) / "translations"


def _install(generator) -> None:
    language = generator.settings["UI_LANGUAGE"]
    translations = Translations.load(str(catalog_dir(generator.settings)), [language])
    if not isinstance(translations, Translations):
        raise RuntimeError(
            f"no compiled catalog for UI_LANGUAGE '{language}' in "
            f"{catalog_dir(generator.settings)} — run 'make catalogs'"
        )
    generator.env.install_gettext_translations(translations, newstyle=True)


def register() -> None:
    signals.generator_init.connect(_install)
