"""The portal's brand: the header logo and every icon, from two files the
portal names in its settings.

- ``BRAND_LOGO``: an SVG, shown in the masthead (white on the brand colour).
- ``BRAND_ICON``: ONE square PNG of at least 512 px, the source of every
  raster icon, made at build time with Pillow: ``/favicon.ico`` (16, 32 and
  48 px in one file, at the root where browsers look for it unasked),
  ``img/icon-32.png``, ``img/icon-192.png``, ``img/icon-512.png``,
  ``img/apple-touch-icon.png`` (180 px, on the brand colour: iOS shows
  transparency as black) and ``/manifest.webmanifest``.

A PNG rather than an SVG is the icon source because rasterising SVG needs a
library (cairo) the build does not otherwise have; the logo stays SVG because
it is only ever drawn by browsers.

Both paths are relative to the theme's ``static/`` folder (or absolute); the
settings and their defaults are declared in ``settings.py``. The
JSON-LD publisher logo (``STRUCTURED_DATA_LOGO``, ``img/logo.png``) is a
512 px rendering of the same icon, kept as a file of the theme.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from lintas.core.messages import MessageError, msg

MIN_ICON_PIXELS = 512
FAVICON_SIZES = ((16, 16), (32, 32), (48, 48))
# (file under <THEME_STATIC_DIR>/, pixels, opaque on the brand colour?)
PNG_ICONS = (
    ("img/icon-32.png", 32, False),
    ("img/icon-192.png", 192, False),
    ("img/icon-512.png", 512, False),
    ("img/apple-touch-icon.png", 180, True),
)
FAVICON = "favicon.ico"
MANIFEST = "manifest.webmanifest"


class BrandError(MessageError):
    """The brand files in the settings are missing or unusable.

    ``str()`` renders the message in the build's ``MESSAGES_LANGUAGE``."""


def reserved() -> list:
    """The brand files written at the root of the output (lintas/core/outputs.py)."""
    from lintas.core.outputs import Reserved

    return [
        Reserved(FAVICON, msg("the site icon (BRAND_ICON)")),
        Reserved(MANIFEST, msg("the web manifest")),
    ]


def brand_file(settings: dict, key: str) -> Path:
    """The file a BRAND_* setting names (relative to the theme's static folder)."""
    path = Path(settings[key])
    return path if path.is_absolute() else Path(settings["THEME"]) / "static" / path


@dataclass(frozen=True)
class BrandFiles:
    """What the build writes: output-relative path → bytes."""

    files: dict[str, bytes]


def _square_source(path: Path) -> Image.Image:
    if not path.is_file():
        raise BrandError(
            msg(
                "%(path)s: the brand icon (BRAND_ICON) does not exist — name a square PNG of "
                "at least %(pixels)dx%(pixels)d px in the settings",
                path=path,
                pixels=MIN_ICON_PIXELS,
            )
        )
    try:
        with Image.open(path) as image:
            image.load()
            source = image.convert("RGBA")
            kind = image.format
    except OSError as error:
        raise BrandError(
            msg(
                "%(path)s: the brand icon cannot be read (%(reason)s) — use a PNG",
                path=path,
                reason=str(error),
            )
        ) from None
    width, height = source.size
    if kind != "PNG" or width != height or width < MIN_ICON_PIXELS:
        raise BrandError(
            msg(
                "%(path)s: the brand icon is a %(width)dx%(height)d %(format)s, not a square "
                "PNG of at least %(pixels)dx%(pixels)d px — export it as one",
                path=path,
                width=width,
                height=height,
                format=kind,
                pixels=MIN_ICON_PIXELS,
            )
        )
    return source


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render(settings: dict) -> BrandFiles:
    """Every icon file and the web manifest, from ``BRAND_ICON`` (deterministic bytes)."""
    source = _square_source(brand_file(settings, "BRAND_ICON"))
    static = settings["THEME_STATIC_DIR"].strip("/")
    colour = settings["BRAND_COLOR"]
    files: dict[str, bytes] = {}
    for name, pixels, opaque in PNG_ICONS:
        icon = source.resize((pixels, pixels), Image.Resampling.LANCZOS)
        if opaque:
            backdrop = Image.new("RGBA", icon.size, colour)
            backdrop.alpha_composite(icon)
            icon = backdrop.convert("RGB")
        files[f"{static}/{name}"] = _png(icon)
    buffer = io.BytesIO()
    source.save(buffer, format="ICO", sizes=list(FAVICON_SIZES))
    files[FAVICON] = buffer.getvalue()
    files[MANIFEST] = web_manifest(settings)
    return BrandFiles(files)


def web_manifest(settings: dict) -> bytes:
    """``manifest.webmanifest``: name, language, colours and the 192/512 icons."""
    site = settings["SITEURL"].rstrip("/")
    static = settings["THEME_STATIC_DIR"].strip("/")
    icons = [
        {"src": f"{site}/{static}/{name}", "sizes": f"{px}x{px}", "type": "image/png"}
        for name, px, _opaque in PNG_ICONS
        if px in (192, 512)
    ]
    name = settings["SITENAME"]
    manifest = {
        "name": name,
        "short_name": name.split(" ", 1)[0],
        "description": settings.get("SITE_DESCRIPTION", ""),
        "lang": settings.get("DEFAULT_LANG", "id"),
        "dir": "ltr",
        "start_url": f"{site}/",
        "scope": f"{site}/",
        "display": "browser",
        "theme_color": settings["BRAND_COLOR"],
        "background_color": settings["BRAND_BACKGROUND"],
        "icons": icons,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def logo_size(settings: dict) -> tuple[int, int]:
    """The masthead logo's width and height (its root ``width``/``height``), so the
    header reserves its box before the file arrives (no layout shift)."""
    path = brand_file(settings, "BRAND_LOGO")
    if not path.is_file():
        raise BrandError(
            msg(
                "%(path)s: the masthead logo (BRAND_LOGO) does not exist — name an SVG",
                path=path,
            )
        )
    head = path.read_text(encoding="utf-8")[:2000]
    root = re.search(r"<svg\b[^>]*>", head)
    sizes = root and [
        re.search(rf'\b{key}="(\d+(?:\.\d+)?)"', root.group(0)) for key in ("width", "height")
    ]
    if not root or not all(sizes):
        raise BrandError(
            msg(
                "%(path)s: the masthead logo needs width and height on its <svg> element — "
                'write e.g. <svg width="210" height="40" …>',
                path=path,
            )
        )
    return round(float(sizes[0].group(1))), round(float(sizes[1].group(1)))
