"""Create a new article bundle with its header filled in, as a draft.

    lintas new "Judul artikel" [--category Ekonomi] [--author "Nama"]

Prints the path of the new index.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

TEMPLATE = """\
Title: {title}
Date: {date}
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lintas new",
        description="Create a new article bundle (draft).",
        epilog='example:\n  lintas new "Wali kota resmikan pasar" --category Ekonomi',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("title")
    parser.add_argument("--category", default=None, help="default: the first configured one")
    parser.add_argument("--author", default=None)
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    args = parser.parse_args(argv)

    from lintas.settings import read_settings

    settings = read_settings(args.settings)
    from lintas.core.slugs import slugify_title

    title = " ".join(args.title.split())
    if not title:
        parser.error("the title is empty")
    now = datetime.now(ZoneInfo(settings["TIMEZONE"]))
    base = Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0] / f"{now:%Y}" / f"{now:%m}"
    slug = slugify_title(title)
    bundle = base / slug
    number = 2
    while bundle.exists():
        bundle = base / f"{slug}-{number}"
        number += 1
    bundle.mkdir(parents=True)
    index = bundle / "index.md"
    index.write_text(
        TEMPLATE.format(
            title=title,
            date=f"{now:%Y-%m-%d %H:%M}",
            category=args.category or settings["NEWSROOM_CATEGORIES"][0],
            author=args.author or settings["NEWSROOM_DEFAULT_AUTHOR"],
        ),
        encoding="utf-8",
    )
    print(index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
