"""The Markdown reader for articles and pages: our header parser, the shared
rule set, then Python-Markdown with the site's extensions (photos among them)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from markdown import Markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag

from lintas.core.active_html import HINT as ACTIVE_HTML_HINT
from lintas.core.active_html import find_active_html, source_line
from lintas.core.frontmatter import parse_front_matter, strip_control_characters
from lintas.core.messages import msg
from lintas.core.problems import ArticleContext, Problem, errors
from lintas.core.schema import normalise

PROBLEMS_KEY = "newsroom_problems"
SOURCE_KEY = "newsroom_source"
LINES_KEY = "newsroom_lines"  # header field → its line, for messages after reading


def display_path(path: str | os.PathLike) -> str:
    """The path as an editor would type it: relative to where the build runs."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


def content_kind(source_path: str, settings: dict) -> str:
    relative = Path(os.path.relpath(source_path, settings["PATH"])).parts
    store = Path(settings.get("NEWSROOM_LAST_GOOD_DIR") or "\0").parts
    if relative[: len(store)] == store:
        relative = relative[len(store) :]  # a last good version (core.holdback) keeps its kind
    pages = {Path(p).parts[0] for p in settings["PAGE_PATHS"]}
    return "page" if relative and relative[0] in pages else "article"


class NewsroomReader(BaseReader):
    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def __init__(self, settings: dict):
        super().__init__(settings)
        config = settings["MARKDOWN"]
        self._md = Markdown(
            extensions=list(config.get("extension_configs", {})),
            extension_configs=config.get("extension_configs", {}),
            output_format=config.get("output_format", "html"),
        )

    def read(self, source_path: str) -> tuple[str, dict]:
        shown = display_path(source_path)
        outside = self._outside_content(source_path, shown)
        if outside:
            return "", {"status": "skip", PROBLEMS_KEY: [outside], SOURCE_KEY: shown}
        try:
            text = Path(source_path).read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            problem = Problem(
                shown,
                0,
                msg("the file is not UTF-8 text (%(reason)s)", reason=error.reason),
                msg("save it as UTF-8"),
            )
            return "", {"status": "skip", PROBLEMS_KEY: [problem], SOURCE_KEY: shown}

        # Control characters crash feed writers and mean nothing to readers.
        front = parse_front_matter(strip_control_characters(text))
        kind = content_kind(source_path, self.settings)
        meta, problems = normalise(front, Path(source_path), shown, kind, self.settings)

        context = ArticleContext(
            source_path=str(Path(source_path).resolve()),
            display_path=shown,
            header={f.key: f.value for f in front.fields},
            header_lines={f.key: f.line for f in front.fields},
            body_first_line=front.body_first_line,
        )
        self._md.reset()
        self._md.newsroom_context = context
        content = self._md.convert(front.body)
        problems.extend(context.problems)
        # Raw HTML passes through Markdown: refuse what would run or embed code.
        for message, needle in find_active_html(content):
            line = source_line(front.body, front.body_first_line, needle)
            problems.append(Problem(shown, line, message, ACTIVE_HTML_HINT))

        metadata = self._to_pelican(meta)
        metadata.update(context.extras)
        metadata[SOURCE_KEY] = shown
        metadata[LINES_KEY] = dict(context.header_lines)
        if problems:
            metadata[PROBLEMS_KEY] = problems
        if errors(problems):  # warnings alone never hold a story back
            metadata["newsroom_status"] = metadata.get("status", "published")
            metadata["status"] = "skip"
        return content, metadata

    def _outside_content(self, source_path: str, shown: str) -> Problem | None:
        """Pelican follows symbolic links while it walks content/: a linked
        folder would publish whatever it points at (another site's drafts, a
        home directory). Only files that really live under PATH are read."""
        root = Path(self.settings["PATH"]).resolve()
        if root in Path(source_path).resolve().parents:
            return None
        if root not in Path(os.path.abspath(source_path)).parents:
            return Problem(
                shown,
                0,
                msg("is not inside the content folder %(folder)s", folder=root),
                msg("move the article under content/articles/ (or pass --settings for its site)"),
            )
        return Problem(
            shown,
            0,
            msg(
                "is a symbolic link to a place outside the content folder (%(target)s)",
                target=Path(source_path).resolve(),
            ),
            msg("copy the article into content/ instead of linking to it"),
        )

    def _to_pelican(self, meta: dict) -> dict:
        """Turn names into Pelican's taxonomy objects; everything else passes through."""
        out = dict(meta)
        if "category" in meta:
            out["category"] = Category(meta["category"], self.settings)
        if "tags" in meta:
            out["tags"] = [Tag(name, self.settings) for name in meta["tags"]]
        if "authors" in meta:
            out["authors"] = [Author(name, self.settings) for name in meta["authors"]]
            out["author"] = out["authors"][0]
        return out
