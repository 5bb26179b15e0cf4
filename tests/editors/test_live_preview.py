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
from sitebuild import PYTHON, ROOT, SAMPLE_NOW, all_files, write_settings

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
