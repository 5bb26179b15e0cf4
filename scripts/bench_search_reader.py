"""Time a reader's first search on a built site, for several ways of cutting the index.

    .venv/bin/python scripts/bench_search_reader.py OUTPUT --settings SETTINGS
        [--query kotamobagu] [--repeat 5] [--as-published] [--nginx]

``--as-published`` times the site as it is (its own index, nothing re-made);
``--nginx`` serves it with a real nginx on deploy/nginx.conf (as a reader
gets it) instead of Python's HTTP server, and adds a row per variant for a
query *typed* into the search box of ``/cari/`` (from the first key to the
results drawn) beside the page opened with ``?q=``.

For each variant, a copy of OUTPUT (hard links) gets its search index made with
the variant's settings (``python -m lintas.plugins.search_index``), then headless
chromium (Debian's, as in the tests) opens ``/cari/?q=QUERY`` in a fresh browser
context (empty cache) ``--repeat`` times; the time from navigation to the
results on screen (every result's link drawn) is the row. Requests reach a
local HTTP server through a Playwright route, the same for every variant.
Default variants: one bundle, the default chunks, the newest month apart.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "robustness")]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
DEFAULT_VARIANTS = {
    "one bundle": {"SEARCH_INDEX_CHUNK_ARTICLES": 0},
    "chunks (default)": {},
    "chunks, newest month apart": {"SEARCH_INDEX_NEWEST_MONTH_APART": True},
}
SETTLED = """() => {
  const message = document.querySelector('.pagefind-ui__message');
  if (!message || message.textContent.startsWith('Mencari')) return false;
  const results = document.querySelectorAll('.pagefind-ui__result').length;
  return results > 0 && document.querySelectorAll('.pagefind-ui__result-link').length === results;
}"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def index_variant(output: Path, settings: Path, name: str, values: dict, work: Path) -> Path:
    site = work / re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run(["cp", "-al", str(output), str(site)], check=True)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    variant = work / f"{site.name}.py"
    lines = [f"exec(open({str(settings)!r}).read())"]
    lines += [f"{key} = {value!r}" for key, value in values.items()]
    variant.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "lintas.plugins.search_index", str(site)]
    subprocess.run([*command, "--settings", str(variant)], check=True, cwd=ROOT)
    return site


def _origin(site: Path) -> str:
    (home,) = re.findall(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text())
    return home.rstrip("/")


def _python_server(site: Path):
    handler = functools.partial(Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def stop() -> None:
        httpd.shutdown()
        httpd.server_close()

    return f"http://127.0.0.1:{httpd.server_address[1]}", stop


def _nginx_server(site: Path, work: Path):
    from serving import free_port, start_nginx, stop_nginx

    server = start_nginx(work / f"nginx-{site.name}", site, free_port())
    return server.base, lambda: stop_nginx(server)


def first_search(browser, site: Path, query: str, server: str, typed: bool) -> float:
    """Seconds from the navigation (or the first key typed) to the results drawn,
    in a fresh browser context (empty cache)."""
    origin = _origin(site)
    context = browser.new_context()

    def forward(route) -> None:
        # A request may still be going when the context closes.
        with contextlib.suppress(Exception):
            route.fulfill(response=route.fetch(url=server + route.request.url[len(origin) :]))

    context.route(re.compile("^" + re.escape(origin) + "/.*"), forward)
    tab = context.new_page()
    if typed:
        tab.goto(f"{origin}/cari/")
        box = tab.wait_for_selector(".pagefind-ui__search-input", timeout=60_000)
        started = time.perf_counter()
        box.type(query)
    else:
        started = time.perf_counter()
        tab.goto(f"{origin}/cari/?q={quote(query)}")
    tab.wait_for_function(SETTLED, timeout=60_000)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--settings", type=Path, required=True)
    parser.add_argument("--work", type=Path, help="copies of the output (default: beside it)")
    parser.add_argument("--query", default="kotamobagu")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--as-published", action="store_true", help="no variants: the site as is")
    parser.add_argument("--nginx", action="store_true", help="serve with deploy/nginx.conf")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = args.work or args.output.with_name(args.output.name + "-search-variants")
    work.mkdir(parents=True, exist_ok=True)
    if args.as_published:
        sites = {"as published": args.output.resolve()}
    else:
        sites = {
            name: index_variant(args.output.resolve(), args.settings.resolve(), name, values, work)
            for name, values in DEFAULT_VARIANTS.items()
        }
    serve = functools.partial(_nginx_server, work=work) if args.nginx else _python_server
    ways = [("?q=", False), ("typed", True)] if args.nginx else [("?q=", False)]
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    servers = {name: serve(site) for name, site in sites.items()}
    times: dict[tuple[str, str], list[float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.repeat):  # interleaved: the machine's load hits every variant
                for name, site in sites.items():
                    for way, typed in ways:
                        seconds = first_search(browser, site, args.query, servers[name][0], typed)
                        times.setdefault((name, way), []).append(seconds)
            browser.close()
    finally:
        for _base, stop in servers.values():
            stop()
    for (name, way), values in times.items():
        manifest = json.loads((sites[name] / "pagefind" / "bundles.json").read_text())
        bundles = 1 + len(manifest["merge"])
        shown = ", ".join(f"{v:.2f}" for v in values)
        median = statistics.median(values)
        print(f"{name:28} {way:6} {bundles} bundle(s)  median {median:.2f} s  [{shown}]")
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
