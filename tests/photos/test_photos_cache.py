"""render_all: one pool per build, content-addressed cache, per-job errors, publishing."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest
from photo_samples import marked, noisy
from PIL import Image

from lintas.plugins.photos import cache as cache_module
from lintas.plugins.photos import render as render_module
from lintas.plugins.photos.renditions import (
    BuildReport,
    PhotoError,
    RenderJob,
    RenditionConfig,
    copy_to_output,
    media_url,
    render_all,
)

WARM_BUDGET_SECONDS = 0.005  # per photo, from the brief


def photos(folder: Path, count: int, size: tuple[int, int] = (320, 240)) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"foto-{i}.jpg"
        noisy(size, seed=i).save(path, quality=85)
        paths.append(path)
    return paths


def names(report: BuildReport) -> set[str]:
    return {f.rendition.name for f in report.files()}


def test_second_build_renders_nothing(tmp_path, cache_dir, config):
    jobs = [RenderJob(str(p), social=True) for p in photos(tmp_path / "src", 3)]
    cold = render_all(jobs, cache_dir, config, workers=1)
    assert not cold.errors
    assert (cold.rendered, cold.cached, cold.rendered_jobs) == (3 * 5, 0, 3)  # 2x2 + social
    warm = render_all(jobs, cache_dir, config, workers=1)
    assert (warm.rendered, warm.cached, warm.rendered_jobs, warm.workers) == (0, 15, 0, 0)
    assert names(warm) == names(cold)


def test_changing_one_width_renders_only_that_width(tmp_path, cache_dir):
    jobs = [RenderJob(str(p)) for p in photos(tmp_path / "src", 2)]
    before = RenditionConfig(widths=(100, 200))
    render_all(jobs, cache_dir, before, workers=1)
    after = render_all(jobs, cache_dir, dataclasses.replace(before, widths=(120, 200)), workers=1)
    fresh = [f for f in after.files() if f.rendered]
    assert after.rendered == 2 * 2  # two photos x (webp, jpeg), at 120w only
    assert {f.rendition.width for f in fresh} == {120}


def test_a_cached_rendition_holds_what_a_cold_render_makes(tmp_path, cache_dir):
    """Each width is resized from the next larger one: a new width above an old one
    changes its pixels, so its name must change too, or a warm cache would keep
    bytes a clean build does not make."""
    jobs = [RenderJob(str(p), social=True) for p in photos(tmp_path / "src", 1, (640, 480))]
    old, new = RenditionConfig(widths=(100, 300)), RenditionConfig(widths=(100, 200, 300))
    render_all(jobs, cache_dir, old, workers=1)
    warm = render_all(jobs, cache_dir, new, workers=1)
    cold = render_all(jobs, tmp_path / "cold", new, workers=1)

    def files(report: BuildReport) -> dict[str, bytes]:
        return {f.rendition.name: Path(f.path).read_bytes() for f in report.files()}

    assert files(warm) == files(cold)
    # The widths below the new one were made again; the one above was kept.
    assert {f.rendition.width for f in warm.files() if f.rendered} == {100, 200}


def test_a_lead_photo_and_a_body_photo_share_their_srcset_bytes(tmp_path):
    """Crops may need a larger decode than the srcset files (a 1:1 crop of a wide
    photo); the srcset files never come from that decode: the same names must be
    the same bytes whether the photo was first rendered as a lead or in a body."""
    (source,) = photos(tmp_path / "src", 1, (1280, 720))
    config = RenditionConfig(widths=(200, 400))
    body = render_all([RenderJob(str(source))], tmp_path / "body", config, workers=1)
    lead_job = RenderJob(str(source), social=True, crop_sizes=((600, 600),))
    lead = render_all([lead_job], tmp_path / "lead", config, workers=1)

    def srcset(report: BuildReport) -> dict[str, bytes]:
        return {
            f.rendition.name: Path(f.path).read_bytes()
            for f in report.files()
            if f.rendition.kind == "srcset"
        }

    assert srcset(body) and srcset(body) == srcset(lead)


def test_changing_jpeg_quality_renders_only_jpegs(tmp_path, cache_dir, config):
    jobs = [RenderJob(str(p)) for p in photos(tmp_path / "src", 1)]
    render_all(jobs, cache_dir, config, workers=1)
    after = render_all(jobs, cache_dir, dataclasses.replace(config, jpeg_quality=70), workers=1)
    assert {f.rendition.format for f in after.files() if f.rendered} == {"jpeg"}
    assert after.rendered == 2


def test_touched_but_identical_source_is_not_rerendered(tmp_path, cache_dir, config):
    (path,) = photos(tmp_path / "src", 1)
    render_all([RenderJob(str(path))], cache_dir, config, workers=1)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))  # mtime moves, bytes don't
    again = render_all([RenderJob(str(path))], cache_dir, config, workers=1)
    assert again.rendered == 0


def test_edited_source_gets_new_names(tmp_path, cache_dir, config):
    (path,) = photos(tmp_path / "src", 1)
    first = render_all([RenderJob(str(path))], cache_dir, config, workers=1)
    marked((320, 240)).save(path, quality=85)
    second = render_all([RenderJob(str(path))], cache_dir, config, workers=1)
    assert second.rendered == 4
    assert not names(first) & names(second)


def test_errors_are_collected_per_job(tmp_path, cache_dir, config):
    good = photos(tmp_path / "src", 2)
    empty = tmp_path / "src" / "kosong.jpg"
    empty.write_bytes(b"")
    jobs = [
        RenderJob(str(good[0])),
        RenderJob(str(tmp_path / "hilang.jpg")),
        RenderJob(str(empty)),
        RenderJob(str(good[1])),
    ]
    report = render_all(jobs, cache_dir, config, workers=2)
    assert [r.ok for r in report.results] == [True, False, False, True]
    assert "not found" in str(report.results[1].error.message)
    assert "empty" in str(report.results[2].error.message)
    assert report.rendered == 2 * 4


def test_pool_results_match_in_process_results(tmp_path, config):
    jobs = [RenderJob(str(p), social=True, focus=(0.2, 0.8)) for p in photos(tmp_path / "s", 3)]
    pooled = render_all(jobs, tmp_path / "a", config, workers=2)
    inline = render_all(jobs, tmp_path / "b", config, workers=1)
    assert pooled.workers == 2 and inline.workers == 0
    assert [[f.rendition.name for f in r.renditions] for r in pooled.results] == [
        [f.rendition.name for f in r.renditions] for r in inline.results
    ]
    for a, b in zip(pooled.files(), inline.files(), strict=True):
        assert Path(a.path).read_bytes() == Path(b.path).read_bytes()  # deterministic


def test_duplicate_jobs_render_once(tmp_path, cache_dir, config):
    (path,) = photos(tmp_path / "src", 1)
    report = render_all([RenderJob(str(path)), RenderJob(path)], cache_dir, config, workers=1)
    assert report.rendered == 4 and len(report.results) == 2
    assert report.results[0].renditions == report.results[1].renditions


def test_a_photo_refused_by_new_limits_is_refused_even_when_indexed(tmp_path, cache_dir, config):
    (path,) = photos(tmp_path / "src", 1, size=(640, 480))
    render_all([RenderJob(str(path))], cache_dir, config, workers=1)
    stricter = dataclasses.replace(config, max_megapixels=0.1)
    (result,) = render_all([RenderJob(str(path))], cache_dir, stricter, workers=1).results
    assert result.error is not None and "too large" in str(result.error.message)


def test_warm_build_costs_under_5_ms_per_photo(tmp_path, cache_dir, config):
    jobs = [RenderJob(str(p), social=True) for p in photos(tmp_path / "src", 30, (120, 90))]
    render_all(jobs, cache_dir, config, workers=1)
    best = min(
        render_all(jobs, cache_dir, config, workers=1).seconds for _ in range(3)
    )  # best of 3: the budget is about our code, not a noisy neighbour
    assert best / len(jobs) < WARM_BUDGET_SECONDS, f"{best / len(jobs) * 1000:.2f} ms/photo"


def test_a_crash_mid_write_leaves_no_half_file(tmp_path, cache_dir, config, monkeypatch):
    (path,) = photos(tmp_path / "src", 1)
    real_replace = os.replace

    def crash(src, dst):
        if Path(dst).name == cache_module.INDEX_NAME:
            return real_replace(src, dst)
        raise KeyboardInterrupt  # the build is killed between writing and renaming

    monkeypatch.setattr(cache_module.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        render_all([RenderJob(str(path))], cache_dir, config, workers=1)
    left = [p.name for p in cache_dir.rglob("*") if p.is_file()]
    assert left == [cache_module.INDEX_NAME]  # no image, not even a temporary file
    monkeypatch.undo()
    assert render_all([RenderJob(str(path))], cache_dir, config, workers=1).rendered == 4


def test_corrupt_index_is_ignored(tmp_path, cache_dir, config):
    jobs = [RenderJob(str(p)) for p in photos(tmp_path / "src", 1)]
    render_all(jobs, cache_dir, config, workers=1)
    (cache_dir / "sources.json").write_text("{not json")
    assert render_all(jobs, cache_dir, config, workers=1).rendered == 0


def test_copy_to_output_writes_only_what_changed(tmp_path, cache_dir, config):
    jobs = [RenderJob(str(p), social=True) for p in photos(tmp_path / "src", 2)]
    report = render_all(jobs, cache_dir, config, workers=1)
    out = tmp_path / "output"
    first = copy_to_output(report.files(), out)
    assert (first.written, first.unchanged) == (10, 0)
    for f in report.files():
        published = out / "media" / f.rendition.digest[:2] / f.rendition.name
        assert published.read_bytes() == Path(f.path).read_bytes()
        assert media_url(f.rendition) == f"/media/{f.rendition.digest[:2]}/{f.rendition.name}"
    second = copy_to_output(report.files(), out)
    assert (second.written, second.unchanged) == (0, 10)


def test_copy_to_output_repairs_a_damaged_file_and_copies_across_devices(
    tmp_path, cache_dir, config, monkeypatch
):
    (path,) = photos(tmp_path / "src", 1)
    report = render_all([RenderJob(str(path))], cache_dir, config, workers=1)

    def no_links(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "output"
    copy_to_output(report.files(), out)
    victim = next(report.files())
    published = out / "media" / victim.rendition.relpath
    assert not os.path.samefile(published, victim.path)  # a copy, not a link
    published.write_bytes(b"\x00" * victim.bytes)  # same size, different bytes
    again = copy_to_output(report.files(), out)
    assert (again.written, again.unchanged) == (1, 3)
    assert published.read_bytes() == Path(victim.path).read_bytes()


def test_cached_files_are_readable_by_the_web_server(tmp_path, cache_dir, config):
    jobs = [RenderJob(str(p)) for p in photos(tmp_path / "src", 1)]
    report = render_all(jobs, cache_dir, config, workers=1)
    for f in report.files():
        assert os.stat(f.path).st_mode & 0o044 == 0o044
        with Image.open(f.path) as im:
            im.verify()


def test_a_decode_failure_in_a_worker_becomes_that_jobs_error(
    tmp_path, cache_dir, config, monkeypatch
):
    good, bad = photos(tmp_path / "src", 2)
    real_open = render_module.open_upright

    def flaky(path, info, min_size):
        if path == str(bad):
            raise PhotoError("the photo file is truncated or damaged", "copy it again")
        return real_open(path, info, min_size)

    monkeypatch.setattr(render_module, "open_upright", flaky)
    report = render_all([RenderJob(str(good)), RenderJob(str(bad))], cache_dir, config, workers=1)
    assert report.results[0].ok and not report.results[1].ok
    assert report.results[1].info is not None  # it was inspected fine, then failed to decode


def test_photo_deleted_after_indexing_is_reported(tmp_path, cache_dir, config):
    (path,) = photos(tmp_path / "src", 1)
    render_all([RenderJob(str(path))], cache_dir, config, workers=1)
    path.unlink()
    (result,) = render_all([RenderJob(str(path))], cache_dir, config, workers=1).results
    assert result.error is not None and "not found" in str(result.error.message)


def test_a_story_folder_s_real_path_is_found_through_links_as_resolve_finds_it(tmp_path):
    from lintas.plugins.photos.memo import forget, real_folder

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "a")
    for folder in (
        tmp_path / "a" / "b",
        tmp_path / "link" / "b",  # a link among the parents
        f"{tmp_path}/link/b/../b",
        tmp_path / "link",  # the folder itself a link
        tmp_path / "missing" / "x",
    ):
        forget()
        assert real_folder(folder) == Path(folder).resolve()
