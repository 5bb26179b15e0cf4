"""Render many feeds in forked processes.

A cold build renders every feed (~400 files at 3,000 stories: 1.5–2 s of
feedgen and lxml in one process, BENCHMARKS.md); an edit renders a few,
where forking would cost more than it saves (``FEED_PARALLEL_MIN``). The
workers are forked, so they share the build's objects without pickling
them; each writes its own feeds' files (distinct paths) and sends back only
the feeds it had to cut to size, which the parent logs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lintas.core.workers import can_fork, forked_pool

# The renderer and jobs of the running build, inherited by forked workers.
_renderer: Any = None
_jobs: Sequence[FeedJob] = ()


@dataclass
class FeedJob:
    """One feed to render: its spec, the formats not reused, its items."""

    spec: Any
    formats: list[str]
    chosen: list


def _default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _write_slice(indexes: list[int]) -> list[tuple[str, int, int]]:
    return [cut for i in indexes for cut in _renderer.write(_jobs[i])]


def render_feeds(
    renderer, jobs: Sequence[FeedJob], workers: int | None, minimum: int
) -> list[tuple[str, int, int]]:
    """Write every job's files with ``renderer``; (path, kept, total) of the feeds
    cut to size, in job order."""
    global _renderer, _jobs
    workers = min(workers or _default_workers(), len(jobs))
    if workers < 2 or len(jobs) < minimum or not can_fork():
        return [cut for job in jobs for cut in renderer.write(job)]
    # Contiguous shares: neighbouring feeds (a section's, its topics') carry
    # many of the same stories, whose feed items each process builds once.
    size = -(-len(jobs) // workers)
    shares = [
        list(range(start, min(start + size, len(jobs)))) for start in range(0, len(jobs), size)
    ]
    _renderer, _jobs = renderer, jobs
    try:
        with forked_pool(workers) as pool:
            parts = pool.map(_write_slice, shares)
    finally:
        _renderer, _jobs = None, ()
    cuts = {cut[0]: cut for part in parts for cut in part}
    order = [job.spec.path(fmt) for job in jobs for fmt in job.formats]
    return [cuts[path] for path in order if path in cuts]
