"""Photos made at test time, good and bad, so the repository holds no binaries.

Every recipe is deterministic (fixed seeds, fixed pixels): two test runs make
the same bytes, and the pixels are distinctive enough that a rendition of one
photo can be told from another's (see ``looks_like``).
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

# EXIF tags (TIFF/EXIF 2.32) that give away where a photo was taken or by
# which camera body; none may survive into the output.
EXIF_GPS_IFD = 0x8825
EXIF_IFD = 0x8769
EXIF_BODY_SERIAL = 0xA431
EXIF_CAMERA_SERIAL = 0xC62F  # DNG CameraSerialNumber, written by some tools in IFD0
EXIF_LENS_SERIAL = 0xA435
EXIF_MAKE = 0x010F
EXIF_MODEL = 0x0110
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4
# Kotamobagu, so a leak would be recognisable.
KOTAMOBAGU_GPS = {
    GPS_LATITUDE_REF: "N",
    GPS_LATITUDE: (0.0, 44.0, 2.0),
    GPS_LONGITUDE_REF: "E",
    GPS_LONGITUDE: (124.0, 18.0, 58.0),
}
SERIAL = "ZQXSERIAL0042"
XMP_LOCATION = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" '
    'photoshop:City="Kotamobagu" photoshop:State="Sulawesi Utara" '
    'exif:GPSLatitude="0,44.03N" exif:GPSLongitude="124,18.97E" '
    'Iptc4xmpCore:Location="ZQXXMPLOCATION Jalan Rahasia 7"/>'
    "</rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)


def picture(width: int, height: int, seed: int = 0, mode: str = "RGB") -> Image.Image:
    """A photo-like picture: a gradient plus a few blocks placed by ``seed``."""
    rng = random.Random(seed)
    gradient = Image.linear_gradient("L").resize((width, height))
    base = Image.merge(
        "RGB",
        (
            gradient,
            gradient.rotate(90).resize((width, height)),
            Image.new("L", (width, height), 90),
        ),
    )
    draw = ImageDraw.Draw(base)
    for _ in range(6):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randrange(1, width // 2 + 2), y0 + rng.randrange(1, height // 2 + 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.rectangle((x0, y0, x1, y1), fill=colour)
    return base.convert(mode) if mode != "RGB" else base


def jpeg_bytes(im: Image.Image, **params) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", quality=90, **params)
    return buffer.getvalue()


def png_bytes(im: Image.Image) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    return buffer.getvalue()


def exif_with_location() -> Image.Exif:
    exif = Image.Exif()
    exif[EXIF_MAKE] = "ZQXCAMERA"
    exif[EXIF_MODEL] = "Model 7"
    exif[EXIF_CAMERA_SERIAL] = SERIAL
    exif.get_ifd(EXIF_IFD)[EXIF_BODY_SERIAL] = SERIAL
    exif.get_ifd(EXIF_IFD)[EXIF_LENS_SERIAL] = SERIAL
    exif.get_ifd(EXIF_GPS_IFD).update(KOTAMOBAGU_GPS)
    return exif


def _seed(args: list[str]) -> int:
    """Distinct pictures for distinct recipe lines (``jpeg 800x600 2``), stable across runs."""
    return zlib.crc32(" ".join(args).encode())


def _size(args: list[str], default: str = "800x600") -> tuple[int, int]:
    width, height = (int(n) for n in (args[0] if args else default).split("x"))
    return width, height


def make_jpeg(args: list[str]) -> bytes:
    return jpeg_bytes(picture(*_size(args), seed=_seed(args)))


def make_png(args: list[str]) -> bytes:
    return png_bytes(picture(*_size(args), seed=_seed(args) + 3))


def make_truncated_jpeg(args: list[str]) -> bytes:
    whole = jpeg_bytes(picture(*_size(args), seed=5))
    return whole[: len(whole) // 2]


def make_corrupt_jpeg(args: list[str]) -> bytes:
    """A JPEG start-of-image marker followed by noise."""
    rng = random.Random(7)
    return b"\xff\xd8\xff\xe0" + bytes(rng.randrange(256) for _ in range(4096))


def make_bomb_png(args: list[str]) -> bytes:
    """A valid 1-bit PNG of ``WxH`` (default 20000x20000 = 400 megapixels),
    about 50 KB on disk: decoding it would take gigabytes."""
    width, height = _size(args, "20000x20000")
    row = b"\x00" + bytes((width + 7) // 8)  # filter byte + all-black pixels
    packer = zlib.compressobj(9)
    chunks = [packer.compress(row * 500) for _ in range(height // 500)]
    chunks.append(packer.compress(row * (height % 500)))
    chunks.append(packer.flush())
    idat = b"".join(chunks)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def make_cmyk_jpeg(args: list[str]) -> bytes:
    return jpeg_bytes(picture(*_size(args), seed=11, mode="CMYK"))


def make_png16(args: list[str]) -> bytes:
    """A 16-bit greyscale PNG (Pillow mode ``I;16``)."""
    width, height = _size(args)
    grey = picture(width, height, seed=13).convert("L")
    wide = Image.frombytes("I;16", (width, height), b"".join(bytes((v, v)) for v in grey.tobytes()))
    return png_bytes(wide)


def make_zero_bytes(args: list[str]) -> bytes:
    return b""


def make_text(args: list[str]) -> bytes:
    return b"Ini bukan foto, hanya teks yang diberi nama .jpg\n"


def make_exif_location_jpeg(args: list[str]) -> bytes:
    """A JPEG carrying EXIF GPS, camera and lens serials and an XMP location."""
    return jpeg_bytes(
        picture(*_size(args), seed=17),
        exif=exif_with_location().tobytes(),
        xmp=XMP_LOCATION.encode(),
    )


def make_png_as_jpg(args: list[str]) -> bytes:
    return png_bytes(picture(*_size(args), seed=19))


RECIPES: dict[str, Callable[[list[str]], bytes]] = {
    "jpeg": make_jpeg,
    "png": make_png,
    "truncated-jpeg": make_truncated_jpeg,
    "corrupt-jpeg": make_corrupt_jpeg,
    "bomb-png": make_bomb_png,
    "cmyk-jpeg": make_cmyk_jpeg,
    "png16": make_png16,
    "zero-bytes": make_zero_bytes,
    "text": make_text,
    "exif-location-jpeg": make_exif_location_jpeg,
    "png-bytes": make_png_as_jpg,
}


def make_file(path: Path, recipe: str, args: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(RECIPES[recipe](args))


# --- telling photos apart ------------------------------------------------------

FINGERPRINT_SIZE = 16


def fingerprint(im: Image.Image, aspect: float | None = None) -> list[int]:
    """A 16x16 greyscale thumbnail, centre-cropped to ``aspect`` (w/h) first:
    survives resizing, re-encoding and the centred crops of social images."""
    im = im.convert("L")
    if aspect:
        width, height = im.size
        if width / height > aspect:
            new_width = round(height * aspect)
            left = (width - new_width) // 2
            im = im.crop((left, 0, left + new_width, height))
        else:
            new_height = round(width / aspect)
            top = (height - new_height) // 2
            im = im.crop((0, top, width, top + new_height))
    return list(im.resize((FINGERPRINT_SIZE, FINGERPRINT_SIZE), Image.Resampling.BOX).tobytes())


def distance(a: list[int], b: list[int]) -> float:
    """Mean absolute difference of two fingerprints, 0..255."""
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


# Renditions of the same photo measure 0-4 here; different photos 20 and more.
SAME_PHOTO_DISTANCE = 8.0


def looks_like(candidate: Image.Image, original: Image.Image) -> bool:
    aspect = candidate.width / candidate.height
    return distance(fingerprint(candidate), fingerprint(original, aspect)) < SAME_PHOTO_DISTANCE
