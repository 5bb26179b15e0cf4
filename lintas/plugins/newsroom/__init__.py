"""newsroom: the article model, its validation and its release rules.

- our reader replaces Pelican's Markdown reader (header with line numbers);
- every problem is logged as ``path:line: what — what to do`` and the file is
  left out; a strict build (publish) refuses to write anything;
- drafts and embargoed (future-dated) articles never reach the output.
"""

from __future__ import annotations

import logging

from pelican import signals

from lintas.core.dates import make_filters
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
from lintas.pelican_compat import read_files_in_path_order

from .reader import LINES_KEY, PROBLEMS_KEY, SOURCE_KEY, NewsroomReader, content_kind

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

    @property
    def blocking(self) -> list[Problem]:
        return self.log.blocking


_state: BuildState | None = None


def _initialized(pelican) -> None:
    global _state
    _state = BuildState(pelican.settings)
    pelican.settings["JINJA_FILTERS"] = {
        **pelican.settings.get("JINJA_FILTERS", {}),
        **make_filters(pelican.settings),
    }


def _readers_init(readers) -> None:
    for extension in NewsroomReader.file_extensions:
        readers.reader_classes[extension] = NewsroomReader


def review(metadata: dict, kind: str, state: BuildState) -> list[Problem]:
    """Apply the cross-file and clock rules to one file's metadata, in place."""
    problems = list(metadata.get(PROBLEMS_KEY, []))
    intended = metadata.get("newsroom_status", metadata.get("status"))
    if not errors(problems) and "slug" in metadata:
        clash = state.slugs.claim(kind, metadata["slug"], metadata[SOURCE_KEY])
        if clash:
            problems.append(clash)
            metadata["status"] = "skip"
    if metadata.get("status") == "published" and is_embargoed(metadata, state.now):
        metadata["status"] = "draft"  # drafts are never written (DRAFT_SAVE_AS = "")
    for problem in problems:
        logger.warning("%s", problem)
    if intended != "draft":
        state.blocking.extend(errors(problems))
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
    if _state.blocking:
        logger.warning(
            "%d problem(s): the files above were left out of this preview build",
            len(_state.blocking),
        )


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
    signals.readers_init.connect(_readers_init)
    signals.article_generator_context.connect(_article_context)
    signals.page_generator_context.connect(_page_context)
    signals.article_generator_pretaxonomy.connect(_articles_read)
    signals.page_generator_finalized.connect(_pages_read)
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
