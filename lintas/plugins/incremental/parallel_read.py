"""Read many new or changed files in several processes, before Pelican reads them.

Pelican reads content one file after the other, and Markdown is a third of
a cold build. When a generator is about to read its first file and finds
many files the reader cache does not hold (a cold build, a settings or code
change), forked workers run the same reader over their share and send back
what it returned; the results go into the reader cache exactly as Pelican
would store them, and Pelican's own loop then finds every file cached: the
newsroom rules, the embargo and every signal still run in that loop, in this
process, in path order.

A file a worker cannot read is left to Pelican, which reads it again and
reports the problem as usual. Log records of the workers are replayed here,
so warnings and errors count as if the parent had logged them.
"""

from __future__ import annotations

import logging
import os
import pickle
from typing import Any

from pelican.utils import file_suffix

from lintas.core.workers import forked_pool
from lintas.pelican_compat import read_metadata_for_cache, reader_cache

logger = logging.getLogger(__name__)

CHUNK = 16  # files per task: small enough to balance, large enough to amortize
_readers: Any = None  # inherited by the forked workers, never pickled


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_collector: _Collector | None = None


def _start_worker() -> None:
    global _collector
    _collector = _Collector()
    root = logging.getLogger()
    root.handlers = [_collector]  # replayed by the parent, printed once


def _portable(record: logging.LogRecord) -> logging.LogRecord:
    """The record as it can travel: its arguments when they pickle, else its text."""
    try:
        pickle.dumps(record.args)
    except Exception:
        record.msg, record.args = record.getMessage(), None
    record.exc_info = None  # tracebacks do not pickle; the message says what failed
    return record


def _read(paths: list[str]) -> list[tuple]:
    out = []
    for path in paths:
        reader = _readers.readers[file_suffix(path)]
        try:
            content, metadata = reader.read(path)
            data: Any = (content, read_metadata_for_cache(metadata))
            pickle.dumps(data)  # what cannot travel is read again by Pelican
        except Exception:
            data = None
        records = [_portable(r) for r in _collector.records]
        _collector.records.clear()
        out.append((path, data, records))
    return out


def read_ahead(generator, paths_setting: str, excludes_setting: str, workers: int, minimum: int):
    """Fill ``generator.readers``' cache with the files it lacks, in parallel."""
    global _readers
    readers = generator.readers
    if workers < 2 or not reader_cache(readers).enabled:
        return 0
    settings = generator.settings
    files = generator.get_files(settings[paths_setting], exclude=settings[excludes_setting])
    todo = []
    for relative in files:
        path = os.path.abspath(os.path.join(generator.path, relative))
        if file_suffix(path) in readers.readers and readers.get_cached_data(path) is None:
            todo.append(path)
    if len(todo) < minimum:
        return 0
    _readers = readers
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    done = 0
    try:
        with forked_pool(min(workers, len(chunks)), _start_worker) as pool:
            for part in pool.imap(_read, chunks):
                for path, data, records in part:
                    for record in records:
                        logging.getLogger(record.name).handle(record)
                    if data is not None:
                        readers.cache_data(path, data)
                        done += 1
    finally:
        _readers = None
    return done
