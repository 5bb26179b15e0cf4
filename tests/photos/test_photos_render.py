"""render_photo: upright, sRGB, 8-bit, metadata-free renditions of every kind of source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from photo_samples import (
    BLUE,
    GREY,
    RED,
    SERIAL,
    adobe_like_profile,
    marked,
    oriented_jpeg,
    png16_rgb,
    tagged_jpeg,
)
from PIL import Image, ImageCms

from lintas.plugins.photos.renditions import (
    RenditionConfig,
    RenditionResult,
    inspect_photo,
    plan_renditions,
    render_photo,
    source_digest,
)

JPEG_SLACK = 40  # per-channel tolerance for lossy round trips on flat colour


def render(path: Path, cache_dir: Path, config: RenditionConfig) -> list[RenditionResult]:
    info = inspect_photo(path, config)
    plan = plan_renditions(info, source_digest(path), config)
    return render_photo(path, plan, cache_dir, config, info=info)


def close(pixel: tuple[int, ...], expected: tuple[int, ...], slack: int = JPEG_SLACK) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(pixel, expected, strict=False))


def opened(result: RenditionResult) -> Image.Image:
    im = Image.open(result.path)
    im.load()
    return im


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(tmp_path, cache_dir, config, orientation):
    # Displayed 800x400; the 200w rendition also exercises JPEG draft decoding (1/4 scale).
    path = oriented_jpeg(tmp_path / f"o{orientation}.jpg", orientation, displayed=(800, 400))
    results = render(path, cache_dir, config)
    assert {(r.rendition.width, r.rendition.height) for r in results} == {(100, 50), (200, 100)}
    for result in results:
        im = opened(result).convert("RGB")
        assert im.size == (result.rendition.width, result.rendition.height)
        w, h = im.size
        top_left = im.getpixel((w // 10, h // 5))
        top_right = im.getpixel((w - 1 - w // 10, h // 5))
        bottom = im.getpixel((w // 2, h - 1 - h // 10))
        assert close(top_left, RED), (result.rendition.name, top_left)
        assert close(top_right, BLUE), (result.rendition.name, top_right)
        assert close(bottom, GREY), (result.rendition.name, bottom)


def test_no_metadata_survives(tmp_path, cache_dir):
    config = RenditionConfig(widths=(100, 640), formats=("avif", "webp", "jpeg"))
    path = tagged_jpeg(tmp_path / "gps.jpg", size=(640, 480))
    source = path.read_bytes()
    for marker in (b"GPS", b"xmp", SERIAL.encode(), b"LintasCam"):
        assert marker in source  # the sample really carries it
    results = render(path, cache_dir, config)
    assert {r.rendition.format for r in results} == {"avif", "webp", "jpeg"}
    assert 640 in {r.rendition.width for r in results}  # a rendition at the source's own size
    for result in results:
        data = Path(result.path).read_bytes()
        for marker in (b"GPS", b"xmp", b"XMP", SERIAL.encode(), b"LintasCam", b"Exif"):
            assert marker not in data, (result.rendition.name, marker)
        im = opened(result)
        assert len(im.getexif()) == 0
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(im.info), im.info


def test_alpha_png_metadata_is_stripped_too(tmp_path, cache_dir, config):
    path = tmp_path / "logo.png"
    im = marked((300, 200)).convert("RGBA")
    im.putpixel((0, 0), (0, 0, 0, 0))
    exif = Image.Exif()
    exif[0x010F] = "LintasCam"
    im.save(path, exif=exif.tobytes(), icc_profile=adobe_like_profile())
    for result in render(path, cache_dir, config):
        data = Path(result.path).read_bytes()
        assert b"LintasCam" not in data and b"iCCP" not in data and b"eXIf" not in data


def test_wide_gamut_profile_is_converted_to_srgb(tmp_path, cache_dir, config):
    green, grey = (60, 160, 60), (128, 128, 128)
    im = Image.new("RGB", (400, 200), green)
    im.paste(grey, (200, 0, 400, 200))
    path = tmp_path / "adobe.jpg"
    profile = adobe_like_profile()
    im.save(path, quality=95, icc_profile=profile)
    # What a colour-managed browser would show for the tagged source:
    to_srgb = ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(__import__("io").BytesIO(profile)),
        ImageCms.createProfile("sRGB"),
        "RGB",
        "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    expected = ImageCms.applyTransform(Image.new("RGB", (1, 1), green), to_srgb).getpixel((0, 0))
    assert abs(expected[0] - green[0]) > JPEG_SLACK  # the conversion visibly matters
    for result in render(path, cache_dir, config):
        out = opened(result)
        assert "icc_profile" not in out.info  # untagged = sRGB on the web
        rgb = out.convert("RGB")
        left = rgb.getpixel((rgb.width // 4, rgb.height // 2))
        right = rgb.getpixel((rgb.width * 3 // 4, rgb.height // 2))
        assert close(left, expected, slack=8), (result.rendition.name, left, expected)
        assert max(right) - min(right) <= 3, right  # grey stays grey


def test_cmyk_jpeg_becomes_rgb(tmp_path, cache_dir, config):
    path = tmp_path / "cetak.jpg"
    Image.new("CMYK", (300, 200), (0, 255, 255, 0)).save(path, quality=95)  # pure red ink
    assert inspect_photo(path, config).mode == "CMYK"
    for result in render(path, cache_dir, config):
        out = opened(result)
        assert out.mode == "RGB"
        assert close(out.getpixel((50, 25)), RED), out.getpixel((50, 25))


def test_png_with_alpha_keeps_alpha(tmp_path, cache_dir, config):
    path = tmp_path / "grafik.png"
    im = marked((400, 200)).convert("RGBA")
    im.paste((0, 0, 0, 0), (200, 100, 400, 200))  # bottom-right quarter fully transparent
    im.save(path)
    results = render(path, cache_dir, config)
    assert sorted({r.rendition.format for r in results}) == ["png", "webp"]
    png = [r for r in results if r.rendition.format == "png"]
    assert all(r.rendition.name.endswith(".png") for r in png)
    assert {r.rendition.mime_type for r in png} == {"image/png"}
    for result in results:
        out = opened(result)
        assert out.mode == "RGBA", result.rendition.name
        w, h = out.size
        assert out.getpixel((w - 2, h - 2))[3] == 0
        assert out.getpixel((w // 2, h // 5))[3] == 255


def test_sixteen_bit_grey_png_is_scaled_not_clipped(tmp_path, cache_dir, config):
    path = tmp_path / "enambelas.png"
    Image.new("I;16", (300, 200), 40000).save(path)  # 40000/65535 is about 156/255
    assert inspect_photo(path, config).mode.startswith("I")
    for result in render(path, cache_dir, config):
        value = opened(result).convert("L").getpixel((10, 10))
        assert abs(value - 156) <= 3, (result.rendition.name, value)


def test_sixteen_bit_rgb_png(tmp_path, cache_dir, config):
    path = png16_rgb(tmp_path / "rgb48.png", (300, 200), (60000, 30000, 1000))
    for result in render(path, cache_dir, config):
        assert close(opened(result).convert("RGB").getpixel((10, 10)), (234, 117, 4), slack=6)


def test_greyscale_stays_greyscale_in_jpeg(tmp_path, cache_dir, config):
    path = tmp_path / "abu.jpg"
    marked((300, 200)).convert("L").save(path)
    results = render(path, cache_dir, config)
    jpeg = [r for r in results if r.rendition.format == "jpeg"]
    assert jpeg and all(opened(r).mode == "L" for r in jpeg)  # a third of the bytes of RGB
    webp = [r for r in results if r.rendition.format == "webp"]
    assert webp and all(opened(r).size == (r.rendition.width, r.rendition.height) for r in webp)


def test_photo_smaller_than_every_width_is_not_upscaled(tmp_path, cache_dir, config):
    path = tmp_path / "kecil.jpg"
    marked((60, 40)).save(path)
    results = render(path, cache_dir, config)
    assert [(r.rendition.width, r.rendition.height) for r in results] == [(60, 40), (60, 40)]
    assert all(opened(r).size == (60, 40) for r in results)


def test_widths_wider_than_the_photo_are_dropped(tmp_path, cache_dir):
    config = RenditionConfig(widths=(100, 200, 400), formats=("webp",))
    path = tmp_path / "sedang.jpg"
    marked((300, 200)).save(path)
    assert [r.rendition.width for r in render(path, cache_dir, config)] == [100, 200]


def test_the_jpeg_fallback_has_its_own_sparser_ladder(tmp_path, cache_dir):
    """jpeg_widths: the <img> fallback's widths; the <source> formats keep the dense ones.
    PNG stands in for JPEG with alpha, on the JPEG ladder."""
    config = RenditionConfig(widths=(100, 150, 200, 250), jpeg_widths=(100, 250))
    photo, graphic = tmp_path / "foto.jpg", tmp_path / "grafik.png"
    marked((300, 200)).save(photo)
    transparent = marked((300, 200)).convert("RGBA")
    transparent.putpixel((0, 0), (0, 0, 0, 0))
    transparent.save(graphic)
    for path, fallback in ((photo, "jpeg"), (graphic, "png")):
        results = render(path, cache_dir, config)
        widths = {
            fmt: [r.rendition.width for r in results if r.rendition.format == fmt]
            for fmt in ("webp", fallback)
        }
        assert widths == {"webp": [100, 150, 200, 250], fallback: [100, 250]}, path
        for result in results:  # every file made at its own size, from the one cascade
            assert opened(result).size == (result.rendition.width, result.rendition.height)
    with pytest.raises(ValueError, match="jpeg_widths"):
        RenditionConfig(jpeg_widths=())


@pytest.mark.parametrize("size", [(6000, 3375), (4000, 2500), (4032, 3024)], ids=str)
def test_the_portals_widths_give_common_photos_whole_pixel_heights(size):
    """16:9, 16:10 and 4:3 photos keep their exact shape at every default width, so
    the box an <img> reserves (width/height) is the one the loaded rendition fills."""
    from lintas.core.config import defaults
    from lintas.plugins.photos.plan import planned_sizes
    from lintas.plugins.photos.probe import PhotoInfo
    from lintas.plugins.photos.settings import SETTINGS
    from lintas.plugins.photos.site import rendition_config

    config = rendition_config(defaults(SETTINGS))
    width, height = size
    info = PhotoInfo(
        "x.jpg", "JPEG", width, height, width, height, 1, "RGB", False, False, False, 1, 0
    )
    for fmt in config.formats:
        for w, h in planned_sizes(info, config, fmt):
            assert w * height == h * width, (fmt, w, h)


def test_palette_and_greyscale_alpha_sources(tmp_path, cache_dir, config):
    gif = tmp_path / "diam.gif"
    marked((300, 200)).convert("P").save(gif)
    la = tmp_path / "la.png"
    grey = marked((300, 200)).convert("LA")
    grey.putpixel((0, 0), (0, 0))
    grey.save(la)
    assert {opened(r).mode for r in render(gif, cache_dir, config)} <= {"RGB"}
    assert {opened(r).mode for r in render(la, cache_dir, config)} == {"RGBA"}


def test_heic_source(tmp_path, cache_dir, config):
    pytest.importorskip("pillow_heif")
    path = tmp_path / "iphone.heic"
    try:
        marked((400, 200)).save(path, quality=90)
    except (OSError, KeyError, ValueError) as exc:
        pytest.skip(f"cannot write HEIC here: {exc}")
    results = render(path, cache_dir, config)
    assert {(r.rendition.width, r.rendition.height) for r in results} == {(100, 50), (200, 100)}
    assert close(opened(results[-1]).convert("RGB").getpixel((10, 10)), RED)


def test_file_names_carry_stem_width_and_hash(tmp_path, cache_dir, config):
    path = tmp_path / "Pasar Serasi Ñ.jpg"
    marked((300, 200)).save(path)
    for result in render(path, cache_dir, config):
        r = result.rendition
        assert re.fullmatch(r"pasar-serasi-n-(100|200)w-[0-9a-f]{10}\.(webp|jpg)", r.name)
        assert Path(result.path) == cache_dir / r.digest[:2] / r.name
        assert result.bytes == Path(result.path).stat().st_size


def test_very_tall_infographic_keeps_only_widths_webp_can_hold(tmp_path, cache_dir):
    config = RenditionConfig(widths=(100, 200), max_dimension=1000)
    path = tmp_path / "infografis.png"
    marked((300, 2400)).save(path)  # 1:8, so 200w would be 1600 tall
    results = render(path, cache_dir, config)
    assert {(r.rendition.width, r.rendition.height) for r in results} == {(100, 800)}


def test_strip_too_tall_for_any_width_gets_one_that_fits(tmp_path, cache_dir):
    config = RenditionConfig(widths=(100, 200), max_dimension=1000)
    path = tmp_path / "pita.png"
    marked((50, 4000)).save(path)
    sizes = {(r.rendition.width, r.rendition.height) for r in render(path, cache_dir, config)}
    assert sizes == {(12, 960)}
    assert all(h <= 1000 for _, h in sizes)
