"""Helpers of the incremental-build tests: a generated corpus, builds through
`lintas build`, and tree comparison (the frozen copy of the code they build
with is ``benchlib.snapshot``, shared with scripts/bench.py)."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from benchlib.corpus import Corpus, CorpusSpec, generate
from benchlib.snapshot import code_env
from sitebuild import BuildResult, all_files, directory_lines, run_build

# Small but with every kind of page: 40 stories over four days, a few photos.
ARTICLES = 40
PHOTOS = 4
PHOTO_SIZE = (640, 480)


def make_corpus(folder: Path) -> Corpus:
    spec = CorpusSpec(articles=ARTICLES, photos=PHOTOS, photo_size=PHOTO_SIZE)
    return generate(spec, folder, workers=1)


@dataclass
class Site:
    """One site: its settings file, caches and output folder."""

    folder: Path
    code: Path
    content: Path
    photo_cache: Path
    lines: list[str] = field(default_factory=list)  # more settings, as Python lines

    @property
    def output(self) -> Path:
        return self.folder / "output"

    def settings(self) -> Path:
        lines = [
            "import sys",
            f"sys.path.insert(0, {str(self.code)!r})",
            "from pelicanconf import *",
            f"PATH = {str(self.content)!r}",
            *directory_lines(self.content),
            f"CACHE_PATH = {str(self.folder / 'cache')!r}",
            f"INCREMENTAL_CACHE_DIR = {str(self.folder / 'incremental')!r}",
            # Shared by every site of a test: content-addressed, and cold photos are slow.
            f"PHOTOS_CACHE_DIR = {str(self.photo_cache)!r}",
        ]
        lines += self.lines
        path = self.folder / "settings.py"
        self.folder.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def build(self, now: str) -> BuildResult:
        result = run_build(self.settings(), self.output, now=now, extra_env=code_env(self.code))
        assert result.returncode == 0, result.log
        return result


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in all_files(folder)
    }


def differences(built: Path, expected: Path) -> str:
    """Empty when both trees hold the same files with the same bytes."""
    a, b = tree(built), tree(expected)
    lines = []
    only_built = sorted(set(a) - set(b))
    only_expected = sorted(set(b) - set(a))
    changed = sorted(name for name in set(a) & set(b) if a[name] != b[name])
    if only_built:
        lines.append(f"only in the incremental build: {only_built[:10]}")
    if only_expected:
        lines.append(f"missing from the incremental build: {only_expected[:10]}")
    for name in changed[:3]:
        try:
            diff = difflib.unified_diff(
                (expected / name).read_text(encoding="utf-8").splitlines(),
                (built / name).read_text(encoding="utf-8").splitlines(),
                "clean/" + name,
                "incremental/" + name,
                lineterm="",
                n=0,
            )
            lines += list(diff)[:12]
        except UnicodeDecodeError:
            lines.append(f"binary file differs: {name}")
    if len(changed) > 3:
        lines.append(f"… {len(changed)} files differ: {changed[:10]}")
    return "\n".join(lines)
