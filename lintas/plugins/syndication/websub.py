"""WebSub: tell the hub which feeds changed (``hub.mode=publish``).

The feeds carry ``<atom:link rel="hub">`` when ``WEBSUB_HUB`` is set; after a
deploy ``make ping`` (``scripts/ping_websub.py``) posts every feed URL found in
the built output to the hub, which then fetches them and pushes to subscribers.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .config import SyndicationConfig

TIMEOUT_SECONDS = 15  # per request; hubs answer at once (204) and fetch later


@dataclass(frozen=True)
class PingResult:
    feed_url: str
    status: int | None  # HTTP status, None when the hub could not be reached
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _feed_path_pattern(config: SyndicationConfig) -> re.Pattern:
    """A regex matching exactly the site-relative paths our feeds are written to."""
    folders = []
    for template in config.dirs.values():
        parts = [re.escape(part) for part in template.split("{slug}")]
        folders.append("[^/]+".join(parts))
    names = "|".join(re.escape(name) for name in config.files.values())
    return re.compile(f"^(?:{'|'.join(folders)})(?:{names})$")


def feed_urls(output: str | Path, config: SyndicationConfig) -> list[str]:
    """Absolute URLs of the feeds in a built ``output`` folder, sorted."""
    root = Path(output)
    pattern = _feed_path_pattern(config)
    found = (path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    return sorted(config.url(path) for path in found if pattern.match(path))


def ping(hub: str, feed_url: str, timeout: float = TIMEOUT_SECONDS) -> PingResult:
    """One ``hub.mode=publish`` POST (WebSub §7 / PubSubHubbub 0.4)."""
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode()
    request = urllib.request.Request(
        hub,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return PingResult(feed_url, response.status)
    except urllib.error.HTTPError as error:
        return PingResult(feed_url, error.code, str(error.reason))
    except (urllib.error.URLError, OSError) as error:
        return PingResult(feed_url, None, str(getattr(error, "reason", error)))


def ping_all(hub: str, urls: list[str], timeout: float = TIMEOUT_SECONDS) -> list[PingResult]:
    return [ping(hub, url, timeout) for url in urls]
