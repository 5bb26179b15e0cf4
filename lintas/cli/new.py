"""Create a new story bundle, as a draft, and say where to preview it.

    lintas new "Judul artikel" --author "Nama" [--category Ekonomi]

The author must be a known reporter (``content/authors/``); a near miss gets
a suggestion. The slug is made from the title and must be free in the whole
archive (every folder name and ``Slug:`` under the article folders), not only
in this month. The draft has no ``Date``: it gets the time it is released
(``lintas terbit``). Prints the new file and its address in ``lintas serve``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from lintas.core.messages import Text, msg, render, use_settings

TEMPLATE = """\
Title: {title}
Category: {category}
Tags:
Author: {author}
Byline:
Dateline:
Region:
Summary:
Status: draft

Tulis paragraf pertama di sini.
"""
# The address `lintas serve` previews on by default.
PREVIEW_URL = "http://127.0.0.1:8000"


def used_slugs(settings: dict) -> dict[str, Path]:
    """Every article slug of the archive → the file that holds it."""
    from lintas.core.frontmatter import parse_front_matter

    root = Path(settings["PATH"])
    found: dict[str, Path] = {}
    for folder in settings["ARTICLE_PATHS"]:
        for dirpath, _dirs, files in os.walk(root / folder, followlinks=True):
            if "index.md" not in files:
                continue
            index = Path(dirpath) / "index.md"
            found.setdefault(index.parent.name, index)
            try:
                header = parse_front_matter(index.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            given = header.first("slug")
            if given is not None and given.value.strip():
                found.setdefault(given.value.strip(), index)
    return found


def free_slug(slug: str, taken: dict[str, Path]) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` … when the archive already has it."""
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def known_name(
    given: str, known: list[str], unknown: Callable[[str], Text], none_known: Text
) -> str:
    """The known spelling of ``given``; exits with a suggestion otherwise."""
    from lintas.core.schema import did_you_mean, suggest

    exact = {name.lower(): name for name in known}
    if given.lower() in exact:
        return exact[given.lower()]
    if not known:
        raise SystemExit(render(none_known))
    hint = did_you_mean(suggest(given, known), known)
    raise SystemExit(f"lintas new: {render(unknown(given))} — {render(hint)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lintas new",
        description="Create a new article bundle (a draft) and print its preview address.",
        epilog='example:\n  lintas new "Wali kota resmikan pasar" --author "Sitti Paputungan"'
        " --category Ekonomi",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("title")
    parser.add_argument("--author", required=True, help="a reporter of content/authors/")
    parser.add_argument("--category", default=None, help="default: the first section")
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    args = parser.parse_args(argv)

    from lintas.core.rules import build_clock
    from lintas.core.slugs import slugify_title
    from lintas.settings import read_settings

    settings = read_settings(args.settings)
    use_settings(settings)
    title = " ".join(args.title.split())
    if not title:
        parser.error(render(msg("the title is empty")))
    author = known_name(
        args.author,
        list(settings["NEWSROOM_AUTHORS"]),
        lambda name: msg("unknown author '%(name)s'", name=name),
        msg("no reporter is known yet: add one in content/authors/ (see the guide)"),
    )
    sections = list(settings["NEWSROOM_CATEGORIES"])
    category = known_name(
        args.category or (sections[0] if sections else ""),
        sections,
        lambda value: msg("unknown category '%(value)s'", value=value),
        msg("no section is known yet: add one in content/sections/ (see the guide)"),
    )

    now = build_clock(settings)
    slug = free_slug(slugify_title(title), used_slugs(settings))
    base = Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0] / f"{now:%Y}" / f"{now:%m}"
    bundle = base / slug
    bundle.mkdir(parents=True)
    index = bundle / "index.md"
    index.write_text(
        TEMPLATE.format(title=title, category=category, author=author), encoding="utf-8"
    )
    # An undated draft is previewed under the time of the preview's build.
    address = settings["ARTICLE_URL"].format(date=now, slug=slug)
    print(os.path.relpath(index))
    url = f"{PREVIEW_URL}/{address}"  # (not an f-string inside msg(): pybabel skips those)
    print(render(msg("preview (lintas serve): %(url)s", url=url)))
    print(render(msg("release it with: lintas terbit %(path)s", path=os.path.relpath(index))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
