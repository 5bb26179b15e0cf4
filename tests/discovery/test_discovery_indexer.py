"""plugins/search_index on a tiny hand-written site: the real Pagefind binary."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from discovery_support import pagefind_fragments

from lintas.plugins import search_index
from lintas.plugins.search_index.indexer import PagefindError, SearchIndexSettings, build_index

CONFIG = SearchIndexSettings(
    language="id", bundle_dir="pagefind", glob="**/*.html", exclude_selectors=()
)


def _page(site, path, body):
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f'<!doctype html><html lang="id"><body>{body}</body></html>', "utf-8")


def _site(tmp_path, marked: int, unmarked: int = 1):
    site = tmp_path / "site"
    for n in range(marked):
        _page(
            site,
            f"2016/09/berita-{n}/index.html",
            f"<article data-pagefind-body><h1>Berita {n}</h1><p>Isi {n}.</p></article>",
        )
    for n in range(unmarked):
        _page(site, f"halaman-{n}/index.html", "<p>Bukan berita</p>")
    return site


def test_only_marked_pages_are_indexed(tmp_path):
    site = _site(tmp_path, marked=2)
    stats = build_index(site, CONFIG)
    assert stats.pages == 2
    assert sorted(f["url"] for f in pagefind_fragments(site)) == [
        "/2016/09/berita-0/",
        "/2016/09/berita-1/",
    ]


def test_a_failing_pagefind_run_raises(tmp_path):
    with pytest.raises(PagefindError, match="Pagefind failed"):
        build_index(tmp_path / "site", SearchIndexSettings("id", "/dev/null/x", "**/*.html", ()))


def _run_plugin(site, articles: int, strict: bool):
    written = [SimpleNamespace(save_as=f"2016/09/berita-{n}/index.html") for n in range(articles)]
    search_index._count_articles(SimpleNamespace(articles=written, translations=[]))
    settings = {
        "OUTPUT_PATH": str(site),
        "DEFAULT_LANG": "id",
        "SEARCH_INDEX_LANGUAGE": "id",
        "NEWSROOM_STRICT": strict,
    }
    search_index._finalized(SimpleNamespace(settings=settings))


def test_publish_refuses_an_index_missing_articles(tmp_path):
    # Three articles written, but the template marked only two for indexing.
    site = _site(tmp_path, marked=2)
    with pytest.raises(PagefindError, match="data-pagefind-body"):
        _run_plugin(site, articles=3, strict=True)


def test_preview_warns_about_an_index_missing_articles(tmp_path, caplog):
    site = _site(tmp_path, marked=2)
    with caplog.at_level(logging.WARNING):
        _run_plugin(site, articles=3, strict=False)
    assert "data-pagefind-body" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        _run_plugin(site, articles=2, strict=True)
    assert caplog.text == ""
