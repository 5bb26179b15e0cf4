"""Helpers shared by the reader-theme tests: settings, built pages, URLs."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from sitebuild import CHROMIUM, CHROMIUM_ARGS, ROOT  # noqa: F401 (re-exported)

NODE_MODULES = ROOT / "node_modules"
ARTIFACTS = ROOT / "tests" / "artifacts"
# The story modelled on the seed article (/work/shared/reference/seed-article.txt).
SEED_PATH = "/2016/09/pemkot-kotamobagu-teken-mou-smart-city/"
# Our own files only: budgets are about the theme, photos are counted separately.
BUDGET_BYTES = 50 * 1024


@functools.cache
def settings() -> dict:
    """The development settings the ``sample_output`` fixture builds with."""
    from lintas.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))


def site_url() -> str:
    return settings()["SITEURL"].rstrip("/")


def served_bytes(path: Path, output: Path) -> bytes:
    """A page as nginx sends it: its ad slots' SSI fragments included."""
    from lintas.core.ssi import expand_includes, file_reader

    return expand_includes(path.read_bytes(), file_reader(output))


def parse(path: Path, output: Path | None = None) -> lxml.html.HtmlElement:
    """A written page; as served (fragments included) when ``output`` is given."""
    data = path.read_bytes() if output is None else served_bytes(path, output)
    return lxml.html.fromstring(data)


def html_files(output: Path) -> list[Path]:
    """Every page; not the ad slots' fragments (plugins/ads), which are parts of
    pages and are checked through the pages that include them."""
    fragments = output / settings()["ADS_OUTPUT_DIR"]
    return sorted(p for p in output.rglob("*.html") if not p.is_relative_to(fragments))


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
