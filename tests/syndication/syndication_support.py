"""The feed rules of news-requirements.md ("Feeds") and the W3C Feed Validation
Service's checks, as functions that list every violation in a built feed.

The validator itself is a web service we cannot reach from here; what it flags
for our kind of feed (relative URLs and scripts in content, duplicate guids,
several enclosures, a missing or wrong self link, a wrong weekday, dates in the
future, a bad ``media:medium``, non-numeric sizes) is encoded below, together
with the aggregator-facing rules of the brief.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
FEED_NAMES = ("rss.xml", "atom.xml", "feed.json")
# RFC 822 as the RSS profile writes it, with the WITA offset and no zone name.
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0800$"
)
W3C_WITA = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORBIDDEN_ELEMENTS = ("script", "iframe", "object", "embed", "style", "form", "picture", "source")
FORBIDDEN_ATTRIBUTES = ("style", "srcset", "sizes", "loading", "fetchpriority", "decoding", "class")
MAX_FEED_BYTES = 2_000_000
MAX_ITEMS = 50


def feed_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*") if p.name in FEED_NAMES and p.is_file())


def url_of(output: Path, path: Path, siteurl: str) -> str:
    return f"{siteurl}/{path.relative_to(output).as_posix()}"


def local_file(output: Path, siteurl: str, url: str) -> Path | None:
    """The output file behind one of our absolute URLs (None for other hosts)."""
    if not url.startswith(siteurl + "/"):
        return None
    return output / url[len(siteurl) + 1 :]


def rfc822(text: str) -> datetime:
    return parsedate_to_datetime(text)


def html_problems(fragment: str, where: str) -> list[str]:
    """What readers and validators reject in item HTML."""
    if not fragment.strip():
        return []
    problems = []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for name in FORBIDDEN_ELEMENTS:
        if root.xpath(f"//{name}"):
            problems.append(f"{where}: <{name}> in the content")
    for element in root.iter(etree.Element):
        for attribute, value in element.attrib.items():
            lowered = attribute.lower()
            if lowered.startswith("on") or lowered in FORBIDDEN_ATTRIBUTES:
                problems.append(f"{where}: {attribute}= on <{element.tag}>")
            if lowered in ("href", "src"):
                scheme = urlsplit(value).scheme
                if scheme not in ("http", "https", "mailto", "tel"):
                    problems.append(f"{where}: relative or unsafe URL {attribute}={value!r}")
    for image in root.iter("img"):
        for attribute in ("src", "alt"):
            if attribute not in image.attrib:
                problems.append(f"{where}: <img> without {attribute}")
    return problems


def rss_problems(
    data: bytes,
    self_url: str,
    output: Path | None,
    siteurl: str,
    now: datetime,
    home_url: str | None = None,
) -> list[str]:
    """Every rule an RSS feed of ours breaks. With ``output``, enclosure lengths
    are compared with the files the URLs point to."""
    problems = []
    if len(data) > MAX_FEED_BYTES:
        problems.append(f"{len(data)} bytes, over {MAX_FEED_BYTES}")
    if CONTROL.search(data.decode("utf-8")):
        problems.append("control characters in the feed")
    root = etree.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        problems.append("not RSS 2.0")
    if root.nsmap.get("media") != NS["media"]:
        problems.append("the media namespace is not declared at the root")
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel <{name}> missing or empty")
    if channel.findtext("language") != "id":
        problems.append("channel language is not 'id'")
    if home_url and channel.findtext("link") != home_url:
        problems.append(f"channel <link> {channel.findtext('link')} is not {home_url}")
    atom_links = channel.findall("atom:link", NS)
    selfs = [a for a in atom_links if a.get("rel") == "self"]
    if len(selfs) != 1 or selfs[0].get("href") != self_url:
        problems.append(f"self link is not {self_url}")
    elif atom_links[0] is not selfs[0]:
        problems.append("the self link is not the first atom:link")
    elif selfs[0].get("type") != "application/rss+xml":
        problems.append("self link type is not application/rss+xml")

    items = channel.findall("item")
    if len(items) > MAX_ITEMS:
        problems.append(f"{len(items)} items, over {MAX_ITEMS}")
    published, updated, guids = [], [], set()
    for number, item in enumerate(items, 1):
        where = f"item {number}"
        title, link = item.findtext("title") or "", item.findtext("link") or ""
        if not title.strip():
            problems.append(f"{where}: no title")
        if not link.startswith(siteurl + "/"):
            problems.append(f"{where}: link {link!r} is not an absolute URL of the site")
        guid = item.find("guid")
        if guid is None or guid.text != link or guid.get("isPermaLink") != "true":
            problems.append(f"{where}: guid is not the permalink with isPermaLink=true")
        elif guid.text in guids:
            problems.append(f"{where}: duplicate guid {guid.text}")
        else:
            guids.add(guid.text)
        date_text = item.findtext("pubDate") or ""
        if not RFC822.match(date_text):
            problems.append(f"{where}: pubDate {date_text!r} is not RFC 822 with +0800")
        else:
            moment = rfc822(date_text)
            if moment.strftime("%a") != date_text[:3]:
                problems.append(f"{where}: wrong weekday in {date_text!r}")
            if moment > now:
                problems.append(f"{where}: pubDate in the future")
            published.append(moment)
        modified = item.findtext("dcterms:modified", namespaces=NS)
        if not modified or not W3C_WITA.match(modified):
            problems.append(f"{where}: dcterms:modified {modified!r} missing or without +08:00")
        else:
            updated.append(datetime.fromisoformat(modified))
        children = [child.tag for child in item]
        description = "description" in children
        encoded = f"{{{NS['content']}}}encoded"
        if not description:
            problems.append(f"{where}: no description")
        elif encoded in children and children.index(encoded) < children.index("description"):
            problems.append(f"{where}: content:encoded before description")
        problems += html_problems(item.findtext("content:encoded", namespaces=NS) or "", where)
        problems += html_problems(item.findtext("description") or "", f"{where} description")
        if not [c for c in item.findall("dc:creator", NS) if (c.text or "").strip()]:
            problems.append(f"{where}: no dc:creator")
        if not item.findall("category"):
            problems.append(f"{where}: no category")
        categories = [c.text for c in item.findall("category")]
        if "Advertorial" in categories and not title.startswith("[Advertorial] "):
            problems.append(f"{where}: an advertorial without the label in its title")
        problems += _image_problems(item, where, output, siteurl)

    if published != sorted(published, reverse=True):
        problems.append("items are not newest first")
    build_date = channel.findtext("lastBuildDate")
    if items and (not build_date or rfc822(build_date) != max(updated, default=None)):
        problems.append(f"lastBuildDate {build_date} is not the newest item's date")
    if channel.findall(".//media:group", NS):
        problems.append("media:group present")
    return problems


def _image_problems(item, where: str, output: Path, siteurl: str) -> list[str]:
    problems = []
    enclosures = item.findall("enclosure")
    contents = item.findall("media:content", NS)
    thumbnails = item.findall("media:thumbnail", NS)
    if len(enclosures) > 1:
        problems.append(f"{where}: {len(enclosures)} enclosures")
    if len(contents) > 1:
        problems.append(f"{where}: {len(contents)} media:content")
    if not contents:
        if enclosures or thumbnails:
            problems.append(f"{where}: enclosure or thumbnail without media:content")
        return problems
    content = contents[0]
    url = content.get("url", "")
    if content.get("medium") != "image":
        problems.append(f"{where}: media:content medium is not 'image'")
    for size in ("width", "height"):
        if not (content.get(size) or "").isdigit():
            problems.append(f"{where}: media:content without a numeric {size}")
    if not url.startswith(("http://", "https://")):
        problems.append(f"{where}: media:content url is not absolute")
    encoded = item.findtext("content:encoded", namespaces=NS) or ""
    if url not in encoded:
        problems.append(f"{where}: the image {url} is not in content:encoded")
    if [t.get("url") for t in thumbnails] != [url]:
        problems.append(f"{where}: media:thumbnail missing or not the same URL")
    if enclosures:
        enclosure = enclosures[0]
        if enclosure.get("url") != url:
            problems.append(f"{where}: enclosure and media:content differ")
        length = enclosure.get("length", "")
        if not length.isdigit() or int(length) <= 0:
            problems.append(f"{where}: enclosure length {length!r}")
        if not (enclosure.get("type") or "").startswith("image/"):
            problems.append(f"{where}: enclosure type {enclosure.get('type')!r}")
        file = local_file(output, siteurl, url) if output is not None else None
        if file is not None and (not file.is_file() or file.stat().st_size != int(length or 0)):
            problems.append(f"{where}: enclosure length is not the size of {file}")
    return problems


def atom_problems(data: bytes, self_url: str, siteurl: str, now: datetime) -> list[str]:
    problems = []
    if len(data) > MAX_FEED_BYTES:
        problems.append(f"{len(data)} bytes, over {MAX_FEED_BYTES}")
    root = etree.fromstring(data)
    atom = NS["atom"]
    if root.tag != f"{{{atom}}}feed":
        return ["not an Atom feed"]
    if root.get("{http://www.w3.org/XML/1998/namespace}lang") != "id":
        problems.append("xml:lang is not 'id'")
    for name in ("id", "title", "updated"):
        if not (root.findtext(f"atom:{name}", namespaces=NS) or "").strip():
            problems.append(f"feed <{name}> missing")
    links = root.findall("atom:link", NS)
    if not links or links[0].get("rel") != "self" or links[0].get("href") != self_url:
        problems.append(f"the first link is not rel=self {self_url}")
    if not [link for link in links if link.get("rel") == "alternate"]:
        problems.append("no alternate link to the site")
    entries = root.findall("atom:entry", NS)
    published, updated, ids = [], [], set()
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}"
        entry_links = entry.findall("atom:link", NS)
        if len(entry_links) != 1 or entry_links[0].get("rel") not in (None, "alternate"):
            problems.append(f"{where}: not exactly one alternate link (enclosure links?)")
        href = entry_links[0].get("href") if entry_links else None
        entry_id = entry.findtext("atom:id", namespaces=NS)
        if entry_id != href:
            problems.append(f"{where}: id {entry_id} is not the permalink {href}")
        if entry_id in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(entry_id)
        for name, bucket in (("published", published), ("updated", updated)):
            text = entry.findtext(f"atom:{name}", namespaces=NS) or ""
            if not W3C_WITA.match(text):
                problems.append(f"{where}: {name} {text!r} without +08:00")
            else:
                bucket.append(datetime.fromisoformat(text))
        if published and published[-1] > now:
            problems.append(f"{where}: published in the future")
        content = entry.find("atom:content", NS)
        if content is not None:
            if content.get("type") != "html":
                problems.append(f"{where}: content type {content.get('type')!r}, not html")
            problems += html_problems(content.text or "", where)
        if not entry.findall("atom:author/atom:name", NS):
            problems.append(f"{where}: no author")
    if published != sorted(published, reverse=True):
        problems.append("entries are not newest first")
    feed_updated = root.findtext("atom:updated", namespaces=NS)
    if entries and datetime.fromisoformat(feed_updated) != max(updated, default=None):
        problems.append("feed updated is not the newest entry's date")
    return problems


def json_feed_problems(data: bytes, self_url: str) -> list[str]:
    problems = []
    feed = json.loads(data)
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("not JSON Feed 1.1")
    if feed.get("feed_url") != self_url:
        problems.append("feed_url is not the feed's own URL")
    for key in ("title", "home_page_url", "language", "authors", "items"):
        if not feed.get(key):
            problems.append(f"no {key}")
    for number, item in enumerate(feed.get("items", []), 1):
        where = f"item {number}"
        if not item.get("id") or item.get("id") != item.get("url"):
            problems.append(f"{where}: id is not the permalink")
        if not (item.get("content_html") or item.get("content_text")):
            problems.append(f"{where}: no content")
        for key in ("date_published", "date_modified"):
            if not W3C_WITA.match(item.get(key, "")):
                problems.append(f"{where}: {key} without +08:00")
        problems += html_problems(item.get("content_html", ""), where)
    return problems


# -- sitemaps against the XSDs (tests/syndication/xsd/README.md) ---------------------

XSD_DIR = Path(__file__).resolve().parent / "xsd"
_SCHEMAS: dict[str, etree.XMLSchema] = {}


def _schema(name: str) -> etree.XMLSchema:
    if name not in _SCHEMAS:
        _SCHEMAS[name] = etree.XMLSchema(etree.parse(str(XSD_DIR / name)))
    return _SCHEMAS[name]


def sitemap_problems(data: bytes) -> list[str]:
    """What the sitemaps.org 0.9 XSDs (and Google's news XSD, for the news
    elements inside a urlset) reject in one sitemap or sitemap index file."""
    root = etree.fromstring(data)
    schemas = {
        f"{{{NS['sm']}}}urlset": "urlset.xsd",
        f"{{{NS['sm']}}}sitemapindex": "siteindex.xsd",
    }
    if root.tag not in schemas:
        return [f"root element {root.tag} is neither a urlset nor a sitemapindex"]
    schema = _schema(schemas[root.tag])
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def sitemap_tree(output: Path, siteurl: str, index: str = "sitemap.xml") -> dict[str, bytes]:
    """The sitemap index and every file it lists: {output-relative path: bytes}.
    Raises AssertionError on a listed file that is not in the output."""
    files = {index: (output / index).read_bytes()}
    root = etree.fromstring(files[index])
    for loc in root.iterfind("sm:sitemap/sm:loc", NS):
        file = local_file(output, siteurl, loc.text)
        assert file is not None and file.is_file(), f"the index lists {loc.text}: not in the output"
        files[file.relative_to(output).as_posix()] = file.read_bytes()
    return files
