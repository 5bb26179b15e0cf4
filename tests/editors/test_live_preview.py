"""`make serve`: the open page reloads on save and shows a problem on the page.

scripts/serve.py runs as editors run it (a subprocess on a free port), on a
temporary content tree, with Debian's chromium looking at a page.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from sitebuild import LINTAS, PYTHON, ROOT, SAMPLE_NOW, all_files, write_settings

from lintas.cli import serve
from lintas.settings import read_settings

# Generous: the first build spawns a fresh interpreter; CI machines are slow.
START_TIMEOUT_S = 90
RELOAD_TIMEOUT_MS = 60_000

ARTICLE = """\
Title: {title}
Date: {date}
Category: Ekonomi
Tags: pasar, harga
Author: Sitti Paputungan

Harga cabai rawit di Pasar Serasi Kotamobagu turun sejak awal pekan.
"""
OLD_TITLE = "Harga Cabai di Pasar Serasi Mulai Turun"
NEW_TITLE = "Harga Cabai Rawit di Pasar Serasi Turun Rp10 Ribu"
GOOD_DATE = "2016-09-05 09:00"
BAD_DATE = "kemarin sore"
DATE_LINE = 2  # line of `Date:` in ARTICLE
ARTICLE_PATH = "/2016/09/harga-cabai-turun/"
SCRIPTS_ARE_EXTERNAL = """Array.from(document.scripts)
    .filter(s => ["", "text/javascript", "module"].includes(s.type))
    .every(s => s.src && !s.text.trim())"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_content(folder: Path) -> Path:
    content = folder / "content"
    bundle = content / "articles" / "harga-cabai-turun"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(
        ARTICLE.format(title=OLD_TITLE, date=GOOD_DATE), encoding="utf-8"
    )
    other = content / "articles" / "sekolah-baru-di-lolak"
    other.mkdir()
    (other / "index.md").write_text(
        ARTICLE.format(title="Sekolah Baru di Lolak", date="2016-09-04 08:00"),
        encoding="utf-8",
    )
    (content / "pages").mkdir()
    return content


def state(base_url: str) -> dict:
    with urllib.request.urlopen(f"{base_url}/_pratinjau/state", timeout=5) as response:
        return json.load(response)


@pytest.fixture
def preview(tmp_path):
    """A running scripts/serve.py on a temporary content tree."""
    content = make_content(tmp_path)
    settings = write_settings(tmp_path, ROOT / "content")  # --content must win over PATH
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "lintas",
                "serve",
                "--settings",
                str(settings),
                "--content",
                str(content),
                "--output",
                str(tmp_path / "output"),
                "--port",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "LINTAS_NOW": SAMPLE_NOW},
            cwd=ROOT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert process.poll() is None, log_path.read_text(encoding="utf-8")
            try:
                if state(base_url)["build"]:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log_path.read_text(encoding="utf-8")
            time.sleep(0.2)
        yield {"url": base_url, "content": content, "log": log_path, "settings": settings}
    finally:
        process.terminate()
        process.wait(timeout=60)


@pytest.mark.browser
def test_page_reloads_on_save_and_shows_problems(preview, browser):
    index = preview["content"] / "articles" / "harga-cabai-turun" / "index.md"
    page = browser.new_page()
    page.goto(preview["url"] + ARTICLE_PATH)
    assert page.inner_text("h1") == OLD_TITLE
    # The reload script is an external file: a CSP forbids inline scripts
    # (JSON-LD data blocks are not scripts that run).
    assert page.evaluate(SCRIPTS_ARE_EXTERNAL)
    assert page.locator("script[src$='/_pratinjau/live.js']").count() == 1
    assert page.locator("#live-banner").count() == 0
    page.evaluate("window.notReloadedYet = true")

    index.write_text(ARTICLE.format(title=NEW_TITLE, date=GOOD_DATE), encoding="utf-8")
    page.wait_for_function(
        "title => document.querySelector('h1')?.textContent === title",
        arg=NEW_TITLE,
        timeout=RELOAD_TIMEOUT_MS,
    )
    assert page.evaluate("window.notReloadedYet") is None  # a real reload, not a patch

    index.write_text(ARTICLE.format(title=NEW_TITLE, date=BAD_DATE), encoding="utf-8")
    banner = page.locator("#live-banner")
    banner.wait_for(timeout=RELOAD_TIMEOUT_MS)
    where = f"{index}:{DATE_LINE}:"
    text = banner.inner_text()
    assert where in text, text
    assert f"Date '{BAD_DATE}' bukan tanggal" in text  # MESSAGES_LANGUAGE: id
    # The article is left out of the preview: the page the editor had open is
    # now the preview's 404 page, which keeps watching.
    assert page.locator("h1").inner_text() != NEW_TITLE
    log = preview["log"].read_text(encoding="utf-8")
    assert where in log  # the terminal says the same

    index.write_text(ARTICLE.format(title=NEW_TITLE, date=GOOD_DATE), encoding="utf-8")
    page.wait_for_function(
        "title => document.querySelector('h1')?.textContent === title",
        arg=NEW_TITLE,
        timeout=RELOAD_TIMEOUT_MS,
    )
    assert banner.count() == 0
    page.close()


@pytest.mark.browser
def test_failed_rebuild_keeps_the_last_good_build_and_says_why(preview, browser):
    page = browser.new_page()
    page.goto(preview["url"] + ARTICLE_PATH)
    before = state(preview["url"])["build"]
    settings = preview["settings"]
    good = settings.read_text(encoding="utf-8")
    settings.write_text(good + "DEFAULT_PAGINATION = (\n", encoding="utf-8")  # a typo
    banner = page.locator("#live-banner")
    banner.wait_for(timeout=RELOAD_TIMEOUT_MS)
    assert "SyntaxError" in banner.inner_text()
    assert state(preview["url"])["build"] == before
    assert page.inner_text("h1") == OLD_TITLE  # still the last good build

    # Putting the settings back restores exactly the inputs of the last good
    # build: the incremental build may skip as up to date (same build id), or
    # rebuild (page reloads). Either way the error banner must go away.
    settings.write_text(good, encoding="utf-8")
    banner.wait_for(state="detached", timeout=RELOAD_TIMEOUT_MS)
    assert state(preview["url"])["error"] is None
    assert page.inner_text("h1") == OLD_TITLE
    page.close()


def test_plain_dev_builds_carry_no_reload_script(sample_output):
    pages = [p for p in all_files(sample_output) if p.suffix == ".html"]
    assert pages
    assert not any("_pratinjau" in p.read_text(encoding="utf-8") for p in pages)
    assert not (sample_output / "_pratinjau").exists()


def test_only_the_preview_server_loads_the_plugin():
    dev = read_settings(str(ROOT / "pelicanconf.py"))
    publish = read_settings(str(ROOT / "publishconf.py"))
    assert serve.PLUGIN not in dev["PLUGINS"]
    assert serve.PLUGIN not in publish["PLUGINS"]
    assert (
        serve.PLUGIN
        in read_settings(str(ROOT / "pelicanconf.py"), {"PLUGINS": [serve.PLUGIN]})["PLUGINS"]
    )


def test_server_binds_localhost_8000_by_default():
    args = serve.argument_parser().parse_args([])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


# --- drafts, embargoes, the desk; a publish while the preview runs -------------------

DRAFT = """\
Title: {title}
Category: Pemerintahan
Author: Rahmat Mokodompit
Status: draft

Catatan redaksi: tunggu konfirmasi Dinas Perhubungan sebelum terbit.
"""
EMBARGO = """\
Title: {title}
Date: 2016-12-08 14:00
Category: Pemerintahan
Author: Sitti Paputungan

Hasil seleksi diumumkan Kamis siang.
"""
DRAFT_TITLE = "Rencana Terminal Tipe B di Kotamobagu"
EMBARGO_TITLE = "Hasil Seleksi CPNS Bolmut Diumumkan"


def add_story(content: Path, slug: str, text: str) -> Path:
    bundle = content / "articles" / slug
    bundle.mkdir(parents=True)
    index = bundle / "index.md"
    index.write_text(text, encoding="utf-8")
    return index


@pytest.mark.browser
def test_drafts_and_embargoes_are_previewed_marked_and_on_the_desk(preview, browser):
    page = browser.new_page()
    page.goto(preview["url"] + ARTICLE_PATH)
    add_story(preview["content"], "rencana-terminal", DRAFT.format(title=DRAFT_TITLE))
    add_story(preview["content"], "hasil-seleksi-cpns", EMBARGO.format(title=EMBARGO_TITLE))
    page.wait_for_function(
        "() => !document.querySelector('#live-banner')", timeout=RELOAD_TIMEOUT_MS
    )
    desk_url = preview["url"] + "/_pratinjau/meja/"
    deadline = time.monotonic() + RELOAD_TIMEOUT_MS / 1000
    while True:  # the rebuild that picks the new files up
        page.goto(desk_url)
        if page.locator(f"text={EMBARGO_TITLE}").count():
            break
        assert time.monotonic() < deadline, page.content()
        time.sleep(0.5)
    drafts = page.locator("#draf .desk__item")
    embargoed = page.locator("#embargo .desk__item")
    assert DRAFT_TITLE in drafts.inner_text()
    assert "belum bertanggal" in drafts.inner_text()  # dated when it is released
    assert EMBARGO_TITLE in embargoed.inner_text()
    assert "terbit Kamis, 8 Desember 2016 · 14.00 WITA" in embargoed.inner_text()
    assert page.locator('meta[name="robots"][content="noindex, nofollow"]').count() == 1

    page.locator("#embargo a", has_text=EMBARGO_TITLE).click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == EMBARGO_TITLE
    marker = page.locator(".preview-marker")
    assert marker.is_visible()
    assert marker.inner_text().startswith("EMBARGO — terbit Kamis, 8 Desember 2016 · 14.00 WITA")
    assert "/2016/12/hasil-seleksi-cpns/" in page.url

    page.goto(desk_url)
    page.locator("#draf a", has_text=DRAFT_TITLE).click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == DRAFT_TITLE
    assert page.locator(".preview-marker").inner_text().startswith("DRAF")
    # Not on the reader's lists: the front page has neither.
    page.goto(preview["url"] + "/")
    body = page.inner_text("body")
    assert DRAFT_TITLE not in body and EMBARGO_TITLE not in body
    page.close()


@pytest.mark.browser
def test_a_publish_while_the_preview_runs_leaves_it_working_and_reloading(
    preview, browser, tmp_path
):
    """`make publish` (lintas build --publish into output/) while `lintas serve`
    is up: they share no folder and no lock; the preview keeps serving its own
    build (drafts included) and still reloads on the next save."""
    index = preview["content"] / "articles" / "harga-cabai-turun" / "index.md"
    page = browser.new_page()
    page.goto(preview["url"] + ARTICLE_PATH)
    before = state(preview["url"])["build"]
    publish_settings = write_settings(tmp_path, preview["content"], base="publishconf")
    published = tmp_path / "published"  # the fixture's preview is tmp_path/output
    # The editor saves while the publish runs.
    publishing = subprocess.Popen(
        [
            LINTAS,
            "build",
            "--publish",
            "--settings",
            str(publish_settings),
            "--output",
            str(published),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "LINTAS_NOW": SAMPLE_NOW},
        cwd=ROOT,
    )
    index.write_text(ARTICLE.format(title=NEW_TITLE, date=GOOD_DATE), encoding="utf-8")
    log, _ = publishing.communicate(timeout=600)
    assert publishing.returncode == 0, log
    page.wait_for_function(
        "title => document.querySelector('h1')?.textContent === title",
        arg=NEW_TITLE,
        timeout=RELOAD_TIMEOUT_MS,
    )
    current = state(preview["url"])
    assert current["build"] != before and current["error"] is None
    assert page.locator("#live-banner").count() == 0
    # The publish has its own site: no preview script, no desk.
    assert (published / "index.html").is_file()
    assert not (published / "_pratinjau").exists()
    # And the preview is still live: one more save reloads the page again.
    index.write_text(ARTICLE.format(title=OLD_TITLE, date=GOOD_DATE), encoding="utf-8")
    page.wait_for_function(
        "title => document.querySelector('h1')?.textContent === title",
        arg=OLD_TITLE,
        timeout=RELOAD_TIMEOUT_MS,
    )
    page.close()


def test_a_rebuild_that_meets_the_lock_is_retried_and_says_so(preview):
    """Another build holding the preview's output lock: the rebuild fails, the
    state says which build is shown and that a retry comes; once the lock is
    free the retry builds, with no further save."""
    import fcntl

    index = preview["content"] / "articles" / "harga-cabai-turun" / "index.md"
    output = preview["log"].parent / "output"
    before = state(preview["url"])
    assert before["built_at"] and before["retry_in_s"] is None
    with open(output.with_name(".output.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        index.write_text(ARTICLE.format(title=NEW_TITLE, date=GOOD_DATE), encoding="utf-8")
        deadline = time.monotonic() + 60
        while not (current := state(preview["url"]))["error"]:
            assert time.monotonic() < deadline, preview["log"].read_text(encoding="utf-8")
            time.sleep(0.2)
        assert "pembangunan lain sedang menulis" in current["error"]  # MESSAGES_LANGUAGE: id
        assert current["retry_in_s"] is not None  # a retry is scheduled
        assert current["build"] == before["build"]  # still the last good build
        assert current["built_at"] == before["built_at"]
    deadline = time.monotonic() + 90
    while (current := state(preview["url"]))["build"] == before["build"]:
        assert time.monotonic() < deadline, preview["log"].read_text(encoding="utf-8")
        time.sleep(0.3)
    assert current["error"] is None and current["retry_in_s"] is None
    log = preview["log"].read_text(encoding="utf-8")
    assert "mencoba lagi dalam" in log  # the terminal says it retries (Indonesian)


def test_the_preview_has_its_own_folder_by_default():
    assert serve.argument_parser().parse_args([]).output == Path(".cache/preview")
