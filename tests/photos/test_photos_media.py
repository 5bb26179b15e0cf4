"""The shared photo folder (lintas/plugins/photos/media.py): files added before
a swap, retired after it, and a build killed between any two steps."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from lintas.plugins.photos.media import FILES, load_journal, media_root, prepare, retire


def renditions(cache: Path, *names: str) -> dict[str, SimpleNamespace]:
    """Cached files as the render report hands them over (relpath → result)."""
    found = {}
    for name in names:
        path = cache / name
        path.write_bytes(name.encode())
        rel = f"{name[:2]}/{name}"
        found[rel] = SimpleNamespace(
            path=str(path), rendition=SimpleNamespace(relpath=rel), bytes=len(name)
        )
    return found


def published(tmp_path: Path, needed: dict, swap: bool = True, retired: bool = True) -> Path:
    """One build as `lintas build` runs it: a staging folder, the photos added,
    the swap (the staging folder becomes the output), then the retiring."""
    output = tmp_path / "output"
    staging = tmp_path / ".output.staging-1"
    staging.mkdir()
    (staging / "index.html").write_text("page")
    report = prepare(output, staging, "media", needed)
    if not swap:  # killed, or failed: the staging folder is thrown away
        for path in sorted(staging.rglob("*"), reverse=True):
            path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
        staging.rmdir()
        return report
    if output.exists():
        os.rename(output, tmp_path / "retired")
    os.rename(staging, output)
    for path in sorted((tmp_path / "retired").rglob("*"), reverse=True):
        path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
    if (tmp_path / "retired").exists():
        (tmp_path / "retired").rmdir()
    if retired:
        retire(output)
    return report


def shared(tmp_path: Path) -> set[str]:
    files = media_root(tmp_path / "output") / FILES
    return {p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file()}


def test_the_output_links_to_one_folder_that_holds_what_the_live_site_shows(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    first = renditions(cache, "aa-320w.webp", "ab-320w.jpg")
    report = published(tmp_path, first)
    output = tmp_path / "output"
    assert (report.written, report.unchanged) == (2, 0)
    assert os.readlink(output / "media") == "../.output.media/files"
    assert (output / "media" / "aa" / "aa-320w.webp").read_bytes() == b"aa-320w.webp"
    # A hard link of the cached file: no copy.
    assert (output / "media/aa/aa-320w.webp").stat().st_ino == (
        cache / "aa-320w.webp"
    ).stat().st_ino

    # The next build adds what is new, keeps what is there, and after the swap
    # removes what no page shows any more.
    second = {**renditions(cache, "ac-320w.webp"), "aa/aa-320w.webp": first["aa/aa-320w.webp"]}
    report = published(tmp_path, second)
    assert (report.written, report.unchanged) == (1, 1)
    assert shared(tmp_path) == {"aa/aa-320w.webp", "ac/ac-320w.webp"}
    assert load_journal(media_root(output)).live == frozenset(second)


def test_a_file_is_removed_only_after_the_site_that_shows_it_is_replaced(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    first = renditions(cache, "aa-320w.webp", "ab-320w.jpg")
    published(tmp_path, first)
    # Killed after the swap, before retiring: the old files are still there (the
    # next build retires them), the new ones too.
    second = renditions(cache, "ac-320w.webp")
    published(tmp_path, second, retired=False)
    assert shared(tmp_path) == {"aa/aa-320w.webp", "ab/ab-320w.jpg", "ac/ac-320w.webp"}
    published(tmp_path, second)
    assert shared(tmp_path) == {"ac/ac-320w.webp"}


def test_a_build_that_never_went_live_changes_nothing_the_live_site_shows(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    first = renditions(cache, "aa-320w.webp")
    published(tmp_path, first)
    # A build killed (or failed) before its swap added a file no live page shows;
    # the live site's files stay, and the stray goes after the next swap.
    published(tmp_path, renditions(cache, "ab-320w.jpg"), swap=False)
    assert shared(tmp_path) == {"aa/aa-320w.webp", "ab/ab-320w.jpg"}
    assert (tmp_path / "output/media/aa/aa-320w.webp").is_file()
    published(tmp_path, first)
    assert shared(tmp_path) == {"aa/aa-320w.webp"}


def test_without_a_journal_every_file_is_linked_and_the_folder_listed_once(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    first = renditions(cache, "aa-320w.webp", "ab-320w.jpg")
    published(tmp_path, first)
    (media_root(tmp_path / "output") / "journal.json").write_text("{not json")
    os.unlink(tmp_path / "output/media/aa/aa-320w.webp")  # a file lost behind our back
    report = published(tmp_path, {"aa/aa-320w.webp": first["aa/aa-320w.webp"]})
    assert (report.written, report.unchanged) == (1, 0)
    assert shared(tmp_path) == {"aa/aa-320w.webp"}
