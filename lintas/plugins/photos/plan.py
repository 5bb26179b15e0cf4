"""Decide which files a photo becomes, and name them by content.

A rendition's name is ``<stem>-<width>w-<hash>.<ext>`` where the hash covers the
source bytes, everything that shapes the output (size, format, encoder settings,
filter) and the pipeline version. Same inputs, same name: a name found in the
cache never needs re-rendering, and a changed photo or setting gets a new URL,
so browsers and CDNs can cache renditions forever.

The resize cascade derives each width from the next larger one, so pixels also
depend slightly on which other widths exist: a srcset rendition's hash covers
the sizes it is derived through (``from=``). Changing one width re-renders that
width and the narrower ones derived through it; a file in the cache is always
the bytes a cold render would make (a cached 1200w made through the old ladder
1600 > 1200 is never taken for 1600 > 1296 > 1200).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass

from .config import FORMAT_EXTENSIONS, FORMAT_MIME_TYPES, RenditionConfig
from .probe import PhotoInfo

SRCSET = "srcset"
SOCIAL = "social"
CENTRE = (0.5, 0.5)
FOCUS_DECIMALS = 3  # finer focus changes would re-render for no visible difference


@dataclass(frozen=True)
class Rendition:
    """One output file, fully decided before any pixel is touched."""

    kind: str  # SRCSET or SOCIAL
    width: int
    height: int
    format: str  # jpeg, webp, avif or png
    name: str  # file name, e.g. "pasar-800w-3f9a0c2b1d.webp"
    digest: str  # sha256 hex of source + spec + pipeline version

    @property
    def mime_type(self) -> str:
        return FORMAT_MIME_TYPES[self.format]

    @property
    def relpath(self) -> str:
        """Where it lives under the cache and the output media folder."""
        return f"{self.digest[:2]}/{self.name}"


def source_digest(path: str | os.PathLike[str]) -> str:
    """sha256 of the source file's bytes (hex)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def output_format(fmt: str, has_alpha: bool) -> str:
    # JPEG has no alpha channel; PNG is the universally supported format that does.
    return "png" if has_alpha and fmt == "jpeg" else fmt


def planned_sizes(info: PhotoInfo, config: RenditionConfig, fmt: str) -> list[tuple[int, int]]:
    """(width, height) of each srcset rendition of a format, narrowest first; never
    upscaled.

    Widths wider than the photo are dropped (the photo's own width stands in when
    all are). Sizes taller than config.max_dimension are dropped too, and a strip
    too tall for any of them gets one rendition that just fits.
    """
    widths = [w for w in config.widths_of(fmt) if w <= info.width] or [info.width]
    sizes = [(w, scaled_height(info, w)) for w in sorted(set(widths))]
    fitting = [(w, h) for w, h in sizes if h <= config.max_dimension]
    if fitting:
        return fitting
    width = max(1, config.max_dimension * info.width // info.height)
    return [(width, min(scaled_height(info, width), config.max_dimension))]


def plan_renditions(
    info: PhotoInfo, source_bytes_hash: str, config: RenditionConfig
) -> list[Rendition]:
    """Every srcset file for the photo, grouped by format (config order), widths ascending."""
    return list(_planned_renditions(info, source_bytes_hash, config))


# Plans are pure functions of frozen values, asked for on every build for every
# photo (by the article's markup, then by the renderer): remembered per process.
PLAN_MEMO_SIZE = 65536


@functools.lru_cache(maxsize=PLAN_MEMO_SIZE)
def _planned_renditions(
    info: PhotoInfo, source_bytes_hash: str, config: RenditionConfig
) -> tuple[Rendition, ...]:
    stem = safe_stem(info.path, config.max_stem_length)
    by_format = [(fmt, planned_sizes(info, config, fmt)) for fmt in config.formats]
    # The cascade (render.py) walks every planned size, all formats together, largest first.
    walked = sorted({size for _requested, sizes in by_format for size in sizes}, reverse=True)
    plan = []
    for requested, sizes in by_format:
        fmt = output_format(requested, info.has_alpha)
        for width, height in sizes:
            above = ">".join(f"{w}x{h}" for w, h in walked if (w, h) > (width, height))
            spec = (
                f"{SRCSET}|{width}x{height}|{fmt}|{encoder_spec(fmt, config)}|{resize_spec(config)}"
                f"|from={above or 'source'}"
            )
            digest = _digest(source_bytes_hash, spec, config)
            name = f"{stem}-{width}w-{digest[: config.hash_length]}.{FORMAT_EXTENSIONS[fmt]}"
            plan.append(Rendition(SRCSET, width, height, fmt, name, digest))
    return tuple(plan)


@functools.lru_cache(maxsize=PLAN_MEMO_SIZE)
def plan_social(
    info: PhotoInfo,
    source_bytes_hash: str,
    focus: tuple[float, float] | None,
    config: RenditionConfig,
    size: tuple[int, int] | None = None,
) -> Rendition:
    """A JPEG of exactly ``size`` cropped around ``focus``: by default the Open Graph
    image (config.social_size); other sizes serve e.g. JSON-LD's 16:9, 4:3 and 1:1."""
    width, height = size or config.social_size
    fx, fy = normalise_focus(focus)
    spec = (
        f"{SOCIAL}|{width}x{height}|focus={fx:.{FOCUS_DECIMALS}f},{fy:.{FOCUS_DECIMALS}f}"
        f"|q={config.social_quality}-{config.social_quality_step}-{config.social_min_quality}"
        f"|max={config.social_max_bytes}|bg={config.social_background}|{resize_spec(config)}"
    )
    digest = _digest(source_bytes_hash, spec, config)
    stem = safe_stem(info.path, config.max_stem_length)
    name = f"{stem}-{width}x{height}-{digest[: config.hash_length]}.jpg"
    return Rendition(SOCIAL, width, height, "jpeg", name, digest)


def normalise_focus(focus: tuple[float, float] | None) -> tuple[float, float]:
    if focus is None:
        return CENTRE
    fx, fy = (round(min(max(float(v), 0.0), 1.0), FOCUS_DECIMALS) for v in focus)
    return fx, fy


def scaled_height(info: PhotoInfo, width: int) -> int:
    return max(1, round(width * info.height / info.width))


def encoder_spec(fmt: str, config: RenditionConfig) -> str:
    if fmt == "jpeg":
        return f"q={config.jpeg_quality},opt={config.jpeg_optimize},prog={config.jpeg_progressive}"
    if fmt == "webp":
        return f"q={config.webp_quality},m={config.webp_method}"
    if fmt == "avif":
        return f"q={config.avif_quality},s={config.avif_speed}"
    if fmt == "png":
        return f"z={config.png_compress_level}"
    raise ValueError(f"no encoder for {fmt!r}")


def resize_spec(config: RenditionConfig) -> str:
    return f"{config.resample},gap={config.reducing_gap}"


@functools.lru_cache(maxsize=PLAN_MEMO_SIZE)
def safe_stem(path: str, max_length: int) -> str:
    """ASCII, lower-case, hyphenated file-name stem: safe in any URL and file system."""
    stem = os.path.splitext(os.path.basename(path))[0]  # Path(path).stem, without the object
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return stem[:max_length].rstrip("-") or "photo"


def _digest(source_bytes_hash: str, spec: str, config: RenditionConfig) -> str:
    payload = f"{source_bytes_hash}|{spec}|pipeline={config.pipeline_version}"
    return hashlib.sha256(payload.encode()).hexdigest()
