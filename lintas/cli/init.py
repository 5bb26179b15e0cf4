"""Create a new portal in an empty (or not yet existing) folder.

    lintas init lintas-manado --name "Lintas Manado"

The portal is made from the skeleton shipped with the engine
(``lintas/skeleton/``, package data): ``pelicanconf.py`` with only the
portal's own choices (name, tagline, description, publisher, address,
timezone, sections, regions, reporters), ``publishconf.py`` (production:
strict builds, the public address, deploy), ``content/`` with one example
story and its two photos plus the Redaksi and Pedoman Media Siber pages, a
``Makefile`` (``make serve``, ``make publish``), ``README.md`` and
``.gitignore``.

Files named ``*.tmpl`` are rendered: each ``{{ key }}`` is replaced by a
value computed here (``*_py`` keys are Python string literals, for the
settings files); an unknown key is a bug in the skeleton and stops ``init``.
Every other file (the photos) is copied byte for byte. The whole portal is
written into a hidden sibling folder and renamed into place at the end, so a
failed ``init`` leaves nothing half-made behind.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from lintas.core.messages import MessageError, msg, msgn, say

SKELETON = Path(__file__).resolve().parent.parent / "skeleton"
# The skeleton's story folder; it becomes content/articles/YYYY/MM/<slug>/.
STORY_SKELETON = "story"
# Dotfiles are easy to lose in package data: the skeleton names them without the dot.
RENAMED = {"gitignore": ".gitignore"}
TEMPLATE_SUFFIX = ".tmpl"
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")
# Indonesia's three time zones and the label printed after every time.
TIMEZONES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
DEFAULT_TIMEZONE = "Asia/Makassar"

EXAMPLES = """examples:
  lintas init lintas-manado --name "Lintas Manado"
        a portal for Manado in ./lintas-manado (the city is the name minus
        its first word; WITA)
  lintas init portal-kupang --name "Kabar Kupang" --city Kupang \\
        --url https://kabarkupang.id

Everything it writes is a starting point: edit pelicanconf.py (sections,
regions, reporters), replace the example story, then `make serve`.
"""


class InitRefused(MessageError):
    """The folder or the options cannot make a portal; the message says why.

    There are no settings yet: the message renders in the default messages
    language (Indonesian), or in any with ``render(language)``."""


def story_title(city: str) -> str:
    return f"Warga {city} Kerja Bakti Bersihkan Saluran Air Jelang Musim Hujan"


def default_city(name: str) -> str:
    """``"Lintas Manado"`` → ``"Manado"``: a portal is usually a brand word
    and a place; a one-word name is its own city."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 else name


def clean_text(value: str, option: str, example: str) -> str:
    """One line of printable text, or a refusal naming the option."""
    text = " ".join(value.split())
    if not text:
        raise InitRefused(
            msg(
                "%(option)s is empty — give it, e.g. %(option)s %(example)s",
                option=option,
                example=example,
            )
        )
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise InitRefused(
            msg(
                "%(option)s %(value)s holds control characters — use plain text",
                option=option,
                value=repr(value),
            )
        )
    return text


def python_literal(text: str) -> str:
    """A double-quoted Python string literal (JSON's escapes are Python's)."""
    return json.dumps(text, ensure_ascii=False)


def portal_values(
    name: str, city: str, timezone: str, url: str | None, now: datetime
) -> dict[str, str]:
    from lintas import __version__
    from lintas.core.slugs import slugify_title

    slug = slugify_title(name)
    desk = f"Redaksi {name}"
    title = story_title(city)
    values = {
        "name": name,
        "city": city,
        "desk": desk,
        "publisher": name,
        "tagline": f"Berita {city} dan sekitarnya",
        "description": f"Berita {city}: pemerintahan, ekonomi, dan kehidupan warga.",
        "desk_bio": f"Tim redaksi {name} di {city}.",
        "timezone": timezone,
        "timezone_label": TIMEZONES[timezone],
        "site_url": url or f"https://{slug}.example",
        "slug_compact": slug.replace("-", ""),
        "version": __version__,
        "story_title": title,
        "story_date": f"{now:%Y-%m-%d %H:%M}",
        "story_dir": f"{now:%Y}/{now:%m}/{slugify_title(title)}",
    }
    for key in ("name", "city", "desk", "publisher", "tagline", "description", "desk_bio"):
        values[f"{key}_py"] = python_literal(values[key])
    for key in ("timezone", "timezone_label", "site_url"):
        values[f"{key}_py"] = python_literal(values[key])
    return values


def render(text: str, values: dict[str, str], source: Path) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"{source}: unknown placeholder {{{{ {key} }}}}")
        return values[key]

    return PLACEHOLDER.sub(replace, text)


def target_path(relative: Path, values: dict[str, str]) -> Path:
    """Where a skeleton file goes in the portal."""
    parts = list(relative.parts)
    if parts[0] == STORY_SKELETON:
        parts = ["content", "articles", *values["story_dir"].split("/"), *parts[1:]]
    name = parts[-1].removesuffix(TEMPLATE_SUFFIX)
    parts[-1] = RENAMED.get(name, name)
    return Path(*parts)


def write_skeleton(folder: Path, values: dict[str, str]) -> list[Path]:
    written = []
    for source in sorted(SKELETON.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        relative = target_path(source.relative_to(SKELETON), values)
        destination = folder / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.name.endswith(TEMPLATE_SUFFIX):
            text = render(source.read_text(encoding="utf-8"), values, source)
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(relative)
    return written


def check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InitRefused(
            msg("%(folder)s: is a file, not a folder — choose a new or empty folder", folder=folder)
        )
    if folder.is_dir():
        entries = sorted(p.name for p in folder.iterdir())
        if entries:
            shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
            raise InitRefused(
                msgn(
                    "%(folder)s: the folder is not empty (%(count)d entry: %(shown)s) — init "
                    "never overwrites anything; choose a new or empty folder",
                    "%(folder)s: the folder is not empty (%(count)d entries: %(shown)s) — init "
                    "never overwrites anything; choose a new or empty folder",
                    len(entries),
                    folder=folder,
                    shown=shown,
                )
            )


def create_portal(
    folder: Path,
    name: str,
    city: str | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    url: str | None = None,
    now: datetime | None = None,
) -> list[Path]:
    """Write a new portal into ``folder`` (new or empty); the files written,
    relative to it. Raises ``InitRefused`` with the reason otherwise."""
    name = clean_text(name, "--name", '"Lintas Manado"')
    city = clean_text(city if city is not None else default_city(name), "--city", "Manado")
    if timezone not in TIMEZONES:
        raise InitRefused(
            msg(
                "--timezone %(value)s is not an Indonesian time zone — use one of %(choices)s",
                value=repr(timezone),
                choices=", ".join(TIMEZONES),
            )
        )
    if url is not None and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
        raise InitRefused(
            msg(
                "--url %(value)s is not an address — write it as https://example.id",
                value=repr(url),
            )
        )
    folder = Path(folder)
    check_folder(folder)
    now = now or datetime.now(ZoneInfo(timezone))
    values = portal_values(name, city, timezone, url.rstrip("/") if url else None, now)

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.with_name(f".{folder.name}.init-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        written = write_skeleton(staging, values)
        if folder.is_dir():
            folder.rmdir()  # empty (checked above); the rename needs it gone
        os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lintas init",
        description="Create a new portal in an empty (or new) folder.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folder", type=Path, help="the new portal's folder (new or empty)")
    parser.add_argument("--name", required=True, help='the portal\'s name, e.g. "Lintas Manado"')
    parser.add_argument(
        "--city", help="its city or region (default: the name minus its first word)"
    )
    parser.add_argument(
        "--timezone",
        default=DEFAULT_TIMEZONE,
        choices=list(TIMEZONES),
        help=f"default {DEFAULT_TIMEZONE} ({TIMEZONES[DEFAULT_TIMEZONE]})",
    )
    parser.add_argument("--url", help="the public address (default: https://<slug>.example)")
    args = parser.parse_args(argv)
    try:
        create_portal(args.folder, args.name, args.city, args.timezone, args.url)
    except InitRefused as refusal:
        print(f"lintas init: {refusal}", file=sys.stderr)
        return 1
    name = " ".join(args.name.split())
    print(say(msg("created the portal %(name)s in %(folder)s/", name=name, folder=args.folder)))
    print(say(msg("next, in that folder:")))
    print(f"  cd {args.folder}")
    preview = say(msg("live preview on %(url)s, rebuilt on save", url="http://127.0.0.1:8000"))
    print(f"  make serve      # {preview}")
    production = say(msg("the production site in output/"))
    print(f"  make publish    # {production}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
