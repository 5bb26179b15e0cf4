"""ui_language: install the theme's gettext catalog (Babel) into Jinja.

Templates say ``{{ _("Latest news") }}``; ``lintas/theme/translations/<lang>``
holds the catalogs, compiled in memory by ``lintas.core.catalogs``.

Signal: ``generator_init``, the first moment each generator's Jinja
environment exists.
"""

from __future__ import annotations

from babel.support import Translations
from pelican import signals

from lintas.core.catalogs import catalog_dir, translations_for


def _install(generator) -> None:
    translations = translations_for(generator.settings)
    if not isinstance(translations, Translations):
        raise RuntimeError(
            f"no catalog for UI_LANGUAGE '{generator.settings['UI_LANGUAGE']}' in "
            f"{catalog_dir(generator.settings)}"
        )
    generator.env.install_gettext_translations(translations, newstyle=True)


def register() -> None:
    signals.generator_init.connect(_install)
