"""Incremental build settings, with their defaults."""

from __future__ import annotations

from lintas.core.config import setting

SETTINGS = (
    setting(
        "INCREMENTAL",
        True,
        bool,
        doc="render only pages whose inputs changed; output byte-identical to a clean build",
    ),
    setting(
        "INCREMENTAL_CACHE_DIR",
        ".cache/incremental",
        str,
        doc="manifests of render keys, per output folder",
    ),
    setting(
        "INCREMENTAL_WORKERS",
        None,
        int,
        type(None),
        doc="processes rendering pages; None: every CPU this build may use",
    ),
    setting("INCREMENTAL_PARALLEL_MIN_PAGES", 300, int, doc="pages to render before forking pays"),
    setting("INCREMENTAL_PARALLEL_MIN_READS", 40, int, doc="files to read before forking pays"),
    setting(
        "INCREMENTAL_PARALLEL_MIN_KEYS",
        2000,
        int,
        doc="pages whose render keys are worked out before forking pays",
    ),
    setting(
        "INCREMENTAL_VOLATILE_SETTINGS",
        [],
        list,
        doc="settings that never change a page (besides paths and the frozen clock)",
    ),
    # Pelican's reader cache: Markdown converted again only for changed bundles. The
    # reader layer, never "generator": embargo and slug rules run on the reader path;
    # this plugin keys, loads and saves it.
    setting("CONTENT_CACHING_LAYER", "reader", str, doc="Pelican's reader cache layer"),
    setting("LOAD_CONTENT_CACHE", False, bool, doc="loaded by this plugin, never by Pelican"),
    setting(
        "GZIP_CACHE",
        False,
        bool,
        doc="13 MB at 3,000 stories; gzip is 3x slower to load, 5x to save (measured)",
    ),
)


def assemble(settings: dict) -> None:
    settings["CACHE_CONTENT"] = bool(settings["INCREMENTAL"])
