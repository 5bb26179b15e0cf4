"""The build glue without a whole site: site.PhotoBuild on one text, the public
attributes other plugins read, a render-time failure, and pool workers under the
``spawn`` start method."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from photo_samples import marked
from PIL import Image

from lintas.core.config import defaults
from lintas.core.problems import ContentError
from lintas.plugins import photos
from lintas.plugins.photos import memo
from lintas.plugins.photos.refs import PhotoRef
from lintas.plugins.photos.settings import SETTINGS
from lintas.plugins.photos.site import PLACEHOLDER, PhotoBuild

WIDTHS = [100, 200]


@pytest.fixture
def build(tmp_path) -> PhotoBuild:
    memo.forget()
    settings = {
        **defaults(SETTINGS),
        "PHOTOS_WIDTHS": WIDTHS,
        "PHOTOS_JPEG_WIDTHS": WIDTHS,
        "PHOTOS_FALLBACK_WIDTH": 150,
        "PHOTOS_CROP_SIZES": [(120, 120)],
        "PHOTOS_CACHE_DIR": str(tmp_path / "cache"),
        "PHOTOS_WORKERS": 1,
        "OUTPUT_PATH": str(tmp_path / "output"),
    }
    yield PhotoBuild(settings, lambda credit: f"Foto: {credit}")
    memo.forget()


def text_with(folder: Path, *refs: PhotoRef, cover: str | None = None):
    html = "".join(
        f'<p>Teks.</p>\n<figure data-photo-block="{b}"><img alt="x" src="y"></figure>\n'
        for b in dict.fromkeys(r.block for r in refs if r.block >= 0)
    )
    return SimpleNamespace(
        source_path=str(folder / "index.md"),
        newsroom_source="content/articles/x/index.md",
        _content=html,
        photo_refs=refs,
        title="Judul berita",
        cover=cover,
        focus=(0.3, 0.4),
    )


def ref(name: str, line: int, block: int, gallery: bool = False, alt: str = "Alt") -> PhotoRef:
    return PhotoRef(name, name, alt, f"Keterangan {name}", "Budi", line, block, gallery)


def test_resolve_sets_the_public_attributes_and_render_fills_in_the_lengths(tmp_path, build):
    marked((300, 200)).save(tmp_path / "a.jpg", "JPEG")
    marked((300, 200)).save(tmp_path / "b.jpg", "JPEG")
    text = text_with(tmp_path, ref("a.jpg", 9, 0), ref("b.jpg", 13, 1))
    assert build.resolve(text, "article") == []

    lead = text.lead_photo
    assert lead.src.startswith("/media/") and "-100w-" in lead.src and lead.src.endswith(".jpg")
    assert (lead.width, lead.height, lead.mime) == (100, 67, "image/jpeg")
    assert (lead.alt, lead.caption, lead.credit) == ("Alt", "Keterangan a.jpg", "Budi")
    assert lead.source == str((tmp_path / "a.jpg").resolve())
    assert 'fetchpriority="high"' in lead.html and "loading" not in lead.html
    assert lead.sources[0][0] == "image/webp" and "-200w-" in lead.srcset
    assert text.social_image.width == 1200 and text.social_image.height == 630
    assert [(c.width, c.height) for c in text.photo_crops] == [(120, 120)]
    # The lead stood alone: it left the body for the header; b stays, lazy.
    assert "a-100w" not in text._content and 'loading="lazy"' in text._content
    assert not PLACEHOLDER.search(text._content)
    assert text.has_photos and not text.has_gallery
    assert lead.length == 0  # not rendered yet

    assert build.render(tmp_path / "output") == []
    for image in (lead, text.social_image, *text.photo_crops):
        published = tmp_path / "output" / image.src.lstrip("/")
        assert image.length == published.stat().st_size > 0
    with Image.open(tmp_path / "output" / text.social_image.src.lstrip("/")) as im:
        assert im.size == (1200, 630)  # upscaled from a small photo: still the exact size


def test_resolving_again_starts_from_the_placeholders(tmp_path, build):
    """Pelican's generator cache pickles the object after the first resolve."""
    marked((300, 200)).save(tmp_path / "a.jpg", "JPEG")
    text = text_with(tmp_path, ref("a.jpg", 9, 0, gallery=True), ref("a.jpg", 9, 0, gallery=True))
    build.resolve(text, "page")
    first = text._content
    build.resolve(text, "page")
    assert text._content == first and first.count('class="gallery__item"') == 2
    assert text.has_gallery
    # A page keeps its lead in the body, fetched early; the second use is lazy.
    assert first.count('fetchpriority="high"') == 1 and first.count('loading="lazy"') == 1


def test_a_cover_outside_the_body_leads_with_the_headline_as_alt(tmp_path, build):
    marked((300, 200)).save(tmp_path / "sampul.jpg", "JPEG")
    marked((300, 200)).save(tmp_path / "isi.jpg", "JPEG")
    cover = PhotoRef("sampul.jpg", "sampul.jpg", "", "", "Humas", 5, -1, False)
    text = text_with(tmp_path, ref("isi.jpg", 9, 0), cover, cover="sampul.jpg")
    assert build.resolve(text, "article") == []
    assert "/sampul-" in text.lead_photo.src and text.lead_photo.alt == "Judul berita"
    assert "isi-" in text._content  # the first body photo is not the lead here


def test_a_photo_damaged_before_rendering_stops_the_build_naming_its_line(tmp_path, build):
    marked((300, 200)).save(tmp_path / "a.jpg", "JPEG")
    text = text_with(tmp_path, ref("a.jpg", 11, 0))
    assert build.resolve(text, "article") == []
    (tmp_path / "a.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"rusak" * 10)  # another size
    photos._state = build
    with pytest.raises(ContentError) as raised:
        photos._render([])
    assert str(raised.value.problems[0]).startswith(
        "content/articles/x/index.md:11: photo 'a.jpg': the photo file is damaged"
    )
    assert not (tmp_path / "output").exists()  # nothing half-published


def test_problems_found_at_build_time_carry_the_line(tmp_path, build):
    text = text_with(tmp_path, ref("hilang.jpg", 12, 0))
    (problem,) = build.resolve(text, "article")
    assert str(problem).startswith(
        "content/articles/x/index.md:12: photo 'hilang.jpg' does not exist"
    )


SPAWN_SCRIPT = """
import multiprocessing, sys

# Children re-import this file as __mp_main__: everything is under the guard, so a
# worker finds the engine only as an installed package (no sys.path given to it).
if __name__ == "__main__":
    from lintas.plugins.photos.renditions import RenderJob, RenditionConfig, render_all
    assert "pelican" not in sys.modules, "importing the photos package loaded Pelican"
    multiprocessing.set_start_method("spawn")
    jobs = [RenderJob({a!r}), RenderJob({b!r})]
    report = render_all(jobs, {cache!r}, RenditionConfig(widths=(50,)), workers=2)
    assert not report.errors, [str(r.error) for r in report.errors]
    print(report.workers, report.rendered)
"""


def test_pool_workers_started_with_spawn_find_the_engine(tmp_path):
    for name in ("a.jpg", "b.jpg"):
        marked((120, 80)).save(tmp_path / name, "JPEG")
    script = tmp_path / "spawn_render.py"
    script.write_text(
        SPAWN_SCRIPT.format(
            a=str(tmp_path / "a.jpg"),
            b=str(tmp_path / "b.jpg"),
            cache=str(tmp_path / "cache"),
        )
    )
    done = subprocess.run(
        [sys.executable, "-I", str(script)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "4"]  # two workers, WebP + JPEG of each photo
