"""Fixtures of the reader-theme tests: the sample portal served over HTTP, and
Debian's chromium (never a downloaded browser).

The site is served on a free port and chromium is told (``--host-rules``) to
send the site's own origin (SITEURL, http://127.0.0.1:8000 in development)
there: no test binds a fixed port, and nothing else listening on 8000 can
answer in its place.

The server behaves like deploy/nginx.conf where a browser can tell: text is
gzipped (Lighthouse would otherwise time an uncompressed page no reader gets)
every response carries the production Content-Security-Policy, so an
inline script or style the theme slipped in shows up as a console error, and
pages get their ad slots' fragments included as nginx's ``ssi on`` does.
(Serving through nginx itself is tested in tests/robustness.)
"""

from __future__ import annotations

import functools
import gzip
import io
import re
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from theme_support import CHROMIUM, ROOT, site_url  # noqa: E402

from lintas.core.ssi import expand_includes, file_reader  # noqa: E402

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
GZIP_LEVEL = 5  # nginx.conf's gzip_comp_level


def production_csp() -> str:
    """The Content-Security-Policy nginx sends (its one home is deploy/nginx.conf)."""
    match = re.search(r'\$lintas_csp\s*\{\s*default\s+"([^"]+)"', NGINX_CONF.read_text("utf-8"))
    if match is None:
        pytest.fail(f"no $lintas_csp map in {NGINX_CONF}: the theme tests serve with that CSP")
    return match.group(1)


class _SiteHandler(SimpleHTTPRequestHandler):
    csp = ""

    def log_message(self, format, *args):  # the base class's signature
        pass

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        is_page = path.suffix == ".html" and path.is_file()
        if not (is_page or (wants_gzip and path.is_file() and content_type.startswith(GZIP_TYPES))):
            return super().send_head()
        body = path.read_bytes()
        if is_page:  # nginx's `ssi on`: the ad slots' fragments included (lintas.core.ssi)
            body = expand_includes(body, file_reader(Path(self.directory)))
        if wants_gzip:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if wants_gzip:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def served_site(sample_output) -> dict:
    """``{"url": SITEURL, "port": real port, "host_rules": chromium's mapping}``."""
    site = urlsplit(site_url())
    if site.scheme != "http":
        pytest.fail(f"the theme's browser tests need an http SITEURL, got {site_url()}")
    handler_class = type("Handler", (_SiteHandler,), {"csp": production_csp()})
    handler = functools.partial(handler_class, directory=str(sample_output))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    port = httpd.server_address[1]
    own = f"{site.hostname}:{site.port or 80}"
    yield {"url": site_url(), "port": port, "host_rules": f"MAP {own} 127.0.0.1:{port}"}
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt-get install chromium)")
    return CHROMIUM
