"""Two builds of the same input give byte-identical output, everywhere: HTML,
feeds, sitemaps, JSON, the search index and every image.

The second build differs from the session's sample build in everything that
must not matter: a cold cache (the first may be warm), another output folder,
another settings file spelling PATH absolutely, and another string-hash seed
(Python salts str hashes per process, so any iteration over a set of strings
shows up as a difference).
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

import pytest
from sitebuild import ROOT, run_build, write_settings

from lintas.settings import read_settings

from .scan import all_files

HASH_SEED = "424242"


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in all_files(folder)
    }


@pytest.fixture(scope="module")
def second_build(tmp_path_factory, sample_output) -> Path:
    folder = tmp_path_factory.mktemp("determinism")
    overrides = {}
    # Every cache folder the settings name (Pelican's, the photo cache …) is
    # redirected to an empty one: the second build renders everything anew.
    for key, value in read_settings(str(ROOT / "pelicanconf.py")).items():
        if "CACHE" in key and key.endswith(("_PATH", "_DIR")) and isinstance(value, str):
            overrides[key] = str(folder / "cold-cache" / key.lower())
    settings = write_settings(folder, ROOT / "content", base="pelicanconf", **overrides)
    result = run_build(settings, folder / "second-output", extra_env={"PYTHONHASHSEED": HASH_SEED})
    assert result.returncode == 0, result.log
    return result.output


def _explain(first: Path, second: Path, names: list[str]) -> str:
    lines = []
    for name in names[:5]:
        a, b = first / name, second / name
        try:
            diff = difflib.unified_diff(
                a.read_text(encoding="utf-8").splitlines(),
                b.read_text(encoding="utf-8").splitlines(),
                lineterm="",
                n=0,
            )
            lines += [f"--- {name}", *list(diff)[2:12]]
        except UnicodeDecodeError:
            lines.append(f"--- {name}: binary, {a.stat().st_size} vs {b.stat().st_size} bytes")
    return "\n".join(lines)


def test_two_builds_are_byte_identical(sample_output, second_build):
    first, second = tree(sample_output), tree(second_build)
    assert sorted(first) == sorted(second), (
        f"only in the first: {sorted(set(first) - set(second))[:10]}\n"
        f"only in the second: {sorted(set(second) - set(first))[:10]}"
    )
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == [], _explain(sample_output, second_build, differing)


def test_the_comparison_covers_every_kind_of_output(sample_output):
    """Guard against comparing an empty or partial site."""
    suffixes = {p.suffix for p in all_files(sample_output)}
    assert {".html", ".xml", ".json"} <= suffixes
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    if "lintas.plugins.photos" in settings["PLUGINS"]:
        assert suffixes & {".jpg", ".webp", ".avif"}, "no renditions to compare"
    if "lintas.plugins.search_index" in settings["PLUGINS"]:
        # Pagefind 1.5.2 writes filter values in a random order each run;
        # plugins/search_index sorts them (Pagefind/pagefind#638, #1124).
        assert list(sample_output.glob("pagefind/fragment/*.pf_fragment"))
        assert list(sample_output.glob("pagefind/filter/*.pf_filter"))
        assert list(sample_output.glob("pagefind/pagefind.*.pf_meta"))
