"""Render one photo's planned files into the cache, skipping the ones already there."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from .cache import atomic_write, cache_path
from .config import RenditionConfig
from .imaging import (
    cascade,
    encode,
    encode_within,
    open_upright,
    social_image,
    social_min_size,
    social_upscaled,
)
from .plan import Rendition, normalise_focus, plan_social
from .probe import PhotoInfo, inspect_photo


@dataclass(frozen=True)
class RenditionResult:
    rendition: Rendition
    path: str  # the file in the cache
    bytes: int  # its size
    rendered: bool  # False when it was found in the cache
    upscaled: bool = False  # social/crop image enlarged from a smaller photo
    quality: int | None = None  # crop just rendered: the JPEG quality that met the budget


def cached_result(
    rendition: Rendition, cache_dir: str | os.PathLike[str]
) -> RenditionResult | None:
    # Strings, not Path: called for every file of every photo on every build.
    path = os.path.join(cache_dir, rendition.relpath)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        return None
    return RenditionResult(rendition, path, size, rendered=False)


def render_photo(
    source_path: str | os.PathLike[str],
    plan: list[Rendition],
    cache_dir: str | os.PathLike[str],
    config: RenditionConfig,
    *,
    info: PhotoInfo | None = None,
) -> list[RenditionResult]:
    """Make every file of ``plan`` exist in the cache; results in plan order.

    Pass ``info`` when you have it (saves re-reading the header).
    """
    info = info or inspect_photo(source_path, config)
    results, _ = render_job(info, plan, [], None, cache_dir, config)
    return results


def render_social(
    source_path: str | os.PathLike[str],
    info: PhotoInfo | None,
    focus: tuple[float, float] | None,
    source_hash: str,
    cache_dir: str | os.PathLike[str],
    config: RenditionConfig,
    size: tuple[int, int] | None = None,
) -> RenditionResult:
    """A cropped JPEG of exactly ``size`` (default config.social_size) within
    config.social_max_bytes, centred on ``focus``; upscaled only if the photo is smaller."""
    info = info or inspect_photo(source_path, config)
    crop = plan_social(info, source_hash, focus, config, size)
    _, (result,) = render_job(info, [], [crop], focus, cache_dir, config)
    return result


def render_job(
    info: PhotoInfo,
    plan: list[Rendition],
    crops: list[Rendition],
    focus: tuple[float, float] | None,
    cache_dir: str | os.PathLike[str],
    config: RenditionConfig,
) -> tuple[list[RenditionResult], list[RenditionResult]]:
    """Srcset files and cropped (social) images from a single decode of the source."""
    done: dict[Rendition, RenditionResult] = {}
    for r in [*plan, *crops]:
        hit = cached_result(r, cache_dir)
        if hit:
            done[r] = hit
    missing = [r for r in plan if r not in done]
    crops_missing = [r for r in crops if r not in done]
    if missing or crops_missing:
        sizes = sorted({(r.width, r.height) for r in plan}, reverse=True)
        # Decode sizes from the plan alone, never from what the cache held, and the
        # srcset files' never from the crops (a photo may be a lead, with crops, in
        # one story and a body photo in another: the same names, the same bytes).
        srcset_need = sizes[0] if sizes else (1, 1)
        crop_need = srcset_need
        for crop in crops:
            crop_need = tuple(map(max, crop_need, social_min_size(info, (crop.width, crop.height))))
        shared = bool(missing) and crop_need == srcset_need
        if missing:
            with open_upright(info.path, info, srcset_need) as im:
                done.update(_render_cascade(im, sizes, missing, cache_dir, config))
                if shared:
                    for crop in crops_missing:
                        done[crop] = _render_crop(im, crop, focus, cache_dir, config)
        if crops_missing and not shared:  # a second decode, larger: only when needed
            with open_upright(info.path, info, crop_need) as im:
                for crop in crops_missing:
                    done[crop] = _render_crop(im, crop, focus, cache_dir, config)
    return [done[r] for r in plan], [flag_upscaled(done[c], info) for c in crops]


def flag_upscaled(result: RenditionResult, info: PhotoInfo) -> RenditionResult:
    """Upscaling is known from the plan alone, so cache hits report it too."""
    target = (result.rendition.width, result.rendition.height)
    return replace(result, upscaled=social_upscaled(info, target))


def _render_cascade(
    im: Image.Image,
    sizes: list[tuple[int, int]],
    missing: list[Rendition],
    cache_dir: str | os.PathLike[str],
    config: RenditionConfig,
) -> dict[Rendition, RenditionResult]:
    # Walk down from the largest planned size even when only a small one is missing, so a
    # file's pixels do not depend on what happened to be in the cache.
    smallest_missing = min((r.width, r.height) for r in missing)
    out = {}
    for size, resized in cascade(im, [s for s in sizes if s >= smallest_missing], config):
        for r in missing:
            if (r.width, r.height) == size:
                out[r] = _store(r, encode(resized, r.format, config), cache_dir)
    return out


def _render_crop(
    im: Image.Image,
    crop: Rendition,
    focus: tuple[float, float] | None,
    cache_dir: str | os.PathLike[str],
    config: RenditionConfig,
) -> RenditionResult:
    target = (crop.width, crop.height)
    data, quality = encode_within(social_image(im, target, normalise_focus(focus), config), config)
    return replace(_store(crop, data, cache_dir), quality=quality)


def _store(rendition: Rendition, data: bytes, cache_dir: str | os.PathLike[str]) -> RenditionResult:
    path = cache_path(cache_dir, rendition)
    atomic_write(path, data)
    return RenditionResult(rendition, str(Path(path)), len(data), rendered=True)
