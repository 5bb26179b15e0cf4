"""plugins/search_index/canonical.py: the Pagefind filter index in a fixed order.

Pagefind 1.5.2 writes filter values in a random order each run; the plugin
sorts them the way Pagefind 1.6.0 does and renames the files by Pagefind's own
content hash. These tests run the real Pagefind binary on a small site whose
two filters have many values (so a random order is all but certain to differ
between runs), and check the sample site's index too.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2
import pytest

from lintas.plugins.search_index.canonical import (
    PAGEFIND_PREFIX,
    BundleFormatError,
    canonicalise,
    chunk_name,
    meta_name,
    read_payload,
)
from lintas.plugins.search_index.indexer import SearchIndexSettings, build_index

CONFIG = SearchIndexSettings(
    language="id", bundle_dir="pagefind", glob="**/*.html", exclude_selectors=()
)
CATEGORIES = [f"Rubrik {chr(ord('A') + n)}" for n in range(12)] + ["Ékonomi", "Olahraga"]
YEARS = ["2014", "2015", "2016"]
RUNS = 3


def _site(root: Path) -> Path:
    site = root / "site"
    for n in range(2 * len(CATEGORIES)):
        category, year = CATEGORIES[n % len(CATEGORIES)], YEARS[n % len(YEARS)]
        page = site / year / f"berita-{n}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            '<!doctype html><html lang="id"><body><article data-pagefind-body>'
            f'<p data-pagefind-filter="Kategori">{category}</p>'
            f'<p data-pagefind-filter="Tahun">{year}</p>'
            f"<h1>Berita {n}</h1><p>Warga Kotamobagu membaca berita nomor {n}.</p>"
            "</article></body></html>",
            encoding="utf-8",
        )
    return site


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> list[Path]:
    """The same site indexed RUNS times, each by a fresh Pagefind process."""
    site = _site(tmp_path_factory.mktemp("search-order"))
    found = []
    for run in range(RUNS):
        build_index(site, CONFIG)
        kept = site.parent / f"bundle-{run}"
        (site / CONFIG.bundle_dir).rename(kept)
        found.append(kept)
    return found


@pytest.fixture
def bundle(bundles, tmp_path) -> Path:
    """A copy of one canonical bundle for a test to change."""
    copy = tmp_path / "pagefind"
    copy.mkdir()
    for relative in tree(bundles[0]):
        target = copy / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((bundles[0] / relative).read_bytes())
    return copy


def _meta(bundle: Path) -> tuple[str, Path, list]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    ((language, info),) = entry["languages"].items()
    path = bundle / f"pagefind.{info['hash']}.pf_meta"
    return language, path, cbor2.loads(read_payload(path))


def assert_canonical(bundle: Path) -> None:
    """Filters sorted by name, values by value, every file named by its content
    the way Pagefind names it, and no file left over from Pagefind's own order."""
    language, meta_path, meta = _meta(bundle)
    assert meta_path.name == f"pagefind.{meta_name(language, read_payload(meta_path))}.pf_meta"
    filters = meta[3]
    assert [name for name, _ in filters] == sorted(name for name, _ in filters)
    for name, chunk in filters:
        payload = read_payload(bundle / "filter" / f"{chunk}.pf_filter")
        assert chunk == chunk_name(language, payload, set()), name
        filter_name, values = cbor2.loads(payload)
        assert filter_name == name
        assert [v[0] for v in values] == sorted(v[0] for v in values), name
    assert sorted(p.stem for p in (bundle / "filter").iterdir()) == sorted(c for _, c in filters)
    assert [p.name for p in bundle.glob("*.pf_meta")] == [meta_path.name]
    # Pagefind named the word index itself: our hash must agree with its own.
    for path in (bundle / "index").glob("*.pf_index"):
        assert path.stem == chunk_name(language, read_payload(path), set())


def test_every_run_writes_the_same_bytes(bundles):
    first = tree(bundles[0])
    assert any(name.startswith("filter/") for name in first)
    for other in bundles[1:]:
        assert tree(other) == first


def test_the_filter_index_is_sorted_and_named_by_content(bundles):
    assert_canonical(bundles[0])
    _language, _path, meta = _meta(bundles[0])
    assert [name for name, _ in meta[3]] == ["Kategori", "Tahun"]


def test_the_sample_site_index_is_sorted_too(sample_output):
    assert_canonical(sample_output / "pagefind")


def _write(path: Path, payload: bytes, level: int) -> None:
    path.write_bytes(gzip.compress(PAGEFIND_PREFIX + payload, level, mtime=0))


@pytest.mark.parametrize("values_reversed", [True, False], ids=["shuffled", "sorted-by-chance"])
def test_any_order_pagefind_picks_comes_out_the_same(bundle, values_reversed):
    """Rewrite the bundle as Pagefind might have written it (filters and values in
    another order, or already sorted but compressed by Pagefind's encoder rather
    than ours), named by content as Pagefind names files: canonicalise must give
    back the very same bytes."""
    expected = tree(bundle)
    language, meta_path, meta = _meta(bundle)
    other_level = 1  # any level but ours: a different encoder's bytes
    renamed = []
    for pair in reversed(meta[3]):
        old = bundle / "filter" / f"{pair[1]}.pf_filter"
        name, values = cbor2.loads(read_payload(old))
        payload = cbor2.dumps([name, values[::-1] if values_reversed else values])
        old.unlink()
        pair[1] = chunk_name(language, payload, set())
        _write(bundle / "filter" / f"{pair[1]}.pf_filter", payload, other_level)
        renamed.append(pair)
    meta[3] = renamed
    payload = cbor2.dumps(meta)
    meta_path.unlink()
    new_hash = meta_name(language, payload)
    _write(bundle / f"pagefind.{new_hash}.pf_meta", payload, other_level)
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry["languages"][language]["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    assert tree(bundle) != expected

    report = canonicalise(bundle)
    assert report.written
    assert tree(bundle) == expected


def test_a_second_pass_changes_nothing(bundle):
    before = tree(bundle)
    report = canonicalise(bundle)
    assert (report.written, report.removed) == ((), ())
    assert tree(bundle) == before


def test_a_bundle_in_an_unknown_format_is_refused_untouched(bundle):
    _language, meta_path, meta = _meta(bundle)
    _write(meta_path, cbor2.dumps([*meta, "a field Pagefind 1.5 does not write"]), 9)
    before = tree(bundle)
    with pytest.raises(BundleFormatError, match="meta index"):
        canonicalise(bundle)
    assert tree(bundle) == before
    # A filter file that is not gzip: found before anything is written.
    _write(meta_path, cbor2.dumps(meta), 9)
    (chunk,) = [c for name, c in meta[3] if name == "Tahun"]
    (bundle / "filter" / f"{chunk}.pf_filter").write_bytes(b"not gzip")
    before = tree(bundle)
    with pytest.raises(BundleFormatError):
        canonicalise(bundle)
    assert tree(bundle) == before
