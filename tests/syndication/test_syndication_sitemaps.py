"""Sitemaps without a site build: the index, the per-period files, the news
sitemap coming and going with the news, robots.txt, and every file valid
against the sitemaps.org and Google News XSDs (tests/syndication/xsd/) in
every state, "nothing recent" included."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from lxml import etree
from syndication_support import NS, sitemap_problems
from test_syndication_units import CONFIG, SITE, WITA, article

from lintas.plugins.syndication import remove_stale_sitemaps
from lintas.plugins.syndication.config import read_config
from lintas.plugins.syndication.sitemaps import (
    news_articles,
    render_news_sitemap,
    render_robots,
    render_sitemap_index,
    render_sitemaps,
)

NOW = datetime(2016, 9, 3, 12, 0, tzinfo=WITA)


def site_files(pages, published, stories, now=NOW, config=CONFIG):
    """What the plugin writes at ``finalized``: {path: bytes}, the index included."""
    files = render_sitemaps(pages, config, published)
    news = render_news_sitemap(news_articles(stories, now, config), config)
    if news is not None:
        files.append(news)
    out = {file.path: file.data for file in files}
    out[config.sitemap_path] = render_sitemap_index(files, config)
    return out


def a_site(story_dates):
    """A home page, a listing, a static page, and one story per date."""
    stories = [article(f"s{n}", date=date) for n, date in enumerate(story_dates)]
    pages = {"": max(story_dates), "kategori/ekonomi/": max(story_dates), "tentang/": None}
    published = {}
    for story in stories:
        pages[story.url] = story.date
        published[story.url] = story.date
    return pages, published, stories


def index_locs(data):
    return [loc.text for loc in etree.fromstring(data).iterfind("sm:sitemap/sm:loc", NS)]


STATES = {
    "nothing recent": [datetime(2015, 12, 30, 9, tzinfo=WITA), NOW - timedelta(days=5)],
    "recent stories": [datetime(2015, 12, 30, 9, tzinfo=WITA), NOW - timedelta(hours=3)],
    "one old story": [datetime(2014, 1, 2, 9, tzinfo=WITA)],
}


@pytest.mark.parametrize("state", sorted(STATES))
def test_every_sitemap_file_is_valid_in_every_state(state):
    files = site_files(*a_site(STATES[state]))
    assert set(index_locs(files["sitemap.xml"])) == {f"{SITE}/{p}" for p in files} - {
        f"{SITE}/sitemap.xml"
    }
    for path, data in files.items():
        assert sitemap_problems(data) == [], (state, path)


def test_the_news_sitemap_is_listed_only_while_it_has_stories():
    quiet = site_files(*a_site(STATES["nothing recent"]))
    assert "sitemap-berita.xml" not in quiet
    assert f"{SITE}/sitemap-berita.xml" not in index_locs(quiet["sitemap.xml"])
    busy = site_files(*a_site(STATES["recent stories"]))
    assert f"{SITE}/sitemap-berita.xml" in index_locs(busy["sitemap.xml"])
    news = etree.fromstring(busy["sitemap-berita.xml"])
    assert len(news.findall("sm:url", NS)) == 1
    # Only advertorials recent: still nothing for Google News.
    paid = [article("iklan", date=NOW - timedelta(hours=1), is_advertorial=True)]
    assert render_news_sitemap(news_articles(paid, NOW, CONFIG), CONFIG) is None


def test_the_empty_urlset_the_old_news_sitemap_was_is_invalid():
    """Power of the XSD check: what the news sitemap used to be after two quiet days."""
    empty = etree.Element(f"{{{NS['sm']}}}urlset", nsmap={None: NS["sm"], "news": NS["news"]})
    assert sitemap_problems(etree.tostring(empty)) != []
    index = etree.Element(f"{{{NS['sm']}}}sitemapindex", nsmap={None: NS["sm"]})
    assert sitemap_problems(etree.tostring(index)) != []
    with pytest.raises(ValueError, match="at least one"):
        render_sitemap_index([], CONFIG)


def test_the_index_schema_is_sitemaps_orgs_sequence():
    """sitemaps.org's siteindex.xsd (2009-04-08) wants <loc> before <lastmod>; a
    remembered copy that allowed either order passed this (tests/syndication/xsd)."""
    good = (
        f'<sitemapindex xmlns="{NS["sm"]}"><sitemap><loc>{SITE}/sitemap-2016.xml</loc>'
        "<lastmod>2016-09-03T12:00:00+08:00</lastmod></sitemap></sitemapindex>"
    )
    assert sitemap_problems(good.encode()) == []
    swapped = good.replace(
        f"<loc>{SITE}/sitemap-2016.xml</loc><lastmod>2016-09-03T12:00:00+08:00</lastmod>",
        f"<lastmod>2016-09-03T12:00:00+08:00</lastmod><loc>{SITE}/sitemap-2016.xml</loc>",
    )
    assert swapped != good and sitemap_problems(swapped.encode()) != []
    # What the build writes keeps that order.
    index = etree.fromstring(site_files(*a_site(STATES["recent stories"]))["sitemap.xml"])
    for entry in index.iterfind("sm:sitemap", NS):
        assert [etree.QName(child).localname for child in entry] == ["loc", "lastmod"]


def test_stories_go_to_their_year_and_everything_else_to_the_pages_file():
    dates = [
        datetime(2015, 12, 31, 23, tzinfo=WITA),
        datetime(2016, 1, 1, 0, 30, tzinfo=WITA),  # 31 Dec in UTC: WITA decides
        datetime(2016, 9, 2, 9, tzinfo=WITA),
    ]
    pages, published, _ = a_site(dates)
    files = {f.path: f for f in render_sitemaps(pages, CONFIG, published)}
    assert list(files) == ["sitemap-halaman.xml", "sitemap-2015.xml", "sitemap-2016.xml"]

    def locs(path):
        return [u.findtext("sm:loc", namespaces=NS) for u in etree.fromstring(files[path].data)]

    assert locs("sitemap-halaman.xml") == [
        f"{SITE}/",
        f"{SITE}/kategori/ekonomi/",
        f"{SITE}/tentang/",
    ]
    assert locs("sitemap-2015.xml") == [f"{SITE}/2016/09/s0/"]
    assert locs("sitemap-2016.xml") == [f"{SITE}/2016/09/s1/", f"{SITE}/2016/09/s2/"]
    assert files["sitemap-2016.xml"].lastmod == dates[2]
    index = etree.fromstring(render_sitemap_index(files.values(), CONFIG))
    lastmods = {
        s.findtext("sm:loc", namespaces=NS): s.findtext("sm:lastmod", namespaces=NS) for s in index
    }
    assert lastmods[f"{SITE}/sitemap-2015.xml"] == "2015-12-31T23:00:00+08:00"
    assert lastmods[f"{SITE}/sitemap-halaman.xml"] == "2016-09-02T09:00:00+08:00"


def test_monthly_files_and_a_period_over_the_url_limit():
    dates = [datetime(2016, 9, d, 9, tzinfo=WITA) for d in range(1, 6)]
    dates.append(datetime(2016, 8, 20, 9, tzinfo=WITA))
    pages, published, stories = a_site(dates)
    config = replace(CONFIG, sitemap_period="month", sitemap_max_urls=2)
    files = render_sitemaps(pages, config, published)
    assert [f.path for f in files] == [
        "sitemap-halaman.xml",
        "sitemap-halaman-2.xml",
        "sitemap-2016-08.xml",
        "sitemap-2016-09.xml",
        "sitemap-2016-09-2.xml",
        "sitemap-2016-09-3.xml",
    ]
    everything = site_files(pages, published, stories, config=config)
    for path, data in everything.items():
        assert sitemap_problems(data) == [], path
        if path != "sitemap.xml":
            assert 1 <= len(etree.fromstring(data)) <= 2, path


def test_a_site_with_no_recorded_page_still_lists_its_home_page():
    (only,) = render_sitemaps({}, CONFIG, {})
    assert only.path == "sitemap-halaman.xml"
    assert sitemap_problems(only.data) == []


def test_period_settings_are_checked():
    from test_syndication_units import SETTINGS

    with pytest.raises(ValueError, match="SITEMAP_PERIOD"):
        read_config({**SETTINGS, "SITEMAP_PERIOD": "week"})
    with pytest.raises(ValueError, match="SITEMAP_PERIOD_SAVE_AS"):
        read_config({**SETTINGS, "SITEMAP_PERIOD_SAVE_AS": "peta.xml"})


def test_robots_txt_names_the_index_only():
    lines = render_robots(CONFIG).decode().splitlines()
    assert lines == ["User-agent: *", "Disallow:", "", f"Sitemap: {SITE}/sitemap.xml"]


def test_sitemaps_a_build_no_longer_writes_are_removed(tmp_path):
    keep = ["sitemap.xml", "sitemap-halaman.xml", "sitemap-2016.xml"]
    gone = ["sitemap-berita.xml", "sitemap-2016-2.xml", "sitemap-2015-09.xml"]
    foreign = ["sitemap-lain.xml", "feed.xml", "sitemap-2016.xml.bak"]
    for name in keep + gone + foreign:
        (tmp_path / name).write_text("x", encoding="utf-8")
    remove_stale_sitemaps(tmp_path, CONFIG, set(keep))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(keep + foreign)
