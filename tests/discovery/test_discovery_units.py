"""The structured_data building blocks, without a site build."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
from discovery_support import ROOT
from structured_data.config import read_facts
from structured_data.head import HeadMetadata, for_listing
from structured_data.jsonld import iso_local, script_json


def test_script_json_cannot_close_or_comment_out_its_script_element():
    hostile = {
        "headline": 'Judul </script><script>alert(1)</script> <!-- "kutip" & ampersand',
        "nested": ["</SCRIPT >", "<!--", "-->"],
    }
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile  # every value survives unchanged


def test_script_json_inside_html_parses_back_to_the_same_data():
    data = {"headline": "a </script><!-- b", "emoji": "Kotamobagu 🌋", "q": "\u2028"}
    script_tag = f'<script type="application/ld+json">{script_json(data)}</script>'
    html = f"<html><head>{script_tag}</head></html>"
    (script,) = lxml.html.fromstring(html).xpath("//script")
    assert json.loads(script.text) == data


def test_iso_local_uses_a_numeric_wita_offset():
    moment = datetime(2016, 9, 2, 1, 30, tzinfo=ZoneInfo("UTC"))
    assert iso_local(moment, "Asia/Makassar") == "2016-09-02T09:30:00+08:00"


def test_listing_canonical_drops_index_html():
    settings = {
        "SITEURL": "https://totabuan.lintas.example",
        "SITENAME": "Lintas Totabuan",
        "DEFAULT_LANG": "id",
        "TIMEZONE": "Asia/Makassar",
        "THEME": str(ROOT / "theme"),
        "THEME_STATIC_DIR": "theme",
        "STRUCTURED_DATA_LOGO": "img/logo.png",
        "STRUCTURED_DATA_DEFAULT_IMAGE": "img/social-default.jpg",
        "STRUCTURED_DATA_IMAGE_RATIOS": [(16, 9)],
        "STRUCTURED_DATA_IMAGE_WIDTH": 1200,
        "STRUCTURED_DATA_IMAGE_QUALITY": 82,
    }
    site = read_facts(settings)
    assert site.logo.width == site.logo.height == 512
    assert site.default_image.width == 1200 and site.default_image.height == 630
    home = for_listing("index.html", "Lintas", site, is_home=True)
    assert isinstance(home, HeadMetadata)
    assert home.canonical == "https://totabuan.lintas.example/"
    assert {b["@type"] for b in home.json_ld} == {"Organization", "WebSite"}
    second = for_listing("kategori/ekonomi/halaman/2/index.html", "Ekonomi", site)
    assert second.canonical == "https://totabuan.lintas.example/kategori/ekonomi/halaman/2/"
    assert second.json_ld == ()
    # No search page configured: no SearchAction that would lead nowhere.
    (website,) = [b for b in home.json_ld if b["@type"] == "WebSite"]
    assert "potentialAction" not in website
