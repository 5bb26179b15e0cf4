"""Embeds in a real browser: nothing is requested from YouTube, TikTok & co.
until the reader taps; then the player's iframe appears (chromium, real
nginx with deploy/nginx.conf's CSP). The platforms are never reached: every
request to them is counted and aborted (no network at test time)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from robustness.serving import free_port, start_nginx, stop_nginx
from sitebuild import all_files, run_build, write_settings

from lintas.plugins.embeds.platforms import FRAME_HOSTS

ARTICLE = """\
Title: Festival Kotamobagu Dibuka dengan Tarian Kolosal
Date: 2016-09-15 19:00
Category: Pemerintahan
Author: Rahmat Mokodompit
Cover: sampul.jpg

Festival dibuka wali kota di lapangan Boki Hotinimbang.

!embed[https://youtu.be/dQw4w9WgXcQ | Tarian kolosal pembukaan festival](poster.jpg)

Warga juga membagikan suasana festival di media sosial.

!embed[https://www.tiktok.com/@humas.kk/video/7301234567890123456]
"""
BUDGET_BYTES = 50 * 1024  # tests/theme/theme_support.py
PLATFORM_HOSTS = (
    "youtube.com",
    "youtu.be",
    "ytimg.com",
    "youtube-nocookie.com",
    "googlevideo.com",
    "tiktok.com",
    "tiktokcdn.com",
    "instagram.com",
    "cdninstagram.com",
    "twitter.com",
    "x.com",
    "twimg.com",
    "facebook.com",
    "fbcdn.net",
    "fb.watch",
)


def _is_platform(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in PLATFORM_HOSTS)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("embeds")
    bundle = folder / "content" / "articles" / "2016" / "09" / "festival-kotamobagu"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(ARTICLE, encoding="utf-8")
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(bundle / "sampul.jpg", quality=85)
    Image.new("RGB", (1280, 720), (200, 80, 40)).save(bundle / "poster.jpg", quality=85)
    (folder / "content" / "pages").mkdir()
    port = free_port()
    settings = write_settings(folder, folder / "content", SITEURL=f"http://127.0.0.1:{port}")
    result = run_build(settings, folder / "output")
    assert result.returncode == 0, result.log
    assert "WARNING" not in result.log, result.log
    server = start_nginx(folder / "nginx", result.output, port)
    yield server, result.output
    stop_nginx(server)


def test_the_built_page_has_facades_and_no_player(site):
    _server, output = site
    page = (output / "2016/09/festival-kotamobagu/index.html").read_text("utf-8")
    assert page.count('class="embed__link"') == 2
    assert "<iframe" not in page
    assert "/theme/js/embed.js" in page
    # The poster became a rendition of the bundle's photo, served by the site.
    poster = re.search(r'class="embed__link".*?<img[^>]* src="([^"]+)"', page, re.S)[1]
    assert "/media/" in poster and "poster" in poster
    # The article page budget (tests/theme): HTML + CSS + JS within 50 KB.
    total = len(page.encode())
    for url in re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', page):
        total += (output / urlsplit(url).path.lstrip("/")).stat().st_size
    assert total <= BUDGET_BYTES, total
    # Pages without an embed do not load the script.
    others = [p for p in all_files(output) if p.name == "index.html" and "festival" not in str(p)]
    assert others and all("embed.js" not in p.read_text("utf-8") for p in others)


def test_nothing_reaches_a_platform_before_the_tap_and_the_player_appears_after(site, browser):
    server, _output = site
    context = browser.new_context()
    platform_requests: list[str] = []
    violations: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if _is_platform(url):
            platform_requests.append(url)
            request_route.abort()
        elif urlsplit(url).hostname == "127.0.0.1":
            request_route.continue_()
        else:  # nothing else may be fetched either
            platform_requests.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(f"{server.base}/2016/09/festival-kotamobagu/", wait_until="networkidle")
    facades = page.locator("a.embed__link")
    assert facades.count() == 2
    assert page.locator("iframe").count() == 0
    page.mouse.wheel(0, 4000)  # lazy images and anything else that waits for the viewport
    page.wait_for_timeout(500)
    assert platform_requests == [], platform_requests
    poster = page.locator("a.embed__link img")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", poster.element_handle())

    facades.first.click()
    frame = page.locator("figure.embed--youtube iframe.embed__frame")
    frame.wait_for(state="attached", timeout=10_000)
    src = frame.get_attribute("src")
    assert src.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert any(src.startswith(host) for host in FRAME_HOSTS)
    page.wait_for_timeout(500)
    # The tap asked the player's host (allowed by the CSP's frame-src, aborted here).
    assert [u for u in platform_requests if "youtube-nocookie.com" in u], platform_requests
    assert not [u for u in platform_requests if "tiktok" in u], "the other embed loaded too"
    assert violations == [], violations
    assert page.locator("figure.embed--tiktok a.embed__link").count() == 1
    context.close()


def test_the_facade_is_a_plain_link_without_scripts(site, browser):
    server, _output = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.base}/2016/09/festival-kotamobagu/")
    hrefs = [page.locator("a.embed__link").nth(i).get_attribute("href") for i in range(2)]
    assert hrefs == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.tiktok.com/@humas.kk/video/7301234567890123456",
    ]
    context.close()
