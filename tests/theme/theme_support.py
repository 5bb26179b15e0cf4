"""Helpers shared by the reader-theme tests: settings, built pages, URLs, and
the fixtures that serve the sample portal to Debian's chromium.

The site is served on a free port and chromium is told (``--host-rules``) to
send the site's own origin (SITEURL, http://127.0.0.1:8000 in development)
there: no test binds a fixed port, and nothing else listening on 8000 can
answer in its place. Test modules import the fixtures they use by name.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# news-requirements.md: Debian's chromium, never a downloaded browser.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The story modelled on the seed article (/work/shared/reference/seed-article.txt).
SEED_PATH = "/2016/09/pemkot-kotamobagu-teken-mou-smart-city/"
# Our own files only: budgets are about the theme, photos are counted separately.
BUDGET_BYTES = 50 * 1024


@functools.cache
def settings() -> dict:
    """The development settings the ``sample_output`` fixture builds with."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))


def site_url() -> str:
    return settings()["SITEURL"].rstrip("/")


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def page_path(output: Path, url_path: str) -> Path:
    """The file a URL path is served from (``/a/b/`` → ``a/b/index.html``)."""
    relative = unquote(url_path).lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return output / relative


def local_path(url: str, base: str | None = None) -> str | None:
    """The path of a URL on our own site, or None for anything elsewhere.

    ``base`` is the URL of the page the link is on (for relative links).
    """
    parts = urlsplit(urljoin(base or site_url() + "/", url))
    own = urlsplit(site_url())
    if (parts.scheme, parts.netloc) == (own.scheme, own.netloc):
        return parts.path
    return None


def url_of(output: Path, file: Path) -> str:
    relative = file.relative_to(output).as_posix()
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return f"{site_url()}/{relative}"


def article_files(output: Path) -> list[Path]:
    """Every written story: /YYYY/MM/slug/index.html."""
    return sorted(p for p in output.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))


def text(element) -> str:
    return " ".join(element.text_content().split())


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
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
