"""newsroom: the article model, its validation and its release rules.

- our reader replaces Pelican's Markdown reader (header with line numbers);
- every problem is logged as ``path:line: what — what to do`` and the file is
  left out; a strict build (publish) refuses to write anything;
- drafts and embargoed (future-dated) articles never reach the output, except
  in ``lintas serve``'s preview (``NEWSROOM_PREVIEW``): there they are written,
  marked, at their future address (``settings.assemble``), and listed on the
  preview's desk page;
- problems render in ``MESSAGES_LANGUAGE`` (``lintas.core.messages``).
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from lintas.core.dates import make_filters
from lintas.core.directory import directory_root, load_directory
from lintas.core.messages import msgn, use_settings
from lintas.core.problems import ContentError, Problem, open_log, report_problems
from lintas.core.rules import SlugRegistry, build_clock, is_embargoed

from .people import write_author_photos
from .reader import PROBLEMS_KEY, SOURCE_KEY, NewsroomReader, content_kind

# Metadata the preview's marker and desk page read (``article.newsroom_embargo``).
EMBARGO_KEY = "newsroom_embargo"  # a published story dated in the future
UNDATED_KEY = "newsroom_undated"  # a draft without Date: dated by its release

logger = logging.getLogger(__name__)


class BuildState:
    """Per-build memory of the signal handlers (reset on ``initialized``)."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.now = build_clock(settings)
        self.slugs = SlugRegistry()
        self.log = open_log()  # problems in stories meant to go out (other plugins add theirs)
        self.draft_problems = 0  # logged too, but a draft blocks no build

    @property
    def blocking(self) -> list[Problem]:
        return self.log.blocking


_state: BuildState | None = None


def _initialized(pelican) -> None:
    global _state
    use_settings(pelican.settings)  # problems render in MESSAGES_LANGUAGE
    _state = BuildState(pelican.settings)
    # content/authors, sections, regions: read into the settings already
    # (lintas.settings); a bad file is a problem of this build like an article's.
    directory = load_directory(directory_root(pelican.settings))
    for problem in directory.problems:
        logger.warning("%s", problem)
        _state.log.note(problem.path, "", [problem])
    _state.blocking.extend(directory.problems)
    pelican.settings["JINJA_FILTERS"] = {
        **pelican.settings.get("JINJA_FILTERS", {}),
        **make_filters(pelican.settings),
    }


def _read_in_path_order(generator) -> None:
    """Make the article and page generators read their files in path order.

    Pelican's ``get_files()`` returns a ``set`` of paths, and the iteration
    order of a set of strings changes with every process (string hashes are
    salted). Read order decides which of two articles claiming one slug wins
    (``SlugRegistry`` keeps the first) and how articles with the same ``Date``
    are ordered on every list page, so without this two builds of the same
    content could differ. ``scripts/check_content.py`` already walks in path
    order, so the checker and the build now agree on the winner too.
    """
    if isinstance(generator, ArticlesGenerator | PagesGenerator):
        unordered = generator.get_files
        generator.get_files = lambda *args, **kwargs: sorted(unordered(*args, **kwargs))


def _readers_init(readers) -> None:
    for extension in NewsroomReader.file_extensions:
        readers.reader_classes[extension] = NewsroomReader


def review(metadata: dict, kind: str, state: BuildState) -> list[Problem]:
    """Apply the cross-file and clock rules to one file's metadata, in place."""
    problems = list(metadata.get(PROBLEMS_KEY, []))
    intended = metadata.get("newsroom_status", metadata.get("status"))
    if not problems and "slug" in metadata:
        clash = state.slugs.claim(kind, metadata["slug"], metadata[SOURCE_KEY])
        if clash:
            problems.append(clash)
            metadata["status"] = "skip"
    if metadata.get("status") == "published" and is_embargoed(metadata, state.now):
        # Drafts are never written (DRAFT_SAVE_AS = ""), except in a preview.
        metadata["status"] = "draft"
        metadata[EMBARGO_KEY] = True
    if metadata.get("status") == "draft" and "date" not in metadata and kind == "article":
        # A draft gets its Date when it is released (`lintas terbit`); until
        # then the preview shows it under the build's time.
        metadata["date"] = state.now
        metadata[UNDATED_KEY] = True
    for problem in problems:
        logger.warning("%s", problem)
    state.log.note(metadata.get(SOURCE_KEY, ""), metadata.get("title", ""), problems)
    if intended != "draft":
        state.blocking.extend(problems)
    else:
        state.draft_problems += len(problems)
    return problems


def _on_context(kind: str):
    def handler(_generator, metadata: dict) -> None:
        review(metadata, kind, _state)

    return handler


_article_context = _on_context("article")
_page_context = _on_context("page")


def _all_generators_finalized(_generators) -> None:
    if _state.blocking and _state.settings.get("NEWSROOM_STRICT"):
        raise ContentError(_state.blocking)
    write_author_photos(_state.settings)
    shown = len(_state.blocking) + _state.draft_problems
    if shown:
        # As many as the lines above: every problem was logged once.
        logger.warning(
            "%s",
            msgn(
                "%(count)d problem above: its file is left out of this preview until it is fixed",
                "%(count)d problems above: their files are left out of this preview until "
                "they are fixed",
                shown,
            ),
        )


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.generator_init.connect(_read_in_path_order)
    signals.readers_init.connect(_readers_init)
    signals.article_generator_context.connect(_article_context)
    signals.page_generator_context.connect(_page_context)
    signals.all_generators_finalized.connect(_all_generators_finalized)


__all__ = [
    "BuildState",
    "ContentError",
    "Problem",
    "content_kind",
    "register",
    "report_problems",
    "review",
]
