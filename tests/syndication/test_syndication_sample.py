"""Feeds, autodiscovery, the Feeds page, sitemaps and robots.txt of the built
sample portal (the session's ``sample_output``, dev settings, frozen clock)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest
from lxml import etree
from sitebuild import ROOT, SAMPLE_NOW
from syndication_support import (
    NS,
    atom_problems,
    feed_files,
    json_feed_problems,
    rss_problems,
    sitemap_problems,
    sitemap_tree,
    url_of,
)

SITEURL = "http://127.0.0.1:8000"
NOW = datetime.fromisoformat(SAMPLE_NOW).replace(tzinfo=ZoneInfo("Asia/Makassar"))
SEED = "2016/09/pemkot-kotamobagu-teken-mou-smart-city/"
HIDDEN_MARKERS = ("ZQXDRAFTMARKER", "ZQXEMBARGOMARKER", "embargo-pengumuman-kabinet")


def _feeds(output, name):
    return [p for p in feed_files(output) if p.name == name]


def _rss(output, relative):
    return etree.fromstring((output / relative).read_bytes())


def _sponsors():
    """slug → Sponsor: of the sample's advertorials, read from the content."""
    found = {}
    for index in (ROOT / "content" / "articles").rglob("index.md"):
        header = index.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if re.search(r"^Category:\s*Advertorial\s*$", header, re.M):
            found[index.parent.name] = re.search(r"^Sponsor:\s*(.+)$", header, re.M)[1].strip()
    return found


def test_every_feed_kind_exists_under_its_own_path(sample_output):
    paths = {p.relative_to(sample_output).as_posix() for p in feed_files(sample_output)}
    for expected in (
        "feed/rss.xml",
        "feed/atom.xml",
        "feed/feed.json",
        "feed/berita/rss.xml",
        "feed/berita/atom.xml",
        "feed/berita/feed.json",
        "kategori/ekonomi/feed/rss.xml",
        "kategori/ekonomi/feed/atom.xml",
        "topik/smart-city/feed/rss.xml",
        "penulis/rahmat-mokodompit/feed/atom.xml",
        "wilayah/kotamobagu/feed/rss.xml",
        "wilayah/bolaang-mongondow-timur/feed/atom.xml",
    ):
        assert expected in paths
    # One RSS and one Atom for every category, tag, author and region page.
    for listing in ("kategori", "topik", "penulis", "wilayah"):
        pages = [p for p in (sample_output / listing).iterdir() if (p / "index.html").is_file()]
        assert pages
        for page in pages:
            assert (page / "feed" / "rss.xml").is_file(), page
            assert (page / "feed" / "atom.xml").is_file(), page


def test_feedparser_reads_every_feed_without_error(sample_output):
    files = _feeds(sample_output, "rss.xml") + _feeds(sample_output, "atom.xml")
    assert len(files) > 40
    for path in files:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10"), path
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.title and entry.link.startswith(SITEURL + "/")
            assert entry.id == entry.link
            assert entry.published_parsed and entry.author, (path, entry.link)
            published = entry.published
            assert published.endswith("+0800") or published.endswith("+08:00"), published


def test_every_rss_feed_follows_the_rules(sample_output):
    for path in _feeds(sample_output, "rss.xml"):
        data = path.read_bytes()
        problems = rss_problems(
            data, url_of(sample_output, path, SITEURL), sample_output, SITEURL, NOW
        )
        assert problems == [], (path, problems)


def test_every_atom_feed_follows_the_rules(sample_output):
    for path in _feeds(sample_output, "atom.xml"):
        problems = atom_problems(
            path.read_bytes(), url_of(sample_output, path, SITEURL), SITEURL, NOW
        )
        assert problems == [], (path, problems)


def test_channel_links_point_to_the_page_each_feed_belongs_to(sample_output):
    expected = {
        "feed/rss.xml": f"{SITEURL}/",
        "feed/berita/rss.xml": f"{SITEURL}/",
        "kategori/ekonomi/feed/rss.xml": f"{SITEURL}/kategori/ekonomi/",
        "topik/smart-city/feed/rss.xml": f"{SITEURL}/topik/smart-city/",
        "penulis/sitti-paputungan/feed/rss.xml": f"{SITEURL}/penulis/sitti-paputungan/",
        "wilayah/kotamobagu/feed/rss.xml": f"{SITEURL}/wilayah/kotamobagu/",
    }
    for relative, home in expected.items():
        channel = _rss(sample_output, relative).find("channel")
        assert channel.findtext("link") == home
        (page,) = [home[len(SITEURL) + 1 :] + "index.html"]
        assert (sample_output / page).is_file(), page


def test_section_feeds_hold_exactly_their_section(sample_output):
    channel = _rss(sample_output, "kategori/ekonomi/feed/rss.xml").find("channel")
    for item in channel.findall("item"):
        assert "Ekonomi" in [c.text for c in item.findall("category")]
    region = _rss(sample_output, "wilayah/bolaang-mongondow-timur/feed/rss.xml")
    links = [i.findtext("link") for i in region.iter("item")]
    assert f"{SITEURL}/2016/08/puskesmas-tutuyan-mulai-imunisasi-anak-sekolah/" in links
    site = _rss(sample_output, "feed/rss.xml").find("channel")
    published = [p for p in sample_output.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")]
    assert len(site.findall("item")) == min(len(published), 50)  # every published article


def test_the_site_json_feed(sample_output):
    data = (sample_output / "feed" / "feed.json").read_bytes()
    assert json_feed_problems(data, f"{SITEURL}/feed/feed.json") == []
    feed = json.loads(data)
    rss_links = [i.findtext("link") for i in _rss(sample_output, "feed/rss.xml").iter("item")]
    assert [item["url"] for item in feed["items"]] == rss_links
    assert "hubs" not in feed  # no WEBSUB_HUB in the dev settings


def test_advertorials_are_labelled_and_name_their_sponsor(sample_output):
    sponsors = _sponsors()
    assert len(sponsors) >= 2
    channel = _rss(sample_output, "feed/rss.xml").find("channel")
    items = {i.findtext("link").rstrip("/").rsplit("/", 1)[1]: i for i in channel.iter("item")}
    for slug, item in items.items():
        title = item.findtext("title")
        categories = [c.text for c in item.findall("category")]
        if slug in sponsors:
            assert title.startswith("[Advertorial] "), title
            assert categories.count("Advertorial") == 1
            body = item.findtext("content:encoded", namespaces=NS)
            assert sponsors[slug] in body
            assert body.startswith("<p><strong>[Advertorial]</strong>")
        else:
            assert "[Advertorial]" not in title and "Advertorial" not in categories
    json_items = json.loads((sample_output / "feed" / "feed.json").read_bytes())["items"]
    paid = [i for i in json_items if "_advertorial" in i]
    assert {i["url"].rstrip("/").rsplit("/", 1)[1] for i in paid} == set(sponsors)


def test_the_news_feed_leaves_advertorials_out(sample_output):
    sponsors = _sponsors()
    for name in ("rss.xml", "atom.xml"):
        data = (sample_output / "feed" / "berita" / name).read_bytes().decode()
        assert "[Advertorial]" not in data and "Advertorial</category>" not in data
        assert 'term="Advertorial"' not in data
        for slug in sponsors:
            assert slug not in data
    news = _rss(sample_output, "feed/berita/rss.xml").findall("channel/item")
    site = _rss(sample_output, "feed/rss.xml").findall("channel/item")
    assert len(news) == len(site) - len(sponsors)


def _seed_header(field):
    """Values of one header field of the seed story, as the editor wrote them."""
    text = (ROOT / "content" / "articles" / SEED / "index.md").read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    return [m.strip() for m in re.findall(rf"^{field}:(.*)$", header, re.M)]


def _wita(text):
    return datetime.fromisoformat(text.strip()).replace(tzinfo=ZoneInfo("Asia/Makassar"))


def test_corrections_change_the_updated_date_and_show_in_the_item(sample_output):
    (date,) = _seed_header("Date")
    corrections = _seed_header("Correction")
    assert corrections, "the seed story is expected to carry a correction"
    newest = max(_wita(c.split("|")[0]) for c in corrections)
    atom = etree.fromstring((sample_output / "feed" / "atom.xml").read_bytes())
    (entry,) = [
        e
        for e in atom.findall("atom:entry", NS)
        if e.findtext("atom:id", namespaces=NS) == f"{SITEURL}/{SEED}"
    ]
    assert entry.findtext("atom:published", namespaces=NS) == _wita(date).isoformat()
    assert entry.findtext("atom:updated", namespaces=NS) == newest.isoformat()
    content = entry.findtext("atom:content", namespaces=NS)
    assert "<strong>Ralat</strong> (" in content
    assert corrections[-1].split("|", 1)[1].strip() in content


def test_dates_carry_the_wita_offset_and_the_right_weekday(sample_output):
    (date,) = _seed_header("Date")
    channel = _rss(sample_output, "feed/rss.xml").find("channel")
    (item,) = [i for i in channel.iter("item") if i.findtext("link") == f"{SITEURL}/{SEED}"]
    # RFC 822 in the C locale: English day and month names, numeric offset.
    assert item.findtext("pubDate") == _wita(date).strftime("%a, %d %b %Y %H:%M:%S +0800")
    assert channel.findtext("lastBuildDate").endswith(" +0800")


def test_the_body_is_sanitised_and_absolute(sample_output):
    channel = _rss(sample_output, "feed/rss.xml").find("channel")
    (item,) = [i for i in channel.iter("item") if i.findtext("link") == f"{SITEURL}/{SEED}"]
    body = lxml.html.fragment_fromstring(
        item.findtext("content:encoded", namespaces=NS), create_parent="div"
    )
    images = body.xpath("//img")
    assert len(images) == 3  # the three captioned photos of the seed story
    for image in images:
        assert image.get("src").startswith(SITEURL + "/")
        assert image.get("alt")


def test_items_with_a_lead_photo_carry_it_everywhere(sample_output):
    """Once the photos plugin publishes renditions: enclosure, media:content and
    thumbnail share one URL, which is also in the body, with its true size."""
    if "photos" not in _plugins():
        pytest.skip("plugins/photos is not in PLUGINS yet: no renditions, no lead_photo")
    channel = _rss(sample_output, "feed/rss.xml").find("channel")
    by_link = {i.findtext("link"): i for i in channel.iter("item")}
    seed = by_link[f"{SITEURL}/{SEED}"]
    (enclosure,) = seed.findall("enclosure")
    (content,) = seed.findall("media:content", NS)
    assert enclosure.get("url") == content.get("url")
    assert content.get("url") in seed.findtext("content:encoded", namespaces=NS)
    assert content.find("media:credit", NS) is not None
    with_photo = {
        link.rstrip("/").rsplit("/", 1)[1]
        for link, item in by_link.items()
        if item.find("enclosure") is not None
    }
    assert with_photo == _slugs_with_photos() & {
        link.rstrip("/").rsplit("/", 1)[1] for link in by_link
    }
    # rss_problems (test above) checks every length against the file in output.


def _slugs_with_photos():
    """Sample articles whose index.md shows a photo (in the body or as Cover:)."""
    return {
        index.parent.name
        for index in (ROOT / "content" / "articles").rglob("index.md")
        if re.search(r"^Cover:|!\[", index.read_text(encoding="utf-8"), re.M)
    }


def _plugins():
    from lintas.settings import read_settings, short_name

    return [short_name(p) for p in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]]


# -- autodiscovery and the Feeds page ------------------------------------------


def _alternates(page):
    doc = lxml.html.fromstring(page.read_bytes())
    return {
        (link.get("type"), link.get("href")) for link in doc.xpath('//head/link[@rel="alternate"]')
    }


SITE_FEEDS = {
    ("application/rss+xml", f"{SITEURL}/feed/rss.xml"),
    ("application/atom+xml", f"{SITEURL}/feed/atom.xml"),
    ("application/feed+json", f"{SITEURL}/feed/feed.json"),
}


def test_every_page_announces_the_site_feeds(sample_output):
    pages = sorted(sample_output.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        if page.relative_to(sample_output).parts[0].startswith("_"):
            continue  # the live-preview helper folder, if any
        assert _alternates(page) >= SITE_FEEDS, page


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("kategori/ekonomi/index.html", "kategori/ekonomi/feed/"),
        ("topik/smart-city/index.html", "topik/smart-city/feed/"),
        ("penulis/yusuf-mamonto/index.html", "penulis/yusuf-mamonto/feed/"),
        ("wilayah/kotamobagu/index.html", "wilayah/kotamobagu/feed/"),
    ],
)
def test_listing_pages_announce_their_own_feeds(sample_output, page, feed):
    found = _alternates(sample_output / page)
    assert ("application/rss+xml", f"{SITEURL}/{feed}rss.xml") in found
    assert ("application/atom+xml", f"{SITEURL}/{feed}atom.xml") in found
    # ... and no other section's feed.
    assert len(found) == len(SITE_FEEDS) + 2


def test_articles_announce_their_category_region_author_and_topic_feeds(sample_output):
    found = {href for _, href in _alternates(sample_output / SEED / "index.html")}
    for feed in (
        "kategori/advertorial/feed/rss.xml",
        "wilayah/kotamobagu/feed/rss.xml",
        "penulis/rahmat-mokodompit/feed/rss.xml",
        "topik/smart-city/feed/rss.xml",
    ):
        assert f"{SITEURL}/{feed}" in found
        assert (sample_output / feed).is_file()


def test_the_feeds_page_lists_every_feed_in_indonesian(sample_output):
    page = sample_output / "feeds" / "index.html"
    doc = lxml.html.fromstring(page.read_bytes())
    assert doc.get("lang") == "id"
    listed = {a.get("href") for a in doc.xpath("//main//a[@type]")}
    written = {url_of(sample_output, p, SITEURL) for p in feed_files(sample_output)}
    assert listed == written
    text = doc.text_content()
    for indonesian in ("Kategori", "Topik", "Penulis", "Wilayah", "tanpa advertorial"):
        assert indonesian in text


# -- sitemaps and robots.txt -----------------------------------------------------


def test_sitemap_lists_every_public_page_with_lastmod(sample_output):
    files = sitemap_tree(sample_output, SITEURL)
    assert etree.fromstring(files["sitemap.xml"]).tag == f"{{{NS['sm']}}}sitemapindex"
    urls = [
        url
        for path, data in files.items()
        if path != "sitemap.xml"
        for url in etree.fromstring(data).findall("sm:url", NS)
    ]
    entries = {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in urls
    }
    assert len(entries) == len(urls)  # no duplicates, in one file or across files
    pages = {
        f"{SITEURL}/" + p.relative_to(sample_output).as_posix()[: -len("index.html")]
        for p in sample_output.rglob("index.html")
        if not p.relative_to(sample_output).parts[0].startswith(("_", "pagefind"))
    }
    assert set(entries) == pages
    for required in (
        "",
        SEED,
        "halaman/1/",
        "kategori/ekonomi/",
        "topik/smart-city/",
        "penulis/sitti-paputungan/",
        "wilayah/kotamobagu/",
        "arsip/2016/09/",
        "pedoman-media-siber/",
        "feeds/",
    ):
        assert f"{SITEURL}/{required}" in entries
    assert f"{SITEURL}/404.html" not in entries
    for url, lastmod in entries.items():
        if lastmod is not None:
            assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$", lastmod), url
    assert (
        entries[f"{SITEURL}/{SEED}"]
        == max(_wita(c.split("|")[0]) for c in _seed_header("Correction")).isoformat()
    )  # the correction raised Modified
    assert entries[f"{SITEURL}/"] == max(m for m in entries.values() if m)  # newest change
    dated = [u for u, m in entries.items() if m]
    assert len(dated) >= len(entries) - 4  # only the four static pages lack a date


def test_sitemaps_are_valid_and_stories_are_filed_by_year(sample_output):
    files = sitemap_tree(sample_output, SITEURL)
    for path, data in files.items():
        assert sitemap_problems(data) == [], path
    # Every sample story is of 2016; every other page in the pages file.
    assert sorted(files) == ["sitemap-2016.xml", "sitemap-halaman.xml", "sitemap.xml"]
    stories = {
        u.findtext("sm:loc", namespaces=NS)
        for u in etree.fromstring(files["sitemap-2016.xml"]).findall("sm:url", NS)
    }
    assert f"{SITEURL}/{SEED}" in stories
    assert all(re.match(rf"^{re.escape(SITEURL)}/2016/\d\d/[^/]+/$", url) for url in stories)
    others = etree.fromstring(files["sitemap-halaman.xml"]).findall("sm:url", NS)
    assert f"{SITEURL}/" in {u.findtext("sm:loc", namespaces=NS) for u in others}


def test_no_news_sitemap_after_the_window(sample_output):
    # The newest sample story is of 28 September; the clock is 1 October 09:00.
    # An empty <urlset/> is invalid: the file is not written and not listed.
    assert not (sample_output / "sitemap-berita.xml").exists()
    assert b"sitemap-berita" not in (sample_output / "sitemap.xml").read_bytes()


def test_robots_txt_names_the_sitemap_index(sample_output):
    lines = (sample_output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert [line for line in lines if line.startswith("Sitemap:")] == [
        f"Sitemap: {SITEURL}/sitemap.xml"
    ]


def test_drafts_and_embargoed_stories_are_in_no_feed_or_sitemap(sample_output):
    files = [
        *feed_files(sample_output),
        *sample_output.glob("sitemap*.xml"),
        sample_output / "robots.txt",
    ]
    assert len(files) > 40
    for path in files:
        text = path.read_text(encoding="utf-8")
        for marker in HIDDEN_MARKERS:
            assert marker not in text, (path, marker)
        assert "draf-rencana-anggaran-rahasia" not in text, path
