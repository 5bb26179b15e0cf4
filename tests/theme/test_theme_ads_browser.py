"""A story with the sample portal's banner, in Debian's chromium on a phone and
a desktop, served like nginx serves it (the slot's SSI fragment included):
the banner is labelled "Iklan", links out with rel="sponsored noopener",
loads lazily, nothing shifts while the page loads and scrolls, and nothing is
requested from another site. Screenshots land in tests/artifacts/."""

from __future__ import annotations

import pytest
from test_theme_browser import VIEWPORTS, Reader, settle
from theme_support import ARTIFACTS

pytestmark = pytest.mark.browser

# A news story (advertorials carry no banner) with the "artikel" slot filled.
STORY = "/2016/09/rsud-kotamobagu-buka-layanan-hemodialisis/"
# Every layout shift, whatever its cause (the metric Lighthouse's CLS sums).
SHIFTS_JS = """() => { window.__shift = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shift += e.value; })
    .observe({type: 'layout-shift', buffered: true}); }"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_story_with_its_banner(viewport, browser, served_site):
    reader = Reader(browser, served_site, VIEWPORTS[viewport])
    try:
        page = reader.page
        page.goto(served_site["url"] + STORY)
        page.wait_for_load_state("load")
        banner = page.locator("aside.iklan")
        assert banner.count() == 1
        # After the third paragraph of the story body, labelled as paid content.
        assert (
            page.evaluate(
                """() => { const ad = document.querySelector('.story__body aside.iklan');
              let p = 0; for (let e = ad.previousElementSibling; e; e = e.previousElementSibling)
                if (e.tagName === 'P') p++; return p; }"""
            )
            == 3
        )
        assert banner.locator(".label-ad").inner_text().strip().lower() == "iklan"
        link = banner.locator("a")
        assert link.get_attribute("rel") == "sponsored noopener"
        image = banner.locator("img")
        assert image.get_attribute("loading") == "lazy"
        assert (image.get_attribute("width"), image.get_attribute("height")) == ("300", "250")
        # Below the fold on both (when chromium fetches a lazy image depends on
        # its own distance threshold: only the attribute is ours to check).
        assert page.evaluate(
            "() => document.querySelector('aside.iklan').getBoundingClientRect().top > innerHeight"
        )
        page.evaluate(SHIFTS_JS)
        banner.scroll_into_view_if_needed()
        settle(page)
        box = image.bounding_box()
        assert round(box["width"]) == 300 and round(box["height"]) == 250
        assert page.evaluate("() => document.querySelector('aside.iklan img').naturalWidth") > 0
        assert page.evaluate("() => window.__shift") == 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        banner.scroll_into_view_if_needed()
        page.evaluate("() => window.scrollBy(0, -innerHeight / 3)")
        page.screenshot(path=str(ARTIFACTS / f"ad-story-{viewport}.png"))
        reader.check()
    finally:
        reader.close()
