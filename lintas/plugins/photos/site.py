"""The build side of the photos plugin: settings, per-article resolution, one render.

``__init__.py`` connects these to Pelican's signals; this module gets plain
objects (settings dicts, content objects) and never imports Pelican, so it is
testable and pool workers never load it.

Per build:

1. ``resolve()`` for every published (or hidden) article and page, after reading:
   checks each photo file again (a cached read skipped the extension), plans its
   renditions (names are content hashes: known before any pixel is made), swaps
   the extension's placeholders for ``<picture>`` markup and sets the public
   attributes (``lead_photo``, ``social_image``, ``photo_crops``, ``has_photos``,
   ``has_gallery``). Drafts and embargoed articles never get here.
2. ``render()`` once, before any page is written: every photo of the build in one
   ``render_all`` (one process pool), then the files are linked into the output.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lintas.core.catalogs import N_
from lintas.core.messages import msg
from lintas.core.problems import Problem
from lintas.pelican_compat import content_html, set_content_html

from . import markup, media
from .cache import atomic_write
from .config import FORMAT_MIME_TYPES, RenditionConfig
from .memo import shared_index
from .plan import Rendition, plan_renditions, plan_social
from .publish import copy_to_output, media_url
from .refs import COVER_BLOCK, PhotoRef, check_photo_file, for_cover, relative_path
from .renditions import BuildReport, RenderJob, default_workers, render_all

logger = logging.getLogger(__name__)

# The placeholder figures.py writes; only its one attribute, so the serializer's
# attribute order cannot change it.
PLACEHOLDER = re.compile(r'<figure data-photo-block="(\d+)">.*?</figure>\n?', re.DOTALL)

FALLBACK_FORMAT = "jpeg"
CREDIT_LABEL = N_("Photo: %(credit)s")  # msgid shared with lintas/theme/templates/article.html


def rendition_config(settings: dict) -> RenditionConfig:
    """The engine's configuration from the site settings."""
    formats = [*(["avif"] if settings["PHOTOS_AVIF"] else []), *settings["PHOTOS_FORMATS"]]
    formats = list(dict.fromkeys(formats))
    if FALLBACK_FORMAT not in formats:
        raise ValueError(
            f"PHOTOS_FORMATS {settings['PHOTOS_FORMATS']} must include '{FALLBACK_FORMAT}': "
            "it is the <img> every browser and feed reader can show"
        )
    # The fallback goes last: <source> elements list the others, most capable first.
    formats = [f for f in formats if f != FALLBACK_FORMAT] + [FALLBACK_FORMAT]
    return RenditionConfig(
        widths=tuple(int(w) for w in settings["PHOTOS_WIDTHS"]),
        jpeg_widths=tuple(int(w) for w in settings["PHOTOS_JPEG_WIDTHS"]),
        formats=tuple(formats),
        jpeg_quality=int(settings["PHOTOS_JPEG_QUALITY"]),
        webp_quality=int(settings["PHOTOS_WEBP_QUALITY"]),
        avif_quality=int(settings["PHOTOS_AVIF_QUALITY"]),
        max_megapixels=float(settings["PHOTOS_MAX_MEGAPIXELS"]),
        social_size=tuple(int(v) for v in settings["PHOTOS_SOCIAL_SIZE"]),
        social_max_bytes=int(settings["PHOTOS_SOCIAL_MAX_BYTES"]),
        social_quality=int(settings["PHOTOS_SOCIAL_QUALITY"]),
    )


@dataclass
class ImageFile:
    """A published image file: the social image, a JSON-LD crop."""

    src: str  # site-relative URL path, e.g. /media/3f/pasar-1200x630-3f9a0c2b1d.jpg
    width: int
    height: int
    mime: str
    length: int = 0  # bytes; known once rendered (set before any page is written)


@dataclass
class LeadPhoto(ImageFile):
    """``article.lead_photo``: what the theme, the feeds and JSON-LD show.

    ``src`` is the JPEG (PNG with alpha) fallback at PHOTOS_FALLBACK_WIDTH, the very
    URL of the ``<img src>`` in the body markup.
    """

    alt: str = ""
    caption: str = ""
    credit: str = ""  # without the "Foto:" label: templates add it
    source: str = ""  # absolute path of the original (for more crops)
    html: str = ""  # the ready <picture> (fetched early, never lazy)
    srcset: str = ""  # srcset of the fallback format, for a plain <img>
    sizes: str = ""
    sources: tuple[tuple[str, str], ...] = ()  # (MIME type, srcset) of the <source>s


@dataclass
class _Use:
    """Where a render job came from, to word a render-time error."""

    path: str  # the article's display path
    ref: PhotoRef


@dataclass
class PhotoBuild:
    settings: dict
    credit_label: Callable[[str], str]
    config: RenditionConfig = field(init=False)
    jobs: dict[RenderJob, list[_Use]] = field(default_factory=dict)
    files: dict[str, list[ImageFile]] = field(default_factory=dict)  # digest → objects
    report: BuildReport | None = None

    def __post_init__(self) -> None:
        self.config = rendition_config(self.settings)
        self.cache_dir = Path(self.settings["PHOTOS_CACHE_DIR"]).resolve()
        self.index = shared_index(self.cache_dir)
        self.url_prefix = self.settings["PHOTOS_URL_PREFIX"]
        self.crop_sizes = tuple(tuple(size) for size in self.settings["PHOTOS_CROP_SIZES"])

    # --- after reading ------------------------------------------------------------

    def resolve(self, content, kind: str) -> list[Problem]:
        """Final markup and photo attributes for one article or page; its problems."""
        refs: tuple[PhotoRef, ...] | None = getattr(content, "photo_refs", None)
        content.lead_photo = content.social_image = None
        content.photo_crops = ()
        content.has_photos = content.has_gallery = False
        if refs is None:  # not read by the newsroom reader (no placeholders either)
            return []
        shown = getattr(content, "newsroom_source", None) or content.source_path
        # Pelican's generator-level cache pickles the object after this runs: keep the
        # placeholders to start from next time.
        if not hasattr(content, "photos_source_html"):
            content.photos_source_html = content_html(content)
        if not refs:
            return []

        folder = Path(content.source_path).parent
        found: dict[str, tuple] = {}
        problems = []
        for ref in refs:
            if ref.path not in found:
                found[ref.path] = check_photo_file(
                    folder, ref.name, ref.path, self.config, self.index
                )
            result = found[ref.path]
            if result[0] is None:
                message = result[1]
                if ref.block == COVER_BLOCK:
                    message = for_cover(message)
                problems.append(Problem(shown, ref.line, message, result[2]))
        if problems:
            return problems

        planned = {
            path: markup.PlannedPhoto(
                tuple(plan_renditions(info, sha, self.config)),
                int(self.settings["PHOTOS_FALLBACK_WIDTH"]),
            )
            for path, (_real, info, sha) in found.items()
        }
        lead = self._lead(content, refs)
        in_header = kind == "article" and bool(self.settings["PHOTOS_LEAD_IN_HEADER"])
        blocks = self._blocks(refs, planned, lead, in_header)
        set_content_html(
            content,
            PLACEHOLDER.sub(lambda m: blocks.get(int(m.group(1)), ""), content.photos_source_html),
        )
        content.has_photos = any(blocks.values())
        content.has_gallery = any(ref.gallery for ref in refs)

        focus = getattr(content, "focus", None)
        for ref in refs:
            real, info, sha = found[ref.path]
            job = RenderJob(str(real))
            if ref is lead:
                job = RenderJob(str(real), social=True, focus=focus, crop_sizes=self.crop_sizes)
                content.lead_photo = self._lead_photo(ref, planned[ref.path], real, content)
                content.social_image = self._image(plan_social(info, sha, focus, self.config))
                content.photo_crops = tuple(
                    self._image(plan_social(info, sha, focus, self.config, size))
                    for size in self.crop_sizes
                )
            self.jobs.setdefault(job, []).append(_Use(shown, ref))
        return []

    def _lead(self, content, refs: tuple[PhotoRef, ...]) -> PhotoRef:
        """The Cover photo (its first use in the body, else the cover-only ref), else
        the first photo of the body."""
        cover = next((r for r in refs if r.block == COVER_BLOCK), None)
        name = getattr(content, "cover", None)
        if name:
            path = relative_path(name)[0]
            in_body = next((r for r in refs if r.path == path and r.block != COVER_BLOCK), None)
            if in_body or cover:
                return in_body or cover
        return next((r for r in refs if r.block != COVER_BLOCK), refs[0])

    def _blocks(self, refs, planned, lead: PhotoRef, in_header: bool) -> dict[int, str]:
        grouped: dict[int, list[PhotoRef]] = {}
        for ref in refs:
            if ref.block != COVER_BLOCK:
                grouped.setdefault(ref.block, []).append(ref)
        sizes = self.settings["PHOTOS_SIZES"]
        gallery_sizes = self.settings["PHOTOS_GALLERY_SIZES"]
        html = {}
        for block, items in grouped.items():
            if not items[0].gallery:
                (ref,) = items
                if ref is lead and in_header:
                    html[block] = ""  # shown above the story by the theme (lead_photo)
                    continue
                pic = markup.picture(
                    planned[ref.path], ref.alt, sizes, self.url_prefix, lead=ref is lead
                )
                html[block] = markup.figure(pic, self._caption(ref)) + "\n"
                continue
            rows = []
            for ref in items:
                photo = planned[ref.path]
                # In a gallery the lead is shown in the header already: lazy here.
                eager = ref is lead and not in_header
                pic = markup.picture(photo, ref.alt, gallery_sizes, self.url_prefix, lead=eager)
                largest = media_url(photo.largest, self.url_prefix)
                rows.append(markup.gallery_item(pic, self._caption(ref), largest))
            html[block] = markup.gallery(rows) + "\n"
        return html

    def _caption(self, ref: PhotoRef) -> str:
        return markup.figcaption(ref.caption, ref.credit, self.credit_label)

    def _lead_photo(self, ref: PhotoRef, photo: markup.PlannedPhoto, real: Path, content):
        fallback = photo.fallback
        sizes = self.settings["PHOTOS_SIZES"]
        alt = ref.alt or getattr(content, "title", "")  # a cover not in the body has none
        lead = LeadPhoto(
            src=media_url(fallback, self.url_prefix),
            width=fallback.width,
            height=fallback.height,
            mime=fallback.mime_type,
            alt=alt,
            caption=ref.caption,
            credit=ref.credit,
            source=str(real),
            html=markup.picture(photo, alt, sizes, self.url_prefix, lead=True),
            srcset=markup.srcset(photo.of_format(photo.fallback_format), self.url_prefix),
            sizes=sizes,
            sources=tuple(
                (FORMAT_MIME_TYPES[fmt], markup.srcset(photo.of_format(fmt), self.url_prefix))
                for fmt in photo.source_formats
            ),
        )
        self.files.setdefault(fallback.digest, []).append(lead)
        return lead

    def _image(self, rendition: Rendition) -> ImageFile:
        image = ImageFile(
            media_url(rendition, self.url_prefix),
            rendition.width,
            rendition.height,
            rendition.mime_type,
        )
        self.files.setdefault(rendition.digest, []).append(image)
        return image

    # --- once per build -------------------------------------------------------------

    def render(self, output_path: str | os.PathLike[str]) -> list[Problem]:
        """Render every photo of the build, publish the files; render-time problems."""
        jobs, uses = self._merged_jobs()
        workers = self.settings["PHOTOS_WORKERS"] or default_workers()
        # The index the articles were checked with: read once per build (a
        # shared photo cache's index holds every photo it has seen).
        report = render_all(jobs, self.cache_dir, self.config, workers, index=self.index)
        self.report = report
        problems = [
            Problem(
                use.path,
                use.ref.line,
                msg(
                    "photo '%(name)s': %(problem)s", name=use.ref.name, problem=result.error.message
                ),
                result.error.hint,
            )
            for result in report.errors
            for use in uses[result.job]
        ]
        if problems:
            return problems
        media_dir = self.settings["PHOTOS_MEDIA_DIR"]
        live = self.settings.get("LIVE_OUTPUT_PATH")
        if live:  # a staging folder that will be swapped in: the shared folder
            needed = {result.rendition.relpath: result for result in report.files()}
            published = media.prepare(live, output_path, media_dir, needed)
        else:  # Pelican writing its output in place
            published = copy_to_output(report.files(), output_path, media_dir)
        sizes = {result.rendition.digest: result.bytes for result in report.files()}
        for digest, images in self.files.items():
            for image in images:
                image.length = sizes.get(digest, 0)
        summary = {
            "photos": len(jobs),
            "rendered": report.rendered,
            "cached": report.cached,
            "rendered_photos": report.rendered_jobs,
            "workers": report.workers,
            "seconds": round(report.seconds, 3),
            "published": published.written,
            "unchanged": published.unchanged,
            "rendered_files": sorted(r.rendition.name for r in report.files() if r.rendered),
        }
        report_path = self.cache_dir / self.settings["PHOTOS_REPORT"]
        atomic_write(report_path, (json.dumps(summary, indent=1) + "\n").encode())
        logger.info(
            "photos: %d photo(s), %d file(s) rendered, %d cached, %d published in %.2f s "
            "(%d worker(s)); report %s",
            len(jobs),
            report.rendered,
            report.cached,
            published.written,
            report.seconds,
            report.workers,
            report_path,
        )
        return []

    def _merged_jobs(self) -> tuple[list[RenderJob], dict[RenderJob, list[_Use]]]:
        """One job per photo: a plain job is dropped when the same photo is a lead
        somewhere (its social job renders the srcset files too)."""
        social_by_source: dict[str, RenderJob] = {}
        for job in self.jobs:
            if job.social:
                social_by_source.setdefault(job.source, job)
        uses: dict[RenderJob, list[_Use]] = {}
        for job, job_uses in self.jobs.items():
            target = job if job.social else social_by_source.get(job.source, job)
            uses.setdefault(target, []).extend(job_uses)
        return list(uses), uses


def drop(items: Iterable[list], content) -> None:
    """Remove ``content`` from each list holding it (in place: Pelican's context
    shares these list objects)."""
    for items_list in items:
        items_list[:] = [item for item in items_list if item is not content]
