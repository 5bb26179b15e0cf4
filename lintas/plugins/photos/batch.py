"""Render every photo of a build: plan in this process, pixels in one process pool.

Planning is cheap (index lookups and stats) and happens here, so a build whose
photos are all cached never starts a worker. Only jobs with a missing file go to
the pool, one task per photo, so each photo is decoded once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from .cache import SourceIndex
from .config import RenditionConfig
from .errors import PhotoError
from .plan import Rendition, plan_renditions, plan_social
from .probe import PhotoInfo
from .render import RenditionResult, cached_result, flag_upscaled, render_job


@dataclass(frozen=True)
class RenderJob:
    """One source photo of the build (one job per photo: a cover that also appears in
    the body is a single job with ``social=True``).

    ``social``: also make its Open Graph image; ``crop_sizes``: more cropped JPEGs of
    exact pixel sizes (JSON-LD images). All crops centre on ``focus`` (0..1, 0..1).
    """

    source: str
    social: bool = False
    focus: tuple[float, float] | None = None
    crop_sizes: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        # Jobs are deduplicated through a dict: a focus given as a list must become hashable.
        object.__setattr__(self, "source", os.fspath(self.source))
        if self.focus is not None:
            fx, fy = self.focus
            object.__setattr__(self, "focus", (float(fx), float(fy)))
        object.__setattr__(self, "crop_sizes", tuple((int(w), int(h)) for w, h in self.crop_sizes))


@dataclass
class JobResult:
    job: RenderJob
    info: PhotoInfo | None = None
    renditions: list[RenditionResult] = field(default_factory=list)  # plan order
    social: RenditionResult | None = None
    crops: list[RenditionResult] = field(default_factory=list)  # job.crop_sizes order
    error: PhotoError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BuildReport:
    results: list[JobResult]  # one per job, in the order given
    rendered: int  # files encoded in this run
    cached: int  # files found in the cache
    rendered_jobs: int  # photos that needed any pixel work
    workers: int  # processes used; 0 means rendered in this process (or nothing to do)
    seconds: float

    @property
    def errors(self) -> list[JobResult]:
        return [r for r in self.results if r.error is not None]

    def files(self) -> Iterator[RenditionResult]:
        """Every file of every successful job: srcset files, social image, crops."""
        for result in self.results:
            yield from _files(result)


@dataclass(frozen=True)
class _Task:
    job: RenderJob
    info: PhotoInfo
    plan: list[Rendition]
    crops: list[Rendition]  # the social image first when job.social


def render_all(
    jobs: Iterable[RenderJob],
    cache_dir: str | os.PathLike[str],
    config: RenditionConfig,
    workers: int | None = None,
    index: SourceIndex | None = None,
) -> BuildReport:
    """Render what is missing for ``jobs``; never raises PhotoError (see JobResult.error).

    ``workers``: process count, default the CPUs this process may use; 1 renders in
    this process (tests, debugging, profiling). ``index``: the cache's source index
    when the caller holds it already (else read from ``cache_dir``).
    """
    started = time.perf_counter()
    jobs = list(jobs)
    cache_dir = os.fspath(cache_dir)  # joined to every file's name: a Path converts each time
    index = index if index is not None else SourceIndex(cache_dir)
    outcome: dict[RenderJob, JobResult] = {}
    tasks: list[_Task] = []
    for job in dict.fromkeys(jobs):  # a photo used twice is rendered once
        try:
            info, sha = index.resolve(job.source, config)
        except PhotoError as exc:
            outcome[job] = JobResult(job, error=exc)
            continue
        plan = plan_renditions(info, sha, config)
        sizes = [*([config.social_size] if job.social else []), *job.crop_sizes]
        crops = [plan_social(info, sha, job.focus, config, size) for size in sizes]
        hits = [cached_result(r, cache_dir) for r in [*plan, *crops]]
        if all(hits):
            crop_hits = [flag_upscaled(h, info) for h in hits[len(plan) :]]  # type: ignore[arg-type]
            outcome[job] = _job_result(job, info, hits[: len(plan)], crop_hits)
        else:
            tasks.append(_Task(job, info, plan, crops))
    index.save()

    used = _run(tasks, cache_dir, config, workers, outcome)
    results = [outcome[job] for job in jobs]
    unique = list(dict.fromkeys(jobs))
    files = [f for job in unique for f in _files(outcome[job])]
    return BuildReport(
        results=results,
        rendered=sum(f.rendered for f in files),
        cached=sum(not f.rendered for f in files),
        rendered_jobs=len(tasks),
        workers=used,
        seconds=time.perf_counter() - started,
    )


def default_workers() -> int:
    # sched_getaffinity honours CPU pinning (containers, taskset); cpu_count does not.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _run(
    tasks: list[_Task],
    cache_dir: str | os.PathLike[str],
    config: RenditionConfig,
    workers: int | None,
    outcome: dict[RenderJob, JobResult],
) -> int:
    """Render ``tasks`` into ``outcome``; returns the number of worker processes used."""
    if not tasks:
        return 0
    workers = min(workers or default_workers(), len(tasks))
    cache_dir = os.fspath(cache_dir)
    if workers <= 1:
        for task in tasks:
            outcome[task.job] = _render_task(task, cache_dir, config)
        return 0
    # Biggest photos first, so no worker is left alone with a large one at the end.
    tasks = sorted(tasks, key=lambda t: t.info.width * t.info.height, reverse=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_render_task, task, cache_dir, config) for task in tasks]
        for task, future in zip(tasks, futures, strict=True):
            outcome[task.job] = future.result()
    return workers


def _render_task(task: _Task, cache_dir: str, config: RenditionConfig) -> JobResult:
    # Runs in a worker: catch our own errors so one bad photo does not cancel the batch.
    try:
        renditions, crops = render_job(
            task.info, task.plan, task.crops, task.job.focus, cache_dir, config
        )
    except PhotoError as exc:
        return JobResult(task.job, task.info, error=exc)
    return _job_result(task.job, task.info, renditions, crops)


def _job_result(job: RenderJob, info: PhotoInfo, renditions: list, crops: list) -> JobResult:
    if job.social:
        return JobResult(job, info, renditions, crops[0], crops[1:])
    return JobResult(job, info, renditions, None, crops)


def _files(result: JobResult) -> list[RenditionResult]:
    return [*result.renditions, *([result.social] if result.social else []), *result.crops]
