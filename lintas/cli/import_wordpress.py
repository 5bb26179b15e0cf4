"""Import a WordPress export (WXR) as Lintas article bundles.

    lintas import-wordpress EXPORT.xml --uploads wp-content/uploads \\
        [--output content/articles] [--wp-timezone Asia/Jakarta] \\
        [--map-category "Berita Daerah=Pemerintahan"] [--map-author "admin=Rahmat Mokodompit"]

Prints, per post, where it went and everything that could not be converted.
Exit status 0 (read the report, then run lintas check on the
output); 1 only when the export itself cannot be read. The rules live in
plugins/newsroom/wordpress.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def pairs(values: list[str], parser: argparse.ArgumentParser, option: str) -> dict[str, str]:
    mapping = {}
    for value in values:
        source, sep, target = value.partition("=")
        if not sep or not source.strip() or not target.strip():
            parser.error(f"{option} takes 'WordPress name=Lintas name', not {value!r}")
        mapping[source.strip().lower()] = target.strip()
    return mapping


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lintas import-wordpress",
        description=__doc__.splitlines()[0],
        epilog=("example:\n  lintas import-wordpress export.xml --uploads wp-content/uploads"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("export", type=Path, help="the WXR file (Tools → Export in WordPress)")
    parser.add_argument("--uploads", type=Path, required=True, help="a copy of wp-content/uploads")
    parser.add_argument("--output", type=Path, help="default: the settings' content/articles")
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument(
        "--wp-timezone", help="the WordPress site's timezone (default: the portal's TIMEZONE)"
    )
    parser.add_argument("--map-category", action="append", default=[], metavar="WP=LINTAS")
    parser.add_argument("--map-author", action="append", default=[], metavar="WP=LINTAS")
    parser.add_argument("--overwrite", action="store_true", help="replace bundles imported before")
    args = parser.parse_args(argv)

    from lxml import etree

    from lintas.settings import read_settings

    settings = read_settings(args.settings)
    from lintas.wordpress.importer import ImportSettings, import_export

    output = args.output or Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0]
    if not args.uploads.is_dir():
        print(f"warning: {args.uploads} is not a folder: every image will be reported missing")
    config = ImportSettings.from_pelican(
        settings,
        output,
        args.uploads if args.uploads.is_dir() else None,
        wp_timezone=args.wp_timezone,
        category_map=pairs(args.map_category, parser, "--map-category"),
        author_map=pairs(args.map_author, parser, "--map-author"),
        overwrite=args.overwrite,
    )
    try:
        reports = import_export(args.export, config)
    except (OSError, ValueError, etree.XMLSyntaxError) as error:
        print(f"cannot read {args.export}: {error}", file=sys.stderr)
        return 1

    written = [r for r in reports if r.bundle is not None]
    for report in reports:
        where = report.bundle if report.bundle is not None else "not imported"
        print(f"[{report.id}] {report.title} → {where}")
        for note in report.notes:
            print(f"    - {note}")
    attention = sum(1 for r in written if r.notes)
    print(
        f"\n{len(written)} post(s) written to {output}, {len(reports) - len(written)} not "
        f"imported; {attention} written post(s) have notes above.\n"
        f"Next: lintas check {output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
