"""Run the Pagefind CLI over a built site and read back what it indexed.

The CLI (not Pagefind's asyncio service API) because it is the same command a
developer can run by hand to reproduce a problem, and its errors arrive on
stderr instead of being swallowed by a polling loop.
"""

from __future__ import annotations

import json
import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

from .canonical import BundleFormatError, canonicalise

logger = logging.getLogger(__name__)


class PagefindError(RuntimeError):
    """Pagefind failed, or indexed fewer pages than the site has articles."""


@dataclass(frozen=True)
class SearchIndexSettings:
    language: str  # ISO 639-1; one index, one stemmer (Pagefind's --force-language)
    bundle_dir: str  # folder of the search bundle inside the output
    glob: str  # which written files Pagefind reads
    exclude_selectors: tuple[str, ...]  # extra elements never indexed


def settings_from(settings: dict) -> SearchIndexSettings:
    """The plugin's settings (``SEARCH_INDEX_*`` in ``pelicanconf.py``)."""
    return SearchIndexSettings(
        language=settings.get("SEARCH_INDEX_LANGUAGE", settings["DEFAULT_LANG"]),
        bundle_dir=settings.get("SEARCH_INDEX_BUNDLE_DIR", "pagefind"),
        glob=settings.get("SEARCH_INDEX_GLOB", "**/*.html"),
        exclude_selectors=tuple(settings.get("SEARCH_INDEX_EXCLUDE_SELECTORS", ())),
    )


@dataclass(frozen=True)
class IndexStats:
    pages: int  # pages in the index, over every language
    bundle: Path  # where the bundle was written


def pagefind_command(site: Path, config: SearchIndexSettings) -> list[str]:
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
        config.bundle_dir,
        "--force-language",
        config.language,
        "--glob",
        config.glob,
    ]
    if config.exclude_selectors:
        command += ["--exclude-selectors", ", ".join(config.exclude_selectors)]
    return command


def read_stats(bundle: Path) -> IndexStats:
    """Page counts from ``pagefind-entry.json``, the file Pagefind's own JS loads first."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PagefindError(f"Pagefind wrote no readable {entry_path}: {error}") from error
    pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
    return IndexStats(pages=pages, bundle=bundle)


def build_index(output_path: str | Path, config: SearchIndexSettings) -> IndexStats:
    """Index ``output_path`` in place; raises ``PagefindError`` on any failure."""
    site = Path(output_path).resolve()
    command = pagefind_command(site, config)
    logger.debug("running %s", " ".join(command))
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PagefindError(
            f"Pagefind failed (exit {proc.returncode}) on {site}:\n{proc.stdout}{proc.stderr}"
        )
    logger.debug("%s", proc.stdout)
    bundle = site / config.bundle_dir
    # Pagefind 1.5.2 writes the filter index in a random order: sort it, or two
    # builds of the same site differ (see canonical.py).
    try:
        changes = canonicalise(bundle)
    except BundleFormatError as error:
        raise PagefindError(f"cannot put the search index in a fixed order: {error}") from error
    logger.debug("search index in fixed order: wrote %s", ", ".join(changes.written) or "nothing")
    stats = read_stats(bundle)
    logger.info("search index: %d page(s) in %s", stats.pages, stats.bundle)
    return stats
