"""Every place Lintas relies on a part of Pelican that is not its public API.

Pelican's public API is its settings, its signals, the generator and content
attributes templates read, and the ``Writer``/``Readers`` classes a plugin may
hand back through ``get_writer``/``readers_init``. Everything else the engine
needs is touched here and only here, listed in :data:`RELIANCES` with why; the
contract test (``tests/package/test_pelican_compat.py``) checks each entry
against the installed Pelican and fails naming the entry when an upgrade
moves or changes it. Plugins call the functions below; they never name a
private Pelican attribute themselves.

**The seam where the archive enters Pelican.** Pelican's generators read
every file through one ``Readers`` object per generator, with a cache keyed by
a file stamp (``Readers._cache``, ``_filestamp_func``, ``get_cached_data``).
:func:`reader_cache` is the one door to it: the incremental plugin keys,
loads and shards that cache through it, and reads files ahead in parallel
through :func:`read_metadata_for_cache`. A persistent store of parsed stories
(the next step of the incremental design, docs/incremental.md) plugs in at
this same door: whatever holds the archive between builds hands Pelican the
stories through the ``Readers`` cache, so Pelican's own generators, signals
and writer run unchanged.

Patches that only make Pelican faster can be switched off one by one with
``LINTAS_COMPAT_OFF=name,name`` (the names of :data:`SPEEDUPS`) to measure
what each saves (``scripts/bench_compat.py``, BENCHMARKS.md); the output is
the same either way (tests/scale).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pelican import writers
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.readers import Readers
from pelican.urlwrappers import URLWrapper
from pelican.writers import FileOverwriteFailedError, Writer


@dataclass(frozen=True)
class Reliance:
    """One non-public part of Pelican the engine uses."""

    owner: str  # dotted path of the module or class
    name: str
    kind: str  # "method", "attribute", "function", "module attribute", "property"
    why: str
    used_by: str
    # The parameters a method or function must take, in order (self excluded).
    parameters: tuple[str, ...] | None = None


RELIANCES: tuple[Reliance, ...] = (
    Reliance(
        "pelican.readers.Readers",
        "_cache",
        "attribute",
        "the reader cache dict (path → (stamp, (content, metadata))) the incremental "
        "plugin loads, keys and shards itself",
        "reader_cache",
    ),
    Reliance(
        "pelican.readers.Readers",
        "_cache_path",
        "attribute",
        "where Pelican would keep the cache; the shards live beside it",
        "reader_cache",
    ),
    Reliance(
        "pelican.readers.Readers",
        "_cache_open",
        "attribute",
        "opens a cache file as Pelican does (gzip or plain, GZIP_CACHE)",
        "reader_cache",
    ),
    Reliance(
        "pelican.readers.Readers",
        "_cache_data_policy",
        "attribute",
        "whether this generator caches at all (CACHE_CONTENT)",
        "reader_cache",
    ),
    Reliance(
        "pelican.readers.Readers",
        "_filestamp_func",
        "attribute",
        "the stamp of a file; ours covers a story's whole bundle folder",
        "reader_cache",
    ),
    Reliance(
        "pelican.readers",
        "_filter_discardable_metadata",
        "function",
        "what Pelican keeps of a reader's metadata before caching it; the parallel "
        "read-ahead caches exactly what Pelican would",
        "read_metadata_for_cache",
        ("metadata",),
    ),
    Reliance(
        "pelican.urlwrappers.URLWrapper",
        "_name",
        "attribute",
        "a category/tag/author's state, pickled without its settings",
        "wrapper_state",
    ),
    Reliance(
        "pelican.urlwrappers.URLWrapper",
        "_slug",
        "attribute",
        "as above",
        "wrapper_state",
    ),
    Reliance(
        "pelican.urlwrappers.URLWrapper",
        "_slug_from_name",
        "attribute",
        "as above",
        "wrapper_state",
    ),
    Reliance(
        "pelican.generators.ArticlesGenerator",
        "_build_period_archives",
        "method",
        "builds the month archives with a list scan per story (quadratic); wrapped",
        "linear_period_archives",
        ("sorted_articles", "articles", "settings"),
    ),
    Reliance(
        "pelican.contents.Content",
        "_content",
        "attribute",
        "the HTML a reader produced, before Pelican's link substitution; the photos "
        "plugin puts its <picture> markup there after reading",
        "content_html / set_content_html",
    ),
    Reliance(
        "pelican.writers.Writer",
        "_open_w",
        "method",
        "where Pelican opens every output file (feeds, pages) and refuses overwrites; "
        "the incremental writer replaces files only when their bytes change",
        "ClaimingWriter",
        ("filename", "encoding", "override"),
    ),
    Reliance(
        "pelican.writers.Writer",
        "_written_files",
        "attribute",
        "Pelican's record of written paths (overwrite protection)",
        "ClaimingWriter",
    ),
    Reliance(
        "pelican.writers.Writer",
        "_overridden_files",
        "attribute",
        "as above, for save_as overrides",
        "ClaimingWriter",
    ),
    Reliance(
        "pelican.writers",
        "Paginator",
        "module attribute",
        "the writer looks the paginator class up here on every list; list pages are "
        "numbered from the oldest story",
        "use_paginator",
    ),
    Reliance(
        "pelican.generators.Generator",
        "get_files",
        "method",
        "replaced per generator: files in path order (Pelican returns a set)",
        "read_files_in_path_order",
        ("paths", "exclude", "extensions"),
    ),
    Reliance(
        "pelican.generators.Generator",
        "_include_path",
        "method",
        "whether a walked file is one of the extensions asked for: the folders are "
        "walked once, with every extension, and filtered per request",
        "read_files_in_path_order",
        ("path", "extensions"),
    ),
    Reliance(
        "pelican.contents.Content",
        "_get_intrasite_link_regex",
        "method",
        "compiled once per INTRASITE_LINK_REGEX (Pelican compiles it again for each "
        "story's body, every time one is asked for)",
        "compiled_intrasite_links",
        (),
    ),
    Reliance(
        "pelican.contents.Content",
        "url",
        "property",
        "memoized per item once statuses are final (freeze_urls)",
        "freeze_urls",
    ),
    Reliance(
        "pelican.contents.Content",
        "save_as",
        "property",
        "as above",
        "freeze_urls",
    ),
)


def _resolve(dotted: str) -> Any:
    """The module, class or function a dotted name names."""
    import importlib

    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute)
        return found
    raise ImportError(dotted)


def verify(instances: dict[str, Any]) -> list[str]:
    """One line per reliance the installed Pelican no longer meets.

    ``instances`` maps an owner class's dotted name to an object of it, for
    the attributes Pelican sets in ``__init__`` (a class has no such name)."""
    import inspect

    broken = []
    for reliance in RELIANCES:
        where = f"{reliance.owner}.{reliance.name}"
        try:
            owner = _resolve(reliance.owner)
        except (ImportError, AttributeError):
            broken.append(f"{where}: {reliance.owner} is gone — {reliance.why}")
            continue
        holder = instances.get(reliance.owner, owner) if reliance.kind == "attribute" else owner
        if reliance.kind == "property":
            value = inspect.getattr_static(owner, reliance.name, None)
            ok = isinstance(value, property)
        else:
            ok = hasattr(holder, reliance.name)
            value = inspect.getattr_static(holder, reliance.name, None) if ok else None
        if not ok:
            broken.append(
                f"{where} ({reliance.kind}) is gone — used by {reliance.used_by}: {reliance.why}"
            )
            continue
        if reliance.parameters is not None:
            function = value.__func__ if isinstance(value, staticmethod | classmethod) else value
            names = [
                p.name for p in inspect.signature(function).parameters.values() if p.name != "self"
            ]
            if tuple(names) != reliance.parameters:
                broken.append(
                    f"{where} takes ({', '.join(names)}), not "
                    f"({', '.join(reliance.parameters)}) — used by {reliance.used_by}"
                )
    return broken


# Patches that change no output byte, only time: each can be switched off.
# Measured one by one (scripts/bench_compat.py, BENCHMARKS.md "Pelican's
# internals"): walking content/ once and memoizing relative source paths
# saved nothing measurable and were dropped; these two stay.
SPEEDUPS = (
    "period_archives",
    "frozen_urls",
    "intrasite_regex",
)


def speedup_on(name: str) -> bool:
    """False when ``LINTAS_COMPAT_OFF`` names the patch (benchmarks only)."""
    assert name in SPEEDUPS, name
    return name not in os.environ.get("LINTAS_COMPAT_OFF", "").split(",")


# --- the reader cache: the seam where the archive enters Pelican ------------------


@dataclass
class ReaderCache:
    """One generator's ``Readers`` cache, seen through public names."""

    readers: Readers

    @property
    def enabled(self) -> bool:
        return bool(self.readers._cache_data_policy)

    @property
    def path(self) -> str:
        return self.readers._cache_path

    @property
    def entries(self) -> dict:
        return self.readers._cache

    @entries.setter
    def entries(self, cache: dict) -> None:
        self.readers._cache = cache

    def open(self, path: str | os.PathLike, mode: str):
        return self.readers._cache_open(path, mode)

    def stamp_files_with(self, stamp: Callable[[str], Any]) -> None:
        self.readers._filestamp_func = stamp


def reader_cache(readers: Readers) -> ReaderCache | None:
    """The reader cache of a generator's ``Readers`` (None for one without)."""
    if not hasattr(readers, "_cache_path"):
        return None
    return ReaderCache(readers)


def read_metadata_for_cache(metadata: dict) -> dict:
    """A reader's metadata as Pelican caches it."""
    from pelican.readers import _filter_discardable_metadata

    return _filter_discardable_metadata(metadata)


def wrapper_state(wrapper: URLWrapper) -> tuple[str | None, str | None, bool | None]:
    """(name, slug, slug made from the name?) of a category, tag or author."""
    state = vars(wrapper)
    return state.get("_name"), state.get("_slug"), state.get("_slug_from_name")


WRAPPER_STATE = frozenset({"settings", "_name", "_slug", "_slug_from_name", "name", "slug"})


def rebuild_wrapper(
    cls: type, settings: Any, name: str | None, slug: str | None, from_name: bool | None
) -> URLWrapper:
    """A category, tag or author from :func:`wrapper_state`, with ``settings``."""
    wrapper = cls.__new__(cls)
    wrapper.settings = settings
    wrapper._name, wrapper._slug, wrapper._slug_from_name = name, slug, from_name
    return wrapper


# --- generators --------------------------------------------------------------------


def read_files_in_path_order(generator: Generator) -> None:
    """The article and page generators read their files in path order.

    Pelican's ``get_files()`` returns a ``set``, whose order changes with every
    process (string hashes are salted). Read order decides which of two stories
    claiming one slug wins and how stories with the same ``Date`` are ordered on
    every list page: without this, two builds of the same content could differ.

    The folders are walked once per generator and build: Pelican walks them
    again for each list of extensions it asks for (the readers it has, then
    the disabled ones), 0.6 s a walk at 10,000 stories.
    """
    if not isinstance(generator, ArticlesGenerator | PagesGenerator):
        return
    unordered = generator.get_files
    walked: dict[tuple, list[str]] = {}

    def get_files(paths, exclude=None, extensions=None) -> list[str]:
        key = (tuple([paths] if isinstance(paths, str) else paths), tuple(exclude or ()))
        if key not in walked:
            walked[key] = sorted(unordered(paths, exclude=exclude, extensions=False))
        return [path for path in walked[key] if generator._include_path(path, extensions)]

    generator.get_files = get_files


def linear_period_archives(generator: Generator) -> None:
    """Month archives without Pelican's quadratic scan: Pelican builds them with
    an empty article list, then each archive's ``articles`` is filled from an
    id set of its ``dates`` (0.9 s of every build at 3,000 stories)."""
    if not isinstance(generator, ArticlesGenerator) or not speedup_on("period_archives"):
        return
    build = generator._build_period_archives

    def build_period_archives(sorted_articles, articles, settings):
        archives = build(sorted_articles, [], settings)
        for periods in archives.values():
            for archive in periods:
                members = {id(a) for a in archive["dates"]}
                archive["articles"] = [a for a in articles if id(a) in members]
        return archives

    generator._build_period_archives = build_period_archives


# --- content -------------------------------------------------------------------------


def content_html(content: Content) -> str | None:
    """The HTML the reader produced, before Pelican resolves {filename} links."""
    return content._content


def set_content_html(content: Content, html: str) -> None:
    """Replace it (Pelican resolves links in it when ``content`` is first asked for)."""
    content._content = html


_FROZEN = "_lintas_frozen_urls"
_pelican_url = Content.url
_pelican_save_as = Content.save_as


def _frozen_url(self):
    frozen = self.__dict__.get(_FROZEN)
    return frozen[0] if frozen else _pelican_url.fget(self)


def _frozen_save_as(self):
    frozen = self.__dict__.get(_FROZEN)
    return frozen[1] if frozen else _pelican_save_as.fget(self)


def freeze_urls(items: Iterable[Content]) -> None:
    """Remember each item's ``url`` and ``save_as`` once its status is final.

    Pelican works them out from the settings on every access (feeds, related
    stories, every card of every template, the writer and the search index
    ask again): a measured hot spot. Unlike setting ``override_url`` and
    ``override_save_as`` (which Pelican reads as "this item may overwrite
    another's file"), the remembered values leave Pelican's overwrite checks
    as they are.
    """
    if not speedup_on("frozen_urls"):
        return
    if Content.url is not _FROZEN_URL_PROPERTY:
        Content.url = _FROZEN_URL_PROPERTY
        Content.save_as = _FROZEN_SAVE_AS_PROPERTY
    for item in items:
        item.__dict__.pop(_FROZEN, None)
        item.__dict__[_FROZEN] = (_pelican_url.fget(item), _pelican_save_as.fget(item))


_FROZEN_URL_PROPERTY = property(_frozen_url)
_FROZEN_SAVE_AS_PROPERTY = property(_frozen_save_as)


_pelican_intrasite_regex = Content._get_intrasite_link_regex
_intrasite_patterns: dict[str, Any] = {}


def _compiled_intrasite_regex(self):
    setting = self.settings["INTRASITE_LINK_REGEX"]
    pattern = _intrasite_patterns.get(setting)
    if pattern is None:
        pattern = _intrasite_patterns[setting] = _pelican_intrasite_regex(self)
    return pattern


def compiled_intrasite_links() -> None:
    """Compile the pattern of intra-site links once per ``INTRASITE_LINK_REGEX``.

    Pelican builds and compiles it each time a story's body is asked for (the
    render keys ask for every story's: 0.95 s of each build at 10,000 stories,
    mostly in ``re``'s look-up of its flags); the pattern depends on that one
    setting only.
    """
    if speedup_on("intrasite_regex"):
        Content._get_intrasite_link_regex = _compiled_intrasite_regex


# --- the writer ---------------------------------------------------------------------


def use_paginator(paginator: type) -> None:
    """Make Pelican's writers (and ours) paginate lists with ``paginator``."""
    writers.Paginator = paginator


def paginator_class() -> type:
    """The paginator the writers use now (looked up on each list, as Pelican does)."""
    return writers.Paginator


class ClaimingWriter(Writer):
    """Pelican's ``Writer`` whose files are opened by :meth:`open_output`.

    Pelican's overwrite protection is kept as it is (:meth:`claim`): a second
    write to a path raises ``FileOverwriteFailedError`` unless the item
    overrides its ``save_as``. A subclass decides how a claimed file is
    written (the incremental writer replaces it only when its bytes change).
    """

    def claim(self, path: str, override: bool) -> bool:
        """Pelican's bookkeeping for ``path``; False when it must not be written."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            return False
        if path in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it '
                "previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    def open_output(self, path: str, encoding: str):
        """A writable text file for ``path`` (a subclass decides how it lands)."""
        return open(path, "w", encoding=encoding)

    def _open_w(self, filename, encoding, override=False):
        if not self.claim(filename, override):
            return open(os.devnull, "w", encoding=encoding)
        return self.open_output(filename, encoding)


__all__ = [
    "RELIANCES",
    "SPEEDUPS",
    "ClaimingWriter",
    "ReaderCache",
    "Reliance",
    "compiled_intrasite_links",
    "content_html",
    "freeze_urls",
    "linear_period_archives",
    "paginator_class",
    "read_files_in_path_order",
    "read_metadata_for_cache",
    "reader_cache",
    "rebuild_wrapper",
    "set_content_html",
    "use_paginator",
    "wrapper_state",
]
