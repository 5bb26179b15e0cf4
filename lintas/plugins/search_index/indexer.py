"""Run the Pagefind CLI over a built site and read back what it indexed.

The CLI (not Pagefind's asyncio service API) because it is the same command a
developer can run by hand to reproduce a problem, and its errors arrive on
stderr instead of being swallowed by a polling loop.

Pagefind 1.5.2 holds every page it parsed in memory until it writes the index
(about 170 kB per story here, whatever the page around the story), so one run
over 10,000 stories peaks near 2 GB. The articles are therefore indexed in
chunks, one Pagefind process each (see ``plan_chunks``): the peak is one
chunk's. Each chunk is a complete Pagefind bundle; the first is written in
``bundle_dir`` itself (its ``pagefind-ui.js`` is the one the search page
loads), the others in folders below it, listed in ``bundle_dir``/``MANIFEST``,
which lintas/theme/static/js/search.js reads to merge them into one search
(Pagefind's ``mergeIndex``: results, counts and filter counts are summed).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pagefind.service import get_executable

from .canonical import BundleFormatError, canonicalise

logger = logging.getLogger(__name__)

# In the first bundle's folder: the folders of the other bundles, for search.js.
MANIFEST = "bundles.json"
# What the article template puts on the story: only such pages are indexed.
MARKER = "data-pagefind-body"
# Folders Pagefind writes in a bundle: no chunk may be named like them.
PAGEFIND_FOLDERS = frozenset({"fragment", "index", "filter", "playground"})
# Glob syntax (wax) to escape in a path written into --glob.
_GLOB_SPECIAL = re.compile(r"([\\*?\[\]{}(),<>:!#$])")


class PagefindError(RuntimeError):
    """Pagefind failed, or indexed fewer pages than the site has articles."""


@dataclass(frozen=True)
class SearchIndexSettings:
    language: str  # ISO 639-1; one index, one stemmer (Pagefind's --force-language)
    bundle_dir: str  # folder of the search bundle inside the output
    glob: str  # which written files Pagefind reads
    exclude_selectors: tuple[str, ...]  # extra elements never indexed
    # Most articles one Pagefind process indexes (see plan_chunks); 0: one bundle
    # of every page ``glob`` matches, in one process.
    chunk_articles: int = 0


def settings_from(settings: dict) -> SearchIndexSettings:
    """The plugin's settings (``SEARCH_INDEX_*`` in ``pelicanconf.py``)."""
    return SearchIndexSettings(
        language=settings.get("SEARCH_INDEX_LANGUAGE", settings["DEFAULT_LANG"]),
        bundle_dir=settings.get("SEARCH_INDEX_BUNDLE_DIR", "pagefind"),
        glob=settings.get("SEARCH_INDEX_GLOB", "**/*.html"),
        exclude_selectors=tuple(settings.get("SEARCH_INDEX_EXCLUDE_SELECTORS", ())),
        chunk_articles=int(settings.get("SEARCH_INDEX_CHUNK_ARTICLES") or 0),
    )


@dataclass(frozen=True)
class IndexStats:
    pages: int  # pages in the index, over every language and bundle
    bundle: Path  # where the first bundle was written (the one the search page loads)
    bundles: tuple[Path, ...] = ()  # every bundle, the first one first


@dataclass(frozen=True)
class Chunk:
    """The articles one Pagefind process indexes into one bundle."""

    name: str  # the bundle's folder below the first bundle ("2017", "2017-09")
    glob: str  # Pagefind's --glob: exactly the article folders (or files) of the chunk
    articles: int


def _glob_literal(path: str) -> str:
    return _GLOB_SPECIAL.sub(r"\\\1", path)


def _chunk_name(top: str, units: list[str], whole: bool, number: int) -> str:
    if not top:
        name = "lain" if whole else f"lain-{number}"
    elif whole:
        name = top
    else:  # named by its first sub-folder: "2017-09" holds September 2017 onwards
        name = f"{top}-{PurePosixPath(units[0]).parts[1]}"
    name = re.sub(r"[^A-Za-z0-9_-]", "-", name)
    return f"_{name}" if name in PAGEFIND_FOLDERS else name


def plan_chunks(article_paths: Iterable[str], limit: int) -> list[Chunk]:
    """Split the written articles into chunks of at most ``limit`` (where possible).

    ``article_paths`` are the articles' output paths (``save_as``), relative to
    the site. With ``ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"``
    an article's top folder is its year and the next one its month, so:

    - one chunk per year (articles directly in the site's root folder, such as
      translations saved as ``{slug}-{lang}.html``, are one more chunk);
    - a year with more than ``limit`` articles is cut into runs of whole months,
      from January on, each run as long as ``limit`` allows (one month larger
      than ``limit`` is a chunk of its own).

    Stable: a new story changes only its own year's last chunk (or starts a new
    one); older chunks keep their names and globs. What moves them: a story
    back-dated into an earlier month, and a year's first cut (its one chunk
    "2017" becomes "2017-01", "2017-07", ...).
    """
    # top folder -> unit (a month folder, or an article file) -> articles in it
    groups: dict[str, dict[str, int]] = {}
    folders: set[str] = set()
    for path in article_paths:
        parts = PurePosixPath(path).parts
        top = parts[0] if len(parts) > 1 else ""
        unit = "/".join(parts[:2]) if len(parts) > 2 else path
        if len(parts) > 2:
            folders.add(unit)
        units = groups.setdefault(top, {})
        units[unit] = units.get(unit, 0) + 1
    chunks: list[Chunk] = []
    taken: set[str] = set()
    for top in sorted(groups):
        units = groups[top]
        runs: list[list[str]] = [[]]
        count = 0
        for unit in sorted(units):
            if runs[-1] and limit > 0 and count + units[unit] > limit:
                runs.append([])
                count = 0
            runs[-1].append(unit)
            count += units[unit]
        for number, run in enumerate(runs, start=1):
            name = _chunk_name(top, run, len(runs) == 1, number)
            while name in taken:
                name += "_"
            taken.add(name)
            patterns = [
                _glob_literal(unit) + ("/**/*.html" if unit in folders else "") for unit in run
            ]
            glob = patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"
            chunks.append(Chunk(name, glob, sum(units[unit] for unit in run)))
    return chunks


def find_articles(output_path: str | Path, config: SearchIndexSettings) -> list[str]:
    """The pages of a built site that carry ``MARKER`` (to index it without Pelican)."""
    site = Path(output_path)
    bundle = site / config.bundle_dir
    return sorted(
        page.relative_to(site).as_posix()
        for page in site.rglob("*.html")
        if not page.is_relative_to(bundle) and MARKER.encode() in page.read_bytes()
    )


def pagefind_command(
    site: Path, config: SearchIndexSettings, glob: str | None = None, bundle_dir: str | None = None
) -> list[str]:
    """One Pagefind run: ``glob`` into ``bundle_dir`` (by default the settings' own)."""
    binary = get_executable()
    if binary is None:
        raise PagefindError(
            "the Pagefind binary is missing — install the pinned requirements "
            "(pagefind[extended]) into the virtualenv"
        )
    command = [
        str(binary),
        "--site",
        str(site),
        "--output-subdir",
        bundle_dir or config.bundle_dir,
        "--force-language",
        config.language,
        "--glob",
        glob or config.glob,
    ]
    if config.exclude_selectors:
        command += ["--exclude-selectors", ", ".join(config.exclude_selectors)]
    return command


def index_runs(
    config: SearchIndexSettings, articles: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    """The Pagefind runs that index the site: (bundle folder in the site, glob), first
    bundle first. One run of ``config.glob`` unless chunking is on and the articles
    are known."""
    if not articles or config.chunk_articles <= 0:
        return [(config.bundle_dir, config.glob)]
    chunks = plan_chunks(articles, config.chunk_articles)
    first, *others = chunks
    return [(config.bundle_dir, first.glob)] + [
        (f"{config.bundle_dir}/{chunk.name}", chunk.glob) for chunk in others
    ]


def read_stats(bundle: Path) -> IndexStats:
    """Page counts from ``pagefind-entry.json``, the file Pagefind's own JS loads first."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PagefindError(f"Pagefind wrote no readable {entry_path}: {error}") from error
    pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
    return IndexStats(pages=pages, bundle=bundle, bundles=(bundle,))


def _index_one(site: Path, config: SearchIndexSettings, bundle_dir: str, glob: str) -> IndexStats:
    command = pagefind_command(site, config, glob=glob, bundle_dir=bundle_dir)
    logger.debug("running %s", " ".join(command))
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PagefindError(
            f"Pagefind failed (exit {proc.returncode}) on {site}:\n{proc.stdout}{proc.stderr}"
        )
    logger.debug("%s", proc.stdout)
    bundle = site / bundle_dir
    # Pagefind 1.5.2 writes the filter index in a random order: sort it, or two
    # builds of the same site differ (see canonical.py).
    try:
        changes = canonicalise(bundle)
    except BundleFormatError as error:
        raise PagefindError(f"cannot put the search index in a fixed order: {error}") from error
    logger.debug("search index in fixed order: wrote %s", ", ".join(changes.written) or "nothing")
    return read_stats(bundle)


def build_index(
    output_path: str | Path, config: SearchIndexSettings, articles: Sequence[str] | None = None
) -> IndexStats:
    """Index ``output_path`` in place; raises ``PagefindError`` on any failure.

    ``articles``: the output paths of the written articles, to index them in
    chunks (``config.chunk_articles``); without them, one run of ``config.glob``.
    """
    site = Path(output_path).resolve()
    runs = index_runs(config, articles)
    first = site / config.bundle_dir
    # A bundle of an earlier build in the same folder: its chunks may be gone now.
    if first.is_dir() and first != site and first.is_relative_to(site):
        shutil.rmtree(first)
    bundles = [_index_one(site, config, bundle_dir, glob) for bundle_dir, glob in runs]
    merged = [f"{PurePosixPath(b).relative_to(config.bundle_dir).as_posix()}/" for b, _ in runs[1:]]
    # Pagefind's own JSON style (see canonical.py): the same site, the same bytes.
    manifest = json.dumps({"merge": merged}, separators=(",", ":"))
    (first / MANIFEST).write_text(manifest, encoding="utf-8")
    stats = IndexStats(
        pages=sum(b.pages for b in bundles),
        bundle=first,
        bundles=tuple(b.bundle for b in bundles),
    )
    logger.info(
        "search index: %d page(s) in %d bundle(s) in %s", stats.pages, len(bundles), stats.bundle
    )
    return stats
