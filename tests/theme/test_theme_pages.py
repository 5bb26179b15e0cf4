"""The reader theme over the built sample portal: what every page must hold,
read from the HTML files the build wrote (no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from theme_support import (
    BUDGET_BYTES,
    ROOT,
    SEED_PATH,
    article_files,
    html_files,
    local_path,
    page_path,
    parse,
    served_bytes,
    settings,
    site_url,
    text,
    url_of,
)

DAY = r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)"
MONTH = r"(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)"
# Newsroom style from plugins/newsroom/dates.py: "Sabtu, 3 September 2016 · 09.30 WITA".
WITA_TIME = re.compile(rf"^{DAY}, [1-9]\d? {MONTH} \d{{4}} · \d{{2}}\.\d{{2}} WITA$")


@pytest.fixture(scope="module")
def pages(sample_output) -> dict[Path, object]:
    return {path: parse(path, sample_output) for path in html_files(sample_output)}


@pytest.fixture(scope="module")
def seed(sample_output):
    return parse(page_path(sample_output, SEED_PATH), sample_output)


def _articles_by_url(sample_output: Path) -> dict[str, object]:
    return {
        "/" + f.parent.relative_to(sample_output).as_posix() + "/": parse(f)
        for f in article_files(sample_output)
    }


def _is_advertorial_page(tree) -> bool:
    return bool(tree.xpath('//article[contains(@class, "story--ad")]'))


# ---- every page ---------------------------------------------------------------


def test_every_page_is_indonesian_with_a_title_and_a_description(pages):
    for path, tree in pages.items():
        assert tree.get("lang") == "id", path
        title = tree.findtext(".//title") or ""
        assert title.strip(), path
        description = tree.xpath('//meta[@name="description"]/@content')
        assert description and description[0].strip(), path


def test_no_inline_script_style_or_event_handler_anywhere(pages):
    # The nginx Content-Security-Policy forbids them; the browser would drop them.
    for path, tree in pages.items():
        for script in tree.iter("script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.get("src"), f"{path}: inline <script>"
        assert not tree.xpath("//style"), f"{path}: <style> element"
        assert not tree.xpath("//*[@style]"), f"{path}: style attribute"
        handlers = [a for e in tree.iter() for a in e.attrib if a.lower().startswith("on")]
        assert not handlers, f"{path}: event handler attributes {handlers}"


def test_nothing_is_loaded_from_another_site(pages):
    """No CDN, no remote fonts, no analytics: every subresource is our own."""
    for path, tree in pages.items():
        urls = tree.xpath("//script/@src | //img/@src | //iframe/@src | //video/@src")
        urls += tree.xpath('//link[not(@rel="canonical") and not(@rel="alternate")]/@href')
        for srcset in tree.xpath("//img/@srcset | //source/@srcset"):
            urls += [part.split()[0] for part in srcset.split(",") if part.strip()]
        outside = [u for u in urls if local_path(u) is None]
        assert not outside, f"{path}: loads {outside}"


def test_every_link_to_our_own_site_leads_to_a_written_file(pages, sample_output):
    missing = set()
    for path, tree in pages.items():
        page_url = url_of(sample_output, path)
        for url in tree.xpath("//a/@href | //link/@href | //script/@src | //img/@src"):
            local = local_path(url, page_url)
            if local is None or url.startswith("#"):
                continue
            if not page_path(sample_output, local).is_file():
                missing.add(f"{path.relative_to(sample_output)} → {url}")
    assert not missing, "\n".join(sorted(missing))


def test_skip_link_targets_the_main_content(pages):
    for path, tree in pages.items():
        skip = tree.xpath('//body/a[@class="skip"]')
        assert skip and skip[0].get("href") == "#isi", path
        assert tree.xpath('//main[@id="isi"]'), path


def test_ui_strings_are_indonesian(pages, sample_output):
    home = pages[sample_output / "index.html"]
    assert text(home.xpath('//a[@class="skip"]')[0]) == "Langsung ke isi"
    assert "Berita terkini" in text(home)
    assert "Beranda" in text(home.xpath('//nav[@class="sections"]')[0])


def test_catalogs_translate_every_string(sample_output):
    from babel.messages.pofile import read_po

    for language in ("id", "en"):
        path = ROOT / "lintas" / "theme" / "translations" / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        empty = [
            m.id
            for m in catalog
            if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
        ]
        assert not empty, f"{language}: untranslated {empty}"


# ---- home -------------------------------------------------------------------------


def test_home_has_a_lead_latest_news_a_block_per_section_and_apart_advertorials(
    pages, sample_output
):
    home = pages[sample_output / "index.html"]
    conf = settings()
    lead = home.xpath('//section[@class="lead"]//article')
    assert len(lead) == 1 and "card--ad" not in lead[0].get("class")
    latest = home.xpath('//section[contains(@class, "block--latest")]//article')
    assert latest and not any("card--ad" in a.get("class") for a in latest)

    ads = home.xpath('//section[contains(@class, "block--ad")]')
    assert len(ads) == 1
    assert text(ads[0].xpath(".//h2")[0]) == conf["ADVERTORIAL_LABEL"]
    ad_cards = ads[0].xpath(".//article")
    assert 0 < len(ad_cards) <= conf["THEME_HOME_ADVERTORIALS"]

    # Outside the advertorial block, no card on the home page is paid content.
    outside_ads_block = 'not(ancestor::section[contains(@class, "block--ad")])'
    others = home.xpath(f'//article[contains(@class, "card--ad")][{outside_ads_block}]')
    assert others == []

    sections = [text(h) for h in home.xpath('//section[contains(@class, "block--section")]/h2')]
    used = {
        text(k)
        for tree in _articles_by_url(sample_output).values()
        for k in tree.xpath('//p[contains(@class, "story__kicker")]/a[1]')
        if not k.get("class")
    }
    expected = [c for c in conf["NEWSROOM_CATEGORIES"] if c in used]
    assert sections == expected


def test_home_pagination_continues_on_the_newest_archive_page(pages, sample_output):
    from lintas.plugins.reader_theme.pagination import archive_pages

    conf = settings()
    total = len(article_files(sample_output))
    newest = archive_pages(total, conf["DEFAULT_PAGINATION"])
    assert newest >= 1, "the sample is meant to need an archive page"
    archive = sample_output / "halaman" / str(newest) / "index.html"
    assert archive.is_file()
    assert not (sample_output / "halaman" / str(newest + 1)).exists()
    home = pages[sample_output / "index.html"]
    older = home.xpath(f'//nav[@class="pagination"]/a[contains(@href, "/halaman/{newest}/")]')
    assert older
    top = '//section[@class="lead" or contains(@class, "block--latest")]'
    first_urls = set(home.xpath(f"{top}//h2/a/@href | {top}//h3/a/@href"))
    archive_urls = set(pages[archive].xpath('//div[@class="list"]//h2/a/@href'))
    assert len(archive_urls) == conf["DEFAULT_PAGINATION"]
    assert first_urls and not first_urls & archive_urls


# ---- listings -----------------------------------------------------------------------


def test_every_advertorial_card_carries_the_label(pages, sample_output):
    conf = settings()
    articles = _articles_by_url(sample_output)
    paid = {url for url, tree in articles.items() if _is_advertorial_page(tree)}
    assert paid, "the sample has advertorials"
    checked = 0
    for path, tree in pages.items():
        for card in tree.xpath('//article[contains(@class, "card")]'):
            link = card.xpath('.//*[contains(@class, "card__title")]/a/@href')[0]
            url = local_path(link)
            label = card.xpath('.//span[@class="label-ad"]')
            if url in paid:
                checked += 1
                assert label and text(label[0]) == conf["ADVERTORIAL_LABEL"], f"{path}: {url}"
            else:
                assert not label, f"{path}: {url} labelled but not paid"
    assert checked >= len(paid)


@pytest.mark.parametrize(
    "listing",
    [
        "kategori/pemerintahan",
        "topik/smart-city",
        "penulis/rahmat-mokodompit",
        "wilayah/kotamobagu",
        "arsip/2016/09",
    ],
)
def test_list_pages_have_a_heading_and_cards(sample_output, listing):
    tree = parse(sample_output / listing / "index.html")
    assert len(tree.xpath("//h1")) == 1
    assert tree.xpath('//div[contains(@class, "list")]/article[contains(@class, "card")]')


def test_author_page_shows_bio_and_initials_avatar(sample_output):
    conf = settings()
    for name, profile in conf["NEWSROOM_AUTHORS"].items():
        slug = name.lower().replace(" ", "-")
        path = sample_output / "penulis" / slug / "index.html"
        if not path.is_file():
            continue
        tree = parse(path)
        assert profile["bio"] in text(tree)
        avatar = tree.xpath('//div[@class="profile"]/*[local-name()="svg"]')
        assert avatar and avatar[0].get("aria-hidden") == "true"
        initials = "".join(w[0] for w in (name.split()[0], name.split()[-1]))
        assert text(avatar[0]) == initials.upper()


def test_region_pages_follow_the_regions_of_the_settings(sample_output):
    index = parse(sample_output / "wilayah" / "index.html")
    names = [text(a) for a in index.xpath('//ul[@class="index-list"]/li/a')]
    order = settings()["NEWSROOM_REGIONS"]
    assert names and names == [n for n in order if n in names]
    for link in index.xpath('//ul[@class="index-list"]/li/a/@href'):
        assert page_path(sample_output, local_path(link)).is_file()


def test_404_page_at_the_output_root(sample_output):
    tree = parse(sample_output / "404.html")
    assert "Halaman tidak ditemukan" in text(tree.xpath("//h1")[0])
    # Served at any depth: every link must be absolute or root-relative.
    for href in tree.xpath("//a/@href | //link/@href | //script/@src"):
        assert href.startswith(("/", "#", "http")), href


def test_static_pages_are_written(sample_output):
    pages_dir = ROOT / "content" / "pages"
    for source in sorted(pages_dir.glob("*.md")):
        tree = parse(sample_output / source.stem / "index.html")
        assert len(tree.xpath("//h1")) == 1, source.stem


# ---- article -------------------------------------------------------------------------


def test_seed_article_has_kicker_headline_standfirst_byline_and_times(seed):
    story = seed.xpath('//article[contains(@class, "story")]')[0]
    assert story.xpath('.//h1[@class="story__title"]')
    assert text(story.xpath('.//p[@class="story__standfirst"]')[0])
    authors = story.xpath('.//p[@class="story__authors"]/a')
    assert authors and "/penulis/" in authors[0].get("href")
    times = story.xpath('.//p[@class="story__dates"]//time')
    assert times, "published time"
    for moment in times:
        assert WITA_TIME.match(text(moment)), text(moment)
        assert moment.get("datetime").endswith("+08:00")
    # The seed was corrected after publication: its update is shown.
    assert "Diperbarui" in text(story.xpath('.//p[@class="story__dates"]')[0])


def test_dateline_opens_the_first_paragraph_as_the_portal_writes_it(seed):
    first = seed.xpath('//div[@class="story__body"]/p[1]')[0]
    strong = first.xpath("./strong[@class='dateline']")
    assert strong and text(strong[0]) == f"Kotamobagu, {settings()['SITENAME']}"
    assert (strong[0].tail or "").startswith(" – ")
    assert first.text is None, "nothing before the dateline"
    byline = seed.xpath('//p[@class="story__byline"]')
    assert byline and text(byline[0]) == "(adve/man)"


def test_advertorial_label_title_and_sponsor_disclosure(sample_output):
    conf = settings()
    label = conf["ADVERTORIAL_LABEL"]
    for url, tree in _articles_by_url(sample_output).items():
        title = tree.findtext(".//title")
        if _is_advertorial_page(tree):
            assert title.startswith(f"{label}:"), url
            kicker = tree.xpath('//p[@class="story__kicker"]/span[@class="label-ad"]')
            assert kicker and text(kicker[0]) == label, url
            head = tree.xpath('//header[@class="story__head"]')[0]
            # Above the headline: the label comes first in the story header.
            assert head.index(kicker[0].getparent()) < head.index(head.xpath("h1")[0])
            box = tree.xpath('//aside[@class="disclosure"]')
            assert box and "dibayar oleh" in text(box[0]), url
        else:
            assert not title.startswith(label), url
            assert not tree.xpath('//aside[@class="disclosure"]'), url


def test_share_links_and_copy_button(seed):
    permalink = site_url() + SEED_PATH
    links = {
        a.get("class").split("--")[-1]: a.get("href")
        for a in seed.xpath('//a[contains(@class, "share__link")]')
    }
    assert set(links) == {"wa", "fb", "x", "tg"}
    assert links["wa"].startswith("https://wa.me/?text=")
    assert links["fb"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert links["x"].startswith("https://x.com/intent/post?")
    assert links["tg"].startswith("https://t.me/share/url?")
    from urllib.parse import parse_qs, urlsplit

    for name, href in links.items():
        values = [v for vs in parse_qs(urlsplit(href).query).values() for v in vs]
        assert any(permalink in v for v in values), name
    button = seed.xpath("//button[@data-copy-link]")
    assert button and button[0].get("data-copy-link") == permalink
    assert button[0].get("hidden") is not None, "shown by share.js only"
    assert seed.xpath('//script[contains(@src, "/js/share.")][@defer]')


def test_tags_related_and_neighbours(sample_output):
    articles = _articles_by_url(sample_output)
    count = settings()["THEME_RELATED_ARTICLES"]
    for url, tree in articles.items():
        for href in tree.xpath('//ul[@class="tags"]/li/a/@href'):
            assert "/topik/" in href
        related = tree.xpath('//section[contains(@class, "related")]//article')
        assert 0 < len(related) <= count, url
        for card in related:
            other = local_path(card.xpath(".//h3/a/@href")[0])
            assert other != url
            # News and paid content stay apart (Dewan Pers PPMS 6a).
            assert _is_advertorial_page(articles[other]) == _is_advertorial_page(tree), url
        neighbours = tree.xpath('//nav[@class="neighbours"]/a/@href')
        assert neighbours, url


def test_corrections_are_shown_with_their_time(seed):
    box = seed.xpath('//aside[@class="corrections"]')
    assert box
    moment = box[0].xpath(".//time")[0]
    assert WITA_TIME.match(text(moment))


def test_lead_photo_with_caption_and_credit(seed):
    figure = seed.xpath('//figure[@class="lead-photo"]')
    assert figure, "the seed story has a Cover photo: plugins/photos gives article.lead_photo"
    assert figure[0].xpath(".//img[@srcset]")
    caption = figure[0].xpath("./figcaption")
    assert caption and caption[0].xpath('.//span[@class="credit"]')


# ---- budgets ---------------------------------------------------------------------------


def test_article_pages_stay_within_50_kb_of_html_css_and_js(sample_output):
    """HTML + every stylesheet and script it loads, uncompressed, photos excluded.
    The HTML as served: with the ad slot's fragment (and its stylesheet) included."""
    worst = (0, None)
    with_ad = 0
    for path in article_files(sample_output):
        served = served_bytes(path, sample_output)
        tree = lxml.html.fromstring(served)
        with_ad += bool(tree.xpath('//aside[contains(@class, "iklan")]//img'))
        total = len(served)
        for url in set(tree.xpath('//link[@rel="stylesheet"]/@href | //script/@src')):
            total += page_path(sample_output, local_path(url)).stat().st_size
        worst = max(worst, (total, path))
    assert worst[1] is not None
    assert with_ad, "the sample portal's banner (content/iklan/) is on no story"
    assert worst[0] <= BUDGET_BYTES, f"{worst[1]}: {worst[0]} bytes > {BUDGET_BYTES}"


# ---- colours ---------------------------------------------------------------------------

# Text/background pairs of the palette (theme/static/css/lintas.css), and the
# fixed colours of the share buttons; checked in light and dark mode.
TEXT_PAIRS = [
    ("--ink", "--paper"),
    ("--muted", "--paper"),
    ("--muted", "--surface"),
    ("--ink", "--surface"),
    ("--link", "--paper"),
    ("--accent", "--paper"),
    ("--on-brand", "--brand"),
    ("--ad", "--ad-bg"),
    ("--ad", "--paper"),
    ("--ink", "--ad-bg"),
    ("--muted", "--ad-bg"),
    ("--on-footer", "--footer"),
]
FIXED_PAIRS = [("#fff", "#075e54"), ("#fff", "#1559c9"), ("#fff", "#000"), ("#fff", "#0f5f9a")]
AA_NORMAL_TEXT = 4.5


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _palettes() -> dict[str, dict[str, str]]:
    css = (ROOT / "lintas" / "theme" / "static" / "css" / "lintas.css").read_text(encoding="utf-8")
    declaration = re.compile(r"(--[a-z-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b")
    light_block = re.search(r"^:root\s*\{(.*?)\n\}", css, re.S | re.M).group(1)
    dark_block = re.search(
        r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{(.*?)\}", css, re.S
    ).group(1)
    light = dict(declaration.findall(light_block))
    dark = {**light, **dict(declaration.findall(dark_block))}
    return {"light": light, "dark": dark}


def test_contrast_meets_wcag_aa_in_light_and_dark_mode():
    assert contrast("#fff", "#000") == pytest.approx(21)
    failures = []
    for mode, palette in _palettes().items():
        for fg, bg in TEXT_PAIRS:
            ratio = contrast(palette[fg], palette[bg])
            if ratio < AA_NORMAL_TEXT:
                failures.append(f"{mode}: {fg} on {bg} = {ratio:.2f}")
    for fg, bg in FIXED_PAIRS:
        if contrast(fg, bg) < AA_NORMAL_TEXT:
            failures.append(f"{fg} on {bg} = {contrast(fg, bg):.2f}")
    assert not failures, failures


def test_stylesheet_has_dark_mode_print_focus_and_system_fonts():
    css = (ROOT / "lintas" / "theme" / "static" / "css" / "lintas.css").read_text(encoding="utf-8")
    assert "@media (prefers-color-scheme: dark)" in css
    assert "@media print" in css
    assert ":focus-visible" in css
    assert "system-ui" in css
    assert "@font-face" not in css and "@import" not in css and "url(" not in css
