"""Read a built site the way a browser, a feed reader and a search box do, and
report what should not be there: active content (scripts, handlers, frames),
broken XML/JSON, control characters, location metadata in images.

Shared by the hostile-corpus, leak, privacy and determinism tests.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html
from PIL import Image
from sitebuild import all_files

from .images import EXIF_BODY_SERIAL, EXIF_CAMERA_SERIAL, EXIF_GPS_IFD, EXIF_IFD, EXIF_LENS_SERIAL

HTML_SUFFIXES = {".html", ".htm"}
XML_SUFFIXES = {".xml", ".rss", ".atom"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}
# Our own text outputs (third-party bundles such as Pagefind's JS are not ours to judge).
TEXT_SUFFIXES = HTML_SUFFIXES | XML_SUFFIXES | {".json", ".txt"}
GZIP_MAGIC = b"\x1f\x8b"
PAGEFIND_PREFIX = b"pagefind_dcd"

# Elements that execute or embed another document; never in our pages or feeds.
EMBEDDING_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href"}
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
# C0 controls other than tab, LF, CR: invalid in XML 1.0, noise everywhere else.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

RSS_HTML_FIELDS = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}
ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_HTML_TYPES = {"html", "xhtml"}


def read_bytes(path: Path) -> bytes:
    """File content, gunzipped when compressed (Pagefind's index and fragments)."""
    data = path.read_bytes()
    if data[:2] == GZIP_MAGIC:
        with contextlib.suppress(OSError, EOFError):  # not gzip after all: raw bytes
            data = gzip.decompress(data)
    return data


def pagefind_fragments(output: Path) -> Iterator[tuple[Path, dict]]:
    for path in sorted(output.rglob("*.pf_fragment")):
        data = read_bytes(path)
        if data.startswith(PAGEFIND_PREFIX):
            data = data[len(PAGEFIND_PREFIX) :]
        yield path, json.loads(data)


# --- active content ----------------------------------------------------------------


def _url_is_active(value: str) -> bool:
    return re.sub(r"[\x00-\x20]+", "", value).lower().startswith(ACTIVE_SCHEMES)


def html_findings(root, where: str, script_origins: tuple[str, ...] = ()) -> list[str]:
    """Active content in a parsed HTML tree. ``script_origins``: URL prefixes
    from which ``<script src>`` may load (empty: no script at all, as in feeds)."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        tag = element.tag.lower()
        if tag == "script":
            kind = (element.get("type") or "").lower()
            if kind == "application/ld+json" and script_origins:
                try:
                    json.loads(element.text or "")
                except ValueError as error:
                    found.append(f"{where}: JSON-LD that does not parse ({error}): broken out?")
            elif element.get("src") and script_origins:
                source = element.get("src")
                # "//evil.example/x.js" starts with "/" too: protocol-relative.
                if source.startswith("//") or not source.startswith(script_origins):
                    found.append(f"{where}: script from elsewhere: {source}")
                if (element.text or "").strip():
                    found.append(f"{where}: inline script code next to src")
            else:
                snippet = (element.text or "")[:60]
                found.append(f"{where}: inline <script> {snippet!r}")
        elif tag == "style":
            found.append(f"{where}: inline <style> element (blocked by the CSP)")
        elif tag in EMBEDDING_ELEMENTS:
            found.append(f"{where}: <{tag}> element")
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                found.append(f"{where}: <{tag} {name}=…> event handler")
            elif lowered == "style":
                found.append(f"{where}: <{tag} style=…> inline style (blocked by the CSP)")
            elif lowered in URL_ATTRIBUTES and _url_is_active(value):
                found.append(f"{where}: <{tag} {name}={value[:40]!r}>")
    return found


def html_fragment_findings(text: str, where: str) -> list[str]:
    """Active content in HTML carried as text (feed descriptions, content_html)."""
    if not text.strip():
        return []
    root = lxml_html.fragment_fromstring(text, create_parent="div")
    return html_findings(root, where)


def parse_xml(path: Path):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(path.read_bytes(), parser)


def is_html_field(element) -> bool:
    """Feed elements whose text is HTML: an RSS item's description and
    content:encoded, Atom text constructs of type html/xhtml. (An RSS channel
    description is plain text.)"""
    parent = element.getparent()
    if element.tag in RSS_HTML_FIELDS:
        return parent is not None and parent.tag == "item"
    return (
        element.tag in (f"{ATOM}content", f"{ATOM}summary", f"{ATOM}title")
        and element.get("type") in ATOM_HTML_TYPES
    )


def html_text(text: str) -> str:
    """What a reader sees of an HTML field: tags gone, entities decoded."""
    if not text.strip():
        return text
    return lxml_html.fragment_fromstring(text, create_parent="div").text_content()


def xml_findings(path: Path, output: Path) -> list[str]:
    where = str(path.relative_to(output))
    try:
        root = parse_xml(path)
    except etree.XMLSyntaxError as error:
        return [f"{where}: not well-formed XML: {error}"]
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname.lower()
        if local == "script":
            found.append(f"{where}: a <script> element in XML")
        if is_html_field(element):
            found += html_fragment_findings(element.text or "", f"{where} <{local}>")
    return found


def json_findings(path: Path, output: Path) -> list[str]:
    where = str(path.relative_to(output))
    try:
        data = json.loads(path.read_bytes())
    except ValueError as error:
        return [f"{where}: not valid JSON: {error}"]
    found = []
    for key, value in walk_json(data):
        if key == "content_html" and isinstance(value, str):
            found += html_fragment_findings(value, f"{where} content_html")
    return found


def walk_json(data, key: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from walk_json(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from walk_json(v, key)
    else:
        yield key, data


def json_strings(data) -> list[str]:
    return [v for _k, v in walk_json(data) if isinstance(v, str)]


def active_content(output: Path, siteurl: str) -> list[str]:
    """Every finding in every HTML page, feed, sitemap and JSON file of the site."""
    origins = (f"{siteurl}/", "/") if siteurl else ("/",)
    found = []
    for path in all_files(output):
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            data = path.read_bytes()
            if not data.strip():  # an ad slot with no banner: an empty fragment
                continue
            root = lxml_html.document_fromstring(data)
            found += html_findings(root, str(path.relative_to(output)), origins)
        elif suffix in XML_SUFFIXES:
            found += xml_findings(path, output)
        elif suffix == ".json":
            found += json_findings(path, output)
    return found


def control_characters(output: Path) -> list[str]:
    found = []
    for path in all_files(output):
        if path.suffix.lower() in TEXT_SUFFIXES:
            text = path.read_bytes().decode("utf-8", errors="replace")
            match = CONTROL_CHARACTERS.search(text)
            if match:
                found.append(f"{path.relative_to(output)}: control character {match.group()!r}")
    return found


# --- texts a reader sees, per format --------------------------------------------------


def page_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():  # an ad slot with no banner: an empty fragment
        return ""
    return page_text_of(lxml_html.document_fromstring(data))


def page_text_of(root) -> str:
    """Text and attribute values: everything of a page a reader or a crawler sees."""
    attributes = " ".join(
        v for el in root.iter() if isinstance(el.tag, str) for v in el.attrib.values()
    )
    return root.text_content() + " " + attributes


def jsonld_strings(path: Path) -> list[str]:
    data = path.read_bytes()
    if not data.strip():  # an empty ad fragment
        return []
    root = lxml_html.document_fromstring(data)
    strings = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json":
            strings += json_strings(json.loads(script.text or ""))
    return strings


def _feed_items(root) -> Iterator:
    yield from root.iter("item")
    yield from root.iter(f"{ATOM}entry")


def _item_links(item) -> set[str]:
    links = {(item.findtext("link") or "").strip(), (item.findtext("guid") or "").strip()}
    links |= {link.get("href", "") for link in item.iter(f"{ATOM}link")}
    links.add((item.findtext(f"{ATOM}id") or "").strip())
    return links


def _texts_of(item) -> str:
    parts = []
    for element in item.iter():
        if not isinstance(element.tag, str):
            continue
        text = element.text or ""
        parts.append(html_text(text) if is_html_field(element) else text)
        parts += element.attrib.values()
    return "\n".join(parts)


def feed_texts(output: Path, url: str) -> dict[str, str]:
    """``{feed file: the text of its item for url}`` over every RSS, Atom and JSON feed."""
    found = {}
    for path in all_files(output):
        suffix = path.suffix.lower()
        if suffix in XML_SUFFIXES:
            try:
                root = parse_xml(path)
            except etree.XMLSyntaxError:
                continue
            for item in _feed_items(root):
                if url in _item_links(item):
                    found[str(path.relative_to(output))] = _texts_of(item)
        elif suffix == ".json":
            try:
                data = json.loads(path.read_bytes())
            except ValueError:
                continue
            if isinstance(data, dict) and "jsonfeed.org" in str(data.get("version", "")):
                for item in data.get("items", []):
                    if url in (item.get("url"), item.get("id")):
                        texts = json_strings(item)
                        texts.append(html_text(item.get("content_html") or ""))
                        found[str(path.relative_to(output))] = "\n".join(texts)
    return found


def search_texts(output: Path, path_url: str) -> str | None:
    """The Pagefind fragment's strings for the page at ``path_url`` (``/2016/09/x/``)."""
    for _path, fragment in pagefind_fragments(output):
        if fragment.get("url") == path_url:
            return "\n".join(json_strings(fragment))
    return None


# --- image metadata ---------------------------------------------------------------------

XMP_LOCATION_WORDS = (
    b"GPSLatitude",
    b"GPSLongitude",
    b"photoshop:City",
    b"photoshop:State",
    b"photoshop:Country",
    b"Iptc4xmpCore:Location",
    b"LocationCreated",
    b"LocationShown",
    b"SerialNumber",
)


def image_metadata_findings(path: Path) -> list[str]:
    """EXIF GPS, camera/lens serial numbers, XMP location in one image file."""
    found = []
    data = path.read_bytes()
    try:
        with Image.open(path) as im:
            exif = im.getexif()
            xmp = im.info.get("xmp") or b""
    except Exception as error:  # an output image we cannot read is a finding too
        return [f"{path.name}: unreadable image ({error})"]
    if exif.get_ifd(EXIF_GPS_IFD) or EXIF_GPS_IFD in exif:
        found.append(f"{path.name}: EXIF GPS")
    for tag in (EXIF_CAMERA_SERIAL,):
        if tag in exif:
            found.append(f"{path.name}: EXIF camera serial {exif[tag]!r}")
    sub = exif.get_ifd(EXIF_IFD)
    for tag in (EXIF_BODY_SERIAL, EXIF_LENS_SERIAL):
        if tag in sub:
            found.append(f"{path.name}: EXIF serial {sub[tag]!r}")
    if isinstance(xmp, str):
        xmp = xmp.encode()
    # XMP can sit where Pillow does not look (e.g. an AVIF item): search the bytes too.
    for word in XMP_LOCATION_WORDS:
        if word in xmp or (b"<x:xmpmeta" in data and word in data):
            found.append(f"{path.name}: XMP {word.decode()}")
    return found


def images(output: Path) -> list[Path]:
    return [p for p in all_files(output) if p.suffix.lower() in IMAGE_SUFFIXES]
