"""Photos plugin: figures and galleries in Markdown, renditions, ``<picture>`` markup.

- ``figures.py``: the Markdown extension (``MARKDOWN["extension_configs"]
  ["photos.figures"]``) turns photo paragraphs into placeholders and records
  each photo (``photo_refs``), reporting problems with their ``index.md`` line;
- ``site.py``: after reading, every build, the placeholders become ``<picture>``
  markup and articles get ``lead_photo``, ``social_image`` and ``photo_crops``;
  before any page is written, all photos of the build are rendered at once;
- the rendition engine (``renditions`` and the modules it re-exports) imports
  neither Pelican nor Markdown.

Pelican is imported inside the functions below only: the render pool's workers
import this package too (to unpickle their task), and under the ``spawn`` or
``forkserver`` start methods they would otherwise load Pelican for nothing.

Signals:

- ``initialized``: settings defaults, the extension's options, per-build state;
- ``article_generator_pretaxonomy``: resolve published and hidden articles. It runs
  after reading and before categories, tags and archives are built, so an article
  whose photo files are bad is simply left out of a preview build (and blocks a
  strict one through ``lintas.core.problems.report_problems``);
- ``page_generator_finalized``: the same for pages;
- ``lintas.core.outputs.OUTPUT_PUBLISHED`` (after ``lintas build`` swapped the
  site in): remove the photo files no live page shows (``media.py``: the
  files live in one folder beside the output, shared by its builds, which
  the staging folder links to);
- ``all_generators_finalized``: render and publish every photo. A photo that
  passed every check and still fails to render (changed during the build, or
  damaged in a way only a full decode shows) is found too late to leave its
  article out of the lists already built: the build stops with the newsroom's
  ``ContentError`` naming the article, the line and the photo, in preview and
  publish builds alike, and nothing is published (lintas build).
"""

from __future__ import annotations

import logging

MARKDOWN_EXTENSION = "lintas.plugins.photos.figures"
_state = None  # site.PhotoBuild of the current build


def _initialized(pelican) -> None:
    global _state
    from lintas.core.catalogs import translations_for

    from . import memo
    from .site import CREDIT_LABEL, PhotoBuild

    settings = pelican.settings
    memo.forget()
    # The credit label in body captions: the theme's own catalog and msgid.
    gettext = translations_for(settings).gettext
    _state = PhotoBuild(settings, lambda credit: gettext(CREDIT_LABEL) % {"credit": credit})


def _resolve(generator, kind: str, lists: tuple[str, ...]) -> None:
    from lintas.core.problems import report_problems

    from .site import drop

    held = [getattr(generator, name) for name in lists]
    for content in [item for items in held for item in items]:
        problems = _state.resolve(content, kind)
        if problems:
            report_problems(problems)
            drop(held, content)
            # Intra-site links to it now fail loudly instead of pointing nowhere.
            generator.context["generated_content"][content.get_relative_source_path()] = None


def _articles_read(generator) -> None:
    lists = ("articles", "translations", "hidden_articles", "hidden_translations")
    if generator.settings.get("NEWSROOM_PREVIEW"):
        # `lintas serve` shows drafts and embargoed stories (lintas.core.settings).
        lists += ("drafts", "drafts_translations")
    _resolve(generator, "article", lists)


def _pages_read(generator) -> None:
    _resolve(generator, "page", ("pages", "translations", "hidden_pages", "hidden_translations"))


def _render(_generators) -> None:
    from lintas.core.problems import ContentError

    problems = _state.render(_state.settings["OUTPUT_PATH"])
    if problems:
        raise ContentError(problems)


def _published(settings: dict, output) -> None:  # noqa: ARG001
    from . import media

    try:
        media.retire(output)
    except OSError as error:  # the new site is out; the next build retires them
        logging.getLogger(__name__).warning(
            "photos: files the site no longer shows were not removed (%s); "
            "the next build removes them",
            error,
        )


def _reserve_outputs(settings: dict, articles: list) -> list:  # noqa: ARG001
    from lintas.core.messages import msg
    from lintas.core.outputs import Reserved

    folder = settings["PHOTOS_MEDIA_DIR"].strip("/") + "/"
    return [Reserved(folder, msg("the photo renditions"))]


def register() -> None:
    from pelican import signals

    from lintas.core.outputs import OUTPUT_PUBLISHED, RESERVE_OUTPUTS

    RESERVE_OUTPUTS.connect(_reserve_outputs)
    OUTPUT_PUBLISHED.connect(_published)
    signals.initialized.connect(_initialized)
    signals.article_generator_pretaxonomy.connect(_articles_read)
    signals.page_generator_finalized.connect(_pages_read)
    signals.all_generators_finalized.connect(_render)
