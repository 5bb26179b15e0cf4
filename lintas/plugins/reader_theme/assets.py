"""The theme's CSS and JS under content-hashed names, so the web server can
serve them ``immutable`` for a year (deploy/nginx.conf: names matching
``\\.[0-9a-f]{8}\\.(css|js)$``).

``css/lintas.css`` is published a second time as ``css/lintas.<hash8>.css``,
the hash being the first 8 hex digits of the SHA-256 of its bytes. Templates
link the hashed name through the Jinja global ``asset('css/lintas.css')``: a
changed file gets a new name, which changes every page that links it (the
theme's static files are in plugins/incremental's build fingerprint), so a
reader's browser never keeps a stale stylesheet. The plain names stay
published (Pelican copies them) for anything outside the theme that links them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

HASH_LENGTH = 8
HASHED_SUFFIXES = (".css", ".js")


class AssetError(Exception):
    """A template asked for a file the theme does not have."""


def hashed_name(relative: str, data: bytes) -> str:
    """``css/lintas.css`` → ``css/lintas.<8 hex digits>.css``."""
    stem, dot, suffix = relative.rpartition(".")
    if not dot or "/" in suffix:
        raise AssetError(f"theme asset '{relative}' has no file extension")
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return f"{stem}.{digest}.{suffix}"


class ThemeAssets:
    """The hashed names of one theme's static files, each file read once per build."""

    def __init__(self, static_dir: Path):
        self.static_dir = static_dir
        self._names: dict[str, str] = {}

    def name(self, relative: str) -> str:
        """The hashed path of ``relative`` (a path under the theme's ``static/``)."""
        found = self._names.get(relative)
        if found is None:
            source = self.static_dir / relative
            if source.suffix not in HASHED_SUFFIXES or not source.is_file():
                raise AssetError(
                    f"asset('{relative}'): no CSS or JS file {source} in the theme — "
                    "check the path (relative to the theme's static folder)"
                )
            found = self._names[relative] = hashed_name(relative, source.read_bytes())
        return found

    def every(self) -> list[str]:
        """Every CSS and JS file of the theme, as paths under ``static/``, sorted."""
        return sorted(
            path.relative_to(self.static_dir).as_posix()
            for path in self.static_dir.rglob("*")
            if path.suffix in HASHED_SUFFIXES and path.is_file()
        )

    def publish(self, target: Path) -> list[Path]:
        """Write every CSS/JS file under its hashed name into ``target`` (the
        output's copy of the static folder). All of them, not only those a page
        asked for: an incremental build that renders no page must still publish
        the names its kept pages link."""
        written = []
        for relative in self.every():
            destination = target / self.name(relative)
            destination.parent.mkdir(parents=True, exist_ok=True)
            data = (self.static_dir / relative).read_bytes()
            if not destination.is_file() or destination.read_bytes() != data:
                temporary = destination.with_name(f".{destination.name}.tmp-{os.getpid()}")
                temporary.write_bytes(data)
                os.replace(temporary, destination)
            written.append(destination)
        return written
