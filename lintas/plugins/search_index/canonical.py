"""Put Pagefind 1.5.2's filter index in a fixed order, so two builds of the same
site write the same bytes.

Pagefind 1.5.2 gathers filter values in a ``hashbrown`` map whose hasher is
seeded anew in every process (foldhash's RandomState), and writes the filters
and their values in that map's iteration order (``pagefind/src/index/mod.rs``:
"TODO: Change filter indexes to BTree to give them a stable hash"). No option,
environment variable, thread count or input order changes that. So between
identical builds these differ:

- ``filter/<lang>_<hash>.pf_filter``: the values of a filter with more than one
  value (our Kategori), hence its content hash, hence its name;
- ``pagefind.<lang>_<hash>.pf_meta``: the list of filters (in random order)
  with those names, hence its own name;
- ``pagefind-entry.json``: the name of the meta file (and, with several
  languages, the order of the languages).

Upstream fixed it after 1.5.2 (Pagefind/pagefind#1124, released in 1.6.0, which
is on npm but not on PyPI): filters sorted by name, each filter's values by
value, languages by code. This module rewrites a 1.5.2 bundle into exactly that
order and renames the files by Pagefind's own content hash, so the file names
are the ones Pagefind 1.6.0 gives the same site (checked against the npm 1.6.0
binary on the sample site). Over a 1.6.0 bundle it changes no name, only
re-compresses the filter and meta files; it can go once the pin moves past 1.5.2.

The search side does not care about the order: Pagefind's WASM reads a filter's
values and the meta file's filter list into ``BTreeMap``s
(``pagefind_web/src/filter_index.rs``, ``metadata.rs``).

Pagefind's files are gzip holding ``pagefind_dcd`` followed by CBOR. Every file
read here is decoded and re-encoded, and must come back byte for byte, or
nothing is rewritten: a format we do not fully understand is an error, not a
guess.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import cbor2

ENTRY_FILE = "pagefind-entry.json"
FILTER_DIR = "filter"
# Every decompressed index, filter, meta and fragment file starts with it.
PAGEFIND_PREFIX = b"pagefind_dcd"
# flate2's Compression::best(), what Pagefind compresses with. The gzip header
# has no time stamp (mtime 0), so equal content gives equal bytes.
GZIP_LEVEL = 9
# Pagefind names an index or filter chunk "<lang>_<hash>" cut to len(lang) + 8
# characters ("id_" and 7 hex digits), and on a collision lengthens the name by
# 2 characters at a time (pagefind/src/index/mod.rs).
CHUNK_NAME_EXTRA = 8
CHUNK_COLLISION_STEP = 2
# The meta file: "<lang>_" followed by len(lang) + 8 hex digits of its hash.
META_HASH_EXTRA = 8
# pf_meta: [version, pages, index_chunks, filters, sorts, meta_fields]
META_FIELDS = 6
META_FILTERS = 3
META_SORTS = 4


class BundleFormatError(ValueError):
    """The bundle is not laid out the way Pagefind 1.5.x writes it."""


@dataclass
class _Changes:
    """What the bundle needs, planned before anything is written."""

    writes: dict[str, bytes] = field(default_factory=dict)  # bundle path: file bytes
    removals: list[str] = field(default_factory=list)  # bundle paths


@dataclass(frozen=True)
class CanonicalReport:
    """What ``canonicalise`` changed; empty when run over its own result."""

    written: tuple[str, ...]  # bundle paths
    removed: tuple[str, ...]


def pagefind_hash(data: bytes) -> str:
    """Pagefind's ``full_hash``: SHA-1, each byte as hex without zero padding."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def chunk_name(language: str, data: bytes, taken: set[str]) -> str:
    """The name Pagefind gives a filter chunk, collisions included."""
    full = f"{language}_{pagefind_hash(data)}"
    name = full[: len(language) + CHUNK_NAME_EXTRA]
    while name in taken and len(name) < len(full):
        name = full[: len(name) + CHUNK_COLLISION_STEP]
    return name


def meta_name(language: str, data: bytes) -> str:
    return f"{language}_{pagefind_hash(data)[: len(language) + META_HASH_EXTRA]}"


def read_payload(path: Path) -> bytes:
    """The CBOR of a Pagefind file (gunzipped, prefix removed)."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as error:  # missing, unreadable or not gzip
        raise BundleFormatError(f"{path}: {error}") from error
    if not data.startswith(PAGEFIND_PREFIX):
        raise BundleFormatError(f"{path}: does not start with {PAGEFIND_PREFIX!r}")
    return data[len(PAGEFIND_PREFIX) :]


def decode(path: Path, payload: bytes) -> list:
    try:
        value = cbor2.loads(payload)
    except cbor2.CBORDecodeError as error:
        raise BundleFormatError(f"{path}: not CBOR ({error})") from error
    if not isinstance(value, list) or cbor2.dumps(value) != payload:
        raise BundleFormatError(f"{path}: CBOR that does not re-encode to the same bytes")
    return value


def _compressed(payload: bytes) -> bytes:
    return gzip.compress(PAGEFIND_PREFIX + payload, GZIP_LEVEL, mtime=0)


def _plan_file(bundle: Path, relative: str, payload: bytes, changes: _Changes) -> None:
    """Write ``payload`` as ``relative`` unless the file already holds exactly our bytes.

    Compressed by us even when Pagefind's content was already in order: its
    random order is sometimes the sorted one by chance, and a file compressed by
    Pagefind (flate2) in one build and by us (zlib) in the next would differ.
    """
    data = _compressed(payload)
    target = bundle / relative
    if not target.is_file() or target.read_bytes() != data:
        changes.writes[relative] = data


def _entry_text(entry: dict) -> str:
    """``pagefind-entry.json`` the way Pagefind (serde_json) writes it."""
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def _sorted_filter(path: Path, filter_index: list, name: str) -> bytes:
    """pf_filter: [name, [[value, [page, ...]], ...]], values sorted."""
    if len(filter_index) != 2 or filter_index[0] != name or not isinstance(filter_index[1], list):
        raise BundleFormatError(f"{path}: not the filter {name!r} the meta file names")
    values = filter_index[1]
    if not all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) for v in values):
        raise BundleFormatError(f"{path}: filter values are not [value, pages] pairs")
    # str order is code point order, the same as Rust's byte order on UTF-8.
    return cbor2.dumps([name, sorted(values, key=lambda v: v[0])])


def _canonicalise_language(
    bundle: Path, language: str, meta_hash: str, version: str, changes: _Changes
) -> str:
    """Plan one language's new filter and meta files; returns the meta hash to use."""
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = decode(meta_path, read_payload(meta_path))
    if len(meta) != META_FIELDS or meta[0] != version:
        raise BundleFormatError(f"{meta_path}: not a Pagefind {version} meta index")
    filters, sorts = meta[META_FILTERS], meta[META_SORTS]
    if not all(isinstance(f, list) and len(f) == 2 for f in filters + sorts) or not all(
        isinstance(name, str) and isinstance(chunk, str) for name, chunk in filters
    ):
        raise BundleFormatError(f"{meta_path}: filters or sorts are not pairs")

    new_filters, taken, old_names = [], set(), set()
    for name, old_hash in sorted(filters, key=lambda f: f[0]):
        old_path = bundle / FILTER_DIR / f"{old_hash}.pf_filter"
        payload = _sorted_filter(old_path, decode(old_path, read_payload(old_path)), name)
        new_hash = chunk_name(language, payload, taken)
        taken.add(new_hash)
        old_names.add(old_hash)
        new_filters.append([name, new_hash])
        _plan_file(bundle, f"{FILTER_DIR}/{new_hash}.pf_filter", payload, changes)
    changes.removals += [f"{FILTER_DIR}/{stale}.pf_filter" for stale in sorted(old_names - taken)]

    meta[META_FILTERS] = new_filters
    # Sort orders are keyed by name too (Pagefind 1.5.2 emits them from a HashMap).
    meta[META_SORTS] = sorted(sorts, key=lambda s: s[0])
    payload = cbor2.dumps(meta)
    new_meta_hash = meta_name(language, payload)
    _plan_file(bundle, f"pagefind.{new_meta_hash}.pf_meta", payload, changes)
    if new_meta_hash != meta_hash:
        changes.removals.append(meta_path.name)
    return new_meta_hash


def canonicalise(bundle: Path) -> CanonicalReport:
    """Rewrite the filter index of the Pagefind bundle in ``bundle`` in sorted order.

    Every file is read and checked before the first is written: on
    ``BundleFormatError`` (not what Pagefind 1.5.x writes) nothing has changed.
    """
    changes = _Changes()
    entry_path = bundle / ENTRY_FILE
    try:
        text = entry_path.read_text(encoding="utf-8")
        entry = json.loads(text)
    except (OSError, ValueError) as error:
        raise BundleFormatError(f"{entry_path}: {error}") from error
    if (
        not isinstance(entry, dict)
        or not isinstance(entry.get("version"), str)
        or not isinstance(entry.get("languages"), dict)
        or not all(
            isinstance(info, dict) and isinstance(info.get("hash"), str)
            for info in entry["languages"].values()
        )
        or _entry_text(entry) != text
    ):
        raise BundleFormatError(f"{entry_path}: not the JSON Pagefind writes")
    languages = {}
    for language in sorted(entry["languages"]):
        info = dict(entry["languages"][language])
        info["hash"] = _canonicalise_language(
            bundle, language, info["hash"], entry["version"], changes
        )
        languages[language] = info
    entry["languages"] = languages
    new_text = _entry_text(entry)
    if new_text != text:
        changes.writes[ENTRY_FILE] = new_text.encode("utf-8")

    # The new files first (an old name can be a new one: it is then overwritten,
    # not removed), the entry file last, so it never names a file not yet there.
    for relative in sorted(changes.writes, key=lambda name: name == ENTRY_FILE):
        target = bundle / relative
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(changes.writes[relative])
        os.replace(temporary, target)
    removed = tuple(name for name in changes.removals if name not in changes.writes)
    for relative in removed:
        (bundle / relative).unlink()
    return CanonicalReport(written=tuple(changes.writes), removed=removed)
