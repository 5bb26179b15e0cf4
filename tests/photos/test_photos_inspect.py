"""inspect_photo: facts from headers, and a clear refusal for every bad input."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from photo_samples import jpeg_bytes, marked, noisy, oriented_jpeg, truncated
from PIL import Image

from lintas.plugins.photos.renditions import PhotoError, RenditionConfig, inspect_photo


def refusal(path: Path, config: RenditionConfig) -> PhotoError:
    with pytest.raises(PhotoError) as caught:
        inspect_photo(path, config)
    return caught.value


def test_facts_of_a_plain_jpeg(tmp_path, config):
    path = tmp_path / "pasar.jpg"
    marked((640, 480)).save(path, quality=90)
    info = inspect_photo(path, config)
    assert (info.format, info.width, info.height, info.mode) == ("JPEG", 640, 480, "RGB")
    assert (info.orientation, info.has_alpha, info.animated) == (1, False, False)
    assert info.file_size == path.stat().st_size


@pytest.mark.parametrize("orientation", [5, 6, 7, 8])
def test_size_is_reported_as_displayed(tmp_path, config, orientation):
    path = oriented_jpeg(tmp_path / "o.jpg", orientation, displayed=(640, 480))
    info = inspect_photo(path, config)
    assert (info.stored_width, info.stored_height) == (480, 640)
    assert (info.width, info.height, info.orientation) == (640, 480, orientation)


def test_missing_file(tmp_path, config):
    err = refusal(tmp_path / "tidak-ada.jpg", config)
    assert "not found" in str(err.message) and "tidak-ada.jpg" in str(err.message)
    assert str(err.hint)


def test_zero_byte_file(tmp_path, config):
    path = tmp_path / "kosong.jpg"
    path.write_bytes(b"")
    assert "empty (0 bytes)" in str(refusal(path, config).message)


def test_random_bytes(tmp_path, config):
    path = tmp_path / "acak.jpg"
    path.write_bytes(random.Random(7).randbytes(4096))
    err = refusal(path, config)
    assert "not an image" in str(err.message)
    assert "JPEG" in str(err.hint)


@pytest.mark.parametrize("progressive", [False, True])
def test_truncated_jpeg_is_caught_cheaply(tmp_path, config, progressive):
    path = tmp_path / "terpotong.jpg"
    data = jpeg_bytes(noisy((640, 480)), quality=90, progressive=progressive)
    path.write_bytes(truncated(data))
    # It opens fine: the header is intact. Only the missing end of the scan betrays it.
    with Image.open(path) as im:
        assert im.size == (640, 480)
    assert "truncated" in str(refusal(path, config).message)


def test_truncated_jpeg_with_end_marker_bytes_in_its_header(tmp_path, config):
    # FF D9 inside a header segment (here a comment; in real life an EXIF thumbnail)
    # must not be mistaken for the end of the image.
    data = jpeg_bytes(noisy((640, 480)), quality=90, comment=b"thumb \xff\xd9 end")
    path = tmp_path / "terpotong.jpg"
    path.write_bytes(truncated(data, keep=0.8))
    assert "truncated" in str(refusal(path, config).message)


def test_data_after_the_end_marker_is_accepted(tmp_path, config):
    # Phones append videos or depth maps after the JPEG; the photo itself is whole.
    path = tmp_path / "motion.jpg"
    path.write_bytes(jpeg_bytes(marked((320, 240))) + b"\x00ftypmp42" + b"\x11" * 5000)
    assert inspect_photo(path, config).width == 320


def test_truncated_png(tmp_path, config):
    path = tmp_path / "potong.png"
    noisy((320, 240)).save(path)
    path.write_bytes(truncated(path.read_bytes()))
    assert "truncated" in str(refusal(path, config).message)


def test_header_only_truncation_is_called_damaged(tmp_path, config):
    path = tmp_path / "kepala.jpg"
    path.write_bytes(jpeg_bytes(marked((320, 240)))[:100])
    err = refusal(path, config)
    assert "damaged" in str(err.message) or "truncated" in str(err.message)


def test_decompression_bomb(tmp_path):
    path = tmp_path / "besar.jpg"
    marked((640, 480)).save(path)
    err = refusal(path, RenditionConfig(max_megapixels=0.25))
    assert str(err.message) == "the photo is too large: 640×480 = 0.3 megapixels (limit 0.25)"
    assert "0.25 megapixels" in str(err.hint)


def test_animated_gif(tmp_path, config):
    path = tmp_path / "animasi.gif"
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "green", "blue")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    err = refusal(path, config)
    assert str(err) == "animated GIFs are not supported — export a still JPEG or a video"


def test_still_gif_is_accepted(tmp_path, config):
    path = tmp_path / "diam.gif"
    marked((64, 48)).convert("P").save(path)
    assert inspect_photo(path, config).format == "GIF"


def test_unsupported_format(tmp_path, config):
    path = tmp_path / "scan.tif"
    marked((64, 48)).save(path, "TIFF")
    err = refusal(path, config)
    assert str(err.message) == "TIFF images are not supported"
    assert "JPEG" in str(err.hint)


def test_directory_is_refused(tmp_path, config):
    assert "not a file" in str(refusal(tmp_path, config).message)


def test_alpha_channel_that_is_opaque_everywhere_is_not_alpha(tmp_path, config):
    opaque = tmp_path / "opaque.png"
    marked((64, 48)).convert("RGBA").save(opaque)
    see_through = tmp_path / "alpha.png"
    im = marked((64, 48)).convert("RGBA")
    im.putpixel((0, 0), (0, 0, 0, 0))
    im.save(see_through)
    assert inspect_photo(opaque, config).has_alpha is False
    assert inspect_photo(see_through, config).has_alpha is True


def test_heic(tmp_path, config):
    pytest.importorskip("pillow_heif")
    path = tmp_path / "iphone.heic"
    try:
        marked((128, 96)).save(path, quality=80)
    except (OSError, KeyError, ValueError) as exc:  # no HEVC encoder in this build
        pytest.skip(f"cannot write HEIC here: {exc}")
    info = inspect_photo(path, config)
    assert (info.format, info.width, info.height) == ("HEIF", 128, 96)
