"""Images for JSON-LD and link previews, cut by the photos plugin's engine.

Google asks for an article's image in 16:9, 4:3 and 1:1; link previews want
the 1200x630 social image. All are crops of the lead photo around the
article's ``Focus``, made by ``plugins/photos`` (``plan_social`` names them by
content, ``render_job`` cuts several sizes from one decode, ``copy_to_output``
places them under ``/media/``), so they share its cache and its naming.

Where the photos plugin already published a ``social_image`` for the article,
that one is used; the JSON-LD crops are asked for here, once per build, for
every article at once (in a process pool when several photos need pixels).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import logging
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from .config import ImageRef, SiteFacts, absolute

if TYPE_CHECKING:
    from photos.render import RenditionResult
    from photos.renditions import PhotoInfo, Rendition, RenditionConfig

logger = logging.getLogger(__name__)

JPEG_MIME = "image/jpeg"


@dataclass(frozen=True)
class _Task:
    key: str  # the article's source path
    info: PhotoInfo
    focus: tuple[float, float] | None
    crops: tuple[Rendition, ...]


def photos_engine(plugin_paths: list[str]) -> ModuleType:
    """``photos.renditions``, the engine's public API (Pillow only, no Pelican).

    Imported when the build needs it, not with this module: Pelican loads the
    plugins in PLUGINS order and puts no plugin folder on ``sys.path``, so the
    engine is found in PLUGIN_PATHS like Pelican finds a plugin.
    """
    if "photos" not in sys.modules:
        spec = importlib.machinery.PathFinder.find_spec("photos", plugin_paths)
        if spec is None:
            raise ImportError(
                f"structured_data needs plugins/photos in PLUGIN_PATHS {plugin_paths}"
            )
        package = importlib.util.module_from_spec(spec)
        sys.modules["photos"] = package
        spec.loader.exec_module(package)
    return importlib.import_module("photos.renditions")


def crop_sizes(ratios, width: int) -> tuple[tuple[int, int], ...]:
    """``[(16, 9), (4, 3), (1, 1)]`` at 1200 wide → ``((1200, 675), (1200, 900), (1200, 1200))``."""
    return tuple((width, round(width * h / w)) for w, h in ratios)


def rendition_config(engine: ModuleType, settings: dict) -> RenditionConfig:
    """The engine's defaults, with the crops' starting JPEG quality from our settings."""
    return replace(
        engine.RenditionConfig(), social_quality=settings["STRUCTURED_DATA_IMAGE_QUALITY"]
    )


def lead_source(article) -> tuple[Path | None, tuple[float, float] | None]:
    """The lead photo's source file and focus.

    The photos plugin's ``lead_photo`` names its source when it knows it;
    otherwise the article's ``Cover`` (a file next to ``index.md``).
    """
    lead = getattr(article, "lead_photo", None)
    source = None
    for key in ("source", "source_path", "path"):
        value = lead.get(key) if isinstance(lead, dict) else getattr(lead, key, None)
        if value:
            source = Path(value)
            break
    if source is None and getattr(article, "cover", None):
        source = Path(article.source_path).parent / article.cover
    focus = getattr(article, "focus", None)
    return source, (tuple(focus) if focus else None)


def _render(task: _Task, cache_dir: str, config: RenditionConfig) -> list[RenditionResult]:
    # Also run in pool workers (forked: the engine is already imported there).
    # Only crops are planned, so no srcset file is made here; render_job decodes
    # the photo once for all of them, and not at all when all are cached.
    from photos.render import render_job

    _srcset, results = render_job(task.info, [], list(task.crops), task.focus, cache_dir, config)
    return results


def _missing(crops: tuple[Rendition, ...], cache_dir: str) -> bool:
    return any(not Path(cache_dir, c.relpath).is_file() for c in crops)


class CropMaker:
    """JSON-LD crops (and, when the photos plugin made none, the social image)."""

    def __init__(self, settings: dict, site: SiteFacts):
        self.site = site
        self.output = Path(settings["OUTPUT_PATH"])
        self.cache_dir = os.fspath(
            settings.get("PHOTOS_CACHE_DIR") or Path(settings["CACHE_PATH"]) / "photos"
        )
        self.media_dir = settings.get("PHOTOS_MEDIA_DIR", "media")
        self.url_prefix = settings.get("PHOTOS_URL_PREFIX", f"/{self.media_dir}/")
        self.engine = photos_engine(settings["PLUGIN_PATHS"])
        self.config = rendition_config(self.engine, settings)
        self.sizes = crop_sizes(
            settings["STRUCTURED_DATA_IMAGE_RATIOS"], settings["STRUCTURED_DATA_IMAGE_WIDTH"]
        )
        self.workers = (
            settings.get("STRUCTURED_DATA_IMAGE_WORKERS") or self.engine.default_workers()
        )
        self.prepared = False
        self._crops: dict[str, tuple[ImageRef, ...]] = {}
        self._social: dict[str, ImageRef] = {}

    def prepare(self, articles: list) -> None:
        """Plan every article's crops, render the missing ones, publish them all."""
        self.prepared = True
        engine = self.engine
        index = engine.SourceIndex(self.cache_dir)
        tasks: list[_Task] = []
        for article in articles:
            source, focus = lead_source(article)
            if source is None:
                continue
            try:
                info, sha = index.resolve(source, self.config)
            except engine.PhotoError as error:
                # The photos plugin reports bad photos to the editor; here it only
                # means the article goes without JSON-LD images.
                logger.warning("%s: no JSON-LD images: %s", article.source_path, error)
                continue
            wants_social = not getattr(article, "social_image", None)
            sizes = (*self.sizes, *([self.config.social_size] if wants_social else []))
            crops = tuple(engine.plan_social(info, sha, focus, self.config, size) for size in sizes)
            tasks.append(_Task(article.source_path, info, focus, crops))
        index.save()

        todo = [t for t in tasks if _missing(t.crops, self.cache_dir)]
        rendered: dict[str, list[RenditionResult]] = {}
        workers = min(self.workers, len(todo))
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                jobs = {t.key: pool.submit(_render, t, self.cache_dir, self.config) for t in todo}
                rendered = {key: job.result() for key, job in jobs.items()}
        else:
            rendered = {t.key: _render(t, self.cache_dir, self.config) for t in todo}

        for task in tasks:
            # Cached tasks cost a stat per crop here: render_job decodes only what is missing.
            results = rendered.get(task.key) or _render(task, self.cache_dir, self.config)
            engine.copy_to_output(results, self.output, self.media_dir)
            refs = [self._ref(result) for result in results]
            self._crops[task.key] = tuple(refs[: len(self.sizes)])
            if len(refs) > len(self.sizes):
                self._social[task.key] = refs[len(self.sizes)]
        if todo:
            logger.info("JSON-LD images: %d photo(s) cropped", len(todo))

    def _ref(self, result: RenditionResult) -> ImageRef:
        rendition = result.rendition
        url = absolute(self.site.site_url, self.engine.media_url(rendition, self.url_prefix))
        return ImageRef(url, rendition.width, rendition.height, JPEG_MIME, result.bytes)

    def crops_for(self, article) -> tuple[ImageRef, ...]:
        return self._crops.get(article.source_path, ())

    def social_for(self, article) -> ImageRef | None:
        """The social image made here when the photos plugin made none."""
        return self._social.get(article.source_path)
