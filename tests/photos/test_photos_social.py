"""render_social: an exact-size JPEG within its byte budget, cropped around the focus."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from photo_samples import BLUE, RED, noisy, oriented_jpeg
from PIL import Image, ImageDraw

from lintas.plugins.photos.renditions import (
    RenderJob,
    RenditionConfig,
    inspect_photo,
    render_all,
    render_social,
    source_digest,
)

SOCIAL = RenditionConfig().social_size


def social(path: Path, cache_dir: Path, config: RenditionConfig, focus=None, size=None):
    info = inspect_photo(path, config)
    return render_social(path, info, focus, source_digest(path), cache_dir, config, size)


def share(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 60 for a, b in zip(pixel, colour, strict=True))


def colour_fraction(path: str, colour: tuple[int, int, int]) -> float:
    with Image.open(path) as im:
        small = im.convert("RGB").resize((60, 32))
    pixels = [small.getpixel((x, y)) for x in range(small.width) for y in range(small.height)]
    return sum(share(p, colour) for p in pixels) / len(pixels)


def test_detailed_photo_fits_size_and_budget(tmp_path, cache_dir):
    config = RenditionConfig()
    path = tmp_path / "ramai.jpg"
    noisy((2000, 1500), seed=3).save(path, quality=95)
    result = social(path, cache_dir, config)
    with Image.open(result.path) as im:
        assert (im.format, im.size, im.mode) == ("JPEG", SOCIAL, "RGB")
        assert len(im.getexif()) == 0
    assert result.bytes <= config.social_max_bytes
    assert result.rendition.name.endswith(
        f"-{SOCIAL[0]}x{SOCIAL[1]}-{result.rendition.digest[:10]}.jpg"
    )
    assert not result.upscaled


def test_quality_steps_down_until_it_fits(tmp_path, cache_dir):
    config = RenditionConfig(social_max_bytes=120_000)
    path = tmp_path / "ramai.jpg"
    noisy((1600, 1200), seed=4).save(path, quality=95)
    result = social(path, cache_dir, config)
    assert result.bytes <= 120_000
    assert result.quality is not None and result.quality < config.social_quality
    assert (config.social_quality - result.quality) % config.social_quality_step == 0


def stripes(path: Path, size: tuple[int, int]) -> Path:
    """Top third red, bottom third blue, grey between."""
    w, h = size
    im = Image.new("RGB", size, (128, 128, 128))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, w, h // 3), fill=RED)
    d.rectangle((0, h - h // 3, w, h), fill=BLUE)
    im.save(path, quality=92)
    return path


def test_focus_moves_the_crop(tmp_path, cache_dir):
    config = RenditionConfig()
    path = stripes(tmp_path / "tinggi.jpg", (1300, 2600))  # a 1300x682 band is cut out
    top = social(path, cache_dir, config, focus=(0.5, 0.0))
    centre = social(path, cache_dir, config)
    bottom = social(path, cache_dir, config, focus=(0.5, 1.0))
    assert len({top.rendition.name, centre.rendition.name, bottom.rendition.name}) == 3
    assert colour_fraction(top.path, RED) > 0.9
    assert colour_fraction(bottom.path, BLUE) > 0.9
    assert colour_fraction(centre.path, RED) < 0.1 and colour_fraction(centre.path, BLUE) < 0.1


def test_focus_outside_the_picture_is_clamped(tmp_path, cache_dir):
    config = RenditionConfig()
    path = stripes(tmp_path / "tinggi.jpg", (1300, 2600))
    result = social(path, cache_dir, config, focus=(-3.0, 7.0))
    with Image.open(result.path) as im:
        assert im.size == SOCIAL
    assert colour_fraction(result.path, BLUE) > 0.9


def test_small_photo_is_upscaled_and_says_so(tmp_path, cache_dir):
    config = RenditionConfig()
    path = stripes(tmp_path / "kecil.jpg", (600, 400))
    result = social(path, cache_dir, config)
    assert result.upscaled
    with Image.open(result.path) as im:
        assert im.size == SOCIAL
    job = RenderJob(str(path), social=True)
    cold = render_all([job], tmp_path / "c2", config, workers=1).results[0].social
    warm = render_all([job], tmp_path / "c2", config, workers=1).results[0].social
    assert cold.rendered and cold.upscaled
    assert not warm.rendered and warm.upscaled


def test_orientation_applies_before_cropping(tmp_path, cache_dir):
    config = RenditionConfig()
    path = oriented_jpeg(tmp_path / "putar.jpg", 6, displayed=(1600, 1200))
    result = social(path, cache_dir, config, focus=(0.5, 0.0))
    with Image.open(result.path) as im:
        rgb = im.convert("RGB")
        assert share(rgb.getpixel((60, 60)), RED)
        assert share(rgb.getpixel((SOCIAL[0] - 60, 60)), BLUE)


def test_transparent_source_gets_the_background(tmp_path, cache_dir):
    config = dataclasses.replace(RenditionConfig(), social_background=(0, 0, 255))
    path = tmp_path / "logo.png"
    Image.new("RGBA", (1400, 800), (0, 0, 0, 0)).save(path)
    result = social(path, cache_dir, config)
    assert colour_fraction(result.path, BLUE) > 0.99


def test_extra_crop_sizes_through_render_all(tmp_path, cache_dir):
    config = RenditionConfig(widths=(200,))
    path = stripes(tmp_path / "lebar.jpg", (1600, 1200))
    job = RenderJob(str(path), social=True, focus=(0.5, 0.3), crop_sizes=((1200, 675), (800, 800)))
    (result,) = render_all([job], cache_dir, config, workers=1).results
    assert (
        result.social is not None
        and (result.social.rendition.width, result.social.rendition.height) == SOCIAL
    )
    assert [(c.rendition.width, c.rendition.height) for c in result.crops] == [
        (1200, 675),
        (800, 800),
    ]
    for crop in result.crops:
        with Image.open(crop.path) as im:
            assert im.size == (crop.rendition.width, crop.rendition.height)
