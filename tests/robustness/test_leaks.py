"""Nothing leaked: drafts and embargoed stories, with their photos, reach no
output file; no output image says where it was taken or by which camera; no
original photo and no path of the build machine is published.

The sample portal carries a draft and a story embargoed until 2099, each with
a photo and a marker word. Every file of the built site is searched, gzip
members (the Pagefind index) decompressed, file names included; every output
image is compared by its pixels with the secret photos.

The same holds after the newsroom's preview (`lintas serve`, which does render
drafts and embargoes, marked) has built the same content: a publish build run
while the preview is up gets nothing from it. In the preview itself, the
unreleased stories and the preview-only pages carry noindex and stay out of the
feeds, the sitemaps and the search index.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sitebuild import LINTAS, ROOT, SAMPLE_NOW, run_build, write_settings

from lintas.settings import read_settings, short_name

from . import scan
from .images import XMP_LOCATION, exif_with_location, looks_like

SECRET_BUNDLES = (
    ROOT / "content/articles/2016/09/draf-rencana-anggaran-rahasia",
    ROOT / "content/articles/2099/01/embargo-pengumuman-kabinet",
)
PLUGINS = [short_name(p) for p in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]]


@dataclass
class Secret:
    bundle: Path
    needles: list[str]  # title, slug, summary, marker, photo stems
    photos: list[Path]


def _secret(bundle: Path) -> Secret:
    from lintas.core.frontmatter import parse_front_matter

    front = parse_front_matter((bundle / "index.md").read_text(encoding="utf-8"))
    markers = [w.strip(".,") for w in front.body.split() if w.startswith("ZQX")]
    photos = sorted(p for p in bundle.iterdir() if p.suffix.lower() in scan.IMAGE_SUFFIXES)
    needles = [
        front.first("title").value,
        bundle.name,
        front.first("summary").value,
        *markers,
        *(p.stem for p in photos),
    ]
    return Secret(bundle, needles, photos)


SECRETS = [_secret(b) for b in SECRET_BUNDLES]


def test_the_secrets_are_there_to_leak():
    """The test content is what this test assumes: marker words, photos."""
    for secret in SECRETS:
        assert any(n.startswith("ZQX") for n in secret.needles), secret.bundle
        assert secret.photos, f"{secret.bundle} has no photo"


def secret_findings(output: Path, secret: Secret, files: list[Path] | None = None) -> list[str]:
    """Where ``secret`` shows in ``output``: file names and contents (gunzipped)."""
    found = []
    for path in scan.all_files(output) if files is None else files:
        relative = path.relative_to(output).as_posix()
        data = scan.read_bytes(path)
        lowered = data.lower()
        for needle in secret.needles:
            if needle.lower() in relative.lower():
                found.append(f"file name {relative} holds {needle!r}")
            # Lower-cased too: Pagefind's word index stores words in lower case.
            if needle.encode() in data or needle.lower().encode() in lowered:
                found.append(f"{relative} holds {needle!r}")
    return found


def secret_photo_findings(output: Path, secret: Secret) -> list[str]:
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in secret.photos}
    originals = [Image.open(p) for p in secret.photos]
    found = []
    for path in scan.images(output):
        if hashlib.sha256(path.read_bytes()).hexdigest() in digests:
            found.append(f"{path.name} is a copy of a secret photo")
            continue
        with Image.open(path) as candidate:
            candidate.load()
            for original in originals:
                if looks_like(candidate, original):
                    found.append(f"{path.name} looks like {Path(original.filename).name}")
    return found


@pytest.mark.parametrize("secret", SECRETS, ids=[s.bundle.name for s in SECRETS])
def test_no_output_file_names_or_holds_a_secret(secret, sample_output):
    assert scan.all_files(sample_output)
    assert secret_findings(sample_output, secret) == []


def test_the_same_search_finds_a_published_story(sample_output):
    """Power of the check above: a public story's slug is found in its page,
    the feeds, the sitemap and (gunzipped, lower-cased) the search index."""
    public = _secret(ROOT / "content/articles/2016/09/rsud-kotamobagu-buka-layanan-hemodialisis")
    marker = public.bundle.name.encode()
    holders = {
        p.relative_to(sample_output).as_posix()
        for p in scan.all_files(sample_output)
        if marker in scan.read_bytes(p).lower()
    }
    assert f"2016/09/{public.bundle.name}/index.html" in holders
    assert "sitemap-2016.xml" in holders  # the sitemap index's file for 2016
    assert any(h.startswith("feed/") for h in holders), holders
    if "search_index" in PLUGINS:
        assert any(h.endswith(".pf_fragment") for h in holders), holders


def test_the_search_index_was_searched(sample_output):
    """The Pagefind fragments are gzip: make sure the search above read them as text."""
    if "search_index" not in PLUGINS:
        pytest.fail("search_index is no longer in PLUGINS: update this test")
    fragments = list(scan.pagefind_fragments(sample_output))
    assert fragments
    assert any("Kotamobagu" in f["content"] for _p, f in fragments)


@pytest.mark.parametrize("secret", SECRETS, ids=[s.bundle.name for s in SECRETS])
def test_no_output_image_is_a_secret_photo(secret, sample_output):
    """By bytes, and by pixels: a rendition is resized and re-encoded, a social
    image cropped, so compare thumbnails (see images.looks_like)."""
    assert secret_photo_findings(sample_output, secret) == []


def test_the_pixel_comparison_would_catch_a_rendition():
    """Power of the check above: a resized, re-encoded copy and a centred social
    crop of a secret photo are caught; no public photo is mistaken for one."""
    for secret in SECRETS:
        for photo in secret.photos:
            with Image.open(photo) as original:
                original.load()
                small = original.convert("RGB").resize(
                    (480, round(480 * original.height / original.width))
                )
                buffer = io.BytesIO()
                small.save(buffer, "WEBP", quality=80)
                assert looks_like(Image.open(buffer), original)
                width, height = original.size
                crop_height = round(width * 630 / 1200)
                top = (height - crop_height) // 2
                social = original.crop((0, top, width, top + crop_height)).resize((1200, 630))
                assert looks_like(social, original)
    public = [
        p
        for p in (ROOT / "content").rglob("*")
        if p.suffix.lower() in scan.IMAGE_SUFFIXES
        and not any(b in p.parents for b in SECRET_BUNDLES)
    ]
    for path in public:
        with Image.open(path) as candidate:
            for secret in SECRETS:
                for photo in secret.photos:
                    with Image.open(photo) as original:
                        assert not looks_like(candidate, original), f"{path} vs {photo}"


def test_no_build_machine_path_is_published(sample_output):
    """Absolute paths (of the checkout, of the temp folder) say nothing to a
    reader and something to an attacker."""
    needles = [str(ROOT).encode(), str(sample_output.parent).encode()]
    found = [
        str(p.relative_to(sample_output))
        for p in scan.all_files(sample_output)
        if any(n in scan.read_bytes(p) for n in needles)
    ]
    assert found == []


# --- privacy ----------------------------------------------------------------------------


def test_no_output_image_carries_location_or_serials(sample_output):
    findings = [f for p in scan.images(sample_output) for f in scan.image_metadata_findings(p)]
    assert findings == []


def test_no_original_is_copied_to_the_output(sample_output):
    originals = {
        hashlib.sha256(p.read_bytes()).hexdigest(): p
        for p in (ROOT / "content").rglob("*")
        if p.is_file() and p.suffix.lower() in scan.IMAGE_SUFFIXES
    }
    names = {p.name for p in originals.values()}
    for path in scan.all_files(sample_output):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest not in originals, f"{path} is a copy of {originals[digest]}"
        assert path.name not in names, f"{path} has the name of an original"


def test_the_metadata_scan_finds_what_it_looks_for(tmp_path):
    """Power of the privacy check: a photo with GPS, serials and XMP location."""
    photo = tmp_path / "lokasi.jpg"
    Image.new("RGB", (64, 48), "teal").save(
        photo, exif=exif_with_location().tobytes(), xmp=XMP_LOCATION.encode()
    )
    findings = " ".join(scan.image_metadata_findings(photo))
    for what in ("EXIF GPS", "serial", "XMP photoshop:City", "XMP GPSLatitude"):
        assert what in findings


@pytest.fixture(scope="module")
def located_site(tmp_path_factory):
    """A sample article whose photo carries EXIF GPS, camera serials and an XMP
    location (the same pixels, re-saved with that metadata), published."""
    folder = tmp_path_factory.mktemp("privacy")
    # Three photos, one of them the Cover (the social image is cut from it).
    source = ROOT / "content/articles/2016/09/pemkot-kotamobagu-teken-mou-smart-city"
    bundle = folder / "content" / "articles" / "2016" / "09" / source.name
    shutil.copytree(source, bundle)
    (folder / "content" / "pages").mkdir()
    photos = [p for p in bundle.iterdir() if p.suffix.lower() in scan.IMAGE_SUFFIXES]
    assert photos
    for photo in photos:
        with Image.open(photo) as im:
            im.load()
            im.save(
                photo,
                "JPEG",
                quality=90,
                exif=exif_with_location().tobytes(),
                xmp=XMP_LOCATION.encode(),
            )
        assert scan.image_metadata_findings(photo)
    settings = write_settings(folder, folder / "content", base="publishconf")
    result = run_build(settings, folder / "output")
    assert result.returncode == 0, result.log
    return result.output


def test_location_metadata_is_stripped_from_every_rendition(located_site):
    images = scan.images(located_site)
    made = [p for p in images if "theme" not in p.relative_to(located_site).parts]
    # The social image (structured_data) and the renditions (photos) come from
    # the located photos; the theme's own images do not.
    if {"photos", "structured_data"} & set(PLUGINS):
        assert made, "no image was made from the photos"
    findings = [f for p in images for f in scan.image_metadata_findings(p)]
    assert findings == []
    for path in scan.all_files(located_site):
        data = scan.read_bytes(path)
        assert b"ZQXSERIAL" not in data and b"ZQXXMPLOCATION" not in data, path


# --- held back by a publish (lintas.core.holdback) ---------------------------------------

HELD_NEW = """\
Title: Rapat Tertutup Dewan ZQXHELDLEAKTITLE
Date: 2016-09-12 08:00
Category: Pemerintahan
Author: Penulis Yang Tidak Ada
Summary: ZQXHELDLEAKSUMMARY ringkasan yang tertahan.

ZQXHELDLEAKBODY isi yang tidak boleh terbit.

![Dokumen rapat tertutup](zqxheldleakfoto.jpg "Dokumen")
"""
HELD_EDIT = "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis"
HELD_EDIT_MARKER = "ZQXHELDLEAKEDIT"


def _held_photo(size: tuple[int, int], variant: bool) -> Image.Image:
    """A photo unlike any other (plain noise would not do: its thumbnail is grey,
    like any other noise's)."""
    width, height = size
    photo = Image.new("RGB", size, (20, 30, 200) if variant else (230, 200, 20))
    draw = ImageDraw.Draw(photo)
    draw.rectangle((0, 0, width // 3, height), fill=(240, 20, 20) if variant else (10, 120, 40))
    draw.ellipse(
        (width // 2, height // 4, width - 20, height - 20), fill="white" if variant else "black"
    )
    return photo


def test_the_held_photos_would_be_caught():
    """Power of the check below: a rendition of each held photo is caught, and
    the two are not mistaken for each other."""
    photos = [_held_photo((800, 500), True), _held_photo((700, 450), False)]
    for photo in photos:
        buffer = io.BytesIO()
        photo.resize((480, round(480 * photo.height / photo.width))).save(buffer, "WEBP")
        assert looks_like(Image.open(buffer), photo)
    assert not looks_like(photos[0], photos[1])


@pytest.fixture(scope="module")
def held_site(tmp_path_factory):
    """The sample portal published, then published again with a new story that
    has a problem (and a photo of its own) and a live story whose edit has one
    (a marker word, and a photo that exists only in the edit)."""
    folder = tmp_path_factory.mktemp("held-leak")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    settings = write_settings(folder, content, base="publishconf")
    first = run_build(settings, folder / "output")
    assert first.returncode == 0, first.log
    bundle = content / "articles" / "2016" / "09" / "rapat-tertutup-dewan"
    bundle.mkdir()
    (bundle / "index.md").write_text(HELD_NEW, encoding="utf-8")
    _held_photo((800, 500), True).save(bundle / "zqxheldleakfoto.jpg")
    live = content / "articles" / HELD_EDIT
    _held_photo((700, 450), False).save(live / "zqxheldleakedit.jpg")
    text = (
        (live / "index.md")
        .read_text(encoding="utf-8")
        .replace("Category: Kesehatan", "Category: Kesehatann")
    )
    text += f"\n{HELD_EDIT_MARKER} kalimat baru.\n\n![Foto baru](zqxheldleakedit.jpg)\n"
    (live / "index.md").write_text(text, encoding="utf-8")
    result = run_build(settings, folder / "output")
    assert result.returncode == 3, result.log
    photos = [bundle / "zqxheldleakfoto.jpg", live / "zqxheldleakedit.jpg"]
    needles = ["ZQXHELDLEAK", "rapat-tertutup-dewan", "Rapat Tertutup Dewan", "Kesehatann"]
    return result.output, needles, photos


def test_a_held_back_story_never_leaks(held_site):
    output, needles, photos = held_site
    assert (output / HELD_EDIT / "index.html").is_file(), "the live story's last good version"
    found = []
    for path in scan.all_files(output):
        relative = path.relative_to(output).as_posix()
        data = scan.read_bytes(path).lower()
        for needle in needles:
            if needle.lower() in relative.lower() or needle.lower().encode() in data:
                found.append(f"{relative} holds {needle!r}")
    originals = [Image.open(p) for p in photos]
    for path in scan.images(output):
        with Image.open(path) as candidate:
            candidate.load()
            found += [
                f"{path.name} looks like {o.filename}"
                for o in originals
                if looks_like(candidate, o)
            ]
    assert found == []


# --- the preview, then a publish -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _preview_state(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/_pratinjau/state", timeout=5) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def preview_then_publish(tmp_path_factory):
    """`lintas serve` builds the sample portal (drafts and embargoes shown), and
    while it is up `lintas build --publish` builds the same content. Returns
    (preview output, publish output)."""
    folder = tmp_path_factory.mktemp("preview-publish")
    dev = write_settings(folder, ROOT / "content")
    publish = write_settings(folder, ROOT / "content", base="publishconf")
    preview = folder / "preview"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "serve.log"
    env = {**os.environ, "LINTAS_NOW": SAMPLE_NOW}
    with open(log, "wb") as sink:
        server = subprocess.Popen(
            [LINTAS, "serve", "--settings", dev, "--output", preview, "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, log.read_text(encoding="utf-8")
            try:
                if _preview_state(url)["build"]:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.3)
        result = run_build(publish, folder / "output")
        assert result.returncode == 0, result.log
        assert _preview_state(url)["error"] is None  # the publish did not disturb it
    finally:
        server.terminate()
        server.wait(timeout=60)
    return preview, result.output


def test_the_preview_shows_the_secrets_marked(preview_then_publish):
    """Power of the checks below: the preview did render both stories, marked."""
    preview, _published = preview_then_publish
    draft = (preview / "2016/09/draf-rencana-anggaran-rahasia/index.html").read_text("utf-8")
    embargo = (preview / "2099/01/embargo-pengumuman-kabinet/index.html").read_text("utf-8")
    assert "preview-marker" in draft and ">DRAF<" in draft
    assert ">EMBARGO<" in embargo and "terbit Kamis, 1 Januari 2099 · 08.00 WITA" in embargo
    desk = (preview / "_pratinjau/meja/index.html").read_text("utf-8")
    assert "draf-rencana-anggaran-rahasia" in desk and "embargo-pengumuman-kabinet" in desk
    for secret in SECRETS:
        assert secret_findings(preview, secret), secret.bundle.name


@pytest.mark.parametrize("secret", SECRETS, ids=[s.bundle.name for s in SECRETS])
def test_a_publish_after_the_preview_holds_no_secret(preview_then_publish, secret):
    _preview, published = preview_then_publish
    assert scan.all_files(published)
    assert not (published / "_pratinjau").exists()
    assert secret_findings(published, secret) == []
    assert secret_photo_findings(published, secret) == []


def test_preview_pages_are_never_indexed(preview_then_publish):
    preview, _published = preview_then_publish
    # Pages, not the ad slots' fragments (_iklan/*.html), which nginx includes into pages.
    pages = [
        p
        for p in scan.all_files(preview)
        if p.suffix == ".html" and p.relative_to(preview).parts[0] != "_iklan"
    ]
    assert pages
    missing = [
        p.relative_to(preview).as_posix()
        for p in pages
        if b'<meta name="robots" content="noindex, nofollow">' not in p.read_bytes()
    ]
    assert missing == []


@pytest.mark.parametrize("secret", SECRETS, ids=[s.bundle.name for s in SECRETS])
def test_the_preview_keeps_unreleased_stories_out_of_feeds_sitemaps_search(
    preview_then_publish, secret
):
    preview, _published = preview_then_publish
    listings = [
        p
        for p in scan.all_files(preview)
        if p.name.startswith("sitemap")
        or p.relative_to(preview).parts[0] in ("feed", "pagefind")
        or p.name in ("robots.txt", "feed.json")
    ]
    assert any(p.name == "sitemap.xml" for p in listings)
    assert any(p.suffix == ".pf_fragment" for p in listings)
    assert secret_findings(preview, secret, listings) == []
    sitemaps = b"".join(p.read_bytes() for p in listings if p.name.startswith("sitemap"))
    assert b"_pratinjau" not in sitemaps
    fragments = [f["url"] for _p, f in scan.pagefind_fragments(preview)]
    assert fragments and not [u for u in fragments if "_pratinjau" in u]
