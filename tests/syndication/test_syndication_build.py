"""A tiny site built with scripts/build.py against a frozen clock: control
characters, advertorials, the news-sitemap window (and the sitemaps valid
against their XSDs before and after it), a WebSub hub, the brand images,
identical rebuilds, an edited article, and `make ping` against a local hub."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.parse
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree
from sitebuild import run_build, run_lintas, write_settings
from syndication_support import (
    NS,
    atom_problems,
    feed_files,
    json_feed_problems,
    local_file,
    rss_problems,
    sitemap_problems,
    sitemap_tree,
    url_of,
)

NOW_TEXT = "2016-09-03 12:00"
QUIET_TEXT = "2016-09-10 12:00"  # a week later: nothing within the news window
NOW = datetime.fromisoformat(NOW_TEXT).replace(tzinfo=ZoneInfo("Asia/Makassar"))
SITEURL = "https://tiny.example"
HUB = "https://hub.example/"
MARKERS = ("ZQXTINYEMBARGO", "ZQXTINYDRAFT")

ARTICLES = {
    # slug: header (body follows). Dates relative to the clock, 3 September 12:00 WITA.
    "berita-kontrol": (
        "Title: Harga\x0b Beras Turun di Pasar Serasi\n"
        "Date: 2016-09-03 09:00\nCategory: Ekonomi\nAuthor: Sitti Paputungan\n"
        "Region: Kotamobagu\nTags: pasar, harga pangan\n"
        "Summary: Harga beras\x0b turun & pedagang <lega>.\n"
    ),
    "advertorial-toko": (
        "Title: Toko Maju Jaya Buka Cabang Baru\nDate: 2016-09-02 08:00\n"
        "Category: Advertorial\nSponsor: Toko Maju Jaya\nAuthor: Rahmat Mokodompit\n"
        "Region: Kotamobagu\nTags: promosi\nSummary: Cabang baru di Gogagoman.\n"
    ),
    "rapat-dprd": (
        "Title: DPRD Bahas APBD Perubahan\nDate: 2016-09-01 13:00\n"
        "Category: Pemerintahan\nAuthor: Yusuf Mamonto\nRegion: Bolaang Mongondow\n"
        "Tags: apbd\nSummary: Rapat paripurna membahas APBD Perubahan.\n"
    ),
    "pasar-lama": (
        "Title: Pasar Lama Direnovasi\nDate: 2016-08-30 10:00\nCategory: Ekonomi\n"
        "Author: Sitti Paputungan\nTags: pasar\nSummary: Renovasi pasar lama dimulai.\n"
    ),
    "embargo-besok": (
        "Title: Pengumuman Besok ZQXTINYEMBARGO\nDate: 2016-09-04 08:00\n"
        "Category: Pemerintahan\nAuthor: Yusuf Mamonto\nSummary: ZQXTINYEMBARGO.\n"
    ),
    "draf-rahasia": (
        "Title: Draf ZQXTINYDRAFT\nDate: 2016-09-02 09:00\nCategory: Ekonomi\n"
        "Author: Sitti Paputungan\nStatus: draft\nSummary: ZQXTINYDRAFT.\n"
    ),
}
BODY = (
    "Paragraf pertama dengan [tautan relatif](../../../kategori/ekonomi/) dan "
    "[tautan arsip](/arsip/).\n\nParagraf kedua.\n"
)


def write_site(content):
    for slug, header in ARTICLES.items():
        folder = content / "articles" / "2016" / "09" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(f"{header}\n{BODY}", encoding="utf-8")
    (content / "pages").mkdir(parents=True, exist_ok=True)
    (content / "pages" / "tentang.md").write_text(
        "Title: Tentang\n\nSitus uji.\n", encoding="utf-8"
    )


def build(folder, content, name, now=NOW_TEXT, **overrides):
    settings = write_settings(folder, content, SITEURL=SITEURL, WEBSUB_HUB=HUB, **overrides)
    result = run_build(settings, folder / name, now=now)
    assert result.returncode == 0, result.log
    return result.output


def syndication_files(output):
    return feed_files(output) + sorted(output.glob("sitemap*.xml")) + [output / "robots.txt"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    content = folder / "content"
    write_site(content)
    first = build(folder, content, "first")
    second = build(folder, content, "second")
    return folder, content, first, second


def test_every_feed_is_valid_despite_control_characters(tiny):
    _, _, output, _ = tiny
    files = feed_files(output)
    assert len(files) > 10
    for path in files:
        url = url_of(output, path, SITEURL)
        data = path.read_bytes()
        assert b"\x0b" not in data, path
        if path.name == "rss.xml":
            assert rss_problems(data, url, output, SITEURL, NOW) == [], path
        elif path.name == "atom.xml":
            assert atom_problems(data, url, SITEURL, NOW) == [], path
        else:
            assert json_feed_problems(data, url) == [], path
        if path.suffix == ".xml":
            parsed = feedparser.parse(data)
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    channel = etree.fromstring((output / "feed" / "rss.xml").read_bytes()).find("channel")
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert "Harga Beras Turun di Pasar Serasi" in titles


def test_every_feed_names_the_websub_hub(tiny):
    _, _, output, _ = tiny
    for path in feed_files(output):
        text = path.read_text(encoding="utf-8")
        if path.name == "rss.xml":
            channel = etree.fromstring(text.encode()).find("channel")
            hubs = [
                a.get("href") for a in channel.findall("atom:link", NS) if a.get("rel") == "hub"
            ]
        elif path.name == "atom.xml":
            root = etree.fromstring(text.encode())
            hubs = [a.get("href") for a in root.findall("atom:link", NS) if a.get("rel") == "hub"]
        else:
            hubs = [HUB] if f'"url": "{HUB}"' in text else []
        assert hubs == [HUB], path


def test_advertorials_are_labelled_and_kept_out_of_the_news_feed(tiny):
    _, _, output, _ = tiny
    site = etree.fromstring((output / "feed" / "rss.xml").read_bytes()).find("channel")
    (paid,) = [i for i in site.iter("item") if "advertorial-toko" in i.findtext("link")]
    assert paid.findtext("title") == "[Advertorial] Toko Maju Jaya Buka Cabang Baru"
    assert [c.text for c in paid.findall("category")].count("Advertorial") == 1
    assert "Toko Maju Jaya" in paid.findtext("content:encoded", namespaces=NS)
    for name in ("rss.xml", "atom.xml"):
        news = (output / "feed" / "berita" / name).read_text(encoding="utf-8")
        assert "advertorial-toko" not in news and "Advertorial" not in news
        assert "berita-kontrol" in news


def test_news_sitemap_holds_the_last_two_days_without_advertorials(tiny):
    _, _, output, _ = tiny
    files = sitemap_tree(output, SITEURL)
    assert "sitemap-berita.xml" in files  # listed in the index while it has stories
    root = etree.fromstring(files["sitemap-berita.xml"])
    locs = [u.findtext("sm:loc", namespaces=NS) for u in root.findall("sm:url", NS)]
    # 3 Sep 09:00 and 1 Sep 13:00 are within 48 h of 3 Sep 12:00; 30 Aug is not;
    # the advertorial never; the embargoed 4 Sep story does not exist yet.
    assert locs == [f"{SITEURL}/2016/09/berita-kontrol/", f"{SITEURL}/2016/09/rapat-dprd/"]
    first = root.find("sm:url/news:news", NS)
    assert first.findtext("news:publication_date", namespaces=NS) == "2016-09-03T09:00:00+08:00"
    assert first.findtext("news:publication/news:language", namespaces=NS) == "id"
    assert first.findtext("news:title", namespaces=NS) == "Harga Beras Turun di Pasar Serasi"


def test_sitemaps_are_valid_before_and_after_the_news_window(tiny, tmp_path):
    """One output folder, built with news and then a quiet week later: every
    sitemap valid against the XSDs both times, the news sitemap gone with the news."""
    _, content, first, _ = tiny
    output = tmp_path / "output"
    shutil.copytree(first, output)  # the site as published on 3 September
    for state, now in (("news", NOW_TEXT), ("quiet", QUIET_TEXT)):
        result = run_build(write_settings(tmp_path, content, SITEURL=SITEURL), output, now=now)
        assert result.returncode == 0, result.log
        files = sitemap_tree(output, SITEURL)
        assert sorted(files) == sorted(
            p.relative_to(output).as_posix() for p in output.glob("sitemap*.xml")
        ), state  # the index lists every sitemap file there is
        for path, data in files.items():
            assert sitemap_problems(data) == [], (state, path)
        assert ("sitemap-berita.xml" in files) == (state == "news")
        assert {"sitemap.xml", "sitemap-halaman.xml", "sitemap-2016.xml"} <= set(files), state
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots and "sitemap-berita" not in robots


def test_every_feed_shows_brand_images_that_are_in_the_output(tiny):
    _, _, output, _ = tiny
    for path in feed_files(output):
        data = path.read_bytes()
        if path.name == "rss.xml":
            urls = [etree.fromstring(data).findtext("channel/image/url")]
            assert feedparser.parse(data).feed.image.href == urls[0], path
        elif path.name == "atom.xml":
            root = etree.fromstring(data)
            urls = [root.findtext(f"atom:{n}", namespaces=NS) for n in ("icon", "logo")]
        else:
            feed = json.loads(data)
            urls = [feed["icon"], feed["favicon"]]
        for url in urls:
            assert url and url.startswith(f"{SITEURL}/theme/img/"), (path, url)
            assert local_file(output, SITEURL, url).is_file(), (path, url)
    news = json.loads((output / "feed" / "berita" / "feed.json").read_bytes())
    assert news["feed_url"] == f"{SITEURL}/feed/berita/feed.json"
    assert "advertorial-toko" not in json.dumps(news)


def test_a_feed_image_missing_from_the_output_fails_the_build(tiny, tmp_path):
    _, content, first, _ = tiny
    output = tmp_path / "output"
    shutil.copytree(first, output)
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    settings = write_settings(tmp_path, content, SITEURL=SITEURL, FEED_ICON="img/tidak-ada.png")
    result = run_build(settings, output, now=NOW_TEXT)
    assert result.returncode != 0
    assert "FEED_ICON: the feeds would show theme/img/tidak-ada.png" in result.log
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before  # nothing published


LATE_ICON_PLUGIN = """
from pathlib import Path

from pelican import signals


def _write_icon(pelican):
    target = Path(pelican.settings["OUTPUT_PATH"]) / "theme" / "img" / "ikon-akhir.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"PNG of a plugin that runs after syndication")


def register():
    signals.finalized.connect(_write_icon)
"""


def test_the_image_check_sees_what_later_plugins_write_at_finalized(tiny, tmp_path):
    """The theme makes its icons at ``finalized``, after syndication's handler:
    the check must run after every plugin's, or it would refuse a good site."""
    _, content, _, _ = tiny
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "ikon_akhir.py").write_text(LATE_ICON_PLUGIN, encoding="utf-8")
    from lintas.settings import DEFAULT_PLUGINS

    output = build(
        tmp_path,
        content,
        "output",
        PLUGINS=[*DEFAULT_PLUGINS, "ikon_akhir"],
        PLUGIN_PATHS=[str(tmp_path / "plugins")],
        FEED_ICON="img/ikon-akhir.png",
    )
    assert (output / "theme" / "img" / "ikon-akhir.png").is_file()
    icon = etree.fromstring((output / "feed" / "rss.xml").read_bytes()).findtext(
        "channel/image/url"
    )
    assert icon == f"{SITEURL}/theme/img/ikon-akhir.png"


def test_hidden_stories_reach_no_syndication_file(tiny):
    _, _, output, _ = tiny
    for path in syndication_files(output):
        text = path.read_text(encoding="utf-8")
        for marker in (*MARKERS, "embargo-besok", "draf-rahasia"):
            assert marker not in text, (path, marker)


def test_building_twice_gives_identical_feeds_and_sitemaps(tiny):
    _, _, first, second = tiny
    files = syndication_files(first)
    assert len(files) > 10
    for path in files:
        twin = second / path.relative_to(first)
        assert twin.read_bytes() == path.read_bytes(), path
    assert sorted(p.relative_to(second) for p in syndication_files(second)) == sorted(
        p.relative_to(first) for p in files
    )


def test_feeds_rendered_in_worker_processes_are_the_same_bytes(tiny, tmp_path):
    """The tiny site has too few feeds to fork for; force two workers."""
    _, content, first, _ = tiny
    settings = write_settings(
        tmp_path, content, SITEURL=SITEURL, WEBSUB_HUB=HUB, FEED_WORKERS=2, FEED_PARALLEL_MIN=1
    )
    result = run_build(settings, tmp_path / "parallel", now=NOW_TEXT)
    assert result.returncode == 0, result.log
    files = feed_files(first)
    assert len(files) > 10
    for path in files:
        assert (result.output / path.relative_to(first)).read_bytes() == path.read_bytes(), path
    assert sorted(p.relative_to(result.output) for p in feed_files(result.output)) == sorted(
        p.relative_to(first) for p in files
    )


def test_an_edited_article_keeps_its_guid_and_changes_its_updated_date(tiny, tmp_path):
    _, content, first, _ = tiny
    edited = tmp_path / "content"
    shutil.copytree(content, edited)
    story = edited / "articles" / "2016" / "09" / "rapat-dprd" / "index.md"
    header, body = story.read_text(encoding="utf-8").split("\n\n", 1)
    header += "\nCorrection: 2016-09-02 16:45 | Rapat digelar Kamis, bukan Rabu."
    story.write_text(f"{header}\n\n{body}Paragraf tambahan.\n", encoding="utf-8")
    output = build(tmp_path, edited, "edited")

    def entry(output):
        root = etree.fromstring((output / "feed" / "atom.xml").read_bytes())
        (node,) = [
            e
            for e in root.findall("atom:entry", NS)
            if e.findtext("atom:id", namespaces=NS) == f"{SITEURL}/2016/09/rapat-dprd/"
        ]
        return node

    before, after = entry(first), entry(output)
    assert before.findtext("atom:published", namespaces=NS) == after.findtext(
        "atom:published", namespaces=NS
    )
    assert before.findtext("atom:updated", namespaces=NS) == "2016-09-01T13:00:00+08:00"
    assert after.findtext("atom:updated", namespaces=NS) == "2016-09-02T16:45:00+08:00"
    assert "Paragraf tambahan." in after.findtext("atom:content", namespaces=NS)
    rss = etree.fromstring((output / "feed" / "rss.xml").read_bytes()).find("channel")
    (item,) = [
        i for i in rss.iter("item") if i.findtext("guid") == f"{SITEURL}/2016/09/rapat-dprd/"
    ]
    assert item.find("guid").get("isPermaLink") == "true"
    assert item.findtext("dcterms:modified", namespaces=NS) == "2016-09-02T16:45:00+08:00"
    assert item.findtext("pubDate") == "Thu, 01 Sep 2016 13:00:00 +0800"


# -- make ping ------------------------------------------------------------------------


class _Hub(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length).decode()
        self.received.append(
            {"type": self.headers["Content-Type"], **dict(urllib.parse.parse_qsl(body))}
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def hub():
    _Hub.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", _Hub.received
    server.shutdown()
    server.server_close()


def ping(settings, output):
    """`lintas ping`; the settings say MESSAGES_LANGUAGE="en": its lines are read in English."""
    env = {"PATH": "/usr/bin:/bin"}  # no LINTAS_WEBSUB_HUB from the caller
    return run_lintas("ping", "--settings", settings, "--output", output, env=env, timeout=120)


def test_ping_posts_every_feed_to_the_hub(tiny, hub, tmp_path):
    _, content, output, _ = tiny
    url, received = hub
    settings = write_settings(
        tmp_path, content, SITEURL=SITEURL, WEBSUB_HUB=url, MESSAGES_LANGUAGE="en"
    )
    result = ping(settings, output)
    assert result.returncode == 0, result.stdout + result.stderr
    feeds = sorted(url_of(output, p, SITEURL) for p in feed_files(output))
    assert sorted(r["hub.url"] for r in received) == feeds
    assert {r["hub.mode"] for r in received} == {"publish"}
    assert {r["type"] for r in received} == {"application/x-www-form-urlencoded"}
    assert f"{len(feeds)} of {len(feeds)} feeds accepted" in result.stdout


def test_ping_without_a_hub_says_so_and_succeeds(tiny, tmp_path):
    _, content, output, _ = tiny
    settings = write_settings(
        tmp_path, content, SITEURL=SITEURL, WEBSUB_HUB=None, MESSAGES_LANGUAGE="en"
    )
    result = ping(settings, output)
    assert result.returncode == 0
    assert "no WebSub hub configured" in result.stdout


def test_ping_fails_when_the_hub_refuses(tiny, tmp_path):
    _, content, output, _ = tiny
    settings = write_settings(
        tmp_path, content, SITEURL=SITEURL, WEBSUB_HUB="http://127.0.0.1:9/", MESSAGES_LANGUAGE="en"
    )
    result = ping(settings, output)  # nothing listens on the discard port
    assert result.returncode == 1
    assert "unreachable" in result.stderr
