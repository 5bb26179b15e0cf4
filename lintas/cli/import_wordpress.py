"""Import a WordPress export (WXR) into a Lintas portal: posts, pages, authors, redirects.

    lintas import-wordpress EXPORT.xml --uploads wp-content/uploads \\
        [--content content] [--wp-timezone Asia/Jakarta] \\
        [--permalink-structure "/%year%/%monthnum%/%day%/%postname%/"] \\
        [--map-category "Berita Daerah=Pemerintahan"] [--map-author "admin=Rahmat Mokodompit"]

Prints what needs an editor, writes the migration report (Markdown, Indonesian
and English) and the redirect mapping ``content/redirects/wordpress.tsv`` the
build turns into an nginx map. Running it again skips what is done, so an
interrupted import is resumed by the same command. Exit status 0 (read the
report, then run `lintas check`); 1 only when the export cannot be read. The
rules live in lintas/wordpress/importer.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPORT_LANGUAGES = ("id", "en")
PROGRESS_MIN_ITEMS = 200  # fewer items: no progress bar, the import takes seconds


def pairs(values: list[str], parser: argparse.ArgumentParser, option: str) -> dict[str, str]:
    mapping = {}
    for value in values:
        source, sep, target = value.partition("=")
        if not sep or not source.strip() or not target.strip():
            parser.error(f"{option} takes 'WordPress name=Lintas name', not {value!r}")
        mapping[source.strip().lower()] = target.strip()
    return mapping


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lintas import-wordpress",
        description=__doc__.splitlines()[0],
        epilog=("example:\n  lintas import-wordpress export.xml --uploads wp-content/uploads"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("export", type=Path, help="the WXR file (Tools → Export in WordPress)")
    parser.add_argument("--uploads", type=Path, required=True, help="a copy of wp-content/uploads")
    parser.add_argument("--content", type=Path, help="the portal's content folder (default: PATH)")
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument(
        "--wp-timezone", help="the WordPress site's timezone (default: the portal's TIMEZONE)"
    )
    parser.add_argument(
        "--permalink-structure",
        action="append",
        default=[],
        metavar="STRUCTURE",
        help="a permalink structure the old site used (Settings → Permalinks), e.g. "
        "'/%%year%%/%%monthnum%%/%%postname%%/'; repeatable. The one the export's links "
        "follow is always used.",
    )
    parser.add_argument("--category-base", default="category", help="WordPress's category base")
    parser.add_argument("--tag-base", default="tag", help="WordPress's tag base")
    parser.add_argument("--map-category", action="append", default=[], metavar="WP=LINTAS")
    parser.add_argument("--map-author", action="append", default=[], metavar="WP=LINTAS")
    parser.add_argument("--overwrite", action="store_true", help="replace what was imported before")
    parser.add_argument(
        "--report",
        type=Path,
        default=Path("laporan-impor-wordpress.md"),
        help="the migration report; written once per language, e.g. "
        "laporan-impor-wordpress.id.md and .en.md",
    )
    parser.add_argument("--language", help="of the messages printed (default: UI_LANGUAGE)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)

    from lxml import etree

    from lintas.settings import read_settings
    from lintas.wordpress.importer import Importer, ImportSettings
    from lintas.wordpress.report import Language, ReportBuilder

    settings = read_settings(args.settings)
    content = args.content or Path(settings["PATH"])
    language = Language(args.language or settings.get("UI_LANGUAGE") or "id")
    if not args.uploads.is_dir():
        print(
            language("warning: %(folder)s is not a folder: every image will be reported missing")
            % {"folder": args.uploads}
        )
    for structure in args.permalink_structure:
        if "%" not in structure:
            parser.error(
                f"--permalink-structure takes a structure such as /%postname%/, not {structure!r}"
            )
    config = ImportSettings.from_pelican(
        settings,
        content,
        args.uploads if args.uploads.is_dir() else None,
        wp_timezone=args.wp_timezone,
        category_map=pairs(args.map_category, parser, "--map-category"),
        author_map=pairs(args.map_author, parser, "--map-author"),
        permalink_structures=args.permalink_structure,
        category_base=args.category_base,
        tag_base=args.tag_base,
        overwrite=args.overwrite,
    )
    report = ReportBuilder(content)
    try:
        try:
            importer = Importer(args.export, config)
            totals = _run(importer, report, language)
        except (OSError, ValueError, etree.XMLSyntaxError) as error:
            print(f"cannot read {args.export}: {error}", file=sys.stderr)
            return 1
        written = []
        for code in REPORT_LANGUAGES:
            path = args.report.with_suffix(f".{code}{args.report.suffix or '.md'}")
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as handle:
                report.write(handle, totals, Language(code), str(args.export))
            written.append(str(path))
    finally:
        report.close()
    print(
        language(
            "\n%(posts)d post(s) and %(pages)d page(s) written to %(content)s, %(photos)d "
            "photo(s) copied, %(redirects)d redirect(s) added, %(exists)d already imported, "
            "%(skipped)d not imported."
        )
        % {
            "posts": totals.posts,
            "pages": totals.pages,
            "content": content,
            "photos": totals.photos,
            "redirects": totals.redirects,
            "exists": totals.exists,
            "skipped": totals.not_imported,
        }
    )
    print(language("Report: %(files)s") % {"files": ", ".join(written)})
    return 0


def _run(importer, report, language) -> object:
    """The import, with a progress bar on a terminal when it is long."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    show = console.is_terminal and importer.total >= PROGRESS_MIN_ITEMS
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not show,
    ) as progress:
        task = progress.add_task("WordPress", total=importer.total)

        def on_item(item) -> None:
            report.add(item)
            if item.notes:
                where = item.path if item.path is not None else "—"
                lines = [f"[{item.id}] {item.title} → {where}"]
                lines += [f"    - {language.note(note)}" for note in item.notes]
                text = "\n".join(lines)
                if show:
                    progress.console.print(text, markup=False, highlight=False)
                else:
                    print(text)

        return importer.run(on_item, lambda: progress.advance(task))


if __name__ == "__main__":
    sys.exit(main())
