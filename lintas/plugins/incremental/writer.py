"""The writer: render only pages whose key changed, write only changed bytes.

Pelican's ``Writer.write_file`` renders and writes every page it is handed.
This one, supplied through the ``get_writer`` signal, computes each page's
render key first: the digest of the current values of what the page read when
it was last rendered (``tracing.py``):

- the key matches the previous build's and the previous file is in place
  (hard-linked into the staging folder): nothing to do;
- otherwise the page is rendered with its reads recorded, which gives its new
  key; its file is replaced (never written through: it may be a hard link to
  the live site) only when the bytes differ.

Pages are queued as the generators hand them over; at the end their keys are
worked out, then the pages whose key changed are rendered, each step in
several processes when there are many (``INCREMENTAL_WORKERS``): forked
children share the build's objects and do their share (a key is a digest of
values the child reads from the same objects as the parent; a render writes
its file). The parent then sends Pelican's ``content_written`` for each page,
kept or rendered, in the order the generators handed them over, so the
sitemap and any other listener see a file that exists. Working out the keys
together costs nothing extra: nothing a key reads changes while the
generators write (Pelican has made every generator's context before the first
page), and rendering was already deferred to the same moment.
"""

from __future__ import annotations

import logging
import os
import traceback
from dataclasses import dataclass
from typing import Any

from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from lintas.core.digest import UndigestableValue
from lintas.core.workers import can_fork, forked_pool
from lintas.pelican_compat import ClaimingWriter, paginator_class

from . import tracing
from .outputs import FileRecord, Trace, write_if_changed

logger = logging.getLogger(__name__)


@dataclass
class Job:
    """One page to render: everything Pelican's writer would have used."""

    path: str  # absolute output path
    rel: str  # relative to the output folder
    template: Any
    context: dict  # the generator's (shared) context
    kwargs: dict
    relative_urls: bool
    key: str | None
    build: Any = None  # the incremental Build: its content objects and key digests
    base: str | None = None  # digest of the code, the template and its closure


def page_values(job: Job) -> dict:
    """What only this page gets, over the generator's shared context."""
    local = {"localsiteurl": job.context.get("localsiteurl", None)}
    if job.relative_urls:
        relative_url = path_to_url(get_relative_path(job.rel))
        local["SITEURL"] = relative_url
        local["localsiteurl"] = relative_url
    local["output_file"] = job.rel
    local.update(job.kwargs)
    return local


def local_context(job: Job) -> dict:
    """The exact local context Pelican's writer gives a template."""
    context = job.context.copy()
    context.update(page_values(job))
    return context


def render(job: Job) -> tuple[bool, int, int, str | None, Trace | None]:
    """Render and write one page, recording its reads; (rewritten?, size,
    mtime_ns) of the file, and the page's new key and trace (None: untraceable)."""
    local = page_values(job)
    localcontext = job.context.copy()
    localcontext.update(local)
    if localcontext["localsiteurl"]:
        job.context["localsiteurl"] = localcontext["localsiteurl"]
    key = trace = None
    if job.build is None:
        text = job.template.render(localcontext)
    else:
        env = job.template.environment
        if env.context_class is not tracing.RecordingContext:
            env.context_class = tracing.RecordingContext
        text, rec = tracing.record(
            lambda: job.template.render(localcontext), job.build.entities(), localcontext, local
        )
        if rec.untraceable is None:
            try:
                trace = rec.trace()
                key = job.build.trace_key(job, trace, local)
            except UndigestableValue as error:
                rec.fail(str(error))
                key = trace = None
        if rec.untraceable is not None:
            logger.debug("incremental: %s is always rendered: %s", job.rel, rec.untraceable)
    rewritten = write_if_changed(job.path, text.encode("utf-8"))
    st = os.stat(job.path)
    return rewritten, st.st_size, st.st_mtime_ns, key, trace


# Forked workers find their jobs and their task here (inherited, never pickled).
_queue: list[Job] = []
_task: Any = None


def _slice(indices: list[int]) -> list[tuple] | str:
    try:
        return [(i, _task(_queue[i])) for i in indices]
    except BaseException:
        return traceback.format_exc()


def in_workers(task, jobs: list[Job], workers: int) -> list:
    """``task(job)`` for every job, in order; in ``workers`` forked processes
    when more than one (the jobs and the task are inherited, results pickled)."""
    global _queue, _task
    if workers <= 1 or not can_fork():
        return [task(job) for job in jobs]
    results: list = [None] * len(jobs)
    _queue, _task = jobs, task
    try:
        chunk = max(1, min(64, len(jobs) // (workers * 8)))
        slices = [list(range(i, min(i + chunk, len(jobs)))) for i in range(0, len(jobs), chunk)]
        with forked_pool(workers) as pool:
            for part in pool.imap_unordered(_slice, slices):
                if isinstance(part, str):
                    raise RuntimeError(f"a page failed in a worker:\n{part}")
                for i, result in part:
                    results[i] = result
    finally:
        _queue, _task = [], None
    return results


def make_writer_class(build) -> type:
    """A Writer class bound to this build's state (``get_writer`` wants a class)."""

    class IncrementalWriter(ClaimingWriter):
        def __init__(self, output_path, settings=None):
            super().__init__(output_path, settings=settings)
            self.build = build
            self._root = os.path.join(os.path.abspath(output_path), "")

        def write_file(
            self,
            name,
            template,
            context,
            relative_urls=False,
            paginated=None,
            template_name=None,
            override_output=False,
            url=None,
            **kwargs,
        ):
            if not name:
                return
            if paginated is None:
                paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
            if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
                per_page = (
                    self.settings["PAGINATED_TEMPLATES"][template_name]
                    or self.settings["DEFAULT_PAGINATION"]
                )
                # Looked up on each call, like Pelican's own writer does: a plugin
                # may number pages its own way (plugins/reader_theme/pagination.py).
                paginators = {
                    key: paginator_class()(name, url, val, self.settings, per_page)
                    for key, val in paginated.items()
                }
                for page_num in range(next(iter(paginators.values())).num_pages):
                    page_kwargs = kwargs.copy()
                    for key, paginator in paginators.items():
                        previous_page = paginator.page(page_num) if page_num > 0 else None
                        page = paginator.page(page_num + 1)
                        next_page = (
                            paginator.page(page_num + 2)
                            if page_num + 1 < paginator.num_pages
                            else None
                        )
                        page_kwargs.update(
                            {
                                f"{key}_paginator": paginator,
                                f"{key}_page": page,
                                f"{key}_previous_page": previous_page,
                                f"{key}_next_page": next_page,
                            }
                        )
                    self._page(
                        page.save_as, template, context, relative_urls, override_output, page_kwargs
                    )
            else:
                self._page(name, template, context, relative_urls, override_output, kwargs)

        def _page(self, name, template, context, relative_urls, override, kwargs):
            path = sanitised_join(self.output_path, name)
            rel = path[len(self._root) :]  # sanitised_join: always inside the output
            job = Job(path, rel, template, context, kwargs, relative_urls, None, build)
            if not self.claim(path, override):
                # Pelican renders a page it must not overwrite into /dev/null, and
                # still announces it: so do we, without the rendering.
                signals.content_written.send(path, context=local_context(job))
                return
            build.handle(job)

        def open_output(self, path, encoding):
            """Feeds Pelican writes itself: replaced only when their bytes change."""
            return _ReplacingFile(path, encoding)

    return IncrementalWriter


class _ReplacingFile:
    """A text file handle whose content replaces the target on close, if changed."""

    def __init__(self, path: str, encoding: str):
        self.path = path
        self.encoding = encoding
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def close(self) -> None:
        write_if_changed(self.path, "".join(self.parts).encode(self.encoding))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()


def render_queue(build, jobs: list[Job], workers: int) -> None:
    """Render ``jobs``; several processes when ``workers`` > 1. Records each page
    in ``build`` and sends ``content_written`` once its file exists."""
    for job, (rewritten, size, mtime_ns, key, trace) in zip(
        jobs, in_workers(render, jobs, workers), strict=True
    ):
        build.record(job, FileRecord(key or "", size, mtime_ns, trace), rewritten)
        signals.content_written.send(job.path, context=local_context(job))
