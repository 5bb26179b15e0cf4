"""One measured build: a fresh child process, its wall time, CPU time and peak RSS."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


class BuildError(RuntimeError):
    pass


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child and everything it waited for
    rss_mb: float  # peak resident set of the largest process in the tree


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    def add(self, sample: Sample) -> None:
        self.samples.append(sample)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return max(s.rss_mb for s in self.samples)


def run(
    command: Sequence[str],
    env: dict | None = None,
    cwd: Path | None = None,
    log: Path | None = None,
) -> Sample:
    """Run ``command`` to completion; its own resource usage via wait4(2).

    ``ru_maxrss`` from wait4 is the largest of the child and the children it
    waited for (Pelican's render and photo workers, Pagefind, Hugo's threads):
    the peak memory a machine must have for this build.
    """
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=out)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    finally:
        if log:
            out.close()
    if proc.returncode != 0:
        where = f"; log: {log}" if log else ""
        raise BuildError(f"{' '.join(map(str, command))} exited {proc.returncode}{where}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def load() -> str:
    """The machine's load averages (1, 5, 15 min): other work competes for the CPUs."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
