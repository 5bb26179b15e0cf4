"""Forked worker pools and the stop signals (lintas/core/workers.py).

A worker inherits the build's SIGTERM handler, which raises; until the worker
has set its own actions, a SIGTERM reaching it was caught by that handler (a
publish in the test suite once waited for ever on such a worker, which had
let the signal go). The first test makes that moment certain: every child
sends itself SIGTERM as it leaves ``fork()``, before any of its code runs.
Each script runs in its own interpreter: the fork hook cannot be removed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from sitebuild import ROOT

PRELUDE = """
import multiprocessing, os, signal, sys
from lintas.core.workers import forked_pool

class Stop(Exception):
    pass

def raise_stop(signum, frame):  # as lintas.cli.build does
    raise Stop

signal.signal(signal.SIGTERM, raise_stop)
"""


def run_script(body: str) -> subprocess.CompletedProcess:
    script = PRELUDE + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_worker_signalled_before_its_first_line_dies_of_the_signal():
    result = run_script(
        """
        armed = True
        signalled, tell = os.pipe()

        def terminate_self():
            if armed:
                os.write(tell, b"x")
                os.kill(os.getpid(), signal.SIGTERM)

        os.register_at_fork(after_in_child=terminate_self)
        with forked_pool(2) as pool:
            told = b""
            while len(told) < 2:  # both workers were signalled
                told += os.read(signalled, 2 - len(told))
            armed = False
            # The pool replaces the workers it lost, and works.
            print(pool.map(abs, [-1, -2, -3]))
        """
    )
    # A worker that ran the build's handler would raise Stop in the child: a
    # traceback, or the parent's own code running on in the child.
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["[1, 2, 3]"], result.stdout + result.stderr
    assert not result.stderr, result.stderr


def test_a_failing_block_terminates_its_workers_and_passes_the_error_on():
    result = run_script(
        """
        for attempt in range(50):  # ending at once: the workers have barely started
            try:
                with forked_pool(2):
                    raise ValueError("broken page")
            except ValueError:
                pass
            else:
                sys.exit("the error was lost")
        assert not multiprocessing.active_children()
        with forked_pool(2) as pool:
            print(pool.map(abs, [-4, 5]))
        assert not multiprocessing.active_children()
        """
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["[4, 5]"]
