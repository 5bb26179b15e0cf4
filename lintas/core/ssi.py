"""The one piece of nginx Server Side Includes the theme uses, for servers that
are not nginx: ``<!--# include virtual="/_iklan/artikel.html" -->``.

Pages carry ad slots as SSI directives (lintas/plugins/ads): in production
nginx replaces each with the fragment file (``ssi on`` in deploy/nginx.conf).
``lintas serve`` (the editors' preview) and the theme's browser tests serve
with Python's http.server and expand them here the same way: the file's
bytes in place of the directive, nothing when the file is missing (nginx's
``ssi_silent_errors on``). One level, as the fragments include nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

INCLUDE = re.compile(rb'<!--#\s*include\s+virtual="(?P<path>[^"]+)"\s*-->')


def expand_includes(html: bytes, read: Callable[[str], bytes | None]) -> bytes:
    """``html`` with every include directive replaced by ``read(virtual path)``."""
    if b"<!--#" not in html:
        return html
    return INCLUDE.sub(lambda m: read(m.group("path").decode("utf-8")) or b"", html)


def file_reader(root: Path, site_path: str = "") -> Callable[[str], bytes | None]:
    """Virtual paths (``/<site_path>/_iklan/x.html``) read from the output ``root``;
    None for anything outside it or missing."""
    base = root.resolve()
    prefix = "/" + site_path.strip("/") if site_path.strip("/") else ""

    def read(virtual: str) -> bytes | None:
        path = unquote(virtual.split("?", 1)[0])
        if prefix and path.startswith(prefix + "/"):
            path = path[len(prefix) :]
        target = (base / path.lstrip("/")).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return None
        return target.read_bytes()

    return read
