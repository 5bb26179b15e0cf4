"""A publish that one mistake cannot block (lintas.core.holdback).

A sample portal is published once (the last-good store fills); then a good
new story, a bad new story (with a photo) and a bad edit of a live story
(its photo deleted, a marker word added) are published together, with the
alert pointed at an HTTP server on 127.0.0.1. The result is looked at the
way readers see it: real nginx (deploy/nginx.conf), Debian's chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from PIL import Image
from sitebuild import ROOT, all_files, run_build, run_lintas, write_settings

from . import scan
from .serving import free_port, start_nginx, stop_nginx

LIVE = "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis"
OTHER = "2016/09/pemkot-kotamobagu-bahas-persiapan-provinsi-bmr"
LIVE_PHOTO = "danau-subuh.jpg"
HELD_STATUS = 3

GOOD_NEW = """\
Title: Pasar Senggol Kotamobagu Ramai Jelang Idul Adha
Date: 2016-09-10 08:00
Category: Ekonomi
Author: Sitti Paputungan

Pasar Senggol di pusat Kotamobagu ramai pengunjung sejak pagi.
"""
GOOD_TITLE = "Pasar Senggol Kotamobagu Ramai Jelang Idul Adha"
BAD_NEW = """\
Title: Bupati Tinjau Jalan Rusak ZQXHELDTITLE
Date: 2016-09-11 08:00
Category: Pemerintahan
Author: Penulis Tak Dikenal
Summary: ZQXHELDSUMMARY ringkasan berita yang tertahan.

Isi berita ZQXHELDBODY yang belum boleh terbit.

![Jalan berlubang di Lolak](zqxheldphoto.jpg "Jalan rusak")
"""
BAD_NEW_AUTHOR_LINE = 4
BAD_EDIT_MARKER = "ZQXBADEDIT"


class _AlertReceiver(BaseHTTPRequestHandler):
    received: ClassVar[list] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args):  # the base class's signature
        pass


@pytest.fixture(scope="module")
def alert_server():
    handler = type("Receiver", (_AlertReceiver,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", handler.received
    server.shutdown()
    server.server_close()


def _photo(path: Path, colour: str) -> None:
    Image.new("RGB", (640, 400), colour).save(path, "JPEG", quality=85)


@pytest.fixture(scope="module")
def held(tmp_path_factory, alert_server):
    """Published once clean, then once with one good and two bad changes."""
    folder = tmp_path_factory.mktemp("holdback")
    content = folder / "content"
    for article in (LIVE, OTHER):
        shutil.copytree(ROOT / "content" / "articles" / article, content / "articles" / article)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    port = free_port()
    url, received = alert_server
    command_log = folder / "alert-command.json"
    settings = write_settings(
        folder,
        content,
        base="publishconf",
        MESSAGES_LANGUAGE="en",  # what the command prints and the report are read in English
        SITEURL=f"http://127.0.0.1:{port}",
        NEWSROOM_ALERT_URL=url,
        NEWSROOM_ALERT_COMMAND=[
            sys.executable,
            "-c",
            f"import sys, shutil; shutil.copyfileobj(sys.stdin, open({str(command_log)!r}, 'w'))",
        ],
    )
    output = folder / "output"
    first = run_build(settings, output)
    assert first.returncode == 0, first.log
    assert not received, "a clean publish sent an alert"
    before_live = (output / LIVE / "index.html").read_text(encoding="utf-8")

    articles = content / "articles" / "2016" / "09"
    (articles / "pasar-senggol-ramai").mkdir()
    (articles / "pasar-senggol-ramai" / "index.md").write_text(GOOD_NEW, encoding="utf-8")
    bad = articles / "bupati-tinjau-jalan-rusak"
    bad.mkdir()
    (bad / "index.md").write_text(BAD_NEW, encoding="utf-8")
    _photo(bad / "zqxheldphoto.jpg", "purple")
    live = content / "articles" / LIVE
    (live / LIVE_PHOTO).unlink()  # the edit deletes a photo the text still shows
    text = (live / "index.md").read_text(encoding="utf-8")
    (live / "index.md").write_text(text + f"\n{BAD_EDIT_MARKER} paragraf baru.\n", "utf-8")

    second = run_build(settings, output)
    return {
        "folder": folder,
        "content": content,
        "settings": settings,
        "result": second,
        "port": port,
        "received": received,
        "command_log": command_log,
        "before_live": before_live,
    }


def test_the_publish_exits_with_the_held_back_status(held):
    result = held["result"]
    assert result.returncode == HELD_STATUS, result.log
    assert "Traceback" not in result.log
    assert "nothing was published" not in result.log
    # The problems, as path:line, in what the command prints.
    assert f"bupati-tinjau-jalan-rusak/index.md:{BAD_NEW_AUTHOR_LINE}: unknown author" in (
        result.stderr
    )
    assert f"{LIVE_PHOTO}' does not exist" in result.stderr


def test_the_report_says_what_was_held_and_why(held):
    output = held["result"].output
    report = json.loads((output.parent / ".output.held-back.json").read_text("utf-8"))
    by_source = {Path(h["source"]).parent.name: h for h in report["held"]}
    assert set(by_source) == {"bupati-tinjau-jalan-rusak", Path(LIVE).name}
    new = by_source["bupati-tinjau-jalan-rusak"]
    assert new["outcome"] == "held-back" and new["kept_version"] is None
    assert new["problems"][0]["line"] == BAD_NEW_AUTHOR_LINE
    edit = by_source[Path(LIVE).name]
    assert edit["outcome"] == "kept-previous-version"
    assert ".terbit" in edit["kept_version"]
    text = (output.parent / ".output.held-back.txt").read_text("utf-8")
    assert "the last good version stays online" in text


def test_the_alert_is_posted_and_run(held):
    assert len(held["received"]) == 1
    content_type, body = held["received"][0]
    assert content_type == "application/json"
    assert {Path(h["source"]).parent.name for h in body["held"]} == {
        "bupati-tinjau-jalan-rusak",
        Path(LIVE).name,
    }
    from_command = json.loads(held["command_log"].read_text("utf-8"))
    assert from_command == body


def test_lintas_alert_sends_the_last_report_again(held):
    """What `make deploy` runs after deploying a publish that held stories back."""
    before = len(held["received"])
    done = run_lintas("alert", "--settings", held["settings"], "--output", held["result"].output)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(held["received"]) == before + 1
    assert held["received"][-1][1] == held["received"][0][1]


def test_readers_see_the_good_story_and_the_last_good_version(held, browser, tmp_path):
    output = held["result"].output
    server = start_nginx(tmp_path / "nginx", output, held["port"])
    try:
        page = browser.new_page()
        page.goto(f"{server.base}/")
        home = page.inner_text("body")
        assert GOOD_TITLE in home
        assert "ZQXHELD" not in home and "Bupati Tinjau Jalan Rusak" not in home
        response = page.goto(f"{server.base}/2016/09/bupati-tinjau-jalan-rusak/")
        assert response.status == 404
        response = page.goto(f"{server.base}/{LIVE}/")
        assert response.status == 200
        assert "Hemodialisis" in page.inner_text("h1")
        assert BAD_EDIT_MARKER not in page.content()
        # The last good version's lead photo, kept in the store, is shown and loads.
        lead = page.locator(".lead-photo img")
        assert lead.count() == 1
        assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", lead.element_handle())
        page.close()
    finally:
        stop_nginx(server)
    # The story itself is the one published before, byte for byte (the menu
    # around it gained the new story's section).
    after = (output / LIVE / "index.html").read_text("utf-8")
    assert _story(after) == _story(held["before_live"])


def _story(html: str) -> str:
    start = html.index('<article class="story')
    return html[start : html.index("</article>", start)]


def test_the_store_keeps_the_last_published_version(held):
    store = held["content"] / ".terbit" / "articles" / LIVE
    assert (store / LIVE_PHOTO).is_file()
    assert BAD_EDIT_MARKER not in (store / "index.md").read_text("utf-8")
    assert not (held["content"] / ".terbit" / "articles/2016/09/bupati-tinjau-jalan-rusak").exists()
    assert (held["content"] / ".terbit/articles/2016/09/pasar-senggol-ramai/index.md").is_file()


def test_no_trace_of_the_held_versions_in_the_output(held):
    output = held["result"].output
    for path in all_files(output):
        data = scan.read_bytes(path).lower()
        for needle in ("zqxheld", BAD_EDIT_MARKER.lower(), "bupati-tinjau-jalan-rusak"):
            assert needle.encode() not in data, f"{path} holds {needle}"


def test_fixing_the_edit_publishes_it_and_clears_the_report(held, tmp_path):
    """Runs last (it changes the fixture's content): fixed stories go out, exit 0."""
    content = held["content"]
    bad = content / "articles" / "2016" / "09" / "bupati-tinjau-jalan-rusak" / "index.md"
    bad.write_text(bad.read_text("utf-8").replace("Penulis Tak Dikenal", "Yusuf Mamonto"), "utf-8")
    shutil.copy(ROOT / "content" / "articles" / LIVE / LIVE_PHOTO, content / "articles" / LIVE)
    received = len(held["received"])
    result = run_build(held["settings"], held["result"].output)
    assert result.returncode == 0, result.log
    output = result.output
    assert not (output.parent / ".output.held-back.json").exists()
    assert BAD_EDIT_MARKER in (output / LIVE / "index.html").read_text("utf-8")
    assert (output / "2016/09/bupati-tinjau-jalan-rusak/index.html").is_file()
    assert len(held["received"]) == received
    store = content / ".terbit" / "articles" / LIVE / "index.md"
    assert BAD_EDIT_MARKER in store.read_text("utf-8")


def test_a_site_fault_still_refuses_the_whole_publish(tmp_path):
    """A broken template with a held-back story: exit 1, the store and the
    output untouched, no report."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "articles" / OTHER, content / "articles" / OTHER)
    (content / "pages").mkdir()
    bad = content / "articles" / "2016" / "09" / "rusak"
    bad.mkdir(parents=True)
    (bad / "index.md").write_text(BAD_NEW.replace("![", "x ["), encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "article.html").write_text("{% extends 'base.html' %}{% if %}", "utf-8")
    settings = write_settings(
        tmp_path, content, base="publishconf", THEME_TEMPLATES_OVERRIDES=[str(templates)]
    )
    result = run_build(settings, tmp_path / "output")
    assert result.returncode == 1, result.log
    assert not (tmp_path / "output").exists()
    assert not (content / ".terbit").exists()
    assert not (tmp_path / ".output.held-back.json").exists()


def test_a_preview_build_leaves_bad_stories_out_and_exits_0(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "articles" / OTHER, content / "articles" / OTHER)
    (content / "pages").mkdir()
    bad = content / "articles" / "2016" / "09" / "rusak"
    bad.mkdir(parents=True)
    (bad / "index.md").write_text(BAD_NEW.replace("![", "x ["), encoding="utf-8")
    settings = write_settings(tmp_path, content)
    result = run_build(settings, tmp_path / "output")
    assert result.returncode == 0, result.log
    assert not (content / ".terbit").exists()
    assert not (tmp_path / "output" / "2016/09/rusak").exists()
    assert os.listdir(tmp_path / "output")


def test_the_report_is_json_and_in_the_messages_language(tmp_path):
    """A problem's message is a msg() (lintas.core.messages): the report holds
    its text, rendered in MESSAGES_LANGUAGE (Indonesian by default), never the
    object (json.dumps refused it, and the publish failed after the swap)."""
    from lintas.core import holdback, messages
    from lintas.core.messages import msg
    from lintas.core.problems import Problem

    problem = Problem(
        "content/articles/x/index.md",
        BAD_NEW_AUTHOR_LINE,
        msg("unknown author '%(name)s'", name="Penulis Tak Dikenal"),
        msg("add the reporter as a file in content/authors/ (see the guide)"),
    )
    record = holdback.HoldRecord(strict=True, problems=[problem])
    output = tmp_path / "output"
    try:
        messages.set_language("id")
        holdback.write_report(holdback.report(record, {"SITENAME": "Uji"}, output), output)
    finally:
        messages.set_language(messages.DEFAULT_LANGUAGE)
    report_json, report_text = holdback.report_paths(output)
    data = json.loads(report_json.read_text("utf-8"))
    assert data["summary"] == "1 berkas ditahan; semua yang lain sudah terbit"
    (entry,) = data["held"][0]["problems"]
    assert entry["message"] == "penulis 'Penulis Tak Dikenal' tidak dikenal"
    assert entry["text"] == problem.render("id")
    text = report_text.read_text("utf-8")
    assert "content/articles/x/index.md: ditahan: tidak diterbitkan" in text


def test_the_store_follows_what_each_publish_shows(tmp_path):
    """lintas.core.holdback.update_store, publish after publish: a photo the story
    stops showing leaves its entry, a story no longer published leaves the store
    (and the folders it alone used), an unchanged story's entry is not rewritten."""
    from lintas.core.holdback import HoldRecord, Published, update_store

    content = tmp_path / "content"
    story = content / "articles" / "2016" / "09" / "pasar"
    story.mkdir(parents=True)
    (story / "index.md").write_text("Title: Pasar\n\n![a](a.jpg)\n![b](b.jpg)\n")
    for name in ("a.jpg", "b.jpg"):
        (story / name).write_bytes(name.encode())
    settings = {"PATH": str(content), "NEWSROOM_LAST_GOOD_DIR": ".terbit"}
    entry = content / ".terbit" / "articles" / "2016" / "09" / "pasar"

    def publish(*photos: str) -> dict[str, int]:
        published = [Published(str(story / "index.md"), photos)] if photos else []
        return update_store(settings, HoldRecord(strict=True, published=published))

    assert publish("a.jpg", "b.jpg") == {"written": 1, "removed": 0}
    assert sorted(p.name for p in entry.iterdir()) == ["a.jpg", "b.jpg", "index.md"]
    stamp = (entry / "index.md").stat().st_mtime_ns
    assert publish("a.jpg", "b.jpg") == {"written": 0, "removed": 0}
    assert (entry / "index.md").stat().st_mtime_ns == stamp

    (story / "index.md").write_text("Title: Pasar\n\n![a](a.jpg)\n")
    assert publish("a.jpg") == {"written": 1, "removed": 0}
    assert sorted(p.name for p in entry.iterdir()) == ["a.jpg", "index.md"]

    assert publish() == {"written": 0, "removed": 1}
    assert not (content / ".terbit" / "articles").exists()
