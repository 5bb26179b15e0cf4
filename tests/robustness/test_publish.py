"""Atomic publish: a failed build leaves the previous output byte-for-byte
intact, whatever the failure (bad content is covered in
tests/newsroom/test_validation.py); a good one replaces it whole; caches
survive.

Failures here are real, not mocked: a plugin (written into a temporary plugin
folder and added through PLUGIN_PATHS/PLUGINS) that raises, that logs an ERROR,
that fails to register; a broken template; a file-size limit the kernel
enforces (EFBIG, what a full disk looks like to the writer); SIGINT and
SIGTERM sent while a plugin holds the build in the middle of writing.
"""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sitebuild import LINTAS, ROOT, SAMPLE_NOW, leftovers, run_build
from sitebuild import write_settings as project_settings

from lintas.plugins.photos.media import media_root
from lintas.settings import read_settings

from .scan import all_files

PROJECT_PLUGINS = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
# Articles copied from the sample portal: one with a photo (so the photo cache
# is exercised once plugins/photos is active), one without.
SAMPLE_ARTICLES = (
    "2016/09/pemkot-kotamobagu-bahas-persiapan-provinsi-bmr",
    "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis",
)
# Generous upper bound for a wait that normally lasts well under a second; it
# only keeps a broken build from hanging the suite.
WAIT_SECONDS = 120

SYNC_PLUGIN = '''
"""Test-only: hold the build after the first page is written until the test
says go (or signals), so a signal lands mid-build, deterministically."""
import time
from pathlib import Path
from pelican import signals

_sync = {}


def _initialized(pelican):
    _sync["dir"] = Path(pelican.settings["TEST_SYNC_DIR"])


def _written(path, context):
    if "held" in _sync:
        return
    _sync["held"] = True
    # Written whole, then renamed: the test never reads a half-written name.
    (_sync["dir"] / "ready.tmp").write_text(path)
    (_sync["dir"] / "ready.tmp").rename(_sync["dir"] / "ready")
    deadline = time.monotonic() + %(wait)d
    while not (_sync["dir"] / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def register():
    signals.initialized.connect(_initialized)
    signals.content_written.connect(_written)
'''

RAISING_PLUGIN = '''
"""Test-only: fail after every page has been written (the worst moment)."""
from pelican import signals


def _finalized(pelican):
    raise RuntimeError("ZQXPLUGINBOOM: the test plugin failed on purpose")


def register():
    signals.finalized.connect(_finalized)
'''

LOGGING_PLUGIN = '''
"""Test-only: log an ERROR and carry on, as Pelican does for files it skips."""
import logging
from pelican import signals

logger = logging.getLogger(__name__)


def _finalized(pelican):
    logger.error("ZQXLOGGEDERROR: something went wrong but the build went on")


def register():
    signals.finalized.connect(_finalized)
'''

UNREGISTRABLE_PLUGIN = '''
"""Test-only: register() raises; Pelican logs it and builds without the plugin."""


def register():
    raise ImportError("ZQXNOREGISTER: a dependency of this plugin is missing")
'''


# --- helpers ---------------------------------------------------------------------


def make_content(folder: Path) -> Path:
    content = folder / "content"
    for article in SAMPLE_ARTICLES:
        shutil.copytree(ROOT / "content" / "articles" / article, content / "articles" / article)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    return content


def write_settings(folder: Path, content: Path, **overrides) -> Path:
    """The project's settings; the build's lines are read in English here."""
    return project_settings(folder, content, MESSAGES_LANGUAGE="en", **overrides)


def plugin_settings(folder: Path, plugins: dict[str, str], **overrides) -> dict:
    """Overrides that add test-only plugins (name -> source) to the project's."""
    plugin_dir = folder / "test_plugins"
    for name, source in plugins.items():
        (plugin_dir / name).mkdir(parents=True, exist_ok=True)
        (plugin_dir / name / "__init__.py").write_text(source, encoding="utf-8")
    return {
        "PLUGIN_PATHS": [str(plugin_dir)],
        "PLUGINS": [*PROJECT_PLUGINS, *plugins],
        **overrides,
    }


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in all_files(folder)}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    """Content, settings and a published site to protect: built once, copied per test."""
    folder = tmp_path_factory.mktemp("publish")
    content = make_content(folder)
    settings = write_settings(folder, content, base="publishconf")
    result = run_build(settings, folder / "published")
    assert result.returncode == 0, result.log
    return {"folder": folder, "content": content, "published": result.output}


@pytest.fixture
def previous(site, tmp_path) -> Path:
    """A copy of the published site in this test's own folder."""
    output = tmp_path / "output"
    shutil.copytree(site["published"], output, symlinks=True)
    # The photo folder its media link points to (named after the published site).
    media = media_root(site["published"])
    shutil.copytree(media, tmp_path / media.name)
    return output


def assert_untouched(output: Path, before: dict[str, bytes]) -> None:
    assert snapshot(output) == before, "the previous output changed"
    assert leftovers(output) == [], leftovers(output)


# --- failures -------------------------------------------------------------------------


def test_exception_in_a_plugin_keeps_the_previous_output(site, previous, tmp_path):
    before = snapshot(previous)
    overrides = plugin_settings(tmp_path, {"boom": RAISING_PLUGIN})
    settings = write_settings(tmp_path, site["content"], base="publishconf", **overrides)
    result = run_build(settings, previous)
    assert result.returncode == 1, result.log
    # A bug, not a content problem: the traceback is shown, for whoever fixes it.
    assert "ZQXPLUGINBOOM" in result.stderr
    assert "Traceback" in result.stderr
    assert "the previous output is unchanged" in result.stderr
    assert_untouched(previous, before)


@pytest.mark.parametrize("base", ["publishconf", "pelicanconf"])
def test_an_error_pelican_logs_and_passes_over_fails_a_strict_build(base, site, previous, tmp_path):
    """Pelican logs some failures and carries on; a publish build must not."""
    before = snapshot(previous)
    overrides = plugin_settings(tmp_path, {"logs_error": LOGGING_PLUGIN})
    settings = write_settings(tmp_path, site["content"], base=base, **overrides)
    result = run_build(settings, previous)
    assert "ZQXLOGGEDERROR" in result.stderr
    if base == "publishconf":
        assert result.returncode == 1, result.log
        assert "logged during a strict build" in result.stderr
        assert_untouched(previous, before)
    else:  # a preview goes on, and says what a publish would do
        assert result.returncode == 0, result.log
        assert "a publish build would refuse this site" in result.stderr
        assert snapshot(previous) != before


def test_a_plugin_that_cannot_register_fails_a_strict_build(site, previous, tmp_path):
    """Pelican logs "Cannot register plugin" and builds without it: a site
    without, say, its search index must not be published."""
    before = snapshot(previous)
    overrides = plugin_settings(tmp_path, {"unregistrable": UNREGISTRABLE_PLUGIN})
    settings = write_settings(tmp_path, site["content"], base="publishconf", **overrides)
    result = run_build(settings, previous)
    assert result.returncode == 1, result.log
    assert "Cannot register plugin" in result.stderr
    assert_untouched(previous, before)


@pytest.mark.parametrize(
    "template",
    [
        "{% extends 'base.html' %}{% block content %}{% if %}{% endblock %}",  # syntax error
        "{% extends 'base.html' %}{% block content %}{{ article.title|no_such_filter }}"
        "{% endblock %}",
        "{% extends 'base.html' %}{% block content %}{{ article.no_such_thing.title }}"
        "{% endblock %}",
    ],
    ids=["syntax-error", "unknown-filter", "undefined-attribute"],
)
def test_a_broken_template_keeps_the_previous_output(template, site, previous, tmp_path):
    """Checked: Pelican 4.12 raises on template errors (it does not log and go
    on); an undefined attribute of an undefined value raises too."""
    before = snapshot(previous)
    overrides_dir = tmp_path / "templates"
    overrides_dir.mkdir()
    (overrides_dir / "article.html").write_text(template, encoding="utf-8")
    settings = write_settings(
        tmp_path,
        site["content"],
        base="publishconf",
        THEME_TEMPLATES_OVERRIDES=[str(overrides_dir)],
    )
    result = run_build(settings, previous)
    assert result.returncode == 1, result.log
    assert "the previous output is unchanged" in result.stderr
    assert_untouched(previous, before)


def _limit_file_size(limit: int):
    def apply() -> None:
        # Without this the kernel kills the process with SIGXFSZ; ignored, the
        # write fails with EFBIG, as it fails with ENOSPC on a full disk.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_write_error_keeps_the_previous_output(site, previous, tmp_path):
    """The kernel refuses to let any file grow past 4 KB: the first full page
    fails to write (EFBIG) halfway through the build."""
    before = snapshot(previous)
    settings = write_settings(tmp_path, site["content"], base="publishconf")
    proc = subprocess.run(
        [LINTAS, "build", "--settings", str(settings), "--output", str(previous)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=WAIT_SECONDS,
        env={**os.environ, "LINTAS_NOW": SAMPLE_NOW},
        preexec_fn=_limit_file_size(4096),
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "File too large" in proc.stderr
    assert "the previous output is unchanged" in proc.stderr
    assert_untouched(previous, before)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_mid_build_keeps_the_previous_output(sig, site, previous, tmp_path):
    before = snapshot(previous)
    sync = tmp_path / "sync"
    sync.mkdir()
    overrides = plugin_settings(
        tmp_path, {"hold": SYNC_PLUGIN % {"wait": WAIT_SECONDS}}, TEST_SYNC_DIR=str(sync)
    )
    settings = write_settings(tmp_path, site["content"], base="publishconf", **overrides)
    proc = subprocess.Popen(
        [LINTAS, "build", "--settings", str(settings), "--output", str(previous)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "LINTAS_NOW": SAMPLE_NOW},
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not (sync / "ready").exists() and proc.poll() is None:
            assert time.monotonic() < deadline, "the build never reached the first write"
            time.sleep(0.02)
        assert proc.poll() is None, proc.communicate()
        # The build is now inside Pelican's writer: a page is in staging.
        written = Path((sync / "ready").read_text())
        assert written.is_file() and ".staging-" in str(written)
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=WAIT_SECONDS)
    finally:
        (sync / "release").touch()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + sig, stdout + stderr
    assert f"build interrupted ({sig.name}); the previous output is unchanged" in stderr
    assert "Traceback" not in stderr
    assert not written.exists()
    assert_untouched(previous, before)


def test_a_build_already_running_is_not_disturbed(site, previous, tmp_path):
    before = snapshot(previous)
    settings = write_settings(tmp_path, site["content"], base="publishconf")
    with open(previous.with_name(f".{previous.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = run_build(settings, previous)
    assert result.returncode == 75  # EX_TEMPFAIL: try again later (the watcher does)
    assert "another build is writing" in result.stderr
    assert_untouched(previous, before)


def test_a_cache_inside_the_output_is_refused(site, previous, tmp_path):
    before = snapshot(previous)
    settings = write_settings(
        tmp_path, site["content"], base="publishconf", CACHE_PATH=str(previous / ".cache")
    )
    result = run_build(settings, previous)
    assert result.returncode == 1
    assert "would throw the cache away" in result.stderr
    assert_untouched(previous, before)


# --- success -------------------------------------------------------------------------


def test_publishing_replaces_the_output_whole_and_keeps_the_caches(site, previous, tmp_path):
    stale = previous / "2016" / "09" / "dihapus" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("an article deleted since the last publish", encoding="utf-8")
    leftover = previous.with_name(f".{previous.name}.staging-999999")
    (leftover / "half").mkdir(parents=True)  # what a SIGKILLed build leaves behind
    cache = tmp_path / "cache"
    settings = write_settings(tmp_path, site["content"], base="publishconf")
    photo_caches = [p for p in _cache_dirs(settings) if p != cache]
    sentinels = []
    for folder in [cache, *photo_caches]:
        folder.mkdir(parents=True, exist_ok=True)
        sentinel = folder / "ZQXSENTINEL"
        sentinel.write_text("kept", encoding="utf-8")
        sentinels.append(sentinel)
    result = run_build(settings, previous)
    assert result.returncode == 0, result.log
    assert not stale.exists(), "the output was merged into, not replaced"
    assert snapshot(previous) == snapshot(site["published"])
    # The previous output is deleted in the background once the new one is out.
    deadline = time.monotonic() + 30
    while leftovers(previous) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(previous) == []
    for sentinel in sentinels:
        assert sentinel.read_text(encoding="utf-8") == "kept"


def _cache_dirs(settings_file: Path) -> list[Path]:
    build = load_build_module()
    return build.cache_paths(read_settings(str(settings_file)))


def test_publish_settings_never_wipe_the_output_directory():
    for base in ("pelicanconf", "publishconf"):
        settings = read_settings(str(ROOT / f"{base}.py"))
        assert settings["DELETE_OUTPUT_DIRECTORY"] is False
        output = (ROOT / settings["OUTPUT_PATH"]).resolve()
        for cache in load_build_module().cache_paths(settings):
            assert output not in cache.parents, f"{cache} is inside {output}"


# --- the swap itself ------------------------------------------------------------------


def load_build_module():
    from lintas.cli import build

    return build


def test_the_swap_is_one_atomic_exchange(tmp_path):
    """A reader polling output/index.html while the site is swapped 300 times
    never finds it missing (with two renames it would, now and then)."""
    build = load_build_module()
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("0", encoding="utf-8")
    misses, stop = [], threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                (output / "index.html").read_text(encoding="utf-8")
            except FileNotFoundError:
                misses.append(1)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for number in range(1, 301):
            staging = tmp_path / f".output.staging-{number}"
            staging.mkdir()
            (staging / "index.html").write_text(str(number), encoding="utf-8")
            retired = tmp_path / f".output.retired-{number}"
            build.swap_in(staging, output, retired)
            # Exchanged, staging holds the previous site; with two renames, retired does.
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(retired, ignore_errors=True)
    finally:
        stop.set()
        thread.join()
    assert (output / "index.html").read_text(encoding="utf-8") == "300"
    assert misses == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_the_swap_falls_back_to_two_renames_where_exchange_is_missing(tmp_path, monkeypatch):
    build = load_build_module()
    monkeypatch.setattr(build, "_renameat2", None)  # as on a non-Linux system
    output, staging, retired = tmp_path / "output", tmp_path / "staging", tmp_path / "retired"
    output.mkdir()
    (output / "old").touch()
    staging.mkdir()
    (staging / "new").touch()
    build.swap_in(staging, output, retired)
    assert [p.name for p in output.iterdir()] == ["new"]
    assert [p.name for p in retired.iterdir()] == ["old"]
    assert not staging.exists()
