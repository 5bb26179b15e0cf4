"""Writing into the output folder, and remembering what Pelican wrote there.

Feeds and sitemaps are written at the ``finalized`` signal, inside Pelican's
run: ``scripts/build.py`` stages the whole output and swaps it in only on
success, so a failure here publishes nothing.
"""

from __future__ import annotations

import fnmatch
import os
from datetime import datetime
from pathlib import Path


def not_for_readers(context: dict) -> bool:
    """A page only the newsroom's preview writes: a draft or an embargoed story
    (status "draft"), or a page whose writer marks it ``preview_only`` (the
    desk, the preview's 404) or ``not_for_readers`` (a withdrawn story's notice,
    plugins/newsroom). Never listed in a sitemap, even in the preview."""
    article = context.get("article") or context.get("page")
    if context.get("preview_only") or context.get("not_for_readers"):
        return True
    return getattr(article, "status", None) == "draft"


class OutputCollision(Exception):
    pass


def write_bytes(output: Path, relative: str, data: bytes) -> Path:
    """Write ``data`` to ``output/relative`` (atomically; untouched when equal)."""
    root = output.resolve()
    target = (root / relative).resolve()
    if root not in target.parents:
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file() and target.read_bytes() == data:
        return target
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return target


def last_change(content) -> datetime | None:
    """When an article or page last changed: its Modified, else its Date."""
    modified = getattr(content, "modified", None)
    date = getattr(content, "date", None)
    if modified and date:
        return max(modified, date)
    return modified or date


class WrittenPages:
    """What Pelican's writer put in the output (``content_written``), and for each
    HTML page the date it last changed, taken from the objects it shows.

    The sitemap is made from this record: a writer that reuses a page instead of
    rendering it again must still send ``content_written`` with the page's
    context, or the page drops out of the sitemap."""

    def __init__(self, output_path: str | os.PathLike, exclude: tuple[str, ...]):
        self.output = os.path.abspath(output_path)
        self._prefix = os.path.join(self.output, "")
        self.exclude = exclude
        self.files: set[str] = set()
        self.pages: dict[str, datetime | None] = {}  # URL path → lastmod
        self.published: dict[str, datetime] = {}  # URL path of a story → its date
        self._newest: dict[int, datetime | None] = {}

    def _newest_of(self, articles: list) -> datetime | None:
        # Paginated listings share one list object: compute its newest date once.
        key = id(articles)
        if key not in self._newest:
            self._newest[key] = max(
                (d for d in map(last_change, articles) if d is not None), default=None
            )
        return self._newest[key]

    def lastmod(self, context: dict) -> datetime | None:
        # Pelican passes ``article``/``page`` only when writing that very page;
        # listings carry their (full, unpaginated) ``articles``.
        for name in ("article", "page"):
            content = context.get(name)
            if content is not None:
                return last_change(content)
        articles = context.get("articles")
        return self._newest_of(articles) if articles else None

    def record(self, path: str | os.PathLike, context: dict) -> None:
        # Pelican hands over absolute paths inside OUTPUT_PATH: plain string work
        # (called for every page of every build, 5,000+ times at 3,000 stories).
        absolute = os.path.abspath(path)
        if absolute.startswith(self._prefix):
            relative = absolute[len(self._prefix) :]
        else:
            relative = os.path.relpath(absolute, self.output)
        relative = relative.replace(os.sep, "/")
        if relative.startswith("../"):
            return  # written elsewhere (not a page of the site)
        self.files.add(relative)
        if not relative.endswith(".html"):
            return
        if any(fnmatch.fnmatch(relative, pattern) for pattern in self.exclude):
            return
        if not_for_readers(context):
            return
        url_path = relative[: -len("index.html")] if relative.endswith("index.html") else relative
        self.pages[url_path] = self.lastmod(context)
        story = context.get("article")
        if story is not None and getattr(story, "date", None) is not None:
            self.published[url_path] = story.date  # its sitemap file is its period's

    def check_free(self, paths: list[str]) -> None:
        """Refuse to overwrite a page Pelican wrote (Pelican checks its own files only)."""
        taken = sorted(set(paths) & self.files)
        if taken:
            raise OutputCollision(
                f"feed or sitemap paths collide with pages: {', '.join(taken)} — "
                "change FEED_DIRS / SITEMAP_SAVE_AS"
            )
