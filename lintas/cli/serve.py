"""Live preview: build the site, serve it, rebuild on every save.

    lintas serve [--settings pelicanconf.py] [--content DIR] [--port 8000]
                            [--output output] [--host 127.0.0.1] [--port 8000] [--desk]

Watches the content folder, the theme, the plugins and the settings files.
Each rebuild runs ``lintas.cli.build.build_site()`` in a fresh process
(so edited plugins and settings take effect, and the atomic swap means the
server never serves half a site). Open pages reload themselves; the build's
problems print here and show as a banner on the page (lintas/plugins/live_preview).

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
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

PLUGIN = "lintas.plugins.live_preview"
# A save is often several file events (a temporary file, a rename, the photo
# next to it): wait this long after the last one before rebuilding.
SETTLE_SECONDS = 0.2
# How long the watcher threads sleep between looks at the stop flag.
WATCH_POLL_MS = 500
# Addresses that mean "every interface": the pages still link to localhost.
ANY_ADDRESS = {"0.0.0.0", "::", ""}


def _build_in_child(settings: Path, output: Path, overrides: dict, results) -> None:
    """Run in a fresh interpreter: one build, its outcome sent back through ``results``."""
    from lintas.cli.build import BuildInterrupted, build_site, configure_logging, is_expected

    configure_logging()
    try:
        build_site(settings, output, overrides)
    except BuildInterrupted:
        results.send("interrupted")
    except Exception as error:
        kind = "" if is_expected(error) else f"{type(error).__name__}: "
        results.send(f"{kind}{error}")
    else:
        results.send(None)


class Preview:
    """What the server knows about the latest build."""

    def __init__(self, output: Path, live_dir: str):
        self.status_file = output / live_dir / "status.json"
        self.lock = threading.Lock()
        self.state: dict = {"build": None, "problems": [], "error": None}

    def record(self, error: str | None) -> None:
        """After a build: read its status (success) or keep the last good one (failure)."""
        if error is None:
            try:
                status = json.loads(self.status_file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as problem:
                error = f"the build wrote no readable {self.status_file.name}: {problem}"
        with self.lock:
            if error is None:
                self.state = {**status, "error": None}
            else:
                self.state = {**self.state, "error": error}

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
        super().do_GET()

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

    def build(self) -> str | None:
        receive, send = self.context.Pipe(duplex=False)
        self.process = self.context.Process(target=_build_in_child, args=(*self.args, send))
        self.process.start()
        send.close()
        try:
            error = receive.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            error = f"the build process ended with exit status {self.process.exitcode}"
        self.process.join()
        self.process = None
        return error

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()  # build_site() removes its staging folder on SIGTERM
            self.process.join()


def rebuild(builder: Builder, preview: Preview, reason: str) -> None:
    print(f"{reason}: building …", file=sys.stderr, flush=True)
    started = time.monotonic()
    error = builder.build()
    preview.record(error)
    took = time.monotonic() - started
    if error is None:
        count = len(preview.state["problems"])
        note = f"; {count} warning(s) above, also shown on the page" if count else ""
        print(f"built in {took:.1f} s{note}", file=sys.stderr, flush=True)
    else:
        print(f"build failed after {took:.1f} s: {error}", file=sys.stderr)
        print("the page keeps the last good build and shows this error", file=sys.stderr)


def wait_for_changes(changes: queue.Queue) -> set:
    """Block until something changed, then gather what follows within the settle time."""
    while True:
        try:
            batch = set(changes.get(timeout=WATCH_POLL_MS / 1000))
            break
        except queue.Empty:  # a timeout keeps Ctrl-C responsive
            continue
    time.sleep(SETTLE_SECONDS)
    while not changes.empty():
        batch |= changes.get_nowait()
    return batch


def describe(batch: set) -> str:
    names = sorted({os.path.relpath(path) for _change, path in batch})
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"changed: {shown}"


def _stop_on_sigterm(signum: int, frame: object) -> None:  # noqa: ARG001
    raise KeyboardInterrupt


EXAMPLES = """examples:
  lintas serve                  build ./pelicanconf.py, serve http://127.0.0.1:8000/,
                                rebuild on every change under content/ and theme/
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
    parser.add_argument("--output", type=Path, default=Path("output"))
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
    overrides: dict = {"SITEURL": site_url, "LIVE_PREVIEW": True}
    if args.content:
        overrides["PATH"] = str(args.content.resolve())
    settings = read_settings(settings_path, overrides)
    if PLUGIN not in settings["PLUGINS"]:  # only the preview's builds carry it
        overrides["PLUGINS"] = [*settings["PLUGINS"], PLUGIN]
        settings = read_settings(settings_path, overrides)
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
        print(
            f"cannot listen on {args.host}:{args.port} ({error.strerror}); "
            f"is another preview running? Try: make serve PORT={args.port + 1}",
            file=sys.stderr,
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
        rebuild(builder, preview, "first build")
        serving.start()
        folders, files = watched_paths(settings, settings_path)
        ignored = {desk.audit_path} if desk is not None else set()
        start_watchers(folders, files, changes, stop, ignored)
        watched = ", ".join(os.path.relpath(p) for p in [*folders, *sorted(files)])
        print(f"watching {watched}", file=sys.stderr)
        if desk is not None:
            print(f"Web desk: {site_url}/admin/", file=sys.stderr)
        print(f"Serving {site_url}/ — Ctrl-C to stop", file=sys.stderr, flush=True)
        while True:
            batch = wait_for_changes(changes)
            rebuild(builder, preview, describe(batch))
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
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
