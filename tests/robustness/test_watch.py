"""The publish watcher (``lintas build --publish --watch``) on the real clock.

It is started on a small site, then: an edited story is live within a few
seconds of its save, and a story embargoed until a few seconds from now goes
live when that moment comes, with no file change to wake the watcher (its
``Date`` carries seconds; the watcher reads the moment from the manifest's
``valid_until``). SIGTERM stops it and leaves no staging folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sitebuild import LINTAS, ROOT, write_settings

STORIES = (
    "2016/09/bolsel-siapkan-layanan-perizinan-daring",
    "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis",
)
# "A few seconds": an incremental publish of this site takes about one.
LIVE_WITHIN_SECONDS = 5.0
EMBARGO_SECONDS = 12
STARTUP_SECONDS = 120


def wait_for(predicate, seconds: float, what: str, log: Path) -> float:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"{what} not within {seconds} s; watcher log:\n{log.read_text()}")
        time.sleep(0.05)
    return time.monotonic() - started


def test_the_watcher_publishes_a_save_and_an_embargo_on_time(tmp_path):
    content = tmp_path / "content"
    for story in STORIES:
        shutil.copytree(ROOT / "content/articles" / story, content / "articles" / story)
    shutil.copytree(ROOT / "content/pages", content / "pages")
    settings = write_settings(
        tmp_path,
        content,
        base="publishconf",
        INCREMENTAL_CACHE_DIR=str(tmp_path / "incremental"),
        WEBSUB_HUB=None,
    )
    output = tmp_path / "output"
    log = tmp_path / "watch.log"
    env = {k: v for k, v in os.environ.items() if k not in ("LINTAS_NOW", "LINTAS_WEBSUB_HUB")}
    command = [LINTAS, "build", "--publish", "--watch", "--settings", str(settings)]
    with open(log, "wb") as sink:
        watcher = subprocess.Popen(
            [*command, "--output", str(output)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(
            lambda: "published" in log.read_text() or "nothing to publish" in log.read_text(),
            STARTUP_SECONDS,
            "the first build",
            log,
        )
        page = output / "2016/09/bolsel-siapkan-layanan-perizinan-daring/index.html"
        assert page.is_file(), log.read_text()

        # An edit: a new file renamed over the story, as editors' programs save.
        story = content / "articles" / STORIES[0] / "index.md"
        saved = story.with_name(".index.md.tmp")
        saved.write_text(story.read_text() + "\n\nZQXWATCHEDIT kalimat baru.\n")
        os.replace(saved, story)
        took = wait_for(
            lambda: "ZQXWATCHEDIT" in page.read_text(encoding="utf-8"),
            LIVE_WITHIN_SECONDS,
            "the edit live",
            log,
        )
        print(f"edit live {took:.2f} s after the save")

        # An embargo a few seconds ahead, on the real clock: left out now...
        zone = ZoneInfo("Asia/Makassar")
        lifts = datetime.now(zone).replace(microsecond=0) + timedelta(seconds=EMBARGO_SECONDS)
        embargoed = content / "articles/2016/09/zqx-embargo-watcher/index.md"
        embargoed.parent.mkdir(parents=True)
        embargoed.write_text(
            "Title: ZQX Embargo Watcher\n"
            f"Date: {lifts:%Y-%m-%d %H:%M:%S}\n"
            "Category: Pemerintahan\nTags: pemerintahan\nAuthor: Rahmat Mokodompit\n"
            "Region: Kotamobagu\nSummary: Berita berembargo.\n\n"
            "Isi berita yang baru boleh terbit pada waktunya.\n",
            encoding="utf-8",
        )
        lifted = output / f"{lifts:%Y/%m}/zqx-embargo-watcher/index.html"
        wait_for(lambda: log.read_text().count("published") >= 2, 10, "the embargoed save", log)
        time.sleep(1)
        assert not lifted.exists(), "an embargoed story was published before its time"
        assert datetime.now(zone) < lifts - timedelta(seconds=2), "the test machine is too slow"
        # ... and live when its time comes, though no file changed since.
        wait_for(lifted.exists, EMBARGO_SECONDS + LIVE_WITHIN_SECONDS, "the embargoed story", log)
        late = (datetime.now(zone) - lifts).total_seconds()
        print(f"embargoed story live {late:.2f} s after its embargo lifted")
        assert late < LIVE_WITHIN_SECONDS
        assert "timed moment" in log.read_text()
    finally:
        watcher.send_signal(signal.SIGTERM)
        status = watcher.wait(timeout=60)
    assert status == 0, log.read_text()
    assert "watcher stopped (SIGTERM)" in log.read_text()
    assert not list(tmp_path.glob(".output.staging-*"))


FORK_SAFETY_PROBE = r"""
import sys, threading, time, queue
from pathlib import Path
sys.modules.pop("platform", None)
importers = []

class Probe:
    # Records which thread imports ``platform`` (and lets the import go on).
    def find_spec(self, name, path=None, target=None):
        if name == "platform":
            importers.append(threading.current_thread().name)
        return None

sys.meta_path.insert(0, Probe())
from lintas.cli.serve import start_watchers

stop = threading.Event()
start_watchers([Path(sys.argv[1])], set(), queue.Queue(), stop)
time.sleep(1.5)  # the watcher threads are in watchfiles by now
stop.set()
print(",".join(importers))
"""


def test_the_watcher_threads_import_nothing_a_forked_build_would_wait_for(tmp_path):
    """The publish watcher forks each build while its inotify threads run. A
    module a thread is importing at that moment stays locked in the child
    forever: a build hung in Pagefind's launcher on ``import platform``, which
    watchfiles imports in the thread on its first call. It must be imported
    before the threads start, by the thread that starts them."""
    result = subprocess.run(
        [str(Path(LINTAS).with_name("python")), "-c", FORK_SAFETY_PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "MainThread", result.stdout
