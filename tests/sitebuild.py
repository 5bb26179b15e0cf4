"""Test helpers: build sites the way editors and CI do (`lintas build` in a
subprocess). Import them with ``from sitebuild import ...`` — never from
``conftest``, which pytest may resolve to another folder's conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The console script a user runs. Not `python -m lintas`: that puts the working
# folder first on sys.path, before a frozen copy of the engine given in PYTHONPATH.
LINTAS = str(Path(sys.executable).with_name("lintas"))
# The sample portal is dated August–September 2016; freeze the clock after it.
SAMPLE_NOW = "2016-10-01 09:00"


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def log(self) -> str:
        return self.stdout + self.stderr


def directory_lines(content: Path) -> list[str]:
    """The sample portal's reporters, sections and regions (content/authors/,
    sections/, regions/) for a test's own content tree that has no newsroom
    directory of its own (no sections/: a tree with only the author files an
    import wrote is checked against the sample's reporters), and for the
    sample's content (`lintas serve --content` may point elsewhere)."""
    if content.resolve() == (ROOT / "content").resolve() or not (content / "sections").is_dir():
        return [f"NEWSROOM_DIRECTORY = {str(ROOT / 'content')!r}"]
    return []


def write_settings(folder: Path, content: Path, base: str = "pelicanconf", **overrides) -> Path:
    """A settings file that is the project's own plus ``overrides``."""
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        f"from {base} import *",
        f"PATH = {str(content)!r}",
        f"CACHE_PATH = {str(folder / 'cache')!r}",
    ]
    lines += directory_lines(content)
    lines += [f"{key} = {value!r}" for key, value in overrides.items()]
    path = folder / f"settings_{base}.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_lintas(
    command: str, *args: str | Path, env: dict | None = None, timeout: int = 600
) -> subprocess.CompletedProcess:
    """Run ``lintas <command>`` as an editor would, from the portal's folder."""
    return subprocess.run(
        [LINTAS, command, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


def run_build(
    settings: Path, output: Path, now: str | None = SAMPLE_NOW, extra_env: dict | None = None
) -> BuildResult:
    env = {**os.environ, **(extra_env or {})}
    if now:
        env["LINTAS_NOW"] = now
    proc = run_lintas("build", "--settings", settings, "--output", output, env=env)
    return BuildResult(proc.returncode, proc.stdout, proc.stderr, output)


# What a build keeps next to its output: the lock file, the shared photo folder
# (lintas/plugins/photos/media.py) and the spare tree the next build starts
# from (lintas/plugins/incremental/outputs.py).
KEPT_BESIDE_OUTPUT = ("lock", "media", "spare")


def leftovers(output: Path) -> list[str]:
    """What a build left next to ``output`` beyond what it keeps there."""
    kept = {f".{output.name}.{role}" for role in KEPT_BESIDE_OUTPUT}
    return sorted(
        p.name
        for p in output.parent.iterdir()
        if p.name.startswith(f".{output.name}.") and p.name not in kept
    )


def all_files(folder: Path) -> list[Path]:
    """Every file of a built site, through the link to its shared photo folder
    (lintas/plugins/photos/media.py), which ``Path.rglob`` would not follow."""
    found = []
    for root, folders, files in os.walk(folder, followlinks=True):
        folders.sort()
        found += (Path(root, name) for name in files)
    return sorted(found)


# Debian's chromium through Playwright's sync API (never `playwright install`).
# One browser for the whole session: the sync API allows one Playwright per thread.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
