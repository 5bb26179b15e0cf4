"""Real serving: Debian's nginx runs deploy/nginx.conf on 127.0.0.1 over a
publish build of the sample portal; HTTP requests check types, compression,
caching, the 404 page and the security headers; chromium loads the pages and
must see zero CSP violations and zero console errors.

The rules that do not need the sample (``nginx -t`` without warnings, folder
URLs, CORS on feeds, caching of content-hashed theme files, the HTTP/2 + TLS
example) run against a small hand-made site as well, so they need no build.

Fails, never skips, when nginx or chromium is missing (`make system-deps`).
"""

from __future__ import annotations

import gzip
import io
import re
import shutil
import socket
import ssl
import subprocess
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
    check_conf,
    free_port,
    get,
    reconfigure,
    render_conf,
    start_nginx,
    stop_nginx,
    visit,
    with_tls_example,
)

# The sample story with the most photos (a gallery): the page that loads the most.
ARTICLE = "2016/09/pemkot-kotamobagu-teken-mou-smart-city"
PLUGINS = [short_name(p) for p in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]]
HASHED_CACHE = "public, max-age=31536000, immutable"
# What another build step names theme files: <name>.<hex content hash>.<ext>.
HASHED_THEME_FILE = "theme/css/lintas.3f9a0c1be2d4.css"
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
    # A content-hashed theme file, whether or not the theme names its files so yet.
    hashed = result.output / HASHED_THEME_FILE
    if not hashed.exists():
        shutil.copyfile(result.output / "theme/css/lintas.css", hashed)
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
    _status, headers, _body = get(server, "/" + HASHED_THEME_FILE)
    assert headers["cache-control"] == HASHED_CACHE
    short = ["/", "/cari/", "/feed/rss.xml", "/feed/atom.xml", "/feed/feed.json", "/sitemap.xml"]
    for path in [*short, f"/{ARTICLE}/", "/theme/css/lintas.css"]:
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


def test_every_folder_without_a_page_answers_the_site_404(server):
    folders = [
        folder
        for folder in sorted(server.root.rglob("*"))
        if folder.is_dir()
        and not (folder / "index.html").exists()
        and not any(part.startswith(".") for part in folder.relative_to(server.root).parts)
    ]
    assert any(f.relative_to(server.root).as_posix() == "feed" for f in folders)
    assert any(f.relative_to(server.root).as_posix() == "2016/09" for f in folders)
    not_found = (server.root / "404.html").read_bytes()
    for folder in folders:
        path = url_path(server, folder) + "/"
        status, headers, body = get(server, path)
        assert (status, body) == (404, not_found), path
        assert headers["content-type"] == "text/html; charset=utf-8", path


def test_feeds_and_only_feeds_allow_other_origins(server):
    for feed in [p for p in all_files(server.root) if p.name in FEED_TYPES][:40]:
        _status, headers, _body = get(server, url_path(server, feed))
        assert headers.get("access-control-allow-origin") == "*", feed
    for path in ("/", f"/{ARTICLE}/", "/sitemap.xml", "/robots.txt", "/tidak-ada/"):
        _status, headers, _body = get(server, path)
        assert "access-control-allow-origin" not in headers, path


# --- the rules on a hand-made site (no build needed) ---------------------------------------

HANDMADE = {
    "index.html": "<!doctype html><title>Beranda</title>",
    "404.html": "<!doctype html><title>Tidak ditemukan</title>ZQX404",
    "2016/09/berita/index.html": "<!doctype html><title>Berita</title>",
    "feed/rss.xml": "<rss/>",
    "feed/atom.xml": "<feed/>",
    "feed/feed.json": "{}",
    "feed/berita/feed.json": "{}",
    "kategori/ekonomi/feed/rss.xml": "<rss/>",
    "sitemap.xml": "<sitemapindex/>",
    "sitemap-2016.xml": "<urlset/>",
    "robots.txt": "User-agent: *\n",
    "theme/css/lintas.css": "body{}",
    "theme/css/lintas.3f9a0c1be2d4.css": "body{}",
    "theme/js/share.0a1b2c3d.js": "void 0;",
    "theme/css/lintas.min.css": "body{}",
    "theme/img/icon-512.png": "png",
}


@pytest.fixture(scope="module")
def handmade(tmp_path_factory):
    folder = tmp_path_factory.mktemp("handmade")
    root = folder / "site"
    for relative, text in HANDMADE.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    (root / "kosong").mkdir()  # a folder with nothing at all
    server = start_nginx(folder / "nginx", root, free_port())
    yield server
    stop_nginx(server)


def test_nginx_t_prints_no_warning(tmp_path):
    result = check_conf(tmp_path, render_conf(tmp_path, free_port()))
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


def test_folder_urls_answer_the_page_a_redirect_or_the_site_404(handmade):
    not_found = (handmade.root / "404.html").read_bytes()
    for path in ("/2016/09/", "/2016/", "/feed/", "/feed/berita/", "/kosong/", "/tidak-ada/"):
        status, headers, body = get(handmade, path)
        assert (status, body) == (404, not_found), path
        assert headers["content-type"] == "text/html; charset=utf-8", path
        assert headers["cache-control"] == SHORT_CACHE, path
    status, _headers, body = get(handmade, "/2016/09/berita/")
    assert status == 200 and b"Berita" in body
    status, _headers, body = get(handmade, "/")
    assert status == 200 and b"Beranda" in body
    for path, location in (
        ("/2016/09/berita", "/2016/09/berita/"),
        ("/2016/09/berita?utm_source=wa", "/2016/09/berita/?utm_source=wa"),
    ):
        status, headers, _body = get(handmade, path)
        assert (status, headers["location"]) == (301, location), path
    # A folder without a page gets no redirect: straight to the 404.
    for path in ("/2016/09", "/feed", "/kosong"):
        status, _headers, body = get(handmade, path)
        assert (status, body) == (404, not_found), path
    log = handmade.error_log.read_text(encoding="utf-8")
    assert "forbidden" not in log  # the index module's 403 never happens


def test_types_cors_and_caching_on_the_handmade_site(handmade):
    expected = {
        "/feed/rss.xml": ("application/rss+xml; charset=utf-8", "*"),
        "/feed/atom.xml": ("application/atom+xml; charset=utf-8", "*"),
        "/feed/feed.json": ("application/feed+json; charset=utf-8", "*"),
        "/feed/berita/feed.json": ("application/feed+json; charset=utf-8", "*"),
        "/kategori/ekonomi/feed/rss.xml": ("application/rss+xml; charset=utf-8", "*"),
        "/sitemap.xml": ("application/xml; charset=utf-8", None),
        "/sitemap-2016.xml": ("application/xml; charset=utf-8", None),
        "/robots.txt": ("text/plain; charset=utf-8", None),
        "/": ("text/html; charset=utf-8", None),
    }
    for path, (mime, origin) in expected.items():
        status, headers, _body = get(handmade, path)
        assert status == 200, path
        assert headers["content-type"] == mime, path
        assert headers.get("access-control-allow-origin") == origin, path
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name)  # CORS dropped none of them
    for path in ("/theme/css/lintas.3f9a0c1be2d4.css", "/theme/js/share.0a1b2c3d.js"):
        assert get(handmade, path)[1]["cache-control"] == HASHED_CACHE, path
    for path in ("/theme/css/lintas.css", "/theme/css/lintas.min.css", "/theme/img/icon-512.png"):
        assert get(handmade, path)[1]["cache-control"] == SHORT_CACHE, path


def test_the_tls_example_serves_http2(handmade, tmp_path):
    openssl = shutil.which("openssl")
    assert openssl, "openssl is missing: run `make system-deps`"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    plain, tls = free_port(), free_port()
    text = with_tls_example(render_conf(handmade.root, plain), cert, key, tls)
    check = check_conf(tmp_path / "check", text)
    assert check.returncode == 0 and "[warn]" not in check.stderr, check.stderr
    server = start_nginx(tmp_path / "nginx", handmade.root, plain, text=text)
    try:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # a throwaway certificate
        context.set_alpn_protocols(["h2", "http/1.1"])
        with (
            socket.create_connection(("127.0.0.1", tls), timeout=10) as raw,
            context.wrap_socket(raw, server_hostname="localhost") as secure,
        ):
            assert secure.selected_alpn_protocol() == "h2"
    finally:
        stop_nginx(server)


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
    # Placeholders are @UPPER_CASE@; nginx's named locations (@folder) are not.
    assert not re.search(r"@[A-Z_]+@", rendered)
