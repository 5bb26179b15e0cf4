"""Pelican's reader cache, made safe to keep between builds.

Pelican's reader-layer cache (``CACHE_CONTENT``, ``CONTENT_CACHING_LAYER =
"reader"``) stores each file's Markdown result (HTML and metadata) keyed by
the file's mtime. The reader layer, not the generator layer: the newsroom
plugin's embargo and duplicate-slug rules run on ``article_generator_context``,
which fires for every file on the reader path and never for a generator-layer
hit (an embargoed story would stay a draft forever). As shipped, the cache has
gaps this module closes:

- it is never invalidated when the settings or the plugin code change (the
  Markdown extensions, the newsroom rules, SITEURL in sponsored links): the
  cache now carries a key of both, and a cache with another key is dropped;
- it pickles the settings inside every Category/Tag/Author, and our settings
  hold Jinja filter closures, so saving failed, and a half-written or
  outdated cache made the next build crash while Pelican loaded it (it only
  catches a few exception types): taxonomy objects are now pickled without
  their settings and get the current ones back when loaded; the cache is
  saved to a temporary name and renamed, and loaded here (our settings say
  ``LOAD_CONTENT_CACHE = False``: Pelican leaves it alone), where any failure
  means an empty cache;
- a stamp is the mtime of ``index.md`` alone, but a story's metadata depends on
  its bundle (a Cover must exist): the stamp of an ``index.md`` covers every
  file of its folder. It is taken once per file per build, before the file is
  read, so a save during the build is seen by the next one;
- it is rewritten whole on every build (13 MB at 3,000 stories) and never
  forgets deleted files: it is now split in shards, and only shards whose
  files changed are written, without the files no longer read.
"""

from __future__ import annotations

import copyreg
import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pelican.urlwrappers import URLWrapper

from lintas.pelican_compat import (
    WRAPPER_STATE,
    ReaderCache,
    reader_cache,
    rebuild_wrapper,
    wrapper_state,
)

logger = logging.getLogger(__name__)

KEY_ENTRY = "\0lintas-reader-key"  # never a file path
SHARDS_ENTRY = "\0lintas-shards"
SHARDS = 16  # cache files beside Pelican's: an edit rewrites one of them
BUNDLE_FILE = "index.md"

_settings: Mapping[str, Any] | None = None
# Every stamp taken in this build, by file path (taken once per build).
stamps_taken: dict[str, Any] = {}


def _rebuild_wrapper(cls: type, name: str, slug: str | None, from_name: bool) -> URLWrapper:
    return rebuild_wrapper(cls, _settings if _settings is not None else {}, name, slug, from_name)


def _reduce_wrapper(wrapper: URLWrapper) -> tuple:
    state = vars(wrapper)
    args = (type(wrapper), *wrapper_state(wrapper))
    if state.keys() <= WRAPPER_STATE:  # the usual case, checked without a Python loop
        return _rebuild_wrapper, args
    # Anything else a plugin set on a taxonomy object travels too.
    return _rebuild_wrapper, args, {k: v for k, v in state.items() if k not in WRAPPER_STATE}


def _subclasses(cls: type) -> list[type]:
    found = [cls]
    for sub in cls.__subclasses__():
        found += _subclasses(sub)
    return found


def install(settings: Mapping[str, Any]) -> None:
    """Pickle taxonomy objects without settings; loaded ones get ``settings``."""
    global _settings
    _settings = settings
    stamps_taken.clear()
    for cls in _subclasses(URLWrapper):
        copyreg.pickle(cls, _reduce_wrapper)


def _load(cache: ReaderCache, path: Path) -> dict:
    """The cache at ``path``, or an empty one: a cache is never worth a failed build."""
    try:
        with cache.open(path, "rb") as handle:
            data = pickle.load(handle)
    except FileNotFoundError:
        return {}
    except Exception as error:  # truncated, from older code, unreadable: start afresh
        logger.info("incremental: reader cache %s not used: %s", path, error)
        return {}
    return data if isinstance(data, dict) else {}


def bundle_stamp(filename: str) -> tuple:
    """An article's ``index.md``: every file of its folder; anything else: itself."""
    if os.path.basename(filename) != BUNDLE_FILE:
        st = os.stat(filename)
        return (st.st_size, st.st_mtime_ns)
    stamp = []
    with os.scandir(os.path.dirname(filename)) as entries:
        for entry in entries:
            if entry.is_file():
                st = entry.stat()
                stamp.append((entry.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(stamp))


def _shard(path: str) -> int:
    return (
        hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=2).digest()[0] % SHARDS
    )


def _save(cache: ReaderCache, path: Path, data: dict) -> None:
    """Write one cache file: a temporary name, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with cache.open(tmp, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
        tmp.unlink(missing_ok=True)
        logger.warning("incremental: could not save the reader cache %s: %s", path, error)


def attach(readers, key: str) -> None:
    """Take over one generator's ``Readers`` cache: load it, key it, save it.

    Pelican's file (``CACHE_PATH/<Generator>-Readers``) holds the key and the
    number of shards; the entries live in ``SHARDS`` files beside it, so that
    saving after an edit rewrites one sixteenth of the cache, not 13 MB.
    """
    pelican_cache = reader_cache(readers)
    target = Path(pelican_cache.path)
    shard_paths = [target.with_name(f"{target.name}.{n:02d}") for n in range(SHARDS)]
    # Loaded by Pelican already when LOAD_CONTENT_CACHE is on; else here, safely.
    index = pelican_cache.entries or (_load(pelican_cache, target) if pelican_cache.enabled else {})
    cache: dict = {}
    if index.get(KEY_ENTRY) == key:
        if index.get(SHARDS_ENTRY) == SHARDS:
            for path in shard_paths:
                cache.update(_load(pelican_cache, path))
        else:  # one file, as Pelican writes it
            cache = {k: v for k, v in index.items() if k != KEY_ENTRY}
    fresh = not cache and index.get(KEY_ENTRY) != key
    pelican_cache.entries = cache
    touched: set[str] = set()
    # A new key (or a cache in one file) rewrites every shard.
    dirty: set[int] = set(range(SHARDS)) if fresh or index.get(SHARDS_ENTRY) != SHARDS else set()

    def stamp(filename: str) -> Any:
        # Memoized: the stamp stored after reading is the one taken before it.
        if filename not in stamps_taken:
            stamps_taken[filename] = bundle_stamp(filename)
        return stamps_taken[filename]

    get_cached: Callable = readers.get_cached_data
    put_cached: Callable = readers.cache_data

    def get_cached_data(filename, default=None):
        touched.add(filename)
        return get_cached(filename, default)

    def cache_data(filename, data):
        touched.add(filename)
        dirty.add(_shard(filename))
        put_cached(filename, data)

    def save_cache() -> None:
        if not pelican_cache.enabled:
            return
        for gone in [k for k in cache if k not in touched]:
            del cache[gone]
            dirty.add(_shard(gone))
        if not dirty:
            return
        shards: dict[int, dict] = {n: {} for n in dirty}
        for path, entry in cache.items():
            n = _shard(path)
            if n in shards:
                shards[n][path] = entry
        for n, entries in sorted(shards.items()):
            _save(pelican_cache, shard_paths[n], entries)
        if index.get(KEY_ENTRY) != key or index.get(SHARDS_ENTRY) != SHARDS:
            index.clear()
            index.update({KEY_ENTRY: key, SHARDS_ENTRY: SHARDS})
            _save(pelican_cache, target, dict(index))
        dirty.clear()

    pelican_cache.stamp_files_with(stamp)
    readers.get_cached_data = get_cached_data
    readers.cache_data = cache_data
    readers.save_cache = save_cache
