"""A tiny portal built for the theme's rules that the sample is too small to
show: pagination of every list, and rel="sponsored" on paid links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitebuild import run_build, write_settings
from theme_support import parse, text

PER_PAGE = 2
STORIES = 7  # a front page and two or three archive pages in every list
OWN_SITE = "http://127.0.0.1:8000"

NEWS = """Title: Berita Uji {n}
Date: 2016-09-0{n} 10:00
Category: Pemerintahan
Tags: uji coba
Author: Sitti Paputungan
Dateline: Lolak
Region: Bolaang Mongondow
Summary: Ringkasan berita uji {n}.

Paragraf pertama berita {n}, dengan [tautan luar](https://contoh.example/berita).
"""

ADVERTORIAL = """Title: Iklan Uji
Date: 2016-09-08 10:00
Category: Advertorial
Tags: uji coba
Author: Sitti Paputungan
Region: Bolaang Mongondow
Sponsor: PT Contoh Sponsor
Summary: Ringkasan advertorial.

Kunjungi [situs sponsor](https://sponsor.example/produk) atau
[berita kami]({own}/2016/09/berita-uji-1/), juga
<a href="https://mentah.example/" rel="nofollow">tautan HTML</a> dan
<a href='//protokol.example/'>tanpa skema</a>.
"""


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-theme")
    content = folder / "content"
    for n in range(1, STORIES + 1):
        bundle = content / "articles" / "2016" / "09" / f"berita-uji-{n}"
        bundle.mkdir(parents=True)
        (bundle / "index.md").write_text(NEWS.format(n=n), encoding="utf-8")
    bundle = content / "articles" / "2016" / "09" / "iklan-uji"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(ADVERTORIAL.format(own=OWN_SITE), encoding="utf-8")
    (content / "pages").mkdir()
    settings = write_settings(
        folder,
        content,
        DEFAULT_PAGINATION=PER_PAGE,
        DEFAULT_ORPHANS=0,
        SITEURL=OWN_SITE,
        SEARCH_INDEX_ENABLED=False,
    )
    result = run_build(settings, folder / "output")
    assert result.returncode == 0, result.log
    return result.output


@pytest.mark.parametrize(
    "listing",
    [
        "",
        "kategori/pemerintahan/",
        "topik/uji-coba/",
        "penulis/sitti-paputungan/",
        "wilayah/bolaang-mongondow/",
        "arsip/2016/09/",
    ],
)
def test_every_list_is_paginated_under_halaman(tiny_site, listing):
    """Front page first, then the archive pages from the newest (highest
    number) down to /halaman/1/, the oldest stories (reader_theme/pagination.py)."""
    archive = sorted(
        (tiny_site / listing / "halaman").glob("*/index.html"),
        key=lambda p: int(p.parent.name),
        reverse=True,
    )
    numbers = [int(p.parent.name) for p in archive]
    assert numbers == list(range(len(archive), 0, -1)) and len(archive) >= 2, numbers
    pages = [tiny_site / listing / "index.html", *archive]
    urls = [f"/{listing}", *(f"/{listing}halaman/{n}/" for n in numbers)]
    shown: list[str] = []
    for index, page in enumerate(pages):
        tree = parse(page)
        nav = tree.xpath('//nav[@class="pagination"]')
        assert nav, page
        expected = [OWN_SITE + urls[i] for i in (index - 1, index + 1) if 0 <= i < len(pages)]
        assert nav[0].xpath("a/@href") == expected, page
        if index:
            # Archive pages say which dates they hold, not a number counted from
            # the oldest page ("halaman 1" right after the front page misled).
            assert re.fullmatch(
                r"← Lebih baru\s*\d+ September 2016 – \d+ September 2016\s*(Lebih lama →)?",
                text(nav[0]),
            ), text(nav[0])
            cards = tree.xpath('//div[contains(@class, "list")]//h2/a/@href')
            assert len(cards) == PER_PAGE, page
            shown += cards
        else:
            assert "Halaman" not in text(nav[0])
    assert len(shown) == len(set(shown)), "a story on two archive pages"


def test_outbound_links_of_an_advertorial_are_sponsored(tiny_site):
    tree = parse(tiny_site / "2016" / "09" / "iklan-uji" / "index.html")
    body = tree.xpath('//div[@class="story__body"]')[0]
    rel = {a.get("href"): (a.get("rel") or "").split() for a in body.iter("a")}
    assert rel["https://sponsor.example/produk"] == ["sponsored"]
    assert rel["https://mentah.example/"] == ["nofollow", "sponsored"]
    assert rel["//protokol.example/"] == ["sponsored"]
    assert rel[f"{OWN_SITE}/2016/09/berita-uji-1/"] == []


def test_links_in_news_are_left_alone(tiny_site):
    tree = parse(tiny_site / "2016" / "09" / "berita-uji-1" / "index.html")
    body = tree.xpath('//div[@class="story__body"]')[0]
    assert [a.get("rel") for a in body.iter("a")] == [None]


def test_dateline_also_when_the_body_is_short(tiny_site):
    tree = parse(tiny_site / "2016" / "09" / "berita-uji-2" / "index.html")
    first = tree.xpath('//div[@class="story__body"]/p[1]')[0]
    assert text(first).startswith("Lolak, Lintas Totabuan – Paragraf pertama berita 2")
