"""Crash safety: SIGKILL at random moments, a full disk, a read-only cache.

``lintas build --publish`` and ``lintas deploy`` run in their own process group
(as ``make publish`` / ``make deploy`` under systemd would), and the whole group
is killed with SIGKILL (no handler runs, no ``finally``) at seeded random
moments spread over a measured build. After each kill:

- the live output is *exactly* one of two complete builds: the one before
  (state A, or B) or the one being made (every file's digest compared with a
  clean build of each state);
- on the deploy target, every file is its old or its new version, and no page
  links to a page that is not there (yet);
- now and then a build is let run to the end: its output is byte-identical to a
  clean build of the same content (caches left behind by the kills — reader
  cache shards, manifests, the photo cache, Jinja's bytecode — are either
  whole or ignored).

State A is a small site (three stories with photos); state B edits one
story's body and adds a story with a new photo. Each kill is a build from the
live state towards the other one.

A full disk (ENOSPC on a small tmpfs, for the output's disk and for the
caches' disk) and a read-only cache (a tmpfs remounted read-only; root ignores
``chmod``) must fail with one clear line naming the file and the cause, say
that nothing was published, leave the output as it was, and lose nothing: the
next build, with the disk fixed, is again identical to a clean build.

Mounting needs root: a test that cannot mount fails (it never skips).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html
from sitebuild import LINTAS, ROOT, SAMPLE_NOW, all_files, leftovers, write_settings

ARTICLES = ROOT / "content" / "articles"
# State A: three stories, each with a photo.
BASE_STORIES = (
    "2016/08/dinkes-bolmong-waspadai-lonjakan-kasus-dbd",
    "2016/09/bolsel-siapkan-layanan-perizinan-daring",
    "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis",
)
EDITED_STORY = BASE_STORIES[1]
# State B adds this one (and its photo, new to the photo cache).
ADDED_STORY = "2016/08/pemkot-kotamobagu-salurkan-beasiswa-untuk-350-mahasiswa"
EDIT_MARKER = "\n\nPembaruan: ZQXCRASH kalimat tambahan pada isi berita.\n"
SEED = 20161001
BUILD_KILLS = 40
DEPLOY_KILLS = 20
# A kill lands anywhere from the start to a little past the measured duration
# (a run slower than measured must be hit late too). Builds get more room: with
# 1.15, builds 10% slower than their calibration once gave 38 kills before the
# swap and none after it.
SPREAD = 1.15
BUILD_SPREAD = 1.5
# Every this many kills, a build runs to the end and is compared with a clean one.
VERIFY_EVERY = 8
WAIT_SECONDS = 300
STATES = ("A", "B")
SITEURL = "https://crash.lintas.example"


# --- the site and its two states ---------------------------------------------------


class Site:
    """Content in state A or B, and the settings of one output with its own caches."""

    def __init__(self, folder: Path, caches: Path | None = None):
        self.folder = folder
        self.content = folder / "content"
        caches = caches or folder / "caches"
        self.caches = caches
        self.settings = write_settings(
            folder,
            self.content,
            base="publishconf",
            SITEURL=SITEURL,
            CACHE_PATH=str(caches / "pelican"),
            INCREMENTAL_CACHE_DIR=str(caches / "incremental"),
            PHOTOS_CACHE_DIR=str(caches / "photos"),
            DEPLOY_TARGET="",
            WEBSUB_HUB=None,
            MESSAGES_LANGUAGE="en",  # the refusals below are read in English
        )
        self.state: str | None = None

    def set_state(self, state: str) -> None:
        if self.state is None:
            for story in BASE_STORIES:
                shutil.copytree(ARTICLES / story, self.content / "articles" / story)
            shutil.copytree(ROOT / "content" / "pages", self.content / "pages")
            self.state = "A"
        if state == self.state:
            return
        edited = self.content / "articles" / EDITED_STORY / "index.md"
        original = (ARTICLES / EDITED_STORY / "index.md").read_text(encoding="utf-8")
        added = self.content / "articles" / ADDED_STORY
        if state == "B":
            replace_text(edited, original + EDIT_MARKER)
            shutil.copytree(ARTICLES / ADDED_STORY, added)
        else:
            replace_text(edited, original)
            shutil.rmtree(added)
        self.state = state

    def command(self, output: Path) -> list[str]:
        return [LINTAS, "build", "--settings", str(self.settings), "--output", str(output)]


def replace_text(path: Path, text: str) -> None:
    """As an editor's save: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def environment() -> dict:
    env = {**os.environ, "LINTAS_NOW": SAMPLE_NOW}
    env.pop("LINTAS_WEBSUB_HUB", None)  # no network: never ping a hub
    env.pop("LINTAS_DEPLOY_TARGET", None)
    return env


def build(site: Site, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        site.command(output),
        capture_output=True,
        text=True,
        cwd=site.folder,
        env=environment(),
        timeout=WAIT_SECONDS,
    )


def digests(folder: Path) -> dict[str, str]:
    """Every file (symbolic links as their target text) by path: its SHA-256."""
    found = {}
    for path in all_files(folder):  # through the link to the shared photo folder
        if path.is_symlink():
            found[path.relative_to(folder).as_posix()] = "link:" + os.readlink(path)
        elif path.is_file():
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return found


def wait_for_leftovers_to_go(output: Path) -> None:
    """The previous tree is removed by a background ``rm``; give it a moment."""
    deadline = time.monotonic() + 30
    while leftovers(output) and time.monotonic() < deadline:
        time.sleep(0.05)


def clean_build(state: str, folder: Path, photos: Path) -> dict:
    """A clean build of ``state`` in ``folder`` (fresh caches but the photo
    cache ``photos``): its path and digests."""
    folder.mkdir(parents=True, exist_ok=True)
    site = Site(folder, caches=folder / "caches")
    site.caches.mkdir(parents=True)
    (site.caches / "photos").symlink_to(photos)
    site.set_state(state)
    result = build(site, folder / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    return {"path": folder / "output", "files": digests(folder / "output")}


@pytest.fixture(scope="module")
def references(tmp_path_factory) -> dict:
    """Clean builds of A and B (fresh caches each): what every output must equal."""
    photos = tmp_path_factory.mktemp("photos-shared")
    refs = {state: clean_build(state, tmp_path_factory.mktemp(state), photos) for state in STATES}
    refs["photos"] = photos
    assert refs["A"]["files"] != refs["B"]["files"]
    return refs


def same_site(files: dict[str, str], expected: dict[str, str]) -> bool:
    """Every page as ``expected``, every photo file it has there; photo files
    beyond those are strays: added to the shared photo folder by a build that
    was cut off or failed before its swap (no page links to them; the next
    complete build removes them, which the exact comparisons after complete
    builds check). See lintas/plugins/photos/media.py."""
    pages = {path: digest for path, digest in files.items() if not path.startswith("media/")}
    if pages != {p: d for p, d in expected.items() if not p.startswith("media/")}:
        return False
    return all(files.get(path) == digest for path, digest in expected.items())


def which_state(files: dict[str, str], references: dict) -> str | None:
    for state in STATES:
        if same_site(files, references[state]["files"]):
            return state
    return None


def describe_difference(files: dict[str, str], expected: dict[str, str]) -> str:
    missing = sorted(set(expected) - set(files))[:5]
    extra = sorted(set(files) - set(expected))[:5]
    changed = sorted(p for p in set(files) & set(expected) if files[p] != expected[p])[:5]
    return f"missing {missing}, extra {extra}, different {changed}"


def kill_moments(
    rng: random.Random, count: int, duration: float, spread: float = SPREAD
) -> list[float]:
    """``count`` moments spread evenly over ``[0, spread * duration]`` (one in
    each equal slice, at a random place in it), in random order."""
    moments = [(k + rng.random()) / count * spread * duration for k in range(count)]
    rng.shuffle(moments)
    return moments


def start_and_kill(command: list[str], cwd: Path, delay: float) -> int | None:
    """Start ``command`` in its own process group; SIGKILL the group after
    ``delay`` seconds (None when it finished before), else its exit status."""
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        status = proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=WAIT_SECONDS)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # a straggler that forked late
        return None
    return status


# --- SIGKILL during `lintas build --publish` ----------------------------------------------


def test_sigkill_mid_build_leaves_old_or_new_site_and_next_build_is_clean(references, tmp_path):
    rng = random.Random(SEED)
    site = Site(tmp_path)
    output = tmp_path / "output"
    site.set_state("A")
    first = build(site, output)
    assert first.returncode == 0, first.stdout + first.stderr
    assert digests(output) == references["A"]["files"]

    # How long one publish takes here, each way (the photo of B rendered once).
    durations = []
    for state in ("B", "A", "B", "A"):
        site.set_state(state)
        started = time.monotonic()
        result = build(site, output)
        durations.append(time.monotonic() - started)
        assert result.returncode == 0, result.stdout + result.stderr
        assert digests(output) == references[state]["files"]
    duration = max(durations[2:])

    live = "A"
    outcomes = {"old": 0, "new": 0, "finished": 0}
    for number, delay in enumerate(kill_moments(rng, BUILD_KILLS, duration, BUILD_SPREAD), start=1):
        target = "B" if live == "A" else "A"
        site.set_state(target)
        status = start_and_kill(site.command(output), tmp_path, delay)
        files = digests(output)
        seen = which_state(files, references)
        assert seen in (live, target), (
            f"kill {number} after {delay:.2f} s: the live output is neither the old "
            f"nor the new site: {describe_difference(files, references[target]['files'])}"
        )
        if status is not None:
            assert status == 0, f"kill {number}: the build finished with status {status}"
            assert seen == target
            outcomes["finished"] += 1
        else:
            outcomes["old" if seen == live else "new"] += 1
        live = seen
        if number % VERIFY_EVERY == 0:
            # Let one run to the end, from whatever the kills left behind.
            target = "B" if live == "A" else "A"
            site.set_state(target)
            result = build(site, output)
            assert result.returncode == 0, result.stdout + result.stderr
            files = digests(output)
            assert files == references[target]["files"], (
                f"after kill {number}, a complete build differs from a clean one: "
                f"{describe_difference(files, references[target]['files'])}"
            )
            live = target
    # The kills must have hit both sides of the swap, or the test proved little.
    print(f"kills: {outcomes}, build {duration:.2f} s")
    assert outcomes["old"] >= 5 and outcomes["new"] + outcomes["finished"] >= 5, outcomes
    wait_for_leftovers_to_go(output)
    # One more complete build: nothing left over, and no change (byte-identical).
    result = build(site, output)
    assert result.returncode == 0
    assert digests(output) == references[live]["files"]
    wait_for_leftovers_to_go(output)
    assert leftovers(output) == []


# --- SIGKILL during `lintas deploy` (rsync to a folder) ------------------------------------


def served(path: str) -> bool:
    """What the web server serves: deploy/nginx.conf refuses every dot-name but
    .well-known/. rsync's own files are dot-names: the file it is receiving
    (``.name.XXXXXX``) and --delay-updates' ``.~tmp~/`` folders; a kill leaves
    them behind, the next deploy removes them (checked: each complete deploy
    leaves exactly the reference tree)."""
    return not any(part.startswith(".") and part != ".well-known" for part in path.split("/"))


def target_files(target: Path) -> dict[str, str]:
    return {path: digest for path, digest in digests(target).items() if served(path)}


def internal_links(page: Path, relative: str) -> set[str]:
    """Files of the site an ``<a href>`` of ``page`` leads to (``dir/`` → ``dir/index.html``)."""
    data = page.read_bytes()
    if not data.strip():  # an ad slot's empty fragment links nowhere
        return set()
    tree = lxml_html.fromstring(data)
    base = f"{SITEURL}/{relative}"
    found = set()
    for href in tree.xpath("//a/@href"):
        url = urlsplit(urljoin(base, href.strip()))
        if f"{url.scheme}://{url.netloc}" != SITEURL or url.query:
            continue
        path = url.path.lstrip("/")
        found.add(path + "index.html" if path == "" or path.endswith("/") else path)
    return found


def deploy_command(site: Site, output: Path, target: Path) -> list[str]:
    return [
        LINTAS,
        "deploy",
        "--settings",
        str(site.settings),
        "--output",
        str(output),
        "--target",
        str(target),
    ]


@pytest.fixture(scope="module")
def deploy_runs(references, tmp_path_factory) -> list[dict]:
    """Deploys of A and B in turn to a local folder, killed at random moments;
    what the target held after each kill. After every other kill the next deploy
    turns back (towards the state the killed one was leaving); one kill in five
    cuts off a full pass (--verify)."""
    rng = random.Random(SEED + 1)
    folder = tmp_path_factory.mktemp("deploy")
    site = Site(folder)
    site.set_state("A")  # the settings name a content folder; deploy reads them
    target = folder / "target"

    def deploy(state: str) -> None:
        command = deploy_command(site, references[state]["path"], target)
        result = subprocess.run(
            command, capture_output=True, text=True, env=environment(), timeout=WAIT_SECONDS
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert digests(target) == references[state]["files"], "rsync left files behind"

    deploy("A")
    # Time deploys as the killed ones run: after a deploy that was cut off, the
    # next one also sends again what that one touched and sweeps the target of
    # rsync's leftovers (lintas/cli/deploy.py).
    start_and_kill(deploy_command(site, references["B"]["path"], target), folder, 0.3)
    started = time.monotonic()
    deploy("B")
    deploy("A")
    duration = (time.monotonic() - started) / 2
    runs, new = [], "B"
    for number, delay in enumerate(kill_moments(rng, DEPLOY_KILLS, duration), start=1):
        old = "B" if new == "A" else "A"
        # Now and then a full pass (--verify) is the one cut off: ordered as well.
        verify = ["--verify"] if number % 5 == 2 else []
        command = deploy_command(site, references[new]["path"], target) + verify
        status = start_and_kill(command, folder, delay)
        runs.append(
            {
                "number": number,
                "delay": delay,
                "old": old,
                "new": new,
                "verify": bool(verify),
                "status": status,
                "files": target_files(target),
            }
        )
        if number % 4 == 0 or status is not None:  # a complete deploy now and then
            deploy(new)
            new = old
        elif number % 2 == 1:
            # The site was published again before a deploy got through: the next
            # deploy goes back to the state the cut-off one was leaving. Its record
            # (the last complete deploy's) may then equal its output, while the
            # target holds part of the other state.
            new = old
    return runs


def test_sigkill_mid_deploy_leaves_every_file_old_or_new(references, deploy_runs):
    runs = deploy_runs
    for run in runs:
        old, new = references[run["old"]]["files"], references[run["new"]]["files"]
        wrong = [
            path
            for path, digest in run["files"].items()
            if digest not in (old.get(path), new.get(path))
        ]
        assert not wrong, f"deploy kill {run['number']} after {run['delay']:.2f} s: {wrong[:5]}"
        assert run["status"] in (None, 0), run["status"]
    # The kills must have hit before, during and after the transfer.
    outcomes = [
        "old"
        if run["files"] == references[run["old"]]["files"]
        else "new"
        if run["files"] == references[run["new"]]["files"]
        else "mixed"
        for run in runs
    ]
    print({o: outcomes.count(o) for o in ("old", "mixed", "new")})
    assert outcomes.count("old") >= 3 and outcomes.count("new") >= 1, outcomes


def test_sigkill_mid_deploy_leaves_no_link_to_a_page_not_there_yet(references, deploy_runs):
    """New pages must reach the target before the lists that link to them."""
    known = set(references["A"]["files"]) | set(references["B"]["files"])
    for run in deploy_runs:
        new = references[run["new"]]
        dangling = []
        for relative, digest in run["files"].items():
            if relative.endswith(".html"):
                # The page on the target is one of the two references' (checked above).
                state = run["new"] if digest == new["files"].get(relative) else run["old"]
                for link in internal_links(references[state]["path"] / relative, relative):
                    if link in known and link not in run["files"]:
                        dangling.append(f"{relative} -> {link}")
        assert not dangling, (
            f"deploy kill {run['number']} after {run['delay']:.2f} s: {dangling[:5]}"
        )


# --- a full disk, a read-only cache ----------------------------------------------------------


@contextlib.contextmanager
def tmpfs(where: Path, size: str):
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    # A failure, never a skip: without the mount this test checks nothing.
    assert mounted.returncode == 0, f"cannot mount a tmpfs (run as root): {mounted.stderr}"
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Leave ``leave`` bytes free on the filesystem of ``disk``."""
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
    return filler


def assert_refused(result: subprocess.CompletedProcess, cause: str, where: Path) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("build failed:")]
    assert len(lines) == 1, result.stderr
    assert cause in lines[0], result.stderr
    assert str(where) in lines[0], f"the message does not name a file under {where}: {lines[0]}"
    assert "Traceback" not in result.stderr, result.stderr
    assert "nothing published" in result.stderr, result.stderr


@pytest.mark.parametrize("disk", ["output", "caches"])
def test_a_full_disk_fails_clearly_and_loses_nothing(disk, references, tmp_path):
    mount = tmp_path / "disk"
    with tmpfs(mount, "64m"):
        caches = mount / "caches" if disk == "caches" else tmp_path / "caches"
        output = mount / "output" if disk == "output" else tmp_path / "output"
        site = Site(tmp_path, caches=caches)
        site.set_state("A")
        result = build(site, output)
        assert result.returncode == 0, result.stdout + result.stderr
        before = digests(output)
        filler = fill(mount, leave=16 * 1024)
        site.set_state("B")
        result = build(site, output)
        assert_refused(result, "the disk is full", mount)
        assert same_site(digests(output), before), "the live output changed"
        filler.unlink()  # the admin frees space: the next build is whole
        result = build(site, output)
        assert result.returncode == 0, result.stdout + result.stderr
        # Compared with a clean build on the same filesystem: Pagefind's index
        # bytes follow the order the filesystem lists files in (tmpfs and ext4
        # differ), so a clean build on another disk is not the reference.
        clean = clean_build("B", output.parent / "clean", references["photos"])
        assert digests(output) == clean["files"]


def test_a_read_only_cache_fails_clearly_and_loses_nothing(references, tmp_path):
    mount = tmp_path / "caches"
    with tmpfs(mount, "64m"):
        site = Site(tmp_path, caches=mount)
        output = tmp_path / "output"
        site.set_state("A")
        result = build(site, output)
        assert result.returncode == 0, result.stdout + result.stderr
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        site.set_state("B")
        result = build(site, output)
        assert_refused(result, "read-only file system", mount)
        assert same_site(digests(output), references["A"]["files"]), "the live output changed"
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], check=True)
        result = build(site, output)
        assert result.returncode == 0, result.stdout + result.stderr
        assert digests(output) == references["B"]["files"]
