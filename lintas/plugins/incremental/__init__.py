"""incremental: publish a new story in seconds, with the output of a clean build.

Three layers, each keyed on what actually shapes its result:

1. **Nothing changed** (``fingerprint.py``): ``scripts/build.py`` asks
   :func:`up_to_date` before Pelican starts; same settings, code, theme and
   content files, and the build clock before the site's next timed change
   (an embargo, the news sitemap window, the end of a front-page pin or an
   editors' pick): the build stops there.
2. **Reading** (``readercache.py``): Pelican's reader cache, keyed on the
   settings and plugin code, per article bundle, saved safely.
3. **Writing** (``writer.py``, ``tracing.py``): every page gets a render key:
   the code, its template and the templates it uses, and the current values of
   everything its last render read (recorded while it rendered: which stories,
   which of their fields, which settings and lists). ``lintas build`` passes the live
   output folder as ``LIVE_OUTPUT_PATH``; the staging folder starts
   as hard links of its pages and feeds (``outputs.py``), the keys are worked
   out once the generators have handed over every page (in forked workers
   when many), a page whose key is
   unchanged is kept, the others are rendered (in parallel when many) and
   replaced only when their bytes differ. Feeds ask through the
   ``incremental.reuse`` signal (plugins/syndication; ``feedkeys.py``). Files no longer made
   are removed before the search index runs; the keys are saved per output
   tree.

Sitemaps, photos and the search index are written by their own plugins into
the staging folder on every build (sitemaps are quick; photo files are hard
links from the photo cache; the search index reuses the bundles of unchanged
chunks by itself).

It runs after ``syndication`` (its ``finalized`` handler must see the feeds
written) and before ``search_index`` (Pagefind must not index the pages it
removes): ``lintas.settings.PLUGIN_ORDER``.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from blinker import signal
from pelican import signals
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator, PagesGenerator

from lintas import pelican_compat
from lintas.core.code import engine_code_files
from lintas.core.digest import UndigestableValue, files_digest, stable_digest, tree_files
from lintas.core.outputs import OUTPUT_PUBLISHED
from lintas.core.rules import build_clock as newsroom_clock
from lintas.core.schedule import scheduled_changes

from . import feedkeys, outputs, parallel_read, readercache, speedups, tracing
from .fingerprint import input_fingerprint, library_versions, settings_digest
from .outputs import FileRecord, Manifest, Trace

logger = logging.getLogger(__name__)

# Never part of a key: where things are written and cached, how many processes
# do it, and the frozen clock (its effect comes through the content: an
# embargoed story is a draft, and ``valid_until``).
ALWAYS_VOLATILE = (
    "OUTPUT_PATH",
    "LIVE_OUTPUT_PATH",
    "INCREMENTAL_WORKERS",
    "INCREMENTAL_PARALLEL_MIN_PAGES",
    "INCREMENTAL_PARALLEL_MIN_READS",
    "INCREMENTAL_PARALLEL_MIN_KEYS",
    "NEWSROOM_NOW",
    "CACHE_PATH",
    "CACHE_CONTENT",
    "LOAD_CONTENT_CACHE",
    "WRITE_SELECTED",
)
# Settings readers never see that change on every build by design: the live
# preview's build id (printed in pages, so it stays in the page keys).
READER_NONCES = ("LIVE_PREVIEW_BUILD",)
# Other plugins writing their own files ask here whether the previous file can
# stay: ``REUSE.send(path, inputs=(...))``; True means it is in place already.
REUSE = signal("incremental.reuse")


def volatile_settings(settings: dict) -> tuple[str, ...]:
    return (*ALWAYS_VOLATILE, *settings["INCREMENTAL_VOLATILE_SETTINGS"])


def enabled(settings: dict) -> bool:
    return bool(settings.get("INCREMENTAL")) and __name__ in [
        getattr(p, "__name__", p) for p in settings.get("PLUGINS") or ()
    ]


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def build_clock(settings: dict) -> datetime:
    return newsroom_clock(settings)


# --- 1. nothing changed? (scripts/build.py) ---------------------------------------

_fingerprints: dict[str, str] = {}  # output folder → fingerprint taken before this build


def up_to_date(settings: dict, output: str | os.PathLike) -> bool:
    """True when ``output`` was built from exactly these inputs (settings as
    loaded, code, theme, every content file) without a warning, and the build
    clock has not reached the moment the site changes by itself."""
    if not enabled(settings):
        return False
    real = os.path.realpath(output)
    _fingerprints[real] = input_fingerprint(settings, volatile_settings(settings))
    if not os.path.isdir(real):
        return False
    folder = outputs.manifest_dir(settings["INCREMENTAL_CACHE_DIR"], real)
    head = outputs.load_head(folder, real)
    if head is None or not head.clean or head.fingerprint != _fingerprints[real]:
        return False
    if head.valid_until and build_clock(settings) >= datetime.fromisoformat(head.valid_until):
        return False
    logger.info("incremental: nothing changed since the build of %s", output)
    return True


# --- 2. and 3. one Pelican run --------------------------------------------------------


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:  # noqa: ARG002 - counted only
        self.count += 1


class Build:
    """Everything the plugin knows during one Pelican run."""

    def __init__(self, settings: dict):
        self.started = time.perf_counter()
        self.settings = settings
        self.output = Path(settings["OUTPUT_PATH"])
        previous = settings["LIVE_OUTPUT_PATH"]
        self.previous_output = Path(previous) if previous else self.output
        self.staged = os.path.realpath(self.previous_output) != os.path.realpath(self.output)
        self.folder = outputs.manifest_dir(settings["INCREMENTAL_CACHE_DIR"], self.previous_output)
        self.fingerprint = _fingerprints.pop(os.path.realpath(self.previous_output), None)
        self.volatile = volatile_settings(settings)
        self.workers = settings["INCREMENTAL_WORKERS"] or default_workers()
        self.parallel_min = settings["INCREMENTAL_PARALLEL_MIN_PAGES"]
        self.parallel_reads = settings["INCREMENTAL_PARALLEL_MIN_READS"]
        self.parallel_keys = settings["INCREMENTAL_PARALLEL_MIN_KEYS"]
        self.read_ahead: set[int] = set()  # generators whose files were read ahead

        self.previous: Manifest | None = None
        if os.path.isdir(self.previous_output):
            self.previous = outputs.load_manifest(self.folder, self.previous_output)
        self.reusable: set[str] = set()
        if self.previous is not None:
            if self.staged:
                adopted = outputs.adopt_spare(self.previous, self.previous_output, self.output)
                self.reusable = (
                    adopted
                    if adopted is not None
                    else outputs.seed(self.previous, self.previous_output, self.output)
                )
            elif not settings.get("DELETE_OUTPUT_DIRECTORY"):
                self.reusable = outputs.present(self.previous, self.output)
        self.seconds = {
            "link": time.perf_counter() - self.started,
            "read": 0.0,
            "keys": 0.0,
            "render": 0.0,
        }

        self.produced: dict[str, FileRecord] = {}
        self.pending: dict[str, str] = {}  # files other plugins write: key, until stat'ed
        self.queue: list = []
        self.deferring = True
        self.feed_digests = feedkeys.StoryDigests()
        self._code_key: str | None = None
        self._entities: dict[str, Content] | None = None
        self._evaluator: tracing.Evaluator | None = None
        self._closures: dict[tuple[int, str], str] = {}
        self._sources: dict[tuple[int, str], tuple[str, list[str]]] = {}
        self.contents: list = []  # articles and pages, published or not (the clock)
        self.counts = dict.fromkeys(
            ("read", "kept", "rendered", "rewritten", "untraced", "removed", "reused"), 0
        )
        self.warnings = _WarningCounter()
        logging.getLogger().addHandler(self.warnings)

    # -- keys

    def code_key(self) -> str:
        """Settings, plugin code, theme files except templates (static files,
        catalogs), library versions: what every output depends on."""
        if self._code_key is None:
            settings = self.settings
            code = engine_code_files(settings)
            theme = Path(settings["THEME"])
            code += [p for p in tree_files(theme) if "templates" not in p.relative_to(theme).parts]
            self._code_key = stable_digest(
                settings_digest(settings, self.volatile), files_digest(code), library_versions()
            )
        return self._code_key

    def entities(self) -> dict[str, Content]:
        """This build's articles and pages by source path: the roots of traces."""
        if self._entities is None:
            found: dict[str, Content] = {}
            twice: set[str] = set()
            for item in self.contents:
                path = item.source_path
                if path in found and found[path] is not item:
                    twice.add(path)  # not one object: traced by the path it is reached by
                found[path] = item
            self._entities = {k: v for k, v in found.items() if k and k not in twice}
        return self._entities

    def evaluator(self) -> tracing.Evaluator:
        if self._evaluator is None:
            self._evaluator = tracing.Evaluator(self.entities(), self.settings)
        return self._evaluator

    def trace_key(self, job, trace: Trace, local: dict) -> str:
        """The key of a page: its code and templates (``job.base``) and the current
        values of what ``trace`` says it read."""
        return stable_digest(job.base, self.evaluator().digests(trace, local, job.context))

    def closure(self, template) -> str:
        """Digest of a template and every template it extends, includes, imports."""
        env = template.environment
        memo = (id(env), template.name)
        if memo not in self._closures:
            seen: dict[str, str] = {}
            todo = [template.name]
            while todo:
                name = todo.pop()
                if name not in seen:
                    seen[name], refs = self._template_source(env, name)
                    todo += refs
            self._closures[memo] = stable_digest(sorted(seen.items()))
        return self._closures[memo]

    def _template_source(self, env, name: str) -> tuple[str, list[str]]:
        """A template's source and the names it refers to (parsed once per build)."""
        memo = (id(env), name)
        if memo not in self._sources:
            from jinja2 import TemplateNotFound, meta

            try:
                source = env.loader.get_source(env, name)[0]
            except TemplateNotFound:
                self._sources[memo] = ("\0missing", [])
            else:
                refs = list(meta.find_referenced_templates(env.parse(source)))
                if None in refs:  # a name computed at render time: any template
                    refs = env.list_templates()
                self._sources[memo] = (source, refs)
        return self._sources[memo]

    def page_key(self, job) -> str | None:
        """The page's key now, from what its last render read; None when it has
        none (new, untraceable): it is rendered. Runs in forked workers too."""
        from .writer import page_values

        try:
            before = self.previous.files.get(job.rel) if self.previous else None
            if before is None or before.trace is None:
                return None
            return self.trace_key(job, before.trace, page_values(job))
        except UndigestableValue as error:
            logger.debug("incremental: %s is always rendered: %s", job.rel, error)
            return None

    # -- pages

    def handle(self, job) -> None:
        """A page the generators hand over: queued until they are done."""
        job.base = stable_digest(self.code_key(), self.closure(job.template), job.relative_urls)
        if self.deferring:
            self.queue.append(job)
        else:
            self.settle([job], 1)

    def settle(self, jobs: list, workers: int) -> None:
        """Work out the keys of ``jobs``, keep the pages whose key and file are
        unchanged, render the others."""
        from .writer import in_workers, local_context, render_queue

        started = time.perf_counter()
        key_workers = workers if len(jobs) >= self.parallel_keys else 1
        keys = in_workers(self.page_key, jobs, min(key_workers, max(1, len(jobs))))
        self.seconds["keys"] += time.perf_counter() - started
        to_render = []
        for job, key in zip(jobs, keys, strict=True):
            job.key = key
            before = self.previous.files.get(job.rel) if self.previous else None
            if key and before and before.key == key and job.rel in self.reusable:
                self.produced[job.rel] = before
                self.counts["kept"] += 1
                signals.content_written.send(job.path, context=local_context(job))
            else:
                to_render.append(job)
        started = time.perf_counter()
        render_workers = workers if len(to_render) >= self.parallel_min else 1
        render_queue(self, to_render, min(render_workers, max(1, len(to_render))))
        self.seconds["render"] += time.perf_counter() - started

    def record(self, job, record: FileRecord, rewritten: bool) -> None:
        self.produced[job.rel] = record
        self.counts["rendered"] += 1
        self.counts["rewritten"] += rewritten
        self.counts["untraced"] += record.trace is None

    def flush(self) -> None:
        queue, self.queue, self.deferring = self.queue, [], False
        self.evaluator()  # made before the workers fork: they share it
        self.settle(queue, self.workers)

    # -- files other plugins write (feeds)

    def reuse(self, path: str, inputs: tuple) -> bool:
        """``path`` (relative to the output) would be made from ``inputs``: keep
        the previous file when it was made from the same. Content objects among
        the inputs count as digests of the whole story (``feedkeys.py``)."""
        started = time.perf_counter()
        try:
            key = tracing.value_digest(self.code_key(), path, self.feed_digests.inputs(inputs))
        except UndigestableValue:
            return False
        finally:
            self.seconds["keys"] += time.perf_counter() - started
        before = self.previous.files.get(path) if self.previous else None
        if before and before.key == key and path in self.reusable:
            self.produced[path] = before
            self.counts["reused"] += 1
            return True
        self.pending[path] = key
        return False

    # -- the end of the run

    def valid_until(self) -> str | None:
        """When the build clock next changes the site, as the build would see it."""
        now = build_clock(self.settings)
        published = [c for c in self.contents if isinstance(c, Article) and c.status == "published"]
        if not published:
            return now.isoformat()  # empty feeds are dated by the clock: always rebuild
        moments = [c.date for c in self.contents if getattr(c, "date", now) > now]
        # Other plugins' timetables: ads starting and ending, pins and picks expiring.
        moments += scheduled_changes(self.settings, now)
        window = self.settings.get("NEWS_SITEMAP_WINDOW_HOURS")
        if window:
            span = timedelta(hours=window)
            moments += [c.date + span for c in published if c.date + span > now >= c.date]
        return min(moments).isoformat() if moments else None

    def finish(self) -> None:
        self.flush()
        logging.getLogger().removeHandler(self.warnings)
        for path, key in self.pending.items():
            try:
                st = os.stat(self.output / path)
            except FileNotFoundError:
                continue  # not written after all: nothing to remember
            self.produced[path] = FileRecord(key, st.st_size, st.st_mtime_ns)
        stale = set(self.previous.files) - set(self.produced) if self.previous else set()
        self.counts["removed"] = outputs.remove_files(self.output, sorted(stale))
        manifest = Manifest(
            files=self.produced,
            fingerprint=self.fingerprint,
            valid_until=self.valid_until(),
            clean=self.warnings.count == 0,
        )
        keep = [self.previous_output] if self.staged and self.previous_output.is_dir() else []
        outputs.save_manifest(self.folder, self.output, manifest, self.previous_output, keep)
        outputs.forget_gone_outputs(self.folder.parent, self.folder)
        c, s = self.counts, self.seconds
        logger.info(
            "incremental: %d file(s) read ahead in %.2f s; %d page(s) kept, %d rendered "
            "(%d rewritten, %d untraceable), %d feed(s) kept, %d file(s) removed; "
            "%d linked in %.2f s, keys %.2f s, rendering %.2f s, %.2f s in all",
            c["read"],
            s["read"],
            c["kept"],
            c["rendered"],
            c["rewritten"],
            c["untraced"],
            c["reused"],
            c["removed"],
            len(self.reusable),
            s["link"],
            s["keys"],
            s["render"],
            time.perf_counter() - self.started,
        )


_build: Build | None = None
_reader_key: str | None = None


def _initialized(pelican) -> None:
    global _build, _reader_key
    _build = _reader_key = None
    settings = pelican.settings
    # Even when off: Pelican's own reader cache (CACHE_CONTENT) can only pickle
    # our taxonomy objects without their settings.
    readercache.install(settings)
    if not enabled(settings):
        return
    _build = Build(settings)


def _generator_init(generator) -> None:
    """Key the reader cache of the article and page generators."""
    global _reader_key
    if _build is None:
        return
    pelican_compat.linear_period_archives(generator)
    pelican_compat.compiled_intrasite_links()
    speedups.freeze_templates(generator, _build.folder.parent / "jinja")
    readers = getattr(generator, "readers", None)
    cache = pelican_compat.reader_cache(readers) if readers is not None else None
    if cache is None or not os.path.basename(cache.path).endswith("-Readers"):
        return  # a generator without a reader cache (static files)
    settings = generator.settings
    if _reader_key is None:
        code = engine_code_files(settings, (".py",))
        _reader_key = stable_digest(
            settings_digest(settings, (*_build.volatile, *READER_NONCES)),
            files_digest(code),
            library_versions(),
        )
    readercache.attach(readers, _reader_key)


def _before_reading(generator) -> None:
    """The first file a generator is about to read: read the uncached ones ahead."""
    if _build is None or id(generator) in _build.read_ahead:
        return
    _build.read_ahead.add(id(generator))
    if isinstance(generator, ArticlesGenerator):
        which = ("ARTICLE_PATHS", "ARTICLE_EXCLUDES")
    elif isinstance(generator, PagesGenerator):
        which = ("PAGE_PATHS", "PAGE_EXCLUDES")
    else:
        return
    started = time.perf_counter()
    _build.counts["read"] += parallel_read.read_ahead(
        generator, *which, _build.workers, _build.parallel_reads
    )
    _build.seconds["read"] += time.perf_counter() - started


def _content_read(generator) -> None:
    """A generator has read its content: URLs are settled (slug, date and
    category are known), the lists are final."""
    if _build is None:
        return
    speedups.fast_taxonomies(generator)
    for name in ("articles", "drafts", "hidden_articles", "pages", "draft_pages", "hidden_pages"):
        _build.contents += getattr(generator, name, None) or []
    # URLs and output paths are final now: remembered (a measured hot spot).
    for name in ("articles", "translations", "pages", "hidden_articles", "hidden_pages"):
        pelican_compat.freeze_urls(
            item for item in getattr(generator, name, None) or [] if isinstance(item, Content)
        )


def _get_writer(pelican):  # noqa: ARG001 - Pelican's signature
    if _build is None:
        return None
    from .writer import make_writer_class

    return make_writer_class(_build)


class RenderQueue:
    """A generator placed after the others: renders the queued pages then, so a
    generator listed later (and any ``finalized`` handler) sees them written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def generate_output(self, writer) -> None:  # noqa: ARG002 - Pelican's signature
        if _build is not None:
            _build.flush()


def _get_generators(pelican):
    return RenderQueue if enabled(pelican.settings) else None


def _reuse(path: str, inputs: tuple = ()) -> bool:
    return _build is not None and _build.reuse(path, inputs)


def _finalized(pelican) -> None:  # noqa: ARG001 - Pelican's signature
    global _build
    if _build is not None:
        build, _build = _build, None
        build.finish()


def _published(settings: dict, output: Path) -> None:
    """The site this build replaced sits where the staging folder was (the swap
    exchanged them): kept as the spare the next staging folder starts from."""
    if not enabled(settings):
        return
    replaced = Path(settings["OUTPUT_PATH"])
    if os.path.realpath(replaced) == os.path.realpath(output) or not replaced.is_dir():
        return  # built in place, or swapped by two renames (the old site is retired)
    spare = outputs.spare_tree(output)
    if spare.exists():  # not taken by this build (no manifest): the next build deletes it
        os.rename(spare, output.with_name(f".{output.name}.retired-spare-{os.getpid()}"))
    os.rename(replaced, spare)


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.generator_init.connect(_generator_init)
    signals.article_generator_preread.connect(_before_reading)
    signals.page_generator_preread.connect(_before_reading)
    signals.article_generator_finalized.connect(_content_read)
    signals.page_generator_finalized.connect(_content_read)
    signals.get_writer.connect(_get_writer)
    signals.get_generators.connect(_get_generators)
    signals.finalized.connect(_finalized)
    REUSE.connect(_reuse)
    OUTPUT_PUBLISHED.connect(_published)


__all__ = ["REUSE", "enabled", "register", "up_to_date"]
