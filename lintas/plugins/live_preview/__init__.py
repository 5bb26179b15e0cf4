"""live_preview: what ``lintas serve`` adds to its own builds (dev only).

- every page gets one external script (no inline code: the CSP forbids it) that
  asks the preview server whether a newer build exists and reloads the page;
- the build's warnings — the newsroom's ``path:line: what — what to do``
  problems among them — are written to ``<LIVE_PREVIEW_DIR>/status.json``, and
  the script shows them as a banner on top of the page;
- ``<LIVE_PREVIEW_DIR>/404.html``, with the same script, is what the server
  answers for a missing page: an article left out because of a problem is
  exactly the page an editor has open;
- ``<LIVE_PREVIEW_DIR>/<LIVE_PREVIEW_DESK>/`` is the desk: every draft and
  embargoed story (rendered by the newsroom in a preview, marked DRAF or
  EMBARGO by ``_live_preview_marker.html``) and every file held back by a
  problem, newest first, with its problems and its preview link;
- every preview page carries ``noindex`` (``_live_preview_head.html``).

The plugin does nothing unless ``LIVE_PREVIEW`` is true, which only the preview
server sets, so ``make html`` output carries no reload script. ``publishconf.py``
drops the plugin altogether.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from lintas.core.messages import msg
from lintas.core.outputs import RESERVE_OUTPUTS, Reserved
from lintas.core.problems import Problem, current_log

HERE = Path(__file__).resolve().parent
STATUS_FILE = "status.json"
NOT_FOUND_PAGE = "404.html"
NOT_FOUND_TEMPLATE = "_live_404"
DESK_TEMPLATE = "_live_desk"
ASSETS = ("live.js", "live.css")


class WarningCollector(logging.Handler):
    """Keeps every warning of one build, as the terminal shows it."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.entries: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        entry: dict = {"text": record.getMessage(), "level": record.levelname.lower()}
        args = record.args if isinstance(record.args, tuple) else ()
        problem = next((a for a in args if isinstance(a, Problem)), None)
        if problem is not None:
            entry.update(path=problem.path, line=problem.line)
        if entry not in self.entries:  # one line per problem, as the terminal shows it
            self.entries.append(entry)


_collector: WarningCollector | None = None


def _enabled(settings: dict) -> bool:
    return bool(settings.get("LIVE_PREVIEW"))


def _detach() -> None:
    global _collector
    if _collector is not None:
        logging.getLogger().removeHandler(_collector)
        _collector = None


def _initialized(pelican) -> None:
    global _collector
    _detach()  # a previous build in this process that failed never reached `finalized`
    settings = pelican.settings
    if not _enabled(settings):
        return
    # Our templates (the script tag, the 404 page) come before the theme's.
    settings["THEME_TEMPLATES_OVERRIDES"] = [
        str(HERE / "templates"),
        *settings.get("THEME_TEMPLATES_OVERRIDES", []),
    ]
    # Each build gets its own id: a page whose id differs from the server's is stale.
    settings["LIVE_PREVIEW_BUILD"] = f"{time.time_ns():x}"
    _collector = WarningCollector()
    logging.getLogger().addHandler(_collector)


class NotFoundPageGenerator(Generator):
    """Writes the preview's 404 page with the site's own chrome."""

    def generate_output(self, writer) -> None:
        writer.write_file(
            f"{self.settings['LIVE_PREVIEW_DIR']}/{NOT_FOUND_PAGE}",
            self.get_template(NOT_FOUND_TEMPLATE),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            preview_only=True,  # no sitemap lists it (syndication's output.py)
        )


@dataclass
class HeldBack:
    """A file left out of the preview, and why (rendered in MESSAGES_LANGUAGE)."""

    path: str
    title: str
    problems: list[str]
    modified: float  # the file's mtime: newest first


def desk_items(context: dict) -> dict:
    """What the desk lists: drafts, embargoed stories, held-back files, newest first."""
    drafts = sorted(context.get("drafts", []), key=lambda a: a.date, reverse=True)
    held = []
    for path, (title, problems) in current_log().held_back.items():
        try:
            modified = Path(path).stat().st_mtime
        except OSError:
            modified = 0.0
        held.append(HeldBack(path, title, [str(p) for p in problems], modified))
    held.sort(key=lambda h: (-h.modified, h.path))
    return {
        "desk_drafts": [a for a in drafts if not getattr(a, "newsroom_embargo", False)],
        "desk_embargoed": [a for a in drafts if getattr(a, "newsroom_embargo", False)],
        "desk_held_back": held,
    }


class DeskPageGenerator(Generator):
    """Writes the desk page: what the preview shows that readers cannot see yet."""

    def generate_output(self, writer) -> None:
        writer.write_file(
            f"{self.settings['LIVE_PREVIEW_DIR']}/{self.settings['LIVE_PREVIEW_DESK']}/index.html",
            self.get_template(DESK_TEMPLATE),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            preview_only=True,
            **desk_items(self.context),
        )


def _generators(pelican):
    if not _enabled(pelican.settings):
        return None
    return [NotFoundPageGenerator, DeskPageGenerator]


def _finalized(pelican) -> None:
    settings = pelican.settings
    if not _enabled(settings) or _collector is None:
        return
    folder = Path(settings["OUTPUT_PATH"]) / settings["LIVE_PREVIEW_DIR"]
    folder.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        shutil.copyfile(HERE / "static" / name, folder / name)
    status = {"build": settings["LIVE_PREVIEW_BUILD"], "problems": _collector.entries}
    (folder / STATUS_FILE).write_text(
        json.dumps(status, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    _detach()


def _reserve_outputs(settings: dict, articles: list) -> list[Reserved]:  # noqa: ARG001
    if not _enabled(settings):
        return []
    folder = settings["LIVE_PREVIEW_DIR"].strip("/") + "/"
    return [Reserved(folder, msg("the preview's own files"))]


def register() -> None:
    RESERVE_OUTPUTS.connect(_reserve_outputs)
    signals.initialized.connect(_initialized)
    signals.get_generators.connect(_generators)
    signals.finalized.connect(_finalized)
