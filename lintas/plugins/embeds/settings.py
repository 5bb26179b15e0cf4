"""The embeds plugin has no settings of its own; it contributes its Markdown
extension, with the facade's words from the theme catalog."""

from __future__ import annotations

from lintas.core.catalogs import N_, translations_for

SETTINGS = ()
MARKDOWN_EXTENSION = "lintas.plugins.embeds.markdown"
# msgids of the theme catalog (lintas/theme/translations)
VIDEO_LABEL = N_("Play the %(platform)s video")
POST_LABEL = N_("Show the %(platform)s post")


def markdown_extensions(settings: dict) -> dict[str, dict]:
    gettext = translations_for(settings).gettext
    return {
        MARKDOWN_EXTENSION: {"video_label": gettext(VIDEO_LABEL), "post_label": gettext(POST_LABEL)}
    }
