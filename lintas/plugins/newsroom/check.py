"""Run the newsroom rules over a content tree without building the site.

``lintas check`` is the CLI; the rules are the reader's and
``review()``'s, so the checker and the build can never disagree.
"""

from __future__ import annotations

import os
from pathlib import Path

from lintas.core.directory import directory_root, load_directory
from lintas.core.problems import Problem

from . import BuildState, review
from .reader import NewsroomReader, content_kind


def content_files(settings: dict) -> list[Path]:
    root = Path(settings["PATH"])
    found: list[Path] = []
    for folder in settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"]:
        # os.walk(followlinks=True), not rglob: Pelican follows symbolic links
        # into folders, so the checker must see (and refuse) what they lead to.
        for dirpath, _dirs, files in os.walk(root / folder, followlinks=True):
            found.extend(Path(dirpath) / f for f in files if f.endswith(".md"))
    return sorted(found)


def check_content(settings: dict, paths: list[Path] | None = None) -> list[Problem]:
    """Every problem in ``paths`` (default: the whole content tree), in file order.

    Drafts are checked too: an editor runs this to see what is wrong before
    a story goes out.
    """
    reader = NewsroomReader(settings)
    state = BuildState(settings)
    problems: list[Problem] = []
    if paths is None:  # the whole tree: the reporters, sections and regions too
        problems.extend(load_directory(directory_root(settings)).problems)
    for path in paths if paths is not None else content_files(settings):
        _content, metadata = reader.read(os.fspath(path))
        problems.extend(review(metadata, content_kind(os.fspath(path), settings), state))
    return problems
