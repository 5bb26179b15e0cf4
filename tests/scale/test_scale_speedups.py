"""The speed-ups (plugins/incremental/speedups.py, lintas/pelican_compat.py) give
exactly what Pelican's own code gives."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG

from lintas.pelican_compat import linear_period_archives
from lintas.plugins.incremental.speedups import MemberList, member_list


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
    members = member_list(items[::3])
    assert isinstance(members, MemberList)
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
    linear_period_archives(generator)
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


# --- plugins/reader_theme related_articles: the faster ranking, the same result ----


def reference_related(articles, count, window):
    """The ranking as written before it was made faster (kept here to compare)."""
    from collections import Counter, defaultdict

    from lintas.plugins.reader_theme.listing import _windows

    def same_kind(a, b):
        return bool(getattr(a, "is_advertorial", False)) == bool(
            getattr(b, "is_advertorial", False)
        )

    by_tag, by_category = defaultdict(list), defaultdict(list)
    for article in sorted(articles, key=lambda a: a.date):
        for tag in getattr(article, "tags", ()):
            by_tag[tag].append(article)
        by_category[getattr(article, "category", None)].append(article)
    near_in_tag, near_in_category = _windows(by_tag, window), _windows(by_category, window)
    result = {}
    for article in articles:
        category = getattr(article, "category", None)
        candidates, scores = {}, Counter()
        for tag in getattr(article, "tags", ()):
            for other in near_in_tag(tag, article):
                if other is not article and same_kind(article, other):
                    candidates[id(other)] = other
                    scores[id(other)] += 2
        for key, other in candidates.items():
            if getattr(other, "category", None) == category:
                scores[key] += 1

        def distance(other, article=article):
            return abs((other.date - article.date).total_seconds())

        ranked = sorted(candidates.values(), key=lambda o: (-scores[id(o)], distance(o)))[:count]
        if len(ranked) < count:
            chosen = {id(o) for o in ranked}
            fill = sorted(
                (
                    o
                    for o in near_in_category(category, article)
                    if o is not article and id(o) not in chosen and same_kind(article, o)
                ),
                key=distance,
            )
            ranked.extend(fill[: count - len(ranked)])
        result[id(article)] = ranked
    return result


def test_related_articles_rank_as_before():
    from zoneinfo import ZoneInfo

    from pelican.urlwrappers import Category, Tag

    from lintas.plugins.reader_theme.listing import related_articles

    rnd = random.Random(11)
    zone = ZoneInfo("Asia/Makassar")
    settings = dict(DEFAULT_CONFIG)
    categories = [Category(name, settings) for name in ("Ekonomi", "Olahraga", "Advertorial")]
    tags = [Tag(f"topik {n}", settings) for n in range(12)]
    start = datetime(2016, 1, 1, tzinfo=zone)
    pool = []
    for n in range(600):
        story = Story(start + timedelta(minutes=30 * rnd.randrange(400)))  # many equal times
        story.category = Category(rnd.choice(categories).name, settings)  # equal, not identical
        story.tags = rnd.sample(tags, rnd.randrange(0, 4))
        story.is_advertorial = story.category.name == "Advertorial"
        story.n = n
        pool.append(story)
    for window in (3, 30):
        mine = related_articles(pool, 4, window)
        theirs = reference_related(pool, 4, window)
        assert {k: [s.n for s in v] for k, v in mine.items()} == {
            k: [s.n for s in v] for k, v in theirs.items()
        }
