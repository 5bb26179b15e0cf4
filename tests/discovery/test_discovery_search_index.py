"""The Pagefind index in the built output, read file by file (no browser)."""

from __future__ import annotations

import json
import re

from discovery_support import (
    HIDDEN_MARKERS,
    ROOT,
    SEED_PAGE,
    article_pages,
    pagefind_bytes,
    pagefind_files,
    pagefind_fragments,
    parse,
)


def test_bundle_is_in_the_output_with_the_ui_and_no_cdn(sample_output):
    bundle = sample_output / "pagefind"
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["id"], "one Indonesian index (Snowball stemmer)"
    search = (sample_output / "cari" / "index.html").read_text(encoding="utf-8")
    assert "/pagefind/pagefind-ui.js" in search
    # The UI's stylesheet is loaded by search.js (never render-blocking), from the bundle.
    assert "pagefind-ui.css" not in search
    assert '"pagefind-ui.css"' in (ROOT / "lintas/theme/static/js/search.js").read_text("utf-8")
    assert re.search(r"/js/search\.[0-9a-f]{8}\.js", search)
    doc = parse(sample_output / "cari" / "index.html")
    for script in doc.xpath("//script"):
        if script.get("type") != "application/ld+json":
            assert script.get("src"), "no inline scripts on the search page"
    for src in doc.xpath("//script/@src | //link/@href"):
        assert "cdn" not in src and "unpkg" not in src and "jsdelivr" not in src, src


def test_only_articles_are_indexed_each_exactly_once(sample_output):
    fragments = pagefind_fragments(sample_output)
    indexed = sorted(f["url"] for f in fragments)
    expected = sorted(
        "/" + page.relative_to(sample_output).parent.as_posix() + "/"
        for page in article_pages(sample_output)
    )
    assert indexed == expected
    entry = json.loads((sample_output / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["id"]["page_count"] == len(expected)


def test_index_holds_title_and_body_not_page_chrome(sample_output):
    (seed,) = [f for f in pagefind_fragments(sample_output) if f["url"].endswith("smart-city/")]
    doc = parse(sample_output / SEED_PAGE)
    title = doc.xpath("string(//h1)").strip()
    assert seed["meta"]["title"] == title
    assert seed["content"].startswith(title)
    assert "bekerja sama dalam pertukaran teknologi informasi" in seed["content"]
    # Navigation, footer, author box, tag list, sponsor box and share buttons stay out.
    assert "Rahmat Mokodompit" not in seed["content"]
    assert "WhatsApp" not in seed["content"]
    assert "Pedoman Pemberitaan Media Siber" not in seed["content"]
    assert "Pemerintah Kota Kotamobagu." not in seed["content"], "sponsor box indexed"


def test_category_and_year_filters_named_in_indonesian(sample_output):
    fragments = {f["url"]: f for f in pagefind_fragments(sample_output)}
    seed = next(f for url, f in fragments.items() if url.endswith("smart-city/"))
    assert seed["filters"] == {"Kategori": ["Advertorial"], "Tahun": ["2016"]}
    for url, fragment in fragments.items():
        assert fragment["filters"].get("Tahun") == [url.split("/")[1]], url
        assert len(fragment["filters"].get("Kategori", [])) == 1, url


def test_drafts_and_embargoed_stories_are_not_in_the_index(sample_output):
    files = pagefind_files(sample_output)
    assert len(files) > 10
    compressed = 0
    for path in files:
        raw = path.read_bytes()
        data = pagefind_bytes(path)
        compressed += data != raw
        for marker in HIDDEN_MARKERS:
            for form in (marker, marker.lower()):
                assert form.encode() not in data, f"{form} in {path}"
    assert compressed >= 3, "the index, filter and fragment files were decompressed"
    urls = [f["url"] for f in pagefind_fragments(sample_output)]
    assert not any("draf-rencana-anggaran-rahasia" in u or "/2099/" in u for u in urls)
