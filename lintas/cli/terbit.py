"""Release a draft: write the time of its release into its header.

    lintas terbit content/articles/2026/12/x/index.md   (or the story's folder)

A draft written with ``lintas new`` has no ``Date``: a story's publication
time is the moment an editor releases it, not when the reporter began it.
This command is that moment. It removes ``Status: draft`` and, when the story
has no ``Date``, writes ``Date:`` with the current time (WITA). A ``Date``
already written is kept: a future one is an embargo, the story goes out at
that time. The build itself never writes into content: it stays a function of
its files, and the release time is in the file for everyone (and git) to see.

The story is checked first; with a problem nothing is written and each problem
is printed (exit status 1). The site changes at the next ``make publish`` /
``make deploy`` (or the scheduled rebuild).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from lintas.core.messages import msg, msgn, render, use_settings


def released_text(text: str, now_text: str) -> tuple[str, bool]:
    """``text`` with ``Status: draft`` gone and a ``Date`` (``now_text``) when it
    has none; and whether a Date was written."""
    from lintas.core.frontmatter import parse_front_matter

    front = parse_front_matter(text)
    lines = text.replace("\r\n", "\n").split("\n")
    header_end = front.body_first_line - 1  # 1-based line of the blank separator
    drop = {f.line for f in front.all("status") if f.value.strip().lower() == "draft"}
    date = front.first("date")
    dated = date is not None and date.value.strip()
    out = []
    for number, line in enumerate(lines, start=1):
        if number in drop:
            continue
        if date is not None and number == date.line and not dated:
            line = f"Date: {now_text}"  # an empty `Date:` line gets the time
        out.append(line)
        title = front.first("title")
        if date is None and title is not None and number == title.line:
            out.append(f"Date: {now_text}")  # right under the title
    if date is None and front.first("title") is None and header_end > 0:
        out.insert(0, f"Date: {now_text}")
    return "\n".join(out), not dated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lintas terbit",
        description="Release a draft: remove 'Status: draft' and write the release time as Date.",
        epilog="example:\n  lintas terbit content/articles/2026/12/pasar-baru-diresmikan",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", type=Path, help="the story's index.md or its folder")
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    args = parser.parse_args(argv)

    from lintas.core.rules import build_clock
    from lintas.plugins.newsroom.check import check_content
    from lintas.settings import read_settings

    settings = read_settings(args.settings)
    use_settings(settings)
    # review() logs each problem; they are printed below, once.
    logging.getLogger("lintas.plugins.newsroom").setLevel(logging.CRITICAL)
    index = args.path / "index.md" if args.path.is_dir() else args.path
    shown = os.path.relpath(index)
    try:
        before = index.read_text(encoding="utf-8")
    except OSError as error:
        print(
            render(msg("%(path)s: cannot read it (%(reason)s)", path=shown, reason=error.strerror))
        )
        return 1
    now = build_clock(settings)
    stamp = f"{now:%Y-%m-%d %H:%M}"
    after, dated = released_text(before, stamp)
    index.write_text(after, encoding="utf-8")
    problems = check_content(settings, [index])
    if problems:
        index.write_text(before, encoding="utf-8")  # nothing released
        for problem in problems:
            print(problem)
        found = msgn("%(count)d problem", "%(count)d problems", len(problems))
        print(render(msg("%(problems)s: not released, the file is unchanged", problems=found)))
        return 1
    if dated:
        print(render(msg("%(path)s: released, Date: %(date)s", path=shown, date=stamp)))
    else:
        print(render(msg("%(path)s: released with the Date it already had", path=shown)))
    print(render(msg("it goes out with the next publish (make publish, make deploy)")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
