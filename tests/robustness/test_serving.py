"""Real serving: Debian's nginx runs deploy/nginx.conf on 127.0.0.1 over a
publish build of the sample portal; HTTP requests check types, compression,
caching, the 404 page and the security headers; chromium loads the pages and
must see zero CSP violations and zero console errors.

Fails, never skips, when nginx or chromium is missing (`make system-deps`).
"""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sitebuild import ROOT, run_build, write_settings

from lintas.settings import read_settings, short_name

from .scan import all_files
from .serving import (
    CONF,
    NETWORK_IDLE,
    Server,
    free_port,
    get,
    reconfigure,
    render_conf,
    start_nginx,
    stop_nginx,
    visit,
)

# The sample story with the most photos (a gallery): the page that loads the most.
ARTICLE = "2016/09/pemkot-kotamobagu-teken-mou-smart-city"
PLUGINS = [short_name(p) for p in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]]
HASHED_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
# What each kind of file must be served as (charset added for text).
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".pagefind": "application/wasm",
    ".wasm": "application/wasm",
}
FEED_TYPES = {
    "rss.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
    "feed.json": "application/feed+json; charset=utf-8",
}
OTHER_TYPES = {".xml": "application/xml; charset=utf-8", ".json": "application/json; charset=utf-8"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A publish build whose SITEURL is the address nginx will listen on."""
    folder = tmp_path_factory.mktemp("serving")
    port = free_port()
    settings = write_settings(folder, ROOT / "content", base="publishconf")
    result = run_build(
        settings, folder / "output", extra_env={"LINTAS_SITEURL": f"http://127.0.0.1:{port}"}
    )
    assert result.returncode == 0, result.log
    # Types the sample may not produce yet (photos writes WebP/AVIF): real files.
    extra = result.output / "media" / "zz-test"
    extra.mkdir(parents=True)
    picture = Image.new("RGB", (32, 24), "teal")
    for fmt, suffix in (("AVIF", ".avif"), ("WEBP", ".webp"), ("PNG", ".png")):
        buffer = io.BytesIO()
        picture.save(buffer, fmt)
        (extra / f"uji{suffix}").write_bytes(buffer.getvalue())
    return folder, port, result.output


@pytest.fixture(scope="module")
def server(site):
    folder, port, output = site
    server = start_nginx(folder / "nginx", output, port)
    yield server
    stop_nginx(server)


def url_path(server: Server, file: Path) -> str:
    relative = file.relative_to(server.root).as_posix()
    return "/" + (relative.removesuffix("index.html") if file.name == "index.html" else relative)


# --- HTTP ----------------------------------------------------------------------------


def test_every_kind_of_file_has_its_content_type(server):
    seen: dict[str, str] = {}
    for file in all_files(server.root):
        key = file.name if file.name in FEED_TYPES else file.suffix
        if key in seen:
            continue
        expected = (
            FEED_TYPES.get(file.name) or TYPES.get(file.suffix) or OTHER_TYPES.get(file.suffix)
        )
        assert expected, f"no expected Content-Type for {file.name}: add it to TYPES"
        status, headers, _body = get(server, url_path(server, file))
        assert status == 200, file
        assert headers["content-type"] == expected, file
        seen[key] = expected
    for must in (
        "rss.xml",
        "atom.xml",
        "feed.json",
        ".avif",
        ".webp",
        ".pf_fragment",
        ".pagefind",
        ".html",
        ".xml",
    ):
        assert must in seen, f"the sample site has no {must} to check"


def test_security_headers_on_pages_feeds_assets_and_errors(server):
    feeds = sorted(server.root.glob("feed/*"))
    paths = ["/", "/cari/", "/tidak-ada-halaman-ini/", *(url_path(server, f) for f in feeds)]
    for path in paths:
        _status, headers, _body = get(server, path)
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name)
        csp = headers["content-security-policy"]
        assert "script-src 'self' 'wasm-unsafe-eval'" in csp
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "server" not in headers or "nginx/" not in headers["server"]


def test_the_custom_404_page(server):
    status, headers, body = get(server, "/2016/09/berita-yang-tidak-ada/")
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert body == (server.root / "404.html").read_bytes()


def test_text_is_gzipped_and_the_pagefind_index_is_not_twice(server):
    for path in ("/", "/feed/rss.xml", "/feed/feed.json", "/sitemap.xml", "/theme/css/lintas.css"):
        status, headers, body = get(server, path, {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("content-encoding") == "gzip", path
        assert "Accept-Encoding" in headers.get("vary", "")
        assert gzip.decompress(body)
    fragment = next(server.root.glob("pagefind/fragment/*.pf_fragment"))
    _status, headers, _body = get(server, url_path(server, fragment), {"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers  # already gzip inside


def test_hashed_assets_are_immutable_and_news_is_short_lived(server):
    hashed = [
        *sorted(server.root.glob("pagefind/fragment/*"))[:1],
        *sorted(server.root.glob("pagefind/index/*"))[:1],
        *sorted(server.root.glob("pagefind/*.pf_meta")),
        *[p for p in all_files(server.root / "media") if "zz-test" not in p.parts][:3],
    ]
    assert len(hashed) >= 4
    for file in hashed:
        _status, headers, _body = get(server, url_path(server, file))
        assert headers["cache-control"] == HASHED_CACHE, file
    short = ["/", "/cari/", "/feed/rss.xml", "/feed/atom.xml", "/feed/feed.json", "/sitemap.xml"]
    for path in [*short, f"/{ARTICLE}/"]:
        _status, headers, _body = get(server, path)
        assert headers["cache-control"] == SHORT_CACHE, path
    # The entry point names the current index: never cached for long.
    _status, headers, _body = get(server, "/pagefind/pagefind-entry.json")
    assert "immutable" not in headers["cache-control"]


def test_redirects_stay_relative_and_hidden_files_are_not_served(server):
    path = f"/{ARTICLE}"
    status, headers, _body = get(server, path)
    assert status == 301
    assert headers["location"] == path + "/"
    (server.root / ".rahasia").write_text("ZQXHIDDEN", encoding="utf-8")
    status, _headers, body = get(server, "/.rahasia")
    assert status == 404 and b"ZQXHIDDEN" not in body


# --- the browser ---------------------------------------------------------------------------


@pytest.mark.browser
def test_home_article_and_search_run_clean_under_the_policy(server, browser):
    pages = {
        "/": NETWORK_IDLE,
        f"/{ARTICLE}/": NETWORK_IDLE,
        # The search page runs Pagefind (WebAssembly) and shows results.
        "/cari/?q=kotamobagu": ".pagefind-ui__result",
        "/2016/09/berita-yang-tidak-ada/": NETWORK_IDLE,
    }
    found = {path: visit(browser, server.base + path, wait) for path, wait in pages.items()}
    problems = {path: p for path, p in found.items() if p}
    if problems and "photos" not in PLUGINS:
        originals = {p.name for p in (ROOT / "content").rglob("*.jpg")}
        rest = {
            path: [p for p in found_here if not _is_missing_original(p, originals)]
            for path, found_here in problems.items()
        }
        if not any(rest.values()):
            pytest.xfail(
                "pending plugins/photos: the only problems are photo originals the pages "
                f"link to without renditions ({sum(map(len, problems.values()))} requests)"
            )
    assert problems == {}


def _is_missing_original(problem: str, originals: set[str]) -> bool:
    """A 404 for a photo original (and chromium's console line about it)."""
    if problem.startswith("404: "):
        return problem.rsplit("/", 1)[-1] in originals
    return problem == (
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)"
    )


@pytest.mark.browser
def test_search_needs_wasm_unsafe_eval_and_nothing_more(server, browser):
    """Check of the policy's one exception: without 'wasm-unsafe-eval' the
    search page breaks (a violation is reported); with it, it runs (above)."""
    reconfigure(server, csp_without="'wasm-unsafe-eval'")
    try:
        problems = visit(browser, server.base + "/cari/?q=kotamobagu", NETWORK_IDLE)
    finally:
        reconfigure(server)
    assert any("wasm-unsafe-eval" in p or "WebAssembly" in p for p in problems), problems


def test_nginx_logged_no_error(server):
    """Nothing nginx had to complain about (missing files aside: the 404 tests)."""
    log = server.error_log.read_text(encoding="utf-8") if server.error_log.exists() else ""
    serious = [
        line
        for line in log.splitlines()
        if re.search(r"\[(emerg|alert|crit|error)\]", line)
        and "No such file" not in line
        and "is not found" not in line
    ]
    assert serious == []


def test_the_template_has_all_its_placeholders_and_no_leftovers(tmp_path):
    text = CONF.read_text(encoding="utf-8")
    for placeholder in ("@SITE_ROOT@", "@LISTEN@", "@SERVER_NAME@"):
        assert placeholder in text
    rendered = render_conf(tmp_path, 8080)
    assert "@" not in re.sub(r"#.*", "", rendered)
