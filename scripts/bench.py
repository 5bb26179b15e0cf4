"""Benchmark Lintas builds against vanilla Pelican and Hugo, on one corpus, in one run.

    .venv/bin/python scripts/bench.py [site] [--sizes 1000 3000] [--10k] [--repeat 3]
    .venv/bin/python scripts/bench.py photos [options of scripts/bench_photos.py]
    .venv/bin/python scripts/bench.py profile [--size 3000] [--build cold|edit|add]

``site`` (the default) generates a deterministic synthetic corpus per size
(``scripts/benchlib/corpus.py``: N stories in the real bundle format, one
camera-like photo per 10 stories), then, for each repeat, times in fresh
processes:

- Lintas (``lintas build``, every plugin, the reader theme): a cold build
  (empty output and caches, photo cache warm), a no-change rebuild, a rebuild
  after editing one story's body, after adding one story, after deleting it;
- the search index (Pagefind) over that output, on its own, the way
  plugins/search_index runs it at the end of a build (``python -m
  search_index``: the stories in chunks, one Pagefind process each; the peak
  RSS is the largest process's): the timed builds run with
  ``SEARCH_INDEX_ENABLED = False``, so their times end when pages, feeds and
  sitemaps are written;
- vanilla Pelican 4.12 (no plugins, its default theme) on the same
  ``index.md`` files: cold, and with its reader cache after the same edits;
- Hugo, when installed, on the same stories (``scripts/benchlib/hugo.py``): cold.

It prints medians (wall clock and CPU seconds), peak RSS, and ratios taken in
this run. Corpora and outputs live on a tmpfs (disk writes here drift from run
to run); the code (plugins, theme, settings) is copied at the start, so other
work on the tree cannot change it mid-run. Corpora and the photo cache are
kept in ``--work`` for the next run: camera photos take minutes to make.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from benchlib.corpus import (  # noqa: E402
    CAMERA_SIZE,
    PHOTO_EVERY,
    Corpus,
    CorpusSpec,
    add_story,
    edit_body,
    extra_story,
    generate,
)
from benchlib.hugo import hugo_site  # noqa: E402
from benchlib.measure import BuildError, Sample, Series, load, run  # noqa: E402
from benchlib.snapshot import code_env, snapshot_code  # noqa: E402

PYTHON = sys.executable
PELICAN = str(Path(sys.executable).with_name("pelican"))
TMPFS = Path("/dev/shm")
DEFAULT_SIZES = (1000, 3000)
LARGE_SIZE = 10_000
TARGET_SIZE = 3000  # the targets are stated at this size
# Targets (issue 7), checked when TARGET_SIZE (and LARGE_SIZE for memory) is measured.
TARGET_EDIT_SECONDS = 2.0
TARGET_EDIT_VS_HUGO = 0.5
TARGET_ADD_SECONDS = 3.0
TARGET_NO_CHANGE_SECONDS = 1.0
TARGET_COLD_VS_VANILLA = 1.0
TARGET_LARGE_RSS_MB = 1024

ROWS = {
    "cold": "cold build (photo cache warm)",
    "nochange": "no-change rebuild",
    "edit": "edit one story's body",
    "add": "add one story",
    "delete": "delete that story",
    "search": "search index (Pagefind), on its own",
}


@dataclasses.dataclass
class Sizes:
    lintas: dict[str, Series]
    vanilla: dict[str, Series]
    hugo: dict[str, Series]
    first_cold: Sample | None = None
    load_before: str = ""
    load_after: str = ""
    pages: int = 0


def lintas_settings(run_dir: Path, code: Path, content: Path, photo_cache: Path) -> Path:
    path = run_dir / "lintas_settings.py"
    path.write_text(
        "\n".join(
            [
                "import sys",
                f"sys.path.insert(0, {str(code)!r})",
                "from pelicanconf import *  # noqa: F403",
                f"PATH = {str(content)!r}",
                # The sample portal's reporters, sections and regions.
                f"NEWSROOM_DIRECTORY = {str(ROOT / 'content')!r}",
                f"CACHE_PATH = {str(run_dir / 'cache-lintas')!r}",
                f"INCREMENTAL_CACHE_DIR = {str(run_dir / 'cache-incremental')!r}",
                f"PHOTOS_CACHE_DIR = {str(photo_cache)!r}",
                "SEARCH_INDEX_ENABLED = False  # timed on its own",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


def vanilla_settings(run_dir: Path, content: Path, cached: bool) -> Path:
    """Pelican's defaults (theme notmyidea, no plugins), our content folders."""
    name = "vanilla_cached" if cached else "vanilla"
    lines = [
        'SITENAME = "Lintas Totabuan"',
        f"PATH = {str(content)!r}",
        'ARTICLE_PATHS = ["articles"]',
        'PAGE_PATHS = ["pages"]',
        'TIMEZONE = "Asia/Makassar"',
        'DEFAULT_LANG = "id"',
        f"CACHE_PATH = {str(run_dir / ('cache-' + name))!r}",
    ]
    if cached:
        lines += ["CACHE_CONTENT = True", "LOAD_CONTENT_CACHE = True"]
    path = run_dir / f"{name}_settings.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fresh(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def count_files(folder: Path) -> int:
    return sum(len(files) for _root, _dirs, files in os.walk(folder))


def bench_size(args, n: int, work: Path, run_dir: Path, code: Path) -> Sizes:
    photos = args.photos if args.photos is not None else n // args.photo_every
    spec = CorpusSpec(articles=n, photos=photos, seed=args.seed, photo_size=args.photo_size)
    stored = work / f"corpus-{n}-p{photos}-s{args.seed}-{args.photo_size[0]}x{args.photo_size[1]}"
    started = time.perf_counter()
    cached = generate(spec, stored)
    print(f"  corpus: {n} stories, {photos} photos, ready in {time.perf_counter() - started:.1f} s")

    here = run_dir / str(n)
    here.mkdir()
    # The run edits its own hard-linked copy (edits replace files, never write through).
    subprocess.run(["cp", "-al", str(cached.content), str(here / "content")], check=True)
    corpus: Corpus = dataclasses.replace(cached, root=here)
    env = {**os.environ, "LINTAS_NOW": corpus.now, **code_env(code)}
    log = here / "builds.log"

    lintas = lintas_settings(here, code, corpus.content, work / "photo-cache")
    out = here / "out-lintas"
    lintas_cmd = [PYTHON, "-m", "lintas", "build", "--settings", str(lintas)]
    lintas_cmd += ["--output", str(out)]
    vanilla_cmd = [PELICAN, "-q", "-s", str(vanilla_settings(here, corpus.content, False))]
    vanilla_cmd += ["-o", str(here / "out-vanilla")]
    cached_cmd = [PELICAN, "-q", "-s", str(vanilla_settings(here, corpus.content, True))]
    cached_cmd += ["-o", str(here / "out-vanilla-cached")]
    hugo = shutil.which("hugo") if not args.no_hugo else None
    if hugo:
        site = hugo_site(corpus, here / "hugo", per_page=12)
        hugo_cmd = [hugo, "--quiet", "-s", str(site), "-d", str(here / "out-hugo")]
        hugo_cmd += ["--cacheDir", str(here / "cache-hugo")]

    result = Sizes({k: Series() for k in ROWS}, {}, {})
    result.load_before = load()
    # First build: fills the photo cache when this corpus is new (and is timed as such).
    result.first_cold = run(lintas_cmd, env, log=log)
    result.pages = count_files(out)
    if not args.no_vanilla:
        result.vanilla = {"cold": Series(), "edit": Series()}
        run(cached_cmd, env, log=log)  # fills vanilla's reader cache
    if hugo:
        result.hugo = {"cold": Series()}
    search, search_env = search_command(lintas, out, here / "search-articles.txt")

    stories = sorted(corpus.stories, key=lambda s: s.date)
    for r in range(args.repeat):
        fresh(out, here / "cache-lintas", here / "cache-incremental")
        result.lintas["cold"].add(run(lintas_cmd, env, log=log))
        result.lintas["search"].add(run(search, {**env, **search_env}, log=log))
        shutil.rmtree(out / "pagefind", ignore_errors=True)
        result.lintas["nochange"].add(run(lintas_cmd, env, log=log))
        edit_body(corpus.index_md(stories[len(stories) // 2 + r]), f"bench {r}")
        result.lintas["edit"].add(run(lintas_cmd, env, log=log))
        if not args.no_vanilla:
            result.vanilla["edit"].add(run(cached_cmd, env, log=log))
        new = extra_story(corpus, r)
        add_story(corpus, new)
        result.lintas["add"].add(run(lintas_cmd, env, log=log))
        shutil.rmtree(corpus.index_md(new).parent)
        result.lintas["delete"].add(run(lintas_cmd, env, log=log))
        if not args.no_vanilla:
            fresh(here / "out-vanilla")
            result.vanilla["cold"].add(run(vanilla_cmd, env, log=log))
        if hugo:
            fresh(here / "out-hugo")
            result.hugo["cold"].add(run(hugo_cmd, env, log=log))
    result.load_after = load()
    return result


def search_command(settings_file: Path, output: Path, articles: Path) -> tuple[list[str], dict]:
    """The search index exactly as plugins/search_index builds it, without Pelican
    around it: the command and what its environment needs. ``articles`` receives
    the list of stories (what Pelican tells the plugin), found before the clock runs.
    """
    from lintas.plugins.search_index.indexer import find_articles, settings_from
    from lintas.settings import read_settings

    settings = read_settings(settings_file)
    articles.write_text("\n".join(find_articles(output, settings_from(settings))) + "\n")
    module = "lintas.plugins.search_index"
    command = [PYTHON, "-m", module, str(output), "--settings", str(settings_file)]
    return [*command, "--articles", str(articles)], code_env(settings_file.parent / "code")


def ratio(a: float, b: float | None) -> str:
    return f"{a / b:.2f}x" if b else "—"


def report(n: int, r: Sizes) -> list[tuple[str, bool]]:
    vanilla_cold = r.vanilla["cold"].wall if r.vanilla else None
    hugo_cold = r.hugo["cold"].wall if r.hugo else None
    print(
        f"\n### {n:,} stories ({r.pages:,} output files)\n\n"
        f"load average (1/5/15 min): {r.load_before} before, {r.load_after} after\n"
    )
    print("| build | wall s | CPU s | peak RSS MB | vs vanilla cold | vs Hugo cold |")
    print("|---|---:|---:|---:|---:|---:|")
    first = r.first_cold
    if first:
        print(
            f"| Lintas: first build of this corpus (photo cache as found) | {first.wall:.2f} "
            f"| {first.cpu:.2f} | {first.rss_mb:.0f} | | |"
        )
    for key, label in ROWS.items():
        s = r.lintas[key]
        if not s.samples:
            continue
        print(
            f"| Lintas: {label} | {s.wall:.2f} | {s.cpu:.2f} | {s.rss_mb:.0f} "
            f"| {ratio(s.wall, vanilla_cold)} | {ratio(s.wall, hugo_cold)} |"
        )
    for key, label in (("cold", "cold"), ("edit", "edit one story (reader cache)")):
        if r.vanilla and r.vanilla[key].samples:
            s = r.vanilla[key]
            print(
                f"| vanilla Pelican: {label} | {s.wall:.2f} | {s.cpu:.2f} | {s.rss_mb:.0f} "
                f"| {ratio(s.wall, vanilla_cold)} | {ratio(s.wall, hugo_cold)} |"
            )
    if r.hugo:
        s = r.hugo["cold"]
        print(
            f"| Hugo: cold | {s.wall:.2f} | {s.cpu:.2f} | {s.rss_mb:.0f} "
            f"| {ratio(s.wall, vanilla_cold)} | {ratio(s.wall, hugo_cold)} |"
        )
    checks = []
    L = r.lintas
    if n == TARGET_SIZE:
        checks += [
            (f"edit one ≤ {TARGET_EDIT_SECONDS:g} s", L["edit"].wall <= TARGET_EDIT_SECONDS),
            (f"add one ≤ {TARGET_ADD_SECONDS:g} s", L["add"].wall <= TARGET_ADD_SECONDS),
            (
                f"no-change ≤ {TARGET_NO_CHANGE_SECONDS:g} s",
                L["nochange"].wall <= TARGET_NO_CHANGE_SECONDS,
            ),
        ]
        if hugo_cold:
            checks.append(
                (
                    f"edit one ≤ {TARGET_EDIT_VS_HUGO:g}x Hugo cold",
                    L["edit"].wall <= TARGET_EDIT_VS_HUGO * hugo_cold,
                )
            )
        if vanilla_cold:
            checks.append(
                (
                    f"cold ≤ {TARGET_COLD_VS_VANILLA:g}x vanilla cold",
                    L["cold"].wall <= TARGET_COLD_VS_VANILLA * vanilla_cold,
                )
            )
    if n == LARGE_SIZE:
        builds = [s.rss_mb for key in ROWS if key != "search" for s in L[key].samples]
        search = [s.rss_mb for s in L["search"].samples]
        checks.append(
            (
                f"peak RSS of the builds ≤ {TARGET_LARGE_RSS_MB} MB",
                max(builds) <= TARGET_LARGE_RSS_MB,
            )
        )
        if search:  # Pagefind runs at the end of a real build: its peak counts there
            checks.append(
                (
                    f"peak RSS of the search index (Pagefind) ≤ {TARGET_LARGE_RSS_MB} MB",
                    max(search) <= TARGET_LARGE_RSS_MB,
                )
            )
    return checks


def profile(argv: list[str]) -> int:
    """``bench.py profile``: pyinstrument over one Lintas build of a corpus."""
    parser = argparse.ArgumentParser(prog="bench.py profile", description=profile.__doc__)
    parser.add_argument("--size", type=int, default=TARGET_SIZE)
    parser.add_argument("--build", choices=("cold", "edit", "add"), default="edit")
    parser.add_argument("--photo-every", type=int, default=PHOTO_EVERY)
    parser.add_argument(
        "--photo-size", type=parse_size, default=CAMERA_SIZE, help="WxH, default 4032x3024"
    )
    parser.add_argument("--seed", type=int, default=CorpusSpec.seed)
    parser.add_argument("--work", type=Path, help="corpora and photo cache (default: tmpfs)")
    parser.add_argument(
        "--workers", type=int, default=1, help="render processes (pyinstrument sees only this one)"
    )
    args = parser.parse_args(argv)
    from pyinstrument import Profiler

    from lintas.cli import build

    work = args.work or (TMPFS if TMPFS.is_dir() else Path("/tmp")) / "lintas-bench"
    photos = args.size // args.photo_every
    spec = CorpusSpec(articles=args.size, photos=photos, seed=args.seed, photo_size=args.photo_size)
    size = f"{args.photo_size[0]}x{args.photo_size[1]}"
    cached = generate(spec, work / f"corpus-{args.size}-p{photos}-s{args.seed}-{size}")
    here = work / f"profile-{os.getpid()}"
    fresh(here)
    here.mkdir()
    try:
        subprocess.run(["cp", "-al", str(cached.content), str(here / "content")], check=True)
        corpus = dataclasses.replace(cached, root=here)
        code = snapshot_code(here / "code")
        settings = lintas_settings(here, code, corpus.content, work / "photo-cache")
        with open(settings, "a", encoding="utf-8") as handle:
            handle.write(f"INCREMENTAL_WORKERS = {args.workers}\n")
        os.environ["LINTAS_NOW"] = corpus.now
        os.environ.update(code_env(code))
        out = here / "out"
        command = ["--settings", str(settings), "--output", str(out)]
        if args.build != "cold":  # the previous build, not profiled
            run([PYTHON, "-m", "lintas", "build", *command], dict(os.environ))
            if args.build == "edit":
                edit_body(corpus.index_md(sorted(corpus.stories, key=lambda s: s.date)[0]), "p")
            else:
                add_story(corpus, extra_story(corpus, 1))
        os.chdir(ROOT)
        profiler = Profiler()
        profiler.start()
        status = build.main(command)
        profiler.stop()
        name = f"profile-{args.size}-{args.build}"
        text = profiler.output_text(unicode=True, color=False, show_all=False)
        (work / f"{name}.txt").write_text(text, encoding="utf-8")
        (work / f"{name}.html").write_text(profiler.output_html(), encoding="utf-8")
        print(text)
        print(f"reports: {work / name}.txt, .html")
        return status
    finally:
        fresh(here)


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "photos":
        import bench_photos

        return bench_photos.main(argv[1:])
    if argv and argv[0] == "profile":
        return profile(argv[1:])
    if argv and argv[0] == "site":
        argv = argv[1:]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--10k", dest="large", action="store_true", help="also 10,000 stories")
    parser.add_argument("--repeat", type=int, default=3, help="median of this many runs")
    parser.add_argument("--photo-every", type=int, default=PHOTO_EVERY, help="stories per photo")
    parser.add_argument("--photos", type=int, help="photos per corpus (overrides --photo-every)")
    parser.add_argument(
        "--photo-size", type=parse_size, default=CAMERA_SIZE, help="WxH, default 4032x3024"
    )
    parser.add_argument("--seed", type=int, default=CorpusSpec.seed)
    parser.add_argument("--work", type=Path, help="corpora and photo cache (default: tmpfs)")
    parser.add_argument("--keep", action="store_true", help="keep this run's outputs")
    parser.add_argument("--no-vanilla", action="store_true")
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args(argv)

    work = args.work or (TMPFS if TMPFS.is_dir() else Path("/tmp")) / "lintas-bench"
    work.mkdir(parents=True, exist_ok=True)
    run_dir = work / f"run-{os.getpid()}"
    fresh(run_dir)
    sizes = sorted(set(args.sizes) | ({LARGE_SIZE} if args.large else set()))
    print(f"scripts/bench.py {' '.join(argv)}")
    print(f"work folder {work}; {os.cpu_count()} CPUs; load {load()}")
    checks: list[tuple[str, bool]] = []
    try:
        code = snapshot_code(run_dir / "code")
        results = {}
        for n in sizes:
            print(f"\n{n} stories:")
            results[n] = bench_size(args, n, work, run_dir, code)
        for n in sizes:
            checks += report(n, results[n])
    except BuildError as error:
        print(f"\nbuild failed: {error}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"\nrun folder kept: {run_dir}")
        else:
            fresh(run_dir)
    if checks:
        print()
        for label, ok in checks:
            print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
