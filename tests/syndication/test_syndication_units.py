"""The syndication plugin's parts on article-like objects, without a site build:
the sanitiser, the item writer (with a fake ``lead_photo``), limits, the news
sitemap window, sitemap splitting and autodiscovery."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest
from lxml import etree
from pelican.urlwrappers import Author, Category, Tag
from sitebuild import ROOT
from syndication_support import NS, atom_problems, html_problems, rss_problems

from lintas.plugins.syndication.catalog import build_catalog
from lintas.plugins.syndication.config import read_config
from lintas.plugins.syndication.feeds import fit, render_atom, render_json, render_rss
from lintas.plugins.syndication.items import ItemBuilder, newest_first
from lintas.plugins.syndication.sanitize import html_to_text, sanitize_html
from lintas.plugins.syndication.sitemaps import news_articles, render_news_sitemap
from lintas.plugins.syndication.text import clean
from lintas.settings import read_settings

WITA = ZoneInfo("Asia/Makassar")
SETTINGS = read_settings(
    str(ROOT / "pelicanconf.py"),
    override={"SITEURL": "https://totabuan.lintas.example", "WEBSUB_HUB": None},
)
CONFIG = read_config(SETTINGS)
SITE = CONFIG.siteurl
BASE = f"{SITE}/2016/09/teken-mou/"
NOW = datetime(2016, 9, 10, 12, 0, tzinfo=WITA)

PICTURE = (
    '<figure class="photo photo--lead"><a href="../../../media/ab/foto-1600w.jpg" '
    'data-lightbox="g1"><picture>'
    '<source type="image/webp" srcset="/media/ab/foto-480w.webp 480w, '
    '/media/ab/foto-1200w.webp 1200w" sizes="(min-width: 50em) 40em, 100vw">'
    '<source type="image/jpeg" srcset="/media/ab/foto-480w.jpg 480w">'
    '<img src="/media/ab/foto-1200w.jpg" width="1200" height="800" alt="Wali kota '
    'menandatangani naskah" loading="lazy" decoding="async" fetchpriority="high" '
    'class="photo__img"></picture></a>'
    '<figcaption>Penandatanganan MoU <span class="credit">Foto: Humas</span></figcaption>'
    "</figure>"
)


def wrap(name, cls):
    return cls(name, SETTINGS)


def article(slug="teken-mou", **changes):
    """An object with the attributes the newsroom and photos plugins give articles."""
    values = dict(
        url=f"2016/09/{slug}/",
        title="Pemkot Teken MoU Smart City",
        date=datetime(2016, 9, 2, 10, 0, tzinfo=WITA),
        modified=None,
        summary="Ringkasan &amp; cerita.",
        content=f"<p>Paragraf <a href='../../kategori/ekonomi/'>satu</a>.</p>{PICTURE}",
        category=wrap("Smart City", Category),
        tags=[wrap("smart city", Tag), wrap("kerja sama", Tag)],
        authors=[wrap("Rahmat Mokodompit", Author)],
        region="Kotamobagu",
        is_advertorial=False,
        sponsor=None,
        corrections=[],
        dateline="Kotamobagu",
        byline="adve/man",
        lead_photo=SimpleNamespace(
            src="media/ab/foto-1200w.jpg",
            width=1200,
            height=800,
            length=123456,
            mime="image/jpeg",
            alt="Wali kota menandatangani naskah",
            caption="Penandatanganan MoU",
            credit="Humas Pemkot",
        ),
    )
    values.update(changes)
    return SimpleNamespace(**values)


def builder(config=CONFIG):
    return ItemBuilder(config, lambda s: s, lambda d: d.strftime("%Y-%m-%d %H.%M"))


def rss(items, config=CONFIG):
    catalog = build_catalog([], config, lambda s: s, SETTINGS)
    spec = catalog.get("site")
    return render_rss(spec, items, config, NOW), spec


# -- sanitiser -----------------------------------------------------------------


def test_picture_becomes_its_plain_jpeg_img():
    out = sanitize_html(PICTURE, BASE)
    doc = lxml.html.fragment_fromstring(out, create_parent="div")
    (image,) = doc.xpath("//img")
    assert dict(image.attrib) == {
        "src": f"{SITE}/media/ab/foto-1200w.jpg",
        "width": "1200",
        "height": "800",
        "alt": "Wali kota menandatangani naskah",
    }
    assert not doc.xpath("//picture|//source")
    assert doc.xpath("//figcaption")[0].text == "Penandatanganan MoU. Foto: Humas"
    assert doc.xpath("//a")[0].get("href") == f"{SITE}/media/ab/foto-1600w.jpg"
    assert html_problems(out, "picture") == []


def test_scripts_handlers_styles_and_relative_urls_are_removed():
    hostile = (
        '<p style="color:red" onclick="steal()">Teks <a href="javascript:alert(1)">x</a> '
        '<a href="#catatan">catatan</a> <a href="/arsip/">arsip</a></p>'
        "<script>alert(1)</script><!-- komentar --><style>p{}</style>"
        '<img src="foto.jpg" onerror="alert(2)">'
        '<iframe src="https://www.youtube.com/embed/abc" title="Video"></iframe>'
        '<form action="/kirim"><input name="q"></form><p>akhir</p>'
    )
    out = sanitize_html(hostile, BASE)
    assert html_problems(out, "hostile") == []
    for gone in ("script", "alert", "onclick", "style", "komentar", "<form", "<iframe"):
        assert gone not in out
    assert f'href="{BASE}#catatan"' in out
    assert f'href="{SITE}/arsip/"' in out
    assert f'src="{BASE}foto.jpg"' in out
    assert 'href="https://www.youtube.com/embed/abc">Video</a>' in out  # a link stays
    assert "<p>akhir</p>" in out


def test_control_characters_are_stripped():
    assert clean("Judul\x0b berita\x00\x1f\x7f\ufffe") == "Judul berita"
    assert clean("tab\tnew\nline\r") == "tab\tnew\nline\r"
    assert html_to_text("<p>Satu\x0b dua &amp; <b>tiga</b></p>") == "Satu dua & tiga"
    assert sanitize_html("<p>a\x0bb</p>", BASE) == "<p>ab</p>"


# -- items and the feed writer ---------------------------------------------------


def test_item_with_a_lead_photo_carries_it_in_every_place():
    item = builder().build(article())
    data, spec = rss([item])
    assert rss_problems(data, spec.url("rss"), None, SITE, NOW) == []
    root = etree.fromstring(data)
    assert root.nsmap["media"] == NS["media"]
    (node,) = root.findall("channel/item")
    url = f"{SITE}/media/ab/foto-1200w.jpg"
    (enclosure,) = node.findall("enclosure")
    assert dict(enclosure.attrib) == {"url": url, "length": "123456", "type": "image/jpeg"}
    (content,) = node.xpath("media:content", namespaces=NS)  # a child of <item> itself
    assert content.get("url") == url and content.get("medium") == "image"
    assert (content.get("width"), content.get("height")) == ("1200", "800")
    assert content.get("fileSize") == "123456"
    assert content.findtext("media:description", namespaces=NS) == "Penandatanganan MoU"
    assert content.findtext("media:credit", namespaces=NS) == "Humas Pemkot"
    (thumbnail,) = node.xpath("media:thumbnail", namespaces=NS)
    assert thumbnail.get("url") == url
    body = node.findtext("content:encoded", namespaces=NS)
    assert body.count(url) == 1  # the body already shows it: no second copy
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert parsed.entries[0].media_content[0]["url"] == url


def test_lead_photo_missing_from_the_body_is_put_first():
    item = builder().build(article(content="<p>Tanpa foto di badan berita.</p>"))
    assert item.content_html.index("foto-1200w.jpg") < item.content_html.index("Tanpa foto")
    assert "<figcaption>Penandatanganan MoU. Photo: Humas Pemkot</figcaption>" in item.content_html


def test_item_without_an_image_is_still_valid():
    item = builder().build(article(lead_photo=None, content="<p>Isi.</p>"))
    assert item.image is None
    data, spec = rss([item])
    assert rss_problems(data, spec.url("rss"), None, SITE, NOW) == []
    node = etree.fromstring(data).find("channel/item")
    assert node.find("enclosure") is None and node.find("media:content", NS) is None
    assert not feedparser.parse(data).bozo


def test_control_characters_in_title_and_summary_give_a_valid_feed():
    item = builder().build(
        article(
            title="Judul\x0b dengan\x0c kontrol", summary="Ringkas\x0b an", content="<p>a\x0bb</p>"
        )
    )
    assert item.title == "Judul dengan kontrol"
    data, _ = rss([item])  # feedgen would raise ValueError on \x0b
    assert b"\x0b" not in data
    parsed = feedparser.parse(data)
    assert not parsed.bozo and parsed.entries[0].title == "Judul dengan kontrol"


def test_description_comes_before_content_and_dates_are_wita():
    item = builder().build(article())
    node = etree.fromstring(rss([item])[0]).find("channel/item")
    tags = [child.tag for child in node]
    assert tags.index("description") < tags.index(f"{{{NS['content']}}}encoded")
    # Plain text, escaped once more: valid HTML for readers that render it.
    assert node.findtext("description") == "Ringkasan &amp; cerita."
    assert node.findtext("pubDate") == "Fri, 02 Sep 2016 10:00:00 +0800"
    assert node.findtext("dc:creator", namespaces=NS) == "Rahmat Mokodompit"
    # Category and tags; "smart city" repeats the category but for its case.
    assert [c.text for c in node.findall("category")] == ["Smart City", "kerja sama"]
    guid = node.find("guid")
    assert guid.text == BASE and guid.get("isPermaLink") == "true"


def test_advertorial_items_are_labelled_and_name_the_sponsor():
    paid = article(
        category=wrap("Advertorial", Category), is_advertorial=True, sponsor="Pemkot Kotamobagu"
    )
    item = builder().build(paid)
    assert item.title == "[Advertorial] Pemkot Teken MoU Smart City"
    assert item.categories.count("Advertorial") == 1
    assert item.content_html.startswith("<p><strong>[Advertorial]</strong>")
    assert "Pemkot Kotamobagu" in item.content_html.split("</p>")[0]
    data = render_json(build_catalog([], CONFIG, str, SETTINGS).get("site"), [item], CONFIG, NOW)
    assert json.loads(data)["items"][0]["_advertorial"]["sponsor"] == "Pemkot Kotamobagu"


def test_an_edit_changes_the_updated_date_but_never_the_guid():
    first = builder().build(article())
    edited = builder().build(
        article(
            modified=datetime(2016, 9, 4, 10, 15, tzinfo=WITA),
            corrections=[
                SimpleNamespace(date=datetime(2016, 9, 4, 10, 15, tzinfo=WITA), text="Ralat.")
            ],
        )
    )
    catalog = build_catalog([], CONFIG, str, SETTINGS)
    spec = catalog.get("site")
    before = etree.fromstring(render_atom(spec, [first], CONFIG, NOW))
    after = etree.fromstring(render_atom(spec, [edited], CONFIG, NOW))
    for name in ("id", "published"):
        path = f"atom:entry/atom:{name}"
        assert before.findtext(path, namespaces=NS) == after.findtext(path, namespaces=NS)
    assert after.findtext("atom:entry/atom:updated", namespaces=NS) == "2016-09-04T10:15:00+08:00"
    assert after.findtext("atom:updated", namespaces=NS) == "2016-09-04T10:15:00+08:00"
    rss_after = etree.fromstring(rss([edited])[0]).find("channel")
    assert rss_after.findtext("lastBuildDate") == "Sun, 04 Sep 2016 10:15:00 +0800"
    assert rss_after.findtext("item/guid") == BASE
    assert "Ralat." in rss_after.findtext("item/content:encoded", namespaces=NS)


def test_atom_has_html_content_and_no_enclosure_links():
    item = builder().build(article())
    spec = build_catalog([], CONFIG, str, SETTINGS).get("site")
    data = render_atom(spec, [item], CONFIG, NOW)
    assert atom_problems(data, spec.url("atom"), SITE, NOW) == []
    root = etree.fromstring(data)
    (entry,) = root.findall("atom:entry", NS)
    assert [link.get("href") for link in entry.findall("atom:link", NS)] == [BASE]
    assert entry.find("atom:content", NS).get("type") == "html"
    assert not feedparser.parse(data).bozo


def test_feed_dates_come_from_the_items_so_output_is_reproducible():
    items = newest_first(
        builder().build(article(f"a{n}", date=datetime(2016, 9, n, 8, tzinfo=WITA)))
        for n in range(1, 6)
    )
    first, spec = rss(items)
    later = render_rss(spec, items, CONFIG, NOW + timedelta(days=300))
    assert first == later
    assert b"Mon, 05 Sep 2016 08:00:00 +0800" in first.split(b"<item>")[0]


def test_websub_hub_is_announced_when_configured():
    config = replace(CONFIG, websub_hub="https://hub.example/")
    spec = build_catalog([], config, str, SETTINGS).get("site")
    item = builder(config).build(article())
    channel = etree.fromstring(render_rss(spec, [item], config, NOW)).find("channel")
    rels = [(a.get("rel"), a.get("href")) for a in channel.findall("atom:link", NS)]
    assert rels == [("self", spec.url("rss")), ("hub", "https://hub.example/")]
    atom = etree.fromstring(render_atom(spec, [item], config, NOW))
    assert ("hub", "https://hub.example/") in [
        (a.get("rel"), a.get("href")) for a in atom.findall("atom:link", NS)
    ]
    assert json.loads(render_json(spec, [item], config, NOW))["hubs"] == [
        {"type": "WebSub", "url": "https://hub.example/"}
    ]
    channel_plain = etree.fromstring(rss([item])[0]).find("channel")
    assert [a.get("rel") for a in channel_plain.findall("atom:link", NS)] == ["self"]


def test_the_size_limit_drops_the_oldest_items_first():
    items = newest_first(
        builder().build(
            article(
                f"a{n:02}",
                date=datetime(2016, 9, 1, tzinfo=WITA) + timedelta(hours=n),
                content="<p>" + "kata " * 400 + "</p>",
            )
        )
        for n in range(30)
    )
    spec = build_catalog([], CONFIG, str, SETTINGS).get("site")
    whole = render_rss(spec, items, CONFIG, NOW)
    limit = len(whole) // 3
    data, kept = fit(lambda chosen: render_rss(spec, chosen, CONFIG, NOW), items, 50, limit)
    assert len(data) <= limit and 0 < kept < len(items)
    links = [i.findtext("link") for i in etree.fromstring(data).iter("item")]
    assert links == [item.url for item in items[:kept]]  # the newest ones
    _, capped = fit(lambda chosen: render_rss(spec, chosen, CONFIG, NOW), items, 7, 10**9)
    assert capped == 7


def test_an_article_over_the_item_limit_carries_its_summary_only():
    config = replace(CONFIG, max_item_bytes=2000)
    item = builder(config).build(article(content="<p>" + "panjang " * 1000 + "</p>"))
    assert item.content_html == ""
    data, _ = rss([item], config)
    node = etree.fromstring(data).find("channel/item")
    assert node.find("content:encoded", NS) is None and node.findtext("description")


# -- catalog, autodiscovery ----------------------------------------------------------


def test_catalog_paths_are_distinct_and_autodiscovery_fits_the_page():
    one = article()
    two = article(
        "pasar",
        category=wrap("Ekonomi", Category),
        region="Bolaang Mongondow",
        tags=[wrap("pasar", Tag)],
        date=datetime(2016, 9, 5, tzinfo=WITA),
    )
    paid = article(
        "iklan",
        category=wrap("Advertorial", Category),
        is_advertorial=True,
        sponsor="X",
        tags=[],
        date=datetime(2016, 9, 6, tzinfo=WITA),
    )
    catalog = build_catalog([one, two, paid], CONFIG, str, SETTINGS)
    paths = catalog.paths
    assert len(paths) == len(set(paths))
    assert "kategori/ekonomi/feed/rss.xml" in paths and "wilayah/kotamobagu/feed/atom.xml" in paths
    assert [a.url for a in catalog.items_of(catalog.get("site"))] == [paid.url, two.url, one.url]
    assert [a.url for a in catalog.items_of(catalog.get("news"))] == [two.url, one.url]
    site = {link.url for link in catalog.get("site").links}
    on_article = {link.url for link in catalog.autodiscovery(article=one)}
    assert site < on_article
    for expected in (
        "kategori/smart-city",
        "wilayah/kotamobagu",
        "penulis/rahmat-mokodompit",
        "topik/kerja-sama",
    ):
        assert f"{SITE}/{expected}/feed/rss.xml" in on_article
    on_category = {link.url for link in catalog.autodiscovery(category=two.category)}
    assert on_category == site | {
        f"{SITE}/kategori/ekonomi/feed/rss.xml",
        f"{SITE}/kategori/ekonomi/feed/atom.xml",
    }
    on_region = {link.url for link in catalog.autodiscovery(region="Bolaang Mongondow")}
    assert f"{SITE}/wilayah/bolaang-mongondow/feed/atom.xml" in on_region
    assert {link.url for link in catalog.autodiscovery()} == site


def test_a_relative_siteurl_is_refused():
    with pytest.raises(ValueError, match="absolute"):
        read_config({**SETTINGS, "SITEURL": ""})


# -- sitemaps --------------------------------------------------------------------------


def test_news_sitemap_window_and_exclusions():
    now = datetime(2016, 9, 3, 12, 0, tzinfo=WITA)
    stories = [
        article("baru", date=now - timedelta(hours=1)),
        article("kemarin", date=now - timedelta(hours=47)),
        article("lama", date=now - timedelta(hours=49)),
        article("iklan", date=now - timedelta(hours=2), is_advertorial=True),
        article("besok", date=now + timedelta(hours=1)),
    ]
    chosen = news_articles(stories, now, CONFIG)
    assert [a.url for a in chosen] == ["2016/09/baru/", "2016/09/kemarin/"]
    assert len(news_articles(stories, now, replace(CONFIG, news_sitemap_max_urls=1))) == 1
    news_sitemap = render_news_sitemap(chosen, CONFIG)
    assert news_sitemap.path == "sitemap-berita.xml"
    root = etree.fromstring(news_sitemap.data)
    (first, _) = root.findall("sm:url", NS)
    assert first.findtext("sm:loc", namespaces=NS) == f"{SITE}/2016/09/baru/"
    news = first.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Lintas Totabuan"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "id"
    assert news.findtext("news:publication_date", namespaces=NS) == "2016-09-03T11:00:00+08:00"
    assert news.findtext("news:title", namespaces=NS) == "Pemkot Teken MoU Smart City"
    assert render_news_sitemap([], CONFIG) is None  # never an empty <urlset/>
