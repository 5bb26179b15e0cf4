"""The engine's settings: Pelican's own choices for a news portal, each
plugin's declared settings, and the portal's ``pelicanconf.py`` over them.

``read_settings(path)`` is the one way every command reads settings:

1. the engine's Pelican settings below (URLs, pagination, drafts never
   written, Pelican's feeds off, the packaged theme, the plugin order);
2. the declarations of the core and of every plugin in ``PLUGINS``
   (``SETTINGS`` in ``lintas/core/settings.py`` and each plugin's
   ``settings.py``), each default written once, there;
3. the portal's file (``pelicanconf.py``, or ``publishconf.py`` importing
   it), which sets only what is its own; then explicit overrides and the
   ``LINTAS_NOW`` variable;
4. the values assembled from all of that, once: ``DIRECT_TEMPLATES``,
   ``PAGINATED_TEMPLATES``, ``MARKDOWN``, and each plugin's ``assemble()``;
5. every declared setting type-checked, once, with a message naming it;
6. the reporters, sections and regions of ``content/authors/``,
   ``content/sections/`` and ``content/regions/`` (``lintas.core.directory``)
   over ``NEWSROOM_AUTHORS``, ``NEWSROOM_CATEGORIES``, ``NEWSROOM_REGIONS``.

A portal overrides a template by putting a file of the same name in its own
``theme/templates/`` (searched before the packaged theme), and a setting by
naming it in ``pelicanconf.py``.
"""

from __future__ import annotations

import copy
import importlib
import logging
import os
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from .core import settings as core_settings
from .core.config import Setting, defaults, type_errors
from .core.directory import apply_directory

THEME_DIR = Path(__file__).resolve().parent / "theme"

# The engine's plugins in the order they must run, and why:
# - newsroom first: it reads, validates and decides every story's status;
# - embeds before photos: a facade's poster is a photo paragraph photos renders;
# - baca_juga after photos: its cards show lead photos, and link no story
#   photos left out;
# - photos before anything that shows a photo (syndication, structured_data);
# - incremental after syndication (its ``finalized`` handler must see the
#   feeds written) and before search_index (Pagefind must not index pages it
#   removes);
# - redirects after photos (an old upload URL leads to a photo's rendition);
# - live_preview last, and only in ``lintas serve``'s builds.
PLUGIN_ORDER = (
    "newsroom",
    "embeds",
    "photos",
    "baca_juga",
    "ui_language",
    "syndication",
    "incremental",
    "structured_data",
    "search_index",
    "reader_theme",
    "ads",  # banner slots as SSI fragments (issue 16); no page depends on an ad
    "redirects",  # old links → 301; reads the photos plugin's markup (issue 17)
    "live_preview",
)
PLUGIN_PACKAGE = "lintas.plugins"
# What a portal gets when it does not name PLUGINS: everything but the preview.
DEFAULT_PLUGINS = [p for p in PLUGIN_ORDER if p != "live_preview"]

# Pelican's own settings, chosen for a news portal.
ENGINE: dict[str, Any] = {
    "DEFAULT_LANG": "id",
    "RELATIVE_URLS": False,  # feeds and link previews need absolute URLs
    "TIMEZONE": "Asia/Makassar",
    "PATH": "content",
    "ARTICLE_PATHS": ["articles"],
    "PAGE_PATHS": ["pages"],
    "STATIC_PATHS": [],  # photo originals are never copied to the output
    "IGNORE_FILES": [".#*", "*~", "CREDITS.md"],
    "READERS": {"html": None, "rst": None},
    # URLs: one folder per taxonomy and /halaman/N/ pagination (no collisions).
    "ARTICLE_URL": "{date:%Y}/{date:%m}/{slug}/",
    "ARTICLE_SAVE_AS": "{date:%Y}/{date:%m}/{slug}/index.html",
    "PAGE_URL": "{slug}/",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "CATEGORY_URL": "kategori/{slug}/",
    "CATEGORY_SAVE_AS": "kategori/{slug}/index.html",
    "TAG_URL": "topik/{slug}/",
    "TAG_SAVE_AS": "topik/{slug}/index.html",
    "AUTHOR_URL": "penulis/{slug}/",
    "AUTHOR_SAVE_AS": "penulis/{slug}/index.html",
    "CATEGORIES_SAVE_AS": "kategori/index.html",
    "TAGS_SAVE_AS": "topik/index.html",
    "AUTHORS_SAVE_AS": "penulis/index.html",
    "ARCHIVES_SAVE_AS": "arsip/index.html",
    "YEAR_ARCHIVE_SAVE_AS": "",
    "MONTH_ARCHIVE_URL": "arsip/{date:%Y}/{date:%m}/",
    "MONTH_ARCHIVE_SAVE_AS": "arsip/{date:%Y}/{date:%m}/index.html",
    "DAY_ARCHIVE_SAVE_AS": "",
    # Archive pages are counted from the oldest story and never change; a list's
    # front page shows the 10-19 newest (lintas/plugins/reader_theme/pagination.py).
    "DEFAULT_PAGINATION": 10,
    "PAGINATED_TEMPLATES": {"index": None, "tag": None, "category": None, "author": None},
    "PAGINATION_PATTERNS": (
        (1, "{url}", "{save_as}"),
        (2, "{base_name}/halaman/{number}/", "{base_name}/halaman/{number}/index.html"),
    ),
    "INDEX_URL": "",  # "Newer" on /halaman/2/ leads to "/", not to "/index.html"
    "DIRECT_TEMPLATES": ["index", "categories", "tags", "authors", "archives"],
    # Drafts and embargoed stories are never written anywhere.
    **dict.fromkeys(
        (
            "DRAFT_URL",
            "DRAFT_SAVE_AS",
            "DRAFT_LANG_URL",
            "DRAFT_LANG_SAVE_AS",
            "DRAFT_PAGE_URL",
            "DRAFT_PAGE_SAVE_AS",
            "DRAFT_PAGE_LANG_URL",
            "DRAFT_PAGE_LANG_SAVE_AS",
        ),
        "",
    ),
    # Pelican's own feeds lack enclosures and use a guid validators reject: the
    # syndication plugin owns every feed.
    **dict.fromkeys(
        (
            "FEED_ALL_ATOM",
            "FEED_ALL_RSS",
            "CATEGORY_FEED_ATOM",
            "CATEGORY_FEED_RSS",
            "AUTHOR_FEED_ATOM",
            "AUTHOR_FEED_RSS",
            "TAG_FEED_ATOM",
            "TAG_FEED_RSS",
            "TRANSLATION_FEED_ATOM",
            "TRANSLATION_FEED_RSS",
            "FEED_ATOM",
            "FEED_RSS",
        ),
        None,
    ),
    "MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html"},
    "THEME": str(THEME_DIR),
    "JINJA_ENVIRONMENT": {
        "trim_blocks": True,
        "lstrip_blocks": True,
        "autoescape": True,  # titles and metadata are plain text: escape them
        "extensions": ["jinja2.ext.i18n"],
    },
    "PLUGINS": DEFAULT_PLUGINS,
    "PLUGIN_PATHS": [],
    "OUTPUT_PATH": "output",
    "DELETE_OUTPUT_DIRECTORY": False,  # `lintas build` swaps a staged output in
    "CACHE_PATH": ".cache/pelican",
    # Pelican's own warning for an image without alt text names the absolute
    # path and no line; the photos plugin reports it as a problem with its line.
    "LOG_FILTER": [(logging.WARNING, "Empty alt attribute for image %s in %s")],
}
# A portal's own templates, searched before the packaged theme's.
PORTAL_TEMPLATES = "theme/templates"


class SettingsError(ValueError):
    """Settings the engine cannot build with; the message names each one."""


def located(message: str, settings_file: Path) -> str:
    """Each ``NAME = …`` problem line prefixed with ``path:line:`` of the
    assignment to NAME: in the settings file, or in the ``pelicanconf.py``
    beside it that a ``publishconf.py`` imports."""
    candidates = [settings_file, settings_file.with_name("pelicanconf.py")]
    texts = {}
    for candidate in dict.fromkeys(candidates):
        try:
            texts[candidate] = candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    lines = []
    for problem in message.splitlines():
        name = problem.partition(" ")[0]
        where = f"{settings_file}: "
        assignment = re.compile(rf"^{re.escape(name)}\s*(:[^=\n]*)?=(?!=)", re.MULTILINE)
        for candidate, text in texts.items():
            found = assignment.search(text)
            if found:
                where = f"{candidate}:{text.count(chr(10), 0, found.start()) + 1}: "
                break
        lines.append(where + problem)
    return "\n".join(lines)


def plugin_module(name: str) -> ModuleType:
    """The module of a plugin named in PLUGINS (short or dotted name)."""
    return importlib.import_module(qualified(name))


def qualified(name: str) -> str:
    short = name.rpartition(".")[2]
    if "." not in name and short in PLUGIN_ORDER:
        return f"{PLUGIN_PACKAGE}.{name}"
    return name


def short_name(name: str) -> str:
    prefix = PLUGIN_PACKAGE + "."
    return name[len(prefix) :] if name.startswith(prefix) else name


def ordered_plugins(names: list[str]) -> list[str]:
    """The engine's plugins in PLUGIN_ORDER, then any other plugin as listed."""
    wanted = [short_name(getattr(n, "__name__", n)) for n in names]
    ours = [p for p in PLUGIN_ORDER if p in wanted]
    others = [n for n in wanted if n not in PLUGIN_ORDER]
    return [qualified(p) for p in ours] + others


def settings_module(plugin: str) -> ModuleType | None:
    """An engine plugin's ``settings`` module (declarations, contributions), if it
    has one. A portal's own plugins (from ``PLUGIN_PATHS``, loaded by Pelican)
    read their settings with ``settings.get(NAME, default)``."""
    if short_name(qualified(plugin)) not in PLUGIN_ORDER:
        return None
    try:
        return importlib.import_module(f"{qualified(plugin)}.settings")
    except ModuleNotFoundError as error:
        if error.name != f"{qualified(plugin)}.settings":
            raise
        return None


# Commands that read settings of their own (after a build, never during one).
# The web desk (lintas serve --desk) reads its own too.
COMMAND_SETTINGS = ("lintas.cli.deploy", "lintas.cli.alert", "lintas.desk.settings")


def command_declarations() -> list[tuple[str, tuple[Setting, ...]]]:
    """(module, its declarations) of every command that declares settings."""
    return [(name, importlib.import_module(name).SETTINGS) for name in COMMAND_SETTINGS]


def declarations(plugins: list[str]) -> list[Setting]:
    found = list(core_settings.SETTINGS)
    for _module, declared in command_declarations():
        found += declared
    for plugin in plugins:
        module = settings_module(plugin)
        found += list(getattr(module, "SETTINGS", ()))
    return found


def _markdown(settings: dict, plugins: list[str]) -> dict:
    """MARKDOWN assembled once: the portal's (or the engine's) base, then each
    plugin's extension with its configuration, in plugin order."""
    markdown = copy.deepcopy(settings["MARKDOWN"])
    configs = dict(markdown.get("extension_configs", {}))
    for plugin in plugins:
        hook = getattr(settings_module(plugin), "markdown_extensions", None)
        if hook is not None:
            for name, config in hook(settings).items():
                configs[name] = {**configs.get(name, {}), **config}
    markdown["extension_configs"] = configs
    return markdown


def assemble(settings: dict) -> dict:
    """The values made from other settings, each in one place."""
    plugins = settings["PLUGINS"]
    templates = list(settings["DIRECT_TEMPLATES"])
    paginated = dict(settings["PAGINATED_TEMPLATES"])
    for plugin in plugins:
        module = settings_module(plugin)
        templates += [t for t in getattr(module, "DIRECT_TEMPLATES", ()) if t not in templates]
        paginated.update(dict.fromkeys(getattr(module, "PAGINATED_TEMPLATES", ())))
    settings["DIRECT_TEMPLATES"] = templates
    settings["PAGINATED_TEMPLATES"] = paginated
    settings["MARKDOWN"] = _markdown(settings, plugins)
    for plugin in plugins:
        hook = getattr(settings_module(plugin), "assemble", None)
        if hook is not None:
            hook(settings)
    return settings


def engine_settings(local: dict, overrides: dict | None = None) -> dict:
    """Engine + declarations + the portal's ``local`` settings + ``overrides``,
    assembled and checked (no Pelican defaults yet, no paths made absolute)."""
    merged = copy.deepcopy(ENGINE)
    merged.update(local)
    merged.update(overrides or {})
    merged["PLUGINS"] = ordered_plugins(list(merged["PLUGINS"]))
    declared = declarations(merged["PLUGINS"])
    for name, value in defaults(declared).items():
        merged.setdefault(name, value)
    if os.environ.get("LINTAS_NOW"):
        merged["NEWSROOM_NOW"] = os.environ["LINTAS_NOW"]
    errors = type_errors(declared, merged)
    if errors:
        raise SettingsError("\n".join(errors))
    return assemble(merged)


def read_settings(path: str | os.PathLike, override: dict | None = None) -> dict:
    """Every command's settings (same call as Pelican's): see the module docstring."""
    from pelican.settings import get_settings_from_file
    from pelican.settings import read_settings as pelican_read_settings

    path = os.path.abspath(path)
    try:
        settings = engine_settings(get_settings_from_file(path), override)
    except SettingsError as error:
        raise SettingsError(located(str(error), Path(path))) from None
    portal_templates = Path(path).parent / PORTAL_TEMPLATES
    if portal_templates.is_dir():
        overrides_dirs = [str(portal_templates), *settings.get("THEME_TEMPLATES_OVERRIDES", [])]
        settings["THEME_TEMPLATES_OVERRIDES"] = list(dict.fromkeys(overrides_dirs))
    # Pelican reads the file again under these values: it makes the paths
    # absolute (relative to the file) and fills in its own defaults.
    final = pelican_read_settings(path, override=settings)
    # Reporters, sections and regions written as content (content/authors/ …)
    # replace the settings of the same meaning; their problems are the
    # newsroom's to report (lintas.core.directory).
    apply_directory(final)
    return final
