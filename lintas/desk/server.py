"""The desk's part of the preview server, and decap-server beside it.

``lintas serve --desk`` answers ``/admin/`` itself:

- ``/admin/`` the page, ``/admin/decap/…`` the vendored Decap CMS bundle,
  ``/admin/desk.js`` and ``desk.css`` ours, ``/admin/config.yml`` and
  ``/admin/desk-data.js`` generated now from the settings and catalogs;
- ``POST /admin/api/v1``: Decap's proxy-backend API. We check each request
  and forward it to ``decap-server`` (file-system mode, bound to 127.0.0.1
  on a port of its own), which writes into the content folder;
- ``/admin/check?path=…``: the problems of one saved story, from the rules
  (``lintas check``) and from the last build, for the preview pane.

Who is saving: nginx in front (basic auth, one login per reporter) passes
the login as ``X-Remote-User``; the login's role comes from ``DESK_USERS``.
A request without that header came from this machine, straight to the
server, and gets ``DESK_LOCAL_ROLE``. The desk answers nobody but this
machine: on a newsroom LAN nginx, on the same machine, is the way in.
Only an editor may save a story as published that was not published before
(or delete a published one); every save, allowed or refused, is one JSON
line in ``DESK_AUDIT_LOG``.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from lintas.core.frontmatter import parse_front_matter

from . import config as desk_config
from .locale import decap_locale, desk_strings, translator
from .settings import ROLES

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR = HERE / "vendor" / "decap_cms"
PREFIX = "/admin/"
DECAP_SERVER_VERSION = "3.11.3"  # what `npm install decap-server@…` the docs name
START_TIMEOUT_S = 30
FORWARD_TIMEOUT_S = 60
# Requests that write or delete, and the parameters naming what they touch.
WRITES = {"persistEntry", "persistMedia", "deleteFile", "deleteFiles"}


class DeskError(Exception):
    """The desk cannot start; the message says what to do."""


@dataclass(frozen=True)
class DeskUser:
    login: str
    name: str
    role: str

    @property
    def is_editor(self) -> bool:
        return self.role == "editor"


def find_decap_server(settings: dict, settings_path: Path) -> Path:
    given = settings["DESK_DECAP_SERVER"]
    candidates = (
        [Path(given)]
        if given
        else [
            folder / "node_modules" / "decap-server" / "dist" / "index.js"
            for folder in (settings_path.parent, Path.cwd())
        ]
    )
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    raise DeskError(
        f"decap-server is not installed (looked for {', '.join(map(str, candidates))}) — "
        f"run 'npm install --save-exact decap-server@{DECAP_SERVER_VERSION}' in the portal folder"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DecapServer:
    """decap-server in file-system mode, writing into the content folder."""

    def __init__(self, script: Path, content: Path, log: Path | None = None):
        node = shutil.which("node")
        if node is None:
            raise DeskError(
                "lintas serve --desk needs Node.js for decap-server — "
                "install it (Debian: apt-get install nodejs)"
            )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        env = {
            **os.environ,
            "PORT": str(self.port),
            "BIND_HOST": "127.0.0.1",  # never reachable but through our checks
            "MODE": "fs",
            "GIT_REPO_DIRECTORY": str(content),
            "LOG_LEVEL": "warn",
        }
        output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        # cwd: decap-server reads a .env file from there; the content has none.
        self.process = subprocess.Popen(
            [node, str(script)], env=env, cwd=content, stdout=output, stderr=subprocess.STDOUT
        )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.process.poll() is not None:
                raise DeskError(f"decap-server stopped at once (exit {self.process.returncode})")
            try:
                self.call({"action": "info", "params": {"branch": "main"}})
                return
            except OSError as error:
                if time.monotonic() > deadline:
                    self.stop()
                    raise DeskError(
                        f"decap-server did not answer within {START_TIMEOUT_S} s"
                    ) from error
                time.sleep(0.1)

    def call(self, payload: dict) -> tuple[int, bytes]:
        return self.forward(json.dumps(payload).encode("utf-8"))

    def forward(self, body: bytes) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=FORWARD_TIMEOUT_S) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def story_status(text: str) -> str:
    """The status the build gives a story: its Status line, else published."""
    found = parse_front_matter(text).first("status")
    value = found.value.strip().lower() if found else ""
    return value or "published"


class Desk:
    def __init__(self, settings: dict, settings_path: Path, output: Path, preview) -> None:
        self.settings = settings
        self.content = Path(settings["PATH"]).resolve()
        self.articles = settings["ARTICLE_PATHS"][0].strip("/") + "/"
        self.output = output
        self.preview = preview  # serve.Preview: the last build's problems
        self.language = settings["UI_LANGUAGE"]
        self._ = translator(self.language)
        self.audit_path = self.content / settings["DESK_AUDIT_LOG"]
        self.audit_lock = threading.Lock()
        self.check_lock = threading.Lock()
        self.users = self._users(settings["DESK_USERS"])
        self.local_role = settings["DESK_LOCAL_ROLE"]
        if self.local_role not in ROLES:
            raise DeskError(f"DESK_LOCAL_ROLE = {self.local_role!r}: use one of {ROLES}")
        self.script = find_decap_server(settings, settings_path)
        self.decap: DecapServer | None = None
        self.last_saved: dict[str, str] = {}  # login -> the story it saved last

    @staticmethod
    def _users(given: dict) -> dict[str, DeskUser]:
        users = {}
        for login, about in given.items():
            role = about.get("role") if isinstance(about, dict) else None
            if role not in ROLES:
                raise DeskError(
                    f"DESK_USERS[{login!r}]: role {role!r} — give each login "
                    f"{{'name': …, 'role': one of {', '.join(ROLES)}}}"
                )
            users[login] = DeskUser(login, about.get("name", login), role)
        return users

    def start(self, log: Path | None = None) -> None:
        self.decap = DecapServer(self.script, self.content, log)

    def stop(self) -> None:
        if self.decap is not None:
            self.decap.stop()

    # --- who is asking -------------------------------------------------------

    def identify(self, client: str, headers) -> DeskUser | None:
        """The user behind a request, or None when it must be refused."""
        if not ipaddress.ip_address(client.removeprefix("::ffff:")).is_loopback:
            return None  # straight from the LAN: only nginx (on this machine) may pass
        login = (headers.get("X-Remote-User") or "").strip()
        if login:
            return self.users.get(login)
        if headers.get("X-Forwarded-For"):
            return None  # came through a proxy that did not say who logged in
        return DeskUser("", self._("user.local"), self.local_role)

    # --- HTTP ------------------------------------------------------------------

    def handle_get(self, handler) -> bool:
        path = urlsplit(handler.path).path
        if not path.startswith(PREFIX) and path != PREFIX.rstrip("/"):
            return False
        user = self.identify(handler.client_address[0], handler.headers)
        if user is None:
            self._refuse(handler, HTTPStatus.FORBIDDEN, self._("refuse.who"))
            return True
        name = path[len(PREFIX) :]
        if path == PREFIX.rstrip("/"):
            handler.send_response(HTTPStatus.MOVED_PERMANENTLY)
            handler.send_header("Location", PREFIX)
            handler.end_headers()
        elif name in ("", "index.html"):
            self._send(handler, "text/html; charset=utf-8", self.index_page())
        elif name == "config.yml":
            config = desk_config.decap_config(self.settings, self._, self.language)
            self._send(handler, "text/yaml; charset=utf-8", self._json(config))
        elif name == "desk-data.js":
            self._send(handler, "text/javascript; charset=utf-8", self.desk_data(user))
        elif name == "check":
            asked = parse_qs(urlsplit(handler.path).query).get("path", [""])[0]
            self._send(handler, "application/json", self._json(self.check(asked)))
        elif name == "last-saved":
            path = self.last_saved.get(user.login)
            self._send(handler, "application/json", self._json({"path": path}))
        elif name in ("desk.js", "desk.css"):
            self._file(handler, STATIC / name)
        elif name.startswith("decap/") and "/" not in name[6:]:
            self._file(handler, VENDOR / name[6:])
        else:
            handler.send_error(HTTPStatus.NOT_FOUND)
        return True

    def handle_post(self, handler) -> bool:
        if urlsplit(handler.path).path != desk_config.API_PATH:
            return False
        user = self.identify(handler.client_address[0], handler.headers)
        if user is None:
            self._refuse(handler, HTTPStatus.FORBIDDEN, self._("refuse.who"))
            return True
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        try:
            request = json.loads(body)
            action = request["action"]
            params = request.get("params") or {}
        except (ValueError, KeyError, TypeError):
            self._refuse(handler, HTTPStatus.BAD_REQUEST, "not a Decap API request")
            return True
        if action in WRITES:
            refusal = self.refusal(user, action, params)
            self.audit(user, action, params, refusal)
            if refusal:
                self._refuse(handler, HTTPStatus.FORBIDDEN, refusal)
                return True
        status, answer = self.decap.forward(body)
        if action == "persistEntry" and status == HTTPStatus.OK:
            saved = self._touched(action, params)[0]
            self.last_saved[user.login] = saved.get("new_path") or saved["path"]
        self._send(handler, "application/json", answer, status)
        return True

    # --- the rules ---------------------------------------------------------------

    def _touched(self, action: str, params: dict) -> list[dict]:
        """What a write request changes: ``{"path", "raw"?, "new_path"?}`` each."""
        if action == "persistEntry":
            files = params.get("dataFiles") or [params.get("entry") or {}]
            touched = [
                {"path": f.get("path", ""), "raw": f.get("raw", ""), "new_path": f.get("newPath")}
                for f in files
            ]
            return touched + [{"path": a.get("path", "")} for a in params.get("assets") or []]
        if action == "persistMedia":
            return [{"path": (params.get("asset") or {}).get("path", "")}]
        if action == "deleteFile":
            return [{"path": params.get("path", "")}]
        return [{"path": p} for p in params.get("paths") or []]

    def _status_on_disk(self, relative: str) -> str | None:
        """The status of the story a content path belongs to, None if there is none."""
        target = self.content / relative
        index = target if target.name == "index.md" else target.parent / "index.md"
        try:
            return story_status(index.read_text(encoding="utf-8"))
        except OSError:
            return None

    def refusal(self, user: DeskUser, action: str, params: dict) -> str | None:
        """Why this user may not make this write, or None."""
        for item in self._touched(action, params):
            for path in filter(None, (item["path"], item.get("new_path"))):
                if not path.startswith(self.articles) or ".." in Path(path).parts:
                    return self._("refuse.where").replace("%{path}", path)
            if "raw" in item and Path(item.get("new_path") or item["path"]).name != "index.md":
                return self._("refuse.name").replace("%{path}", item["path"])
        if user.is_editor:
            return None
        for item in self._touched(action, params):
            before = self._status_on_disk(item["path"])
            if "raw" in item:
                if story_status(item["raw"]) == "published" and before != "published":
                    return self._("refuse.publish").replace("%{name}", user.name)
            elif action.startswith("delete") and before == "published":
                return self._("refuse.delete").replace("%{name}", user.name)
        return None

    def audit(self, user: DeskUser, action: str, params: dict, refusal: str | None) -> None:
        now = datetime.now(ZoneInfo(self.settings["TIMEZONE"])).isoformat(timespec="seconds")
        entry = {
            "time": now,
            "login": user.login,
            "name": user.name,
            "role": user.role,
            "action": action,
            "paths": [i.get("new_path") or i["path"] for i in self._touched(action, params)],
        }
        statuses = [story_status(i["raw"]) for i in self._touched(action, params) if "raw" in i]
        if statuses:
            entry["status"] = statuses[0]
        entry["result"] = f"refused: {refusal}" if refusal else "ok"
        line = json.dumps(entry, ensure_ascii=False)
        with self.audit_lock, self.audit_path.open("a", encoding="utf-8") as log:
            log.write(line + "\n")

    # --- generated files ---------------------------------------------------------

    def check(self, relative: str) -> dict:
        """The problems of one saved story: the rules now, and the last build."""
        from lintas.plugins.newsroom.check import check_content

        if not relative.startswith(self.articles) or ".." in Path(relative).parts:
            return {"status": None, "problems": []}
        source = self.content / relative
        if not source.is_file():
            return {"status": None, "problems": []}
        with self.check_lock:
            problems = [str(p) for p in check_content(self.settings, [source])]
        build = json.loads(self.preview.as_json())
        for entry in build.get("problems", []):
            where = str(entry.get("path", ""))
            ours = where and (where == str(source) or where.endswith("/" + relative))
            if ours and entry["text"] not in problems:
                problems.append(entry["text"])
        return {
            "status": story_status(source.read_text(encoding="utf-8")),
            "problems": problems,
            "build_error": build.get("error"),
        }

    def stylesheets(self) -> list[str]:
        """The site's own styles, as the last build wrote them (for the preview pane)."""
        folder = self.output / self.settings.get("THEME_STATIC_DIR", "theme") / "css"
        return (
            sorted("/" + p.relative_to(self.output).as_posix() for p in folder.glob("*.css"))
            if folder.is_dir()
            else []
        )

    def desk_data(self, user: DeskUser) -> bytes:
        data = {
            "language": self.language,
            "locale": decap_locale(self.language),
            "strings": desk_strings(self.language),
            "fields": desk_config.desk_fields(),
            "headerField": desk_config.HEADER_FIELD,
            "folder": self.articles.rstrip("/"),
            "advertorial": self.settings["ADVERTORIAL_CATEGORY"],
            "styles": self.stylesheets(),
            "checkUrl": PREFIX + "check",
            "lastSavedUrl": PREFIX + "last-saved",
            "user": {"login": user.login, "name": user.name, "role": user.role},
        }
        return b"window.LINTAS_DESK = " + self._json(data) + b";\n"

    def index_page(self) -> bytes:
        title = f"{self._('desk.title')} — {self.settings['SITENAME']}"
        return f"""<!doctype html>
<html lang="{self.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="cms-config-url" type="text/yaml" href="{PREFIX}config.yml">
<link rel="stylesheet" href="{PREFIX}desk.css">
</head>
<body>
<script src="{PREFIX}desk-data.js"></script>
<script src="{PREFIX}decap/decap-cms.js"></script>
<script src="{PREFIX}desk.js"></script>
</body>
</html>
""".encode()

    # --- plumbing ----------------------------------------------------------------

    @staticmethod
    def _json(data: object) -> bytes:
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    def _refuse(self, handler, code: HTTPStatus, message: str) -> None:
        self._send(handler, "application/json", self._json({"error": message}), code)

    @staticmethod
    def _send(handler, content_type: str, body: bytes, code: int = HTTPStatus.OK) -> None:
        handler.send_response(code)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)

    def _file(self, handler, path: Path) -> None:
        if not path.is_file():
            handler.send_error(HTTPStatus.NOT_FOUND)
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith("javascript"):
            kind += "; charset=utf-8"
        self._send(handler, kind, path.read_bytes())
