"""Time what publishing an edit costs, search index included, on the disk the work
folder is on (not a tmpfs: ``scripts/bench.py`` times builds on /dev/shm).

    .venv/bin/python scripts/bench_publish.py --work /srv/bench [--size 3000]
        [--repeat 3] [--before REV]

For the code of ``--before`` (a git revision: ``git archive``) and of the work
tree, on copies (hard links) of one generated corpus (``scripts/benchlib``):
a cold build, then ``--repeat`` times an edit of the newest story's body and
an edit of an old story's body, each followed by ``lintas build`` (search index
ON, the way `make html` builds), the two codes in turn after each edit. Then,
with the work tree's code, deploys to a folder with ``lintas deploy`` (rsync):
the first one (no record: a full ``--checksum`` pass), then after each edit
build a deploy by manifest and, after another edit, ``--verify`` (the full
pass every deploy was before). Prints the median wall clock of each row and
the load average before and after.

    .venv/bin/python scripts/bench_publish.py --index-only OUTPUT --settings S
        [--repeat 3]

times the search index step alone (``python -m lintas.plugins.search_index``)
over copies (hard links) of a built OUTPUT, interleaved: every bundle made
afresh; after the newest story's page changed; after an old story's page
changed; after nothing changed (keys and links only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from benchlib.corpus import CorpusSpec, edit_body, generate  # noqa: E402
from benchlib.measure import load, run  # noqa: E402
from benchlib.snapshot import CODE, code_env, snapshot_code  # noqa: E402

LINTAS = str(Path(sys.executable).with_name("lintas"))


def code_at(revision: str, target: Path) -> Path:
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, *CODE], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def settings_file(folder: Path, code: Path, content: Path, photo_cache: Path) -> Path:
    path = folder / "settings.py"
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(code)!r})",
        "from pelicanconf import *  # noqa: F403",
        f"PATH = {str(content)!r}",
        f"CACHE_PATH = {str(folder / 'cache')!r}",
        f"INCREMENTAL_CACHE_DIR = {str(folder / 'cache-incremental')!r}",
        f"PHOTOS_CACHE_DIR = {str(photo_cache)!r}",
        f"DEPLOY_STATE_DIR = {str(folder / 'deploy-state')!r}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def index_only(output: Path, settings: Path, repeat: int) -> int:
    """The search index step alone, over copies of ``output``."""
    output = output.resolve()
    articles = sorted(output.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))
    articles = [a.relative_to(output) for a in articles]
    changed = {"newest story": articles[-1], "old story": articles[len(articles) // 10]}
    rows: dict[str, list[float]] = {}
    work = output.with_name(output.name + "-index-bench")
    # The stories, as Pelican tells the plugin (not timed: no page scan in a build).
    listing = output.with_name(output.name + "-articles.txt")
    listing.write_text("\n".join(map(str, articles)) + "\n")
    index = [sys.executable, "-m", "lintas.plugins.search_index", "--articles", str(listing)]
    # The previous index made by this very code (its digest is part of every key).
    base = output.with_name(output.name + "-index-base")
    subprocess.run(["rm", "-rf", str(base)], check=True)
    subprocess.run(["cp", "-al", str(output), str(base)], check=True)
    subprocess.run(["rm", "-rf", str(base / "pagefind")], check=True)
    run([*index, str(base), "--settings", str(settings)], cwd=ROOT, log=base.with_suffix(".log"))
    output = base
    print(f"load before: {load()}", flush=True)
    for n in range(repeat):
        cases = {"every bundle made (no previous index)": None, **changed, "nothing": "none"}
        for label, page in cases.items():
            subprocess.run(["rm", "-rf", str(work)], check=True)
            subprocess.run(["cp", "-al", str(output), str(work)], check=True)
            subprocess.run(["rm", "-rf", str(work / "pagefind")], check=True)
            previous = ["--previous", str(output)] if page is not None else []
            if isinstance(page, Path):  # as a build does: a new file, not written through
                target = work / page
                data = target.read_bytes().replace(b"</article>", f"<p>{n}</p></article>".encode())
                target.unlink()
                target.write_bytes(data)
            command = [*index, str(work), "--settings", str(settings), *previous]
            sample = run(command, cwd=ROOT, log=work.with_suffix(".log"))
            row = f"search index, changed: {label}"
            rows.setdefault(row, []).append(sample.wall)
            print(f"  {row}: {sample.wall:.2f} s", flush=True)
    subprocess.run(["rm", "-rf", str(work), str(base)], check=True)
    for row, values in rows.items():
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"{row:62} {statistics.median(values):6.2f}   [{shown}]")
    print(f"load after: {load()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-only", type=Path, metavar="OUTPUT", help="time the index alone")
    parser.add_argument("--settings", type=Path, help="with --index-only: the build's settings")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", default="d29f37a", help="git revision to compare with")
    args = parser.parse_args(argv)
    if args.index_only:
        return index_only(args.index_only, args.settings, args.repeat)
    if not args.work:
        parser.error("--work is required")
    print(f"load before: {load()}", flush=True)
    corpus = generate(CorpusSpec(articles=args.size), args.work / f"corpus-{args.size}")
    stories = sorted(corpus.stories, key=lambda s: s.date)
    newest, old = stories[-1], stories[len(stories) // 10]
    here = args.work / f"publish-{os.getpid()}"
    codes = {
        f"before ({args.before})": code_at(args.before, here / "code-before"),
        "after (work tree)": snapshot_code(here / "code-after"),
    }
    rows: dict[str, list[float]] = {}

    def timed(row: str, command: list[str], env: dict, log: Path) -> None:
        sample = run(command, env={**os.environ, **env}, cwd=ROOT, log=log)
        rows.setdefault(row, []).append(sample.wall)
        print(f"  {row}: {sample.wall:.2f} s", flush=True)

    sites = []
    for number, (name, code) in enumerate(codes.items()):
        folder = here / f"site-{number}"
        folder.mkdir()
        content = folder / "content"
        subprocess.run(["cp", "-al", str(corpus.content), str(content)], check=True)
        settings = settings_file(folder, code, content, args.work / "photo-cache")
        output = folder / "output"
        env = {**code_env(code), "LINTAS_NOW": corpus.now}
        build = [LINTAS, "build", "--settings", str(settings), "--output", str(output)]
        log = folder / "log.txt"
        print(f"{name}: {folder}", flush=True)
        timed(f"{name}: cold build", build, env, log)
        sites.append((name, (folder, settings, output, env, build, content, log)))
    # Interleaved, the same edit for every code in turn: the load of a shared
    # machine changes by the minute, and must hit both alike.
    for n in range(args.repeat):
        for label, story in (("newest", newest), ("old", old)):
            for name, (_, _, _, env, build, content, log) in sites:
                edit_body(content / story.folder / "index.md", f"{label}-{n}")
                timed(f"{name}: edit the {label} story's body, build", build, env, log)
    last = sites[-1][1]

    folder, settings, output, env, build, content, log = last
    target = folder / "www"
    deploy = [LINTAS, "deploy", "--settings", str(settings), "--output", str(output)]
    deploy += ["--target", str(target)]
    print("deploys (work tree code)", flush=True)
    timed("deploy: first (no record, full --checksum pass)", deploy, env, log)
    for n in range(args.repeat):
        edit_body(content / newest.folder / "index.md", f"deploy-{n}")
        run(build, env={**os.environ, **env}, cwd=ROOT, log=log)
        timed("deploy an edit: by manifest", deploy, env, log)
        edit_body(content / newest.folder / "index.md", f"verify-{n}")
        run(build, env={**os.environ, **env}, cwd=ROOT, log=log)
        timed("deploy an edit: --verify (full --checksum pass)", [*deploy, "--verify"], env, log)

    print(f"\n{args.size} stories, medians of {args.repeat} (wall clock, s); work {args.work}")
    for row, values in rows.items():
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"{row:62} {statistics.median(values):6.2f}   [{shown}]")
    print(f"load after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
