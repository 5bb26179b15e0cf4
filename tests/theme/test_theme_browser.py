"""The sample portal in Debian's chromium (Playwright), as readers use it on a
phone and on a desktop: home → article → tag → article → author, with no
console error, no failed request and nothing loaded from elsewhere.
Screenshots of the home page and the article land in tests/artifacts/.

The browser is the session's one chromium (tests/conftest.py); each context
sends the site's own origin (SITEURL) to this folder's server on a free port,
which answers like deploy/nginx.conf (gzip, Content-Security-Policy)."""

from __future__ import annotations

import re

import pytest
from theme_support import ARTIFACTS, SEED_PATH

pytestmark = pytest.mark.browser

VIEWPORTS = {
    # A common Android phone (CSS pixels) at its real pixel density.
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
}


class Reader:
    """One browser context plus everything that went wrong in it."""

    def __init__(self, browser, served_site: dict, options: dict, **extra):
        self.site = site = served_site["url"]
        self.server = f"http://127.0.0.1:{served_site['port']}"
        self.context = browser.new_context(**options, **extra)
        self.problems: list[str] = []
        self.outside: list[str] = []
        self.context.route(re.compile(r"^(?!" + re.escape(site) + r"/).*"), self._refuse)
        self.context.route(re.compile("^" + re.escape(site) + "/"), self._from_our_server)
        self.page = self.context.new_page()
        page = self.page
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("requestfailed", self._failed)
        page.on(
            "response",
            lambda r: self.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def _failed(self, request) -> None:
        # A lazy image or the favicon still on its way when the reader follows a
        # link is cancelled by the browser (net::ERR_ABORTED): not a failure of
        # the site (seen under load). Any other failure (refused, reset, blocked)
        # counts, and so does a page that fails to load; server errors arrive as
        # responses and are caught below.
        if request.failure == "net::ERR_ABORTED" and request.resource_type != "document":
            return
        self.problems.append(f"failed: {request.url} {request.failure}")

    def _from_our_server(self, route):
        local = self.server + route.request.url[len(self.site) :]
        route.fulfill(response=route.fetch(url=local, max_redirects=0))

    def _refuse(self, route):
        self.outside.append(route.request.url)
        route.abort()

    def check(self) -> None:
        assert self.outside == [], "nothing may be loaded from another site"
        assert self.problems == []

    def close(self) -> None:
        # Lazy images may still be on their way through the route when a test ends.
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.close()


@pytest.fixture(params=list(VIEWPORTS))
def reader(request, browser, served_site):
    opened = Reader(browser, served_site, VIEWPORTS[request.param])
    opened.name = request.param
    yield opened
    opened.close()


def settle(page) -> None:
    """Scroll through the page so lazy images load, then wait for them."""
    page.wait_for_load_state("load")
    page.evaluate(
        """async () => {
          for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
            scrollTo(0, y);
            await new Promise(r => requestAnimationFrame(r));
          }
          scrollTo(0, 0);
          await Promise.all([...document.images].map(i => i.decode().catch(() => {})));
        }"""
    )
    page.wait_for_load_state("networkidle")


# Each photo with a srcset: the width descriptor of the rendition the browser
# chose (currentSrc), the width it needed (the width it is drawn at x device
# pixels; with object-fit: cover a photo wider than its box is drawn wider than
# the box) and the widths it could choose from. (naturalWidth would not do as the
# chosen width: with w descriptors it is corrected by the density the browser
# assumed; its ratio to naturalHeight is still the photo's.)
RENDITIONS_JS = """() => {
  const drawn = img => {
    const box = img.getBoundingClientRect();
    return getComputedStyle(img).objectFit === 'cover'
      ? Math.max(box.width, box.height * img.naturalWidth / img.naturalHeight) : box.width;
  };
  return [...document.images].filter(img => img.currentSrc).map(img => {
    const picture = img.parentElement.tagName === 'PICTURE' ? img.parentElement : null;
    const sets = [...(picture ? picture.querySelectorAll('source') : []), img]
      .map(el => el.getAttribute('srcset')).filter(Boolean)
      .map(set => set.split(',').map(c => c.trim().split(/\\s+/))
        .map(([url, w]) => ({url: new URL(url, location.href).href, w: parseInt(w, 10)})));
    const set = sets.find(s => s.some(c => c.url === img.currentSrc));
    if (!set) return null;
    return {
      src: img.currentSrc,
      chosen: set.find(c => c.url === img.currentSrc).w,
      needed: drawn(img) * devicePixelRatio,
      candidates: set.map(c => c.w).filter(w => w > 0),
    };
  }).filter(Boolean);
}"""


def assert_renditions_fit(page, where: str) -> int:
    """The chosen rendition is the smallest that covers the displayed size."""
    checked = 0
    for image in page.evaluate(RENDITIONS_JS):
        if not image["candidates"] or image["needed"] == 0:
            continue
        enough = [w for w in image["candidates"] if w >= image["needed"]]
        limit = min(enough) if enough else max(image["candidates"])
        assert image["chosen"] <= limit, f"{where}: {image}"
        checked += 1
    return checked


def test_home_article_tag_author_journey(reader, served_site):
    page, site = reader.page, served_site["url"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    page.goto(site + "/")
    settle(page)
    assert page.locator("html").get_attribute("lang") == "id"
    page.screenshot(path=ARTIFACTS / f"home-{reader.name}.png", full_page=True)
    images = assert_renditions_fit(page, "home")

    # Home → the lead story.
    lead = page.locator(".lead .card__title a")
    headline = lead.inner_text()
    lead.click()
    page.wait_for_load_state("load")
    assert page.locator("h1.story__title").inner_text() == headline

    # The seed story, where the photos are, for the screenshot and the renditions.
    page.goto(site + SEED_PATH)
    settle(page)
    page.screenshot(path=ARTIFACTS / f"article-{reader.name}.png", full_page=True)
    images += assert_renditions_fit(page, "article")
    assert images > 0, "no photo with a srcset was shown: the renditions went unchecked"

    # Article → tag.
    tag = page.locator("ul.tags a").first
    tag_name = tag.inner_text().lstrip("#").strip()
    tag.click()
    page.wait_for_load_state("load")
    assert "/topik/" in page.url
    assert page.locator("h1").inner_text().startswith(tag_name)

    # Tag → a story → its author.
    page.locator(".list .card__title a").first.click()
    page.wait_for_load_state("load")
    author = page.locator(".story__authors a").first
    name = author.inner_text()
    author.click()
    page.wait_for_load_state("load")
    assert "/penulis/" in page.url
    assert page.locator("h1").inner_text().startswith(name)
    assert page.locator(".profile svg.avatar").count() == 1
    reader.check()


def test_copy_link_button_copies_the_permalink(browser, served_site):
    reader = Reader(
        browser,
        served_site,
        VIEWPORTS["phone"],
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = reader.page
    page.goto(served_site["url"] + SEED_PATH)
    button = page.locator("button[data-copy-link]")
    assert button.is_visible(), "share.js shows the button"
    button.click()
    status = page.locator(".share [role=status]")
    status.wait_for(state="visible")
    assert status.inner_text() == "Tautan disalin"
    assert page.evaluate("navigator.clipboard.readText()") == served_site["url"] + SEED_PATH
    reader.check()
    reader.close()


def test_skip_link_is_first_and_visible_on_focus(browser, served_site):
    reader = Reader(browser, served_site, VIEWPORTS["phone"])
    page = reader.page
    page.goto(served_site["url"] + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip"
    box = page.locator("a.skip").bounding_box()
    assert box and box["y"] >= 0 and box["height"] >= 24
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    reader.check()
    reader.close()


def test_dark_mode_follows_the_system(browser, served_site):
    reader = Reader(browser, served_site, VIEWPORTS["phone"], color_scheme="dark")
    page = reader.page
    page.goto(served_site["url"] + SEED_PATH)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
    assert max(channels) < 64, background
    reader.check()
    reader.close()


# WCAG 2.5.8 exempts targets inside a sentence; everything else needs 24x24 px.
RUNNING_TEXT = ".story__body p, .story__body li, .story__authors, figcaption, .disclosure p"


def test_tap_targets_are_at_least_24px(browser, served_site):
    """WCAG 2.2 target size (minimum) for everything outside running text."""
    reader = Reader(browser, served_site, VIEWPORTS["phone"])
    page = reader.page
    small = []
    for path in ("/", SEED_PATH):
        page.goto(served_site["url"] + path, wait_until="networkidle")
        small += page.evaluate(
            """runningText => [...document.querySelectorAll('a[href], button')]
              .filter(el => el.offsetParent !== null && !el.classList.contains('skip'))
              .filter(el => !el.closest(runningText))
              .map(el => [el.getBoundingClientRect(), el.textContent.trim(), location.pathname])
              .filter(([r]) => r.height < 24 || r.width < 24)
              .map(([r, text, path]) => `${path} ${text} ${r.width}x${r.height}`)""",
            RUNNING_TEXT,
        )
    assert small == []
    reader.check()
    reader.close()
