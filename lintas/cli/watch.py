"""Publish on save: ``lintas build --publish --watch`` (``make publish-watch``).

One long-running process replaces the five-minute timer's wait: it learns of
changes from inotify (``watchfiles``) and publishes a released story within
seconds of its save, and an embargoed one the moment its embargo lifts.

- **Warm.** The process imports Pelican, Markdown, Jinja, Pillow and every
  plugin once. Each build runs in a child *forked* from it: no import cost, and
  still a fresh state per build (Pelican and the plugins keep module-level
  state; a build that crashes or leaks takes only its child with it). The
  child runs ``build.build_site``: the staging folder, the atomic swap, the
  incremental layers, exactly as ``lintas build``.
- **What it watches**: the content folder, the theme and template overrides,
  plugin folders, and the settings files (the folders ``lintas serve``
  watches). A save is usually several events; ``watchfiles`` hands them over
  as one batch once they settle (50 ms without a new one). Changes during a
  build are kept and trigger the next build right after it.
- **The clock.** The manifest of the live output holds ``valid_until``: the
  next moment the site changes by itself (an embargo lifting, a story leaving
  the news sitemap's window). The watcher sleeps until then even when no file
  changes, on the real clock (a frozen ``LINTAS_NOW`` has no moments to wait
  for). The build it starts is an ordinary one: a story whose ``Date`` has
  come is no longer embargoed.
- **Engine upgrades.** Forked builds run the code the watcher imported; when
  a file of the engine changes (an upgrade, a ``git pull`` of a development
  checkout), the watcher starts itself again (``exec``) before building.
- SIGTERM/SIGINT stop it; a build in progress gets SIGTERM and discards its
  staging folder, the live output stays as it was.

Each publish prints how long after the save the site was swapped in
("live 1.4 s after the save": from the newest mtime of the changed files to
the end of the swap).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from lintas.cli.build import EXIT_BUSY
from lintas.core.holdback import HELD_BACK_STATUS

# A timed moment already past when a build ended (an embargo lifting during
# the build) is built at once, but never twice in a row within this time: a
# site whose every build is "valid until now" (no published story yet) must
# not rebuild in a loop.
PAST_MOMENT_RETRY_SECONDS = 30.0
# Another build (the timer's) holds the output: look again after this long.
BUSY_RETRY_SECONDS = 2.0
# Wake a little after the moment, never before it (the build compares > now).
WAKE_MARGIN_SECONDS = 0.05
# Modules every build uses: imported once, before the first fork.
WARM_MODULES = (
    "pelican",
    "pelican.generators",
    "pelican.readers",
    "pelican.writers",
    "markdown",
    "jinja2",
    "feedgen.feed",
    "lxml.html",
    "PIL.Image",
    # Imported lazily by the build: a forked child must not import what a thread
    # of this process may be importing at the moment of the fork.
    "platform",
    "pagefind",
    "pagefind_bin_extended",
)


class Stop(Exception):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_stop(signum: int, frame: object) -> None:  # noqa: ARG001
    raise Stop(signum)


def warm_up(settings: dict) -> None:
    """Import what every build imports, so a forked build starts at once."""
    for name in (*WARM_MODULES, *(settings.get("PLUGINS") or ())):
        if isinstance(name, str):
            # A plugin that cannot be imported: the build reports it, in Pelican's words.
            with contextlib.suppress(ImportError):
                importlib.import_module(name)


def engine_stamp(settings: dict) -> tuple:
    """Size and mtime of every engine file: a change means the code we forked is old."""
    from lintas.core.code import engine_code_files

    stamp = []
    for path in engine_code_files(settings):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            continue
        stamp.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(sorted(stamp))


def next_moment(settings: dict, output: Path) -> datetime | None:
    """``valid_until`` of the live output's manifest: when the site changes by itself."""
    if settings.get("NEWSROOM_NOW"):
        return None  # a frozen clock never reaches anything
    from lintas.plugins.incremental import outputs

    if not output.is_dir():
        return None
    folder = outputs.manifest_dir(settings["INCREMENTAL_CACHE_DIR"], output)
    head = outputs.load_head(folder, output)
    if head is None or not head.valid_until:
        return None
    return datetime.fromisoformat(head.valid_until)


def saved_at(paths: set[str]) -> float | None:
    """The newest mtime among changed files that still exist (the save)."""
    times = []
    for path in paths:
        try:
            times.append(os.stat(path).st_mtime)
        except OSError:
            continue
    return max(times) if times else None


class Watcher:
    def __init__(self, settings_path: Path, output: Path, deploy: bool):
        self.settings_path = settings_path
        self.output = output.resolve()
        self.deploy = deploy
        self.child: int | None = None
        self.last_past_moment = float("-inf")

    def settings(self) -> dict:
        from lintas.settings import read_settings

        return read_settings(self.settings_path)

    def build(self) -> int:
        """One ``lintas build`` in a forked child; its exit status."""
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: an ordinary build, then leave without teardown
            status = 1
            try:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    signal.signal(sig, signal.SIG_DFL)
                from lintas.cli.build import build_and_report

                status = build_and_report(self.settings_path, self.output)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        self.child = pid
        _pid, wait_status = os.waitpid(pid, 0)  # a Stop here leaves self.child to stop_child
        self.child = None
        return os.waitstatus_to_exitcode(wait_status)

    def stop_child(self) -> None:
        """A build in progress discards its staging folder on SIGTERM."""
        if self.child is not None:
            # The stop may come between the child's end (reaped by waitpid) and
            # the line that forgets it: then there is nothing left to stop.
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.child, signal.SIGTERM)
                os.waitpid(self.child, 0)
            self.child = None

    def publish(self, reason: str, saved: float | None) -> None:
        before = self._output_inode()
        started = time.monotonic()
        print(f"{reason}: building …", file=sys.stderr, flush=True)
        status = self.build()
        while status == EXIT_BUSY:  # the timer's build: ours goes right after it
            time.sleep(BUSY_RETRY_SECONDS)
            status = self.build()
        took = time.monotonic() - started
        swapped = self._output_inode() != before
        if status not in (0, HELD_BACK_STATUS):  # 3: published, some stories held back
            print(f"build failed ({took:.1f} s); the live site is unchanged", file=sys.stderr)
            return
        if not swapped:
            print(f"nothing to publish ({took:.1f} s)", file=sys.stderr, flush=True)
            return
        since = f", live {time.time() - saved:.1f} s after the save" if saved else ""
        print(f"published in {took:.1f} s{since}", file=sys.stderr, flush=True)
        if self.deploy:
            command = [sys.executable, "-m", "lintas", "deploy"]
            command += ["--settings", str(self.settings_path), "--output", str(self.output)]
            subprocess.run(command, check=False)

    def _output_inode(self) -> int | None:
        try:
            return os.stat(self.output).st_ino
        except FileNotFoundError:
            return None

    def wait(self, changes: queue.Queue, moment: datetime | None) -> tuple[set[str], bool]:
        """Block until files change or ``moment`` comes; (changed paths, moment reached)."""
        timeout = None
        if moment is not None:
            now = datetime.now(moment.tzinfo)
            late = (now - moment).total_seconds()
            if late >= 0:
                # Already past (it came during the last build): build now, but
                # not in a loop if every build says "until now".
                due_in = self.last_past_moment + PAST_MOMENT_RETRY_SECONDS - time.monotonic()
                if due_in <= 0:
                    self.last_past_moment = time.monotonic()
                    return set(), True
                timeout = due_in
            else:
                timeout = -late + WAKE_MARGIN_SECONDS
        try:
            batch = changes.get(timeout=timeout)
        except queue.Empty:
            return set(), True
        paths = {path for _change, path in batch}
        while True:  # everything else already queued (a build's worth of saves)
            try:
                paths |= {path for _change, path in changes.get_nowait()}
            except queue.Empty:
                return paths, False

    def run(self) -> int:
        from lintas.cli.serve import start_watchers, watched_paths

        settings = self.settings()
        warm_up(settings)
        engine = engine_stamp(settings)
        folders, files = watched_paths(settings, self.settings_path)
        changes: queue.Queue = queue.Queue()
        stop_watching = threading.Event()
        start_watchers(folders, files, changes, stop_watching)
        shown = ", ".join(str(f) for f in folders)
        print(f"watching {shown} and {self.settings_path}", file=sys.stderr, flush=True)
        self.publish("start", None)
        try:
            while True:
                moment = next_moment(settings, self.output)
                paths, timed = self.wait(changes, moment)
                settings = self.settings()
                if engine_stamp(settings) != engine:
                    print("the engine changed: restarting", file=sys.stderr, flush=True)
                    stop_watching.set()
                    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
                if timed:
                    self.publish(f"timed moment {moment.isoformat()}", None)
                else:
                    names = sorted(Path(p).name for p in paths)
                    more = f" (+{len(names) - 3})" if len(names) > 3 else ""
                    self.publish(f"changed: {', '.join(names[:3])}{more}", saved_at(paths))
        finally:
            stop_watching.set()


def watch_and_publish(settings_path: Path, output: Path, deploy: bool = False) -> int:
    """``lintas build --watch``: runs until SIGTERM or SIGINT."""
    previous = {s: signal.signal(s, _raise_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    watcher = Watcher(settings_path, output, deploy)
    try:
        return watcher.run()
    except Stop as stop:
        watcher.stop_child()
        print(f"watcher stopped ({signal.Signals(stop.signum).name})", file=sys.stderr)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
