"""newsroom: the article model, its validation and its release rules.

- our reader replaces Pelican's Markdown reader (header with line numbers);
- every problem is logged as ``path:line: what — what to do`` and the file is
  left out; in a strict build (publish) it is *held back*
  (``lintas.core.holdback``): a live story whose edit has a problem is read
  from the last-good store instead, and ``lintas build`` reports it;
- drafts and embargoed (future-dated) articles never reach the output, except
  in ``lintas serve``'s preview (``NEWSROOM_PREVIEW``): there they are written,
  marked, at their future address (``settings.assemble``), and listed on the
  preview's desk page;
- problems render in ``MESSAGES_LANGUAGE`` (``lintas.core.messages``).

Signals: ``initialized`` (per-build state, date filters), ``generator_init``
(read in path order; in a strict build, read the last good version of a held
edit), ``readers_init`` (our reader), ``article_generator_context`` and
``page_generator_context`` (cross-file and clock rules on each file read),
``article_generator_pretaxonomy`` and ``page_generator_finalized`` (two
outputs on one path), ``article_generator_finalized`` and
``page_generator_finalized`` (what is published, for the last-good store),
``all_generators_finalized`` (the summary; in a strict build the held-back
files go to the record).
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.contents import SkipStub
from pelican.generators import ArticlesGenerator, PagesGenerator

from lintas.core import holdback
from lintas.core.dates import make_filters
from lintas.core.directory import directory_root, load_directory
from lintas.core.messages import msgn, use_settings
from lintas.core.outputs import (
    Claim,
    Reserved,
    check_reserved,
    pelican_outputs,
    plan,
    reserved_by_plugins,
)
from lintas.core.problems import ContentError, Problem, errors, open_log, report_problems
from lintas.core.rules import SlugRegistry, build_clock, is_embargoed
from lintas.core.schema import WITHDRAWN_LINE_KEY
from lintas.pelican_compat import read_files_in_path_order

from . import withdrawn
from .people import write_author_photos
from .reader import (
    LINES_KEY,
    PROBLEMS_KEY,
    SOURCE_KEY,
    NewsroomReader,
    content_kind,
    display_path,
)

WITHDRAWN = "withdrawn"  # the intended status of a story with a Withdrawn line
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
        self.reserved: dict[str, Reserved] = {}  # the site's own pages, planned
        self.claims: list[Claim] = []  # stories' and pages' output files, accepted
        self.strict = bool(settings.get("NEWSROOM_STRICT"))
        self.record = holdback.open_record(self.strict)
        # display path → (problems, intended status) of the file read last
        self.reviewed: dict[str, tuple[list[Problem], str]] = {}
        self.draft_problems = 0  # logged too, but a draft blocks no build
        self.withdrawn: list[dict] = []  # metadata of the stories taken down (withdrawn.py)

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


def _hold_back_in_strict_builds(generator) -> None:
    strict = _state is not None and _state.strict
    if strict and isinstance(generator, ArticlesGenerator | PagesGenerator):
        _read_last_good_of_held_edits(generator.readers)


def _read_last_good_of_held_edits(readers) -> None:
    """A strict build reads the last good version of a file whose edit has a
    problem, when the last-good store has one (``lintas.core.holdback``).

    ``Readers.read_file`` is wrapped rather than our reader: the copy must be
    read as a file of its own (its photos are beside it, its reader-cache
    entry is its own), and only the generator knows a file was skipped.
    """
    read_file = readers.read_file

    def read_with_fallback(base_path, path, *args, **kwargs):
        content = read_file(base_path, path, *args, **kwargs)
        if not isinstance(content, SkipStub):
            return content
        source = os.path.abspath(os.path.join(base_path, path))
        problems, intended = _state.reviewed.get(display_path(source), ([], "draft"))
        if (
            not problems
            or intended in ("draft", WITHDRAWN)
            or holdback.is_stored(_state.settings, source)
        ):
            return content
        copy = holdback.stored_copy(_state.settings, source)
        if copy is None:
            return content  # not live yet: held back
        stand_in = read_file(base_path, str(copy), *args, **kwargs)
        if not isinstance(stand_in, SkipStub):
            _state.record.kept[display_path(source)] = display_path(copy)
            _state.record.standing_in.add(str(copy))
            logger.warning(
                "%s: held back; the last good version stays online (%s)",
                display_path(source),
                display_path(copy),
            )
        return stand_in

    readers.read_file = read_with_fallback


def _readers_init(readers) -> None:
    for extension in NewsroomReader.file_extensions:
        readers.reader_classes[extension] = NewsroomReader


def review(metadata: dict, kind: str, state: BuildState) -> list[Problem]:
    """Apply the cross-file and clock rules to one file's metadata, in place."""
    problems = list(metadata.get(PROBLEMS_KEY, []))
    intended = metadata.get("newsroom_status", metadata.get("status"))
    if metadata.get(WITHDRAWN_LINE_KEY) and intended != "draft":
        intended = WITHDRAWN  # never stood in for by its last good version
    if not errors(problems) and "slug" in metadata:
        clash = state.slugs.claim(kind, metadata["slug"], metadata[SOURCE_KEY])
        if clash:
            problems.append(clash)
            metadata["status"] = "skip"
    if metadata.get("withdrawn") and metadata.get("status") != "skip":
        # Taken down: in no list, feed, sitemap or search index, its photos not
        # rendered; withdrawn.py writes the notice its URL answers with (410).
        if metadata.get("status") == "published" and not is_embargoed(metadata, state.now):
            state.withdrawn.append(dict(metadata))
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
    state.log.note(metadata.get(SOURCE_KEY, ""), metadata.get("title", ""), errors(problems))
    if intended != "draft":
        state.blocking.extend(errors(problems))
    else:
        state.draft_problems += len(problems)
    state.reviewed[metadata[SOURCE_KEY]] = (errors(problems), intended or "published")
    return problems


def _on_context(kind: str):
    def handler(_generator, metadata: dict) -> None:
        review(metadata, kind, _state)

    return handler


_article_context = _on_context("article")
_page_context = _on_context("page")


def _published(generator) -> None:
    """Remember what goes out (with the photos it shows) for the last-good store."""
    if not _state.strict:
        return
    lists = ("articles", "translations", "hidden_articles", "pages", "hidden_pages")
    for name in lists:
        for item in getattr(generator, name, None) or []:
            if getattr(item, "status", None) in ("published", "hidden"):
                photos = tuple(sorted({ref.path for ref in getattr(item, "photo_refs", ()) or ()}))
                _state.record.published.append(holdback.Published(item.source_path, photos))


def _all_generators_finalized(_generators) -> None:
    write_author_photos(_state.settings)
    if _state.blocking and _state.strict:
        # Each problem names its file: that file is held back, the rest publishes.
        _state.record.problems = list(_state.blocking)
        logger.warning(
            "%s",
            msgn(
                "%(count)d problem above: its file is held back from this publish",
                "%(count)d problems above: their files are held back from this publish",
                len(_state.blocking),
            ),
        )
        return
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


def _write_withdrawn(generator, writer) -> None:
    withdrawn.write(generator, writer, _state.withdrawn)


# --- two outputs on one path (lintas/core/outputs.py) -------------------------------

ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations")


def _claim_of(item, kind: str) -> Claim:
    lines = getattr(item, LINES_KEY, None) or {}
    line = lines.get("slug") or lines.get("title") or 0
    source = item.metadata.get(SOURCE_KEY) or item.get_relative_source_path()
    return Claim(item.save_as, source, line, kind)


def _refuse_collisions(generator, kind: str, lists: tuple[str, ...]) -> None:
    """Leave out every item whose output file is taken; report each as a problem."""
    held = [getattr(generator, name, None) or [] for name in lists]
    items = [item for items in held for item in items if item.save_as]
    claims = {_claim_of(item, kind): item for item in items}
    refused = plan([*_state.claims, *claims], _state.reserved)
    for claim, problem in refused.items():
        item = claims[claim]
        report_problems([problem])
        for items_list in held:  # in place: Pelican's context shares these lists
            items_list[:] = [other for other in items_list if other is not item]
        generator.context["generated_content"][item.get_relative_source_path()] = None
    _state.claims += [claim for claim in claims if claim not in refused]


def _articles_read(generator) -> None:
    """Before the lists are built: plan the site's own pages, then check the stories."""
    settings = generator.settings
    published = list(generator.articles)
    _state.reserved = check_reserved(
        [*pelican_outputs(settings, published), *reserved_by_plugins(settings, published)]
    )
    _refuse_collisions(generator, "article", ARTICLE_LISTS)


def _pages_read(generator) -> None:
    _refuse_collisions(generator, "page", PAGE_LISTS)


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.generator_init.connect(read_files_in_path_order)
    signals.generator_init.connect(_hold_back_in_strict_builds)
    signals.readers_init.connect(_readers_init)
    signals.article_generator_context.connect(_article_context)
    signals.page_generator_context.connect(_page_context)
    signals.article_generator_pretaxonomy.connect(_articles_read)
    signals.page_generator_finalized.connect(_pages_read)
    signals.article_generator_finalized.connect(_published)
    signals.page_generator_finalized.connect(_published)
    signals.all_generators_finalized.connect(_all_generators_finalized)
    signals.article_writer_finalized.connect(_write_withdrawn)


__all__ = [
    "BuildState",
    "ContentError",
    "Problem",
    "content_kind",
    "register",
    "report_problems",
    "review",
]
