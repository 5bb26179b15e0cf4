"""Photos made on the fly for the rendition tests: no binary fixtures in git."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw

RED = (255, 0, 0)
BLUE = (0, 0, 255)
GREY = (128, 128, 128)
SERIAL = "SN-LINTAS-0042"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="LintasCam"/>'
    b"</rdf:RDF></x:xmpmeta>"
)

# How a stored (on-disk) image relates to the displayed picture for each EXIF
# orientation (EXIF 2.32, tag 0x0112): applying these to the *displayed* picture gives
# the stored pixels. 5 and 7 are the mirrored diagonals; 6 is "rotate 90 CW to view".
STORE_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,  # stored turned 90 CCW; viewers turn it back CW
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def marked(size: tuple[int, int]) -> Image.Image:
    """Grey picture with a red block top-left and a blue block top-right (as displayed).

    Two asymmetric markers pin down all eight orientations, mirrors included.
    """
    w, h = size
    im = Image.new("RGB", size, GREY)
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, w * 3 // 10, h * 4 // 10), fill=RED)
    d.rectangle((w * 7 // 10, 0, w - 1, h * 4 // 10), fill=BLUE)
    return im


def oriented_jpeg(path: Path, orientation: int, displayed: tuple[int, int]) -> Path:
    picture = marked(displayed)
    method = STORE_AS[orientation]
    stored = picture.transpose(method) if method is not None else picture
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    stored.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def noisy(size: tuple[int, int], seed: int = 1) -> Image.Image:
    """Deterministic detailed picture (noise over a gradient): hard to compress."""
    rnd = random.Random(seed)
    w, h = size
    noise = Image.frombytes("RGB", size, rnd.randbytes(w * h * 3))
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    return Image.blend(gradient, noise, 0.5)


def tagged_jpeg(path: Path, size: tuple[int, int] = (640, 480)) -> Path:
    """A JPEG carrying GPS, a camera serial, XMP, a comment and an ICC profile."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "LintasCam"
    exif[ExifTags.Base.Model] = "Reporter 1"
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    exif_ifd[ExifTags.Base.BodySerialNumber] = SERIAL
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (0.0, 44.0, 12.5)  # Kotamobagu
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (124.0, 19.0, 3.0)
    gps[ExifTags.GPS.GPSProcessingMethod] = b"ASCII\x00\x00\x00GPS"
    marked(size).save(
        path,
        "JPEG",
        quality=90,
        exif=exif.tobytes(),
        xmp=XMP,
        comment=f"serial {SERIAL}".encode(),
        icc_profile=adobe_like_profile(),
    )
    return path


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


def jpeg_bytes(im: Image.Image, **params: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", **params)
    return buf.getvalue()


def png16_rgb(path: Path, size: tuple[int, int], rgb16: tuple[int, int, int]) -> Path:
    """A 48-bit RGB PNG written by hand (Pillow cannot create 16-bit RGB images)."""
    w, h = size
    row = b"\x00" + struct.pack(">HHH", *rgb16) * w  # filter type 0, then pixels
    ihdr = struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)  # bit depth 16, colour type RGB
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(row * h))
        + _png_chunk(b"IEND", b"")
    )
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


# --- an Adobe RGB (1998)-like ICC profile, built by hand --------------------------------
# ImageCms can only create sRGB, LAB and XYZ profiles; a wide-gamut RGB profile needs the
# ICC v2 bytes: a 128-byte header, a tag table, and matrix/TRC tags.

_ADOBE_D50_COLORANTS = {  # the primaries of Adobe RGB (1998), adapted to the D50 PCS
    b"rXYZ": (0.60974, 0.31111, 0.01947),
    b"gXYZ": (0.20528, 0.62567, 0.06087),
    b"bXYZ": (0.14919, 0.06322, 0.74457),
}
_D50 = (0.9642, 1.0, 0.8249)
_GAMMA_563_256 = 563  # Adobe RGB's gamma 2.19921875 as u8Fixed8


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _xyz_tag(xyz: tuple[float, float, float]) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + b"".join(_s15(v) for v in xyz)


def _desc_tag(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\x00"
    body = b"desc\x00\x00\x00\x00" + struct.pack(">I", len(ascii_)) + ascii_
    body += struct.pack(">II", 0, 0)  # no Unicode description
    body += struct.pack(">HB", 0, 0) + b"\x00" * 67  # no ScriptCode description
    return body


def adobe_like_profile(description: str = "Lintas test wide-gamut RGB") -> bytes:
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, _GAMMA_563_256) + b"\x00\x00"
    tags = [
        (b"desc", _desc_tag(description)),
        (b"wtpt", _xyz_tag(_D50)),
        *((sig, _xyz_tag(xyz)) for sig, xyz in _ADOBE_D50_COLORANTS.items()),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table, data = [struct.pack(">I", len(tags))], b""
    for sig, body in tags:
        body += b"\x00" * (-len(body) % 4)  # tags start on 4-byte boundaries
        table.append(sig + struct.pack(">II", offset + len(data), len(body)))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + struct.pack(">I", 0x02100000)  # version 2.1
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\x00" * 24  # platform, flags, manufacturer, model, attributes
        + struct.pack(">I", 0)  # perceptual intent
        + b"".join(_s15(v) for v in _D50)
        + b"lcms"
        + b"\x00" * 44
    )
    assert len(header) == 128
    return header + b"".join(table) + data
