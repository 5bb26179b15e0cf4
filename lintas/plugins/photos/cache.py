"""The content-addressed rendition cache and the source index that keeps it cheap.

Layout: ``<cache_dir>/<digest[:2]>/<name>`` for renditions (two hex digits keep
directories small) and ``<cache_dir>/sources.json`` for the index.

Finding out that a photo is unchanged must not cost a 5 MB read and a sha256 per
photo per build (~4 ms each). The index maps a source path to its (size,
mtime_ns), its sha256 and its PhotoInfo; when the stat still matches, both are
reused and a warm photo costs a stat plus one stat per rendition. A tool that
rewrites a file keeping its size and nanosecond mtime would fool it; deleting
``sources.json`` (or the cache) forces a full re-check.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .config import RenditionConfig
from .plan import Rendition, source_digest
from .probe import PhotoInfo, check_photo, inspect_photo

INDEX_NAME = "sources.json"
INDEX_VERSION = 1


def cache_path(cache_dir: str | os.PathLike[str], rendition: Rendition) -> Path:
    return Path(cache_dir, rendition.relpath)


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write via a temporary file in the same folder, then rename over the target.

    A build killed mid-write leaves at worst a stray ``.tmp-*`` file, never a
    half-written image under a valid name (names are trusted blindly later).
    No fsync: that would guard against power loss, at a cost on slow disks.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would make the published file unreadable
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError) and not error.filename:
            # write() and close() fail without a name (ENOSPC): the editor needs one.
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise


@dataclass
class _Entry:
    size: int
    mtime_ns: int
    sha256: str
    info: PhotoInfo


class SourceIndex:
    """Memo of (path, size, mtime_ns) -> (sha256, PhotoInfo), persisted as JSON."""

    def __init__(self, cache_dir: str | os.PathLike[str]) -> None:
        self.path = Path(cache_dir, INDEX_NAME)
        self._entries: dict[str, _Entry] = {}
        self._dirty = False
        self.hits = 0
        self.misses = 0
        self._load()

    def resolve(
        self, source: str | os.PathLike[str], config: RenditionConfig
    ) -> tuple[PhotoInfo, str]:
        """PhotoInfo and sha256 of ``source``; raises PhotoError for a photo we refuse."""
        key = os.path.abspath(source)
        try:
            st = os.stat(key)
        except OSError:
            st = None  # inspect_photo words the error for the editor
        entry = self._entries.get(key)
        if (
            st is not None
            and entry
            and (entry.size, entry.mtime_ns) == (st.st_size, st.st_mtime_ns)
        ):
            check_photo(entry.info, config)  # limits may have changed since it was indexed
            self.hits += 1
            return entry.info, entry.sha256
        info = inspect_photo(key, config)
        sha = source_digest(key)
        self._entries[key] = _Entry(info.file_size, info.mtime_ns, sha, info)
        self._dirty = True
        self.misses += 1
        return info, sha

    def save(self) -> None:
        if not self._dirty:
            return
        data = {
            "version": INDEX_VERSION,
            "sources": {
                key: [e.size, e.mtime_ns, e.sha256, e.info.to_dict()]
                for key, e in sorted(self._entries.items())
            },
        }
        atomic_write(self.path, json.dumps(data, separators=(",", ":")).encode())
        self._dirty = False

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_bytes())
            if data.get("version") != INDEX_VERSION:
                return
            for key, (size, mtime_ns, sha, info) in data["sources"].items():
                self._entries[key] = _Entry(size, mtime_ns, sha, PhotoInfo.from_dict(info))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            # Missing or unreadable index: start empty; it only costs re-hashing.
            self._entries.clear()
