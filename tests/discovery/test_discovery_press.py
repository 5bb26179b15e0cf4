"""Dewan Pers press rules in the built output: the guideline is one click away
from every page, and corrections are shown, dated, and carried into the feeds."""

from __future__ import annotations

from datetime import UTC, datetime

import feedparser
from discovery_support import (
    SEED_CORRECTION_ISO,
    SEED_PAGE,
    html_pages,
    local_file,
    page_url,
    parse,
    site_url_of,
)

GUIDELINE_PATH = "pedoman-media-siber/"
CORRECTION_TEXT = "Versi sebelumnya menyebut forum berlangsung tiga hari."
FIRST_BODY_WORDS = "Keseriusan Pemerintah Kota (Pemkot) Kotamobagu"
FEED_TYPES = ("application/rss+xml", "application/atom+xml")


def test_every_page_footer_links_the_pedoman_media_siber(sample_output):
    site = site_url_of(sample_output)
    guideline = f"{site}/{GUIDELINE_PATH}"
    assert local_file(sample_output, guideline, site).is_file()
    pages = html_pages(sample_output)
    assert len(pages) > 30
    for page in pages:
        doc = parse(page)
        links = doc.xpath("//body//footer//a/@href")
        assert guideline in links, f"{page.relative_to(sample_output)}: no footer link"


def test_guideline_page_shows_the_guideline(sample_output):
    doc = parse(sample_output / GUIDELINE_PATH / "index.html")
    assert "Pedoman Pemberitaan Media Siber" in doc.xpath("string(//h1)")
    assert "Dewan Pers" in doc.text_content()


def test_correction_is_shown_above_the_story_with_its_time(sample_output):
    page = sample_output / SEED_PAGE
    html = page.read_text(encoding="utf-8")
    doc = parse(page)
    (entry,) = doc.xpath(
        f"//*[time[@datetime='{SEED_CORRECTION_ISO}']][contains(., '{CORRECTION_TEXT}')]"
    )
    (when,) = entry.xpath("time")
    assert when.text.strip() == "Minggu, 4 September 2016 · 10.15 WITA"
    # Labelled as a correction (ralat) for readers.
    assert "Ralat" in entry.getparent().text_content()
    # Above the body text, below the headline (reader order = document order).
    title_at = html.index("<h1")
    correction_at = html.index(CORRECTION_TEXT)
    body_at = html.index(FIRST_BODY_WORDS)
    assert title_at < correction_at < body_at


def _feeds(output) -> list[str]:
    doc = parse(output / "index.html")
    return [
        link.get("href")
        for link in doc.xpath('//head/link[@rel="alternate"]')
        if link.get("type") in FEED_TYPES
    ]


def test_feed_item_updated_follows_the_correction_and_keeps_its_guid(sample_output):
    site = site_url_of(sample_output)
    permalink = page_url(sample_output, sample_output / SEED_PAGE, site)
    feeds = _feeds(sample_output)
    assert feeds, "the home page announces no RSS/Atom feed"
    checked = 0
    for href in feeds:
        parsed = feedparser.parse(local_file(sample_output, href, site).read_bytes())
        entries = [e for e in parsed.entries if e.get("link") == permalink]
        if not entries:
            continue  # a section feed without this story
        (entry,) = entries
        assert entry.get("id") == permalink, f"{href}: the guid must stay the permalink"
        updated = entry.get("updated_parsed")
        if updated is None:  # RSS 2.0 has no per-item updated date
            continue
        expected = datetime.fromisoformat(SEED_CORRECTION_ISO).astimezone(UTC)
        assert datetime(*updated[:6], tzinfo=UTC) == expected, href
        checked += 1
    assert checked, f"no feed with an updated date carries {permalink}"
