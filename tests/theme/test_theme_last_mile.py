"""Issue 16, the reader-facing last mile, on the built sample portal: brand
(logo, favicon, icons, manifest), content-hashed CSS/JS, card renditions sized
for their slot, archive page titles, the 404's news-only list, one "redaksi"
in the footer, section pages with a lead story and a description, the article
sidebar; and in chromium: the section bar's scroll hint, search results that
look like news with no layout shift, and screenshots of every page kind."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image
from theme_support import ARTIFACTS, ROOT, SEED_PATH, page_path, parse, settings, site_url, text

from lintas.plugins.reader_theme import brand
from lintas.plugins.reader_theme.assets import ThemeAssets, hashed_name, published_bytes
from lintas.plugins.reader_theme.filters import cover_sizes, rendition_for
from lintas.plugins.reader_theme.listing import section_latest

STATIC = ROOT / "lintas" / "theme" / "static"
HASHED = re.compile(r"\.[0-9a-f]{8}\.(css|js)$")


# ---- brand ------------------------------------------------------------------------


def test_favicon_ico_at_the_root_holds_16_32_48(sample_output):
    with Image.open(sample_output / "favicon.ico") as ico:
        assert ico.format == "ICO"
        assert set(ico.info["sizes"]) == {(16, 16), (32, 32), (48, 48)}


@pytest.mark.parametrize(
    "name, pixels",
    [
        ("icon-32.png", 32),
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("apple-touch-icon.png", 180),
    ],
)
def test_png_icons_have_their_sizes(sample_output, name, pixels):
    with Image.open(sample_output / "theme" / "img" / name) as icon:
        assert icon.format == "PNG" and icon.size == (pixels, pixels)
        if name == "apple-touch-icon.png":  # iOS shows transparency as black
            assert icon.mode == "RGB"


def test_manifest_is_indonesian_and_names_existing_icons(sample_output):
    manifest = json.loads((sample_output / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["lang"] == "id"
    assert manifest["name"] == settings()["SITENAME"]
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert icon["src"].startswith(site_url() + "/")
        assert page_path(sample_output, icon["src"][len(site_url()) :]).is_file()


def test_every_page_links_the_icons_and_the_manifest(sample_output):
    doc = parse(sample_output / "index.html")
    links = {(link.get("rel"), link.get("href")) for link in doc.xpath("//head/link")}
    base = site_url()
    assert ("icon", f"{base}/favicon.ico") in links
    assert ("apple-touch-icon", f"{base}/theme/img/apple-touch-icon.png") in links
    assert ("manifest", f"{base}/manifest.webmanifest") in links


def test_the_masthead_logo_is_the_svg_with_its_box_reserved(sample_output):
    doc = parse(sample_output / "index.html")
    (logo,) = doc.xpath('//header[@class="masthead"]//a[@class="brand"]/img')
    assert logo.get("src") == f"{site_url()}/theme/img/logo.svg"
    assert (logo.get("width"), logo.get("height")) == ("210", "40")
    assert logo.get("alt") == settings()["SITENAME"]
    svg = (sample_output / "theme" / "img" / "logo.svg").read_text("utf-8")
    assert svg.startswith("<svg") and 'width="210" height="40"' in svg


def test_publisher_logo_is_the_brand_icon(sample_output):
    with (
        Image.open(STATIC / "img" / "logo.png") as logo,
        Image.open(sample_output / "theme" / "img" / "icon-512.png") as icon,
    ):
        assert logo.size == (512, 512)
        # Same drawing: the brand red in a corner-free spot, white in the mark.
        for point in ((256, 100), (200, 300)):
            assert logo.convert("RGB").getpixel(point) == icon.convert("RGB").getpixel(point)


def test_a_bad_brand_icon_stops_the_build_with_what_to_do(tmp_path):
    wide = tmp_path / "wide.png"
    Image.new("RGBA", (800, 400)).save(wide)
    conf = {**settings(), "BRAND_ICON": str(wide)}
    with pytest.raises(brand.BrandError) as wrong_shape:
        brand.render(conf)
    assert "800x400 PNG, not a square PNG of at least 512" in wrong_shape.value.render("en")
    assert "berupa PNG 800x400, bukan PNG persegi" in wrong_shape.value.render("id")
    with pytest.raises(brand.BrandError) as missing:
        brand.render({**conf, "BRAND_ICON": str(tmp_path / "missing.png")})
    assert "does not exist — name a square PNG" in missing.value.render("en")


# ---- content-hashed assets --------------------------------------------------------


def test_hashed_name_is_the_sha256_prefix():
    import hashlib

    digest = hashlib.sha256(b"body{}").hexdigest()[:8]
    assert hashed_name("css/lintas.css", b"body{}") == f"css/lintas.{digest}.css"
    assert hashed_name("js/a.js", b"1") != hashed_name("js/a.js", b"2")


def test_published_css_drops_comments_and_keeps_every_rule():
    for css in sorted(STATIC.rglob("*.css")):
        source = css.read_text(encoding="utf-8")
        published = published_bytes(css.name, source.encode()).decode()
        assert "/*" not in published and len(published) < len(source)
        without_comments = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)
        assert published.split() == without_comments.split(), css  # same tokens
    assert published_bytes("js/a.js", b"/* kept */") == b"/* kept */"


def test_every_theme_css_and_js_is_published_hashed_and_pages_link_only_those(sample_output):
    assets = ThemeAssets(STATIC)
    for relative in assets.every():
        published = sample_output / "theme" / assets.name(relative)
        source = (STATIC / relative).read_bytes()
        assert published.read_bytes() == published_bytes(relative, source)
    linked = set()
    for page in [sample_output / "index.html", page_path(sample_output, SEED_PATH)]:
        doc = parse(page)
        linked |= set(doc.xpath('//link[@rel="stylesheet"]/@href | //script/@src'))
    theme = [url for url in linked if "/theme/" in url]
    assert theme and all(HASHED.search(url) for url in theme), theme


# ---- photos sized for their slot --------------------------------------------------


def _widths(srcset: str) -> list[int]:
    return [int(c.split()[-1][:-1]) for c in srcset.split(",")]


def test_thumbnail_cards_offer_320_and_nothing_over_480(sample_output):
    doc = parse(sample_output / "index.html")
    cards = doc.xpath(
        '//article[contains(@class, "card--photo") and not(contains(@class, "card--lead"))'
        ' and not(contains(@class, "card--section"))]//source'
    )
    assert cards
    for source in cards:
        widths = _widths(source.get("srcset"))
        assert widths[0] == 320 and max(widths) <= 480, widths


def test_cover_sizes_follow_the_width_a_photo_is_drawn_at():
    class Photo:
        def __init__(self, width, height):
            self.width, self.height = width, height

    slots = [("(min-width: 40rem)", "45vw", 16 / 9), ("", "7.5rem", 4 / 3)]
    # 16:10 is wider than a 4:3 box (drawn 1.2 times its width), narrower than 16:9.
    assert cover_sizes(slots, Photo(1600, 1000), 360) == ("(min-width: 40rem) 45vw, 9rem", 432)
    # A panorama overflows both boxes; a portrait photo neither.
    assert cover_sizes(slots, Photo(2000, 1000), 360) == (
        "(min-width: 40rem) 50.63vw, 11.25rem",
        540,
    )
    assert cover_sizes(slots, Photo(800, 1200), 360) == ("(min-width: 40rem) 45vw, 7.5rem", 360)
    lead = [("", "calc(100vw - 2rem)", 16 / 9)]
    assert cover_sizes(lead, Photo(2000, 1000), 1000)[0] == "calc((100vw - 2rem) * 1.125)"


def test_rendition_for_picks_the_smallest_wide_enough_webp():
    class Photo:
        sources = (("image/webp", "/a-160w.webp 160w, /a-320w.webp 320w, /a-480w.webp 480w"),)
        srcset = "/a-160w.jpg 160w"
        src = "/a-1200w.jpg"

    assert rendition_for(Photo(), 240) == "/a-320w.webp"
    assert rendition_for(Photo(), 2000) == "/a-480w.webp"
    assert rendition_for(None, 240) == ""


# ---- list pages -------------------------------------------------------------------


def test_older_from_home_leads_to_a_page_titled_by_its_dates(sample_output):
    home = parse(sample_output / "index.html")
    (older,) = home.xpath('//nav[@class="pagination"]/a[contains(., "Lebih lama")]/@href')
    archive = parse(page_path(sample_output, older[len(site_url()) :]))
    title = archive.findtext(".//title")
    assert "halaman" not in title.lower() and "terkini" not in title.lower(), title
    assert re.match(r"Berita sebelumnya: \d+ \w+ 2016 – \d+ \w+ 2016 — ", title), title
    assert "halaman" not in text(archive.xpath("//h1")[0]).lower()


def test_the_404_offers_news_only(sample_output):
    doc = parse(sample_output / "404.html")
    cards = doc.xpath('//section[.//h2[@id="terbaru"]]//article')
    assert len(cards) == settings()["THEME_ERROR_LATEST"]
    assert not doc.xpath('//section[.//h2[@id="terbaru"]]//*[contains(@class, "card--ad")]')


def test_the_footer_names_the_newsroom_once(sample_output):
    doc = parse(sample_output / "index.html")
    labels = [text(a) for a in doc.xpath('//footer[@class="site-footer"]//a')]
    assert [label for label in labels if "redaksi" in label.lower()] == ["Redaksi"], labels


def test_section_page_opens_with_a_lead_story_and_its_description(sample_output):
    conf = settings()
    doc = parse(sample_output / "kategori" / "ekonomi" / "index.html")
    assert (
        text(doc.xpath('//p[@class="list-head__about"]')[0])
        == conf["THEME_SECTION_DESCRIPTIONS"]["Ekonomi"]
    )
    assert doc.xpath('//meta[@name="description"]/@content') == [
        conf["THEME_SECTION_DESCRIPTIONS"]["Ekonomi"]
    ]
    lead = doc.xpath('//section[@class="lead"]//article[contains(@class, "card--lead")]')
    assert len(lead) == 1
    assert doc.xpath('//div[contains(@class, "list--grid")]/article')


def test_article_sidebar_lists_its_section_newest_first(sample_output):
    doc = parse(page_path(sample_output, "/2016/09/pelaku-umkm-bolmut-dilatih-pemasaran-daring/"))
    (sidebar,) = doc.xpath('//aside[@class="sidebar"]')
    assert "Ekonomi" in text(sidebar.xpath(".//h2")[0])
    links = sidebar.xpath(".//li/a/@href")
    assert 0 < len(links) <= settings()["THEME_SECTION_LATEST"]
    dates = []
    for href in links:
        other = parse(page_path(sample_output, href[len(site_url()) :]))
        assert text(other.xpath('//p[@class="story__kicker"]/a')[0]) == "Ekonomi"
        dates.append(other.xpath('//p[@class="story__dates"]/time/@datetime')[0])
    assert dates == sorted(dates, reverse=True)


def test_section_latest_prefers_newer_stories_and_is_bounded():
    class Story:
        def __init__(self, day, section="A"):
            from datetime import datetime

            self.date = datetime(2016, 9, day)
            self.category = section

    stories = [Story(day) for day in range(1, 11)] + [Story(5, "B")]
    picked = section_latest(stories, 3)
    newest, oldest, middle = stories[9], stories[0], stories[4]
    assert [s.date.day for s in picked[id(newest)]] == [9, 8, 7]  # the latest of its section
    assert [s.date.day for s in picked[id(oldest)]] == [4, 3, 2]  # what came next
    assert [s.date.day for s in picked[id(middle)]] == [8, 7, 6]
    assert picked[id(stories[10])] == []  # alone in its section
    # A new story changes only the sidebars of the 3 before it.
    before = {id(s): [id(o) for o in picked[id(s)]] for s in stories}
    after = section_latest([*stories, Story(11)], 3)
    changed = [s.date.day for s in stories if [id(o) for o in after[id(s)]] != before[id(s)]]
    assert changed == [8, 9, 10]


# ---- in the browser ----------------------------------------------------------------

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}
RESULT_WAIT_MS = 15_000


@pytest.fixture(params=["phone", "desktop"])
def tab(request, browser, served_site):
    context = browser.new_context(
        **(PHONE if request.param == "phone" else DESKTOP),
        extra_http_headers={},
    )
    site = served_site["url"]
    local = f"http://127.0.0.1:{served_site['port']}"
    context.route(
        re.compile("^" + re.escape(site) + "/"),
        lambda route: route.fulfill(
            response=route.fetch(url=local + route.request.url[len(site) :])
        ),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # A lazy image cancelled by the next navigation (net::ERR_ABORTED) is not a
    # failure of the site; a failed document still is (as tests/theme/test_theme_browser).
    page.on(
        "requestfailed",
        lambda r: (
            None
            if "ERR_ABORTED" in (r.failure or "") and r.resource_type != "document"
            else errors.append(f"{r.url} {r.failure}")
        ),
    )
    page.name = request.param
    yield page
    seen = list(errors)  # before unrouting: requests still in flight then fail
    context.unroute_all(behavior="ignoreErrors")
    context.close()
    assert seen == [], "\n".join(seen)


# Common phones (CSS width, device pixel ratio): Android 1080p and 720p screens,
# iPhones, and Lighthouse's emulated phone.
PHONES = [(360, 3), (390, 3), (412, 1.75), (412, 2.625), (375, 2)]
# What a photo may cost over the pixels it is drawn with, in width: a rendition
# up to 15% wider (or narrower) than the slot needs; outside that, only the
# narrowest candidate offered (a floor for thumbnails) or the widest one (the
# photo has no wider rendition).
SLACK = 1.15
DRAWN_PHOTOS = """() => Array.from(document.querySelectorAll('picture img'))
  .filter(i => !i.closest('.iklan') && i.getBoundingClientRect().width > 0)
  .map(i => {
    const box = i.getBoundingClientRect();
    const cover = getComputedStyle(i).objectFit === 'cover';
    const webp = i.parentElement.querySelector('source[type="image/webp"]');
    return {
      where: (i.closest('[class]:not(picture)') || i).className,
      // object-fit: cover draws a photo wider than its box across the box's height.
      drawn: cover ? Math.max(box.width, box.height * i.naturalWidth / i.naturalHeight)
                   : box.width,
      src: i.currentSrc,
      offered: (webp || i).srcset,
    };
  })"""


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["/", SEED_PATH, "/kategori/ekonomi/"], ids=["home", "article", "section"]
)
@pytest.mark.parametrize("width, ratio", PHONES, ids=[f"{w}x{r}" for w, r in PHONES])
def test_phones_get_renditions_sized_for_what_they_draw(browser, served_site, path, width, ratio):
    """The lead photo, the home lead, cards and thumbnails: the rendition a phone's
    browser picks is within 15% of the pixels the photo is drawn with."""
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        device_scale_factor=ratio,
        is_mobile=True,
        has_touch=True,
    )
    site, local = served_site["url"], f"http://127.0.0.1:{served_site['port']}"
    context.route(
        re.compile("^" + re.escape(site) + "/"),
        lambda route: route.fulfill(
            response=route.fetch(url=local + route.request.url[len(site) :])
        ),
    )
    try:
        page = context.new_page()
        page.goto(site + path)
        height = page.evaluate("document.body.scrollHeight")
        for y in range(0, height, 400):  # bring every lazy photo into view
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(20)
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('picture img'))"
            ".every(i => i.complete || !i.getBoundingClientRect().width)"
        )
        photos = page.evaluate(DRAWN_PHOTOS)
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
    assert photos
    wrong = []
    for photo in photos:
        offered = _widths(photo["offered"])
        picked = int(re.search(r"-(\d+)w-", photo["src"]).group(1))
        needed = photo["drawn"] * ratio
        too_wide = picked > needed * SLACK and picked != min(offered)
        too_narrow = picked * SLACK < needed and picked != max(offered)
        if too_wide or too_narrow:
            wrong.append(f"{photo['where']}: {needed:.0f} px drawn, {picked}w of {offered}")
    assert not wrong, "\n".join(wrong)


LAYOUT_JS = """() => [...document.querySelectorAll('body *')].map(e => {
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return [e.tagName, r.x, r.y, r.width, r.height, s.color, s.backgroundColor, s.font,
          s.display, s.borderTop].join(' ');
})"""
STORIES = [SEED_PATH, "/2016/08/pengunjung-danau-moat-meningkat-pokdarwis-sewakan-perahu/"]


@pytest.mark.browser
def test_stories_leave_out_lists_css_which_would_change_nothing_there(tab, served_site):
    """lists.css (what list pages use) is not linked from stories, for their budget:
    added to a story, it moves and restyles nothing, in light and dark mode."""
    site = served_site["url"]
    tab.goto(site + "/")
    (lists,) = [u for u in tab.evaluate(STYLESHEETS_JS) if "/css/lists." in u]
    for path in STORIES:
        for scheme in ("light", "dark"):
            tab.emulate_media(color_scheme=scheme)
            tab.goto(site + path)
            assert not [u for u in tab.evaluate(STYLESHEETS_JS) if "/css/lists." in u]
            without = tab.evaluate(LAYOUT_JS)
            tab.add_style_tag(url=lists)
            assert tab.evaluate(LISTS_RULES_JS) > 0  # the sheet did load and apply
            assert tab.evaluate(LAYOUT_JS) == without, (path, scheme)


STYLESHEETS_JS = "() => [...document.styleSheets].map(s => s.href).filter(Boolean)"
LISTS_RULES_JS = """() => [...document.styleSheets]
  .find(s => s.href && s.href.includes('/css/lists.')).cssRules.length"""


@pytest.mark.browser
def test_section_bar_shows_it_scrolls_on_phones_only(tab, served_site):
    tab.goto(served_site["url"] + "/")
    overflows = tab.evaluate(
        "() => { const l = document.querySelector('.sections__list');"
        " return l.scrollWidth > l.clientWidth; }"
    )
    fade = tab.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.sections'), '::after');"
        " return {content: s.content, opacity: s.opacity, width: s.width}; }"
    )
    if tab.name == "phone":
        assert overflows, "the sample's sections no longer overflow a phone: test another way"
        assert fade["content"] != "none" and float(fade["opacity"]) > 0.5, fade
        # Scrolled to the end, the last section is clear of the fade.
        tab.evaluate(
            "() => { const bar = document.querySelector('.sections__list');"
            " bar.scrollLeft = bar.scrollWidth; }"
        )
        last = tab.locator(".sections__list li:last-child a").bounding_box()
        assert last["x"] + last["width"] <= 390 - 2.5 * 16 + 1
    else:
        assert not overflows and fade["content"] == "none"


@pytest.mark.browser
def test_section_page_and_article_screenshots(tab, served_site):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.goto(served_site["url"] + "/kategori/ekonomi/")
    tab.wait_for_load_state("networkidle")
    tab.screenshot(path=ARTIFACTS / f"section-{tab.name}.png", full_page=True)
    lead = tab.locator(".lead .card--lead").bounding_box()
    if tab.name == "desktop":
        # The frame's width is used: the lead runs across, the list in two columns.
        assert lead["width"] > 1000
        columns = tab.evaluate(
            "() => getComputedStyle(document.querySelector('.list--grid')).gridTemplateColumns"
        )
        assert len(columns.split()) == 2, columns
        tab.goto(served_site["url"] + SEED_PATH)
        sidebar = tab.locator("aside.sidebar")
        assert sidebar.is_visible()
        story = tab.locator("article.story").bounding_box()
        assert sidebar.bounding_box()["x"] > story["x"] + story["width"]
    else:
        tab.goto(served_site["url"] + SEED_PATH)
        assert not tab.locator("aside.sidebar").is_visible()


SEARCH_SETTLED = """() => {
  const message = document.querySelector('.pagefind-ui__message');
  if (!message || message.textContent.startsWith('Mencari')) return false;
  const results = document.querySelectorAll('.pagefind-ui__result').length;
  return results > 0 && document.querySelectorAll('.pagefind-ui__result-link').length === results
    && [...document.querySelectorAll('.pagefind-ui__result-thumb img')].every(i => i.complete);
}"""
CLS_OBSERVER = """() => {
  window.__shift = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
}"""


@pytest.mark.browser
def test_search_results_look_like_news_and_nothing_shifts(tab, served_site, sample_output):
    html = (sample_output / "cari" / "index.html").read_text("utf-8")
    assert "pagefind-ui.css" not in html, "no render-blocking stylesheet on /cari/"
    # The search page as it loads: the box appears in the space kept for it.
    tab.goto(served_site["url"] + "/cari/")
    tab.evaluate(CLS_OBSERVER)
    tab.wait_for_selector(".pagefind-ui__search-input", timeout=RESULT_WAIT_MS)
    tab.wait_for_timeout(500)
    assert tab.evaluate("() => window.__shift") < 0.01
    tab.goto(served_site["url"] + "/cari/?q=smart%20city")
    tab.wait_for_function(SEARCH_SETTLED, timeout=RESULT_WAIT_MS)
    tab.wait_for_timeout(300)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=ARTIFACTS / f"search-{tab.name}.png", full_page=True)
    results = tab.eval_on_selector_all(
        ".pagefind-ui__result",
        """rs => rs.map(r => ({
            href: r.querySelector('.pagefind-ui__result-link').getAttribute('href'),
            thumb: (r.querySelector('.pagefind-ui__result-thumb img') || {}).currentSrc || '',
            tags: [...r.querySelectorAll('.pagefind-ui__result-tag')]
              .map(t => t.textContent.trim()),
        }))""",
    )
    seed = next(r for r in results if r["href"].endswith(SEED_PATH))
    assert re.search(r"-320w-[0-9a-f]+\.webp$", seed["thumb"]), seed
    assert "Advertorial: Konten berbayar" in seed["tags"], seed
    assert "Tanggal: 3 September 2016" in seed["tags"], seed
    news = [r for r in results if not any(t.startswith("Advertorial") for t in r["tags"])]
    assert news and all(any(t.startswith("Rubrik: ") for t in r["tags"]) for r in news), news
