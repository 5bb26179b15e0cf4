"""Dates, timezones and the header parser."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sitebuild import ROOT

from lintas.core.dates import make_filters
from lintas.core.frontmatter import parse_front_matter
from lintas.core.schema import normalise, parse_datetime
from lintas.core.slugs import slugify_title
from lintas.settings import read_settings

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def test_naive_dates_are_read_in_wita():
    moment = parse_datetime("2016-09-02 10:00", "Asia/Makassar")
    assert moment.utcoffset() == timedelta(hours=8)
    assert moment.isoformat() == "2016-09-02T10:00:00+08:00"


def test_explicit_offset_is_honoured():
    moment = parse_datetime("2016-09-02T10:00+07:00", "Asia/Makassar")
    assert moment.utcoffset() == timedelta(hours=7)


def test_timezone_is_configurable():
    assert parse_datetime("2016-09-02 10:00", "Asia/Jakarta").isoformat().endswith("+07:00")


def test_indonesian_dates_without_os_locale():
    filters = make_filters(SETTINGS)
    moment = parse_datetime("2016-09-02 09:30", "Asia/Makassar")
    assert filters["tanggal"](moment) == "Jumat, 2 September 2016"
    assert filters["tanggal_jam"](moment) == "Jumat, 2 September 2016 · 09.30 WITA"
    assert filters["iso"](moment) == "2016-09-02T09:30:00+08:00"
    # A UTC time is shown in WITA.
    utc = parse_datetime("2016-09-02T01:30+00:00", "Asia/Makassar")
    assert filters["jam"](utc) == "09.30 WITA"


def test_header_continuation_and_line_numbers():
    front = parse_front_matter("Title: Satu\nSummary: dua\n    tiga\nTags: a, b\n\nIsi\n")
    assert front.first("summary").value == "dua tiga"
    assert front.first("tags").line == 4
    assert front.body_first_line == 6
    assert front.body.strip() == "Isi"


def test_control_characters_are_stripped_from_header_values():
    front = parse_front_matter(
        "Title: Judul\x0b berita\nDate: 2016-09-02 10:00\nCategory: Ekonomi\n"
        "Author: Sitti Paputungan\n\nIsi\n"
    )
    meta, problems = normalise(
        front, Path("/x/judul/index.md"), "x/judul/index.md", "article", SETTINGS
    )
    assert problems == []
    assert meta["title"] == "Judul berita"


def test_corrections_raise_modified():
    front = parse_front_matter(
        "Title: Judul\nDate: 2016-09-02 10:00\nCategory: Ekonomi\nAuthor: Sitti Paputungan\n"
        "Correction: 2016-09-03 08:15 | Nama forum diperbaiki.\n\nIsi\n"
    )
    meta, problems = normalise(front, Path("/x/j/index.md"), "j", "article", SETTINGS)
    assert problems == []
    assert meta["modified"].isoformat() == "2016-09-03T08:15:00+08:00"
    assert meta["corrections"][0].text == "Nama forum diperbaiki."


def test_slug_from_title():
    assert slugify_title("Pemkot Kotamobagu Teken MoU 'Smart City'!") == (
        "pemkot-kotamobagu-teken-mou-smart-city"
    )
    assert slugify_title("Bupati Resmikan Jalan Ruas Doloduo–Molibagu") == (
        "bupati-resmikan-jalan-ruas-doloduo-molibagu"
    )
    assert slugify_title("🎉🎉") == "artikel"
    assert len(slugify_title("kata " * 100)) <= 80
