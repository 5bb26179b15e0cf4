"""JSON-LD, Open Graph and canonical URLs of the built sample portal (dev build)."""

from __future__ import annotations

import re
from datetime import datetime

from discovery_support import (
    ROOT,
    SEED_CORRECTION_ISO,
    SEED_PAGE,
    article_pages,
    canonical_links,
    html_pages,
    json_ld,
    local_file,
    meta,
    of_type,
    page_url,
    parse,
    site_url_of,
)
from PIL import Image

ARTICLE_TYPES = ("NewsArticle", "AdvertiserContentArticle")
OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")


def _article(output, page):
    doc = parse(page)
    blocks = json_ld(doc)
    (article,) = of_type(blocks, *ARTICLE_TYPES)
    return doc, blocks, article


def test_every_article_has_one_news_article_with_the_required_keys(sample_output):
    pages = article_pages(sample_output)
    assert len(pages) >= 10
    site = site_url_of(sample_output)
    for page in pages:
        doc, _blocks, article = _article(sample_output, page)
        assert article["@context"] == "https://schema.org"
        for key in ("headline", "datePublished", "dateModified", "author", "publisher", "url"):
            assert article.get(key), f"{page}: {key} missing"
        assert article["headline"] == doc.xpath("string(//h1)").strip()
        assert article["url"] == page_url(sample_output, page, site)
        assert article["mainEntityOfPage"]["@id"] == article["url"]
        assert article["inLanguage"] == "id"


def test_dates_carry_the_wita_offset_and_modified_is_not_before_published(sample_output):
    for page in article_pages(sample_output):
        _doc, _blocks, article = _article(sample_output, page)
        published, modified = article["datePublished"], article["dateModified"]
        assert OFFSET.match(published), (page, published)
        assert OFFSET.match(modified), (page, modified)
        assert datetime.fromisoformat(modified) >= datetime.fromisoformat(published)


def test_authors_are_people_with_their_author_page(sample_output):
    site = site_url_of(sample_output)
    for page in article_pages(sample_output):
        _doc, _blocks, article = _article(sample_output, page)
        assert article["author"], page
        for person in article["author"]:
            assert person["@type"] == "Person"
            assert person["name"]
            assert person["url"].startswith(f"{site}/penulis/")
            assert local_file(sample_output, person["url"], site).is_file(), person["url"]


def test_publisher_is_the_organization_with_a_real_logo(sample_output):
    site = site_url_of(sample_output)
    _doc, _blocks, article = _article(sample_output, sample_output / SEED_PAGE)
    publisher = article["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Lintas Totabuan"
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject"
    with Image.open(local_file(sample_output, logo["url"], site)) as image:
        assert image.size == (logo["width"], logo["height"])
        assert min(image.size) >= 112  # Google's minimum for a logo
    guideline = publisher["publishingPrinciples"]
    assert local_file(sample_output, guideline, site).is_file()
    assert guideline.endswith("/pedoman-media-siber/")


def test_advertorials_are_advertiser_content_and_news_is_news(sample_output):
    types = {}
    for page in article_pages(sample_output):
        _doc, _blocks, article = _article(sample_output, page)
        # What the editor wrote decides, not anything our own code derived.
        source = ROOT / "content" / "articles" / page.relative_to(sample_output).parent / "index.md"
        is_ad = "\nCategory: Advertorial\n" in source.read_text(encoding="utf-8")
        types[page.parent.name] = article["@type"]
        expected = "AdvertiserContentArticle" if is_ad else "NewsArticle"
        assert article["@type"] == expected, page
        if is_ad:
            assert article["sponsor"]["name"]
    assert types[SEED_PAGE.parent.name] == "AdvertiserContentArticle"
    assert "NewsArticle" in types.values()


def test_correction_raises_date_modified(sample_output):
    _doc, _blocks, article = _article(sample_output, sample_output / SEED_PAGE)
    assert article["datePublished"] == "2016-09-03T09:30:00+08:00"
    assert article["dateModified"] == SEED_CORRECTION_ISO


def test_articles_have_a_breadcrumb_home_section_story(sample_output):
    site = site_url_of(sample_output)
    for page in article_pages(sample_output):
        _doc, blocks, article = _article(sample_output, page)
        (crumbs,) = of_type(blocks, "BreadcrumbList")
        items = crumbs["itemListElement"]
        assert [i["position"] for i in items] == [1, 2, 3]
        assert items[0]["item"] == f"{site}/"
        assert items[1]["name"] == article["articleSection"]
        assert local_file(sample_output, items[1]["item"], site).is_file()
        assert items[2]["item"] == article["url"]


def test_home_page_has_organization_and_website_with_search_action(sample_output):
    site = site_url_of(sample_output)
    blocks = json_ld(parse(sample_output / "index.html"))
    (org,) = of_type(blocks, "Organization")
    (website,) = of_type(blocks, "WebSite")
    assert org["url"] == f"{site}/"
    assert org["logo"]["url"].startswith(site)
    assert website["publisher"]["@id"] == org["@id"]
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert "{search_term_string}" in template
    assert action["query-input"] == "required name=search_term_string"
    search_page = template.split("?")[0]
    assert local_file(sample_output, search_page, site).is_file()
    # Only the first home page speaks for the site.
    for page in (sample_output / "halaman").rglob("index.html"):
        assert not of_type(json_ld(parse(page)), "Organization", "WebSite"), page


def test_json_ld_blocks_are_inert_inside_script(sample_output):
    for page in html_pages(sample_output):
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            assert "</" not in block and "<!--" not in block, page


def test_one_canonical_url_per_page_pointing_at_itself(sample_output):
    site = site_url_of(sample_output)
    for page in html_pages(sample_output):
        links = canonical_links(parse(page))
        if page.name == "404.html":
            assert links == [], "an error page has no canonical URL"
            continue
        assert links == [page_url(sample_output, page, site)], page


def test_article_link_preview_tags(sample_output):
    site = site_url_of(sample_output)
    page = sample_output / SEED_PAGE
    tags = meta(parse(page))
    url = page_url(sample_output, page, site)
    assert tags["og:type"] == ["article"]
    assert tags["og:url"] == [url]
    assert tags["og:locale"] == ["id_ID"]
    assert tags["og:site_name"] == ["Lintas Totabuan"]
    assert tags["og:title"][0].startswith("Advertorial: "), "paid content is labelled in previews"
    assert tags["og:description"][0]
    assert tags["article:published_time"] == ["2016-09-03T09:30:00+08:00"]
    assert tags["article:modified_time"] == [SEED_CORRECTION_ISO]
    assert tags["article:section"] == ["Advertorial"]
    assert "smart city" in tags["article:tag"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image"] == tags["og:image"]
    assert tags["og:image:width"] == ["1200"]
    assert tags["og:image:height"] == ["630"]
    assert tags["og:image:type"] == ["image/jpeg"]


def test_other_pages_are_websites_in_previews(sample_output):
    for relative in ("index.html", "pedoman-media-siber/index.html", "kategori/ekonomi/index.html"):
        tags = meta(parse(sample_output / relative))
        assert tags["og:type"] == ["website"], relative
        assert tags["og:image"] and tags["og:title"], relative
