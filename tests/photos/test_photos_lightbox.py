"""The gallery lightbox and responsive images in Debian's chromium (Playwright).

The sample portal's gallery story is served from the built output under the
site's own origin (SITEURL), with the Content-Security-Policy of
deploy/nginx.conf: no inline script or style may be needed.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitebuild import ROOT

from lintas.settings import read_settings

pytestmark = pytest.mark.browser

GALLERY_STORY = "2016/08/pengunjung-danau-moat-meningkat-pokdarwis-sewakan-perahu/"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
SWIPE_PX = 200


def _csp() -> str:
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    return re.search(r'default "(default-src [^"]+)"', conf).group(1)


@pytest.fixture(scope="module")
def site() -> str:
    return read_settings(str(ROOT / "pelicanconf.py"))["SITEURL"].rstrip("/")


def _context(browser, output: Path, site: str, problems: list[str], **options):
    context = browser.new_context(**options)
    csp = _csp()

    def serve(route):
        path = urlsplit(route.request.url).path
        file = output / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            problems.append(f"404 {route.request.url}")
            route.fulfill(status=404, body="not found")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        # The policy guards documents; chromium's own viewer of a bare image applies
        # inline styles that it would block (noise, not a fault of ours).
        headers = {"Content-Security-Policy": csp} if kind == "text/html" else {}
        route.fulfill(status=200, body=file.read_bytes(), content_type=kind, headers=headers)

    def refuse(route):
        problems.append(f"outside request {route.request.url}")
        route.abort()

    context.route(re.compile(r"^(?!" + re.escape(site) + "/).*"), refuse)
    context.route(re.compile("^" + re.escape(site) + "/.*"), serve)
    return context


@pytest.fixture
def open_page(browser, sample_output, site):
    problems: list[str] = []
    contexts = []

    def opener(url: str, **options):
        context = _context(browser, sample_output, site, problems, **options)
        contexts.append(context)
        tab = context.new_page()
        tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        tab.on(
            "console",
            lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        tab.goto(f"{site}/{url}")
        return tab

    yield opener
    for context in contexts:
        context.close()
    assert problems == [], problems  # CSP violations show up as console errors


def _state(tab) -> dict:
    return tab.evaluate(
        """() => {
          const box = document.querySelector("dialog.lightbox");
          const img = box && box.querySelector(".lightbox__stage img");
          return {
            open: !!(box && box.open),
            count: box ? box.querySelector(".lightbox__count").textContent : "",
            alt: img ? img.alt : null,
            focused: document.activeElement && document.activeElement.className,
            focusedHref: document.activeElement && document.activeElement.getAttribute("href"),
          };
        }"""
    )


def _alts(tab) -> list[str]:
    return tab.eval_on_selector_all(".gallery__link img", "els => els.map(e => e.alt)")


def test_keyboard_opens_moves_closes_and_returns_focus(open_page):
    tab = open_page(GALLERY_STORY)
    alts = _alts(tab)
    assert len(alts) == 3
    links = tab.locator(".gallery__link")
    opener_href = links.nth(0).get_attribute("href")
    links.nth(0).click()
    state = _state(tab)
    assert state["open"] and state["count"] == "Foto 1 dari 3" and state["alt"] == alts[0]
    # The photo really loads under the CSP, at a size chosen for the screen.
    tab.wait_for_function(
        "() => { const i = document.querySelector('.lightbox__stage img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    tab.keyboard.press("ArrowRight")
    assert _state(tab)["count"] == "Foto 2 dari 3" and _state(tab)["alt"] == alts[1]
    tab.keyboard.press("ArrowLeft")
    tab.keyboard.press("ArrowLeft")
    assert _state(tab)["count"] == "Foto 3 dari 3" and _state(tab)["alt"] == alts[2]
    tab.keyboard.press("Escape")
    state = _state(tab)
    assert not state["open"]
    assert state["focused"] == "gallery__link" and state["focusedHref"] == opener_href


def test_buttons_and_swipes(open_page):
    tab = open_page(GALLERY_STORY, **PHONE)
    alts = _alts(tab)
    second = tab.locator(".gallery__link").nth(1)
    second.scroll_into_view_if_needed()
    second.click()
    assert _state(tab)["alt"] == alts[1]
    # A swipe to the left shows the next photo, to the right the previous one.
    for start, end, expected in [(300, 300 - SWIPE_PX, 2), (100, 100 + SWIPE_PX, 1)]:
        tab.evaluate(
            """([start, end]) => {
              const box = document.querySelector("dialog.lightbox");
              const at = (type, x) => box.dispatchEvent(new PointerEvent(type,
                {bubbles: true, clientX: x, clientY: 400, pointerType: "touch", isPrimary: true}));
              at("pointerdown", start); at("pointerup", end);
            }""",
            [start, end],
        )
        assert _state(tab)["alt"] == alts[expected]
        assert _state(tab)["open"], "a swipe must not close the lightbox"
    tab.locator(".lightbox__next").click()
    assert _state(tab)["alt"] == alts[2]
    tab.locator(".lightbox__close").click()
    state = _state(tab)
    assert not state["open"] and state["focusedHref"] == second.get_attribute("href")


def test_without_javascript_a_gallery_photo_is_a_link_to_its_largest_rendition(open_page, site):
    tab = open_page(GALLERY_STORY, java_script_enabled=False)
    link = tab.locator(".gallery__link").nth(0)
    href = link.get_attribute("href")
    widths = [int(w) for w in re.findall(r"-(\d+)w-[0-9a-f]+\.jpg \d+w", link.inner_html())]
    assert f"-{max(widths)}w-" in href
    with tab.expect_navigation():
        link.click()
    assert tab.url == f"{site}{href}"
    assert tab.evaluate("() => document.contentType") == "image/jpeg"


def test_a_phone_loads_a_rendition_no_wider_than_it_needs(open_page):
    tab = open_page(GALLERY_STORY, **PHONE)
    checks = [".lead-photo img", ".gallery__link img"]
    for selector in checks:
        img = tab.locator(selector).first
        img.scroll_into_view_if_needed()
        tab.wait_for_function(
            "s => { const i = document.querySelector(s); return i.complete && i.currentSrc; }",
            arg=selector,
        )
        shown = img.evaluate("i => ({src: i.currentSrc, width: i.clientWidth})")
        chosen = int(re.search(r"-(\d+)w-", shown["src"]).group(1))
        # The WebP <source>'s candidates: the ones a browser with WebP chooses from.
        webp = img.evaluate(
            "i => i.parentElement.querySelector('source[type=\"image/webp\"]').srcset"
        )
        offered = sorted(int(w) for w in re.findall(r" (\d+)w", webp))
        needed = shown["width"] * PHONE["device_scale_factor"]
        enough = min([w for w in offered if w >= needed] or [max(offered)])
        assert shown["src"].endswith(".webp"), shown  # the <source> wins over the JPEG
        assert chosen <= enough, (selector, shown, offered)
