"""plugins/incremental/speedups.py gives exactly what Pelican's own code gives."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from incremental.speedups import MemberList, fast_period_archives
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG


class Story:
    """Like a Pelican article as far as the archive code looks: a date, no __eq__."""

    def __init__(self, date: datetime):
        self.date = date


def stories(count: int) -> list[Story]:
    rnd = random.Random(7)
    start = datetime(2016, 1, 1)
    made = [Story(start + timedelta(hours=rnd.randrange(24 * 400))) for _ in range(count)]
    return sorted(made, key=lambda s: s.date, reverse=True)


def test_member_list_is_the_list_with_identity_membership():
    items = stories(50)
    members = MemberList(items[::3])
    assert list(members) == items[::3]
    assert [s for s in items if s in members] == [s for s in items if s in items[::3]]
    assert Story(items[0].date) not in members  # an equal-looking other object is not a member


def test_period_archives_equal_pelicans():
    dates = stories(400)
    articles = sorted(dates, key=lambda s: s.date.minute)  # another order, as Pelican's may be
    settings = {
        **DEFAULT_CONFIG,
        "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
        "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
        "DAY_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html",
    }
    generator = object.__new__(ArticlesGenerator)  # no __init__: only the method is used
    original = ArticlesGenerator._build_period_archives.__get__(generator)
    expected = original(dates, articles, settings)
    generator._build_period_archives = original
    fast_period_archives(generator)
    found = generator._build_period_archives(dates, articles, settings)
    assert set(found) == set(expected) == {"year", "month", "day"}
    for granularity in expected:
        assert len(found[granularity]) == len(expected[granularity])
        for mine, theirs in zip(found[granularity], expected[granularity], strict=True):
            assert mine.keys() == theirs.keys()
            for key in theirs:
                if key in ("dates", "articles"):
                    assert [id(a) for a in mine[key]] == [id(a) for a in theirs[key]], key
                else:
                    assert mine[key] == theirs[key], key
