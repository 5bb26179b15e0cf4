"""The structured_data building blocks, without a site build."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
from discovery_support import ROOT

from lintas.plugins.photos.site import ImageFile, LeadPhoto
from lintas.plugins.structured_data.config import read_facts
from lintas.plugins.structured_data.head import HeadMetadata, for_listing
from lintas.plugins.structured_data.images import article_images
from lintas.plugins.structured_data.jsonld import iso_local, script_json


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


SETTINGS = {
    "SITEURL": "https://totabuan.lintas.example",
    "SITENAME": "Lintas Totabuan",
    "DEFAULT_LANG": "id",
    "TIMEZONE": "Asia/Makassar",
    "THEME": str(ROOT / "lintas" / "theme"),
    "THEME_STATIC_DIR": "theme",
    "STRUCTURED_DATA_LOGO": "img/logo.png",
    "STRUCTURED_DATA_DEFAULT_IMAGE": "img/social-default.jpg",
}


def test_listing_canonical_drops_index_html():
    site = read_facts(SETTINGS)
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


class _Story:
    """The attributes plugins/photos sets on an article (none: no photo)."""

    def __init__(self, title, lead_photo=None, social_image=None, photo_crops=()):
        self.title = title
        self.lead_photo = lead_photo
        self.social_image = social_image
        self.photo_crops = photo_crops


def test_a_story_without_a_photo_previews_the_default_image_and_has_no_json_ld_image():
    site = read_facts(SETTINGS)
    images = article_images(_Story("Rapat paripurna"), site)
    assert images.social == site.default_image
    assert images.structured == ()


def test_a_story_with_a_photo_uses_the_photos_plugins_files():
    site = read_facts(SETTINGS)
    social = ImageFile("/media/ab/pasar-1200x630-ab12.jpg", 1200, 630, "image/jpeg", 91_000)
    crops = tuple(
        ImageFile(f"/media/cd/pasar-1200x{h}-cd34.jpg", 1200, h, "image/jpeg") for h in (675, 1200)
    )
    # A Cover that is not in the body has no alt: the headline stands in.
    lead = LeadPhoto("/media/ef/pasar-1200w-ef56.jpg", 1200, 800, "image/jpeg", alt="")
    images = article_images(_Story("Harga cabai turun", lead, social, crops), site)
    assert images.social.url == "https://totabuan.lintas.example/media/ab/pasar-1200x630-ab12.jpg"
    assert (images.social.width, images.social.height, images.social.length) == (1200, 630, 91_000)
    assert images.social.alt == "Harga cabai turun"
    assert [(i.url.rsplit("/", 1)[1], i.height) for i in images.structured] == [
        ("pasar-1200x675-cd34.jpg", 675),
        ("pasar-1200x1200-cd34.jpg", 1200),
    ]
    assert images.structured[0].length is None  # not rendered: no made-up size
    # No crops configured: JSON-LD still names the story's own photo.
    lead.alt = "Pedagang cabai di Pasar Serasi"
    only_social = article_images(_Story("Harga cabai turun", lead, social), site)
    assert only_social.structured == (only_social.social,)
    assert only_social.social.alt == "Pedagang cabai di Pasar Serasi"
