"""Benchmark what a newsroom runs, against vanilla Pelican and Hugo, in one run.

    .venv/bin/python scripts/bench.py [site] [--sizes 1000 10000] [--repeat 2]
    .venv/bin/python scripts/bench.py photos [options of scripts/bench_photos.py]
    .venv/bin/python scripts/bench.py profile [--size 3000] [--build cold|edit|add]

``site`` (the default) generates a deterministic newsroom-like corpus per size
(``scripts/benchlib/corpus.py``): every story with 1–3 photos (distinct files,
800x600 by default; at 100,000 stories only the newest 10,000 have photos), a
long tail of tags, ~5% advertorials, some corrections, 0.5% drafts, five
embargoed stories. Then, for each repeat, it times in fresh processes, with
every feature on (the search index included), the commands users run:

- ``lintas build`` (make html) and ``lintas build --publish`` (make publish):
  cold (empty output and caches, photo cache warm), no change, after editing
  one story's body, after adding one story;
- ``lintas deploy`` (rsync to a local folder) after the cold publish (the whole
  site), after the edit and after the addition;
- the watcher (``lintas build --publish --watch``): from the save of an
  edited story, or of a new one, to its page in the live output;
- vanilla Pelican 4.12 (no plugins, its theme, no photos): cold, and with its
  reader cache after an edit;
- Hugo (``hugo``, Debian's package) on the same stories and photos, with its
  image processing (``.Resize``/``.Fill``, its image cache warm like our photo
  cache) and Pagefind over its output: cold.

Peak RSS is the largest process of the command's tree (wait4; Pagefind's
processes included). Work files are on the real disk (``--work``, default
``.cache/bench`` in the repository), not tmpfs; corpora and the photo cache
stay there between runs. The machine is shared: the 1-minute load average is
sampled before every timed command and printed with each row. The code
(engine, settings) is copied at the start: work on the tree cannot change it
mid-run. It prints each row as it is measured (a long run may be cut short),
then markdown tables for BENCHMARKS.md: per size, and the growth of one edit
with the size of the archive. ``--publish-only`` (for the largest archives)
times make publish, its deploys and the watcher only.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import signal
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
    Story,
    add_story,
    edit_body,
    extra_story,
    generate,
    write_text,
)
from benchlib.hugo import hugo_site  # noqa: E402
from benchlib.measure import BuildError, Sample, Series, load, run  # noqa: E402
from benchlib.snapshot import code_env, snapshot_code  # noqa: E402

PYTHON = sys.executable
LINTAS = str(Path(sys.executable).with_name("lintas"))
PELICAN = str(Path(sys.executable).with_name("pelican"))
TMPFS = Path("/dev/shm")
DEFAULT_WORK = ROOT / ".cache" / "bench"
DEFAULT_SIZES = (1000,)
TARGET_SIZE = 3000  # bench.py profile's default
NEWSROOM_PHOTO_SIZE = (800, 600)  # small: thousands of photos are generated
PHOTOS_PER_STORY = (1, 3)
PHOTOS_NEWEST = 10_000  # above this many stories, only the newest have photos
DRAFT_SHARE = 0.005
EMBARGOED = 5
SITEURL = "https://bench.lintas.example"
WATCH_TIMEOUT = 600

# (command, case): label. The order of the table.
ROWS = {
    ("first", "cold"): "first publish of this corpus (photo cache as found)",
    ("html", "cold"): "make html: cold (photo cache warm)",
    ("html", "nochange"): "make html: no change",
    ("html", "edit"): "make html: edit one story's body",
    ("html", "add"): "make html: add one story",
    ("publish", "cold"): "make publish: cold (photo cache warm)",
    ("publish", "nochange"): "make publish: no change",
    ("publish", "edit"): "make publish: edit one story's body",
    ("publish", "add"): "make publish: add one story",
    ("watch", "edit"): "publish watcher: save → live (edit one story)",
    ("watch", "add"): "publish watcher: save → live (add one story)",
    ("deploy", "cold"): "lintas deploy: whole site (after cold)",
    ("deploy", "edit"): "lintas deploy: after the edit",
    ("deploy", "add"): "lintas deploy: after the addition",
    ("vanilla", "cold"): "vanilla Pelican: cold",
    ("vanilla", "edit"): "vanilla Pelican: edit one story (reader cache)",
    ("hugo", "first"): "Hugo + Pagefind: first (empty image cache)",
    ("hugo", "cold"): "Hugo + Pagefind: cold (image cache warm)",
}
GROWTH = (
    ("publish", "nochange"),
    ("publish", "edit"),
    ("watch", "edit"),
    ("publish", "add"),
    ("watch", "add"),
    ("deploy", "edit"),
    ("publish", "cold"),
)


@dataclasses.dataclass
class Result:
    series: dict[tuple[str, str], Series]
    loads: dict[tuple[str, str], list[float]]
    photos: int = 0
    stories: int = 0
    pages: int = 0
    load_before: str = ""
    load_after: str = ""

    def add(self, row: tuple[str, str], sample: Sample, load_1m: float) -> None:
        self.series.setdefault(row, Series()).add(sample)
        self.loads.setdefault(row, []).append(load_1m)
        # As it comes: a long run (100,000 stories) may be cut short.
        print(
            f"  {ROWS[row]}: {sample.wall:.2f} s wall, {sample.cpu:.2f} CPU s, "
            f"{sample.rss_mb:.0f} MB (load {load_1m:.1f})",
            flush=True,
        )


def lintas_settings(
    run_dir: Path,
    code: Path,
    content: Path,
    photo_cache: Path,
    base: str = "pelicanconf",
    name: str = "lintas",
    search: bool = False,
    extra: dict | None = None,
) -> Path:
    """Settings of one portal: ``base`` (pelicanconf or publishconf) from the
    frozen code, this corpus, its own caches, the shared photo cache."""
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(code)!r})",
        f"from {base} import *  # noqa: F403",
        f"PATH = {str(content)!r}",
        # The sample portal's reporters, sections and regions.
        f"NEWSROOM_DIRECTORY = {str(ROOT / 'content')!r}",
        f"CACHE_PATH = {str(run_dir / ('cache-' + name))!r}",
        f"INCREMENTAL_CACHE_DIR = {str(run_dir / ('cache-incremental-' + name))!r}",
        f"PHOTOS_CACHE_DIR = {str(photo_cache)!r}",
        f"SEARCH_INDEX_ENABLED = {search!r}",
        "WEBSUB_HUB = None  # no network",
    ]
    lines += [f"{key} = {value!r}" for key, value in (extra or {}).items()]
    path = run_dir / f"{name}_settings.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
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
    """Files published, the photos through the output's link to their folder."""
    return sum(len(files) for _root, _dirs, files in os.walk(folder, followlinks=True))


def load_1m() -> float:
    return os.getloadavg()[0]


def newsroom_spec(args, n: int) -> CorpusSpec:
    return CorpusSpec(
        articles=n,
        seed=args.seed,
        photo_size=args.photo_size,
        photos_per_story=PHOTOS_PER_STORY,
        photo_newest=PHOTOS_NEWEST if n > PHOTOS_NEWEST else None,
        drafts=round(n * DRAFT_SHARE),
        embargoed=EMBARGOED,
    )


def story_page(output: Path, story: Story) -> Path:
    return output / f"{story.date:%Y}" / f"{story.date:%m}" / story.slug / "index.html"


def watched(settings: Path, output: Path, change, env, log) -> Sample:
    """Start the watcher on a published output, make ``change`` (it saves a
    file and returns the live page to wait for and the text to wait for in
    it), time from the save until the page in the live output shows it. CPU
    and RSS are the watcher's (its forked builds included), from wait4 once
    it is stopped."""
    command = [LINTAS, "build", "--publish", "--watch", "--settings", str(settings)]
    with open(log, "ab") as sink:
        proc = subprocess.Popen(
            [*command, "--output", str(output)],
            env=env,
            stdout=sink,
            stderr=sink,
        )
    try:
        deadline = time.monotonic() + WATCH_TIMEOUT
        start_lines = ("nothing to publish", "published in")
        while not any(line in log.read_text(errors="replace")[-4000:] for line in start_lines):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise BuildError(f"the watcher did not start; log: {log}")
            time.sleep(0.05)
        page, marker = change()
        saved = time.perf_counter()
        while True:
            try:
                if marker in page.read_text(encoding="utf-8", errors="replace"):
                    break
            except FileNotFoundError:  # a new story's page: not there yet
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise BuildError(f"the watcher did not publish the change; log: {log}")
            time.sleep(0.02)
        wall = time.perf_counter() - saved
    finally:
        proc.send_signal(signal.SIGTERM)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def watched_edit(settings: Path, output: Path, corpus: Corpus, story: Story, env, log) -> Sample:
    """The watcher: from saving an edit of ``story`` to its page live."""

    def change() -> tuple[Path, str]:
        marker = f"ZQXWATCH{time.monotonic_ns()}"
        text = corpus.index_md(story).read_text(encoding="utf-8").rstrip("\n")
        write_text(corpus.index_md(story), f"{text} {marker}.\n")
        return story_page(output, story), marker

    return watched(settings, output, change, env, log)


def watched_add(settings: Path, output: Path, corpus: Corpus, story: Story, env, log) -> Sample:
    """The watcher: from saving a new story to its page live."""

    def change() -> tuple[Path, str]:
        add_story(corpus, story)
        return story_page(output, story), "</html>"

    return watched(settings, output, change, env, log)


def combined(*samples: Sample) -> Sample:
    """Commands run one after the other: times add up, the peak is the largest."""
    return Sample(
        sum(s.wall for s in samples), sum(s.cpu for s in samples), max(s.rss_mb for s in samples)
    )


def bench_size(args, n: int, work: Path, run_dir: Path, code: Path) -> Result:
    spec = newsroom_spec(args, n)
    size = f"{spec.photo_size[0]}x{spec.photo_size[1]}"
    stored = work / f"newsroom-{n}-s{spec.seed}-{size}"
    started = time.perf_counter()
    cached = generate(spec, stored)
    photos = sum(1 + len(s.more_photos) for s in cached.stories if s.photo)
    print(
        f"  corpus: {n} stories, {photos} photos ({size}), "
        f"ready in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    here = run_dir / str(n)
    here.mkdir()
    # The run edits its own hard-linked copy (edits replace files, never write through).
    subprocess.run(["cp", "-al", str(cached.content), str(here / "content")], check=True)
    corpus: Corpus = dataclasses.replace(cached, root=here)
    env = {**os.environ, "LINTAS_NOW": corpus.now, **code_env(code)}
    env.pop("LINTAS_WEBSUB_HUB", None)
    log = here / "builds.log"
    photo_cache = work / "photo-cache"
    target = here / "deploy-target"

    html = lintas_settings(here, code, corpus.content, photo_cache, "pelicanconf", "html", True)
    publish = lintas_settings(
        here,
        code,
        corpus.content,
        photo_cache,
        "publishconf",
        "publish",
        True,
        {"SITEURL": SITEURL, "DEPLOY_TARGET": str(target)},
    )
    out_html, out_publish = here / "out-html", here / "out-publish"
    html_cmd = [LINTAS, "build", "--settings", str(html), "--output", str(out_html)]
    publish_cmd = [LINTAS, "build", "--settings", str(publish), "--output", str(out_publish)]
    deploy_cmd = [LINTAS, "deploy", "--settings", str(publish), "--output", str(out_publish)]
    vanilla_cmd = [PELICAN, "-q", "-s", str(vanilla_settings(here, corpus.content, False))]
    vanilla_cmd += ["-o", str(here / "out-vanilla")]
    cached_cmd = [PELICAN, "-q", "-s", str(vanilla_settings(here, corpus.content, True))]
    cached_cmd += ["-o", str(here / "out-vanilla-cached")]
    hugo = shutil.which("hugo") if not args.no_hugo else None
    if hugo:
        # The Hugo site and its image cache (resources/_gen) live with the corpus.
        site = hugo_site(corpus, stored / "hugo", per_page=12, photos=True)
        hugo_cmd = [hugo, "--quiet", "-s", str(site), "-d", str(here / "out-hugo")]
        hugo_cmd += ["--cacheDir", str(here / "cache-hugo")]
        pagefind_cmd = [PYTHON, "-m", "pagefind", "--site", str(here / "out-hugo")]

    result = Result({}, {}, photos=photos, stories=n)
    result.load_before = load()

    def timed(row: tuple[str, str], command: list[str], run_env=env) -> Sample:
        before = load_1m()
        sample = run(command, run_env, log=log)
        result.add(row, sample, before)
        return sample

    # First publish: fills the photo cache when this corpus is new (timed as such).
    timed(("first", "cold"), publish_cmd)
    result.pages = count_files(out_publish)
    if not args.no_vanilla:
        run(cached_cmd, env, log=log)  # fills vanilla's reader cache
    # An image cache holds files (Hugo may leave its folders behind without any).
    if hugo and not any(p.is_file() for p in (site / "resources" / "_gen").rglob("*")):
        fresh(here / "out-hugo")
        before = load_1m()
        result.add(
            ("hugo", "first"),
            combined(run(hugo_cmd, env, log=log), run(pagefind_cmd, env, log=log)),
            before,
        )

    public = [s for s in corpus.stories if s.status is None and not s.embargoed]
    stories = sorted(public, key=lambda s: s.date)
    for r in range(args.repeat):
        if not args.publish_only:
            # make html
            fresh(out_html, here / "cache-html", here / "cache-incremental-html")
            timed(("html", "cold"), html_cmd)
            timed(("html", "nochange"), html_cmd)
            edit_body(corpus.index_md(stories[len(stories) // 2 + r]), f"html {r}")
            timed(("html", "edit"), html_cmd)
            new = extra_story(corpus, 2 * r)
            add_story(corpus, new)
            timed(("html", "add"), html_cmd)
            shutil.rmtree(corpus.index_md(new).parent)

        # make publish, lintas deploy, the watcher
        fresh(out_publish, here / "cache-publish", here / "cache-incremental-publish", target)
        timed(("publish", "cold"), publish_cmd)
        timed(("deploy", "cold"), deploy_cmd)
        timed(("publish", "nochange"), publish_cmd)
        edit_body(corpus.index_md(stories[len(stories) // 3 + r]), f"publish {r}")
        timed(("publish", "edit"), publish_cmd)
        timed(("deploy", "edit"), deploy_cmd)
        new = extra_story(corpus, 2 * r + 1)
        add_story(corpus, new)
        timed(("publish", "add"), publish_cmd)
        timed(("deploy", "add"), deploy_cmd)
        before = load_1m()
        edited = stories[len(stories) // 4 + r]
        result.add(
            ("watch", "edit"), watched_edit(publish, out_publish, corpus, edited, env, log), before
        )
        shutil.rmtree(corpus.index_md(new).parent)
        new = extra_story(corpus, 1000 + r)
        before = load_1m()
        sample = watched_add(publish, out_publish, corpus, new, env, log)
        result.add(("watch", "add"), sample, before)
        shutil.rmtree(corpus.index_md(new).parent)

        if not args.no_vanilla:
            fresh(here / "out-vanilla")
            timed(("vanilla", "cold"), vanilla_cmd)
            edit_body(corpus.index_md(stories[len(stories) // 5 + r]), f"vanilla {r}")
            timed(("vanilla", "edit"), cached_cmd)
        if hugo:
            fresh(here / "out-hugo")
            before = load_1m()
            result.add(
                ("hugo", "cold"),
                combined(run(hugo_cmd, env, log=log), run(pagefind_cmd, env, log=log)),
                before,
            )
    result.load_after = load()
    return result


def ratio(a: float, b: float | None) -> str:
    return f"{a / b:.2f}x" if b else "—"


def report(n: int, r: Result) -> None:
    vanilla = r.series.get(("vanilla", "cold"))
    hugo = r.series.get(("hugo", "cold"))
    vanilla_cold = vanilla.wall if vanilla else None
    hugo_cold = hugo.wall if hugo else None
    print(
        f"\n### {n:,} stories, {r.photos:,} photos ({r.pages:,} files published)\n\n"
        f"load average (1/5/15 min): {r.load_before} before, {r.load_after} after\n"
    )
    print("| command | wall s | CPU s | peak RSS MB | vs vanilla cold | vs Hugo cold | load 1m |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row, label in ROWS.items():
        s = r.series.get(row)
        if s is None or not s.samples:
            continue
        loads = r.loads[row]
        print(
            f"| {label} | {s.wall:.2f} | {s.cpu:.2f} | {s.rss_mb:.0f} "
            f"| {ratio(s.wall, vanilla_cold)} | {ratio(s.wall, hugo_cold)} "
            f"| {min(loads):.1f}–{max(loads):.1f} |"
        )


def growth(results: dict[int, Result]) -> None:
    sizes = sorted(results)
    print("\n### Growth: one change, by the size of the archive (wall s, median)\n")
    print("| command | " + " | ".join(f"{n:,}" for n in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for row in GROWTH:
        cells = []
        for n in sizes:
            s = results[n].series.get(row)
            cells.append(f"{s.wall:.2f}" if s and s.samples else "—")
        print(f"| {ROWS[row]} | " + " | ".join(cells) + " |")


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
    parser.add_argument("--show-all", action="store_true", help="Pelican's frames too")
    parser.add_argument(
        "--newsroom",
        action="store_true",
        help="the corpus of `bench.py site` (1-3 photos a story) instead of one photo every N",
    )
    args = parser.parse_args(argv)
    from pyinstrument import Profiler

    work = args.work or (TMPFS if TMPFS.is_dir() else Path("/tmp")) / "lintas-bench"
    size = f"{args.photo_size[0]}x{args.photo_size[1]}"
    if args.newsroom:
        spec = newsroom_spec(args, args.size)
        cached = generate(spec, work / f"newsroom-{args.size}-s{spec.seed}-{size}")
    else:
        photos = args.size // args.photo_every
        spec = CorpusSpec(
            articles=args.size, photos=photos, seed=args.seed, photo_size=args.photo_size
        )
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
            run([LINTAS, "build", *command], dict(os.environ))  # not -m: it imports from the cwd
            if args.build == "edit":
                edit_body(corpus.index_md(sorted(corpus.stories, key=lambda s: s.date)[0]), "p")
            else:
                add_story(corpus, extra_story(corpus, 1))
        os.chdir(ROOT)
        # The frozen engine, as the previous build's process had it: the working
        # tree may change while the previous build runs, and a different code key
        # would make the profiled build render every page.
        for name in [m for m in sys.modules if m.partition(".")[0] == "lintas"]:
            del sys.modules[name]  # the corpus generator read settings with it
        sys.path.insert(0, str(code))
        from lintas.cli import build

        profiler = Profiler()
        profiler.start()
        status = build.main(command)
        profiler.stop()
        name = f"profile-{args.size}-{args.build}"
        text = profiler.output_text(unicode=True, color=False, show_all=args.show_all)
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
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="e.g. 1000 10000 100000"
    )
    parser.add_argument("--repeat", type=int, default=2, help="median of this many runs")
    parser.add_argument(
        "--photo-size", type=parse_size, default=NEWSROOM_PHOTO_SIZE, help="WxH, default 800x600"
    )
    parser.add_argument("--seed", type=int, default=CorpusSpec.seed)
    parser.add_argument(
        "--work", type=Path, default=DEFAULT_WORK, help=f"real disk (default {DEFAULT_WORK})"
    )
    parser.add_argument("--keep", action="store_true", help="keep this run's outputs")
    parser.add_argument("--no-vanilla", action="store_true")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument(
        "--publish-only",
        action="store_true",
        help="make publish, its deploy and the watcher only (no make html, no baselines):"
        " for the largest archives",
    )
    args = parser.parse_args(argv)
    if args.publish_only:
        args.no_vanilla = args.no_hugo = True

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    run_dir = work / f"run-{os.getpid()}"
    fresh(run_dir)
    sizes = sorted(set(args.sizes))
    print(f"scripts/bench.py {' '.join(argv)}")
    disk = subprocess.run(["df", "-T", str(work)], capture_output=True, text=True).stdout
    fs = disk.splitlines()[-1].split()[1] if disk else "?"
    print(f"work folder {work} ({fs}); {os.cpu_count()} CPUs; load {load()}", flush=True)
    if not args.no_hugo and not shutil.which("hugo"):
        print("hugo is not installed (apt-get install hugo): no Hugo baseline", file=sys.stderr)
    results = {}
    try:
        code = snapshot_code(run_dir / "code")
        for n in sizes:
            print(f"\n{n} stories:", flush=True)
            results[n] = bench_size(args, n, work, run_dir, code)
            report(n, results[n])  # as soon as known: a long run may be cut short
        print("\n## Tables for BENCHMARKS.md")
        for n in sizes:
            report(n, results[n])
        growth(results)
    except BuildError as error:
        print(f"\nbuild failed: {error}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"\nrun folder kept: {run_dir}")
        else:
            fresh(run_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
