"""A real nginx running deploy/nginx.conf, and a real chromium visiting it:
shared by the serving test and the hostile corpus's browser check."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from sitebuild import ROOT

NGINX = Path("/usr/sbin/nginx")
CONF = ROOT / "deploy" / "nginx.conf"
START_SECONDS = 30  # upper bound for nginx to accept connections or reload
PAGE_TIMEOUT_MS = 10_000
# ``wait_for`` value meaning: no selector, but let every request settle
# (asynchronous work such as Pagefind loading its WebAssembly).
NETWORK_IDLE = "networkidle"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render_conf(root: Path, port: int, csp_without: str = "", text: str | None = None) -> str:
    text = CONF.read_text(encoding="utf-8") if text is None else text
    text = text.replace("@SITE_ROOT@", str(root)).replace("@LISTEN@", f"127.0.0.1:{port}")
    text = text.replace("@SERVER_NAME@", "localhost")
    if csp_without:
        assert csp_without in text
        text = text.replace(f" {csp_without}", "")
    return text


@dataclass
class Server:
    port: int
    root: Path
    process: subprocess.Popen
    error_log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _directives() -> str:
    # As root nginx hands requests to an unprivileged worker user that cannot
    # enter pytest's private temp folders; the test's nginx keeps root's.
    return "daemon off;" + (" user root;" if os.geteuid() == 0 else "")


def check_conf(prefix: Path, text: str) -> subprocess.CompletedProcess:
    """``nginx -t`` on ``text`` (a rendered configuration) with prefix ``prefix``."""
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    (prefix / "temp").mkdir(exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    error_log = prefix / "logs" / "error.log"
    command = [str(NGINX), "-p", str(prefix), "-c", str(conf), "-e", str(error_log)]
    return subprocess.run([*command, "-g", _directives(), "-t"], capture_output=True, text=True)


def start_nginx(
    prefix: Path, root: Path, port: int, csp_without: str = "", text: str | None = None
) -> Server:
    """nginx on ``deploy/nginx.conf`` (or on ``text``, an already rendered one)."""
    assert NGINX.exists(), f"{NGINX} is missing: run `make system-deps`"
    rendered = render_conf(root, port, csp_without) if text is None else text
    check = check_conf(prefix, rendered)
    assert check.returncode == 0, check.stderr
    conf = prefix / "nginx.conf"
    error_log = prefix / "logs" / "error.log"
    directives = _directives()
    command = [str(NGINX), "-p", str(prefix), "-c", str(conf), "-e", str(error_log)]
    process = subprocess.Popen([*command, "-g", directives], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + START_SECONDS
    while True:
        assert process.poll() is None, process.stderr.read()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "nginx did not start listening"
            time.sleep(0.05)
    return Server(port, root, process, error_log)


def stop_nginx(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=START_SECONDS)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def get(server: Server, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


CSP_LISTENER = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + e.sourceFile);
});
"""


def visit(browser, url: str, wait_for: str | None = None) -> list[str]:
    """Load ``url``; everything that went wrong: CSP violations, console errors,
    uncaught exceptions, failed requests. ``wait_for``: a selector that must
    appear (content scripts build, e.g. search results), or ``NETWORK_IDLE``."""
    return visit_all(browser, {url: wait_for})[url]


def visit_all(browser, urls: dict[str, str | None]) -> dict[str, list[str]]:
    """``visit`` for several pages, one after the other in one browser tab."""
    context = browser.new_context()
    page = context.new_page()
    found: dict[str, list[str]] = {}
    current = {"url": "", "problems": []}

    def note(text: str) -> None:
        current["problems"].append(text)

    def on_console(message) -> None:
        # A 404 page is loaded with status 404, and chromium says so; that one is expected.
        if message.type == "error" and message.location.get("url") != current["url"]:
            note(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: note(f"exception: {e}"))
    # ERR_ABORTED: a request the next navigation cancelled (a favicon, say), not
    # a failure of the site; blocked requests say ERR_BLOCKED_BY_CSP and count.
    page.on(
        "requestfailed",
        lambda r: "ERR_ABORTED" not in (r.failure or "") and note(f"failed: {r.url} {r.failure}"),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and r.url != current["url"] and note(f"{r.status}: {r.url}"),
    )
    page.add_init_script(CSP_LISTENER)  # runs again on every navigation
    try:
        for url, wait_for in urls.items():
            current.update(url=url, problems=[])
            page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
            if wait_for and wait_for != NETWORK_IDLE:
                page.wait_for_selector(wait_for, timeout=PAGE_TIMEOUT_MS)
            if wait_for:
                page.wait_for_load_state(NETWORK_IDLE, timeout=PAGE_TIMEOUT_MS)
            note_all = [f"CSP: {v}" for v in page.evaluate("window.__violations")]
            found[url] = current["problems"] + note_all
    finally:
        context.close()
    return found


def reconfigure(server: Server, csp_without: str = "") -> None:
    """Rewrite the running nginx's configuration and reload it (SIGHUP), then
    wait until responses carry the new policy."""
    conf = server.error_log.parent.parent / "nginx.conf"
    text = render_conf(server.root, server.port, csp_without)
    conf.write_text(text, encoding="utf-8")
    policy = re.search(r'map \$host \$lintas_csp \{\s*default "([^"]+)"', text)[1]
    server.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + START_SECONDS
    while get(server, "/")[1]["content-security-policy"] != policy:
        assert time.monotonic() < deadline, "nginx did not reload its configuration"
        time.sleep(0.05)


TLS_BLOCK = re.compile(r"# TLS-EXAMPLE-BEGIN\n(.*?)\n[ \t]*# TLS-EXAMPLE-END", re.S)


def with_tls_example(rendered: str, cert: Path, key: str | Path, port: int) -> str:
    """``rendered`` (a rendered configuration) with its commented HTTP/2 + TLS
    server uncommented, listening on 127.0.0.1:``port`` with ``cert``/``key``."""
    match = TLS_BLOCK.search(rendered)
    assert match, "deploy/nginx.conf has no TLS-EXAMPLE-BEGIN/END block"
    lines = [re.sub(r"^(\s*)# ?", r"\1", line) for line in match[1].splitlines()]
    block = "\n".join(line for line in lines if "[::]" not in line)  # no IPv6 here
    block = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", block)
    block = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", block)
    assert "listen 443 ssl http2;" in block, block
    block = block.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;")
    return rendered.replace(match[1], block)
