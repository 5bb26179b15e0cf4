"""Ads as content: ``<content>/<ADS_PATH>/<slug>/index.md`` and the banner beside it.

    Sponsor: Toko Roti Mokodompit
    Link: https://roti-mokodompit.example/
    Slot: artikel
    Image: banner.jpg
    Alt: Roti hangat setiap pagi di Jalan Adampe, Kotamobagu
    Start: 2016-09-01 08:00
    End: 2016-12-31 23:59

    (Anything below the blank line is a note for the desk: never published.)

An ad runs in its slot(s) from ``Start`` up to ``End`` (site timezone, like an
article's ``Date``). Every problem is ``path:line: what — what to do`` in the
editor's language; an ad with a problem is left out (a publish holds it back,
the rest of the site goes out). Pure functions over files and settings: no
Pelican object, so the rules are tested without a build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from lintas.core.frontmatter import parse_front_matter, strip_control_characters
from lintas.core.messages import msg
from lintas.core.problems import WARNING, Problem
from lintas.core.schema import _Checker, did_you_mean, suggest

FIELDS = ("Sponsor", "Link", "Slot", "Image", "Alt", "Start", "End")
REQUIRED = ("Sponsor", "Link", "Slot", "Image", "Start", "End")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# A banner's width/height may differ this much from its slot's (rounding in
# an export) and still fill the reserved box without visible distortion.
RATIO_TOLERANCE = 0.02


@dataclass(frozen=True)
class Ad:
    slug: str
    source: str  # index.md as shown in messages
    image: Path
    image_size: tuple[int, int]
    link: str
    slots: tuple[str, ...]
    sponsor: str
    alt: str
    start: datetime
    end: datetime

    def runs_at(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@dataclass
class AdFolder:
    ads: list[Ad]
    problems: list[Problem]


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


def ads_folder(settings: dict) -> Path:
    return Path(settings["PATH"], settings["ADS_PATH"])


def read_ads(settings: dict) -> AdFolder:
    """Every ``<slug>/index.md`` in the ads folder, checked; never raises for a bad file."""
    folder = ads_folder(settings)
    result = AdFolder([], [])
    if not folder.is_dir():
        return result
    for index in sorted(folder.glob("*/index.md")):
        ad, problems = read_ad(index, settings)
        result.problems += problems
        if ad is not None:
            result.ads.append(ad)
    result.problems += overlaps(result.ads)
    return result


def read_ad(index: Path, settings: dict) -> tuple[Ad | None, list[Problem]]:
    """One ad and its problems; None when any problem is an error."""
    shown = _shown(index)
    try:
        text = index.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        reason = msg("the file is not UTF-8 text (%(reason)s)", reason=error.reason)
        return None, [Problem(shown, 0, reason)]
    check = _Checker(parse_front_matter(strip_control_characters(text)), shown, settings)
    check.check_field_names(FIELDS)
    for name in REQUIRED:
        found = check.text(name.lower())
        if found is None or not found.value:
            check.report(
                found.line if found else check.header_line(),
                msg("the ad's '%(field)s' is missing", field=name),
                msg("add a line '%(field)s: …' to the header", field=name),
            )
    sponsor, alt = check.text("sponsor"), check.text("alt")
    link = _link(check)
    slots = _slots(check, settings["ADS_SLOTS"])
    start, end = check.date("start"), check.date("end")
    if start and end and end <= start:
        check.report(
            check.text("end").line,
            msg(
                "the ad ends (%(end)s) before it starts (%(start)s)",
                end=_when(end),
                start=_when(start),
            ),
            msg("check the dates: End must come after Start"),
        )
    image, size = _image(check, index.parent, slots, settings["ADS_SLOTS"])
    if any(not p.is_warning for p in check.problems):
        return None, check.problems
    sponsor_name = sponsor.value
    ad = Ad(
        slug=index.parent.name,
        source=shown,
        image=image,
        image_size=size,
        link=link,
        slots=slots,
        sponsor=sponsor_name,
        alt=alt.value if alt and alt.value else sponsor_name,
        start=start,
        end=end,
    )
    return ad, check.problems


def _when(moment: datetime) -> str:
    """As an editor writes it in the header (site time)."""
    return moment.strftime("%Y-%m-%d %H:%M")


def _link(check: _Checker) -> str:
    found = check.text("link")
    if found is None or not found.value:
        return ""
    parts = urlsplit(found.value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        check.report(
            found.line,
            msg("link '%(value)s' is not a web address", value=found.value),
            msg("write the full address, e.g. Link: https://toko.example/"),
        )
    return found.value


def _slots(check: _Checker, known: dict) -> tuple[str, ...]:
    found = check.text("slot")
    if found is None or not found.value:
        return ()
    names = [name.strip().lower() for name in found.value.split(",") if name.strip()]
    for name in names:
        if name not in known:
            check.report(
                found.line,
                msg("unknown ad slot '%(name)s'", name=name),
                did_you_mean(suggest(name, list(known)), list(known)),
            )
    return tuple(dict.fromkeys(name for name in names if name in known))


def _image(
    check: _Checker, folder: Path, slots: tuple[str, ...], known: dict
) -> tuple[Path, tuple[int, int]]:
    found = check.text("image")
    if found is None or not found.value:
        return folder, (0, 0)
    path = folder / found.value
    if Path(found.value).name != found.value or not path.is_file():
        check.report(
            found.line,
            msg("banner '%(name)s' is not in the ad's folder", name=found.value),
            msg("put the image file next to index.md and write its name, e.g. Image: banner.jpg"),
        )
        return path, (0, 0)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        check.report(
            found.line,
            msg("banner '%(name)s' is not a JPEG, PNG or WebP file", name=found.value),
            msg("export the banner as .jpg, .png or .webp"),
        )
        return path, (0, 0)
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            size = image.size
    except (OSError, SyntaxError) as error:
        check.report(
            found.line,
            msg("banner '%(name)s' cannot be read (%(reason)s)", name=found.value, reason=error),
            msg("export it again as .jpg, .png or .webp"),
        )
        return path, (0, 0)
    width, height = size
    for name in slots:
        box = known[name]
        wanted = box["width"] / box["height"]
        if abs(width / height - wanted) > wanted * RATIO_TOLERANCE or width < box["width"]:
            check.report(
                found.line,
                msg(
                    "banner '%(name)s' is %(width)sx%(height)s px; slot '%(slot)s' needs "
                    "%(slot_width)sx%(slot_height)s px or a larger image of that shape",
                    name=found.value,
                    width=width,
                    height=height,
                    slot=name,
                    slot_width=box["width"],
                    slot_height=box["height"],
                ),
                msg(
                    "ask for a banner of that size (twice as large is sharper on phones), "
                    "or choose another slot"
                ),
            )
    return path, size


def overlaps(ads: list[Ad]) -> list[Problem]:
    """A warning for each ad whose time in a slot overlaps an earlier-starting
    ad's: the slot shows one banner at a time (the one that started last)."""
    problems = []
    ordered = sorted(ads, key=lambda a: (a.start, a.slug))
    for index, ad in enumerate(ordered):
        for other in ordered[:index]:
            shared = [s for s in ad.slots if s in other.slots]
            if shared and ad.start < other.end:
                problems.append(
                    Problem(
                        ad.source,
                        0,
                        msg(
                            "slot '%(slot)s' is also given to %(other)s until %(end)s",
                            slot=shared[0],
                            other=other.source,
                            end=_when(other.end),
                        ),
                        msg("meanwhile only this ad is shown there; change Start or End"),
                        WARNING,
                    )
                )
    return problems


def showing(ads: list[Ad], slot: str, now: datetime) -> Ad | None:
    """The ad a slot shows at ``now``: of those running, the one that started last."""
    running = [ad for ad in ads if slot in ad.slots and ad.runs_at(now)]
    return max(running, key=lambda a: (a.start, a.slug), default=None)


def moments(ads: list[Ad], now: datetime) -> list[datetime]:
    """When the ads change the site by themselves after ``now`` (a start, an end)."""
    return sorted({m for ad in ads for m in (ad.start, ad.end) if m > now})
