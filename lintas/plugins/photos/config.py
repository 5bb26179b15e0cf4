"""Every tunable of the rendition engine, in one frozen dataclass.

The defaults are the engine's opinion; the site settings (``pelicanconf.py``)
override them through the plugin glue. Nothing else in ``lintas/plugins/photos``
hard-codes a size, a quality or a limit.
"""

from __future__ import annotations

from dataclasses import dataclass

# Output formats the engine can write, with their file extension and MIME type.
# "png" is never asked for directly: it replaces "jpeg" for photos with alpha.
FORMAT_EXTENSIONS: dict[str, str] = {"jpeg": "jpg", "webp": "webp", "avif": "avif", "png": "png"}
FORMAT_MIME_TYPES: dict[str, str] = {
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "avif": "image/avif",
    "png": "image/png",
}
# Pillow's names for the source formats an editor may upload.
DEFAULT_SOURCE_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "GIF", "HEIF")


@dataclass(frozen=True)
class RenditionConfig:
    # srcset widths in pixels; a photo narrower than a width skips it (no upscaling).
    widths: tuple[int, ...] = (480, 800, 1200, 1600)
    # Widths of the JPEG files (PNG for photos with alpha), when they differ from
    # ``widths``: the <img> fallback reaches only browsers without the <source>
    # formats, so a sparser ladder there saves files. None: the same as ``widths``.
    jpeg_widths: tuple[int, ...] | None = None
    # Most capable first: the order of <source> elements in <picture>.
    formats: tuple[str, ...] = ("webp", "jpeg")

    jpeg_quality: int = 82
    # Measured (8 real photos, 4 widths): optimize is 2.4% smaller for +8 ms a photo;
    # progressive 5.2% smaller for +30 ms. Not worth it for a fallback that <picture>
    # serves only to the few browsers without WebP.
    jpeg_optimize: bool = True
    jpeg_progressive: bool = False

    webp_quality: int = 80
    # Measured on 8 real 2560x1600 photos, 4 widths each (480-1600): method 4 (libwebp's
    # default) 217 ms/photo; method 2 98 ms (2.2x faster) for +3.0% bytes; method 0 57 ms
    # but +24% bytes; 5-6 buy 3-5% for 1.1-2x the time. 2 is the knee of the curve.
    webp_method: int = 2

    # Off by default: measured (same 8 photos) q60/speed 6 is 29% smaller than WebP q80
    # but 7.7x slower to encode. libavif's 0-100 scale; 60 is a conservative start.
    avif_quality: int = 60
    # libavif speed 0 (slowest) .. 10. Measured: 6 (Pillow's default) is 5x faster than 4
    # for +0.5% bytes; 8 is 2.2x faster again for +6%.
    avif_speed: int = 6

    # Fallback for photos with alpha. Level 6 is zlib's usual speed/size point.
    png_compress_level: int = 6

    # Downscaling filter (a Pillow Image.Resampling name) and Pillow's reducing_gap:
    # with 3.0 a large reduction first box-reduces to within 3x of the target, which
    # Pillow documents as indistinguishable from a full Lanczos pass.
    resample: str = "LANCZOS"
    reducing_gap: float | None = 3.0

    # Longest rendition side: WebP cannot exceed 16383 px, so a very tall infographic
    # loses the widths whose height would not fit.
    max_dimension: int = 16383

    # Refuse sources above this many megapixels (decompression-bomb guard).
    max_megapixels: float = 50.0
    source_formats: tuple[str, ...] = DEFAULT_SOURCE_FORMATS

    # Social (Open Graph / Twitter card) image.
    social_size: tuple[int, int] = (1200, 630)
    social_max_bytes: int = 300_000
    social_quality: int = 85  # first try ...
    social_quality_step: int = 5  # ... then lower by this ...
    social_min_quality: int = 50  # ... down to this at worst
    social_background: tuple[int, int, int] = (255, 255, 255)  # behind transparent sources

    # File names carry this many hex digits of the content hash.
    hash_length: int = 10
    # Longest file-name stem kept from the source name (URLs stay readable, not huge).
    max_stem_length: int = 60

    # Bump when a code change alters output pixels: every name changes, so stale
    # renditions are never served from the cache or from browser caches.
    pipeline_version: str = "1"

    def __post_init__(self) -> None:
        unknown = [f for f in self.formats if f not in FORMAT_EXTENSIONS or f == "png"]
        if unknown:
            raise ValueError(f"unknown rendition format(s) {unknown}; use webp, jpeg or avif")
        if not self.formats:
            raise ValueError("RenditionConfig.formats is empty")
        if not self.widths or any(w <= 0 for w in self.widths):
            raise ValueError(f"RenditionConfig.widths must be positive: {self.widths}")
        if self.jpeg_widths is not None and (
            not self.jpeg_widths or any(w <= 0 for w in self.jpeg_widths)
        ):
            raise ValueError(f"RenditionConfig.jpeg_widths must be positive: {self.jpeg_widths}")

    def widths_of(self, fmt: str) -> tuple[int, ...]:
        """The srcset widths of a requested format (``jpeg`` also covers its PNG stand-in)."""
        if fmt in ("jpeg", "png") and self.jpeg_widths is not None:
            return self.jpeg_widths
        return self.widths
