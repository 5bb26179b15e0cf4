"""Rules that need more than one file or the clock: duplicate slugs, embargo.

Shared by the Pelican signal handlers and ``lintas check``.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from .messages import msg
from .problems import Problem


def build_clock(settings: dict) -> datetime:
    """The build's idea of now; ``NEWSROOM_NOW`` freezes it (tests, replays)."""
    frozen = settings.get("NEWSROOM_NOW")
    zone = ZoneInfo(settings["TIMEZONE"])
    if frozen:
        moment = datetime.fromisoformat(frozen)
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return datetime.now(zone)


def is_embargoed(metadata: dict, now: datetime) -> bool:
    date = metadata.get("date")
    return isinstance(date, datetime) and date > now


class SlugRegistry:
    """Remembers which file claimed each slug first, per kind."""

    def __init__(self) -> None:
        self._owners: dict[tuple[str, str], str] = {}

    def claim(self, kind: str, slug: str, source: str) -> Problem | None:
        owner = self._owners.setdefault((kind, slug), source)
        if owner == source:
            return None
        return Problem(
            source,
            0,
            msg("slug '%(slug)s' is already used by %(owner)s", slug=slug, owner=owner),
            msg("rename this article's folder (or set a different 'Slug:')"),
        )
