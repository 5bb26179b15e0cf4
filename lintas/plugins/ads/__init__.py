"""ads: banner ads managed as content, served as one shared fragment per slot.

An ad is a folder ``content/iklan/<slug>/`` with ``index.md`` (Sponsor, Link,
Slot, Image, Alt, Start, End: ``content.py``) and its banner. The templates
place slots (``ad_slots.slot("beranda")`` on the home page, ``ad_slots.in_body(…)``
after the n-th paragraph of a story, ``ad_slots.slot("rubrik")`` on section
pages); a page holds only an nginx SSI directive,
``<!--# include virtual="/_iklan/<slot>.html" -->``, never the ad itself. The
fragment ``_iklan/<slot>.html`` holds the ad that runs now (rendered by the
theme's ``_iklan.html``), the banner's renditions sit in ``_iklan/img/``.

Why a fragment: a page that printed the current banner would depend on it,
and every start or end of an ad would render every story again. Here a new
banner, a changed one or one that expires rewrites the fragment files and
nothing else (docs/incremental.md); the page keys never see an ad.

Ads never reach feeds, the search index, sitemaps or JSON-LD: they are not
stories, and the pages those read carry only the SSI comment.

Signals: ``initialized`` (read and check the ads once, report their problems
as ``path:line`` like a story's, install the ``ad_slots`` Jinja global),
``article_writer_finalized`` (write the banners and render the fragments
with the site's templates: on every build, replaced only when their bytes
change; not through Pelican's writer, whose ``content_written`` would put
them in the sitemap), ``RESERVE_OUTPUTS`` (the fragments' folder is the site's own),
``SCHEDULED_CHANGES`` (each start and end after now, so the scheduled rebuild
does not skip the build that makes an ad appear or disappear).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup
from pelican import signals

from lintas.core.outputs import RESERVE_OUTPUTS, Reserved
from lintas.core.problems import report_problems
from lintas.core.rules import build_clock
from lintas.core.schedule import SCHEDULED_CHANGES

from . import banner
from .content import Ad, AdFolder, moments, read_ads, showing

FRAGMENT_TEMPLATE = "_iklan"
BANNER_FOLDER = "img"
# CSS px: a slot this narrow fits every phone's column (320 px minus margins).
PHONE_WIDTH = 300
# The block elements a story body may nest paragraphs in (a quote, a photo's
# caption, a "Baca juga" card, a list item): their paragraphs are not counted.
_BLOCK = re.compile(r"<(/?)(?:blockquote|figure|aside|div|ul|ol|table|details)\b|</p>", re.I)


class AdSlots:
    """The Jinja global ``ad_slots``: where a template puts a slot. Its output depends
    on the settings only (never on the ads), so no page key depends on an ad."""

    def __init__(self, settings: dict):
        self.slots = settings["ADS_SLOTS"]
        site_path = urlsplit(settings["SITEURL"]).path.rstrip("/")
        self.base = f"{site_path}/{settings['ADS_OUTPUT_DIR'].strip('/')}"
        self.paragraph = settings["ADS_ARTICLE_PARAGRAPH"]

    def slot(self, name: str) -> Markup:
        """The SSI directive that includes slot ``name`` (empty when no ad runs)."""
        if name not in self.slots:
            raise ValueError(f"ads.slot({name!r}): no such slot in ADS_SLOTS")
        return Markup(f'<!--# include virtual="{self.base}/{name}.html" -->')

    def in_body(self, body: str, name: str = "artikel") -> Markup:
        """``body`` (HTML, trusted: the story's rendered Markdown) with slot ``name``
        after its ADS_ARTICLE_PARAGRAPH-th paragraph (nested ones not counted),
        or at its end when it has fewer."""
        html = str(body)
        depth = count = 0
        for match in _BLOCK.finditer(html):
            if match.group(0).lower() == "</p>":
                if depth == 0:
                    count += 1
                    if count == self.paragraph:
                        at = match.end()
                        return Markup(f"{html[:at]}\n{self.slot(name)}{html[at:]}")
            else:
                depth = max(0, depth + (-1 if match.group(1) else 1))
        return Markup(f"{html}\n{self.slot(name)}")


@dataclass(frozen=True)
class ShownAd:
    """What the fragment template shows of the running ad."""

    slot: str
    site_path: str  # SITEURL's path: the fragment's URLs are root-relative
    sponsor: str
    alt: str
    link: str
    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    lazy: bool


class _Build:
    def __init__(self, settings: dict):
        self.settings = settings
        self.now = build_clock(settings)
        self.folder: AdFolder = read_ads(settings)


_build: _Build | None = None


def _initialized(pelican) -> None:
    global _build
    settings = pelican.settings
    _build = _Build(settings)
    # Errors hold the ad back (a publish still goes out without it); warnings
    # (two ads in one slot at once) are only reported.
    report_problems(sorted(_build.folder.problems))
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "ad_slots": AdSlots(settings)}


def _shown(ad: Ad, slot: str, settings: dict, output: Path) -> ShownAd:
    box = settings["ADS_SLOTS"][slot]
    folder = f"{settings['ADS_OUTPUT_DIR'].strip('/')}/{BANNER_FOLDER}"
    renditions = banner.plan(ad.image, box["width"], tuple(settings["ADS_BANNER_WIDTHS"]), folder)
    banner.write(ad.image, renditions, output)
    # Root-relative: the fragment is part of pages at every depth, on one host.
    site = urlsplit(settings["SITEURL"]).path.rstrip("/")
    one_x = min((r for r in renditions if r.width >= box["width"]), key=lambda r: r.width)
    if box["width"] <= PHONE_WIDTH:
        # A box narrower than any phone is shown at its own size everywhere:
        # density descriptors, and no `sizes` (fewer bytes in every story).
        two_x = [r for r in renditions if r.width >= 2 * box["width"]]
        srcset = f"{site}/{two_x[0].path} 2x" if two_x else ""
        sizes = ""
    else:
        srcset = ", ".join(f"{site}/{r.path} {r.width}w" for r in renditions)
        # The box's width, or the column's on a narrower screen (lintas.css: 1rem margins).
        sizes = f"(min-width: {box['width'] + 32}px) {box['width']}px, calc(100vw - 2rem)"
    return ShownAd(
        slot=slot,
        site_path=site,
        sponsor=ad.sponsor,
        alt=ad.alt,
        link=ad.link,
        src=f"{site}/{one_x.path}",
        srcset=srcset,
        sizes=sizes,
        width=box["width"],
        height=box["height"],
        lazy=bool(box.get("lazy", True)),
    )


def _write_fragments(generator, writer) -> None:  # noqa: ARG001 - Pelican's signature
    """Render each slot's fragment with the theme's ``_iklan.html``, and write it
    when its bytes changed. Not through Pelican's writer: its ``content_written``
    would list the fragments as pages (in the sitemap). The staging folder of an
    incremental build starts without them (they are in no manifest): they are
    written on every build, a few hundred bytes each."""
    if _build is None:
        return
    settings = generator.settings
    output = Path(generator.output_path)
    template = generator.get_template(FRAGMENT_TEMPLATE)
    folder = settings["ADS_OUTPUT_DIR"].strip("/")
    for slot in settings["ADS_SLOTS"]:
        ad = showing(_build.folder.ads, slot, _build.now)
        relative = f"{folder}/{slot}.html"
        context = {
            **generator.context,
            "output_file": relative,
            "slot": slot,
            "ad": _shown(ad, slot, settings, output) if ad else None,
        }
        _write_if_changed(output / relative, template.render(context).encode("utf-8"))


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)  # never written through: it may be a link to the live site


def _reserve_outputs(settings: dict, articles: list) -> list[Reserved]:  # noqa: ARG001
    return [Reserved(f"{settings['ADS_OUTPUT_DIR'].strip('/')}/", "the ad slots and banners")]


def _scheduled_changes(settings: dict, now) -> list:  # noqa: ARG001 - the signal's sender
    return moments(_build.folder.ads, now) if _build is not None else []


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.article_writer_finalized.connect(_write_fragments)
    RESERVE_OUTPUTS.connect(_reserve_outputs)
    SCHEDULED_CHANGES.connect(_scheduled_changes)


__all__ = ["AdSlots", "register"]
