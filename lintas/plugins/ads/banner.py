"""A banner's renditions: plain resized copies made with Pillow.

The photos plugin's renditions are for photographs in stories (formats,
focus crops, a cache); a banner is one image the advertiser made to size, so
its own small code here: the original's format, a few widths up to twice the
slot's (sharp on phones) and never wider than the original, named by the
original's content hash (``<hash8>-<width>.jpg``: short, since every byte of
a fragment counts in every story's budget) so the web server may cache them
for a year.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

HASH_LENGTH = 8
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82, "method": 6},
}


@dataclass(frozen=True)
class Rendition:
    path: str  # relative to the output folder
    width: int
    height: int


# A ladder width this close to one already chosen saves a reader too little
# to be worth another srcset candidate (every byte of HTML counts: the
# article budget, tests/theme).
NEAR = 0.2


def rendition_widths(source_width: int, box_width: int, ladder: tuple[int, ...]) -> list[int]:
    """The box's own width (1x) and twice it (or the original's width, when
    smaller), and the ladder's widths up to that which are not near either."""
    limit = min(source_width, 2 * box_width)
    widths = sorted({min(box_width, limit), limit})
    for width in ladder:
        if width < limit and all(abs(width - w) > w * NEAR for w in widths):
            widths.append(width)
    return sorted(widths)


def plan(image: Path, box_width: int, ladder: tuple[int, ...], folder: str) -> list[Rendition]:
    """The renditions of ``image`` for a slot ``box_width`` CSS px wide."""
    data = image.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    with Image.open(io.BytesIO(data)) as opened:
        width, height = opened.size
    suffix = ".jpg" if image.suffix.lower() == ".jpeg" else image.suffix.lower()
    return [
        Rendition(f"{folder}/{digest}-{w}{suffix}", w, round(height * w / width))
        for w in rendition_widths(width, box_width, ladder)
    ]


def write(image: Path, renditions: list[Rendition], output: Path) -> None:
    """Write the renditions that are not in ``output`` yet (their names hold the
    original's hash: a file of that name already has the right bytes)."""
    missing = [r for r in renditions if not (output / r.path).is_file()]
    if not missing:
        return
    with Image.open(image) as opened:
        opened.load()
        kind = FORMATS[image.suffix.lower()]
        source = opened.convert("RGB") if kind == "JPEG" else opened.copy()
    for rendition in missing:
        resized = source
        if (rendition.width, rendition.height) != source.size:
            resized = source.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, format=kind, **SAVE_OPTIONS[kind])
        destination = output / rendition.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.tmp-{os.getpid()}")
        temporary.write_bytes(buffer.getvalue())
        os.replace(temporary, destination)
