"""Public API of the photo rendition engine (pure Python + Pillow, no Pelican).

The plugin glue imports from here only:

    config = RenditionConfig(widths=..., formats=...)        # from the site settings
    info = inspect_photo(path, config)                        # validate early, per article
    report = render_all([RenderJob(path, social=True, focus=(0.5, 0.35)), ...],
                        cache_dir, config)                    # once per build, process pool
    copy_to_output(report.files(), output_dir)                # output/media/<xx>/<name>
    media_url(result.rendition)                               # "/media/<xx>/<name>"
"""

from __future__ import annotations

from .batch import BuildReport, JobResult, RenderJob, default_workers, render_all
from .cache import SourceIndex, atomic_write, cache_path
from .config import FORMAT_MIME_TYPES, RenditionConfig
from .errors import PhotoError
from .plan import Rendition, plan_renditions, plan_social, source_digest
from .probe import PhotoInfo, check_photo, inspect_photo
from .publish import PublishReport, copy_to_output, media_url
from .render import RenditionResult, render_photo, render_social

__all__ = [
    "FORMAT_MIME_TYPES",
    "BuildReport",
    "JobResult",
    "PhotoError",
    "PhotoInfo",
    "PublishReport",
    "RenderJob",
    "Rendition",
    "RenditionConfig",
    "RenditionResult",
    "SourceIndex",
    "atomic_write",
    "cache_path",
    "check_photo",
    "copy_to_output",
    "default_workers",
    "inspect_photo",
    "media_url",
    "plan_renditions",
    "plan_social",
    "render_all",
    "render_photo",
    "render_social",
    "source_digest",
]
