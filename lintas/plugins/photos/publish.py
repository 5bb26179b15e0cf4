"""Put cached renditions into the site output without rewriting unchanged files."""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .plan import Rendition
from .render import RenditionResult

DEFAULT_MEDIA_DIR = "media"
DEFAULT_URL_PREFIX = "/media/"


@dataclass
class PublishReport:
    written: int = 0  # files linked or copied into the output
    unchanged: int = 0  # already there with the same bytes


def media_url(rendition: Rendition, url_prefix: str = DEFAULT_URL_PREFIX) -> str:
    """Public URL of a rendition, e.g. ``/media/3f/pasar-800w-3f9a0c2b1d.webp``."""
    return f"{url_prefix.rstrip('/')}/{rendition.relpath}"


def copy_to_output(
    results: Iterable[RenditionResult],
    output_dir: str | os.PathLike[str],
    media_dir: str = DEFAULT_MEDIA_DIR,
) -> PublishReport:
    """Place each cached file at ``<output_dir>/<media_dir>/<digest[:2]>/<name>``.

    Hard links cost no space or copying when the cache and the output share a file
    system; elsewhere (output on tmpfs, say) the file is copied. A file already in
    place with the same bytes is left alone, so its mtime does not change and
    rsync-style deploys skip it.
    """
    report = PublishReport()
    seen: set[str] = set()
    root = os.path.join(output_dir, media_dir)
    for result in results:
        if result.path in seen:
            continue
        seen.add(result.path)
        dest = os.path.join(root, result.rendition.relpath)
        if _link_new(result.path, dest):
            report.written += 1
        elif _same_bytes(result.path, dest, result.bytes):
            report.unchanged += 1
        else:
            _place(result.path, Path(dest))
            report.written += 1
    return report


def _link_new(src: str, dest: str) -> bool:
    """Hard-link ``src`` at ``dest`` when nothing is there yet (the usual case: a
    fresh staging folder). A link appears whole, so it needs no temporary name;
    one system call per file instead of five (0.2 s a build at 3,000 photos)."""
    for attempt in range(2):
        try:
            os.link(src, dest)
            return True
        except FileNotFoundError:
            if attempt:
                raise
            os.makedirs(os.path.dirname(dest), exist_ok=True)
        except OSError:  # there already, another file system, links not allowed
            return False
    return False


def _same_bytes(src: str, dest: str, size: int) -> bool:
    try:
        st = os.stat(dest)
    except FileNotFoundError:
        return False
    if st.st_size != size:
        return False
    if os.path.samefile(src, dest):  # our own hard link
        return True
    return filecmp.cmp(src, dest, shallow=False)


def _place(src: str, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Link or copy to a temporary name, then rename: readers never see a partial file.
    tmp = dest.with_name(f".tmp-{os.getpid()}-{dest.name}")
    tmp.unlink(missing_ok=True)  # left over from a killed run
    try:
        try:
            os.link(src, tmp)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
