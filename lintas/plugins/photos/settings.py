"""The photos plugin's settings, with their defaults (the only place they are written)."""

from __future__ import annotations

import os
from pathlib import Path

from lintas.core.config import setting

SETTINGS = (
    setting(
        "PHOTOS_WIDTHS",
        [320, 400, 480, 608, 672, 752, 832, 1008, 1088, 1200, 1296, 1600],
        list,
        doc="widths in pixels of the WebP (and AVIF) renditions; a narrower photo skips a"
        " width (no upscaling). 320-480: thumbnails (drawn 9rem wide at 2-3x); 600-1290:"
        " each just above what a phone's full-width or home-lead photo needs (360-430 px"
        " wide at 1.75-3x), so it never gets one more than ~10% wider than it shows"
        " (BENCHMARKS.md, Reader last mile); 1600: the lightbox. Multiples of 16: a"
        " 16:9, 16:10 or 4:3 photo's height is exact, so it never shifts on loading",
    ),
    setting(
        "PHOTOS_JPEG_WIDTHS",
        [320, 480, 800, 1200, 1600],
        list,
        doc="widths of the JPEG renditions (PNG for photos with alpha): the <img> fallback"
        " of browsers without WebP, the feeds' and the 'Baca juga' cards' images; sparser"
        " than PHOTOS_WIDTHS (fewer files per photo); <img src> is the widest up to"
        " PHOTOS_FALLBACK_WIDTH",
    ),
    setting(
        "PHOTOS_FORMATS",
        ["webp", "jpeg"],
        list,
        doc="<source> formats, then the <img> fallback; 'jpeg' must be listed",
    ),
    setting(
        "PHOTOS_AVIF",
        False,
        bool,
        doc="AVIF q60 as the first <source>: 17-29% smaller than WebP, 5-8x the CPU",
    ),
    setting("PHOTOS_JPEG_QUALITY", 82, int, doc="JPEG quality"),
    setting("PHOTOS_WEBP_QUALITY", 80, int, doc="WebP quality"),
    setting("PHOTOS_AVIF_QUALITY", 60, int, doc="AVIF quality, libavif's 0-100 scale"),
    setting(
        "PHOTOS_FALLBACK_WIDTH",
        1200,
        int,
        doc="<img src> width; also the feed enclosure and media:content",
    ),
    setting(
        "PHOTOS_SIZES",
        "(min-width: 44rem) 42rem, 100vw",
        str,
        doc="displayed width of a story photo: full bleed on phones, the 42rem column",
    ),
    setting(
        "PHOTOS_GALLERY_SIZES",
        "(min-width: 44rem) 14rem, (min-width: 40rem) 33vw, 50vw",
        str,
        doc="displayed width of a gallery photo: 2 columns, 3 from 40rem",
    ),
    setting(
        "PHOTOS_MAX_MEGAPIXELS",
        50,
        int,
        float,
        doc="larger photos are refused (decompression-bomb guard), in builds and checks",
    ),
    setting(
        "PHOTOS_SOCIAL_SIZE", (1200, 630), tuple, list, doc="og:image size (WhatsApp: 1200x630)"
    ),
    setting("PHOTOS_SOCIAL_MAX_BYTES", 300_000, int, doc="og:image at most this many bytes"),
    setting(
        "PHOTOS_SOCIAL_QUALITY",
        82,
        int,
        doc="first JPEG quality tried for og:image; lowered until under the limit",
    ),
    setting(
        "PHOTOS_CROP_SIZES",
        [(1200, 675), (1200, 900), (1200, 1200)],
        list,
        doc="more crops of the lead photo: JSON-LD's 16:9, 4:3 and 1:1",
    ),
    setting(
        "PHOTOS_CACHE_DIR",
        ".cache/photos",
        str,
        doc="content-addressed renditions; outside the output, never deleted",
    ),
    setting("PHOTOS_MEDIA_DIR", "media", str, doc="output folder of the renditions"),
    setting("PHOTOS_URL_PREFIX", "/media/", str, doc="their URL path (served immutable)"),
    setting(
        "PHOTOS_WORKERS",
        None,
        int,
        type(None),
        doc="render processes; None: every CPU this build may use",
    ),
    setting(
        "PHOTOS_LEAD_IN_HEADER",
        True,
        bool,
        doc="the lead photo above the story; its lone body figure is not repeated",
    ),
    setting("PHOTOS_LIGHTBOX", True, bool, doc="galleries open in a lightbox"),
    setting(
        "PHOTOS_REPORT",
        "last-build.json",
        str,
        doc="counts of the last render, in PHOTOS_CACHE_DIR",
    ),
)


def markdown_extensions(settings: dict) -> dict[str, dict]:
    """Figures and galleries; the extension checks photos at read time with the
    build's limits and cache, in builds and in `lintas check` alike."""
    return {
        "lintas.plugins.photos.figures": {
            "max_megapixels": settings["PHOTOS_MAX_MEGAPIXELS"],
            "cache_dir": os.fspath(Path(settings["PHOTOS_CACHE_DIR"]).resolve()),
        }
    }
