"""What partner portals and aggregators get from our feeds (issue 16), without
a site build: the dateline inside the first paragraph, captions set off from
their credits, RSS titles written as the W3C validator advises, the brand
images, the JSON Feed of the news feed, and the nh3-based sanitiser."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import feedparser
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from syndication_support import NS, atom_problems, html_problems, rss_problems
from test_syndication_units import (
    BASE,
    CONFIG,
    NOW,
    PICTURE,
    SETTINGS,
    SITE,
    article,
    builder,
    rss,
)

from lintas.plugins.syndication import MissingBrandImage, check_brand_images
from lintas.plugins.syndication.catalog import build_catalog
from lintas.plugins.syndication.feeds import hex_title_references, render_atom, render_json
from lintas.plugins.syndication.sanitize import sanitize_html
from lintas.plugins.syndication.text import caption_with_credit, one_line

ICON = f"{SITE}/theme/img/icon-512.png"
LOGO = f"{SITE}/theme/img/logo.png"


def spec_of(kind="site", config=CONFIG):
    return build_catalog([], config, str, SETTINGS).get(kind)


# -- the dateline --------------------------------------------------------------------


def test_the_dateline_opens_the_first_paragraph_as_on_the_page():
    item = builder().build(article(content="<p>Upaya pemkot berlanjut.</p><p>Dua.</p>"))
    assert "<p><strong>Kotamobagu, Lintas Totabuan</strong> – Upaya pemkot berlanjut.</p>" in (
        item.content_html
    )
    assert "–</p>" not in item.content_html  # no orphan dateline paragraph
    assert item.content_html.count("Kotamobagu, Lintas Totabuan") == 1


def test_the_dateline_skips_a_leading_photo_and_needs_no_paragraph():
    # The body opens with a figure: the dateline goes into the first paragraph of text.
    item = builder().build(article(content=f"{PICTURE}<p>Paragraf satu.</p>"))
    assert "<p><strong>Kotamobagu, Lintas Totabuan</strong> – Paragraf satu.</p>" in (
        item.content_html
    )
    bare = builder().build(article(content="<ul><li>Butir</li></ul>", lead_photo=None))
    assert bare.content_html.startswith("<p><strong>Kotamobagu, Lintas Totabuan</strong> –</p>")
    # A <pre> is not a paragraph.
    code = builder().build(article(content="<pre>kode</pre><p>Teks.</p>", lead_photo=None))
    assert "<pre>kode</pre>" in code.content_html
    assert "<p><strong>Kotamobagu, Lintas Totabuan</strong> – Teks.</p>" in code.content_html


# -- captions and credits ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caption", "credit", "expected"),
    [
        ("Warga antre satu & dua", "Foto: Humas", "Warga antre satu & dua. Foto: Humas"),
        ("Warga antre.", "Foto: Humas", "Warga antre. Foto: Humas"),
        ("Apa kabar?", "Foto: Humas", "Apa kabar? Foto: Humas"),
        ('Ia berkata "Ayo."', "Foto: Humas", 'Ia berkata "Ayo." Foto: Humas'),
        ("Pasar (2016)", "Foto: Humas", "Pasar (2016). Foto: Humas"),
        ("Tanpa kredit", "", "Tanpa kredit"),
        ("", "Foto: Humas", "Foto: Humas"),
    ],
)
def test_caption_with_credit(caption, credit, expected):
    assert caption_with_credit(caption, credit) == expected


def test_a_body_caption_does_not_run_into_its_credit():
    figure = (
        '<figure class="photo"><img src="/media/a.jpg" alt="">'
        '<figcaption>Warga antre satu &amp; dua <span class="credit">Foto: Humas</span>'
        "</figcaption></figure>"
    )
    out = sanitize_html(figure, BASE)
    caption = lxml.html.fragment_fromstring(out, create_parent="div").findtext(".//figcaption")
    assert caption == "Warga antre satu & dua. Foto: Humas"
    assert "satu &amp; dua. Foto: Humas" in out


def test_the_lead_photo_caption_does_not_run_into_its_credit():
    item = builder().build(article(content="<p>Tanpa foto di badan berita.</p>"))
    assert "<figcaption>Penandatanganan MoU. Photo: Humas Pemkot</figcaption>" in (
        item.content_html
    )


# -- RSS titles ----------------------------------------------------------------------------


def test_rss_titles_use_hexadecimal_references_for_ampersand_and_less_than():
    title = "Harga Cabai & Bawang <Naik> di Pasar 23 Maret"
    config = replace(CONFIG, sitename="Lintas & Totabuan")
    spec = spec_of(config=config)
    item = builder(config).build(article(title=title))
    data, _ = rss([item], config)
    titles = re.findall(rb"<title>([^<]*)</title>", data)
    assert b"Harga Cabai &#x26; Bawang &#x3C;Naik&gt; di Pasar 23 Maret" in titles
    assert b"Lintas &#x26; Totabuan" in titles  # the channel's and the image's
    assert all(b"&amp;" not in t and b"&lt;" not in t for t in titles), titles
    assert rss_problems(data, spec.url("rss"), None, SITE, NOW) == []
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert parsed.entries[0].title == title
    assert parsed.feed.title == "Lintas & Totabuan"
    # Content keeps its ordinary escapes: only plain-text titles are rewritten.
    assert b"&amp;" in data or b"&lt;" in data


def test_the_rewrite_leaves_everything_but_titles_alone():
    data = (
        b'<rss xmlns:media="http://search.yahoo.com/mrss/"><channel><title>A &amp; B &lt; C'
        b"</title><description>x &amp; y &lt; z"
        b"</description><item><title>&amp;amp;</title><media:title>a &amp; b</media:title>"
        b"</item></channel></rss>"
    )
    assert hex_title_references(data) == (
        b'<rss xmlns:media="http://search.yahoo.com/mrss/"><channel><title>A &#x26; B &#x3C; C'
        b"</title><description>x &amp; y &lt; z"
        b"</description><item><title>&#x26;amp;</title><media:title>a &amp; b</media:title>"
        b"</item></channel></rss>"
    )
    assert etree.fromstring(hex_title_references(data)).findtext("channel/title") == "A & B < C"


# Any text, but for U+0080-U+00FF: feedparser "repairs" a string of such
# characters that reads as UTF-8 bytes taken for Latin-1 ("Â¡" becomes "¡"),
# whatever the feed says; its quirk, not ours.
TITLE_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc"),
        exclude_characters=[chr(c) for c in range(0x80, 0x100)],
    )
    | st.sampled_from("&<>;#x\"'"),
    min_size=1,
    max_size=60,
).filter(lambda t: one_line(t))


@settings(max_examples=150, deadline=None)
@given(TITLE_TEXT)
def test_any_title_round_trips_through_feedparser(title):
    item = builder().build(article(title=title))
    data, _ = rss([item])
    for text in re.findall(rb"<title>([^<]*)</title>", data):
        assert b"&amp;" not in text and b"&lt;" not in text
    assert etree.fromstring(data).findtext("channel/item/title") == one_line(title)
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    # feedparser guesses HTML in some titles and then unescapes it itself.
    assert parsed.entries[0].title.strip() in (one_line(title), one_line(title).strip())


# -- brand images ----------------------------------------------------------------------------


def test_every_format_shows_the_icon_and_logo():
    item = builder().build(article())
    spec = spec_of()
    rss_data, _ = rss([item])
    image = etree.fromstring(rss_data).find("channel/image")
    assert image is not None
    assert image.findtext("url") == ICON
    assert image.findtext("title") == spec.title
    assert image.findtext("link") == spec.home_url
    assert image.find("width") is None  # RSS allows ≤ 144: a 512 icon has none
    parsed = feedparser.parse(rss_data)
    assert parsed.feed.image.href == ICON

    atom = etree.fromstring(render_atom(spec, [item], CONFIG, NOW))
    assert atom.findtext("atom:icon", namespaces=NS) == ICON
    assert atom.findtext("atom:logo", namespaces=NS) == LOGO
    assert atom_problems(etree.tostring(atom), spec.url("atom"), SITE, NOW) == []

    feed = json.loads(render_json(spec, [item], CONFIG, NOW))
    assert (feed["icon"], feed["favicon"]) == (ICON, ICON)


def test_brand_images_can_be_turned_off():
    config = replace(CONFIG, icon=None, logo=None)
    spec = spec_of(config=config)
    item = builder(config).build(article())
    assert etree.fromstring(rss([item], config)[0]).find("channel/image") is None
    atom = etree.fromstring(render_atom(spec, [item], config, NOW))
    assert atom.find("atom:icon", NS) is None and atom.find("atom:logo", NS) is None
    assert "icon" not in json.loads(render_json(spec, [item], config, NOW))


def test_the_settings_name_theme_static_paths():
    from lintas.plugins.syndication.config import read_config

    config = read_config({**SETTINGS, "FEED_ICON": "/img/ikon.png", "FEED_LOGO": None})
    assert config.icon_url == f"{SITE}/theme/img/ikon.png"
    assert config.logo is None and config.logo_url is None
    assert read_config({**SETTINGS, "THEME_STATIC_DIR": "aset"}).logo_url == (
        f"{SITE}/aset/img/logo.png"
    )


def test_a_missing_brand_image_fails_the_build_with_a_clear_message(tmp_path):
    (tmp_path / "theme" / "img").mkdir(parents=True)
    (tmp_path / "theme" / "img" / "logo.png").write_bytes(b"png")
    with pytest.raises(MissingBrandImage) as error:
        check_brand_images(CONFIG, tmp_path)
    message = str(error.value)
    assert message.startswith("FEED_ICON: ")
    assert "theme/img/icon-512.png" in message and "set FEED_ICON" in message
    (tmp_path / "theme" / "img" / "icon-512.png").write_bytes(b"png")
    check_brand_images(CONFIG, tmp_path)  # both there: no error
    check_brand_images(replace(CONFIG, icon=None, logo=None), tmp_path / "nowhere")


# -- the news feed -----------------------------------------------------------------------------


def test_the_news_feed_has_a_json_feed_without_advertorials():
    news = article("berita")
    paid = article("iklan", is_advertorial=True, sponsor="Toko")
    catalog = build_catalog([news, paid], CONFIG, str, SETTINGS)
    spec = catalog.get("news")
    assert "json" in spec.formats
    assert spec.path("json") == "feed/berita/feed.json"
    assert spec.link("json").mime == "application/feed+json"
    items = [builder().build(a) for a in catalog.items_of(spec)]
    feed = json.loads(render_json(spec, items, CONFIG, NOW))
    assert feed["feed_url"] == f"{SITE}/feed/berita/feed.json"
    assert [i["id"] for i in feed["items"]] == [f"{SITE}/2016/09/berita/"]


# -- the sanitiser (nh3 decides what is safe) -----------------------------------------------


def test_nh3_allow_list_drops_what_a_deny_list_missed():
    hostile = (
        '<p>Baca <a href="/x/" ping="https://pelacak.example/" target="_blank">ini</a></p>'
        "<marquee>geser</marquee><blink>kedip</blink>"
        '<details open ontoggle="alert(1)"><summary>Ringkas</summary>isi</details>'
        '<video poster="/p.jpg" src="/v.mp4">cadangan</video>'
        '<a href="jav&#x09;ascript:alert(3)">tab</a>'
        '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="d">'
        "<svg><script>alert(4)</script><text>grafik</text></svg>"
        "<math><mi>x</mi></math>"
        '<noscript><p title="</noscript><img src=x onerror=alert(5)>"></p></noscript>'
        "<textarea>rahasia</textarea><p>akhir</p>"
    )
    out = sanitize_html(hostile, BASE)
    assert html_problems(out, "hostile") == []
    for gone in (
        "ping=",
        "target=",
        "<marquee",
        "<blink",
        "ontoggle",
        "poster",
        "<video",
        'href="jav',
        "data:",
        "<svg",
        "alert(1)",
        "alert(4)",
        "alert(5)",
        "<math",
        "onerror",
        "rahasia",
    ):
        assert gone not in out, gone
    for kept in ("geser", "kedip", "<details", "<summary>Ringkas</summary>", "cadangan"):
        assert kept in out, kept
    assert f'<a href="{SITE}/x/">ini</a>' in out
    # A browser strips the tab and runs "javascript:"; here it became a harmless path.
    assert f'<a href="{BASE}jav%09ascript:alert(3)">tab</a>' in out
    assert out.endswith("<p>akhir</p>")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<script>",
                "</script>",
                "<a href='javascript:alert(1)'>",
                "<img src=x onerror=alert(1)>",
                "<style>",
                "<!--",
                "-->",
                "<noscript>",
                "</noscript>",
                "<svg>",
                "<iframe src='//evil.example/'>",
                "<picture><source srcset='a.webp'>",
                "<figcaption>",
                "<span class='credit'>",
                '"',
                "'",
                ">",
                "<",
                "&",
                "teks",
                " style='x'",
                "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            ]
        ),
        max_size=25,
    )
)
def test_no_arrangement_of_hostile_pieces_survives(pieces):
    out = sanitize_html("".join(pieces), BASE)
    assert html_problems(out, "fuzz") == []  # no script, handler, style or unsafe URL
    # Hostile markup may survive as escaped text, never as markup.
    assert "<script" not in out and "<style" not in out and "<svg" not in out
    assert not re.search(r"<[^>]*\son\w+=", out)
