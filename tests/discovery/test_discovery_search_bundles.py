"""The search index in chunks: one Pagefind bundle per year (plugins/search_index),
merged back into one search by the search page (theme/static/js/search.js).

Pagefind holds every page it parsed in memory, so a 10,000-story archive is
indexed a chunk at a time; readers must not notice. Here the sample portal gets
one more story, from December 2015: the site spans two years, so two bundles.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import threading
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from discovery_support import PAGEFIND_PREFIX, SEED_PAGE, article_pages, pagefind_bytes
from sitebuild import ROOT, run_build, write_settings

from lintas.plugins import search_index
from lintas.plugins.search_index.indexer import (
    MANIFEST,
    PagefindError,
    SearchIndexSettings,
    build_index,
    plan_chunks,
)

OLD_SLUG = "perajin-kotamobagu-pamerkan-kain-karawo"
OLD_PATH = f"/2015/12/{OLD_SLUG}/"
SEED_PATH = "/" + SEED_PAGE.parent.as_posix() + "/"
OLD_STORY = """Title: Perajin Kotamobagu Pamerkan Kain Karawo
Date: 2015-12-28 10:30
Category: Ekonomi
Tags: umkm, pemkot kotamobagu
Author: Yusuf Mamonto
Byline: yus
Dateline: Kotamobagu
Region: Kotamobagu
Summary: Perajin kain karawo dari Kotamobagu memamerkan sulaman mereka di pameran akhir tahun.

Sebanyak 30 perajin kain karawo dari Kotamobagu memamerkan sulaman mereka dalam pameran
usaha kecil di Lapangan Boki Hotinimbang, Senin (28/12/2015).

Pemerintah Kota Kotamobagu berharap pameran itu membuka pasar baru bagi kain karawo.
"""
RESULT_WAIT_MS = 15_000


# --- The plan: which articles go into which chunk -------------------------------


def _paths(per_month: dict[str, int]) -> list[str]:
    return [
        f"{month}/berita-{n}/index.html" for month, count in per_month.items() for n in range(count)
    ]


def test_one_chunk_per_year_when_years_are_small():
    chunks = plan_chunks(_paths({"2016/11": 3, "2015/12": 2, "2016/01": 4}), limit=10)
    assert [(c.name, c.articles) for c in chunks] == [("2015", 2), ("2016", 7)]
    assert chunks[1].glob == "{2016/01/**/*.html,2016/11/**/*.html}"
    assert chunks[0].glob == "2015/12/**/*.html"


def test_a_large_year_is_cut_into_runs_of_whole_months():
    months = {f"2017/{m:02d}": 4 for m in range(1, 13)}
    chunks = plan_chunks(_paths(months), limit=10)
    assert [(c.name, c.articles) for c in chunks] == [
        ("2017-01", 8),
        ("2017-03", 8),
        ("2017-05", 8),
        ("2017-07", 8),
        ("2017-09", 8),
        ("2017-11", 8),
    ]
    # One month above the limit is a chunk of its own, never split.
    chunks = plan_chunks(_paths({"2017/01": 2, "2017/02": 30, "2017/03": 2}), limit=10)
    assert [(c.name, c.articles) for c in chunks] == [
        ("2017-01", 2),
        ("2017-02", 30),
        ("2017-03", 2),
    ]


def test_a_new_story_changes_only_the_last_chunk_of_its_year():
    months = {f"2017/{m:02d}": 4 for m in range(1, 11)}
    before = plan_chunks(_paths({"2016/05": 3, **months}), limit=10)
    after = plan_chunks(_paths({"2016/05": 3, **months, "2017/10": 5}), limit=10)
    assert after[:-1] == before[:-1]
    assert after[-1].name == before[-1].name and after[-1].articles == before[-1].articles + 1


def test_the_newest_month_can_be_a_chunk_of_its_own():
    months = {"2016/11": 2, "2016/12": 1, **{f"2017/{m:02d}": 4 for m in range(1, 5)}}
    chunks = plan_chunks(_paths(months), limit=10, newest_month_apart=True)
    assert [(c.name, c.articles) for c in chunks] == [
        ("2016", 3),
        ("2017-01", 8),
        ("2017-03", 4),
        ("2017-04", 4),
    ]
    assert chunks[-1].glob == "2017/04/**/*.html" and chunks[-1].sources == ("2017/04/",)
    # A story in a new month: only the chunk that held the last month changes.
    later = plan_chunks(_paths({**months, "2017/05": 1}), limit=10, newest_month_apart=True)
    assert later[:2] == chunks[:2]
    assert [(c.name, c.articles) for c in later[2:]] == [("2017-03", 8), ("2017-05", 1)]


def test_a_small_newest_year_keeps_its_newest_month():
    """Apart only where it pays: a year of few stories stays one bundle."""
    months = {"2017/01": 1, "2017/02": 1}
    chunks = plan_chunks(_paths(months), limit=10, newest_month_apart=True)
    assert [(c.name, c.articles) for c in chunks] == [("2017", 2)]
    bigger = plan_chunks(_paths({**months, "2017/03": 1}), limit=10, newest_month_apart=True)
    assert [(c.name, c.articles) for c in bigger] == [("2017-01", 2), ("2017-03", 1)]


def test_articles_outside_a_year_folder_and_odd_names_are_kept():
    chunks = plan_chunks(["berita-en.html", "2016/09/a/index.html", "x[1].html"], limit=0)
    assert [(c.name, c.glob) for c in chunks] == [
        ("lain", r"{berita-en.html,x\[1\].html}"),
        ("2016", "2016/09/**/*.html"),
    ]
    # A chunk is never named like a folder of Pagefind's own bundle.
    assert plan_chunks(["index/09/a/index.html"], limit=0)[0].name == "_index"


# --- The indexer on a hand-written two-year site --------------------------------

CHUNKED = SearchIndexSettings(
    language="id", bundle_dir="pagefind", glob="**/*.html", exclude_selectors=(), chunk_articles=2
)


def _hand_site(root: Path, marked: dict[str, int]) -> tuple[Path, list[str]]:
    site = root / "site"
    written = []
    for month, count in marked.items():
        for n in range(count):
            relative = f"{month}/berita-{n}/index.html"
            page = site / relative
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(
                '<!doctype html><html lang="id"><body><article data-pagefind-body>'
                f'<p data-pagefind-filter="Tahun">{month[:4]}</p>'
                f"<h1>Berita {month} {n}</h1><p>Warga Kotamobagu membaca berita {n}.</p>"
                "</article></body></html>",
                encoding="utf-8",
            )
            written.append(relative)
    (site / "tentang").mkdir()
    (site / "tentang" / "index.html").write_text("<html lang='id'><body>Bukan berita</body></html>")
    return site, written


def _fragments(bundle: Path) -> list[dict]:
    return [
        json.loads(pagefind_bytes(p)[len(PAGEFIND_PREFIX) :])
        for p in sorted((bundle / "fragment").glob("*.pf_fragment"))
    ]


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_chunks_are_bundles_below_the_first_and_sum_to_every_article(tmp_path):
    site, written = _hand_site(tmp_path, {"2015/12": 1, "2016/01": 2, "2016/02": 1})
    stats = build_index(site, CHUNKED, written)
    first = site / "pagefind"
    assert stats.pages == 4
    assert stats.bundles == (first, first / "2016-01", first / "2016-02")
    manifest = json.loads((first / MANIFEST).read_text())
    assert manifest["merge"] == ["2016-01/", "2016-02/"]
    assert sorted(manifest["keys"]) == ["", "2016-01/", "2016-02/"]
    urls = [sorted(f["url"] for f in _fragments(b)) for b in stats.bundles]
    assert urls == [
        ["/2015/12/berita-0/"],
        ["/2016/01/berita-0/", "/2016/01/berita-1/"],
        ["/2016/02/berita-0/"],
    ]


def test_chunked_index_is_the_same_bytes_every_run_and_leaves_no_stale_chunk(tmp_path):
    site, written = _hand_site(tmp_path, {"2015/12": 2, "2016/01": 2, "2016/02": 1})
    build_index(site, CHUNKED, written)
    first = _tree(site / "pagefind")
    build_index(site, CHUNKED, written)
    assert _tree(site / "pagefind") == first
    # The 2016-02 chunk goes when its story does.
    build_index(site, CHUNKED, written[:-1])
    assert not (site / "pagefind" / "2016-02").exists()


# --- Bundles reused when their pages did not change ------------------------------


def _inodes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _staging_from(live: Path, staging: Path) -> Path:
    """What `lintas build` starts from: hard links of the live pages, no index."""
    for page in live.rglob("*"):
        relative = page.relative_to(live)
        if page.is_file() and relative.parts[0] != "pagefind":
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            os.link(page, staging / relative)
    return staging


def _rewrite(page: Path, old: str, new: str) -> None:
    """As the build does: a new file renamed over the link, never written through."""
    text = page.read_text(encoding="utf-8")
    assert old in text
    temporary = page.with_name(page.name + ".tmp")
    temporary.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(temporary, page)


def _clean_index(site: Path, folder: Path, written: list[str]) -> dict[str, str]:
    """The index of a copy of ``site`` made from nothing: what reuse must equal."""
    clean = folder / "site"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("pagefind"))
    build_index(clean, CHUNKED, written)
    return _tree(clean / "pagefind")


def test_an_edit_reindexes_only_its_chunk_and_gives_a_clean_builds_bytes(tmp_path, caplog):
    live, written = _hand_site(tmp_path, {"2015/12": 2, "2016/01": 2, "2016/02": 1})
    build_index(live, CHUNKED, written)
    before = _inodes(live / "pagefind")
    staging = _staging_from(live, tmp_path / "staging")
    _rewrite(staging / written[2], "Warga Kotamobagu", "Warga Kotamobagu dan Bolaang Mongondow")

    caplog.set_level(logging.INFO, logger="lintas.plugins.search_index.indexer")
    build_index(staging, CHUNKED, written, previous=live)
    assert "3 bundle(s) (2 reused, 1 made)" in caplog.text
    after = _inodes(staging / "pagefind")
    # The first bundle (2015) and 2016-02 are the live files themselves.
    kept = {p for p in after if not p.startswith("2016-01/") and p != MANIFEST}
    assert kept and all(after[p] == before[p] for p in kept)
    assert all(after[p] != before.get(p) for p in after if p.startswith("2016-01/"))
    assert _tree(staging / "pagefind") == _clean_index(staging, tmp_path / "clean", written)
    # The live index was not touched: still the bytes it had.
    assert _inodes(live / "pagefind") == before
    assert sorted(f["url"] for f in _fragments(staging / "pagefind" / "2016-01")) == [
        "/2016/01/berita-0/",
        "/2016/01/berita-1/",
    ]


def test_a_story_unpublished_is_never_in_a_reused_bundle(tmp_path):
    """A story that becomes a draft is no longer written: its chunk's key changes."""
    live, written = _hand_site(tmp_path, {"2015/12": 2, "2016/01": 2})
    build_index(live, CHUNKED, written)
    staging = _staging_from(live, tmp_path / "staging")
    withdrawn = written.pop(0)  # 2015/12/berita-0, in the first bundle
    (staging / withdrawn).unlink()
    build_index(staging, CHUNKED, written, previous=live)
    urls = [f["url"] for b in ("", "2016/") for f in _fragments(staging / "pagefind" / b)]
    assert "/" + withdrawn.removesuffix("index.html") not in urls
    assert _tree(staging / "pagefind") == _clean_index(staging, tmp_path / "clean", written)


def test_in_place_rebuilds_reuse_and_a_new_setting_remakes_everything(tmp_path, caplog):
    site, written = _hand_site(tmp_path, {"2015/12": 2, "2016/01": 2, "2016/02": 1})
    caplog.set_level(logging.INFO, logger="lintas.plugins.search_index.indexer")
    build_index(site, CHUNKED, written)
    build_index(site, CHUNKED, written)
    assert "(3 reused, 0 made)" in caplog.text
    assert not list(tmp_path.glob(".site.search-*"))  # the moved-aside index is gone
    # (Pelican's log filter drops a message logged twice: inodes, not the log, here.)
    before = _inodes(site / "pagefind")
    other = dataclasses.replace(CHUNKED, exclude_selectors=("p",))
    build_index(site, other, written)
    after = _inodes(site / "pagefind")
    assert all(after[p] != before.get(p) for p in after if p != MANIFEST)


def _run_plugin(site: Path, written: list[str], strict: bool) -> None:
    articles = [SimpleNamespace(save_as=path) for path in written]
    search_index._count_articles(SimpleNamespace(articles=articles, translations=[]))
    settings = {
        "OUTPUT_PATH": str(site),
        "DEFAULT_LANG": "id",
        "SEARCH_INDEX_LANGUAGE": "id",
        "SEARCH_INDEX_CHUNK_ARTICLES": 2,
        "NEWSROOM_STRICT": strict,
    }
    search_index._finalized(SimpleNamespace(settings=settings))


def test_the_page_count_check_sums_the_bundles(tmp_path):
    site, written = _hand_site(tmp_path, {"2015/12": 2, "2016/01": 2})
    _run_plugin(site, written, strict=True)  # 2 + 2 pages for 4 articles: no complaint
    assert (site / "pagefind" / "2016").is_dir()
    # One story of the second bundle loses its data-pagefind-body: 3 pages, 4 articles.
    page = site / written[-1]
    page.write_text(page.read_text().replace(" data-pagefind-body", ""))
    with pytest.raises(PagefindError, match="holds 3 page"):
        _run_plugin(site, written, strict=True)


# --- The real build of a two-year site, searched in chromium --------------------


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("two-years")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    story = content / "articles" / "2015" / "12" / OLD_SLUG / "index.md"
    story.parent.mkdir(parents=True)
    story.write_text(OLD_STORY, encoding="utf-8")
    result = run_build(write_settings(folder, content), folder / "output")
    assert result.returncode == 0, result.log
    return result.output


def test_a_site_over_two_years_gets_two_bundles(two_years):
    first = two_years / "pagefind"
    assert json.loads((first / MANIFEST).read_text())["merge"] == ["2016/"]
    years = [
        Counter(f["url"].split("/")[1] for f in _fragments(b)) for b in (first, first / "2016")
    ]
    assert years[0] == {"2015": 1}
    assert set(years[1]) == {"2016"}
    assert sum(years[1].values()) + 1 == len(article_pages(two_years))


def test_rebuilds_reuse_unchanged_bundles_and_match_a_clean_build(tmp_path, two_years):
    """`lintas build` after edits, a new story and deleted ones: the bundles of
    untouched years are the live ones, hard-linked, and the index is byte for
    byte the index of a clean build of the same content each time."""
    content = tmp_path / "content"
    shutil.copytree(two_years.parent / "content", content)
    settings = write_settings(tmp_path, content)
    output = tmp_path / "output"
    assert run_build(settings, output).returncode == 0
    clean_builds = iter(range(1, 10))

    def rebuild() -> tuple[dict[str, int], dict[str, int]]:
        before = _inodes(output / "pagefind")
        result = run_build(settings, output)
        assert result.returncode == 0, result.log
        folder = tmp_path / f"clean-{next(clean_builds)}"
        folder.mkdir()
        clean = run_build(write_settings(folder, content), folder / "output")
        assert clean.returncode == 0, clean.log
        assert _tree(output / "pagefind") == _tree(clean.output / "pagefind")
        return before, _inodes(output / "pagefind")

    # An edit in 2016: the 2015 bundle (the first one's own files) is kept.
    story = sorted((content / "articles" / "2016").glob("*/*/index.md"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "\nParagraf tambahan.\n", "utf-8")
    before, after = rebuild()
    first_own = [p for p in after if not p.startswith("2016/") and p != MANIFEST]
    assert first_own and all(after[p] == before[p] for p in first_own)
    assert any(after[p] != before.get(p) for p in after if p.startswith("2016/"))

    # An edit in 2015: now the 2016 bundle is kept.
    old_story = content / "articles" / "2015" / "12" / OLD_SLUG / "index.md"
    old_story.write_text(old_story.read_text(encoding="utf-8") + "\nRalat.\n", "utf-8")
    before, after = rebuild()
    assert all(after[p] == before[p] for p in after if p.startswith("2016/"))
    assert any(after[p] != before.get(p) for p in after if not p.startswith("2016/"))

    # A new story in 2015 (it changes 2016 pages too: the first story's
    # "previous" link, related stories).
    extra = content / "articles" / "2015" / "12" / "pasar-senggol-ramai" / "index.md"
    extra.parent.mkdir(parents=True)
    extra.write_text(
        OLD_STORY.replace("Perajin Kotamobagu Pamerkan Kain Karawo", "Pasar Senggol Ramai")
        .replace("2015-12-28 10:30", "2015-12-30 09:00")
        .replace("kain karawo", "pasar senggol"),
        encoding="utf-8",
    )
    rebuild()
    assert sum(1 for f in _fragments(output / "pagefind") if "pasar-senggol" in f["url"]) == 1

    # Both 2015 stories deleted: 2016 is the only bundle, and the first one.
    shutil.rmtree(extra.parent)
    shutil.rmtree(content / "articles" / "2015" / "12" / OLD_SLUG)
    rebuild()
    assert json.loads((output / "pagefind" / MANIFEST).read_text())["merge"] == []
    assert not (output / "pagefind" / "2016").exists()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site_page(two_years, browser):
    """A tab on the site's own origin (SITEURL), every request answered from ``two_years``."""
    handler = functools.partial(_QuietHandler, directory=str(two_years))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    (home,) = re.findall(
        r'<link rel="canonical" href="([^"]+)"', (two_years / "index.html").read_text()
    )
    site = home.rstrip("/")
    context = browser.new_context()
    problems: list[str] = []
    context.route(
        re.compile("^" + re.escape(site) + "/.*"),
        lambda route: route.fulfill(
            response=route.fetch(url=server + route.request.url[len(site) :])
        ),
    )
    tab = context.new_page()
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if "/pagefind/" in r.url and r.status >= 400
            else None
        ),
    )
    yield SimpleNamespace(tab=tab, site=site)
    context.unroute_all(behavior="ignoreErrors")
    context.close()
    httpd.shutdown()
    httpd.server_close()
    assert problems == []


_SETTLED = """() => {
  const message = document.querySelector('.pagefind-ui__message');
  if (!message || message.textContent.startsWith('Mencari')) return false;
  if (message.textContent.includes('tidak ditemukan')) return true;
  const results = document.querySelectorAll('.pagefind-ui__result').length;
  return results > 0 && document.querySelectorAll('.pagefind-ui__result-link').length === results;
}"""


def _search(page, query: str) -> tuple[int, list[str]]:
    page.tab.goto(f"{page.site}/cari/?q={quote(query)}")
    page.tab.wait_for_function(_SETTLED, timeout=RESULT_WAIT_MS)
    message = page.tab.text_content(".pagefind-ui__message")
    found = re.match(r"Ditemukan (\d+) hasil", message)
    hrefs = page.tab.eval_on_selector_all(
        ".pagefind-ui__result-link", "links => links.map(a => a.getAttribute('href'))"
    )
    return (int(found[1]) if found else 0), hrefs


def test_search_finds_a_story_in_each_bundle(site_page):
    # Links as the first bundle gives them, from every bundle: site paths, not URLs.
    assert _search(site_page, "karawo")[1] == [OLD_PATH]
    assert SEED_PATH in _search(site_page, "smart city")[1]


def test_counts_and_year_filter_span_the_bundles(site_page):
    """One query, stories in both bundles: the count and the Tahun filter add them up."""
    tab = site_page.tab
    # Typed once the UI has loaded every filter (see test_discovery_search_browser:
    # a ?q= search races that load in Pagefind UI 1.5.2).
    tab.goto(f"{site_page.site}/cari/")
    field = tab.wait_for_selector(".pagefind-ui__search-input", timeout=RESULT_WAIT_MS)
    field.evaluate("input => input.blur()")
    field.focus()
    tab.wait_for_selector(
        '.pagefind-ui__filter-checkbox[name="Tahun"]', state="attached", timeout=RESULT_WAIT_MS
    )
    field.fill("kotamobagu")
    tab.wait_for_function(_SETTLED, timeout=RESULT_WAIT_MS)
    total = int(re.match(r"Ditemukan (\d+) hasil", tab.text_content(".pagefind-ui__message"))[1])
    assert total > 2
    # Drawn after the results: wait until the year counts add up to them.
    tab.wait_for_function(
        """total => {
          const labels = document.querySelectorAll(
            '.pagefind-ui__filter-checkbox[name="Tahun"] + label');
          let sum = 0;
          for (const label of labels) {
            const count = label.textContent.match(/\\((\\d+)\\)\\s*$/);
            if (!count) return false;
            sum += Number(count[1]);
          }
          return sum === total;
        }""",
        arg=total,
        timeout=RESULT_WAIT_MS,
    )
    labels = tab.eval_on_selector_all(
        '.pagefind-ui__filter-checkbox[name="Tahun"] + label', "ls => ls.map(l => l.textContent)"
    )
    counts = dict(re.fullmatch(r"(.+) \((\d+)\)", label.strip()).groups() for label in labels)
    assert counts == {"2015": "1", "2016": str(total - 1)}
