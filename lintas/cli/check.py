"""Check articles and pages against the newsroom rules without building.

    lintas check                                    # the whole content tree
    lintas check content/articles/2016/09/x/index.md

Prints one `path:line: what is wrong — what to do` per problem; exits 1 if any
is an error (warnings, `path:line: warning: …`, are printed only).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lintas check",
        description="Check content against the newsroom rules.",
        epilog=(
            "examples:\n  lintas check                      every story and page\n"
            "  lintas check content/articles/2016/09/x/index.md"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: all)")
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    args = parser.parse_args(argv)

    from lintas.settings import read_settings

    settings = read_settings(args.settings)
    from lintas.core.messages import msg, msgn, use_settings
    from lintas.plugins.newsroom.check import check_content

    use_settings(settings)
    # review() logs each problem; we print them ourselves, once.
    logging.getLogger("lintas.plugins.newsroom").setLevel(logging.CRITICAL)
    files: list[Path] | None = None
    if args.paths:
        files = sorted(
            f for p in args.paths for f in ([p] if p.is_file() else Path(p).rglob("*.md"))
        )
    from lintas.core.problems import errors

    problems = check_content(settings, files)
    for problem in problems:
        print(problem)  # one line each, in MESSAGES_LANGUAGE
    refused = errors(problems)
    found = msgn("%(count)d problem", "%(count)d problems", len(refused))
    warned = msgn("%(count)d warning", "%(count)d warnings", len(problems) - len(refused))
    if files is None:
        summary = msg(
            "%(problems)s, %(warnings)s in the content tree", problems=found, warnings=warned
        )
    else:
        checked = msgn("%(count)d file", "%(count)d files", len(files))
        summary = msg(
            "%(problems)s, %(warnings)s in %(files)s",
            problems=found,
            warnings=warned,
            files=checked,
        )
    print(summary, file=sys.stderr)
    return 1 if refused else 0  # a warning never holds a story back


if __name__ == "__main__":
    sys.exit(main())
