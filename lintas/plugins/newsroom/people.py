"""The reporters' photos on their author pages (``content/authors/<slug>.md``,
``Photo:``): one small JPEG each, written beside the author page.

A plain resized copy, made here with Pillow: the photos plugin's renditions
belong to that plugin, and a plugin imports ``lintas.core`` only. The copy is
square-cropped, at most ``AUTHOR_PHOTO_SIZE`` pixels, and carries no metadata
(EXIF, GPS) of the original; its file name holds a digest of the original
(``lintas.core.directory``), so a new photo gets a new address.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps

AUTHOR_PHOTO_SIZE = 256
QUALITY = 82


def write_author_photos(settings: dict) -> int:
    """Write every known reporter's photo into the output; returns how many."""
    output = Path(settings["OUTPUT_PATH"])
    written = 0
    for profile in settings.get("NEWSROOM_AUTHORS", {}).values():
        source, target = profile.get("photo_source"), profile.get("photo")
        if not source or not target:
            continue
        destination = output / target
        if destination.exists():
            continue  # same digest: the same photo (kept from the previous output)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with Image.open(source) as original:
            upright = ImageOps.exif_transpose(original).convert("RGB")
            square = ImageOps.fit(upright, (AUTHOR_PHOTO_SIZE, AUTHOR_PHOTO_SIZE))
            square.save(destination, "JPEG", quality=QUALITY, optimize=True)
        written += 1
    return written
