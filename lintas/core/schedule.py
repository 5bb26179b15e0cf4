"""Moments when the site changes by itself, with no file edited.

An embargo lifting or a story leaving the news sitemap is known to the
incremental layer from the stories themselves; anything else a plugin
publishes on a timetable (an ad starting or ending) is announced here. Each
receiver of ``SCHEDULED_CHANGES`` (a blinker signal: no plugin imports
another) returns the moments after ``now`` at which a build would write
something different; the incremental layer keeps the earliest as the
output's ``valid_until``, so the scheduled rebuild (docs/operations.md) does
not skip a build whose inputs did not change but whose clock did.
"""

from __future__ import annotations

from datetime import datetime

from blinker import signal

# sender: the settings dict; keyword ``now``: the build clock.
# Each receiver returns an iterable of aware datetimes.
SCHEDULED_CHANGES = signal("lintas.scheduled-changes")


def scheduled_changes(settings: dict, now: datetime) -> list[datetime]:
    """Every announced moment after ``now``, earliest first."""
    found: set[datetime] = set()
    for _receiver, answer in SCHEDULED_CHANGES.send(settings, now=now):
        found.update(moment for moment in answer or () if moment > now)
    return sorted(found)
