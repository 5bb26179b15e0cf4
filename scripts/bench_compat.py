"""What each speed-up in lintas/pelican_compat.py saves, measured.

    .venv/bin/python scripts/bench_compat.py [--size 3000] [--repeat 2] [--work DIR]

Builds one generated corpus (scripts/benchlib) with `lintas build` in a fresh
process per build, every speed-up on, then with each one switched off
(``LINTAS_COMPAT_OFF``), and all of them off: a full build (no previous
output, reader cache warm) and an edit build (one story's body changed).
Prints the median wall and CPU time of each, interleaved over the repeats,
and the CPU ratio to "all on". The search
index is off in these builds (labelled so): the patches do not touch it, and
Pagefind's own time would only add noise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from benchlib.corpus import CorpusSpec, edit_body, generate  # noqa: E402
from benchlib.measure import Series, load, run  # noqa: E402

from lintas.pelican_compat import SPEEDUPS  # noqa: E402

LINTAS = str(Path(sys.executable).with_name("lintas"))


def settings_file(folder: Path, content: Path, photo_cache: Path) -> Path:
    path = folder / "bench_settings.py"
    path.write_text(
        "\n".join(
            [
                "import sys",
                f"sys.path.insert(0, {str(ROOT)!r})",
                "from pelicanconf import *  # noqa: F403",
                f"PATH = {str(content)!r}",
                # The sample portal's reporters, sections and regions.
                f"NEWSROOM_DIRECTORY = {str(ROOT / 'content')!r}",
                f"CACHE_PATH = {str(folder / 'cache')!r}",
                f"INCREMENTAL_CACHE_DIR = {str(folder / 'incremental')!r}",
                f"PHOTOS_CACHE_DIR = {str(photo_cache)!r}",
                "SEARCH_INDEX_ENABLED = False  # labelled: not what these patches touch",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "bench-compat")
    args = parser.parse_args(argv)

    work = args.work
    corpus = generate(CorpusSpec(articles=args.size), work / f"corpus-{args.size}")
    settings = settings_file(work, corpus.content, work / "photo-cache")
    output = work / "out"
    base_env = {**os.environ, "LINTAS_NOW": corpus.now}
    command = [LINTAS, "build", "--settings", str(settings), "--output", str(output)]
    run(command, base_env)  # photo cache and reader cache warm
    story = corpus.index_md(sorted(corpus.stories, key=lambda s: s.date)[0])

    variants = [("all on", "")] + [(f"{name} off", name) for name in SPEEDUPS]
    variants.append(("all off", ",".join(SPEEDUPS)))
    results = {label: (Series(), Series()) for label, _off in variants}
    print(f"load before: {load()}")
    # Interleaved: each repeat runs every variant once, so a change in the
    # machine's load falls on all of them alike rather than on the first.
    for repeat in range(args.repeat):
        for label, off in variants:
            env = {**base_env, "LINTAS_COMPAT_OFF": off}
            full, edit = results[label]
            shutil.rmtree(output, ignore_errors=True)
            full.add(run(command, env))
            edit_body(story, "p")
            edit.add(run(command, env))
            print(
                f"  {repeat + 1}: {label:<22} full {full.samples[-1].wall:6.2f} s   "
                f"edit {edit.samples[-1].wall:6.2f} s",
                flush=True,
            )
    print(f"load after: {load()}")
    base_full, base_edit = results["all on"]
    print(f"\n| variant ({args.size} stories, search index off) | full build | edit build |")
    print("|---|---|---|")
    for label, (full, edit) in results.items():
        full_ratio, edit_ratio = full.cpu / base_full.cpu, edit.cpu / base_edit.cpu
        print(
            f"| {label} | {full.wall:.2f} s / {full.cpu:.2f} CPU s ({full_ratio:.2f}x) "
            f"| {edit.wall:.2f} s / {edit.cpu:.2f} CPU s ({edit_ratio:.2f}x) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
