"""Build the site into a staging folder and swap it in only when the whole
build succeeded: a failed or interrupted build leaves the previous output
byte-for-byte as it was.

    lintas build --publish          (publishconf.py into output/)
    lintas build                    (pelicanconf.py: a development build)

How the output is kept whole:

- Pelican writes into ``.<output>.staging-<pid>``, a sibling of the output
  folder (same filesystem, so the swap is a rename, never a copy).
- Any exception, a SIGINT/SIGTERM, or (in a strict build, ``NEWSROOM_STRICT``)
  any ERROR record Pelican logs and carries on past (a plugin that failed to
  register, a file it could not read, a page it skipped) discards the staging
  folder; the output is not touched.
- On success the staging folder and the output are exchanged with one
  ``renameat2(RENAME_EXCHANGE)`` system call: a web server reading ``output/``
  sees the old tree or the new one, never a mix and never a missing folder.
  Where the filesystem cannot exchange (not ext4/xfs/btrfs/tmpfs, or not
  Linux) we fall back to two renames, and the remaining window is the few
  microseconds between them in which ``output/`` does not exist.
- Caches (``CACHE_PATH``, the photo cache) live outside the output and are
  never deleted: ``DELETE_OUTPUT_DIRECTORY`` is forced off (a fresh staging
  folder needs no cleaning), and a cache configured inside the output is
  refused because every swap would throw it away.
- Right after the swap, ``lintas.core.outputs.OUTPUT_PUBLISHED`` is sent:
  the incremental plugin keeps the replaced site as ``.<output>.spare``, the
  tree the next staging folder starts from; the photos plugin removes the
  photo files no live page shows from ``.<output>.media``. A replaced site
  nobody kept is deleted in the background.
- A lock file next to the output stops two builds from publishing into the
  same folder at once; leftovers of a build killed with SIGKILL are removed
  by the next one.

A story with a content problem never refuses a publish: it is held back
(``lintas.core.holdback``; a live story keeps its last good version), the
rest is published, a report is written beside the output
(``.output.held-back.json`` and ``.txt``) and the newsroom's alert runs
(``lintas.cli.alert``). A fault of the site itself — a template, a setting,
a plugin, a photo that passed every check and still fails to render — still
refuses the whole publish.

Exit status: 0 built, 3 published with stories held back, 1 failed (nothing
published), 75 another build holds the output (try again later), 128 + signal
number when interrupted (130 for SIGINT, 143 for SIGTERM).
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import errno
import fcntl
import importlib
import logging
import os
import shutil
import signal
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lintas.core.messages import msg, msgn, render, say, use_settings
from lintas.settings import SettingsError

# The signals that mean "stop now": Ctrl-C in a terminal, and what CI runners,
# systemd and `kill` send.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# renameat2(2) flag from <linux/fs.h>: atomically exchange two paths.
RENAME_EXCHANGE = 2
AT_FDCWD = -100
# errno values meaning "this filesystem or kernel cannot exchange": fall back.
NO_EXCHANGE_ERRNOS = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}
# Failures of the machine, not the content: what the editor (or admin) does about them.
DISK_ERRNOS = {
    errno.ENOSPC: msg("the disk is full; free space on it and build again"),
    errno.EDQUOT: msg("the disk quota is used up; free space and build again"),
    errno.EROFS: msg("the folder is on a read-only file system; make it writable"),
    errno.EACCES: msg("permission denied; the build's user must be able to write there"),
    errno.EPERM: msg("not permitted; the build's user must be able to write there"),
}
# How many ERROR records a failed strict build lists before "… and N more".
MAX_ERRORS_SHOWN = 20


class BuildFailed(Exception):
    """A build that must not be published; the message (a ``msg()``, rendered
    when shown) is for the editor."""


class OutputLocked(BuildFailed):
    """Another build holds the output's lock: try again later (exit status 75)."""


# sysexits.h EX_TEMPFAIL: "try again later" (the watcher does).
EXIT_BUSY = 75


class BuildInterrupted(KeyboardInterrupt):
    def __init__(self, signum: int):
        super().__init__(f"signal {signum}")
        self.signum = signum
        self.published = False  # True when it arrived after the swap


def _raise_interrupt(signum: int, frame: object) -> None:  # noqa: ARG001
    raise BuildInterrupted(signum)


@contextmanager
def interrupts_raise() -> Iterator[None]:
    """SIGINT and SIGTERM raise ``BuildInterrupted`` in the main thread, so the
    ``finally`` blocks that remove the staging folder run (the default SIGTERM
    action would kill the process and leave it behind)."""
    previous = {s: signal.signal(s, _raise_interrupt) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def interrupts_blocked() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back while the swap runs: the exchange is one
    system call anyway, but the bookkeeping around it (and the message saying
    what happened) must not be cut in half. A held-back signal is delivered
    as soon as the block ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# --- the swap ------------------------------------------------------------------

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)  # glibc >= 2.28; absent elsewhere


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths; False when the system cannot."""
    if _renameat2 is None:
        return False
    result = _renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in NO_EXCHANGE_ERRNOS:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_in(staging: Path, output: Path, retired: Path) -> None:
    """Make ``staging`` the new ``output``. The previous output ends up at
    ``staging`` (exchanged) or ``retired`` (fallback); the caller deletes both."""
    if not output.exists():
        os.rename(staging, output)
    elif not exchange(staging, output):
        # Two renames: between them, ``output`` does not exist for a moment.
        os.rename(output, retired)
        try:
            os.rename(staging, output)
        except OSError:
            os.rename(retired, output)  # put the previous site back
            raise


# --- one Pelican run ------------------------------------------------------------


class ErrorRecords(logging.Handler):
    """Remembers every ERROR (and worse) record logged while Pelican runs.

    Pelican logs some failures and carries on: a plugin whose ``register()``
    raised, a file its reader could not process, content with an invalid
    status, a page that would be written outside the output. A preview can
    live with that; a publish build must not go out without the missing piece.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def summary(self) -> str:
        lines = [r.getMessage() for r in self.records]
        shown = lines[:MAX_ERRORS_SHOWN]
        if len(lines) > len(shown):
            more = len(lines) - len(shown)
            shown.append(say(msg("… and %(count)d more", count=more)))
        return "\n".join(f"  {line}" for line in shown)


def load_settings(settings_path: Path, staging: Path, overrides: dict | None = None) -> dict:
    from lintas.settings import read_settings

    return read_settings(
        settings_path,
        {
            **(overrides or {}),
            "OUTPUT_PATH": str(staging),
            # The staging folder is new and empty; cleaning it would only risk
            # deleting a cache someone configured inside it.
            "DELETE_OUTPUT_DIRECTORY": False,
        },
    )


def cache_paths(settings: dict) -> list[Path]:
    """Every folder a setting names as a cache (``CACHE_PATH``, ``PHOTOS_CACHE_DIR``…)."""
    found = []
    for key, value in settings.items():
        if "CACHE" in key and key.endswith(("_PATH", "_DIR")) and isinstance(value, str) and value:
            found.append(Path(value).resolve())
    return sorted(found)


def check_caches_outside(settings: dict, output: Path) -> None:
    for cache in cache_paths(settings):
        if cache == output or output in cache.parents:
            raise BuildFailed(
                msg(
                    "the cache %(cache)s is inside the output folder %(output)s: every publish "
                    "replaces that folder and would throw the cache away — point the cache "
                    "setting outside it (e.g. .cache/)",
                    cache=cache,
                    output=output,
                )
            )


def incremental_up_to_date(settings: dict, output: Path) -> bool:
    """The incremental plugin says nothing changed since ``output`` was built
    (the Pelican run that may follow reuses the imported module)."""
    name = "lintas.plugins.incremental"
    if name not in (settings.get("PLUGINS") or []):
        return False
    return importlib.import_module(name).up_to_date(settings, output)


def run_pelican(settings: dict) -> ErrorRecords:
    """One Pelican run into ``settings["OUTPUT_PATH"]``; raises on any failure."""
    from pelican import Pelican

    errors = ErrorRecords()
    root = logging.getLogger()
    root.addHandler(errors)
    try:
        Pelican(settings).run()
    finally:
        root.removeHandler(errors)
    return errors


# --- the build -----------------------------------------------------------------


def sibling(output: Path, role: str) -> Path:
    """``.output.<role>`` next to ``output``: same filesystem, so renames work."""
    return output.with_name(f".{output.name}.{role}")


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    lock_path = sibling(output, "lock")
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(
                msg("another build is writing %(output)s — wait for it to finish", output=output)
            ) from None
        yield  # the lock goes with the file descriptor


def remove_leftovers(output: Path) -> None:
    """Staging and retired folders of builds that were killed (SIGKILL, power)."""
    for stale in output.parent.glob(f".{output.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in output.parent.glob(f".{output.name}.retired-*"):
        shutil.rmtree(stale, ignore_errors=True)


def build_site(settings_path: Path, output: Path, overrides: dict | None = None) -> list[str]:
    """Build into staging and publish it; returns the ERROR messages a preview
    build let through (always empty for a strict build, which raises instead)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = sibling(output, f"staging-{os.getpid()}")
    retired = sibling(output, f"retired-{os.getpid()}")
    published = False
    # lintas/plugins/incremental starts the staging folder from the live pages.
    previous = {"LIVE_OUTPUT_PATH": str(output)}
    # Read before the lock (reading writes nothing): every line this build
    # prints, a refusal at the lock too, is in the portal's MESSAGES_LANGUAGE.
    settings = load_settings(settings_path, staging, {**previous, **(overrides or {})})
    use_settings(settings)
    with interrupts_raise(), output_lock(output):
        remove_leftovers(output)
        try:
            check_caches_outside(settings, output)
            if incremental_up_to_date(settings, output):
                return []  # the output was built from exactly these inputs
            errors = run_pelican(settings)
            if not staging.is_dir():
                raise BuildFailed(msg("Pelican wrote nothing into %(folder)s", folder=staging))
            if errors.records and settings.get("NEWSROOM_STRICT"):
                raise BuildFailed(
                    msgn(
                        "%(count)d error was logged during a strict build:\n%(errors)s",
                        "%(count)d errors were logged during a strict build:\n%(errors)s",
                        len(errors.records),
                        errors=errors.summary(),
                    )
                )
            try:
                with interrupts_blocked():
                    swap_in(staging, output, retired)
                    published = True
                    after_publish(settings, output)
            except BuildInterrupted as stop:
                # A signal held back during the swap arrives as soon as it is
                # done: then the new site is out, and the message must say so.
                stop.published = published
                raise
        finally:
            if published:
                # The previous output sits at the staging path (exchanged; unless
                # kept as the spare tree) or at the retired one (two renames).
                if staging.exists():
                    os.rename(staging, retired)
                discard_in_background(retired)
            else:  # the half-written build
                shutil.rmtree(staging, ignore_errors=True)
                shutil.rmtree(retired, ignore_errors=True)
    return [r.getMessage() for r in errors.records]


_published_settings: dict[str, dict] = {}  # output → settings of the build swapped in


def after_publish(settings: dict, output: Path) -> None:
    """A strict build was swapped in: what it published becomes the last good
    versions, and the held-back report beside the output says what it held
    (or is removed: nothing was)."""
    from lintas.core import holdback
    from lintas.core.outputs import OUTPUT_PUBLISHED

    OUTPUT_PUBLISHED.send(settings, output=output)
    record = holdback.current()
    if not record.strict:
        return
    _published_settings[str(output)] = settings
    holdback.update_store(settings, record)
    held = record.held()
    holdback.write_report(holdback.report(record, settings, output) if held else None, output)


def discard_in_background(tree: Path) -> None:
    """Delete a retired output tree without waiting: the new site is out, and
    deleting ~12,000 files took 0.15 s of every rebuild at 3,000 stories
    (BENCHMARKS.md). ``rm`` runs on in its own session; should it be killed,
    the next build removes what is left (``remove_leftovers``)."""
    if not tree.exists():
        return
    quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
    # posix_spawn, not subprocess.Popen: nothing here waits for it, and a Popen
    # object dropped while its process runs warns.
    os.posix_spawnp(
        "rm", ["rm", "-rf", "--", str(tree)], os.environ, file_actions=quiet, setsid=True
    )


def is_expected(error: BaseException) -> bool:
    """Failures whose message says it all: content problems, colliding
    outputs, settings of the wrong type, our own refusals, and the machine's
    (disk full, permissions), which name the file."""
    from lintas.core.outputs import OutputCollision
    from lintas.core.problems import ContentError

    expected = (BuildFailed, OSError, ContentError, OutputCollision, SettingsError)
    return isinstance(error, expected)


def configure_logging(verbose: bool = False) -> None:
    """Plain one-line messages, so `path:line: …` stays clickable in editors."""
    from pelican.log import init

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    init(level=logging.INFO if verbose else logging.WARNING, handler=handler)


EXAMPLES = """examples:
  lintas build                  development build of ./pelicanconf.py into ./output
  lintas build --publish        production build (./publishconf.py): a story with
                                a problem is held back, the rest is published (exit 3)
  lintas build --settings other.py --output /srv/www/portal
  lintas build --publish --watch
                                stay running: publish each saved change within
                                seconds, and each embargo the moment it lifts
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lintas build",
        description=__doc__.splitlines()[0],
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--publish", action="store_true", help="production settings (publishconf.py)"
    )
    parser.add_argument("--settings", type=Path, help="settings file (default: see --publish)")
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument(
        "--watch",
        action="store_true",
        help="stay running: rebuild on every saved change and when an embargo lifts",
    )
    parser.add_argument(
        "--deploy", action="store_true", help="with --watch: `lintas deploy` after each publish"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--no-alert",
        action="store_true",
        help="do not run NEWSROOM_ALERT_* when stories are held back (`lintas alert` later)",
    )
    args = parser.parse_args(argv)
    if args.settings is None:
        args.settings = Path("publishconf.py" if args.publish else "pelicanconf.py")

    configure_logging(verbose=args.verbose)
    if args.watch:
        from lintas.cli import watch

        return watch.watch_and_publish(args.settings, args.output, deploy=args.deploy)
    if args.deploy:
        parser.error("--deploy goes with --watch (otherwise: make deploy)")
    return build_and_report(args.settings, args.output, alert=not args.no_alert)


def build_and_report(settings: Path, output: Path, alert: bool = True) -> int:
    """One build, its outcome printed for the editor; returns the exit status
    (3 when stories were held back: the report is written and, with ``alert``,
    the newsroom's alert runs)."""
    try:
        errors = build_site(settings, output)
    except BuildInterrupted as stop:
        name = signal.Signals(stop.signum).name
        outcome = (
            msg("build interrupted (%(signal)s); the new output was already published", signal=name)
            if stop.published
            else msg(
                "build interrupted (%(signal)s); the previous output is unchanged", signal=name
            )
        )
        print(say(outcome), file=sys.stderr)
        return 128 + stop.signum
    except KeyboardInterrupt:  # raised by Python's own SIGINT handler before ours
        print(say(msg("build interrupted; the previous output is unchanged")), file=sys.stderr)
        return 128 + signal.SIGINT
    except Exception as error:
        if not is_expected(error):
            # Not a content problem or the machine but a bug (in a plugin, the
            # theme, Pelican): the traceback is for whoever fixes it.
            traceback.print_exc()
        # Our refusals and content problems render in MESSAGES_LANGUAGE; a bug's
        # own text stays as Python wrote it.
        reason = failure_message(error, output)
        print(say(msg("build failed: %(error)s", error=reason)), file=sys.stderr)
        print(say(msg("nothing published: the previous output is unchanged")), file=sys.stderr)
        return EXIT_BUSY if isinstance(error, OutputLocked) else 1
    if errors:
        print(
            say(
                msgn(
                    "%(count)d error logged above; a publish build would refuse this site",
                    "%(count)d errors logged above; a publish build would refuse this site",
                    len(errors),
                )
            ),
            file=sys.stderr,
        )
    print(say(msg("built %(output)s", output=output)))
    return held_back(output, alert=alert)


def held_back(output: Path, alert: bool) -> int:
    """After a publish: say what was held back and alert; the exit status."""
    from lintas.core import holdback

    record = holdback.current()
    if not record.strict or not record.held():
        return 0
    report = holdback.read_report(output.resolve())
    if report is None:  # nothing was swapped in (an up-to-date output): nothing to say
        return 0
    print(holdback.report_text(report), end="", file=sys.stderr)
    report_path = holdback.report_paths(output.resolve())[0]
    print(say(msg("report: %(path)s", path=report_path)), file=sys.stderr)
    settings = _published_settings.get(str(output.resolve()), {})
    if alert:
        from lintas.cli.alert import alert_configured, send_alert

        if alert_configured(settings):
            for failure in send_alert(settings, report, report_path):
                print(say(failure), file=sys.stderr)
    return holdback.HELD_BACK_STATUS


def failure_message(error: BaseException, output: Path) -> str:
    """One line for the editor; the machine's failures say which disk and what to do."""
    if isinstance(error, OSError) and error.errno in DISK_ERRNOS:
        # filename2: the destination of a copy or rename (shutil names the source first).
        where = error.filename2 or error.filename
        where = where or f"writing {output.resolve().parent} or the caches"
        return f"{where}: {render(DISK_ERRNOS[error.errno])} ({error.strerror})"
    return f"{'' if is_expected(error) else type(error).__name__ + ': '}{error}"


if __name__ == "__main__":
    from lintas.cli import exit_now

    exit_now(main())
