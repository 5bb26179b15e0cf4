"""Indonesian dates through Babel, never through OS locales.

Newsroom style: ``Jumat, 2 September 2016 · 10.00 WITA``. Babel's ``full``
pattern pads the day (``02``), which is not how the portal writes it.
"""

from __future__ import annotations

import functools
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

DATE_PATTERN = "EEEE, d MMMM y"
TIME_PATTERN = "HH.mm"


def _local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


def make_filters(settings: dict) -> dict:
    """Jinja filters bound to the site's timezone, label and locale."""
    timezone = settings["TIMEZONE"]
    label = settings["TIMEZONE_LABEL"]
    locale = settings["DATE_LOCALE"]

    # Memoized per build: a story's date is printed on its page and on every
    # list it appears in, and Babel takes ~40 µs per call (a measured hot spot:
    # ~5% of a cold build, BENCHMARKS.md).
    @functools.cache
    def tanggal(moment: datetime) -> str:
        return format_date(_local(moment, timezone), DATE_PATTERN, locale=locale)

    @functools.cache
    def jam(moment: datetime) -> str:
        local = _local(moment, timezone)
        return f"{format_time(local, TIME_PATTERN, locale=locale)} {label}"

    def tanggal_jam(moment: datetime) -> str:
        return f"{tanggal(moment)} · {jam(moment)}"

    @functools.cache
    def bulan_tahun(moment: datetime) -> str:
        return format_date(_local(moment, timezone), "MMMM y", locale=locale)

    @functools.cache
    def iso(moment: datetime) -> str:
        return _local(moment, timezone).isoformat(timespec="seconds")

    return {
        "tanggal": tanggal,
        "jam": jam,
        "tanggal_jam": tanggal_jam,
        "bulan_tahun": bulan_tahun,
        "iso": iso,
    }
