"""A story withdrawn by one line (``Withdrawn: <time> | <reason>``) is gone
within one publish, and a right of reply (``Hak-Jawab:``) shows above its story.

The sample portal is published and deployed (rsync to a folder, WebSub hub
stubbed on 127.0.0.1); then a live story with a photo gets a ``Withdrawn``
line and another story a ``Hak-Jawab`` line, and the same output folder is
published again (the incremental path a scheduled rebuild takes) and deployed.
Then: real nginx on deploy/nginx.conf answers the withdrawn URL with 410 and
the notice, the others with 200; no file of the site holds the story's title,
summary, text or photo (gzip members of the search index included, images
compared by pixels), its address only in the notice and the server's list;
the deploy pinged the hub (the feeds changed).
"""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from lxml import html as lxml_html
from sitebuild import ROOT, run_build, run_lintas, write_settings

from . import scan
from .serving import free_port, get, start_nginx, stop_nginx
from .test_leaks import Secret, _held_photo, _secret, secret_photo_findings

STORY = "2016/09/ratusan-guru-di-boltim-ikuti-pelatihan-kurikulum-2013"
REPLY_STORY = "2016/09/pesilat-kotamobagu-raih-dua-emas-di-kejuaraan-provinsi"
OTHER = "2016/09/rsud-kotamobagu-buka-layanan-hemodialisis"
REASON = "Atas putusan Dewan Pers, berita ini memuat data pribadi anak."
REPLY = "Pelatih menyatakan jadwal latihan yang diberitakan tidak benar."
WITHDRAWN_LINE = f"Withdrawn: 2016-09-30 10:00 | {REASON}\n"
REPLY_LINE = f"Hak-Jawab: 2016-09-20 10:00 | {REPLY}\n"
# A photo no other story has (the sample's own photos share their pictures).
UNIQUE_PHOTO = "zqxfotodicabut.jpg"


class _Hub(BaseHTTPRequestHandler):
    posts: ClassVar[list[str]] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        type(self).posts.append(self.rfile.read(length).decode())
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args):
        pass


def _add_header_line(index: Path, line: str) -> None:
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("\nCategory:", f"\n{line}Category:", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def takedown(tmp_path_factory):
    folder = tmp_path_factory.mktemp("takedown")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    bundle = content / "articles" / STORY
    _held_photo((800, 500), True).save(bundle / UNIQUE_PHOTO)
    with (bundle / "index.md").open("a", encoding="utf-8") as index:
        index.write(f"\n![Foto yang kemudian dicabut]({UNIQUE_PHOTO})\n")
    secret = _secret(bundle)
    hub = ThreadingHTTPServer(("127.0.0.1", free_port()), _Hub)
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    settings = write_settings(
        folder,
        content,
        base="publishconf",
        WEBSUB_HUB=f"http://127.0.0.1:{hub.server_port}/",
        DEPLOY_TARGET=str(folder / "www"),
        INCREMENTAL_CACHE_DIR=str(folder / "cache" / "incremental"),
        PHOTOS_CACHE_DIR=str(folder / "cache" / "photos"),
    )
    output = folder / "output"
    try:
        first = run_build(settings, output)
        assert first.returncode == 0, first.log
        before = (output / STORY / "index.html").read_text(encoding="utf-8")
        unique = Secret(bundle, [], [bundle / UNIQUE_PHOTO])
        assert secret_photo_findings(output, unique), "the photo was published at first"
        deployed = run_lintas("deploy", "--settings", settings, "--output", output)
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        _Hub.posts.clear()

        _add_header_line(content / "articles" / STORY / "index.md", WITHDRAWN_LINE)
        _add_header_line(content / "articles" / REPLY_STORY / "index.md", REPLY_LINE)
        second = run_build(settings, output)
        assert second.returncode == 0, second.log
        redeployed = run_lintas("deploy", "--settings", settings, "--output", output)
        assert redeployed.returncode == 0, redeployed.stdout + redeployed.stderr
        yield output, secret, before, redeployed.stdout, list(_Hub.posts)
    finally:
        hub.shutdown()


def test_the_story_was_live_before(takedown):
    """Power of the checks below: the first publish showed the story and its photo."""
    _output, secret, before, _log, _posts = takedown
    assert secret.needles[0] in before  # the title
    assert any(p.stem in before for p in secret.photos)


def test_nginx_answers_410_with_the_notice_and_200_for_the_rest(takedown, tmp_path):
    output = takedown[0]
    server = start_nginx(tmp_path / "nginx", output, free_port())
    try:
        for path in (f"/{STORY}/", f"/{STORY}", f"/{STORY}/index.html"):
            status, headers, body = get(server, path)
            assert status == 410, path
            assert headers["content-type"].startswith("text/html")
            page = lxml_html.fromstring(body)
            assert "Berita dicabut" in page.xpath("string(//h1)")
            assert REASON in page.text_content()
            assert "30 September 2016 · 10.00 WITA" in page.text_content()
            assert page.xpath('//meta[@name="robots"]/@content') == ["noindex"]
        for path in (f"/{OTHER}/", f"/{REPLY_STORY}/", "/", "/feed/rss.xml", "/sitemap.xml"):
            assert get(server, path)[0] == 200, path
        assert get(server, "/_withdrawn/nginx/gone.map")[0] == 404
        assert get(server, "/2016/09/tidak-ada/")[0] == 404
    finally:
        stop_nginx(server)


def test_nothing_of_the_story_is_left_but_the_notice(takedown):
    output, secret, _before, _log, _posts = takedown
    slug = Path(STORY).name
    words = [n for n in secret.needles if n != slug]  # title, summary, markers, photo stems
    body = (ROOT / "content/articles" / STORY / "index.md").read_text(encoding="utf-8")
    words.append(body.split("\n\n")[1].split(".")[0])  # the first sentence of the text
    found, holding_slug = [], set()
    for path in scan.all_files(output):
        relative = path.relative_to(output).as_posix()
        data = scan.read_bytes(path).lower()
        found += [f"{relative}: {w!r}" for w in words if w.lower().encode() in data]
        if slug.encode() in data or slug in relative:
            holding_slug.add(relative)
    assert found == []
    # Its address: only the notice itself and the web server's list of withdrawn paths.
    assert holding_slug == {
        f"{STORY}/index.html",
        "_withdrawn/nginx/gone.map",
        "_withdrawn/withdrawn.txt",
    }
    assert (
        secret_photo_findings(output, Secret(secret.bundle, [], [secret.bundle / UNIQUE_PHOTO]))
        == []
    )


def test_the_search_feeds_and_sitemaps_were_searched(takedown):
    """Power of the scan above: another story of the same build is found in
    the places the withdrawn one left."""
    output = takedown[0]
    marker = Path(OTHER).name.encode()
    holders = {
        p.relative_to(output).as_posix()
        for p in scan.all_files(output)
        if marker in scan.read_bytes(p).lower()
    }
    assert any(h.startswith("feed/") for h in holders)
    assert any(h.startswith("sitemap-") for h in holders)
    assert any(h.endswith(".pf_fragment") for h in holders)


def test_the_deploy_pinged_the_websub_hub(takedown):
    _output, _secret, _before, log, posts = takedown
    assert "no feed changed" not in log
    assert posts and all("hub.mode=publish" in p for p in posts)


def test_the_right_of_reply_shows_above_the_story_with_its_time(takedown):
    output = takedown[0]
    page = lxml_html.fromstring((output / REPLY_STORY / "index.html").read_bytes())
    (box,) = page.xpath('//aside[contains(@class, "corrections--reply")]')
    assert box.xpath("string(.//h2)") == "Hak jawab"
    assert REPLY in box.text_content()
    assert box.xpath(".//time/@datetime") == ["2016-09-20T10:00:00+08:00"]
    body = page.xpath('//div[@class="story__body"]')[0]
    assert box.getparent() is body.getparent()
    siblings = list(body.getparent())
    assert siblings.index(box) < siblings.index(body)
