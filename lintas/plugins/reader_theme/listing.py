"""What the reader theme lists beside a story, worked out once per build.

Pure functions over Pelican's article objects (anything with ``date``,
``category``, ``tags`` and ``is_advertorial``), so the rules can be tested
without building a site.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pelican.urlwrappers import URLWrapper

# A shared tag says more about a story's subject than a shared category
# (every council story is "Pemerintahan"); the category only breaks ties.
TAG_WEIGHT = 2
CATEGORY_WEIGHT = 1
# Stories looked at on each side in time, per shared tag or category.
RELATED_WINDOW = 30
_MICROSECOND = timedelta(microseconds=1)


class Region(URLWrapper):
    """A region page, /wilayah/<slug>/ (``REGION_URL``/``REGION_SAVE_AS``)."""


def _windows(groups: dict[Any, list[Any]], window: int):
    """For each group (sorted by date), a function giving an article's nearest
    ``window`` neighbours in time on each side within that group."""
    positions = {key: {id(a): i for i, a in enumerate(members)} for key, members in groups.items()}

    def near(key: Any, article: Any) -> list[Any]:
        members = groups[key]
        index = positions[key][id(article)]
        return members[max(0, index - window) : index + window + 1]

    return near


def related_articles(
    articles: Sequence[Any], count: int, window: int = RELATED_WINDOW
) -> dict[int, list[Any]]:
    """``id(article) -> up to count related articles``, best first.

    Ranked by shared tags, then same category, then closeness in time; stories
    of the same category fill the list when too few share a tag. Only the
    ``window`` stories nearest in time on each side of a tag or category are
    looked at: a popular tag holds hundreds of stories, and comparing all of
    them with each other made a 3,000-story build 10 s slower.
    """
    by_tag: dict[Any, list[Any]] = defaultdict(list)
    by_category: dict[Any, list[Any]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.date):
        for tag in getattr(article, "tags", ()):
            by_tag[tag].append(article)
        by_category[getattr(article, "category", None)].append(article)
    near_in_tag = _windows(by_tag, window)
    near_in_category = _windows(by_category, window)

    # What the ranking compares, worked out once per story: a 3,000-story build
    # spent 1.9 s here comparing Category objects and subtracting datetimes
    # (BENCHMARKS.md, profiling). Distances are exact integers (microseconds).
    # Dewan Pers PPMS 6a: news and paid content stay apart, also in "related".
    paid = {id(a): bool(getattr(a, "is_advertorial", False)) for a in articles}
    origin = min((a.date for a in articles), default=None)
    when = {id(a): (a.date - origin) // _MICROSECOND for a in articles}
    section = {id(a): _category_key(getattr(a, "category", None)) for a in articles}

    result: dict[int, list[Any]] = {}
    for article in articles:
        me = id(article)
        kind, moment, own_section = paid[me], when[me], section[me]
        found: dict[int, Any] = {}  # insertion order breaks ties, as it always did
        scores: dict[int, int] = {}
        for tag in getattr(article, "tags", ()):
            for other in near_in_tag(tag, article):
                key = id(other)
                if key != me and paid[key] == kind:
                    found[key] = other
                    scores[key] = scores.get(key, 0) + TAG_WEIGHT
        for key in scores:
            if section[key] == own_section:
                scores[key] += CATEGORY_WEIGHT
        order = sorted(found, key=lambda k: (-scores[k], abs(when[k] - moment)))[:count]
        ranked = [found[key] for key in order]
        if len(ranked) < count:
            chosen = set(order)
            fill = sorted(
                (
                    o
                    for o in near_in_category(getattr(article, "category", None), article)
                    if id(o) != me and id(o) not in chosen and paid[id(o)] == kind
                ),
                key=lambda o: abs(when[id(o)] - moment),
            )
            ranked.extend(fill[: count - len(ranked)])
        result[me] = ranked
    return result


def _category_key(category: Any) -> Any:
    """Equal keys for equal categories: Pelican's Category compares by slug."""
    if isinstance(category, URLWrapper):
        return (type(category), category.slug)
    return (None, category)


def section_latest(articles: Sequence[Any], count: int) -> dict[int, list[Any]]:
    """``id(article) -> up to count stories of its section``, newest first: the
    article sidebar ("more in this section").

    The ``count`` stories published next in the section, filled with the ones
    just before it while fewer than ``count`` came after: the newest story
    shows the latest of its section, an old one what followed it. So a new
    story changes the sidebar of only the ``count`` stories before it in its
    section, not of every story the section ever had (each sidebar is part of
    its page's render key, plugins/incremental).
    """
    by_section: dict[Any, list[Any]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.date, reverse=True):
        by_section[_category_key(getattr(article, "category", None))].append(article)
    result: dict[int, list[Any]] = {}
    for members in by_section.values():
        for index, article in enumerate(members):
            newer = members[max(0, index - count) : index]
            older = members[index + 1 : index + 1 + count - len(newer)]
            result[id(article)] = [*newer, *older]
    return result


@dataclass(frozen=True)
class FrontCuration:
    """The editors' choices in force at one moment."""

    headline: Any | None  # the front page's lead (Headline-Until)
    picks: list[Any]  # "Pilihan editor", newest first (Pick-Until)


def front_curation(articles: Sequence[Any], now: datetime, count: int) -> FrontCuration:
    """What ``Headline-Until`` and ``Pick-Until`` choose at ``now``: a pin or a
    pick lasts until its time, then the story is an ordinary one again (the
    incremental layer's ``valid_until`` rebuilds the site at that moment).
    Several pinned stories: the newest leads. Advertorials are never chosen
    (``lintas.core.schema`` refuses the fields on them)."""
    news = sorted(
        (a for a in articles if not getattr(a, "is_advertorial", False)),
        key=lambda a: a.date,
        reverse=True,
    )
    pinned = [a for a in news if (getattr(a, "headline_until", None) or now) > now]
    picked = [a for a in news if (getattr(a, "pick_until", None) or now) > now]
    return FrontCuration(pinned[0] if pinned else None, picked[:count])


def set_neighbours(articles: Sequence[Any]) -> None:
    """``newer_article``/``older_article`` on each story (``articles`` newest first)."""
    ordered = sorted(articles, key=lambda a: a.date, reverse=True)
    for index, article in enumerate(ordered):
        article.newer_article = ordered[index - 1] if index > 0 else None
        article.older_article = ordered[index + 1] if index + 1 < len(ordered) else None


def group_regions(
    articles: Sequence[Any], order: Sequence[str], settings: dict
) -> list[tuple[Region, list[Any]]]:
    """``[(Region, its articles newest first)]`` in the order of ``NEWSROOM_REGIONS``.

    Also sets ``article.region_page`` (the Region) on every article that has one.
    """
    groups: dict[str, list[Any]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.date, reverse=True):
        name = getattr(article, "region", None)
        if name:
            groups[name].append(article)
    rank = {name: index for index, name in enumerate(order)}
    regions = []
    for name in sorted(groups, key=lambda n: (rank.get(n, len(rank)), n)):
        region = Region(name, settings)
        for article in groups[name]:
            article.region_page = region
        regions.append((region, groups[name]))
    return regions


def category_sections(
    categories: Sequence[tuple[Any, list[Any]]], order: Sequence[str]
) -> list[tuple[Any, list[Any]]]:
    """Pelican's ``categories`` (sorted by name) in the newsroom's own order."""
    rank = {name: index for index, name in enumerate(order)}
    return sorted(categories, key=lambda pair: (rank.get(pair[0].name, len(rank)), pair[0].name))
