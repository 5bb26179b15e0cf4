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

Pagefind has no incremental mode, but a chunk is: ``MANIFEST`` also records,
per bundle, the digest of what it was made from (``source_key``: Pagefind's
version, this module's code, the run's options, and the path and bytes of
every page the run could read). A build given the previous output
(``previous``) hard-links a bundle whose key is unchanged from there instead
of running Pagefind again, so an edit re-indexes one chunk, not the archive.
A reused bundle is exactly what Pagefind would write again: Pagefind's output
depends only on those inputs, and ``canonical.py`` removed its one source of
randomness when the bundle was first made.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
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
# The default glob: with it, every HTML file of the site is a source of the one bundle.
EVERY_PAGE_GLOB = "**/*.html"
# Pagefind reads a configuration file from its working directory, and PAGEFIND_*
# variables: both shape a bundle, so both are part of its key.
PAGEFIND_CONFIG_FILES = ("pagefind.json", "pagefind.toml", "pagefind.yaml", "pagefind.yml")
# Bump when the way a bundle is made changes in a way the code digest cannot see.
KEY_VERSION = "1"


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
    newest_month_apart: bool = False  # the newest month is a chunk of its own


def settings_from(settings: dict) -> SearchIndexSettings:
    """The plugin's settings (``SEARCH_INDEX_*`` in ``pelicanconf.py``)."""
    return SearchIndexSettings(
        language=settings.get("SEARCH_INDEX_LANGUAGE", settings["DEFAULT_LANG"]),
        bundle_dir=settings.get("SEARCH_INDEX_BUNDLE_DIR", "pagefind"),
        glob=settings.get("SEARCH_INDEX_GLOB", "**/*.html"),
        exclude_selectors=tuple(settings.get("SEARCH_INDEX_EXCLUDE_SELECTORS", ())),
        chunk_articles=int(settings.get("SEARCH_INDEX_CHUNK_ARTICLES") or 0),
        newest_month_apart=bool(settings.get("SEARCH_INDEX_NEWEST_MONTH_APART", False)),
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
    # What the glob reads: folders (ending in "/", every HTML file below) and files.
    sources: tuple[str, ...] = ()


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


def plan_chunks(
    article_paths: Iterable[str], limit: int, newest_month_apart: bool = False
) -> list[Chunk]:
    """Split the written articles into chunks of at most ``limit`` (where possible).

    ``article_paths`` are the articles' output paths (``save_as``), relative to
    the site. With ``ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"``
    an article's top folder is its year and the next one its month, so:

    - one chunk per year (articles directly in the site's root folder, such as
      translations saved as ``{slug}-{lang}.html``, are one more chunk);
    - a year with more than ``limit`` articles is cut into runs of whole months,
      from January on, each run as long as ``limit`` allows (one month larger
      than ``limit`` is a chunk of its own);
    - ``newest_month_apart``: the newest month folder is a chunk of its own
      (its year is cut there, so named by months like a large year), when its
      year holds more than a quarter of ``limit`` stories.

    Stable: a new story changes only its own year's last chunk (or starts a new
    one); older chunks keep their names and globs. What moves them: a story
    back-dated into an earlier month, and a year's first cut (its one chunk
    "2017" becomes "2017-01", "2017-07", ...); with ``newest_month_apart``, the
    first story of a new month (last month's chunk joins the run before it).
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
    # The newest month on its own: new stories and fresh corrections, the pages
    # that change most, re-index a month's worth of stories, not a year's.
    # Only where it pays: a year with more than a quarter of ``limit`` stories (a
    # small site stays one bundle, which its readers load fastest).
    newest_alone = max(folders) if newest_month_apart and folders else None
    if newest_alone is not None:
        year = groups[PurePosixPath(newest_alone).parts[0]]
        if limit > 0 and sum(year.values()) <= limit // 4:
            newest_alone = None
    chunks: list[Chunk] = []
    taken: set[str] = set()
    for top in sorted(groups):
        units = groups[top]
        runs: list[list[str]] = [[]]
        count = 0
        for unit in sorted(units):
            if runs[-1] and ((limit > 0 and count + units[unit] > limit) or unit == newest_alone):
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
            sources = tuple(unit + "/" if unit in folders else unit for unit in run)
            chunks.append(Chunk(name, glob, sum(units[unit] for unit in run), sources))
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


@dataclass(frozen=True)
class Run:
    """One Pagefind process: ``glob`` into the bundle folder ``bundle_dir``."""

    bundle_dir: str  # inside the site: the settings' own for the first bundle
    glob: str
    # Folders ("/"-terminated; "" is the whole site) and files the glob can read;
    # None: not known (a custom glob), and the bundle is never reused.
    sources: tuple[str, ...] | None


def index_runs(config: SearchIndexSettings, articles: Sequence[str] | None = None) -> list[Run]:
    """The Pagefind runs that index the site, first bundle first. One run of
    ``config.glob`` unless chunking is on and the articles are known."""
    if not articles or config.chunk_articles <= 0:
        sources = ("",) if config.glob == EVERY_PAGE_GLOB else None
        return [Run(config.bundle_dir, config.glob, sources)]
    chunks = plan_chunks(articles, config.chunk_articles, config.newest_month_apart)
    first, *others = chunks
    return [Run(config.bundle_dir, first.glob, first.sources)] + [
        Run(f"{config.bundle_dir}/{chunk.name}", chunk.glob, chunk.sources) for chunk in others
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


# --- reusing the bundles of the previous build ---------------------------------


def tool_key(config: SearchIndexSettings) -> str:
    """What shapes every bundle besides its pages: Pagefind's version (asked of
    the binary that runs), this package's code (the canonical order included),
    the settings, Pagefind's configuration file and environment variables."""
    binary = get_executable()
    if binary is None:  # pagefind_command says what to do about it
        return ""
    version = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    digest = hashlib.sha256(f"lintas-search-bundle {KEY_VERSION}\0{version}\0".encode())
    for code in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(code.name.encode() + b"\0" + code.read_bytes() + b"\0")
    digest.update(repr(config).encode() + b"\0")
    for name in PAGEFIND_CONFIG_FILES:
        path = Path(name)
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name, value in sorted(os.environ.items()):
        if name.startswith("PAGEFIND"):
            digest.update(f"{name}={value}\0".encode())
    return digest.hexdigest()


def _source_files(site: Path, sources: Sequence[str], bundle_dir: str) -> list[str]:
    """Every HTML file below the source folders, and the source files that
    exist, as site paths: a superset of what Pagefind's glob reads."""
    found: set[str] = set()
    skip = os.path.normpath(site / bundle_dir)
    for source in sources:
        if source and not source.endswith("/"):
            if (site / source).is_file():
                found.add(source)
            continue
        top = site / source
        for folder, subfolders, files in os.walk(top, followlinks=True):
            if os.path.normpath(folder) == skip:
                subfolders.clear()
                continue
            relative = os.path.relpath(folder, site).replace(os.sep, "/")
            prefix = "" if relative == "." else relative + "/"
            found.update(prefix + name for name in files if name.endswith(".html"))
    return sorted(found)


def source_key(site: Path, run: Run, tool: str) -> str | None:
    """The digest of everything Pagefind reads to write ``run``'s bundle, or None
    when that is not known (then the bundle is always made afresh).

    Only files in the output are read, and the output holds published pages
    only: drafts and embargoed stories are never written (``DRAFT_SAVE_AS =
    ""``, see plugins/newsroom). So a key can only match a bundle made from
    exactly today's published pages; a story that became a draft since (its
    page removed) or was edited changes the key of its chunk, which is then
    indexed again. A reused bundle can never hold a page the site no longer has.
    """
    if run.sources is None or not tool:
        return None
    digest = hashlib.sha256(f"{tool}\0{run.bundle_dir}\0{run.glob}\0".encode())
    for relative in _source_files(site, run.sources, run.bundle_dir):
        data = (site / relative).read_bytes()
        digest.update(f"{relative}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def read_manifest(bundle: Path) -> tuple[frozenset[str], dict[str, str]]:
    """What ``MANIFEST`` in ``bundle`` records: the folders of the other bundles
    (below this one) and the source key of each bundle by folder ("" for this one)."""
    try:
        manifest = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
        merged = frozenset(folder.strip("/") for folder in manifest["merge"])
        keys = manifest.get("keys")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return frozenset(), {}
    return merged, (keys if isinstance(keys, dict) else {})


def _bundle_files(bundle: Path, others: frozenset[str]) -> list[Path]:
    """The files of the bundle in ``bundle``, but not those of the bundles in its
    folders ``others`` (the first bundle holds the others), nor ``MANIFEST``."""
    files = []
    for entry in sorted(bundle.iterdir()):
        if entry.is_dir():
            if entry.name not in others:
                files += [p for p in sorted(entry.rglob("*")) if p.is_file()]
        elif entry.name != MANIFEST:
            files.append(entry)
    return files


def link_bundle(source: Path, target: Path, others: frozenset[str] = frozenset()) -> bool:
    """Hard-link the bundle in ``source`` into ``target`` (where nothing is yet).
    False, and nothing left in ``target``, when the bundle is not complete there."""
    if not (source / "pagefind-entry.json").is_file():
        return False
    linked: list[Path] = []
    try:
        for path in _bundle_files(source, others):
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, destination)
            linked.append(destination)
    except OSError as error:
        logger.debug("search index: cannot reuse %s (%s): indexing it again", source, error)
        for destination in linked:
            destination.unlink(missing_ok=True)
        return False
    return True


def build_index(
    output_path: str | Path,
    config: SearchIndexSettings,
    articles: Sequence[str] | None = None,
    previous: str | Path | None = None,
) -> IndexStats:
    """Index ``output_path`` in place; raises ``PagefindError`` on any failure.

    ``articles``: the output paths of the written articles, to index them in
    chunks (``config.chunk_articles``); without them, one run of ``config.glob``.
    ``previous``: the output of the last build (by default ``output_path``
    itself): a bundle made there from the same pages is linked, not remade.
    """
    site = Path(output_path).resolve()
    runs = index_runs(config, articles)
    first = site / config.bundle_dir
    earlier = (Path(previous).resolve() if previous else site) / config.bundle_dir
    aside = None
    # A bundle of an earlier build in the same folder: its chunks may be gone
    # now, and Pagefind never deletes a file. Moved aside, to be reused from.
    if first.is_dir() and first != site and first.is_relative_to(site):
        if earlier == first:
            aside = earlier = site.with_name(f".{site.name}.search-{os.getpid()}")
            shutil.rmtree(aside, ignore_errors=True)
            os.rename(first, aside)
        else:
            shutil.rmtree(first)
    try:
        stats = _make_bundles(site, config, runs, earlier)
    finally:
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
    return stats


def _make_bundles(
    site: Path, config: SearchIndexSettings, runs: list[Run], earlier: Path
) -> IndexStats:
    first = site / config.bundle_dir
    tool = tool_key(config)
    old_others, old_keys = read_manifest(earlier)
    bundles, keys, reused = [], {}, 0
    for run in runs:
        folder = PurePosixPath(run.bundle_dir).relative_to(config.bundle_dir).as_posix()
        folder = "" if folder == "." else f"{folder}/"
        key = source_key(site, run, tool)
        bundle = site / run.bundle_dir
        if (
            key is not None
            and old_keys.get(folder) == key
            and link_bundle(earlier / folder, bundle, old_others if not folder else frozenset())
        ):
            bundles.append(read_stats(bundle))
            reused += 1
        else:
            bundles.append(_index_one(site, config, run.bundle_dir, run.glob))
        if key is not None:
            keys[folder] = key
    merged = [
        f"{PurePosixPath(r.bundle_dir).relative_to(config.bundle_dir).as_posix()}/"
        for r in runs[1:]
    ]
    # Pagefind's own JSON style (see canonical.py): the same site, the same bytes.
    manifest = json.dumps({"merge": merged, "keys": keys}, separators=(",", ":"))
    (first / MANIFEST).write_text(manifest, encoding="utf-8")
    stats = IndexStats(
        pages=sum(b.pages for b in bundles),
        bundle=first,
        bundles=tuple(b.bundle for b in bundles),
    )
    logger.info(
        "search index: %d page(s) in %d bundle(s) (%d reused, %d made) in %s",
        stats.pages,
        len(bundles),
        reused,
        len(bundles) - reused,
        stats.bundle,
    )
    return stats
