"""Ads as content (lintas/plugins/ads): the header rules as path:line problems
in Indonesian and English, which ad a slot shows when, the moments the site
changes by itself, where a story's slot goes, and the SSI expansion the
preview and the theme tests use. No build: files in a temporary folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sitebuild import ROOT

from lintas.core.ssi import expand_includes, file_reader
from lintas.plugins.ads import AdSlots
from lintas.plugins.ads.banner import rendition_widths
from lintas.plugins.ads.content import moments, read_ad, read_ads, showing
from lintas.settings import read_settings

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(scope="module")
def base_settings() -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"))


@pytest.fixture
def settings(base_settings, tmp_path) -> dict:
    return {**base_settings, "PATH": str(tmp_path)}


GOOD = """Sponsor: Toko Roti Mokodompit
Link: https://roti.example/
Slot: artikel
Image: banner.jpg
Start: 2016-09-01 08:00
End: 2016-10-01 12:00

Catatan kontrak.
"""


def write_ad(root: Path, slug: str, text: str, size=(600, 500), image="banner.jpg") -> Path:
    folder = root / "iklan" / slug
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(text, encoding="utf-8")
    if size:
        Image.new("RGB", size, "#c0a060").save(folder / image)
    return folder / "index.md"


def rendered(problems, language):
    return [p.render(language) for p in problems]


def test_a_good_ad_is_read_with_its_times(settings, tmp_path):
    index = write_ad(tmp_path, "roti", GOOD)
    ad, problems = read_ad(index, settings)
    assert problems == []
    assert ad.slots == ("artikel",) and ad.sponsor == "Toko Roti Mokodompit"
    assert ad.alt == ad.sponsor  # no Alt: the sponsor's name
    assert ad.start == datetime(2016, 9, 1, 8, 0, tzinfo=WITA)
    assert ad.end == datetime(2016, 10, 1, 12, 0, tzinfo=WITA)


def test_missing_image_is_a_problem_on_its_line(settings, tmp_path):
    index = write_ad(tmp_path, "roti", GOOD, size=None)
    ad, problems = read_ad(index, settings)
    assert ad is None
    (line,) = rendered(problems, "en")
    assert line.endswith(
        "roti/index.md:4: banner 'banner.jpg' is not in the ad's folder — put the image file "
        "next to index.md and write its name, e.g. Image: banner.jpg"
    )
    assert rendered(problems, "id")[0].endswith(
        "roti/index.md:4: banner 'banner.jpg' tidak ada di folder iklan ini — taruh berkas "
        "gambar di samping index.md dan tulis namanya, mis. Image: banner.jpg"
    )


def test_no_image_field_at_all(settings, tmp_path):
    index = write_ad(tmp_path, "roti", GOOD.replace("Image: banner.jpg\n", ""))
    ad, problems = read_ad(index, settings)
    assert ad is None
    assert rendered(problems, "id")[0].endswith(
        "roti/index.md:1: 'Image' iklan belum diisi — tambahkan baris 'Image: …' di header"
    )


def test_end_before_start(settings, tmp_path):
    text = GOOD.replace("End: 2016-10-01 12:00", "End: 2016-08-31 12:00")
    ad, problems = read_ad(write_ad(tmp_path, "roti", text), settings)
    assert ad is None
    (line,) = rendered(problems, "en")
    assert line.endswith(
        "roti/index.md:6: the ad ends (2016-08-31 12:00) before it starts (2016-09-01 08:00) "
        "— check the dates: End must come after Start"
    )
    assert "iklan berakhir (2016-08-31 12:00) sebelum mulai" in rendered(problems, "id")[0]


def test_unknown_slot_suggests_the_closest(settings, tmp_path):
    text = GOOD.replace("Slot: artikel", "Slot: artikle")
    ad, problems = read_ad(write_ad(tmp_path, "roti", text), settings)
    assert ad is None
    (line,) = rendered(problems, "id")
    assert line.endswith(
        "roti/index.md:3: slot iklan 'artikle' tidak dikenal — maksudnya 'artikel'?"
    )


def test_a_banner_of_the_wrong_shape_or_too_small(settings, tmp_path):
    wide = write_ad(tmp_path, "lebar", GOOD, size=(970, 250))
    small = write_ad(tmp_path, "kecil", GOOD, size=(240, 200))
    for index, size in ((wide, "970x250"), (small, "240x200")):
        ad, problems = read_ad(index, settings)
        assert ad is None
        (line,) = rendered(problems, "en")
        assert f"index.md:4: banner 'banner.jpg' is {size} px; slot 'artikel' needs 300x250" in line


def test_bad_link_date_and_unknown_field(settings, tmp_path):
    text = GOOD.replace("https://roti.example/", "roti.example").replace(
        "Start: 2016-09-01 08:00", "Start: besok\nWarna: merah"
    )
    ad, problems = read_ad(write_ad(tmp_path, "roti", text), settings)
    assert ad is None
    lines = "\n".join(rendered(problems, "en"))
    assert "index.md:2: link 'roti.example' is not a web address" in lines
    assert "index.md:5: Start 'besok' is not a date" in lines
    assert "index.md:6: unknown field 'Warna'" in lines


def test_one_banner_per_slot_the_latest_start_and_a_warning_for_the_overlap(settings, tmp_path):
    write_ad(tmp_path, "a", GOOD)
    later = GOOD.replace("Start: 2016-09-01 08:00", "Start: 2016-09-20 08:00")
    write_ad(tmp_path, "b", later.replace("End: 2016-10-01 12:00", "End: 2016-12-01 00:00"))
    folder = read_ads(settings)
    assert [ad.slug for ad in folder.ads] == ["a", "b"]
    (warning,) = folder.problems
    assert warning.is_warning and warning.render("en").endswith(
        "warning: slot 'artikel' is also given to "
        f"{folder.ads[0].source} until 2016-10-01 12:00 — meanwhile only this ad is shown "
        "there; change Start or End"
    )
    at = lambda text: datetime.fromisoformat(text).replace(tzinfo=WITA)  # noqa: E731
    assert showing(folder.ads, "artikel", at("2016-08-31 23:59")) is None
    assert showing(folder.ads, "artikel", at("2016-09-10 00:00")).slug == "a"
    assert showing(folder.ads, "artikel", at("2016-09-25 00:00")).slug == "b"
    assert showing(folder.ads, "artikel", at("2016-12-01 00:00")) is None  # End is exclusive
    assert showing(folder.ads, "beranda", at("2016-09-25 00:00")) is None
    assert moments(folder.ads, at("2016-09-25 00:00")) == [
        at("2016-10-01 12:00"),
        at("2016-12-01 00:00"),
    ]


def test_the_story_slot_goes_after_the_nth_top_level_paragraph(base_settings):
    slots = AdSlots({**base_settings, "ADS_ARTICLE_PARAGRAPH": 2})
    directive = '<!--# include virtual="/_iklan/artikel.html" -->'
    body = "<p>1</p>\n<blockquote>\n<p>q</p>\n</blockquote>\n<p>2</p>\n<p>3</p>"
    assert str(slots.in_body(body)) == (
        f"<p>1</p>\n<blockquote>\n<p>q</p>\n</blockquote>\n<p>2</p>\n{directive}\n<p>3</p>"
    )
    assert str(slots.in_body("<p>only</p>")) == f"<p>only</p>\n{directive}"
    with pytest.raises(ValueError, match="no such slot"):
        slots.slot("sidebar")


def test_slot_paths_follow_the_site_path(base_settings):
    slots = AdSlots({**base_settings, "SITEURL": "https://example.org/portal/"})
    assert str(slots.slot("beranda")) == '<!--# include virtual="/portal/_iklan/beranda.html" -->'


def test_ssi_expansion_as_nginx_does_it(tmp_path):
    (tmp_path / "_iklan").mkdir()
    (tmp_path / "_iklan" / "a.html").write_bytes(b"<aside>AD</aside>")
    (tmp_path.parent / "secret.html").write_bytes(b"SECRET")
    read = file_reader(tmp_path)
    page = (
        b'<p>x</p><!--# include virtual="/_iklan/a.html" --><p>y</p>'
        b'<!--# include virtual="/_iklan/gone.html" -->'
        b'<!--# include virtual="/../secret.html" -->'
    )
    assert expand_includes(page, read) == b"<p>x</p><aside>AD</aside><p>y</p>"
    assert file_reader(tmp_path, "/portal")("/portal/_iklan/a.html") == b"<aside>AD</aside>"


def test_banner_widths_up_to_twice_the_slot_and_the_original():
    ladder = (320, 480, 640, 970, 1280, 1940)
    assert rendition_widths(1940, 970, ladder) == [320, 480, 640, 970, 1280, 1940]
    assert rendition_widths(600, 300, ladder) == [300, 600]  # 320 and 480 are too near
    assert rendition_widths(1000, 970, ladder) == [320, 480, 640, 970, 1000]
