"""Look at a source photo cheaply and refuse the ones we cannot publish.

``inspect_photo`` reads headers, not pixels: a 5 MB JPEG costs about a
millisecond. Pixels are decoded only when a cheap structural test is not
conclusive (a file with data after its end marker, say) or when a declared
alpha channel must be checked for actual transparency.
"""

from __future__ import annotations

import mmap
import os
import stat
import struct
import warnings
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from lintas.core.messages import msg

from .config import RenditionConfig
from .errors import PhotoError

try:  # HEIC support is optional at import time so a broken wheel fails one photo, not the build.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is pinned in requirements
    pass

EXIF_ORIENTATION = 0x0112
# Orientations 5..8 turn the picture by 90 degrees: stored width is displayed height.
AXIS_SWAPPING_ORIENTATIONS = frozenset({5, 6, 7, 8})
ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
OPAQUE = 255

# What an editor calls each format (Pillow's names are not always theirs).
FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "HEIF": "HEIC"}

# What Pillow and its plugins raise on damaged data (found by fuzzing: a truncated
# animated GIF raises IndexError or struct.error from is_animated, for example).
DECODE_ERRORS = (OSError, SyntaxError, EOFError, ValueError, struct.error, IndexError, KeyError)

HINT_FORMATS = msg("use a JPEG, PNG, WebP or HEIC photo")
HINT_REEXPORT = msg(
    "the file is damaged, probably by an interrupted copy — copy or export it again"
)
HINT_AS_JPEG = msg("export the photo as JPEG; %(formats)s", formats=HINT_FORMATS)


@dataclass(frozen=True)
class PhotoInfo:
    """Facts about a source photo; independent of any RenditionConfig."""

    path: str
    format: str  # Pillow's name: JPEG, PNG, WEBP, GIF, HEIF
    width: int  # as displayed, after EXIF orientation
    height: int
    stored_width: int  # as decoded, before orientation
    stored_height: int
    orientation: int  # EXIF 1..8; 1 when absent or invalid
    mode: str  # Pillow mode of the decoded source, e.g. RGB, CMYK, I;16, RGBA
    has_alpha: bool  # True only when some pixel is actually transparent
    animated: bool
    has_icc: bool
    file_size: int
    mtime_ns: int

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1_000_000

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> PhotoInfo:
        """``cls(**data)`` at a fifth of the cost (the cache's index holds one per
        photo: 1.35 s of every build at 20,000 photos); the same TypeError for
        missing or unknown fields."""
        if data.keys() != _PHOTO_INFO_FIELDS:
            return cls(**data)  # type: ignore[arg-type]  # raises TypeError
        info = object.__new__(cls)
        info.__dict__.update(data)
        return info


_PHOTO_INFO_FIELDS = frozenset(field.name for field in fields(PhotoInfo))


def inspect_photo(path: str | os.PathLike[str], config: RenditionConfig) -> PhotoInfo:
    """Read a photo's header, validate it and return its facts; raise PhotoError."""
    path = os.fspath(path)
    st = _stat(path)
    with warnings.catch_warnings():
        # We enforce our own, lower limit below with a useful message.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            im = Image.open(path)
        except Image.DecompressionBombError as exc:
            raise _too_large_error(None, config) from exc
        except UnidentifiedImageError as exc:
            raise _unidentified_error(path) from exc
        except DECODE_ERRORS as exc:
            raise PhotoError(
                msg("the photo file is damaged and cannot be read"), HINT_REEXPORT
            ) from exc
    with im:
        try:
            info = _facts(im, path, st)
        except DECODE_ERRORS as exc:
            raise PhotoError(msg("the photo file is truncated or damaged"), HINT_REEXPORT) from exc
        check_photo(info, config)
        if not _looks_complete(path, info.format, st.st_size):
            _full_decode(path)  # raises PhotoError when the data really is cut short
        if info.mode in ALPHA_MODES or (info.mode == "P" and im.has_transparency_data):
            info = _with_alpha_usage(info)
    return info


def check_photo(info: PhotoInfo, config: RenditionConfig) -> None:
    """The config-dependent refusals; cheap, so cached PhotoInfos are re-checked every build."""
    label = FORMAT_LABELS.get(info.format, info.format)
    if info.format not in config.source_formats:
        raise PhotoError(msg("%(format)s images are not supported", format=label), HINT_AS_JPEG)
    if info.animated:
        still = msg("export a still JPEG or a video")
        if info.format == "GIF":
            raise PhotoError(msg("animated GIFs are not supported"), still)
        raise PhotoError(msg("animated %(format)s images are not supported", format=label), still)
    if info.megapixels > config.max_megapixels:
        raise _too_large_error(info, config)


def oriented_size(width: int, height: int, orientation: int) -> tuple[int, int]:
    return (height, width) if orientation in AXIS_SWAPPING_ORIENTATIONS else (width, height)


def _stat(path: str) -> os.stat_result:
    try:
        st = os.stat(path)  # follows symlinks: a linked photo is fine
    except FileNotFoundError as exc:
        raise PhotoError(
            msg("photo file not found: %(name)s", name=Path(path).name),
            msg(
                "check the file name (names are case-sensitive) and that the photo is in the "
                "article's folder"
            ),
        ) from exc
    except OSError as exc:
        raise PhotoError(
            msg("cannot read the photo file: %(reason)s", reason=exc.strerror),
            msg("check its permissions"),
        ) from exc
    if not stat.S_ISREG(st.st_mode):
        raise PhotoError(
            msg("the photo path is not a file"), msg("point to a JPEG, PNG, WebP or HEIC file")
        )
    if not os.access(path, os.R_OK):
        raise PhotoError(
            msg("cannot read the photo file: permission denied"), msg("check its permissions")
        )
    if st.st_size == 0:
        raise PhotoError(
            msg("the photo file is empty (0 bytes)"),
            msg("the upload or copy probably failed — copy the original photo again"),
        )
    return st


def _facts(im: Image.Image, path: str, st: os.stat_result) -> PhotoInfo:
    fmt = im.format or "?"
    try:
        orientation = int(im.getexif().get(EXIF_ORIENTATION, 1))
    except DECODE_ERRORS:  # a mangled EXIF block must not sink an otherwise good photo
        orientation = 1
    if orientation not in range(1, 9):
        orientation = 1
    w, h = oriented_size(im.width, im.height, orientation)
    # HEIF image collections (bursts) also report is_animated; we use their primary image.
    animated = fmt in ("GIF", "WEBP") and bool(getattr(im, "is_animated", False))
    return PhotoInfo(
        path=path,
        format=fmt,
        width=w,
        height=h,
        stored_width=im.width,
        stored_height=im.height,
        orientation=orientation,
        mode=im.mode,
        has_alpha=im.mode in ALPHA_MODES or (im.mode == "P" and im.has_transparency_data),
        animated=animated,
        has_icc=bool(im.info.get("icc_profile")),
        file_size=st.st_size,
        mtime_ns=st.st_mtime_ns,
    )


def _too_large_error(info: PhotoInfo | None, config: RenditionConfig) -> PhotoError:
    limit = f"{config.max_megapixels:g}"
    if info is None:
        what = msg("the photo is far too large to process safely")
    else:
        what = msg(
            "the photo is too large: %(width)s×%(height)s = %(megapixels).1f megapixels "
            "(limit %(limit)s)",
            width=info.width,
            height=info.height,
            megapixels=info.megapixels,
            limit=limit,
        )
    return PhotoError(
        what, msg("resize it to at most %(limit)s megapixels before adding it", limit=limit)
    )


# Leading bytes of formats an editor might plausibly drop into an article folder.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"GIF8", "GIF"),
    (8, b"WEBP", "WebP"),
    (4, b"ftyp", "HEIC"),
    (0, b"II*\x00", "TIFF or camera RAW"),
    (0, b"MM\x00*", "TIFF or camera RAW"),
    (0, b"8BPS", "Photoshop (PSD)"),
    (0, b"%PDF", "PDF"),
)
_SUPPORTED_LABELS = frozenset(FORMAT_LABELS.values())


def _unidentified_error(path: str) -> PhotoError:
    with open(path, "rb") as fh:
        head = fh.read(16)
    for offset, magic, label in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if label in _SUPPORTED_LABELS:
                return PhotoError(
                    msg("the %(format)s file is damaged or truncated", format=label),
                    HINT_REEXPORT,
                )
            shown = msg("TIFF or camera RAW") if label == "TIFF or camera RAW" else label
            return PhotoError(msg("%(format)s files are not supported", format=shown), HINT_AS_JPEG)
    return PhotoError(
        msg("this file is not an image (its content is not a known photo format)"), HINT_FORMATS
    )


# --- is the whole file there? -------------------------------------------------------------
# A truncated JPEG opens fine (the header is intact) and Image.verify() does not read
# JPEG scan data, so we look for each format's end-of-stream structure instead. Cost: one
# mmap and a few bytes read. False alarms (e.g. a phone's video appended after the JPEG)
# fall back to a full decode, which is the real judge.

_JPEG_EOI = b"\xff\xd9"
_JPEG_SOS = 0xDA
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})  # TEM, RSTn, SOI: no length field
_PNG_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_GIF_TRAILER = 0x3B
_RIFF_HEADER = 8  # "RIFF" + little-endian payload size


def _looks_complete(path: str, fmt: str, size: int) -> bool:
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if fmt == "JPEG":
            sos = _jpeg_scan_offset(mm)
            # Entropy-coded data cannot contain FF D9 (a data FF is always followed by 00), so
            # an end marker after the first scan header means the last scan finished.
            return sos is not None and mm.rfind(_JPEG_EOI, sos) != -1
        if fmt == "PNG":
            return mm[-len(_PNG_IEND) :] == _PNG_IEND
        if fmt == "GIF":
            return mm[-1] == _GIF_TRAILER
        if fmt == "WEBP":
            (payload,) = struct.unpack_from("<I", mm, 4)
            return payload + _RIFF_HEADER <= size
        if fmt == "HEIF":
            return _isobmff_boxes_fit(mm, size)
    return True


def _jpeg_scan_offset(mm: mmap.mmap) -> int | None:
    """Offset of the first SOS marker, walking segment headers (skipping EXIF thumbnails)."""
    pos, end = 2, len(mm)  # after SOI
    while pos + 4 <= end:
        if mm[pos] != 0xFF:
            return None
        marker = mm[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _JPEG_STANDALONE:
            pos += 2
            continue
        if marker == _JPEG_SOS:
            return pos
        (length,) = struct.unpack_from(">H", mm, pos + 2)
        pos += 2 + length
    return None


def _isobmff_boxes_fit(mm: mmap.mmap, size: int) -> bool:
    """HEIC is a sequence of boxes; a cut file leaves the last box longer than what remains."""
    pos = 0
    while pos + 8 <= size:
        (box_size,) = struct.unpack_from(">I", mm, pos)
        if box_size == 1 and pos + 16 <= size:  # 64-bit size follows the type
            (box_size,) = struct.unpack_from(">Q", mm, pos + 8)
        elif box_size == 0:  # box runs to the end of the file
            return True
        if box_size < 8:
            return False
        pos += box_size
    return pos == size


def _full_decode(path: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                im.load()
    except DECODE_ERRORS as exc:
        raise PhotoError(msg("the photo file is truncated or damaged"), HINT_REEXPORT) from exc


def _with_alpha_usage(info: PhotoInfo) -> PhotoInfo:
    """Many PNGs carry an alpha channel that is opaque everywhere; those render as JPEG."""
    try:
        with Image.open(info.path) as im:
            rgba = im.convert("RGBA") if im.mode != "RGBA" else im
            low, _high = rgba.getchannel("A").getextrema()
    except DECODE_ERRORS as exc:
        raise PhotoError(msg("the photo file is truncated or damaged"), HINT_REEXPORT) from exc
    return replace(info, has_alpha=low < OPAQUE)
