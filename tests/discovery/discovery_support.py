"""Helpers for the discovery tests: read what the build wrote, as a crawler would."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import lxml.html

ROOT = Path(__file__).resolve().parents[2]

# The seed-modelled story (an advertorial with photos and a correction).
SEED_SLUG = "pemkot-kotamobagu-teken-mou-smart-city"
SEED_PAGE = Path("2016/09") / SEED_SLUG / "index.html"
SEED_CORRECTION_ISO = "2016-09-04T10:15:00+08:00"
# Marker words carried only by the test draft and the 2099 embargoed story.
HIDDEN_MARKERS = ("ZQXDRAFTMARKER", "ZQXEMBARGOMARKER")
ARTICLE_PAGE = re.compile(r"^\d{4}/\d{2}/[a-z0-9-]+/index\.html$")
PAGEFIND_PREFIX = b"pagefind_dcd"  # every decompressed Pagefind file starts with it


def root_conftest() -> ModuleType:
    """The shared build helpers: tests/sitebuild.py."""
    import sitebuild

    return sitebuild


def html_pages(output: Path) -> list[Path]:
    """Every HTML page of the site (the Pagefind bundle holds none); not the ad
    slots' fragments (lintas/plugins/ads, ``_iklan/``): parts of pages, never pages."""
    return sorted(
        p
        for p in output.rglob("*.html")
        if p.is_file() and "_iklan" not in p.relative_to(output).parts
    )


def article_pages(output: Path) -> list[Path]:
    return [p for p in html_pages(output) if ARTICLE_PAGE.match(p.relative_to(output).as_posix())]


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def json_ld(doc: lxml.html.HtmlElement) -> list[dict]:
    blocks = []
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        blocks.extend(data if isinstance(data, list) else [data])
    return blocks


def of_type(blocks: list[dict], *types: str) -> list[dict]:
    return [b for b in blocks if b.get("@type") in types]


def meta(doc: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """Open Graph (property) and Twitter/description (name) tags, repeated keys kept."""
    found: dict[str, list[str]] = {}
    for tag in doc.xpath("//head/meta[@property or @name]"):
        key = tag.get("property") or tag.get("name")
        found.setdefault(key, []).append(tag.get("content"))
    return found


def canonical_links(doc: lxml.html.HtmlElement) -> list[str]:
    return doc.xpath('//link[@rel="canonical"]/@href')


def page_url(output: Path, page: Path, site_url: str) -> str:
    """The public URL of a written file (``a/b/index.html`` → ``SITEURL/a/b/``)."""
    relative = page.relative_to(output).as_posix()
    if relative == "index.html":
        relative = ""
    elif relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return f"{site_url.rstrip('/')}/{relative}"


def local_file(output: Path, url: str, site_url: str) -> Path:
    """The output file an absolute site URL points at."""
    assert url.startswith(site_url.rstrip("/") + "/"), f"{url} is not under {site_url}"
    path = urlsplit(url).path[len(urlsplit(site_url).path.rstrip("/")) :].lstrip("/")
    target = output / path
    return target / "index.html" if url.endswith("/") else target


def pagefind_files(output: Path) -> list[Path]:
    return sorted(p for p in (output / "pagefind").rglob("*") if p.is_file())


def pagefind_bytes(path: Path) -> bytes:
    """A Pagefind file as it is searched: index, filter, fragment and meta files are gzip."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def pagefind_fragments(output: Path) -> list[dict]:
    """One JSON record per indexed page: url, content, filters, meta."""
    records = []
    for path in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = pagefind_bytes(path)
        assert data.startswith(PAGEFIND_PREFIX), path
        records.append(json.loads(data[len(PAGEFIND_PREFIX) :]))
    return records


def site_url_of(output: Path) -> str:
    """SITEURL of a build, read back from the home page's canonical link."""
    (home,) = canonical_links(parse(output / "index.html"))
    return home.rstrip("/")
