"""The whole-input fingerprint: is there anything to build at all?

Checked by ``scripts/build.py`` before Pelican starts. The fingerprint covers
every input a build reads: the settings (as loaded, so environment variables
count), the content folder (name, size and mtime of every file: articles,
photos, pages), the theme and the plugin folders (bytes), and the versions of
the libraries that shape the output. The build clock counts through the
manifest's ``valid_until``: the earliest moment the site changes by itself
(an embargo lifting, a story leaving the news sitemap's window).

It is taken *before* Pelican reads anything: a file saved while a build runs
changes the next fingerprint, so that build is not mistaken for up to date.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from lintas.core.code import engine_code_files
from lintas.core.digest import UndigestableValue, files_digest, new_hash, stable_digest, tree_files

# Libraries whose upgrade can change the bytes of a page, a feed or a photo.
LIBRARIES = ("pelican", "markdown", "jinja2", "babel", "feedgen", "lxml", "pillow", "pagefind")
_versions: str | None = None
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def library_versions() -> str:
    global _versions
    if _versions is None:
        found = []
        for name in LIBRARIES:
            try:
                found.append(f"{name}={metadata.version(name)}")
            except metadata.PackageNotFoundError:
                found.append(f"{name}=-")
        _versions = ",".join(found)
    return _versions


def settings_digest(settings: Mapping[str, Any], volatile: Iterable[str]) -> str:
    """Every setting except those that never change a page (output and cache
    locations, the frozen clock: see ``INCREMENTAL_VOLATILE_SETTINGS``)."""
    skip = set(volatile)
    parts = []
    for key in sorted(settings):
        if key not in skip:
            try:
                parts.append((key, stable_digest(settings[key])))
            except UndigestableValue:
                # e.g. a functools.partial of a local function: its text, less addresses.
                parts.append((key, ADDRESS.sub("", repr(settings[key]))))
    return stable_digest(parts)


def code_folders(settings: Mapping[str, Any]) -> list[Path]:
    """The theme and the portal's template overrides: their bytes are code too."""
    folders = [Path(settings["THEME"])]
    folders += [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", ())]
    return folders


def code_digest(settings: Mapping[str, Any]) -> str:
    """Engine code, templates, static files and catalogs of the theme, library versions."""
    files = engine_code_files(settings)
    for folder in code_folders(settings):
        files += tree_files(folder)
    return files_digest(files) + library_versions()


def content_stamp(root: str | os.PathLike, skip: Iterable[str | os.PathLike] = ()) -> str:
    """Names, sizes and mtimes of every file under the content folder, but
    the folders in ``skip``."""
    h = new_hash()
    stack = [os.fspath(root)]
    seen: set[tuple[int, int]] = set()  # folders by (device, inode): links may loop
    skipped = {os.path.normpath(os.path.join(root, s)) for s in skip}
    while stack:
        folder = stack.pop()
        if os.path.normpath(folder) in skipped:
            continue
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        h.update(folder.encode("utf-8", "surrogateescape") + b"\0")
        for entry in entries:
            if entry.is_dir(follow_symlinks=True):
                stack.append(entry.path)
            else:
                try:
                    st = entry.stat(follow_symlinks=True)
                except FileNotFoundError:
                    continue
                h.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def input_fingerprint(settings: Mapping[str, Any], volatile: Iterable[str]) -> str:
    # Not the last-good store (lintas.core.holdback): a publish updates it after
    # the swap, and a build reads it only for a story with a problem — a build
    # with problems is never "clean", so it is never skipped anyway.
    last_good = settings.get("NEWSROOM_LAST_GOOD_DIR")
    return stable_digest(
        settings_digest(settings, volatile),
        code_digest(settings),
        content_stamp(settings["PATH"], [last_good] if last_good else []),
    )
