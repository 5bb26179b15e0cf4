"""Live preview: build the site, serve it, rebuild on every save.

    lintas serve [--settings pelicanconf.py] [--content DIR] [--port 8000]
                 [--output .cache/preview] [--host 127.0.0.1] [--port 8000] [--desk]

Watches the content folder, the theme, the plugins and the settings files.
Each rebuild runs ``lintas.cli.build.build_site()`` in a fresh process
(so edited plugins and settings take effect, and the atomic swap means the
server never serves half a site). Open pages reload themselves; the build's
problems print here and show as a banner on the page (lintas/plugins/live_preview).

The preview is the newsroom's view, not the readers': drafts and embargoed
stories are shown, marked, and listed on the desk page (``NEWSROOM_PREVIEW``).
It builds into its own folder (``.cache/preview``) with its own Pelican cache,
so ``lintas build`` (``make html``, ``make publish``, ``make deploy``) never
meets it: they neither share a lock nor serve each other's pages. A rebuild
that fails for a passing reason (its output locked by a second preview, the
build process killed, the disk) is retried with a growing pause; the page's
banner says which build it shows and that a retry is coming.

With ``--desk`` the same server offers the web desk at ``/admin/``: Decap CMS
for reporters, with decap-server started alongside (lintas/desk).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from lintas.core.messages import Text, msg, msgn, render, use_settings
from lintas.core.ssi import expand_includes, file_reader

PLUGIN = "lintas.plugins.live_preview"
# A save is often several file events (a temporary file, a rename, the photo
# next to it): wait this long after the last one before rebuilding.
SETTLE_SECONDS = 0.2
# How long the watcher threads sleep between looks at the stop flag.
WATCH_POLL_MS = 500
# Addresses that mean "every interface": the pages still link to localhost.
ANY_ADDRESS = {"0.0.0.0", "::", ""}
# Where the preview builds (never output/: `lintas build` owns that folder).
DEFAULT_OUTPUT = Path(".cache/preview")
# Pauses between retries of a build that failed for a passing reason.
RETRY_FIRST_S = 1.0
RETRY_LONGEST_S = 30.0


@dataclass
class Outcome:
    """What one build in the child process came to."""

    error: str | None = None  # None: built
    transient: bool = False  # worth trying again without any change (lock, killed, disk)


def _build_in_child(settings: Path, output: Path, overrides: dict, results) -> None:
    """Run in a fresh interpreter: one build, its outcome sent back through ``results``."""
    from lintas.cli.build import (
        BuildInterrupted,
        OutputLocked,
        build_site,
        configure_logging,
        is_expected,
    )

    configure_logging()
    try:
        build_site(settings, output, overrides)
    except BuildInterrupted:
        results.send(Outcome("interrupted", transient=True))
    except Exception as error:
        kind = "" if is_expected(error) else f"{type(error).__name__}: "
        # str(error) here: a ContentError renders in the build's MESSAGES_LANGUAGE.
        transient = isinstance(error, OutputLocked | OSError)
        results.send(Outcome(f"{kind}{error}", transient=transient))
    else:
        results.send(Outcome())


class Preview:
    """What the server knows about the latest build, and tells every open page.

    ``state``: ``build`` (id of the build being served), ``built_at`` (its
    time, HH:MM:SS), ``problems``, ``error`` (the last rebuild failed: the page
    is still the last good build) and ``retry_in_s`` (a retry is scheduled).
    """

    def __init__(self, output: Path, live_dir: str):
        self.status_file = output / live_dir / "status.json"
        self.lock = threading.Lock()
        self.state: dict = {
            "build": None,
            "built_at": None,
            "problems": [],
            "error": None,
            "retry_in_s": None,
        }

    def record(self, error: str | None) -> None:
        """After a build: read its status (success) or keep the last good one (failure)."""
        if error is None:
            try:
                status = json.loads(self.status_file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as problem:
                error = f"the build wrote no readable {self.status_file.name}: {problem}"
        with self.lock:
            if error is None:
                built_at = time.strftime("%H:%M:%S")
                if status.get("build") == self.state.get("build"):
                    built_at = self.state.get("built_at") or built_at  # skipped: up to date
                self.state = {
                    **status,
                    "built_at": built_at,
                    "error": None,
                    "retry_in_s": None,
                }
            else:
                self.state = {**self.state, "error": error}

    def retrying(self, seconds: float | None) -> None:
        with self.lock:
            self.state = {**self.state, "retry_in_s": seconds}

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps(self.state, ensure_ascii=False).encode("utf-8")


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from the output, never cached, plus the build state."""

    preview: Preview
    state_path: str
    not_found_page: Path
    desk = None  # lintas.desk.server.Desk with --desk

    def do_GET(self) -> None:
        if urlsplit(self.path).path == self.state_path:
            self._send(HTTPStatus.OK, "application/json", self.preview.as_json())
            return
        if self.desk is not None and self.desk.handle_get(self):
            return
        # Last-Modified has one-second resolution: a rebuild within the same
        # second would be answered "304 Not Modified" with the stale page.
        del self.headers["If-Modified-Since"]
        page = self._html_page()
        if page is not None:
            # Ad slots are nginx SSI directives: expanded as nginx would (lintas.core.ssi).
            read = file_reader(Path(self.directory))
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", expand_includes(page, read))
            return
        super().do_GET()

    def _html_page(self) -> bytes | None:
        url_path = urlsplit(self.path).path
        path = Path(self.translate_path(self.path))
        if path.is_dir() and url_path.endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return None
        return path.read_bytes()

    def do_POST(self) -> None:
        if self.desk is None or not self.desk.handle_post(self):
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        # A missing page is usually the article being edited, left out of the
        # build for a problem: answer with a page that shows it and reloads.
        if code == HTTPStatus.NOT_FOUND and self.not_found_page.is_file():
            self._send(code, "text/html; charset=utf-8", self.not_found_page.read_bytes())
            return
        super().send_error(code, message, explain)

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass  # a line per request would bury the build problems editors need to see


def watched_paths(settings: dict, settings_path: Path) -> tuple[list[Path], set[Path]]:
    """Folders watched recursively, and single settings files (watched through
    their folder, since editors save by writing a new file and renaming it)."""
    folders = [Path(settings["PATH"]), Path(settings["THEME"])]
    if settings.get("NEWSROOM_DIRECTORY"):  # reporters, sections, regions kept elsewhere
        folders.append(Path(settings["NEWSROOM_DIRECTORY"]))
    folders += [Path(p) for p in settings["THEME_TEMPLATES_OVERRIDES"]]
    folders += [Path(p) for p in settings["PLUGIN_PATHS"]]
    # publishconf.py imports pelicanconf.py: a change to either counts.
    files = {settings_path.resolve(), settings_path.with_name("pelicanconf.py").resolve()}
    return [f.resolve() for f in folders if f.is_dir()], files


def start_watchers(
    folders: list[Path],
    files: set[Path],
    changes: queue.Queue,
    stop,
    ignored: set[Path] = frozenset(),
) -> None:
    """``ignored``: files under the watched folders that are no input of the
    build (the desk's audit log): writing them must not trigger a rebuild."""
    # watchfiles.watch() imports ``platform`` on its first call, in our thread. A
    # process forked while that import runs (the publish watcher forks each build)
    # inherits its module lock held by a thread it does not have, and hangs at its
    # own first ``import platform`` (seen: Pagefind's launcher, 25 s into a build).
    # Imported here, in the caller's thread, it is already there for the threads.
    import platform  # noqa: F401

    import watchfiles

    class SettingsOnly(watchfiles.DefaultFilter):
        def __call__(self, _change, path: str) -> bool:
            return Path(path).resolve() in files

    class ContentFilter(watchfiles.DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            return Path(path).resolve() not in ignored and super().__call__(change, path)

    def watch(paths, recursive: bool, watch_filter) -> None:
        for batch in watchfiles.watch(
            *paths,
            watch_filter=watch_filter,
            recursive=recursive,
            stop_event=stop,
            rust_timeout=WATCH_POLL_MS,
            raise_interrupt=False,
        ):
            changes.put(batch)

    jobs = [(folders, True, ContentFilter())]
    jobs.append((sorted({f.parent for f in files}), False, SettingsOnly()))
    for paths, recursive, watch_filter in jobs:
        threading.Thread(target=watch, args=(paths, recursive, watch_filter), daemon=True).start()


class Builder:
    """Runs one build at a time in a fresh process (spawned: no state carried over)."""

    def __init__(self, settings: Path, output: Path, overrides: dict):
        self.args = (settings, output, overrides)
        self.context = multiprocessing.get_context("spawn")
        self.process = None

    def build(self) -> Outcome:
        receive, send = self.context.Pipe(duplex=False)
        self.process = self.context.Process(target=_build_in_child, args=(*self.args, send))
        self.process.start()
        send.close()
        try:
            outcome = receive.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            outcome = Outcome(
                f"the build process ended with exit status {self.process.exitcode}",
                transient=True,
            )
        self.process.join()
        self.process = None
        return outcome

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()  # build_site() removes its staging folder on SIGTERM
            self.process.join()


def rebuild(builder: Builder, preview: Preview, reason: Text | str) -> Outcome:
    say(msg("%(reason)s: building …", reason=reason))
    started = time.monotonic()
    outcome = builder.build()
    preview.record(outcome.error)
    took = time.monotonic() - started
    if outcome.error is None:
        count = sum(1 for entry in preview.state["problems"] if entry.get("path"))
        if count:
            say(
                msgn(
                    "built in %(seconds).1f s; %(count)d problem above, also shown on the page",
                    "built in %(seconds).1f s; %(count)d problems above, also shown on the page",
                    count,
                    seconds=took,
                )
            )
        else:
            say(msg("built in %(seconds).1f s", seconds=took))
    else:
        say(msg("build failed after %(seconds).1f s: %(error)s", seconds=took, error=outcome.error))
        say(msg("the page keeps the last good build and shows this error"))
    return outcome


def say(message: Text | str) -> None:
    """One line for the editor in the terminal, in MESSAGES_LANGUAGE."""
    print(render(message), file=sys.stderr, flush=True)


def next_pause(previous: float | None) -> float:
    """1, 2, 4 … 30 seconds between retries of a build that failed for a passing reason."""
    return RETRY_FIRST_S if previous is None else min(previous * 2, RETRY_LONGEST_S)


def wait_for_changes(changes: queue.Queue, timeout: float | None = None) -> set:
    """Block until something changed (or ``timeout`` seconds passed: an empty
    set), then gather what follows within the settle time."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            batch = set(changes.get(timeout=WATCH_POLL_MS / 1000))
            break
        except queue.Empty:  # a timeout keeps Ctrl-C responsive
            if deadline is not None and time.monotonic() >= deadline:
                return set()
            continue
    time.sleep(SETTLE_SECONDS)
    while not changes.empty():
        batch |= changes.get_nowait()
    return batch


def describe(batch: set) -> Text:
    names = sorted({os.path.relpath(path) for _change, path in batch})
    if len(names) > 3:
        return msg(
            "changed: %(names)s and %(more)d more", names=", ".join(names[:3]), more=len(names) - 3
        )
    return msg("changed: %(names)s", names=", ".join(names))


def _stop_on_sigterm(signum: int, frame: object) -> None:  # noqa: ARG001
    raise KeyboardInterrupt


EXAMPLES = """examples:
  lintas serve                  build ./pelicanconf.py into .cache/preview, serve it on
                                http://127.0.0.1:8000/ (drafts and embargoes included,
                                marked; the desk: /_pratinjau/meja/), rebuild on every
                                change under content/ and theme/
  lintas serve --port 8001      a second preview next to the first
  lintas serve --desk           and the web desk for reporters at /admin/
                                (needs Node.js and npm's decap-server)
"""


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lintas serve",
        description=__doc__.splitlines()[0],
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--content", type=Path, help="content folder (default: the settings' PATH)")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="the preview's own folder (default: .cache/preview; never output/)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--site-url",
        help="the address in the pages' links (default http://HOST:PORT); "
        "behind nginx on a LAN, the address reporters open",
    )
    parser.add_argument(
        "--desk",
        action="store_true",
        help="also serve the web desk (Decap CMS) at /admin/ and start decap-server",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = argument_parser().parse_args(argv)

    from lintas.settings import read_settings

    settings_path = args.settings.resolve()
    output = args.output.resolve()
    shown_host = "127.0.0.1" if args.host in ANY_ADDRESS else args.host
    site_url = (args.site_url or f"http://{shown_host}:{args.port}").rstrip("/")
    overrides: dict = {"SITEURL": site_url, "LIVE_PREVIEW": True, "NEWSROOM_PREVIEW": True}
    if args.content:
        overrides["PATH"] = str(args.content.resolve())
    settings = read_settings(settings_path, overrides)
    if PLUGIN not in settings["PLUGINS"]:  # only the preview's builds carry it
        overrides["PLUGINS"] = [*settings["PLUGINS"], PLUGIN]
    # Its own Pelican cache: a publish build running meanwhile never reads or
    # writes the preview's (drafts included) and vice versa.
    overrides["CACHE_PATH"] = str(Path(settings["CACHE_PATH"]).with_name("pelican-preview"))
    settings = read_settings(settings_path, overrides)
    use_settings(settings)
    live_dir = settings["LIVE_PREVIEW_DIR"]

    preview = Preview(output, live_dir)
    handler = partial(PreviewHandler, directory=str(output))
    PreviewHandler.preview = preview
    PreviewHandler.state_path = f"/{live_dir}/state"
    PreviewHandler.not_found_page = output / live_dir / "404.html"
    desk = None
    if args.desk:
        from lintas.desk.server import Desk, DeskError

        try:
            desk = Desk(settings, settings_path, output, preview)
            desk.start()
        except DeskError as error:
            print(f"lintas serve --desk: {error}", file=sys.stderr)
            return 1
        PreviewHandler.desk = desk
    try:
        server = ThreadingHTTPServer((args.host, args.port), handler)
    except OSError as error:
        say(
            msg(
                "cannot listen on %(host)s:%(port)s (%(reason)s); is another preview running? "
                "Try: make serve PORT=%(next)s",
                host=args.host,
                port=args.port,
                reason=error.strerror,
                next=args.port + 1,
            )
        )
        if desk is not None:
            desk.stop()
        return 1
    server.daemon_threads = True

    builder = Builder(settings_path, output, overrides)
    stop = threading.Event()
    changes: queue.Queue = queue.Queue()
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        # Watch before the first build: a save made while it runs (or the moment
        # the page first answers) is never missed.
        folders, files = watched_paths(settings, settings_path)
        ignored = {desk.audit_path} if desk is not None else set()
        start_watchers(folders, files, changes, stop, ignored)
        outcome = rebuild(builder, preview, msg("first build"))
        serving.start()
        watched = ", ".join(os.path.relpath(p) for p in [*folders, *sorted(files)])
        say(msg("watching %(paths)s", paths=watched))
        if desk is not None:
            say(msg("Web desk: %(url)s/admin/", url=site_url))
        desk_page = f"{live_dir}/{settings['LIVE_PREVIEW_DESK']}"
        say(
            msg(
                "Serving %(url)s/ — drafts and embargoes: %(url)s/%(desk)s/ — Ctrl-C to stop",
                url=site_url,
                desk=desk_page,
            )
        )
        pause = None
        while True:
            # A build that failed for a passing reason is tried again, after
            # 1, 2, 4 … 30 s, or at once when something changes.
            pause = next_pause(pause) if outcome.transient else None
            preview.retrying(pause)
            if pause is not None:
                say(msg("trying again in %(seconds)d s", seconds=pause))
            batch = wait_for_changes(changes, timeout=pause)
            reason = describe(batch) if batch else msg("retry")
            outcome = rebuild(builder, preview, reason)
    except KeyboardInterrupt:
        say(msg("stopped"))
    finally:
        # A second Ctrl-C (or SIGTERM) while we tidy up ends the process at once.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        stop.set()
        builder.stop()
        if serving.is_alive():
            server.shutdown()
        server.server_close()
        if desk is not None:
            desk.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
