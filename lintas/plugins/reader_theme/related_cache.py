"""The related-stories ranking of the last build, reused while its inputs hold.

``listing.related_articles`` reads only each story's date, tags, section and
kind (news or advertorial), in the order the generator lists them. Editing a
story's body changes none of that, so the ranking of the previous build is
kept in ``THEME_RELATED_CACHE`` with the digest of those inputs (and of
``listing.py`` itself) and reused when the digest matches: 0.25 s of every
rebuild at 3,000 stories (BENCHMARKS.md). Adding, deleting, retagging or
redating a story ranks them all again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .listing import RELATED_WINDOW, _category_key, related_articles

_RANKING_CODE = Path(__file__).with_name("listing.py")


def _inputs_digest(articles: Sequence[Any], count: int) -> str:
    """Everything the ranking reads, with tags and sections by slug (how Pelican
    compares them)."""
    rows = [
        (
            a.date.isoformat(),
            [getattr(tag, "slug", tag) for tag in getattr(a, "tags", ())],
            _category_key(getattr(a, "category", None))[1:],
            bool(getattr(a, "is_advertorial", False)),
        )
        for a in articles
    ]
    h = hashlib.blake2b(digest_size=16)
    h.update(_RANKING_CODE.read_bytes())
    h.update(pickle.dumps((count, RELATED_WINDOW, rows), protocol=5))
    return h.hexdigest()


def _load(path: Path, digest: str) -> list[list[int]] | None:
    try:
        with open(path, "rb") as handle:
            saved_digest, ranking = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    return ranking if saved_digest == digest else None


def _save(path: Path, digest: str, ranking: list[list[int]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            pickle.dump((digest, ranking), handle, protocol=5)
        os.replace(tmp, path)  # two builds at once: each file is whole
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def cached_related_articles(
    articles: Sequence[Any], count: int, cache_file: str | os.PathLike[str] | None
) -> dict[int, list[Any]]:
    """``related_articles(articles, count)``, from ``cache_file`` when its inputs
    are the same as last time; ``cache_file=None`` always ranks afresh."""
    if cache_file is None:
        return related_articles(articles, count)
    path = Path(cache_file)
    digest = _inputs_digest(articles, count)
    ranking = _load(path, digest)
    if ranking is None or len(ranking) != len(articles):
        position = {id(a): index for index, a in enumerate(articles)}
        fresh = related_articles(articles, count)
        ranking = [[position[id(other)] for other in fresh[id(a)]] for a in articles]
        _save(path, digest, ranking)
    return {id(a): [articles[i] for i in ranking[index]] for index, a in enumerate(articles)}
