"""The newsroom's people and places as content: reporters, sections, regions.

    content/authors/<slug>.md     Name:, Code:, Role:, Photo:, Email:, Links:, then the bio
    content/sections/<slug>.md    Name:, Description:, Order:
    content/regions/<slug>.md     Name:, Description:, Order:

An editor adds a reporter by adding a file, not by editing Python. Each file
is a header of ``Field: value`` lines (the article's parser, so line numbers
are exact), a blank line, and for an author the bio in Markdown. Problems are
``path:line: what — what to do`` like an article's.

``lintas.settings.read_settings`` loads the folders once per command and sets
``NEWSROOM_AUTHORS``, ``NEWSROOM_CATEGORIES`` and ``NEWSROOM_REGIONS`` from them
(ordered by ``Order:``, then name), so every reader of those settings (rules,
templates, structured data, feeds, the importer) sees the files. A portal
without the folders keeps the values of its ``pelicanconf.py``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import parse_front_matter, strip_control_characters
from .messages import msg
from .problems import Problem

AUTHOR_FIELDS = ("Name", "Code", "Role", "Photo", "Email", "Links")
PLACE_FIELDS = ("Name", "Description", "Order")
FOLDERS = {"authors": AUTHOR_FIELDS, "sections": PLACE_FIELDS, "regions": PLACE_FIELDS}
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# The settings each folder replaces.
SETTING_OF = {
    "authors": "NEWSROOM_AUTHORS",
    "sections": "NEWSROOM_CATEGORIES",
    "regions": "NEWSROOM_REGIONS",
}


@dataclass
class Directory:
    authors: dict[str, dict] = field(default_factory=dict)  # name -> profile
    sections: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    descriptions: dict[str, str] = field(default_factory=dict)  # section/region -> text
    found: set[str] = field(default_factory=set)  # folders that exist
    problems: list[Problem] = field(default_factory=list)


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


def _read(path: Path, known: tuple[str, ...], problems: list[Problem]):
    from .schema import suggest

    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(shown, 0, msg("the file is not UTF-8 text (%(reason)s)", reason=error.reason))
        )
        return None, shown
    front = parse_front_matter(strip_control_characters(text))
    for line, raw in front.malformed:
        problems.append(
            Problem(
                shown,
                line,
                msg("header line '%(text)s' is not 'Field: value'", text=raw.strip()),
                msg("write 'Field: value', or leave a blank line before the body text"),
            )
        )
    lowered = {k.lower() for k in known}
    for item in front.fields:
        if item.key not in lowered:
            close = suggest(item.name, known)
            hint = (
                msg("did you mean '%(name)s'?", name=close)
                if close
                else msg("known fields: %(names)s", names=", ".join(known))
            )
            problems.append(
                Problem(shown, item.line, msg("unknown field '%(name)s'", name=item.name), hint)
            )
    name = front.first("name")
    if name is None or not name.value.strip():
        problems.append(
            Problem(
                shown,
                name.line if name else 1,
                msg("the name is missing"),
                msg("add a line 'Name: …' at the top of the file"),
            )
        )
        return None, shown
    return front, shown


def _order(front, shown: str, problems: list[Problem]) -> int:
    order = front.first("order")
    if order is None or not order.value.strip():
        return 0
    try:
        return int(order.value.strip())
    except ValueError:
        problems.append(
            Problem(
                shown,
                order.line,
                msg("order '%(value)s' is not a whole number", value=order.value.strip()),
                msg("e.g. 'Order: 3' (smaller numbers come first)"),
            )
        )
        return 0


def _author(path: Path, front, shown: str, problems: list[Problem]) -> dict:
    value = {f.key: f.value.strip() for f in front.fields}
    profile = {
        "slug": path.stem,
        "code": value.get("code", ""),
        "role": value.get("role", ""),
        "email": value.get("email", ""),
        "links": [link.strip() for link in value.get("links", "").split(",") if link.strip()],
        "bio": " ".join(front.body.split()),
    }
    photo = front.first("photo")
    if photo is not None and photo.value.strip():
        target = (path.parent / photo.value.strip()).resolve()
        if path.parent.resolve() not in target.parents or not target.is_file():
            problems.append(
                Problem(
                    shown,
                    photo.line,
                    msg("photo '%(name)s' does not exist", name=photo.value.strip()),
                    msg("put the photo beside this file and give just its file name"),
                )
            )
        elif target.suffix.lower() not in PHOTO_SUFFIXES:
            problems.append(
                Problem(
                    shown,
                    photo.line,
                    msg("%(format)s images are not supported", format=target.suffix),
                    msg("use a JPEG, PNG, WebP or HEIC photo"),
                )
            )
        else:
            # The digest names the published copy: a new photo is a new address.
            digest = hashlib.sha256(target.read_bytes()).hexdigest()[:10]
            profile["photo_source"] = str(target)
            profile["photo"] = f"penulis/{path.stem}/foto-{digest}.jpg"
    for link in profile["links"]:
        if not link.startswith(("https://", "http://")):
            problems.append(
                Problem(
                    shown,
                    front.first("links").line,
                    msg("link '%(url)s' is not a web address", url=link),
                    msg("write full addresses separated by commas, e.g. https://…"),
                )
            )
    return profile


def load_directory(content: str | os.PathLike) -> Directory:
    """Read ``content/{authors,sections,regions}/*.md``; never raises for bad files."""
    root = Path(content)
    result = Directory()
    for folder, known in FOLDERS.items():
        where = root / folder
        if not where.is_dir():
            continue
        result.found.add(folder)
        entries: list[tuple[int, str]] = []
        owners: dict[str, str] = {}
        for path in sorted(where.glob("*.md")):
            front, shown = _read(path, known, result.problems)
            if front is None:
                continue
            name = " ".join(front.first("name").value.split())
            if name in owners:
                result.problems.append(
                    Problem(
                        shown,
                        front.first("name").line,
                        msg(
                            "name '%(name)s' is already used by %(owner)s",
                            name=name,
                            owner=owners[name],
                        ),
                        msg("each file needs its own name"),
                    )
                )
                continue
            owners[name] = shown
            if folder == "authors":
                result.authors[name] = _author(path, front, shown, result.problems)
                continue
            entries.append((_order(front, shown, result.problems), name))
            description = front.first("description")
            if description is not None and description.value.strip():
                result.descriptions[name] = description.value.strip()
        names = [name for _order_key, name in sorted(entries, key=lambda e: (e[0], e[1]))]
        if folder == "sections":
            result.sections = names
        elif folder == "regions":
            result.regions = names
    return result


def directory_root(settings: dict) -> str:
    """Where the folders are: ``NEWSROOM_DIRECTORY``, else the content folder."""
    return settings.get("NEWSROOM_DIRECTORY") or settings["PATH"]


def apply_directory(settings: dict) -> Directory:
    """Set the people and places settings from the content folders that exist."""
    directory = load_directory(directory_root(settings))
    if "authors" in directory.found:
        settings["NEWSROOM_AUTHORS"] = directory.authors
    if "sections" in directory.found:
        settings["NEWSROOM_CATEGORIES"] = directory.sections
    if "regions" in directory.found:
        settings["NEWSROOM_REGIONS"] = directory.regions
    if directory.descriptions:
        settings["NEWSROOM_DESCRIPTIONS"] = directory.descriptions
    return directory
