"""plugins/photos through real builds (scripts/build.py in a subprocess).

One content tree with generated photos — every EXIF orientation, GPS-tagged,
CMYK, PNG with alpha, grayscale, one smaller than every width — plus a draft, an
embargoed story and one article per bad input. Built four times: a cold preview,
the same again (nothing to render), a publish build (refused), and a preview with
one width changed (only that width is rendered).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import zlib
from pathlib import Path

import lxml.html
import pytest
from photo_samples import BLUE, RED, SERIAL, marked, oriented_jpeg, tagged_jpeg, truncated
from PIL import Image
from sitebuild import all_files, run_build, write_settings

WIDTHS = [200, 400]
CHANGED_WIDTHS = [200, 440]
FALLBACK_WIDTH = 400
ORIENTED = (480, 320)  # displayed size of the eight orientation photos
SITEURL = "http://127.0.0.1:8000"
SOCIAL_SIZE = (1200, 630)
SOCIAL_MAX_BYTES = 300_000
FIRST_BODY_LINE = 8  # the headers below are six lines and a blank one
PHOTO_LINE = FIRST_BODY_LINE + 2  # "Paragraf pembuka.", a blank line, the photo

HEADER = """Title: {title}
Date: {date}
Category: Ekonomi
Author: Sitti Paputungan
Photo-Credit: Humas Pemkot
{extra}
"""


def _article(
    folder: Path, title: str, body: str, extra: str = "Tags: foto", date="2016-09-20 10:00"
):
    folder.mkdir(parents=True, exist_ok=True)
    header = HEADER.format(title=title, date=date, extra=extra)
    (folder / "index.md").write_text(header + "\n" + body, encoding="utf-8")


def _bomb_png(path: Path, width: int = 20000, height: int = 20000) -> None:
    """A valid 1-bit PNG of 400 megapixels, ~50 KB on disk."""
    row = b"\x00" + bytes((width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row * 500) for _ in range(height // 500)) + packer.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


# name: (file written by the recipe, Markdown of the photo, expected message fragment)
BAD = {
    "tanpa-alt": ("foto.jpg", "![](foto.jpg)", "photo 'foto.jpg' has no alt text"),
    "hilang": (None, "![Foto](tidak-ada.jpg)", "photo 'tidak-ada.jpg' does not exist"),
    "keluar": (None, "![Foto](../../x.jpg)", "photo '../../x.jpg' is outside the article's folder"),
    "mutlak": (None, "![Foto](/etc/hostname)", "photo '/etc/hostname' is outside the article's"),
    "tautan": (
        "tautan.jpg",
        "![Foto](tautan.jpg)",
        "photo 'tautan.jpg' is a link to a file outside",
    ),
    "terpotong": (
        "terpotong.jpg",
        "![Foto](terpotong.jpg)",
        "photo 'terpotong.jpg': the photo file is",
    ),
    "bom": ("bom.png", "![Foto](bom.png)", "photo 'bom.png': the photo is far too large"),
    "tiff": ("foto.tif", "![Foto](foto.tif)", "photo 'foto.tif': TIFF images are not supported"),
    "gerak": (
        "gerak.gif",
        "![Foto](gerak.gif)",
        "photo 'gerak.gif': animated GIFs are not supported",
    ),
}


def _make_bad(folder: Path, name: str, outside: Path) -> None:
    file_name, markdown, _message = BAD[name]
    _article(folder, f"Kasus {name}", f"Paragraf pembuka.\n\n{markdown}\n\nParagraf penutup.\n")
    assert (folder / "index.md").read_text().split("\n")[PHOTO_LINE - 1] == markdown
    if file_name is None:
        return
    target = folder / file_name
    if name == "tanpa-alt":
        marked((300, 200)).save(target, "JPEG")
    elif name == "tautan":
        os.symlink(outside, target)
    elif name == "terpotong":
        full = folder / "utuh.tmp"
        marked((600, 400)).save(full, "JPEG", quality=95)
        target.write_bytes(truncated(full.read_bytes()))
        full.unlink()
    elif name == "bom":
        _bomb_png(target)
    elif name == "tiff":
        marked((300, 200)).save(target, "TIFF")
    elif name == "gerak":
        frames = [Image.new("RGB", (60, 40), colour) for colour in (RED, BLUE)]
        frames[0].save(target, save_all=True, append_images=frames[1:])


def make_content(root: Path) -> Path:
    content = root / "content"
    articles = content / "articles" / "2016" / "09"

    full = articles / "foto-lengkap"
    full.mkdir(parents=True)
    tagged_jpeg(full / "lokasi.jpg", (640, 480))
    for orientation in range(1, 9):
        oriented_jpeg(full / f"orientasi-{orientation}.jpg", orientation, ORIENTED)
    marked((300, 200)).convert("CMYK").save(full / "cmyk.jpg", "JPEG")
    alpha = marked((300, 200)).convert("RGBA")
    alpha.putpixel((0, 0), (0, 0, 0, 0))
    alpha.save(full / "transparan.png")
    marked((300, 200)).convert("L").save(full / "abu.jpg", "JPEG")
    marked((60, 40)).save(full / "mungil.png")
    gallery = " ".join(f'![Orientasi {o}](orientasi-{o}.jpg "Arah {o}")' for o in range(1, 9))
    _article(
        full,
        "Foto lengkap",
        "Paragraf pembuka.\n\n"
        '![Peta lokasi pasar](lokasi.jpg "Lokasi pasar | Foto: Budi Mokoagow")\n\n'
        "Paragraf kedua.\n\n"
        f"{gallery}\n\n"
        '![Foto CMYK](cmyk.jpg "Cetak")\n\n'
        '![Logo transparan](transparan.png "Transparan")\n\n'
        '![Foto hitam putih](abu.jpg "Abu-abu")\n\n'
        '![Foto mungil](mungil.png "Mungil")\n\n'
        "Paragraf penutup.\n",
        extra="Cover: lokasi.jpg\nFocus: 0.2, 0.3",
    )

    plain = articles / "tanpa-sampul"
    plain.mkdir()
    marked((500, 300)).save(plain / "pertama.jpg", "JPEG")
    marked((500, 300)).save(plain / "kedua.jpg", "JPEG", quality=70)
    _article(
        plain,
        "Tanpa sampul",
        "Paragraf pembuka.\n\n![Foto pertama](pertama.jpg)\n\nTengah.\n\n"
        '![Foto kedua](kedua.jpg "Kedua")\n',
    )

    draft = articles / "draf-foto"
    draft.mkdir()
    marked((400, 300)).save(draft / "draf-rahasia.jpg", "JPEG")
    _article(
        draft,
        "Draf ZQXPHOTODRAFT",
        "ZQXPHOTODRAFT.\n\n![Rahasia](draf-rahasia.jpg)\n",
        extra="Status: draft",
    )
    embargo = content / "articles" / "2099" / "01" / "embargo-foto"
    embargo.mkdir(parents=True)
    marked((400, 300)).save(embargo / "embargo-rahasia.jpg", "JPEG")
    _article(
        embargo,
        "Embargo ZQXPHOTOEMBARGO",
        "ZQXPHOTOEMBARGO.\n\n![Rahasia](embargo-rahasia.jpg)\n",
        date="2099-01-01 08:00",
    )

    outside = root / "di-luar.jpg"
    marked((300, 200)).save(outside, "JPEG")
    for name in BAD:
        _make_bad(articles / name, name, outside)

    pages = content / "pages"
    pages.mkdir(parents=True)
    marked((500, 300)).save(pages / "kantor.jpg", "JPEG")
    (pages / "tentang-kami.md").write_text(
        'Title: Tentang kami\n\nRedaksi kami.\n\n![Kantor redaksi](kantor.jpg "Kantor")\n',
        encoding="utf-8",
    )
    return content


def _settings(folder: Path, content: Path, base: str, widths: list[int]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_settings(
        folder,
        content,
        base=base,
        PHOTOS_WIDTHS=widths,
        PHOTOS_JPEG_WIDTHS=widths,
        PHOTOS_FALLBACK_WIDTH=FALLBACK_WIDTH,
        PHOTOS_CACHE_DIR=str(folder.parent / "photo-cache"),
        SEARCH_INDEX_ENABLED=False,
        MESSAGES_LANGUAGE="en",  # these tests read the photos' messages in English
    )


def _report(root: Path) -> dict:
    return json.loads((root / "photo-cache" / "last-build.json").read_text())


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("photos-site")
    content = make_content(root)
    found = {"root": root, "content": content}
    cold = run_build(_settings(root / "cold", content, "pelicanconf", WIDTHS), root / "out-cold")
    assert cold.returncode == 0, cold.log
    found["cold"], found["cold_report"] = cold, _report(root)
    warm = run_build(_settings(root / "warm", content, "pelicanconf", WIDTHS), root / "out-warm")
    assert warm.returncode == 0, warm.log
    found["warm"], found["warm_report"] = warm, _report(root)
    strict = _settings(root / "strict", content, "publishconf", WIDTHS)
    found["strict"] = run_build(strict, root / "out-strict")
    changed = run_build(
        _settings(root / "changed", content, "pelicanconf", CHANGED_WIDTHS), root / "out-changed"
    )
    assert changed.returncode == 0, changed.log
    found["changed"], found["changed_report"] = changed, _report(root)
    return found


@pytest.fixture(scope="module")
def output(builds) -> Path:
    return builds["cold"].output


# libxml2 does not know <source> is void: it nests the <img> inside it, so these
# tests look for "picture//img" and "picture//source".


def page(output: Path, slug: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((output / "2016" / "09" / slug / "index.html").read_bytes())


def media_file(output: Path, url: str) -> Path:
    assert url.startswith("/media/"), url
    path = output / url.lstrip("/")
    assert path.is_file(), url
    return path


def candidates(srcset: str) -> list[tuple[str, int]]:
    return [(url, int(w[:-1])) for url, w in (c.strip().split() for c in srcset.split(","))]


# --- markup -----------------------------------------------------------------------------


def test_the_lead_photo_heads_the_story_once_fetched_early(output):
    doc = page(output, "foto-lengkap")
    (lead,) = doc.xpath('//figure[@class="lead-photo"]')
    img = lead.xpath(".//picture//img")[0]
    assert img.get("fetchpriority") == "high"
    assert img.get("loading") is None
    assert img.get("alt") == "Peta lokasi pasar"
    assert f"-{FALLBACK_WIDTH}w-" in img.get("src") and img.get("src").endswith(".jpg")
    caption = lead.xpath("./figcaption")[0].text_content()
    assert "Lokasi pasar" in caption and "Foto: Budi Mokoagow" in caption
    # The Cover stood alone in the body: shown once, at the top.
    body = doc.xpath('//div[@class="story__body"]')[0]
    assert not [i for i in body.xpath(".//img") if "lokasi" in i.get("src")]


def test_without_cover_the_first_photo_leads(output):
    doc = page(output, "tanpa-sampul")
    (lead,) = doc.xpath('//figure[@class="lead-photo"]//img')
    assert "/pertama-" in lead.get("src")
    body_images = doc.xpath('//div[@class="story__body"]//img')
    assert [("/kedua-" in i.get("src")) for i in body_images] == [True]


def test_body_figures_and_the_gallery(output):
    doc = page(output, "foto-lengkap")
    body = doc.xpath('//div[@class="story__body"]')[0]
    figures = body.xpath('./figure[@class="photo"]')
    assert [f.xpath(".//img/@alt")[0] for f in figures] == [
        "Foto CMYK",
        "Logo transparan",
        "Foto hitam putih",
        "Foto mungil",
    ]
    for figure in figures:
        caption = figure.xpath("./figcaption")[0]
        assert caption.xpath('./span[@class="credit"]')[0].text == "Foto: Humas Pemkot"
    (gallery,) = body.xpath('./figure[@class="gallery"]')
    items = gallery.xpath('./figure[@class="gallery__item"]')
    assert len(items) == 8
    for number, item in enumerate(items, start=1):
        link = item.xpath('./a[@class="gallery__link"]')[0]
        img = link.xpath("./picture//img")[0]
        assert f"/orientasi-{number}-" in img.get("src")
        # Without JavaScript: a plain link to the largest rendition.
        widest = max(candidates(img.get("srcset")), key=lambda c: c[1])
        assert link.get("href") == widest[0]
        media_file(output, link.get("href"))
        assert item.xpath("./figcaption")[0].text_content().startswith(f"Arah {number}")


def test_every_body_image_has_size_srcset_sizes_and_is_lazy(output):
    doc = page(output, "foto-lengkap")
    pictures = doc.xpath('//div[@class="story__body"]//picture')
    assert len(pictures) == 12
    assert len(doc.xpath('//div[@class="story__body"]//img')) == 12
    for picture in pictures:
        (img,) = picture.xpath(".//img")
        assert int(img.get("width")) > 0 and int(img.get("height")) > 0
        assert img.get("loading") == "lazy" and img.get("fetchpriority") is None
        assert img.get("sizes")
        for url, width in candidates(img.get("srcset")):
            media_file(output, url)
            assert f"-{width}w-" in url
        (source,) = picture.xpath(".//source")
        assert source.get("type") == "image/webp"
        assert source.get("sizes") == img.get("sizes")
        assert all(url.endswith(".webp") for url, _ in candidates(source.get("srcset")))


def test_a_page_keeps_its_first_photo_in_the_body_as_the_lead(output):
    doc = lxml.html.fromstring((output / "tentang-kami" / "index.html").read_bytes())
    (img,) = doc.xpath('//div[@class="story__body"]//figure[@class="photo"]//img')
    assert img.get("fetchpriority") == "high" and img.get("loading") is None


def test_gallery_pages_load_the_lightbox_and_others_do_not(output):
    doc = page(output, "foto-lengkap")
    scripts = doc.xpath("//script/@src")
    # Content-hashed names (lightbox.<hash>.js), served immutable.
    assert any(re.search(r"/theme/js/lightbox\.[0-9a-f]{8}\.js$", s) for s in scripts)
    assert any(
        re.search(r"/theme/css/photos\.[0-9a-f]{8}\.css$", h) for h in doc.xpath("//link/@href")
    )
    (script,) = doc.xpath('//script[contains(@src, "/lightbox.")]')
    assert script.get("defer") is not None and not (script.text or "").strip()
    other = page(output, "tanpa-sampul")
    assert not [s for s in other.xpath("//script/@src") if "lightbox" in s]
    assert not [h for h in other.xpath("//link/@href") if "photos.css" in h]
    assert (output / "theme" / "js" / "lightbox.js").stat().st_size <= 5 * 1024


# --- the files ---------------------------------------------------------------------------


def _rendition_of(output: Path, doc, alt: str, fmt_ext: str = ".jpg") -> dict[int, Path]:
    img = doc.xpath(f'//img[@alt="{alt}"]')[0]
    return {
        w: media_file(output, u) for u, w in candidates(img.get("srcset")) if u.endswith(fmt_ext)
    }


def test_renditions_have_the_planned_sizes_and_formats(output):
    doc = page(output, "foto-lengkap")
    for alt, ext, fmt in [
        ("Foto CMYK", ".jpg", "JPEG"),
        ("Foto hitam putih", ".jpg", "JPEG"),
        ("Logo transparan", ".png", "PNG"),
    ]:
        files = _rendition_of(output, doc, alt, ext)
        assert sorted(files) == [200], alt  # 300 px wide: never upscaled to 400
        with Image.open(files[200]) as im:
            assert im.format == fmt and im.size == (200, 133)
            assert im.mode in ("RGB", "RGBA", "L")
    with Image.open(_rendition_of(output, doc, "Logo transparan", ".png")[200]) as im:
        assert im.mode == "RGBA" and im.getextrema()[3][0] < 255
    with Image.open(_rendition_of(output, doc, "Foto CMYK")[200]) as im:
        assert im.mode == "RGB"
    tiny = _rendition_of(output, doc, "Foto mungil", ".jpg")
    assert list(tiny) == [60]  # narrower than every width: its own size, once
    webp = doc.xpath('//picture[.//img[@alt="Foto CMYK"]]//source/@srcset')[0]
    with Image.open(media_file(output, candidates(webp)[0][0])) as im:
        assert im.format == "WEBP"


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(output, orientation):
    doc = page(output, "foto-lengkap")
    files = _rendition_of(output, doc, f"Orientasi {orientation}")
    assert sorted(files) == WIDTHS
    with Image.open(files[400]) as im:
        assert im.size == (400, round(400 * ORIENTED[1] / ORIENTED[0]))
        rgb = im.convert("RGB")
        w, h = rgb.size
        left, right = rgb.getpixel((w // 10, h // 10)), rgb.getpixel((w * 9 // 10, h // 10))
    assert left[0] > 200 and left[2] < 60, (orientation, left)  # red top-left
    assert right[2] > 200 and right[0] < 60, (orientation, right)  # blue top-right


def test_no_output_image_carries_metadata(output):
    images = [p for p in all_files(output) if p.suffix in (".jpg", ".jpeg", ".png", ".webp")]
    assert len(images) > 40
    for path in images:
        data = path.read_bytes()
        assert SERIAL.encode() not in data and b"LintasCam" not in data, path
        assert b"Exif\x00\x00" not in data and b"GPS" not in data, path
        with Image.open(path) as im:
            assert not im.getexif(), path
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(im.info), path


def test_originals_are_never_copied(builds, output):
    originals = {
        hashlib.sha256(p.read_bytes()).hexdigest(): p
        for p in all_files(builds["content"])
        if p.suffix.lower() in (".jpg", ".png", ".gif", ".tif") and not p.is_symlink()
    }
    for path in all_files(output):
        assert hashlib.sha256(path.read_bytes()).hexdigest() not in originals, path
        assert not re.fullmatch(r"(lokasi|orientasi-\d|cmyk|abu|transparan|mungil)\.\w+", path.name)


def test_social_image_and_feed_enclosure(output):
    doc = page(output, "foto-lengkap")
    (og,) = doc.xpath('//meta[@property="og:image"]/@content')
    social = media_file(output, og[len(SITEURL) :])
    assert social.stat().st_size <= SOCIAL_MAX_BYTES
    with Image.open(social) as im:
        assert im.format == "JPEG" and im.size == SOCIAL_SIZE
    lead_src = doc.xpath('//figure[@class="lead-photo"]//img/@src')[0]
    rss = (output / "feed" / "rss.xml").read_text(encoding="utf-8")
    item = rss[rss.index("<title>Foto lengkap</title>") :]
    enclosure = re.search(r'<enclosure url="([^"]+)" length="(\d+)"', item)
    assert enclosure.group(1) == SITEURL + lead_src
    assert int(enclosure.group(2)) == media_file(output, lead_src).stat().st_size


def test_no_placeholder_or_original_name_reaches_any_text(output):
    """Summaries (these stories have no Summary:), feeds and JSON included."""
    for path in all_files(output):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "data-photo-block" not in text, path
            assert 'src="lokasi.jpg"' not in text and "orientasi-1.jpg" not in text, path


def test_drafts_and_embargoed_stories_get_no_renditions(builds, output):
    for report in ("cold_report", "changed_report"):
        names = " ".join(builds[report]["rendered_files"])
        assert "rahasia" not in names
    for path in all_files(output):
        assert "rahasia" not in path.name, path
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "ZQXPHOTODRAFT" not in text and "ZQXPHOTOEMBARGO" not in text, path


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_photos_are_reported_with_file_and_line_and_left_out(builds, name):
    message = BAD[name][2]
    where = f"{name}/index.md:{PHOTO_LINE}: {message}"
    assert where in builds["cold"].log, builds["cold"].log
    assert not (builds["cold"].output / "2016" / "09" / name).exists()
    # ... and a publish build holds them back.
    assert where in builds["strict"].log


def test_the_publish_build_holds_them_back(builds):
    """Each bad photo holds back its own story only (lintas.core.holdback)."""
    strict = builds["strict"]
    assert strict.returncode == 3, strict.log
    for name in BAD:
        assert not (strict.output / "2016" / "09" / name).exists()
    assert list(strict.output.glob("2016/09/*/index.html"))


# --- the cache ----------------------------------------------------------------------------


def test_a_second_build_renders_nothing(builds):
    cold, warm = builds["cold_report"], builds["warm_report"]
    assert cold["rendered"] > 0 and cold["rendered_photos"] > 0
    assert warm["rendered"] == 0 and warm["rendered_files"] == []
    assert warm["rendered_photos"] == 0 and warm["workers"] == 0
    assert warm["cached"] == cold["rendered"] + cold["cached"]
    assert warm["photos"] == cold["photos"] == 16  # 13 + 2 + the page's one


def test_changing_one_width_renders_that_width_and_those_made_from_it(builds):
    """400 → 440: the new width, and 200, which is resized from it (plan.py)."""
    rendered = builds["changed_report"]["rendered_files"]
    wide = [name for name in rendered if "-440w-" in name]
    assert rendered and all("-440w-" in n or "-200w-" in n for n in rendered), rendered
    # Photos at least 440 px wide: lokasi (640), the eight orientation photos (480),
    # pertama, kedua and the page's kantor (500); each in WebP and JPEG.
    assert len(wide) == 12 * 2
    # Their 200w files, made through 440 now; narrower photos keep theirs.
    stems = {name.split("-440w-")[0] for name in wide}
    narrow = [name for name in rendered if "-200w-" in name]
    assert len(narrow) == 12 * 2 and {n.split("-200w-")[0] for n in narrow} == stems
    doc = page(builds["changed"].output, "foto-lengkap")
    files = _rendition_of(builds["changed"].output, doc, "Orientasi 6")
    assert sorted(files) == CHANGED_WIDTHS


def test_the_media_folder_holds_only_what_pages_use(builds, output):
    used: set[str] = set()
    for html in output.rglob("*.html"):
        used |= set(
            re.findall(r"/media/[0-9a-f]{2}/[^\s\"'<>,]+", html.read_text(encoding="utf-8"))
        )
    published = {"/" + p.relative_to(output).as_posix() for p in (output / "media").rglob("*.*")}
    assert used <= published
    # The rest: the 16:9 / 4:3 / 1:1 crops (JSON-LD), named inside the pages' JSON text.
    assert len(published - used) <= 3 * 3
    shutil.rmtree(builds["root"] / "out-changed", ignore_errors=True)
