"""Forked worker pools that a stop signal cannot leave hanging.

Three steps of a build share their work with forked processes (reading
Markdown, render keys and pages, feeds): the children inherit the build's
objects instead of pickling them. A child must leave the decision to stop to
the build, so it ignores Ctrl-C and dies of SIGTERM; it inherits, though, the
build's own SIGTERM handler (``lintas.cli.build``: it raises an exception so
the staging folder is removed), and until the child has replaced it, a
SIGTERM reaching the child is caught by that handler, then dropped by Python
when the handler it finds is the default one. ``Pool.terminate()`` sends
exactly that SIGTERM when a pool ends right after it started (a short job
list, or an error), and then waits for the child for ever: a publish
stalled this way in the test suite (the parent in ``Pool.join``, an idle
worker with SIGTERM at its default action).

So the stop signals are blocked while the pool forks: a child starts with
them held back, sets its own actions, then lets them in; one sent meanwhile
is delivered then, and kills it. A pool that finished its work is closed and
joined (its children leave on their own); only a failing one is terminated.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool

STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _start_child(then: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build decides, not a worker
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if then is not None:
        then()


@contextmanager
def forked_pool(workers: int, initializer: Callable[[], None] | None = None) -> Iterator[Pool]:
    """A pool of ``workers`` forked processes, each running ``initializer``
    first; closed and joined when the block ends, terminated when it raises."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        # The pool's own threads start here too: they keep the signals blocked,
        # which leaves them to the main thread, as Python does anyway.
        pool = multiprocessing.get_context("fork").Pool(workers, _start_child, (initializer,))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
