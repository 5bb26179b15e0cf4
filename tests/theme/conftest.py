"""Fixtures of the reader-theme tests: the sample portal served over HTTP, and
Debian's chromium (never a downloaded browser).

The site is served on a free port and chromium is told (``--host-rules``) to
send the site's own origin (SITEURL, http://127.0.0.1:8000 in development)
there: no test binds a fixed port, and nothing else listening on 8000 can
answer in its place.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from theme_support import CHROMIUM, site_url  # noqa: E402


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the base class's signature
        pass


@pytest.fixture(scope="session")
def served_site(sample_output) -> dict:
    """``{"url": SITEURL, "port": real port, "host_rules": chromium's mapping}``."""
    site = urlsplit(site_url())
    if site.scheme != "http":
        pytest.fail(f"the theme's browser tests need an http SITEURL, got {site_url()}")
    handler = functools.partial(_QuietHandler, directory=str(sample_output))
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
